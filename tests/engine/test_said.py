"""The prospect never gives the same fact twice in one breath."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trainer.engine.said import without_repeated_facts
from trainer.scenario.library import resolve

FACT = "Today every hotel deals with six different laundries. I want one contract."


def test_a_line_that_restates_the_fact_just_given_keeps_only_what_is_new() -> None:
    lines = [(FACT, None, None),
             ("Today we use six different laundries around the country. Some of them are good.",
              "now", None)]
    out, facts = without_repeated_facts(lines, {FACT})
    assert [t for t, _, _ in out] == [FACT, "Some of them are good."]
    assert facts == {FACT}


def test_a_fact_the_line_before_already_said_is_not_said_again() -> None:
    lines = [("Every hotel deals with six different laundries today, each on its own.",
              "now", None), (FACT, None, None)]
    out, facts = without_repeated_facts(lines, {FACT})
    assert [t for t, _, _ in out] == [lines[0][0], "I want one contract."]
    assert facts == {"I want one contract."}


def test_a_line_with_nothing_else_is_kept_if_it_is_all_there_is() -> None:
    lines = [("Six different laundries, every single hotel.", None, None)]
    assert without_repeated_facts(lines, set())[0] == lines


def test_lines_that_only_share_small_words_stay() -> None:
    lines = [(FACT, None, None), ("What did you have in mind for the hotels?", "q", None)]
    assert without_repeated_facts(lines, {FACT})[0] == lines


@given(st.lists(st.text(max_size=80), max_size=5))
def test_never_more_lines_and_never_none_when_there_were_some(texts: list[str]) -> None:
    lines = [(t, None, None) for t in texts]
    out, _ = without_repeated_facts(lines, set(texts[:1]))
    assert len(out) <= len(lines)
    assert bool(out) == bool(lines)


def test_the_vip_prospect_does_not_repeat_her_laundries() -> None:
    from trainer.engine import Call

    s = resolve("vip-kunde-rammeavtale").scenario
    call = Call(s, "Sam", seed=0)
    call.start()
    call.reply("hei Camilla, det er Sam fra Fjellvask. vi snakket sammen på konferansen i "
               "Bergen for et par uker siden. passer det å ta fem minutter nå?")
    turn = call.reply("du nevnte at dere ser på tekstilservicen og vil ned på færre "
                      "leverandører. hvordan ser det ut i dag, hvor mange vaskerier bruker dere?")
    said = " ".join(turn.lines)
    assert said.count("seks ulike vaskerier") == 1, turn.lines
