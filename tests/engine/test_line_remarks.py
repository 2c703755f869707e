"""A remark about the phone line ("you're breaking up", "can you hear me?") is answered as
one, in any words, and costs no patience; it never takes a reply a branch understands."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.engine_scenario import scenario
from trainer.engine import Call

GREET = "Hi Mike, this is Sam from NordParts, do you have two minutes?"


def _state(call: Call) -> dict[str, Any]:
    s = call._s
    return {"node": s.node_id, "mood": s.mood, "patience": s.patience}


@pytest.mark.parametrize(
    ("lang", "reply", "intent"),
    [
        ("en", "Sorry, you're breaking up a bit, what was that?", "repeat"),
        ("en", "you cut out for a second there", "repeat"),
        ("en", "sorry didnt catch that, the signal is awful", "repeat"),
        ("en", "Hello? Can you hear me OK?", "line_check"),
        ("en", "are you still there?", "line_check"),
        ("nb", "Unnskyld, du hakker litt, hva sa du?", "repeat"),
        ("nb", "du falt ut et øyeblikk der", "repeat"),
        ("nb", "Hallo? Hører du meg?", "line_check"),
        ("nb", "er du der fortsatt?", "line_check"),
    ],
)
def test_a_remark_about_the_line_costs_nothing(lang: str, reply: str, intent: str) -> None:
    call = Call(scenario(language=lang), "Sam")
    call.start()
    before = _state(call)
    res = call.reply(reply)
    assert res.global_intent == intent
    assert res.fallback is None and res.match is None
    assert _state(call) == before
    assert res.lines and res.lines[0].endswith(call.transcript[0].text)


def test_a_branch_reply_that_mentions_the_line_stays_with_the_branch() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    res = call.reply("Sorry, you broke up. " + GREET)
    assert res.global_intent is None and res.match is not None


def test_a_long_reply_that_mentions_the_line_is_not_a_remark_about_it() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    res = call.reply(
        "the line is bad but I wanted to tell you about our brake pads and the new prices for "
        "garages like yours"
    )
    assert res.global_intent != "repeat" and res.global_intent != "line_check"
