"""The engine's only door to the `scoring` package: reply analysis and call grading."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import scoring
from scoring import ReplyAnalysis, Scorecard
from trainer.scenario.models import Scenario


def analyse(
    text: str,
    lang: str,
    prospect_line: str | None,
    objection: str | None,
    prospect_name: str | None,
    stated_needs: Sequence[str],
    turn_index: int,
    seller: str | None = None,
) -> ReplyAnalysis:
    context = scoring.ReplyContext(
        prospect_line=prospect_line,
        objection=objection,
        prospect_name=prospect_name,
        stated_needs=tuple(stated_needs),
        turn_index=turn_index,
        seller=seller,
    )
    return scoring.analyse_reply(text, lang, context=context)


def question_texts(analysis: ReplyAnalysis) -> list[str]:
    return [q.text for q in analysis.questions]


def politeness(analysis: ReplyAnalysis) -> float:
    return float(analysis.politeness.score)


def turn(
    speaker: str,
    text: str,
    node: str | None,
    objection: str | None,
    revealed: tuple[str, ...] | None,
    hint_used: bool,
) -> scoring.Turn:
    return scoring.Turn(speaker, text, node, objection, revealed, hint_used)  # type: ignore[arg-type]


def grade(turns: list[scoring.Turn], scenario: Scenario, outcome: str | None = None) -> Scorecard:
    rubric = scoring.Rubric(
        weights=dict(scenario.rubric.weights),
        pass_mark=scenario.rubric.pass_mark,
        must=tuple(scenario.rubric.must),
    )
    needs = [scoring.NeedSpec(n.id, n.fact, tuple(n.cues)) for n in scenario.needs]
    return scoring.grade_call(
        turns, rubric, needs, scenario.language, outcome=outcome, kind=scenario.kind.value,
        prospect_name=scenario.persona.name, seller=scenario.seller.company,
    )


def turns_of(transcript: Sequence[Any]) -> list[scoring.Turn]:
    """A call's transcript as the grader reads it: what was said, where, and what it revealed."""
    return [
        turn(e.speaker, e.text, e.node, e.objection,
             e.revealed if e.speaker == "trainee" else None, e.hint_used)
        for e in transcript
    ]
