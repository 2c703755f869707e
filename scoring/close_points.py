"""What a close earns: the best closing reply of a call, scored for its attempt and for the
action, time and owner of the next step it proposes (each quoted as evidence)."""

from __future__ import annotations

from typing import Any

from scoring.closing import material_only
from scoring.lexicon import get_lexicon
from scoring.types import ReplyAnalysis

CLOSE_POINTS = {
    "close_attempt": 20.0,
    "next_step_action": 25.0,
    "next_step_time": 25.0,
    "next_step_owner": 20.0,
    "concrete_next_step": 10.0,
}


def best_close_value(a: ReplyAnalysis) -> float:
    step = a.closing.next_step
    if a.pressure or (not a.closing.attempt and not (step.concrete and (step.time or step.owner))):
        return 0.0  # a push ("sign today") is not a next step
    if material_only(step, get_lexicon(a.lang)):
        return 0.0  # literature on request: a continuation, not an advance
    value = CLOSE_POINTS["close_attempt"] if a.closing.attempt else 0.0
    value += CLOSE_POINTS["next_step_action"] * step.concrete
    value += CLOSE_POINTS["next_step_time"] * step.time
    value += CLOSE_POINTS["next_step_owner"] * step.owner
    if step.parts == 3 and step.concrete:
        value += CLOSE_POINTS["concrete_next_step"]
    return value


def closing_evidence(
    call: Any,
    best: tuple[float, int, ReplyAnalysis] | None,
    analyses: list[tuple[int, ReplyAnalysis]],
) -> None:
    if best is None:
        vague = next(((i, a) for i, a in analyses if a.closing.vague), None)
        if vague:
            call.add(
                vague[0],
                vague[1].sentences[-1] if vague[1].sentences else "",
                "vague_continuation",
                0.0,
                "closing",
            )
        return
    _, i, a = best
    step = a.closing.next_step
    if a.closing.attempt:
        call.add(
            i,
            a.closing.words[0],
            f"close_{a.closing.technique}",
            CLOSE_POINTS["close_attempt"],
            "closing",
        )
    for part, flag in (("action", step.concrete), ("time", step.time), ("owner", step.owner)):
        if flag:
            call.add(
                i,
                step.quotes.get(part, ""),
                f"next_step_{part}",
                CLOSE_POINTS[f"next_step_{part}"],
                "closing",
            )
    if step.parts == 3 and step.concrete:
        call.add(
            i,
            " / ".join(step.words),
            "concrete_next_step",
            CLOSE_POINTS["concrete_next_step"],
            "closing",
        )
