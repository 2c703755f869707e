"""Needs and their ladders: what the prospect tells a trainee who asks about them.

A question about a hidden need reveals its fact. Later questions about the same need climb
its ladder (situation → problem → implication → need-payoff): the rung the question's SPIN
kind asks for if still unsaid, else the next unsaid one, each said once, so the prospect
never repeats itself. A question that names no need but asks about consequences or value
("what does that cost you?") is about the need the prospect spoke of last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from trainer.engine.needs import cue_matches
from trainer.engine.understanding.canon import Canoniser
from trainer.scenario.models import RUNGS, Need

# Question kinds that can point back at "that" problem without naming it.
FOLLOW_UP_KINDS = ("problem", "implication", "need_payoff")


@dataclass(frozen=True, slots=True)
class Telling:
    need: str
    rung: str  # "fact" for the reveal, else a ladder rung
    text: str


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    text: str
    spin: str | None


class Discovery:
    """The scenario's needs with their cues in canonical words, compiled once."""

    def __init__(self, needs: Sequence[Need], canoniser: Canoniser) -> None:
        self.needs = list(needs)
        self.canoniser = canoniser
        self.cues = {
            n.id: tuple(w for w in (canoniser.words(c) for c in n.cues) if w) for n in needs
        }

    def _about(self, need: Need, words: Sequence[str]) -> bool:
        return any(cue_matches(cue, words) for cue in self.cues[need.id])

    def tell(
        self,
        questions: Sequence[AskedQuestion],
        revealed: Sequence[str],
        said: Mapping[str, Sequence[str]],
        asked_before: Sequence[Need] = (),
    ) -> list[Telling]:
        """What the prospect tells in answer to these questions, given what it already said.

        `asked_before` are needs the legacy cue matcher found; they are revealed too, so a
        scenario without ladders behaves as it always did."""
        out: list[Telling] = []
        told: set[str] = set()
        for need in asked_before:
            if need.id not in revealed and need.id not in told:
                out.append(Telling(need.id, "fact", need.fact))
                told.add(need.id)
        last = revealed[-1] if revealed else None
        for q in questions:
            words = self.canoniser.words(q.text)
            about = [n for n in self.needs if n.id not in told and self._about(n, words)]
            if not about and last and q.spin in FOLLOW_UP_KINDS and last not in told:
                about = [n for n in self.needs if n.id == last]
            for need in about:
                telling = self._next(need, q.spin, revealed, said)
                if telling is not None:
                    out.append(telling)
                    told.add(need.id)
        return out

    @staticmethod
    def _next(
        need: Need, spin: str | None, revealed: Sequence[str], said: Mapping[str, Sequence[str]]
    ) -> Telling | None:
        if need.id not in revealed:
            return Telling(need.id, "fact", need.fact)
        if need.ladder is None:
            return None
        done = set(said.get(need.id, ()))
        rungs = [(k, v) for k, v in need.ladder.rungs() if k not in done]
        if not rungs:
            return None
        asked = next(((k, v) for k, v in rungs if k == spin), None)
        if asked is None:
            # The next unsaid rung at or after the highest one said so far.
            top = max((RUNGS.index(k) for k in done if k in RUNGS), default=-1)
            asked = next(((k, v) for k, v in rungs if RUNGS.index(k) > top), rungs[0])
        return Telling(need.id, asked[0], asked[1])
