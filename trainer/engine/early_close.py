"""A concrete proposal before the storyline has reached its close.

A rep who proposes a meeting while the prospect is still being asked about needs (or has a
concern still to raise) has closed too early: that is a mistake the scorecard charges (a
close without a yes), not a reply the prospect fails to follow. So the prospect says it is
not there yet, the call stays where it was, and no patience is lost to a misunderstanding.

Once every need is out, the prospect's concern is what stands between the proposal and a
yes: the call moves on to the nearest objection ahead, and the prospect raises it.

Only where the storyline has a close further on (a branch ahead declares a `close` act) and
this node has none: a node that can take a close decides about it itself, and a scenario
written without acts keeps its fallback.
"""

from __future__ import annotations

from trainer.engine.conditions import Facts
from trainer.engine.lookahead import Chooser, ahead
from trainer.engine.understanding.heard import Heard
from trainer.scenario.models import Node, Scenario

PROPOSAL = "close.meeting"
# How far ahead the close may be: past the discovery and a concern or two.
DEPTH = 8


def _closes(node: Node) -> bool:
    return any(a == "close" or a.startswith("close.") for b in node.branches for a in b.acts)


def is_early_close(heard: Heard, scenario: Scenario, node_id: str, facts: Facts) -> bool:
    node = scenario.nodes[node_id]
    if PROPOSAL not in heard.acts or _closes(node):
        return False
    if any(b.goto in scenario.outcomes for b in node.branches):
        return False  # a node that can end the call is where it ends
    later = ahead(scenario, node_id, facts, depth=DEPTH)
    return any(_closes(scenario.nodes[n]) for n in later if n in scenario.nodes)


def concern_ahead(scenario: Scenario, node_id: str, facts: Facts, choose: Chooser) -> str | None:
    """The nearest node ahead where the prospect raises an objection, if every need is out."""
    if {n.id for n in scenario.needs} - set(facts.revealed):
        return None
    for later in ahead(scenario, node_id, facts, choose, depth=DEPTH):
        node = scenario.nodes.get(later)
        if node is not None and node.objection is not None:
            return later
    return None
