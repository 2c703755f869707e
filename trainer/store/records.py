"""What the store hands back: one attempt's summary, or the whole attempt with its turns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    id: str
    trainee: str
    scenario_id: str
    scenario_version: int
    title: str
    language: str
    mode: str
    started_at: datetime
    ended_at: datetime | None
    outcome: str | None
    result: str | None
    total: float | None
    passed: bool | None
    criteria: dict[str, float] = field(default_factory=dict)
    scenario_hash: str = ""

    @property
    def finished(self) -> bool:
        return self.ended_at is not None

    @property
    def status(self) -> str:
        """'finished', or 'in progress' for an attempt that never reached an end."""
        return "finished" if self.finished else "in progress"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["ended_at"] = self.ended_at.isoformat() if self.ended_at else None
        data["status"] = self.status
        return data


@dataclass(frozen=True, slots=True)
class AttemptDetail:
    summary: AttemptSummary
    # Every turn ever written, in writing order; turns undone in practice have rewound=True.
    turns: list[dict[str, Any]]
    scorecard: dict[str, Any] | None
    source_text: str | None = None

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def full_scorecard(self) -> dict[str, Any] | None:
        """The scorecard if it has every part a screen needs to rebuild it, else None.

        Stored scorecards are checked for shape, but one may lack parts (an attempt imported
        from a hand-made file): `Scorecard.from_dict()` needs them all.
        """
        from pydantic import ValidationError

        from trainer.store.models import FullScorecardModel

        if self.scorecard is None:
            return None
        try:
            FullScorecardModel.model_validate(self.scorecard)
        except ValidationError:
            return None
        return self.scorecard

    def live_turns(self) -> list[dict[str, Any]]:
        """The transcript as it stood at the end: rewound turns left out."""
        return [t for t in self.turns if not t["rewound"]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary.to_dict(),
            "turns": self.turns,
            "scorecard": self.scorecard,
            "source_text": self.source_text,
        }
