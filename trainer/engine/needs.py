"""Hidden needs: revealed when the trainee ASKS about them, never by a statement or a pitch."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from trainer.engine.text import normalise
from trainer.scenario.models import Need

# partial_ratio of a cue against a window of the question's words of the same length: 100 for
# the exact word, ~88 for "delivery" in "deliveries" or "pay" in "paying", below for unrelated
# words that merely share letters (measured in tests/engine/test_needs.py).
CUE_THRESHOLD = 86.0
# Cues this short only count as a whole word: "pay" should not be found inside "paypal".
SHORT_CUE = 3


@dataclass(frozen=True, slots=True)
class CompiledNeed:
    id: str
    fact: str
    cues: tuple[tuple[str, ...], ...]


@cache
def _compile_cues(cues: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(n.split()) for n in (normalise(c) for c in cues) if n)


def _compile(need: Need) -> CompiledNeed:
    # Need holds a list, so it is not hashable; the cue tuple is the cache key instead.
    return CompiledNeed(need.id, need.fact, _compile_cues(tuple(need.cues)))


def cue_matches(cue: Sequence[str], words: Sequence[str]) -> bool:
    size = len(cue)
    phrase = " ".join(cue)
    for start in range(0, max(1, len(words) - size + 1)):
        window = " ".join(words[start : start + size])
        if not window:
            continue
        if window == phrase:
            return True
        if len(phrase) <= SHORT_CUE:
            continue
        # A window shorter than the cue can only be a truncated form ("deliver" for
        # "delivery"); a much shorter one is another word ("du" is not "dugg").
        if len(window) < len(phrase) and len(window) < 0.8 * len(phrase):
            continue
        if fuzz.partial_ratio(phrase, window) >= CUE_THRESHOLD and window[:2] == phrase[:2]:
            return True
    return False


def asked_needs(
    questions: Iterable[str], needs: Iterable[Need], already: Collection[str]
) -> list[Need]:
    """Needs (not yet revealed) whose cues appear in one of the trainee's questions."""
    found: list[Need] = []
    question_words = [normalise(q).split() for q in questions]
    question_words = [w for w in question_words if w]
    if not question_words:
        return found
    for need in needs:
        if need.id in already:
            continue
        compiled = _compile(need)
        if any(cue_matches(cue, words) for cue in compiled.cues for words in question_words):
            found.append(need)
    return found
