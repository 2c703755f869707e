"""Conversation repair: what the prospect does with a reply no branch clearly matches.

A near miss (close to a branch but under its bar, or two branches too close to call) gets a
short clarifying question that costs no patience, the idea of Rasa's two-stage fallback; the
trainee's next reply resolves it ("yes", or the same thing said more clearly). Only a real
non-sequitur is a miss: it costs patience and, after the node's retries, moves the call on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from trainer.engine.results import FallbackInfo
from trainer.engine.understanding.heard import Heard
from trainer.engine.understanding.lang_data import language
from trainer.engine.understanding.matcher import CLARIFY_BAND, Branchlet, Verdict
from trainer.scenario.models import Node

if TYPE_CHECKING:
    from trainer.engine.understanding.matcher import Understanding

DEFAULT_RETRIES = 2
# A confirmation after a clarifying question is short: "yes", "yes exactly", "ja, det stemmer".
CONFIRM_WORDS = 4


def retries_of(node: Node) -> int:
    return node.fallback.retries if node.fallback is not None else DEFAULT_RETRIES


class RepairMixin:
    """Fallback and clarifying questions for `Call`; uses the call's state and speech."""

    _s: Any
    _understanding: Understanding
    scenario: Any

    def _resolve_clarifying(
        self, heard: Heard, verdict: Verdict, active: Sequence[Branchlet]
    ) -> Verdict:
        """After a clarifying question, a confirmation or a clearer try picks its branch."""
        pending = self._s.clarifying
        self._s.clarifying = None
        # One clarifying question in a row: a second near miss is a miss.
        self._s.clarified_last = pending is not None and pending[0] == self._s.node_id
        if pending is None or verdict.winner is not None or pending[0] != self._s.node_id:
            return verdict
        guessed = next((b for b in active if b.index == pending[1]), None)
        if guessed is None:
            return verdict
        words = heard.norm.split()
        lang = language(self.scenario.language)
        opening = {words[0], " ".join(words[:2]), " ".join(words[:3])} if words else set()
        confirmed = 0 < len(words) <= CONFIRM_WORDS and bool(opening & lang.yes)
        if opening & lang.no:
            if len(words) <= CONFIRM_WORDS:
                # "No, not that": still part of the clarification, so it costs nothing and
                # the prospect asks its question again.
                self._s.clarified_last = False
                return replace(
                    verdict, winner=None, reason="below_threshold", clarify=True, denied=True
                )
            # "No, I mean …": the guess was wrong; what follows is routed on its own merits.
            return verdict
        best = verdict.best
        again = (
            best is not None
            and best.branch.index == guessed.index
            and best.score >= self._understanding.threshold - CLARIFY_BAND
        )
        if not (confirmed or again):
            return verdict
        scored = best if again and best is not None else None
        if scored is None:
            scored = next((s for s in self._understanding.score(heard, [guessed])), None)
        if scored is None:
            return verdict
        why = ("confirmed the prospect's clarifying question",) if confirmed else ()
        return replace(
            verdict, winner=replace(scored, why=scored.why + why), reason=None, clarify=False
        )

    def _fall_back(self, node_id: str, node: Node, verdict: Verdict, turn: Any) -> FallbackInfo:
        s = self._s
        best = verdict.best
        if verdict.denied:
            turn.lines.extend((line, node_id, None) for line in s.last_lines_before_clarify)
            turn.repeated = True  # the question asked again, not new speech
            return FallbackInfo("clarify", None, None, max(0, retries_of(node) - s.misses))
        if verdict.clarify and best is not None and not s.clarified_last:
            return self._clarify(node_id, best.branch, verdict, turn)
        s.misses += 1
        retries = retries_of(node)
        reason = verdict.reason or "below_threshold"
        info = FallbackInfo(
            reason,  # type: ignore[arg-type]
            best.branch.intent if best else None,
            best.score if best else None,
            max(0, retries - s.misses),
            candidates_of(verdict),
        )
        if node.fallback is not None:
            self._apply_effects(node.fallback.effects, turn)  # type: ignore[attr-defined]
        self._change(turn, 0, -1)  # type: ignore[attr-defined]
        if s.misses <= retries:
            if node.fallback is not None:
                self._say_variant(  # type: ignore[attr-defined]
                    f"{node_id}#fallback", node.fallback.say, node_id, turn
                )
            else:
                turn.lines.extend((line, node_id, None) for line in s.last_lines)
            return info
        target = node.fallback.then if node.fallback is not None else self.scenario.settings.hang_up
        self._go(target, turn)  # type: ignore[attr-defined]
        return info

    def _clarify(
        self, node_id: str, branch: Branchlet, verdict: Verdict, turn: Any
    ) -> FallbackInfo:
        s = self._s
        s.clarifying = (node_id, branch.index)
        s.last_lines_before_clarify = list(s.last_lines)
        if branch.clarify:
            line = self._fill(branch.clarify)  # type: ignore[attr-defined]
        else:
            lang = language(self.scenario.language)
            options = lang.clarify_curt if s.mood < 0 and lang.clarify_curt else lang.clarify
            count = s.spoken.get("#clarify", 0)
            s.spoken["#clarify"] = count + 1
            line = options[count % len(options)] if options else "?"
        turn.lines.append((line, node_id, None))
        best = verdict.best
        return FallbackInfo(
            "clarify",
            branch.intent,
            best.score if best else None,
            max(0, retries_of(self.scenario.nodes[node_id]) - s.misses),
            candidates_of(verdict),
        )


def candidates_of(verdict: Verdict) -> tuple[tuple[str, float], ...]:
    return tuple((c.branch.intent, round(c.score, 1))
                 for c in (verdict.best, verdict.runner_up) if c is not None)
