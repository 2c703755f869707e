"""Per-language data for replies understood at every node (repeat, goodbye, rude)."""
