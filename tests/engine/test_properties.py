"""Any reply and any sequence of replies, rewinds and hints: no exception, valid state, and
the call always ends within the turn cap."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engine.engine_scenario import scenario
from trainer.engine import Call
from trainer.engine.mood import MOOD_MAX, MOOD_MIN
from trainer.scenario.library import resolve
from trainer.scenario.models import Scenario

STARTER = resolve("cold-call-car-parts").scenario
SMALL = scenario()

SAMPLES = [
    "Hi Mike, this is Sam from NordParts, do you have two minutes?",
    "How do you order your parts today?",
    "What are the biggest headaches with your current supplier?",
    "Could we meet on Thursday at 10?",
    "we are world leaders",
    "sorry, can you repeat that?",
    "bye",
    "you idiot",
    "",
    "   ",
    "😀🚗💨",
    "\x00\x01\x1b[31m",
    "a" * 10_000,
    "ø" * 3000 + "?",
    "{trainee}{__class__}{0}",
]
REPLY = st.one_of(st.text(), st.sampled_from(SAMPLES), st.text(alphabet="abcæøå ?.!,", max_size=80))
ACTION = st.one_of(
    REPLY.map(lambda r: ("reply", r)),
    st.just(("rewind", "")),
    st.just(("hint", "")),
)


def check_state(call: Call, sc: Scenario) -> None:
    assert MOOD_MIN <= call.mood <= MOOD_MAX
    assert 0 <= call.patience <= call.patience_max
    assert 0 <= call.turns <= sc.settings.max_turns
    assert call.finished or call.node_id in sc.nodes
    assert call.finished or call.patience > 0
    assert call.finished == (call.outcome is not None)
    assert set(call.revealed) <= {n.id for n in sc.needs}
    assert [e.index for e in call.transcript] == list(range(len(call.transcript)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=REPLY, seed=st.integers(0, 2**32 - 1))
def test_any_single_reply(reply: str, seed: int) -> None:
    for sc in (STARTER, SMALL):
        call = Call(sc, "Sam", seed=seed)
        call.start()
        res = call.reply(reply)
        assert res.reply == reply
        check_state(call, sc)
        if not blank(reply):
            trainee = [e for e in call.transcript if e.speaker == "trainee"]
            assert trainee[-1].text == reply  # kept whole, even when routed on a prefix


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=st.lists(ACTION, max_size=40), seed=st.integers(0, 1000), small=st.booleans())
def test_any_sequence_of_replies_rewinds_and_hints(
    actions: list[tuple[str, str]], seed: int, small: bool
) -> None:
    sc = SMALL if small else STARTER
    call = Call(sc, "Sam", seed=seed)
    call.start()
    for kind, text in actions:
        if kind == "reply":
            call.reply(text)
        elif kind == "rewind":
            call.rewind()
        else:
            call.hint()
        check_state(call, sc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(replies=st.lists(REPLY.filter(lambda r: not blank(r)), min_size=1), seed=st.integers(0, 99))
def test_every_call_ends_within_the_cap(replies: list[str], seed: int) -> None:
    call = Call(STARTER, "Sam", seed=seed)
    call.start()
    cap = STARTER.settings.max_turns
    for i in range(cap):
        call.reply(replies[i % len(replies)])
    assert call.finished and call.turns <= cap


def blank(text: str) -> bool:
    """Replies the engine treats as empty: whitespace and invisible characters only."""
    return all(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in text)
