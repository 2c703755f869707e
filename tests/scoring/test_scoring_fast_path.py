"""The lower-cased fast path (cased regexes on folded text) finds exactly what the
case-insensitive path finds, whatever the letter case of the reply."""

from __future__ import annotations

import random

import pytest
from scoring_devset_eval import load_rows

from scoring import analyse_reply, closing, grading, objections, politeness, questions, reply
from scoring.lexicon import lowered

MODULES = (closing, grading, objections, politeness, questions, reply)


def _case_mix(text: str, rng: random.Random) -> str:
    return "".join(ch.upper() if rng.random() < 0.3 else ch for ch in text)


def _summary(text: str, lang: str, context: object) -> tuple[object, ...]:
    a = analyse_reply(text, lang, context)  # type: ignore[arg-type]
    return (
        [(m.name, m.words) for m in a.politeness.markers],
        [(q.form, q.spin) for q in a.questions],
        a.closing,
        a.objection,
        a.pitch_words,
        a.stuffing,
        a.reply_score,
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_fast_path_agrees_with_case_insensitive_matching(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    rows = load_rows()
    cases = [(_case_mix(r["text"], rng), r["lang"], r.get("context")) for r in rows]
    fast = [_summary(*c) for c in cases]
    for module in MODULES:
        if hasattr(module, "fold"):
            monkeypatch.setattr(module, "fold", lambda _text: None)
    slow = [_summary(*c) for c in cases]
    mismatches = [c[0] for c, f, s in zip(cases, fast, slow, strict=True) if f != s]
    assert not mismatches, mismatches[:5]


def test_lowered_pattern_keeps_escapes() -> None:
    import re

    src = re.compile(r"\bHar De\W+[A-Z]\d", re.IGNORECASE)
    low = lowered(src)
    assert low.pattern == r"\bhar de\W+[a-z]\d"
    assert not low.flags & re.IGNORECASE
    assert low.search("ja, har de: x1") and not low.search("har de x")


def test_intro_anchors_only_skip_replies_with_no_self_introduction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from scoring.lexicon import get_lexicon

    rows = [r for r in load_rows() if r["lang"] == "en"]
    texts = [r["text"] for r in rows] + [r["text"].upper() for r in rows[:50]]
    with_anchors = [_summary(t, "en", None) for t in texts]
    plain = replace(get_lexicon("en"), intro_anchors=())
    monkeypatch.setattr(reply, "get_lexicon", lambda _lang: plain)
    without = [_summary(t, "en", None) for t in texts]
    assert with_anchors == without
