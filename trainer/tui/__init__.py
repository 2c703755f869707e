"""The Textual app: library, call, scorecard and history screens."""
