"""What a call's ending says about its closing and its objection handling: a close is for a
commitment, and an objection the buyer hung up on was not overcome, however well worded."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from scoring.types import Evidence

CAPS: dict[str, dict[str, float]] = {
    # A close that ended in no agreement did not do its job.
    "closing": {"loss": 25.0, "lost": 25.0, "hung_up": 25.0, "hang_up": 25.0, "neutral": 50.0},
    # An objection the buyer hung up on, or lost the deal over, was not overcome.
    "objection_handling": {"loss": 25.0, "lost": 25.0, "hung_up": 25.0, "hang_up": 25.0},
}
Add = Callable[[int, str, str, float, str], None]


def cap_by_outcome(
    evidence: Sequence[Evidence], add: Add, outcome: str | None, criterion: str, rule: str
) -> None:
    """Keep `criterion` at most CAPS[criterion][outcome], by one evidence line that names the
    outcome (rule "RULE:OUTCOME") on the criterion's last turn."""
    cap = CAPS[criterion].get(outcome or "")
    mine = [e for e in evidence if e.criterion == criterion]
    if cap is None or not mine:
        return
    earned = sum(e.points for e in mine)
    if earned > cap:
        add(max(e.turn for e in mine), str(outcome), f"{rule}:{outcome}", cap - earned, criterion)
