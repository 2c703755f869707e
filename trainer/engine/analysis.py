"""The engine's only door to the `scoring` package: reply analysis and call grading."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from trainer.scenario.models import Scenario

try:
    import scoring as _scoring

    _HAVE_SCORING = hasattr(_scoring, "analyse_reply")
except ImportError:  # pragma: no cover - scoring not yet present
    _scoring = None  # type: ignore[assignment]
    _HAVE_SCORING = False


@dataclass(frozen=True)
class _Question:
    text: str
    form: str = "open"
    spin: str | None = None


@dataclass(frozen=True)
class _Politeness:
    score: float = 50.0


@dataclass(frozen=True)
class _Analysis:
    text: str
    questions: list[_Question] = field(default_factory=list)
    politeness: _Politeness = field(default_factory=_Politeness)
    pressure: list[str] = field(default_factory=list)
    rude: bool = False
    pitch: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_ASKING = re.compile(
    r"^(what|how|why|when|where|who|which|do|does|did|is|are|can|could|would|will|have|has|"
    r"hva|hvordan|hvorfor|når|hvor|hvem|hvilken|hvilke|har|er|kan|kunne|vil)\b",
    re.IGNORECASE,
)
_PRESSURE = ("today only", "decide now", "last chance", "bare i dag", "siste sjanse")
_PITCH = ("world leader", "number one", "best prices", "verdensledende", "markedsledende")


def _stand_in(text: str) -> _Analysis:
    lowered = text.casefold()
    questions = [
        _Question(s.strip())
        for s in _SENTENCE.findall(text)
        if s.strip().endswith("?") or _ASKING.match(s.strip())
    ]
    return _Analysis(
        text=text,
        questions=questions,
        pressure=[p for p in _PRESSURE if p in lowered],
        pitch=any(p in lowered for p in _PITCH),
    )


def analyse(
    text: str,
    lang: str,
    prospect_line: str | None,
    objection: str | None,
    prospect_name: str | None,
    stated_needs: Sequence[str],
    turn_index: int,
) -> Any:
    if not _HAVE_SCORING:
        return _stand_in(text)
    context = _scoring.ReplyContext(
        prospect_line=prospect_line,
        objection=objection,
        prospect_name=prospect_name,
        stated_needs=tuple(stated_needs),
        turn_index=turn_index,
    )
    return _scoring.analyse_reply(text, lang, context=context)


def question_texts(analysis: Any) -> list[str]:
    return [q.text for q in analysis.questions]


def politeness(analysis: Any) -> float:
    return float(analysis.politeness.score)


def turn(
    speaker: str,
    text: str,
    node: str | None,
    objection: str | None,
    revealed: tuple[str, ...] | None,
    hint_used: bool,
) -> Any:
    if not _HAVE_SCORING:
        return {"speaker": speaker, "text": text, "node": node, "objection": objection,
                "revealed": revealed, "hint_used": hint_used}
    return _scoring.Turn(speaker, text, node, objection, revealed, hint_used)


def grade(turns: list[Any], scenario: Scenario) -> Any:
    if not _HAVE_SCORING:
        raise RuntimeError("the scoring package is not available")
    rubric = _scoring.Rubric(
        weights=dict(scenario.rubric.weights),
        pass_mark=scenario.rubric.pass_mark,
        must=tuple(scenario.rubric.must),
    )
    needs = [_scoring.NeedSpec(n.id, n.fact, tuple(n.cues)) for n in scenario.needs]
    return _scoring.grade_call(turns, rubric, needs, scenario.language)
