"""How a reply changes the prospect: tone's cost to mood and patience, a branch's effects."""

from __future__ import annotations

from typing import Any

from trainer.engine import analysis as scoring_adapter
from trainer.engine.mood import MOOD_MAX, MOOD_MIN, reply_costs
from trainer.engine.state import TurnDraft
from trainer.scenario.models import Effects


class EffectsMixin:
    """For `Call`: mood, patience and variables, within their bounds."""

    _s: Any
    _globals: Any
    scenario: Any

    def _apply_costs(self, turn: TurnDraft, analysis: Any, rude: bool) -> None:
        mood, patience = reply_costs(
            politeness=scoring_adapter.politeness(analysis),
            pressure=len(getattr(analysis, "pressure", ()) or ()),
            pitch=bool(getattr(analysis, "pitch", False)),
            rude=rude,
        )
        if rude:
            turn.lines.append((self._fill(self._globals.rude_say), self._s.node_id, None))
        self._change(turn, mood, patience)

    def _change(self, turn: TurnDraft, mood: int, patience: int) -> None:
        s = self._s
        new_mood = max(MOOD_MIN, min(MOOD_MAX, s.mood + mood))
        new_patience = max(0, min(self.patience_max, s.patience + patience))
        turn.mood_delta += new_mood - s.mood
        turn.patience_delta += new_patience - s.patience
        s.mood, s.patience = new_mood, new_patience

    def _apply_effects(self, effects: Effects, turn: TurnDraft) -> None:
        s = self._s
        self._change(turn, effects.mood, effects.patience)
        for name, value in effects.set.items():
            s.variables[name] = value
            turn.variables_set[name] = value
        for name, amount in effects.add.items():
            current = s.variables.get(name, 0)
            if isinstance(current, bool) or not isinstance(current, int | float):
                current = 0
            total = current + amount
            value = int(total) if float(total).is_integer() and isinstance(current, int) else total
            s.variables[name] = value
            turn.variables_set[name] = value
        needs = [n for n in (self.scenario.need(i) for i in effects.reveal) if n is not None]
        self._reveal([n for n in needs if n.id not in s.revealed], turn)
