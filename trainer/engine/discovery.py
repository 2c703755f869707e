"""Needs and their ladders: what the prospect tells a trainee who asks about them.

A question about a hidden need reveals its fact. Later questions about the same need climb
its ladder (situation → problem → implication → need-payoff): the rung the question's SPIN
kind asks for if still unsaid, else the next unsaid one, each said once, so the prospect
never repeats itself. A question that names no need but asks about consequences or value
("what does that cost you?") is about the need the prospect spoke of last.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.engine import analysis as scoring_adapter
from trainer.engine.needs import asked_needs, cue_matches
from trainer.engine.results import NeedReveal
from trainer.engine.state import TurnDraft
from trainer.engine.text import normalise
from trainer.engine.understanding.canon import Canoniser
from trainer.scenario.models import RUNGS, Need, Node

# A line that holds this share of a need's fact words states the need (with at least this
# many content words in the fact, so a two-word fact is not found by chance).
VOLUNTEERED = 0.6
MIN_FACT_WORDS = 3
# One sentence of a longer fact must carry more words to count alone.
MIN_SENTENCE_WORDS = 4
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Words that point back at what the prospect just said.
ANAPHORA = frozenset({"that", "it", "this", "those", "det", "dette", "den", "disse"})
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

    def __init__(
        self, needs: Sequence[Need], canoniser: Canoniser, stopwords: frozenset[str] = frozenset()
    ) -> None:
        self.needs = list(needs)
        self.stopwords = stopwords
        self.canoniser = canoniser
        self.cues = {
            n.id: tuple(w for w in (canoniser.stems(c) for c in n.cues) if w) for n in needs
        }
        # What each need is about, to tell which one "that" means in a follow-up question.
        self.topic = {
            n.id: frozenset(
                canoniser.words(
                    " ".join(
                        [n.fact, *n.cues, *(t for _, t in (n.ladder.rungs() if n.ladder else []))]
                    )
                )
            )
            for n in needs
        }

    def _about(self, need: Need, words: Sequence[str]) -> bool:
        return any(cue_matches(cue, words) for cue in self.cues[need.id])

    def tell(
        self,
        questions: Sequence[AskedQuestion],
        revealed: Sequence[str],
        said: Mapping[str, Sequence[str]],
        asked_before: Sequence[Need] = (),
        volunteered: Sequence[str] = (),
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
        for q in questions:
            words = self.canoniser.stems(q.text)
            named = [n for n in self.needs if self._about(n, words)]
            about = [n for n in named if n.id not in told]
            # "That" points back only in a question that names no need itself.
            if not named and q.spin in FOLLOW_UP_KINDS:
                about = self._meant(q.text, [r for r in revealed if r not in told])
            for need in about:
                if need.id in revealed and q.spin is None:
                    # Only a discovery question climbs a ladder; a close or a check that
                    # mentions the need ("how does that sound for the lift?") does not.
                    continue
                telling = self._next(need, q.spin, revealed, said)
                if need.id in volunteered:
                    # The prospect mentioned it unasked; asking about it is what finds it.
                    out.append(Telling(need.id, "credit", ""))
                if telling is not None:
                    out.append(telling)
                if telling is not None or need.id in volunteered:
                    told.add(need.id)
        return out

    def volunteered(self, text: str, revealed: Sequence[str]) -> list[str]:
        """Needs a prospect's line already states in other words ("we're on a busy road and
        the lorries wake the baby"), so its fact is never said again as news."""
        words = set(self.canoniser.words(text)) - self.stopwords
        found = []
        for need in self.needs:
            if need.id in revealed:
                continue
            # The whole fact, or one of its sentences said on its own ("our proof of finance
            # ran out last week" states the need whatever else the fact adds).
            parts = [need.fact, *(p for p in SENTENCE_END.split(need.fact) if p.strip())]
            for part in parts:
                fact = set(self.canoniser.words(part)) - self.stopwords
                least = MIN_FACT_WORDS if part is need.fact else MIN_SENTENCE_WORDS
                if len(fact) >= least and len(fact & words) >= VOLUNTEERED * len(fact):
                    found.append(need.id)
                    break
        return found

    def _meant(self, text: str, revealed: Sequence[str]) -> list[Need]:
        """The revealed need a follow-up without a cue word is about: the one sharing most
        words with it, the most recent on a tie."""
        if not revealed:
            return []
        words = set(self.canoniser.words(text)) - self.stopwords
        ranked = sorted(
            enumerate(revealed), key=lambda ir: (len(words & self.topic.get(ir[1], set())), ir[0])
        )
        (index, need_id) = ranked[-1]
        shared = len(words & self.topic.get(need_id, set()))
        # With no word in common, only "that"/"it" points back, and only at the latest need.
        if not shared and not (
            ANAPHORA & set(normalise(text).split()) and index == len(revealed) - 1
        ):
            return []
        return [n for n in self.needs if n.id == need_id]

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


class TellingMixin:
    """For `Call`: asks `Discovery` what to tell and says it, keeping the call's state."""

    _s: Any
    _discovery: Discovery
    scenario: Any

    def _discover(self, analysis: Any) -> list[Telling]:
        questions = [AskedQuestion(q.text, q.spin) for q in analysis.questions]
        legacy = asked_needs(
            scoring_adapter.question_texts(analysis), self.scenario.needs, self._s.revealed
        )
        return self._discovery.tell(
            questions, self._s.revealed, self._s.rungs, legacy, self._s.volunteered
        )

    def _tell(self, tellings: list[Telling], turn: TurnDraft) -> None:
        for telling in tellings:
            need = self.scenario.need(telling.need)
            if telling.rung == "fact":
                if need is not None:
                    self._reveal([need], turn)
                continue
            if telling.rung == "credit":
                if need is not None and telling.need in self._s.volunteered:
                    self._s.volunteered.remove(telling.need)
                    turn.revealed.append(NeedReveal(need.id, self._fill(need.fact)))
                continue
            self._s.rungs.setdefault(telling.need, []).append(telling.rung)
            turn.rungs.append((telling.need, telling.rung))
            turn.lines.append((self._fill(telling.text), self._s.node_id, None))

    def _notice_volunteered(self, lines: list[str]) -> None:
        # Counted as out for the prospect (no repeat, ladders open) but not as found by the
        # trainee: the scorecard credits needs the trainee's questions uncovered.
        for line in lines:
            for need_id in self._discovery.volunteered(line, self._s.revealed):
                self._s.revealed.append(need_id)
                self._s.volunteered.append(need_id)

    def _advance(self, node: Node, turn: TurnDraft) -> None:
        """Move the storyline on once every need the node waits for is out."""
        if node.advance is not None and all(n in self._s.revealed for n in node.advance.needs):
            self._go(node.advance.goto, turn)

    def _reveal(self, needs: list[Any], turn: TurnDraft) -> None:
        for need in needs:
            if need.id in self._s.revealed:
                continue
            self._s.revealed.append(need.id)
            reveal = NeedReveal(need.id, self._fill(need.fact))
            turn.revealed.append(reveal)
            turn.lines.append((reveal.fact, self._s.node_id, None))
