"""Lexicon phrase syntax: `~` Bokmål endings, `{INT}` intensifier slots, `words` lists,
leading groups spread into the trie, and a clear error for a broken phrase."""

from __future__ import annotations

import re

import pytest

from scoring import ScoringInputError
from scoring.lexicon import _split_lead, build, compile_any, compile_folded, insensitive


def _lexicon(politeness: dict[str, object], **extra: object) -> object:
    return build({"lang": "xx", "politeness": politeness, **extra})


def test_tilde_accepts_bokmal_endings_but_not_other_words() -> None:
    regex = compile_folded(["ordre~", "møte~"])
    assert regex is not None
    for word in ("ordre", "ordren", "ordrer", "ordrene", "møte", "møtet", "møtene"):
        assert regex.fullmatch(word), word
    for word in ("ordrebekreftelse", "ordnet", "møtestedet"):
        assert not regex.search(word), word


def test_intensifier_slot_takes_up_to_two_degree_words() -> None:
    lex = _lexicon(
        {"acknowledgement": {"any": ["that makes {INT}sense"]}},
        intensifiers=["total", "really", "a lot of"],
    )
    regex = lex.marker("acknowledgement").regex  # type: ignore[attr-defined]
    for text in (
        "that makes sense",
        "that makes total sense",
        "that makes a lot of sense",
        "that makes really total sense",
    ):
        assert regex.search(text), text
    assert not regex.search("that makes no sense")
    assert not regex.search("that makes really really total sense")


def test_words_mode_keeps_a_lower_cased_word_list_and_no_regex() -> None:
    lex = _lexicon({"second_person": {"words": ["You", "your"]}})
    rule = lex.marker("second_person")  # type: ignore[attr-defined]
    assert rule.regex is None and rule.phrases == ("you", "your")


def test_leading_group_is_spread_only_when_it_is_a_plain_choice() -> None:
    assert _split_lead(r"(shall|can)\s+i") == [r"shall\s+i", r"can\s+i"]
    assert _split_lead(r"(has\s+)?signed") == [r"(has\s+)?signed"]
    assert _split_lead(r"(a(b|c)|d)e") == [r"(a(b|c)|d)e"]
    assert _split_lead(r"(?:x|y)z") == [r"(?:x|y)z"]


def test_spread_groups_match_what_the_group_matched() -> None:
    phrases = ["(shall|can|could) i (send|book)", "(let's|let us) meet"]
    folded = compile_folded(phrases)
    plain = compile_any(phrases)
    assert folded is not None and plain is not None
    for text in ("shall i book", "could i send", "let's meet", "let us meet", "can we book"):
        assert bool(folded.search(text)) == bool(plain.search(text)), text


def test_folded_pattern_has_a_case_insensitive_twin() -> None:
    folded = compile_folded(["har De tid"])
    assert folded is not None
    assert folded.search("ja, har de tid?") and not folded.search("Har De tid?")
    twin = insensitive(folded)
    assert twin.flags & re.IGNORECASE and twin.search("Har De tid?")


def test_broken_phrase_is_named() -> None:
    with pytest.raises(ScoringInputError, match=r"bad lexicon phrase .re:\(broken"):
        compile_folded(["fine", "re:(broken"])
