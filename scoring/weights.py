"""A rubric's weights as they apply to one call."""

from __future__ import annotations

from scoring.types import CRITERIA, Rubric


def effective_weights(rub: Rubric, applicable: dict[str, bool]) -> dict[str, float]:
    """Each criterion's share of the total (0-100): a criterion the call gave no chance for
    hands its weight to the others in proportion to theirs."""
    raw = {c: float(rub.weights.get(c, 0)) for c in CRITERIA}
    total = sum(raw.values())
    spare = sum(raw[c] for c in CRITERIA if not applicable[c])
    live = sum(raw[c] for c in CRITERIA if applicable[c])
    out: dict[str, float] = {}
    for c in CRITERIA:
        if not applicable[c]:
            out[c] = 0.0
        elif live > 0:
            out[c] = (raw[c] + spare * raw[c] / live) * 100.0 / total
        else:
            out[c] = 0.0
    return out
