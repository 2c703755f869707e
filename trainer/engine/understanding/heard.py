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
            acts[act] = canoniser.typed(norm).get(word, word)
    return Heard(routed, norm, words, acts, slots)

