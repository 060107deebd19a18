"""Print preview and printing that paint the pages of the reportlab PDF (one renderer)."""
