"""Casual typing is written out in one scan of the text; it must say exactly what applying
each rule in turn says, on every text the library and the reply sets hold."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.engine.understanding.canon import casual
from trainer.engine.understanding.lang_data import LanguageData, language

ROOT = Path(__file__).resolve().parents[2]


def one_rule_at_a_time(text: str, lang: LanguageData) -> str:
    text = text.casefold().replace("’", "'")
    for pattern, replacement in lang.casual:
        text = pattern.sub(replacement, text)
    return text


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _corpus(folder: str) -> list[str]:
    texts: set[str] = set()
    for path in sorted((ROOT / folder).rglob("*.yaml")):
        texts.update(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return sorted(texts)


@pytest.mark.parametrize("code", ["en", "nb"])
@pytest.mark.parametrize("folder", ["scenarios", "tests/data/natural", "tests/data/paraphrases"])
def test_single_scan_matches_rule_by_rule(code: str, folder: str) -> None:
    lang = language(code)
    texts = _corpus(folder)
    assert texts
    differ = [t for t in texts if casual(t, lang) != one_rule_at_a_time(t, lang)]
    assert differ == []


CASUAL_WORDS = st.sampled_from(
    "i ill im cant wont dont theyre youre whats thats u ur r pls gonna e-post e post bl a "
    "mail jaa neii hallo it's what's we'd they'd let's".split()
)


@given(st.lists(st.one_of(CASUAL_WORDS, st.text(max_size=6)), max_size=12))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_single_scan_matches_rule_by_rule_on_any_mix(words: list[str]) -> None:
    text = " ".join(words)
    for code in ("en", "nb"):
        lang = language(code)
        assert casual(text, lang) == one_rule_at_a_time(text, lang)
