"""Concept classes join words that mean the same, never opposites: having a product in stock
and having sold out are different news to a buyer."""

from __future__ import annotations

import pytest

from trainer.engine.understanding.canon import Canoniser


@pytest.mark.parametrize(
    ("lang", "have", "have_not"),
    [
        ("en", "we have it in stock", "it is sold out"),
        ("en", "let me check stock", "we ran out"),
        ("en", "ready to ship from stock", "it is on back order"),
        ("nb", "vi har den på lager", "den er utsolgt"),
        ("nb", "jeg sjekker lageret", "den er ikke på lager"),
        ("nb", "vi har dem inne", "den er i restordre"),
    ],
)
def test_in_stock_and_sold_out_stay_apart(lang: str, have: str, have_not: str) -> None:
    canon = Canoniser(lang)
    assert not set(canon.words(have)) & set(canon.words(have_not)) - set(
        canon.words("it is the we den er vi har jeg")
    )


def test_checking_is_not_a_recap() -> None:
    canon = Canoniser("en")
    assert "recap" not in canon.words("let me check the stock for you")
    assert "recap" in canon.words("just to recap, you need twelve")
