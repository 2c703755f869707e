"""Small builders shared by the store tests."""

from __future__ import annotations

import hashlib
from typing import Any

from trainer.store import Store

SOURCE = "id: demo\nversion: 1\n"
SOURCE_HASH = hashlib.sha256(SOURCE.encode("utf-8")).hexdigest()


def scorecard(total: float, passed: bool | None = None, **criteria: float) -> dict[str, Any]:
    return {
        "total": total,
        "passed": total >= 70 if passed is None else passed,
        "criteria": {name: {"score": score, "evidence": []} for name, score in criteria.items()},
        "evidence": [
            {
                "turn": 1,
                "quote": "hi",
                "rule": "introduces_self",
                "points": 5.0,
                "criterion": "politeness",
            }
        ],
    }


def played(
    store: Store,
    trainee: str = "Sam",
    scenario: str = "demo",
    total: float = 75.0,
    turns: int = 2,
    mode: str = "coach",
    finish: bool = True,
    **criteria: float,
) -> str:
    """An attempt with alternating prospect/trainee turns, finished with `total` unless told not."""
    attempt_id = store.start_attempt(
        trainee, scenario, 1, SOURCE_HASH, f"Title {scenario}", "en", mode, source_text=SOURCE
    )
    for index in range(turns):
        speaker = "prospect" if index % 2 == 0 else "trainee"
        store.add_turn(
            attempt_id,
            index,
            speaker,
            f"line {index}",
            node="opening",
            meta={"hint_used": False, "revealed": []},
        )
    if finish:
        store.finish_attempt(
            attempt_id,
            "meeting_booked" if total >= 70 else "hang_up",
            "win" if total >= 70 else "loss",
            scorecard(total, **criteria),
        )
    return attempt_id
