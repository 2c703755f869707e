"""What the prospect says: picking a node's line, a branch's reaction, an outcome's words."""

from __future__ import annotations

from typing import Any

from trainer.engine.conditions import holds
from trainer.engine.results import OutcomeInfo
from trainer.engine.state import TurnDraft
from trainer.engine.variants import speaks
from trainer.scenario.models import Line, Node, lines_of


class SpeechMixin:
    """Lines for `Call`: uses the call's state, random generator and placeholder values."""

    _s: Any
    _rng: Any
    scenario: Any
    variant: str | None

    def _say_node(self, node_id: str, node: Node, objection: str | None, turn: TurnDraft) -> None:
        line = self._pick(node_id, lines_of(node.say), node.pick)
        if line is not None:
            turn.lines.append((line, node_id, objection))

    def _say_variant(self, key: str, say: Any, node_id: str, turn: TurnDraft) -> None:
        line = self._pick(key, lines_of(say), "random")
        if line is not None:
            turn.lines.append((line, node_id, None))

    def _pick(self, key: str, lines: list[Line], mode: str) -> str | None:
        s = self._s
        facts = self._facts()
        eligible = [
            (i, line)
            for i, line in enumerate(lines)
            if not (line.once and (key, i) in s.said_once) and holds(line.when, facts)
            and speaks(line, self.variant)
        ]
        if not eligible:
            return None
        count = s.spoken.get(key, 0)
        if mode == "cycle":
            index, line = eligible[count % len(eligible)]
        elif mode == "sequence":
            # Lines in written order, one per time spoken, skipping those whose condition does
            # not hold now; the last line is repeated once the sequence is used up.
            index, line = next(((i, ln) for i, ln in eligible if i >= count), eligible[-1])
        elif len(eligible) == 1:
            index, line = eligible[0]
        else:
            index, line = self._rng.choice(eligible)
        s.spoken[key] = count + 1
        if line.once:
            s.said_once.add((key, index))
        return self._fill(line.text)

    def _outcome(self, outcome_id: str, default_result: str) -> OutcomeInfo:
        outcome = self.scenario.outcomes.get(outcome_id)
        if outcome is None:
            return OutcomeInfo(outcome_id, default_result, "", "")  # type: ignore[arg-type]
        return OutcomeInfo(outcome_id, outcome.result.value, self._fill(outcome.say),
                           outcome.summary)

    def _finish(self, outcome: OutcomeInfo, turn: TurnDraft) -> None:
        self._s.finished = True
        self._s.outcome = outcome
        if outcome.say:
            turn.lines.append((outcome.say, outcome.id, None))
