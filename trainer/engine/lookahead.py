"""A rep who is a step ahead of the script: a reply that clearly answers a later point of the
storyline is taken there, instead of being treated as a miss at the current one.

Only good moves are followed (branches that do not cost mood or patience), only a few steps
ahead, and only a clear match (well over the bar and the runner-up): a competent rep who books
the fix before the script has finished asking is understood, a stray reply is not rerouted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trainer.engine.conditions import Facts, holds
from trainer.engine.understanding.heard import Heard
from trainer.engine.understanding.matcher import Understanding, Verdict
from trainer.scenario.models import Branch, Scenario, pool

DEPTH = 3
# How far over the bar a reply must be to skip ahead (the current node's bar is lower).
EXTRA = 8.0


@dataclass(frozen=True, slots=True)
class Jump:
    node: str  # the node whose branch the reply answers
    verdict: Verdict
    branch: Branch


def good(branch: Branch) -> bool:
    return branch.effects.mood >= 0 and branch.effects.patience >= 0


Chooser = Callable[[str, list[str]], str]  # a pooled goto's node and targets -> the one taken


def _first(node_id: str, targets: list[str]) -> str:
    return targets[0]


def ahead(
    scenario: Scenario, start: str, facts: Facts, choose: Chooser = _first, depth: int = DEPTH
) -> list[str]:
    """Nodes reachable from `start` through good branches, nearest first; through a pooled
    bridge only to the target this call takes."""
    seen = {start}
    frontier = [start]
    order: list[str] = []
    for _ in range(depth):
        nxt: list[str] = []
        for node_id in frontier:
            node = scenario.nodes.get(node_id)
            if node is None:
                continue
            targets = [b.goto for b in node.branches if good(b) and holds(b.when, facts)]
            if node.goto:
                targets.append(choose(node_id, pool(node.goto)))
            if node.advance is not None:
                # Where the storyline goes once the needs are out: a rep answering a need the
                # prospect has just raised is a step ahead, not off the point.
                targets.append(node.advance.goto)
            for target in targets:
                if target in scenario.nodes and target not in seen:
                    seen.add(target)
                    nxt.append(target)
                    order.append(target)
        frontier = nxt
    return order


def jump_for(
    heard: Heard,
    scenario: Scenario,
    start: str,
    facts: Facts,
    understanding: Understanding,
    active: Callable[[str], list],  # node id -> its branches whose conditions hold
    choose: Chooser = _first,
) -> Jump | None:
    for node_id in ahead(scenario, start, facts, choose):
        branches = active(node_id)
        if not branches:
            continue
        verdict = understanding.decide(heard, branches)
        winner = verdict.winner
        if winner is None or winner.score < understanding.threshold + EXTRA:
            continue
        branch = scenario.nodes[node_id].branches[winner.branch.index]
        if good(branch):
            return Jump(node_id, verdict, branch)
    return None
