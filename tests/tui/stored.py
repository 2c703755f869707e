"""A store filled with fixed attempts (fixed ids and dates), played by the real engine."""

from __future__ import annotations

from datetime import datetime, timedelta
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


def _detail(loaded: LoadedScenario, trainee: str, replies: list[str], mode: str,
            started: datetime, number: int) -> AttemptDetail:
    call = Call(loaded.scenario, trainee=trainee, seed=0)
    call.start()
    for reply in replies:
        if call.finished:
            break
        call.reply(reply)
    if not call.finished:
        call.end()
    card = call.scorecard().to_dict()
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


def fill_store(store: Any, loaded: LoadedScenario, first: datetime) -> list[AttemptDetail]:
    details = [
        _detail(loaded, trainee, replies, mode, first + timedelta(days=day, hours=number),
                number + 1)
        for number, (trainee, replies, mode, day) in enumerate(PLAYS)
    ]
    store.import_details(details)
    return details
