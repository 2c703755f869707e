"""A store filled with fixed attempts (fixed ids and dates), played by the real engine.

Snapshot tests use scorecards frozen in `data/scorecards.json`, so that tuning the scoring
rules does not change pictures of the screens. Refresh that file (and look at the new
snapshots) with `python -m tests.tui.stored` when the Scorecard format itself changes.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from trainer.engine import Call
from trainer.scenario.loader import LoadedScenario
from trainer.store import AttemptDetail, AttemptSummary

from .playing import STRONG

WEAK = [
    "I'm a representative of a Canadian company, we are world leaders in car parts.",
    "We are world leaders, you really need to hear this offer.",
]
MIDDLING = [
    "Hi, this is Sam from NordParts, have you got a minute?",
    "Who supplies your parts today and how does that work?",
    "Is there anything that frustrates you about how parts arrive?",
    "Great, so shall I send you a contract today?",
    "I can give you 20 percent off right now.",
    "Fine, I'll email you the price list.",
]

# trainee, replies, mode, days after the first attempt
PLAYS = [
    ("Sam Berg", WEAK, "coach", 0),
    ("Sam Berg", MIDDLING, "coach", 1),
    ("Kari Nordmann", MIDDLING, "exam", 2),
    ("Sam Berg", STRONG, "exam", 3),
]


FROZEN = Path(__file__).with_name("data") / "scorecards.json"


def play(loaded: LoadedScenario, trainee: str, replies: list[str]) -> Call:
    call = Call(loaded.scenario, trainee=trainee, seed=0)
    call.start()
    for reply in replies:
        if call.finished:
            break
        call.reply(reply)
    if not call.finished:
        call.end()
    return call


def frozen_cards() -> list[dict[str, Any]]:
    """One scorecard dict per entry of PLAYS, in order."""
    cards: list[dict[str, Any]] = json.loads(FROZEN.read_text(encoding="utf-8"))
    return cards


def _detail(loaded: LoadedScenario, trainee: str, replies: list[str], mode: str,
            started: datetime, number: int, card: dict[str, Any] | None) -> AttemptDetail:
    call = play(loaded, trainee, replies)
    card = card if card is not None else call.scorecard().to_dict()
    outcome = call.outcome
    assert outcome is not None
    s = loaded.scenario
    summary = AttemptSummary(
        id=f"00000000-0000-4000-8000-{number:012d}", trainee=trainee, scenario_id=s.id,
        scenario_version=s.version, title=s.title, language=s.language, mode=mode,
        started_at=started, ended_at=started + timedelta(minutes=4), outcome=outcome.id,
        result=outcome.result, total=card["total"], passed=card["passed"],
        criteria={k: v["score"] for k, v in card["criteria"].items()},
        scenario_hash=loaded.content_hash,
    )
    turns = [
        {"index": e.index, "speaker": e.speaker, "text": e.text, "node": e.node,
         "created_at": (started + timedelta(seconds=20 * e.index)).isoformat(), "meta": None,
         "rewound": False}
        for e in call.transcript
    ]
    return AttemptDetail(summary, turns, card, loaded.source.text)


def fill_store(store: Any, loaded: LoadedScenario, first: datetime,
               frozen: bool = False) -> list[AttemptDetail]:
    cards: list[dict[str, Any] | None] = list(frozen_cards()) if frozen else [None] * len(PLAYS)
    details = [
        _detail(loaded, trainee, replies, mode, first + timedelta(days=day, hours=number),
                number + 1, cards[number])
        for number, (trainee, replies, mode, day) in enumerate(PLAYS)
    ]
    store.import_details(details)
    return details


if __name__ == "__main__":
    from trainer.scenario.loader import load_file

    from .conftest import STARTER

    starter = load_file(STARTER)
    FROZEN.parent.mkdir(exist_ok=True)
    FROZEN.write_text(json.dumps(
        [play(starter, trainee, replies).scorecard().to_dict() for trainee, replies, _, _ in PLAYS],
        indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {FROZEN}")
