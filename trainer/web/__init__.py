"""The app in a web browser (textual-serve)."""
