"""The state of one call: everything a reply can change, and what one reply collects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trainer.engine.results import NeedReveal, OutcomeInfo


@dataclass
class CallState:
    """Everything a reply can change; a deep copy of it is what `rewind` restores."""

    node_id: str
    mood: int
    patience: int
    variables: dict[str, Any]
    turns: int = 0
    revealed: list[str] = field(default_factory=list)
    volunteered: list[str] = field(default_factory=list)  # stated by the prospect unasked
    visits: dict[str, int] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    said_once: set[tuple[str, int]] = field(default_factory=set)
    spoken: dict[str, int] = field(default_factory=dict)
    misses: int = 0
    finished: bool = False
    outcome: OutcomeInfo | None = None
    last_lines: list[str] = field(default_factory=list)
    hint_pending: bool = False
    # What the trainee has stated (day, time, amount...), for the prospect's placeholders.
    slots: dict[str, str] = field(default_factory=dict)
    # Need id -> ladder rungs the prospect has said.
    rungs: dict[str, list[str]] = field(default_factory=dict)
    # (node, branch index) the prospect's last clarifying question guessed.
    clarifying: tuple[str, int] | None = None
    clarified_last: bool = False
    # What the prospect asked before its clarifying question, asked again after a "no".
    last_lines_before_clarify: list[str] = field(default_factory=list)


@dataclass
class Snapshot:
    state: CallState
    rng: Any
    transcript_len: int


class TurnDraft:
    """Collects what one reply does before it is committed to the transcript."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str | None, str | None]] = []  # text, node, objection
        self.mood_delta = 0
        self.patience_delta = 0
        self.revealed: list[NeedReveal] = []
        self.variables_set: dict[str, Any] = {}
        self.entered: list[str] = []
        self.rungs: list[tuple[str, str]] = []
        self.repeated = False  # a repeat is not new speech: "repeat" again repeats the original
