"""The store's error type: a database the trainer cannot use, said in words a user understands."""

from __future__ import annotations

from trainer.diagnostics import TrainerError


class StoreError(TrainerError):
    """The attempts database is missing, damaged, foreign, too new or unreachable."""


class DamagedRecord(StoreError):
    """One attempt in the database is damaged (a bad date, a text total, broken JSON): it can
    be neither shown nor exported, while the others can."""


def first_line(exc: BaseException) -> str:
    """The driver's own message, first line only (SQLAlchemy appends SQL and a help link)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def explained(message: str, sqlite_file: bool) -> str:
    """A driver's message with what it means for the user's file."""
    if "not a database" in message or "malformed" in message:
        return message + " (the file is damaged or not a sales-trainer database; left untouched)"
    if "readonly" in message or "read-only" in message:
        return message + " (the database can be read but not written)"
    if "unable to open" in message and sqlite_file:
        return (
            message + " (check the file and its folder: a file in WAL mode needs a "
            "writable folder even to be read)"
        )
    if "row-level security" in message:
        return message + (
            " (on this database you can record and change attempts only under your own "
            "database user name)"
        )
    if message.startswith("permission denied") or "must be owner" in message:
        return message + " (your database user's role does not allow this; ask the admin)"
    return message
