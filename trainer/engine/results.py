"""What one reply produces: routing decisions, prospect lines, outcome; all JSON-able."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from trainer.engine.understanding.matcher import Verdict

Speaker = Literal["trainee", "prospect"]
FallbackReason = Literal["below_threshold", "ambiguous", "no_branches", "empty", "clarify"]


@dataclass(frozen=True, slots=True)
class Match:
    """The branch a reply was routed to, and how clearly it won."""

    intent: str
    branch_index: int
    score: float
    runner_up_intent: str | None = None
    runner_up_score: float | None = None
    # What earned the score: "words like example 2 (71)", "keywords “delay”", "act …".
    why: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, verdict: Verdict, skipped_to: str | None = None) -> Match:
        """The match a verdict with a winner makes (`skipped_to`: a node ahead it answered)."""
        winner = verdict.winner
        assert winner is not None
        runner = verdict.runner_up
        why = winner.why + ((f"a step ahead: answered {skipped_to}",) if skipped_to else ())
        return cls(
            winner.branch.intent,
            winner.branch.index,
            winner.score,
            runner.branch.intent if runner else None,
            runner.score if runner else None,
            why,
        )


@dataclass(frozen=True, slots=True)
class FallbackInfo:
    """Why no branch was chosen; `retries_left` is what remains before `fallback.then`.

    A `clarify` fallback is a near miss: the prospect asked what the trainee meant, which
    costs no patience."""

    reason: FallbackReason
    best_intent: str | None = None
    best_score: float | None = None
    retries_left: int = 0
    # The nearest branches with their scores, best first: what `misses` shows an author.
    candidates: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class OutcomeInfo:
    id: str
    result: Literal["win", "loss", "neutral"]
    say: str = ""
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class NeedReveal:
    id: str
    fact: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _analysis_dict(analysis: Any) -> dict[str, Any] | None:
    if analysis is None:
        return None
    if isinstance(analysis, dict):
        return analysis
    result: dict[str, Any] = analysis.to_dict()
    return result


@dataclass(frozen=True, slots=True)
class TranscriptEntry:
    """One line of the call. Prospect entries carry the node's objection type; trainee entries
    carry the routing decision, the needs the reply revealed and its analysis (a dict in
    `to_dict`; kept as the grader made it until then, since most entries are never exported)."""

    index: int
    speaker: Speaker
    text: str
    node: str | None = None
    objection: str | None = None
    revealed: tuple[str, ...] = ()
    hint_used: bool = False
    match: Match | None = None
    fallback: FallbackInfo | None = None
    analysis: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "speaker": self.speaker,
            "text": self.text,
            "node": self.node,
            "objection": self.objection,
            "revealed": list(self.revealed),
            "hint_used": self.hint_used,
            "match": self.match.to_dict() if self.match else None,
            "fallback": self.fallback.to_dict() if self.fallback else None,
            "analysis": _analysis_dict(self.analysis),
        }


@dataclass(frozen=True, slots=True)
class TurnResult:
    reply: str
    lines: list[str]
    node: str
    mood: int
    patience: int
    match: Match | None = None
    fallback: FallbackInfo | None = None
    global_intent: Literal["repeat", "line_check", "goodbye", "rude", "early_close"] | None = None
    mood_delta: int = 0
    patience_delta: int = 0
    revealed: list[NeedReveal] = field(default_factory=list)
    variables_set: dict[str, Any] = field(default_factory=dict)
    ended: bool = False
    outcome: OutcomeInfo | None = None
    analysis: Any = None
    entered: list[str] = field(default_factory=list)  # nodes moved to by this reply, in order
    # (need id, SPIN rung) for each ladder line the prospect said in answer to this reply.
    rungs: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reply": self.reply,
            "lines": list(self.lines),
            "node": self.node,
            "mood": self.mood,
            "patience": self.patience,
            "match": self.match.to_dict() if self.match else None,
            "fallback": self.fallback.to_dict() if self.fallback else None,
            "global_intent": self.global_intent,
            "mood_delta": self.mood_delta,
            "patience_delta": self.patience_delta,
            "revealed": [r.to_dict() for r in self.revealed],
            "variables_set": dict(self.variables_set),
            "ended": self.ended,
            "outcome": self.outcome.to_dict() if self.outcome else None,
            "entered": list(self.entered),
            "rungs": [list(r) for r in self.rungs],
            "analysis": _analysis_dict(self.analysis),
        }
