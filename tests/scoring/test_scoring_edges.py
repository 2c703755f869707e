"""Odd input never raises: empty, emoji, huge, shouting with acronyms, control characters;
wrong input raises ScoringInputError with a clear message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import ScoringInputError, Turn, analyse_reply, grade_call

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\n",
        "🙂👍",
        "Hi 👋 can we talk? 🙏",
        "?",
        "...?!",
        "a" * 10_000,
        ("Thanks, how do you order parts today? " * 300)[:10_240],
        "Hello\x00 there\x07, how\x1b[31m are\u200b you?\r\nFine\u2028ok",
    ],
)
def test_odd_text_never_raises(text: str, lang: str) -> None:
    a = analyse_reply(text, lang)
    assert 0 <= a.politeness.score <= 100
    assert 0 <= a.reply_score <= 100
    a.to_dict()


def test_empty_reply_is_neutral() -> None:
    a = analyse_reply("", "en")
    assert a.politeness.score == 50 and a.question_form == "none" and not a.questions


def test_acronyms_are_not_shouting() -> None:
    assert not analyse_reply("Our CRM and ERP export a PDF with VAT.", "en").has("all_caps")
    assert not analyse_reply("Vi er et AS, prisene er eks. MVA, og CRM-et følger med.", "nb").has(
        "all_caps"
    )
    assert analyse_reply("YOU MUST BUY THIS TODAY", "en").has("all_caps")


def test_control_characters_do_not_break_quotes() -> None:
    a = analyse_reply("Thanks\x00 a lot!", "en")
    assert [m.words for m in a.markers("gratitude")] == ["Thanks"]


def test_quotes_are_exact_spans_of_the_text() -> None:
    text = "Hi Mike, I’m sorry — thank you for your patience. Could you tell me more?"
    for m in analyse_reply(text, "en").politeness.markers:
        assert m.words in text


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(max_size=300), st.sampled_from(["en", "nb"]))
def test_any_text_is_analysed(text: str, lang: str) -> None:
    a = analyse_reply(text, lang)
    assert a.question_form in ("open", "closed", "none")
    assert a.stacked == (len(a.questions) >= 2)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(st.sampled_from(["trainee", "prospect"]), st.text(max_size=80)), max_size=12)
)
def test_any_transcript_is_graded(turns: list[tuple[str, str]]) -> None:
    card = grade_call([Turn(s, t) for s, t in turns], None, (), "en")  # type: ignore[arg-type]
    assert 0 <= card.total <= 100
    assert all(0 <= c.score <= 100 for c in card.criteria.values())


@pytest.mark.parametrize(
    "call",
    [
        lambda: analyse_reply("hi", "de"),
        lambda: analyse_reply("hi", "en", {"objection": "weather"}),
        lambda: analyse_reply("hi", "en", {"mood": 3}),
        lambda: analyse_reply(None, "en"),  # type: ignore[arg-type]
        lambda: analyse_reply("hi", "en", "price"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_raise_scoring_input_error(call: object) -> None:
    with pytest.raises(ScoringInputError):
        call()  # type: ignore[operator]


def test_importing_scoring_loads_no_trainer_and_no_textual() -> None:
    code = (
        "import sys, scoring\n"
        "scoring.analyse_reply('Hi, can we meet Thursday at 10?', 'nb')\n"
        "roots = ('trainer', 'textual', 'click')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print('BAD', bad) if bad else print('CLEAN')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "CLEAN", out.stdout


def test_typed_apostrophes_count_like_straight_ones() -> None:
    ctx = {"objection": "price", "prospect_line": "You’re too expensive."}
    curly = analyse_reply("That’s fair. What do you compare us with?", "en", ctx)
    straight = analyse_reply("That's fair. What do you compare us with?", "en", ctx)
    assert curly.objection is not None and straight.objection is not None
    assert curly.objection.acknowledged and straight.objection.acknowledged
    assert curly.reply_score == straight.reply_score


@pytest.mark.parametrize(
    "text,lang", [("Thanks, but we're fine as we are.", "en"), ("Takk, men vi klarer oss.", "nb")]
)
def test_thanks_but_is_a_brush_off_not_gratitude(text: str, lang: str) -> None:
    assert not analyse_reply(text, lang).has("gratitude")
    assert analyse_reply(text.replace(", but", ".").replace(", men", "."), lang).has("gratitude")


BASES = {
    "en": [
        "How do you order parts today?",
        "We deliver next day.",
        "Fair point.",
        "Would Thursday work?",
        "I understand, what happens when a part is late?",
    ],
    "nb": [
        "Hvordan bestiller dere deler i dag?",
        "Vi leverer neste dag.",
        "Godt poeng.",
        "Passer torsdag?",
        "Jeg forstår, hva skjer når en del er forsinket?",
    ],
}
THANKS = {"en": "Thank you.", "nb": "Tusen takk."}
PUSH = {
    "en": "Decide now, it's your last chance.",
    "nb": "Du må bestemme deg nå, det er siste sjanse.",
}


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.sampled_from(["en", "nb"]), st.integers(0, 4), st.integers(0, 4))
def test_thanks_never_lowers_and_pressure_never_raises(lang: str, i: int, j: int) -> None:
    reply = f"{BASES[lang][i]} {BASES[lang][j]}"
    base = analyse_reply(reply, lang)
    thanked = analyse_reply(f"{THANKS[lang]} {reply}", lang)
    pushed = analyse_reply(f"{reply} {PUSH[lang]}", lang)
    assert thanked.politeness.score >= base.politeness.score
    assert pushed.politeness.score < base.politeness.score
    assert pushed.reply_score < base.reply_score
