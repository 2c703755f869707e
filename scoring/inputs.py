"""Transcripts, rubrics and needs as callers hand them in (dataclasses or plain mappings),
checked and turned into the grader's types with a clear error for anything else."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from scoring.rules import MUST_RULES
from scoring.types import CRITERIA, NeedSpec, Rubric, ScoringInputError, Turn


def coerce_turn(t: Turn | Mapping[str, Any], i: int) -> Turn:
    if isinstance(t, Turn):
        turn = t
    elif isinstance(t, Mapping):
        known = {f.name for f in fields(Turn)}
        unknown = sorted(set(t) - known)
        if unknown:
            raise ScoringInputError(f"turn {i}: unknown key(s) {', '.join(unknown)}")
        data = dict(t)
        if data.get("revealed") is not None:
            data["revealed"] = tuple(data["revealed"])
        try:
            turn = Turn(**data)
        except TypeError as exc:
            raise ScoringInputError(f"turn {i}: {exc}") from exc
    else:
        raise ScoringInputError(f"turn {i}: expected a Turn or a dict, not {type(t).__name__}")
    if turn.speaker not in ("trainee", "prospect"):
        raise ScoringInputError(
            f"turn {i}: speaker must be 'trainee' or 'prospect', not {turn.speaker!r}"
        )
    if not isinstance(turn.text, str):
        raise ScoringInputError(f"turn {i}: text must be a string")
    return turn


def coerce_rubric(rubric: Rubric | Mapping[str, Any] | None) -> Rubric:
    if rubric is None:
        return Rubric.default()
    if isinstance(rubric, Mapping):
        rubric = Rubric(
            weights=dict(rubric.get("weights", {})),
            pass_mark=int(rubric.get("pass_mark", 70)),
            must=tuple(rubric.get("must", ())),
        )
    unknown = sorted(set(rubric.weights) - set(CRITERIA))
    if unknown:
        raise ScoringInputError(
            f"rubric: unknown criteria {', '.join(unknown)}; expected {', '.join(CRITERIA)}"
        )
    if sum(rubric.weights.values()) <= 0 or any(w < 0 for w in rubric.weights.values()):
        raise ScoringInputError("rubric: weights must be non-negative and add up to more than 0")
    bad = sorted(set(rubric.must) - set(MUST_RULES))
    if bad:
        raise ScoringInputError(
            f"rubric: unknown must-rule(s) {', '.join(bad)}; known: {', '.join(MUST_RULES)}"
        )
    return rubric


def coerce_need(n: NeedSpec | Mapping[str, Any]) -> NeedSpec:
    if isinstance(n, NeedSpec):
        return n
    return NeedSpec(id=str(n["id"]), fact=str(n.get("fact", "")), cues=tuple(n.get("cues", ())))
