"""One source of advice: the coach's hint during a call is the scorecard's model answer
afterwards, and a reply that already says the model answer is never offered it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import grade_call
from scoring.types import Turn
from trainer.engine import Call
from trainer.engine.advice import advice, already_said, base_values, improvements
from trainer.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
CAR = ROOT / "scenarios" / "en" / "cold-call-car-parts.yaml"


def test_the_hint_is_the_scorecards_model_answer_for_the_same_moment() -> None:
    scenario = load_file(CAR).scenario
    call = Call(scenario, "Sam")
    call.start()
    node = call.node_id
    hint = call.hint()
    assert hint is not None
    assert hint == advice(scenario, node, base_values(scenario, "Sam"))


@pytest.mark.parametrize(("reply", "answer", "lang", "same"), [
    ("would tuesday at 10 suit you?", "Would Tuesday at ten suit you?", "en", True),
    ("Thanks! how do u order ur parts at the moment?",
     "Thanks. How do you order your parts today?", "en", True),
    ("Great, bye.", "Thanks. How do you order your parts today?", "en", False),
    ("Hvordan bestiller dere deler i dag?", "Hvordan bestiller dere deler nå for tiden?", "nb",
     True),
    ("Ha det bra.", "Hvordan bestiller dere deler i dag?", "nb", False),
])
def test_already_said_reads_the_words_not_the_spelling(reply: str, answer: str, lang: str,
                                                       same: bool) -> None:
    assert already_said(reply, answer, lang) is same


def test_a_reply_that_is_the_model_answer_gets_no_improvement() -> None:
    scenario = load_file(CAR).scenario
    node = scenario.start
    answer = advice(scenario, node, base_values(scenario, "Sam"))
    assert answer is not None
    offered = improvements(scenario, "Sam", {1: (node, answer), 3: (node, "ok")}, [1, 3])
    assert offered[1] is None
    assert offered[3] == answer


def test_the_cost_of_a_hint_does_not_make_a_good_reply_weak() -> None:
    good = "Thanks. How do you order your parts at the moment, and how is that working?"
    turns = [Turn("prospect", "Hello?"), Turn("trainee", good, hint_used=True)]
    card = grade_call(turns, None, (), "en")
    assert card.hints_used == 1
    assert 1 not in card.weakest_turns
