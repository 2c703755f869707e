"""Test suite of the sales-call trainer (a package, so tests/scoring never shadows `scoring`)."""
