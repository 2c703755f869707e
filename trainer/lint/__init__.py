"""Authoring checks for scenarios: every finding has a stable SCN code and a file:line:column."""

from trainer.lint.codes import CODES
from trainer.lint.runner import lint

__all__ = ["CODES", "lint"]
