"""Keeps a call going when recording it fails (a locked or vanished database).

The trainee is told once; the conversation and the scorecard go on, unrecorded from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trainer.diagnostics import TrainerError


class GuardedObserver:
    def __init__(self, inner: Any, on_failure: Callable[[TrainerError], None]) -> None:
        self.inner = inner
        self.on_failure = on_failure
        self.failed: TrainerError | None = None

    def _forward(self, hook: str, *args: Any) -> None:
        method = getattr(self.inner, hook, None)
        if method is None or self.failed is not None:
            return
        try:
            method(*args)
        except TrainerError as exc:
            self.failed = exc
            self.on_failure(exc)

    def on_entry(self, entry: Any) -> None:
        self._forward("on_entry", entry)

    def on_rewind(self, removed: list[Any]) -> None:
        self._forward("on_rewind", removed)

    def on_end(self, outcome: Any) -> None:
        self._forward("on_end", outcome)
