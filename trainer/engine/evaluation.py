"""Routing quality against hand-written paraphrases (files under tests/data/paraphrases).

A paraphrase file names, per node and intent, replies a trainee might type for that branch,
plus `unrelated` replies that should fall back at every node. Used by the test suite and by
benchmarks/bench_routing.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.diagnostics import TrainerError
from trainer.engine.router import Scorer, compiled, route
from trainer.engine.text import normalise
from trainer.engine.understanding.evaluate import default_values, judge, read_reply_file
from trainer.engine.understanding.matcher import Understanding
from trainer.scenario.models import Scenario

# The fuzzy router's own defaults, for judging with a bare scorer.
LEGACY_THRESHOLD = 62.0
LEGACY_MARGIN = 6.0


@dataclass(frozen=True, slots=True)
class Miss:
    node: str
    expected: str | None  # None for an unrelated reply that should have fallen back
    reply: str
    got: str | None
    score: float
    runner_up: str | None
    runner_up_score: float | None


@dataclass
class RoutingReport:
    scenario: str
    routed: int = 0
    correct: int = 0
    unrelated: int = 0
    fell_back: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.routed if self.routed else 1.0

    @property
    def fallback_rate(self) -> float:
        return self.fell_back / self.unrelated if self.unrelated else 1.0


@dataclass(frozen=True, slots=True)
class ParaphraseFile:
    path: Path
    scenario: str
    branches: dict[str, dict[str, list[str]]]
    unrelated: list[str]


def load_paraphrases(path: Path) -> ParaphraseFile:
    data = read_reply_file(path, "paraphrases")
    branches = data.get("branches") or {}
    unrelated = data.get("unrelated") or []
    if not isinstance(branches, dict) or not all(
        isinstance(v, dict) and all(isinstance(x, list) for x in v.values())
        for v in branches.values()
    ):
        raise TrainerError(f"{path}: 'branches' must map node -> intent -> list of replies")
    return ParaphraseFile(
        path,
        data["scenario"],
        {
            str(node): {str(intent): [str(r) for r in replies] for intent, replies in v.items()}
            for node, v in branches.items()
        },
        [str(r) for r in unrelated],
    )


def problems(paraphrases: ParaphraseFile, scenario: Scenario) -> list[str]:
    """Names in the paraphrase file that the scenario does not have."""
    found = []
    if paraphrases.scenario != scenario.id:
        found.append(f"scenario '{paraphrases.scenario}' but the file is '{scenario.id}'")
    for node_id, intents in paraphrases.branches.items():
        node = scenario.nodes.get(node_id)
        if node is None:
            found.append(f"node '{node_id}' does not exist")
            continue
        known = {b.intent for b in node.branches}
        found += [f"node '{node_id}' has no branch '{i}'" for i in intents if i not in known]
    return found


def evaluate(
    paraphrases: ParaphraseFile,
    scenario: Scenario,
    values: Mapping[str, Any] | None = None,
    scorer: Scorer | None = None,
) -> RoutingReport:
    """Route every paraphrase at its node as a call would (see `understanding.evaluate.judge`).

    With a `scorer`, judge by that fuzzy similarity alone at the scenario's threshold: the
    router before replies were understood by meaning, kept for side-by-side benchmarks."""
    bad = problems(paraphrases, scenario)
    if bad:
        raise TrainerError(f"{paraphrases.path}: " + "; ".join(bad))
    values = values or default_values(scenario)
    und = Understanding(scenario, values)
    nodes = compiled(scenario, values).nodes
    threshold = scenario.settings.match_threshold or LEGACY_THRESHOLD
    margin = scenario.settings.margin if scenario.settings.margin is not None else LEGACY_MARGIN

    def verdict(node_id: str, reply: str, intent: str | None) -> tuple[str | None, Miss]:
        if scorer is None:
            v = judge(und, scenario, node_id, reply, intent, values)
            got = v.winner.branch.intent if v.winner else None
            best = v.best.score if v.best else 0.0
            runner = v.runner_up
            miss = Miss(
                node_id,
                intent,
                reply,
                got,
                best,
                runner.branch.intent if runner else None,
                runner.score if runner else None,
            )
            return got, miss
        node = scenario.nodes[node_id]
        active = [
            b for b in nodes[node_id] if node.branches[b.index].when is None or b.intent == intent
        ]
        d = route(normalise(reply), active, threshold, margin, scorer)
        return (d.winner.intent if d.winner else None), _miss(node_id, intent, reply, d)

    report = RoutingReport(scenario.id)
    for node_id, intents in paraphrases.branches.items():
        for intent, replies in intents.items():
            for reply in replies:
                got, miss = verdict(node_id, reply, intent)
                report.routed += 1
                if got == intent:
                    report.correct += 1
                else:
                    report.misses.append(miss)
    for node_id, node in scenario.nodes.items():
        if not any(b.when is None for b in node.branches):
            continue
        for reply in paraphrases.unrelated:
            got, miss = verdict(node_id, reply, None)
            report.unrelated += 1
            if got is None:
                report.fell_back += 1
            else:
                report.misses.append(miss)
    return report


def _miss(node: str, expected: str | None, reply: str, decision: Any) -> Miss:
    return Miss(
        node,
        expected,
        reply,
        decision.winner.intent if decision.winner else None,
        decision.best_score,
        decision.runner_up.intent if decision.runner_up else None,
        decision.runner_up_score,
    )
