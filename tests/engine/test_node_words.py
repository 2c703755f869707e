"""The words that set a node's branches apart: weighed per node, quoted, never counted twice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.lexicon import get_lexicon
from trainer.engine import Call
from trainer.engine.understanding.canon import Canoniser
from trainer.engine.understanding.node_words import NodeWords, terms

from .engine_scenario import scenario

EN = Canoniser("en")
STOP = get_lexicon("en").stopwords


def _terms(text: str) -> list[str]:
    return terms(text.lower(), EN.words(text), STOP)


def _node() -> NodeWords:
    return NodeWords.build(
        [
            [_terms("I understand, what budget did you have in mind?"),
             _terms("I understand, what were you hoping to spend?")],
            [_terms("I understand, but I can cut the price by ten percent"),
             _terms("I understand, we can knock some money off")],
        ]
    )


def test_the_words_that_tell_branches_apart_outweigh_the_words_they_share() -> None:
    node = _node()
    reply = node.reply_vector(_terms("I understand, but I could cut it for you"))
    explore, _ = node.similarity(reply, 0)
    discount, telling = node.similarity(reply, 1)
    assert discount > explore
    assert "cut" in telling


def test_a_reply_in_words_the_node_never_uses_is_like_no_branch() -> None:
    node = _node()
    reply = node.reply_vector(_terms("the weather in Bergen is lovely today"))
    assert node.similarity(reply, 0) == (0.0, ())
    assert node.similarity(reply, 1) == (0.0, ())


def test_unseen_words_make_a_reply_less_like_a_branch() -> None:
    node = _node()
    short = node.reply_vector(_terms("cut the price"))
    padded = node.reply_vector(_terms("cut the price, the weather in Bergen is lovely today"))
    assert node.similarity(padded, 1)[0] < node.similarity(short, 1)[0]


def test_a_term_left_out_counts_nothing() -> None:
    node = _node()
    reply = node.reply_vector(_terms("cut the price"))
    assert node.similarity(reply, 1, {"cut", "price", "cut price"}) < node.similarity(reply, 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=4), st.text(max_size=120))
def test_cosines_stay_between_zero_and_one(examples: list[str], reply: str) -> None:
    node = NodeWords.build([[_terms(e) for e in examples], [_terms("cut the price")]])
    vector = node.reply_vector(_terms(reply))
    for index in (0, 1):
        cosine, telling = node.similarity(vector, index)
        assert -1e-9 <= cosine <= 1 + 1e-9
        assert len(telling) <= 3


def test_the_match_quotes_the_words_that_set_the_branch_apart() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    result = call.reply("Hi Mike, Sam from NordParts here, do you have two minutes?")
    assert result.match is not None and result.match.intent == "introduce"
    assert any(w.startswith("words that set it apart") for w in result.match.why)


def test_a_keyword_hit_is_not_counted_again_as_a_telling_word() -> None:
    # "second" is the concept "minute", which the branch has as a keyword: one hit, not two.
    call = Call(scenario(), "Sam")
    call.start()
    result = call.reply("you cut out for a second there")
    assert result.match is None
    assert result.global_intent == "repeat"


def test_the_same_scores_whatever_the_hash_seed() -> None:
    code = (
        "from trainer.scenario.library import resolve\n"
        "from trainer.engine import Call\n"
        "c = Call(resolve('cold-call-car-parts').scenario, 'Sam', seed=1)\n"
        "for r in ['hi mike, sam from nordparts, got two minutes?',\n"
        "          'who do you get your parts from at the minute?',\n"
        "          'what happens when a part turns up late?']:\n"
        "    t = c.reply(r)\n"
        "    print(t.match.score if t.match else None, t.match.why if t.match else t.fallback)\n"
    )
    root = Path(__file__).resolve().parents[2]
    runs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
            check=True,
        )
        runs.add(done.stdout)
    assert len(runs) == 1, runs


def test_a_keyword_found_in_other_words_is_quoted_as_the_trainee_typed_it() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    result = call.reply("Hi Mike, Sam from NordParts, have you got a sec?")
    assert result.match is not None and result.match.intent == "introduce"
    said = next(w for w in result.match.why if w.startswith("keywords"))
    assert said == "keywords “a sec”"
