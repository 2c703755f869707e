"""The base of the Store's parts (reading, teams, publishing, misses): what each part may call
on the Store it is mixed into, declared once for type checkers."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa


class StorePart:
    label: str
    if TYPE_CHECKING:
        @property
        def dialect(self) -> str: ...
        def _errors(self, doing: str) -> AbstractContextManager[None]: ...
        def _read(self) -> AbstractContextManager[sa.Connection]: ...
        def _write(self) -> AbstractContextManager[sa.Connection]: ...
        def _skip(self, note: str) -> None: ...
        def _forget_skipped(self) -> None: ...
        def _save_source(self, conn: sa.Connection, digest: str, text: str,
                         now: datetime) -> None: ...
