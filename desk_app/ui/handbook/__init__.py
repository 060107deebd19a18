"""The handbook at the desk: the F1 panel beside the form and the Hỏi đáp (Ctrl+H) dialog."""
