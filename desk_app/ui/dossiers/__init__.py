"""The dossier list and the dossier detail with its legal actions."""
