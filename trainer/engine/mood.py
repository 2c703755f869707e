"""How the way a reply is phrased moves the prospect's mood and patience."""

from __future__ import annotations

MOOD_MIN = -10
MOOD_MAX = 10

# 20 marker points either side of neutral, on the politeness scale (50 +/- 2 x points).
POLITE = 90.0
IMPOLITE = 10.0
RUDE_PATIENCE = -3
RUDE_MOOD = -3
PITCH_PATIENCE = -1
PRESSURE_PATIENCE_CAP = 2


def reply_costs(politeness: float, pressure: int, pitch: bool, rude: bool) -> tuple[int, int]:
    """(mood delta, patience delta) caused by tone alone, before any branch effects."""
    mood = 0
    patience = 0
    if politeness >= POLITE:
        mood += 1
    elif politeness <= IMPOLITE:
        mood -= 1
    if pressure:
        patience -= min(PRESSURE_PATIENCE_CAP, pressure)
    if pitch:
        # Boasting ("we are world leaders") wears a busy prospect down even when the branch
        # the reply lands on has no effect of its own.
        patience += PITCH_PATIENCE
    if rude:
        mood += RUDE_MOOD
        patience += RUDE_PATIENCE
    return mood, patience
