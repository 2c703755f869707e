"""Result and input types of the scoring engine.

Every result type turns into plain JSON-able data with `to_dict()`; a `Scorecard` can be
rebuilt from that data with `Scorecard.from_dict()`, so a stored scorecard reads back whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

CRITERIA: tuple[str, ...] = ("needs_discovery", "politeness", "objection_handling", "closing")

OBJECTION_TYPES: tuple[str, ...] = (
    "price",
    "timing",
    "send_info",
    "incumbent",
    "not_interested",
    "authority",
    "stall",
    "trust",
    "sold_out",
    "complaint",
)

QuestionForm = Literal["open", "closed", "leading", "choice"]
SpinKind = Literal["situation", "problem", "implication", "need_payoff"]


class ScoringInputError(ValueError):
    """Input the engine cannot score (unknown language, malformed context or transcript)."""


class _Data:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload,no-any-return]


@dataclass(frozen=True)
class ReplyContext(_Data):
    prospect_line: str | None = None
    objection: str | None = None
    prospect_name: str | None = None
    stated_needs: tuple[str, ...] = ()
    # The trainee's company: "Alex from Brightwell" introduces Alex even without "here".
    seller: str | None = None
    turn_index: int = 0

    @classmethod
    def coerce(cls, value: ReplyContext | Mapping[str, Any] | None) -> ReplyContext:
        if value is None:
            return cls()
        if isinstance(value, ReplyContext):
            context = value
        elif isinstance(value, Mapping):
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(value) - known)
            if unknown:
                raise ScoringInputError(
                    f"unknown context key(s) {', '.join(unknown)};"
                    f" expected {', '.join(sorted(known))}"
                )
            data = dict(value)
            needs = data.get("stated_needs") or ()
            if isinstance(needs, str):
                needs = (needs,)
            data["stated_needs"] = tuple(str(n) for n in needs)
            context = cls(**data)
        else:
            raise ScoringInputError(
                f"context must be a ReplyContext or a dict, not {type(value).__name__}"
            )
        if context.objection is not None and context.objection not in OBJECTION_TYPES:
            raise ScoringInputError(
                f"unknown objection type '{context.objection}';"
                f" expected one of {', '.join(OBJECTION_TYPES)}"
            )
        return context


@dataclass(frozen=True)
class Marker(_Data):
    name: str
    words: str
    points: float


@dataclass(frozen=True)
class Question(_Data):
    text: str
    form: QuestionForm
    spin: SpinKind | None = None
    factual: bool = False  # a how-many/which/when question: short factual answer, counted closed


@dataclass(frozen=True)
class Politeness(_Data):
    score: float
    markers: list[Marker] = field(default_factory=list)


@dataclass(frozen=True)
class NextStep(_Data):
    action: bool = False
    time: bool = False
    owner: bool = False
    words: list[str] = field(default_factory=list)
    quotes: dict[str, str] = field(default_factory=dict)  # part -> the words that show it
    # The action is only the owner's verb ("I'll set up your account"): what will be done is
    # named, but no concrete step (a meeting, a delivery) that a close is scored for.
    implied: bool = False

    @property
    def concrete(self) -> bool:
        return self.action and not self.implied

    @property
    def parts(self) -> int:
        return int(self.action) + int(self.time) + int(self.owner)


@dataclass(frozen=True)
class Closing(_Data):
    attempt: bool = False
    technique: str | None = None
    techniques: list[str] = field(default_factory=list)
    urgency: bool = False
    vague: bool = False  # "I'll be in touch": a continuation, not an advance
    words: list[str] = field(default_factory=list)
    next_step: NextStep = field(default_factory=NextStep)


@dataclass(frozen=True)
class ObjectionResponse(_Data):
    type: str
    acknowledged: bool = False
    explored: bool = False
    tied_to_need: bool = False
    moved_forward: bool = False
    arguing: bool = False
    ignoring: bool = False
    discounting: bool = False
    alternative: bool = False  # offered something else (sold-out product)
    apologised: bool = False
    markers: list[Marker] = field(default_factory=list)


@dataclass(frozen=True)
class ReplyAnalysis(_Data):
    text: str
    lang: str
    sentences: list[str]
    questions: list[Question]
    stacked: bool
    question_form: Literal["open", "closed", "none"]
    politeness: Politeness
    pressure: list[Marker]
    rude: bool
    closing: Closing
    objection: ObjectionResponse | None
    pitch: bool
    pitch_words: list[str]
    stuffing: bool
    ignores_prospect: bool
    words: int
    reply_score: float  # one-reply quality 0-100, used to rank alternative replies

    def markers(self, name: str) -> list[Marker]:
        return [m for m in self.politeness.markers if m.name == name]

    def has(self, name: str) -> bool:
        return any(m.name == name for m in self.politeness.markers)


@dataclass(frozen=True)
class Turn(_Data):
    speaker: Literal["trainee", "prospect"]
    text: str
    node: str | None = None
    objection: str | None = None
    revealed: tuple[str, ...] | None = None
    hint_used: bool = False


@dataclass(frozen=True)
class Rubric(_Data):
    weights: dict[str, int]
    pass_mark: int = 70
    must: tuple[str, ...] = ()

    @classmethod
    def default(cls) -> Rubric:
        return cls(weights={c: 25 for c in CRITERIA}, pass_mark=70, must=())


@dataclass(frozen=True)
class NeedSpec(_Data):
    id: str
    fact: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Evidence(_Data):
    turn: int
    quote: str
    rule: str
    points: float
    criterion: str


@dataclass(frozen=True)
class CriterionScore(_Data):
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    applicable: bool = True  # False: no opportunity in this call; its weight went to the others
    weight: float = 0.0  # the weight actually used for the total


@dataclass(frozen=True)
class TalkMetrics(_Data):
    trainee_share: float
    questions: int
    open_share: float
    longest_reply_words: int
    turns: int


@dataclass(frozen=True)
class Scorecard(_Data):
    criteria: dict[str, CriterionScore]
    total: float
    passed: bool
    pass_mark: int
    must_broken: list[str]
    must_checked: dict[str, bool]
    evidence: list[Evidence]
    needs_found: list[str]
    needs_missed: list[str]
    talk: TalkMetrics
    premature_close: bool
    hints_used: int
    weakest_turns: list[int]
    lang: str = "en"
    # Which grader gave these points: a stored attempt keeps the grade it got, and says so.
    grader: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        def evidence(items: Any) -> list[Evidence]:
            return [Evidence(**e) for e in items]

        criteria = {
            name: CriterionScore(
                score=c["score"],
                evidence=evidence(c.get("evidence", [])),
                applicable=c.get("applicable", True),
                weight=c.get("weight", 0.0),
            )
            for name, c in data["criteria"].items()
        }
        return cls(
            criteria=criteria,
            total=data["total"],
            passed=data["passed"],
            pass_mark=data.get("pass_mark", 70),
            must_broken=list(data.get("must_broken", [])),
            must_checked=dict(data.get("must_checked", {})),
            evidence=evidence(data.get("evidence", [])),
            needs_found=list(data.get("needs_found", [])),
            needs_missed=list(data.get("needs_missed", [])),
            talk=TalkMetrics(**data["talk"]),
            premature_close=data.get("premature_close", False),
            hints_used=data.get("hints_used", 0),
            weakest_turns=list(data.get("weakest_turns", [])),
            lang=data.get("lang", "en"),
            grader=data.get("grader", ""),
        )
