"""The poor-move model: trained from the built-in library, shipped as data, used only where a
reply makes a poor move no branch's words caught."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.engine_scenario import scenario
from trainer.engine import Call
from trainer.engine.understanding import act_model


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_shipped_model_is_what_the_library_trains(lang: str) -> None:
    fresh = act_model.train(act_model.library_examples(lang), lang).to_json()
    shipped = act_model.model_path(lang).read_text(encoding="utf-8")
    assert fresh == shipped, "run: python scripts/train_act_model.py --write"


@pytest.mark.parametrize(
    ("lang", "text", "act"),
    [
        ("en", "Honestly, our pads are the best on the market and half the price of the rest.",
         "pitch"),
        ("en", "You really need to sign today, this offer won't be here tomorrow.", "pressure"),
        ("nb", "Våre bremseklosser er de beste på markedet, og vi leverer alltid neste dag.",
         "pitch"),
        ("nb", "Du må bestemme deg i dag, ellers er tilbudet borte.", "pressure"),
    ],
)
def test_poor_moves_in_new_words_are_recognised(lang: str, text: str, act: str) -> None:
    model = act_model.load(lang)
    assert model is not None
    words = act_model.Canoniser(lang).words(text)
    assert model.probability(words, act) > 0.9
    assert model.evidence(words, act)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "How do you order parts at the moment?"),
        ("nb", "Hvordan bestiller dere deler i dag?"),
    ],
)
def test_a_discovery_question_is_no_poor_move(lang: str, text: str) -> None:
    model = act_model.load(lang)
    assert model is not None
    words = act_model.Canoniser(lang).words(text)
    assert all(model.probability(words, act) < 0.5 for act in act_model.ACTS)


def _pitch_node(**extra: Any) -> dict[str, Any]:
    return {
        "opening": {
            "say": "Go on.",
            "branches": [
                {"intent": "ask", "examples": ["How do you order your parts today?"],
                 "goto": "win"},
                {"intent": "pitch", "examples": ["We sell brake pads."], "acts": ["pitch"],
                 "effects": {"mood": -2}, "goto": "polite_end"},
                *extra.get("more", []),
            ],
            "fallback": {"say": "Sorry?", "retries": 2, "then": "polite_end"},
        }
    }


PITCH = "Honestly, nobody beats our prices, and our range is the widest on the market."


def test_a_pitch_in_new_words_takes_the_pitch_branch_and_says_why() -> None:
    call = Call(scenario(nodes=_pitch_node(), settings={"max_turns": 10}))
    call.start()
    result = call.reply(PITCH)
    assert result.match is not None and result.match.intent == "pitch"
    # Its words alone are far under the bar: the model took it there, and says why.
    assert result.match.score < 60
    assert result.match.why[-1].startswith("act pitch")


def test_two_branches_that_both_pitch_are_told_apart_by_words_only() -> None:
    more = [{"intent": "pitch_again", "examples": ["Our catalogue is huge."], "acts": ["pitch"],
             "goto": "polite_end"}]
    call = Call(scenario(nodes=_pitch_node(more=more), settings={"max_turns": 10}))
    call.start()
    result = call.reply(PITCH)
    assert result.match is None or result.match.score >= 60


def test_a_question_is_never_taken_for_a_pitch() -> None:
    call = Call(scenario(nodes=_pitch_node(), settings={"max_turns": 10}))
    call.start()
    result = call.reply("Is our range the widest you have seen, would you say?")
    assert result.match is None or result.match.intent != "pitch"
