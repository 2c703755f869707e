"""The prospect never gives the same fact twice in one breath.

A need revealed by the trainee's question ("we have six laundries and I want one contract")
is often what the next node's own line says again ("Today we use six different laundries"):
said twice in a row it sounds like a script. Within one turn, a sentence that restates a
fact the prospect has just given is left out, and so is a fact sentence a line before it
already said in other words; the rest of the line stays, so its question still reaches the
trainee. Across turns a restated fact is the author's ("as I said, …") and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
# Words of four letters or more carry the content; "six laundries" is in "6 laundries" too.
_WORD = re.compile(r"\w{4,}|\d+")
# A sentence restates another when this share of its content words (and at least
# MIN_WORDS of them) are in that other sentence.
SHARE = 0.6
MIN_WORDS = 3

Line = tuple[str, str | None, str | None]  # text, node, objection


def _content(sentence: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(sentence))


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.strip()) if s]


def _restates(words: frozenset[str], said: Iterable[frozenset[str]]) -> bool:
    if len(words) < MIN_WORDS:
        return False
    need = max(MIN_WORDS, SHARE * len(words))
    return any(len(words & other) >= need for other in said)


def without_repeated_facts(lines: Sequence[Line], facts: set[str]) -> tuple[list[Line], set[str]]:
    """`facts`: the texts of this turn's lines that give a need's fact. Returns the lines with
    repeated sentences left out (a line with nothing new is dropped, unless it is all the
    prospect would say) and the fact lines' texts as they now read."""
    given: list[frozenset[str]] = []  # the facts said so far this turn
    spoken: list[frozenset[str]] = []  # everything said so far this turn
    out: list[Line] = []
    out_facts: set[str] = set()
    for text, node, objection in lines:
        is_fact = text in facts
        against = spoken if is_fact else given
        kept = [s for s in _sentences(text) if not _restates(_content(s), against)]
        said = [_content(s) for s in _sentences(text)]
        spoken += said
        if is_fact:
            given += said
        if kept:
            new = " ".join(kept)
            out.append((new, node, objection))
            if is_fact:
                out_facts.add(new)
    if not out and lines:
        return [lines[-1]], facts & {lines[-1][0]}
    return out, out_facts
