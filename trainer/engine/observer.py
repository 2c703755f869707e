"""The hook through which the store records a call while it happens."""

from __future__ import annotations

from typing import Protocol

from trainer.engine.results import OutcomeInfo, TranscriptEntry


class CallObserver(Protocol):
    """Every method is optional: `Call` only calls the ones an observer has."""

    def on_entry(self, entry: TranscriptEntry) -> None: ...

    def on_rewind(self, removed: list[TranscriptEntry]) -> None: ...

    def on_end(self, outcome: OutcomeInfo) -> None: ...
