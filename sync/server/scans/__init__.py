"""Scanned papers at the city (issue 12): the store, uploads in progress, which dossier names which scan."""
