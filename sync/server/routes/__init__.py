"""The server's HTTP routes, one module per audience: desks (sync), citizens (lookup)."""
