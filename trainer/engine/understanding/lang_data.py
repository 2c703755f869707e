"""Per-language data for understanding replies, read once from `lang/<code>.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import snowballstemmer
import yaml

from trainer.engine.text import normalise

STEMMERS = {"en": "english", "nb": "norwegian"}


@dataclass(frozen=True, slots=True)
class LanguageData:
    code: str
    casual: tuple[tuple[re.Pattern[str], str], ...]
    # The casual patterns as one alternation, so a text is scanned once, not once per
    # pattern; `casual_parts[i]` rewrites what alternative i matched.
    casual_any: re.Pattern[str] | None
    numbers: dict[str, str]
    # stem of a one-word concept member -> the concept's name
    concept_words: dict[str, str]
    # normalised multi-word member (as a tuple of words) -> the concept's name
    concept_phrases: dict[tuple[str, ...], str]
    longest_phrase: int
    compound_min_part: int
    compound_linkers: tuple[str, ...]
    yes: frozenset[str]
    no: frozenset[str]
    concept_acts: dict[str, str]
    clarify: tuple[str, ...]
    clarify_curt: tuple[str, ...]

    def stem(self, word: str) -> str:
        return _stem(self.code, word)


@cache
def _stemmer(code: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMERS.get(code, "english"))


@cache
def _stem(code: str, word: str) -> str:
    if word.isdigit():
        return word
    stemmed: str = _stemmer(code).stemWord(word)
    return stemmed


def _word_pattern(pattern: str) -> re.Pattern[str]:
    # Whole words only: "ill" is "I'll", but "illness" stays itself.
    return re.compile(rf"(?<![\w'’])(?:{pattern})(?![\w'’])")


def _numbered_off(pattern: str) -> str:
    # Inside the alternation a pattern's own groups must not shift the group numbers the
    # other alternatives are told apart by: its `(` become `(?:`; the rewrite applies the
    # pattern itself (back-references and all) to the matched word.
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


@cache
def language(code: str) -> LanguageData:
    name = code if code in STEMMERS else "en"
    text = (
        resources.files("trainer.engine.understanding.lang")
        .joinpath(f"{name}.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.safe_load(text)
    # Sales-call concept classes live in their own file: more classes, and members added to
    # the general classes under `extend:`; the general file's classes claim words first.
    extra_file = resources.files("trainer.engine.understanding.lang").joinpath(
        f"{name}.concepts.yaml"
    )
    extra = yaml.safe_load(extra_file.read_text(encoding="utf-8")) if extra_file.is_file() else {}
    concepts: dict[str, list[object]] = {
        str(k): list(v) for k, v in (data.get("concepts") or {}).items()
    }
    for k, v in ((extra or {}).get("extend") or {}).items():
        concepts.setdefault(str(k), []).extend(v)
    for k, v in ((extra or {}).get("concepts") or {}).items():
        concepts.setdefault(str(k), []).extend(v)
    casual = tuple((_word_pattern(p), r) for p, r in data.get("casual", []))
    patterns = [str(p) for p, _ in data.get("casual", [])]
    casual_any = (
        re.compile(
            r"(?<![\w'’])(?:" + "|".join(f"(?P<c{i}>{_numbered_off(p)})" for i, p in
                                         enumerate(patterns)) + r")(?![\w'’])"
        )
        if patterns
        else None
    )
    numbers = {normalise(str(k)): str(v) for k, v in (data.get("numbers") or {}).items()}
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for concept, members in concepts.items():
        for member in [concept, *members]:
            parts = tuple(normalise(str(member)).split())
            if not parts:
                continue
            if len(parts) == 1:
                # The first class that claims a word keeps it.
                words.setdefault(_stem(name, parts[0]), str(concept))
            else:
                phrases.setdefault(parts, str(concept))
    compounds = data.get("compounds") or {}
    return LanguageData(
        code=name,
        casual=casual,
        casual_any=casual_any,
        numbers=numbers,
        concept_words=words,
        concept_phrases=phrases,
        longest_phrase=max((len(p) for p in phrases), default=1),
        compound_min_part=int(compounds.get("min_part", 0)),
        compound_linkers=tuple(str(x) for x in compounds.get("linkers", ())),
        yes=frozenset(normalise(str(y)) for y in data.get("confirm", [])),
        no=frozenset(normalise(str(n)) for n in data.get("deny", [])),
        concept_acts={str(k): str(v) for k, v in ((extra or {}).get("concept_acts") or {}).items()},
        clarify=tuple(str(c) for c in data.get("clarify", [])),
        clarify_curt=tuple(str(c) for c in data.get("clarify_curt", [])),
    )
