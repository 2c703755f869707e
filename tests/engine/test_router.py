from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.engine.router import (
    CompiledBranch,
    _score_all,
    compile_branch,
    route,
    score_branch,
)
from trainer.engine.text import fill, normalise
from trainer.scenario.models import Branch


def _branch(
    index: int, intent: str, examples: list[str], keywords: tuple[str, ...] = ()
) -> CompiledBranch:
    return CompiledBranch(index, intent, tuple(normalise(e) for e in examples), keywords)


GREET = _branch(0, "greet", ["Hi, this is Sam from NordParts, do you have two minutes?"])
PITCH = _branch(1, "pitch", ["We have the cheapest brake pads in the country"])


def test_normalise_keeps_letters_and_folds_case_and_punctuation() -> None:
    assert normalise("  Hei, Ærlig talt —  BLÅ   Øl?! ") == "hei ærlig talt blå øl"
    assert normalise("ﬁne") == "fine"  # NFKC ligature
    assert normalise("snake_case") == "snake case"
    assert normalise("😀 ?!") == ""


def test_fill_only_replaces_known_names_and_never_formats() -> None:
    assert fill("Hi {prospect}, {unknown} {0} {__class__}", {"prospect": "Mike"}) == (
        "Hi Mike, {unknown} {0} {__class__}"
    )
    assert fill("{a.__class__}", {"a": 1}) == "{a.__class__}"


def test_a_close_paraphrase_wins_with_its_runner_up() -> None:
    reply = normalise("hey, Sam here from NordParts, got two minutes?")
    decision = route(reply, [GREET, PITCH], 60, 5)
    assert decision.winner is GREET
    assert decision.runner_up is PITCH
    assert decision.best_score >= 60 and decision.runner_up_score is not None
    assert decision.best_score - decision.runner_up_score >= 5


def test_an_unrelated_reply_falls_below_the_threshold() -> None:
    decision = route(normalise("what's the weather like in Bergen"), [GREET, PITCH], 60, 5)
    assert decision.winner is None
    assert decision.reason == "below_threshold"
    assert decision.best is not None and decision.best_score < 60


def test_two_intents_too_close_together_are_ambiguous() -> None:
    a = _branch(0, "a", ["book a meeting on thursday"])
    b = _branch(1, "b", ["book a meeting on tuesday"])
    decision = route(normalise("book a meeting on thursday or tuesday"), [a, b], 50, 10)
    assert decision.winner is None
    assert decision.reason == "ambiguous"


def test_branches_sharing_an_intent_do_not_compete() -> None:
    a = _branch(0, "same", ["book a meeting on thursday"])
    b = _branch(1, "same", ["book a meeting on tuesday"])
    decision = route(normalise("book a meeting on thursday"), [a, b], 50, 10)
    assert decision.winner is a
    assert decision.runner_up is None


def test_keywords_add_a_bonus_and_can_match_alone() -> None:
    plain = _branch(0, "x", ["could we talk about the price"])
    keyed = _branch(0, "x", ["could we talk about the price"], ("price",))
    reply = normalise("what about price then")
    assert score_branch(reply, keyed) > score_branch(reply, plain)
    only = _branch(0, "only", [], ("budget", "price"))
    assert score_branch(normalise("what is the budget"), only) >= 70
    assert score_branch(normalise("nothing relevant"), only) == 0
    # keywords match whole words only
    assert score_branch(normalise("budgetary"), only) == 0


def test_no_branches_and_empty_reply() -> None:
    assert route("anything", [], 60, 5).reason == "no_branches"
    decision = route("", [GREET], 60, 5)
    assert decision.winner is None and decision.best_score == 0


def test_examples_are_filled_with_scenario_names() -> None:
    branch = Branch(intent="greet", examples=["This is {trainee} from {company}"], goto="x")
    compiled = compile_branch(0, branch, {"trainee": "Kari", "company": "NordParts"})
    assert compiled.examples == ("this is kari from nordparts",)


def test_only_the_first_thousand_characters_are_routed() -> None:
    greeting = "hi this is sam from nordparts do you have two minutes"
    padding = "lorem ipsum dolor sit amet " * 200
    assert route(normalise(greeting + " " + padding), [GREET, PITCH], 60, 5).winner is GREET
    late = route(normalise(padding + " " + greeting), [GREET, PITCH], 60, 5)
    assert late.winner is None and late.reason == "below_threshold"


WORDS = ["how", "do", "you", "order", "parts", "price", "møte", "på", "torsdag", "ok", "a"]
PHRASE = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    reply=PHRASE,
    branches=st.lists(
        st.tuples(
            st.lists(PHRASE.filter(bool), max_size=4),
            st.lists(st.sampled_from(WORDS), max_size=2),
        ),
        min_size=1, max_size=6,
    ),
)
def test_batch_scoring_equals_pairwise_scoring(
    reply: str, branches: list[tuple[list[str], list[str]]]
) -> None:
    compiled = [
        CompiledBranch(i, f"i{i}", tuple(ex), tuple(kw)) for i, (ex, kw) in enumerate(branches)
    ]
    batch = _score_all(reply, compiled)
    pairwise = [score_branch(reply, b) for b in compiled]
    assert batch == pytest.approx(pairwise)
    assert all(0 <= s <= 100 for s in batch)
