"""The same reply in English and in Bokmål gets the same labels: closing attempt, question
form, SPIN kind and next-step parts. Everyday sales lines (mirrored_pairs.yaml), written for
this test rather than taken from the calibration set, covering Bokmål word order: the verb
before the subject after "Da" or a fronted time, "som" in indirect questions, split verbs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import scoring

PAIRS = [
    (p["en"], p["nb"])
    for p in yaml.safe_load(
        (Path(__file__).with_name("mirrored_pairs.yaml")).read_text(encoding="utf-8")
    )["pairs"]
]


def _labels(text: str, lang: str) -> dict[str, Any]:
    a = scoring.analyse_reply(text, lang)
    main = max(reversed(a.questions), key=lambda q: q.spin is not None) if a.questions else None
    step = a.closing.next_step
    return {
        "closing_attempt": a.closing.attempt,
        "question_form": main.form if main else "none",
        "spin": main.spin if main else None,
        "action": step.action,
        "owner": step.owner,
        "time": step.time,
    }


@pytest.mark.parametrize(("en", "nb"), PAIRS)
def test_a_mirrored_reply_gets_the_same_labels(en: str, nb: str) -> None:
    assert _labels(en, "en") == _labels(nb, "nb")


def test_the_pairs_cover_a_broad_set() -> None:
    assert len(PAIRS) >= 250
