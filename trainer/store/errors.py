"""The store's error type: a database the trainer cannot use, said in words a user understands."""

from __future__ import annotations

from trainer.diagnostics import TrainerError


class StoreError(TrainerError):
    """The attempts database is missing, damaged, foreign, too new or unreachable."""


def first_line(exc: BaseException) -> str:
    """The driver's own message, first line only (SQLAlchemy appends SQL and a help link)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
