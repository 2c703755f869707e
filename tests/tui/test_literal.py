"""Whatever a trainee types or an author writes is displayed as plain characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.tui.literal import clean, literal


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_control_characters_survive(text: str) -> None:
    shown = literal(text).plain
    assert all(ch == "\n" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in shown)
    assert "\n" not in literal(text, single_line=True).plain


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("[]/=abc @#:\\\"'"), max_size=60))
def test_markup_characters_are_kept_verbatim(text: str) -> None:
    assert literal(text).plain == text
    assert not literal(text).spans


def test_ansi_escape_loses_its_escape() -> None:
    assert clean("\x1b[31mred\x1b[0m\tx") == "[31mred[0m x"
