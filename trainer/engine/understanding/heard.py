"""One reply as the engine understands it: its words, canonical words, acts and slots."""

from __future__ import annotations

from dataclasses import dataclass

from scoring import ReplyAnalysis
from trainer.engine.text import ROUTING_LIMIT, normalise
from trainer.engine.understanding.acts import acts_of
from trainer.engine.understanding.canon import Canoniser
from trainer.engine.understanding.slots import slot_values


@dataclass(frozen=True, slots=True)
class Heard:
    text: str
    norm: str
    words: tuple[str, ...]  # canonical words
    acts: dict[str, str]  # act -> the words that show it
    slots: dict[str, str]  # placeholder -> value

    @property
    def canon(self) -> str:
        return " ".join(self.words)


def hear(text: str, lang: str, canoniser: Canoniser, analysis: ReplyAnalysis | None) -> Heard:
    """`analysis` is the grader's analysis of the same reply, made once and shared."""
    routed = text[:ROUTING_LIMIT]
    slots = slot_values(routed, lang)
    acts = acts_of(analysis, slots) if analysis is not None else {}
    words = canoniser.words(routed)
    norm = normalise(routed)
    for word in words:
        act = canoniser.lang.concept_acts.get(word)
        if act is not None and act not in acts:
            acts[act] = _typed(word, norm, canoniser)
    return Heard(routed, norm, words, acts, slots)


def _typed(concept: str, norm: str, canoniser: Canoniser) -> str:
    """The words the trainee typed for a concept ("beats" for `superior`), to quote them."""
    tokens = norm.split()
    for size in range(min(canoniser.lang.longest_phrase, len(tokens)), 0, -1):
        for i in range(len(tokens) - size + 1):
            part = " ".join(tokens[i : i + size])
            if concept in canoniser.words(part) and len(canoniser.words(part)) == 1:
                return part
    return concept
