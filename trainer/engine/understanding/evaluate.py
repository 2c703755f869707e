"""Routing quality on natural replies (files under tests/data/natural).

A natural-reply file names, per node and branch, replies written from the trainee's view
only (the prospect's line, the goal, the hint), and per node sensible replies that belong to
no branch. Each reply is judged at its node the way a call would: the grader's analysis of
the reply in that node's context, then the matcher's verdict.

Replies are split into a calibration half and a held-out half by a stable hash of their text,
so thresholds can be tuned on one half and reported on the other.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.diagnostics import TrainerError
from trainer.engine import analysis as scoring_adapter
from trainer.engine.globals import global_intent_for
from trainer.engine.globals import load as load_globals
from trainer.engine.router import compiled, route
from trainer.engine.text import fill, normalise
from trainer.engine.understanding.heard import hear
from trainer.engine.understanding.matcher import Understanding, Verdict
from trainer.scenario.models import Scenario, lines_of

# The thresholds the built-in scenarios set before replies were understood by meaning.
LEGACY = {"en": (60.0, 5.0), "nb": (64.0, 5.0)}


@dataclass(frozen=True, slots=True)
class NaturalFile:
    path: Path
    scenario: str
    branches: dict[str, dict[str, list[str]]]
    none: dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Judged:
    node: str
    expected: str | None  # None: a reply that belongs to no branch
    reply: str
    got: str | None
    clarify: bool
    score: float
    half: str  # "dev" | "test"
    best: str | None = None  # the best-ranked branch, winner or not
    gap: float = 100.0  # its lead over the best other intent


@dataclass
class NaturalReport:
    scenario: str
    language: str
    judged: list[Judged] = field(default_factory=list)

    def rates(self, half: str | None = None) -> dict[str, float]:
        return rates(self.judged, half)


def rates(judged: list[Judged], half: str | None = None) -> dict[str, float]:
    items = [j for j in judged if half is None or j.half == half]
    branch = [j for j in items if j.expected is not None]
    none = [j for j in items if j.expected is None]

    def share(n: int, d: int) -> float:
        return n / d if d else 1.0

    return {
        "replies": float(len(branch)),
        "correct": share(sum(j.got == j.expected for j in branch), len(branch)),
        "wrong": share(sum(j.got not in (None, j.expected) for j in branch), len(branch)),
        "clarify": share(sum(j.got is None and j.clarify for j in branch), len(branch)),
        # A clarifying question that guessed the right branch: "yes" takes the trainee there.
        "clarify_right": share(
            sum(j.got is None and j.clarify and j.best == j.expected for j in branch), len(branch)
        ),
        "fallback": share(sum(j.got is None and not j.clarify for j in branch), len(branch)),
        "none_replies": float(len(none)),
        "none_held": share(sum(j.got is None for j in none), len(none)),
        "none_clarify": share(sum(j.got is None and j.clarify for j in none), len(none)),
    }


def half_of(reply: str) -> str:
    return "dev" if zlib.crc32(reply.encode("utf-8")) % 2 == 0 else "test"


def read_reply_file(path: Path, what: str) -> dict[str, Any]:
    """A YAML file of test replies (paraphrases, natural replies): a mapping naming its
    scenario, or a `TrainerError` that says which file and why."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TrainerError(f"{path}: cannot read {what}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("scenario"), str):
        raise TrainerError(f"{path}: a file of {what} needs 'scenario: <id>' and 'branches:'")
    return data


def load_natural(path: Path) -> NaturalFile:
    data = read_reply_file(path, "natural replies")
    branches = data.get("branches") or {}
    none = data.get("none") or {}
    return NaturalFile(
        path,
        data["scenario"],
        {
            str(n): {str(i): [str(r) for r in rs] for i, rs in v.items()}
            for n, v in branches.items()
        },
        {str(n): [str(r) for r in rs] for n, rs in none.items()},
    )


def default_values(scenario: Scenario) -> dict[str, Any]:
    return {
        "trainee": "Sam",
        "prospect": scenario.persona.name,
        "prospect_company": scenario.persona.company,
        "company": scenario.seller.company,
        "product": scenario.seller.product,
    }


def judge(
    und: Understanding,
    scenario: Scenario,
    node_id: str,
    reply: str,
    intent: str | None,
    values: Mapping[str, Any],
) -> Verdict:
    """The verdict on one reply at a node, as a call would reach it: analysed in the node's
    context, among the branches without a condition plus the expected one (the state that
    makes a conditional branch active is assumed to hold)."""
    node = scenario.nodes[node_id]
    line = next((fill(x.text, values) for x in lines_of(node.say)), None)
    analysis = scoring_adapter.analyse(
        reply,
        scenario.language,
        line,
        node.objection.value if node.objection else None,
        scenario.persona.name,
        (),
        1,
    )
    heard = hear(reply, scenario.language, und.canoniser, analysis)
    active = [
        b for b in und.nodes[node_id] if node.branches[b.index].when is None or b.intent == intent
    ]
    verdict = und.decide(heard, active)
    # As in a call: a request to repeat, a line check or a goodbye is no branch's.
    best = verdict.best.score if verdict.best else 0.0
    taken = global_intent_for(heard.norm, verdict.winner is not None, best, False,
                              load_globals(scenario.language))
    if taken is not None:
        return Verdict(None, verdict.best, verdict.runner_up, "global")
    return verdict


def evaluate_natural(
    natural: NaturalFile,
    scenario: Scenario,
    legacy: bool = False,
    overrides: Mapping[str, float] | None = None,
) -> NaturalReport:
    """`legacy` judges with the fuzzy router alone, at the scenario's own threshold (the
    engine before replies were understood by meaning), for side-by-side figures.
    `overrides` sets `threshold`/`margin` for calibration runs."""
    values = default_values(scenario)
    und = Understanding(scenario, values)
    if overrides:
        und.threshold = overrides.get("threshold", und.threshold)
        und.margin = overrides.get("margin", und.margin)
    old = compiled(scenario, values).nodes
    report = NaturalReport(scenario.id, scenario.language)
    items = [(n, i, r) for n, v in natural.branches.items() for i, rs in v.items() for r in rs]
    items += [(n, None, r) for n, rs in natural.none.items() for r in rs]
    for node_id, intent, reply in items:
        node = scenario.nodes.get(node_id)
        if node is None:
            raise TrainerError(f"{natural.path}: node '{node_id}' does not exist")
        if legacy:
            active_old = [
                b for b in old[node_id] if node.branches[b.index].when is None or b.intent == intent
            ]
            old_threshold, old_margin = LEGACY.get(scenario.language, LEGACY["en"])
            threshold = scenario.settings.match_threshold or old_threshold
            margin = (
                scenario.settings.margin if scenario.settings.margin is not None else old_margin
            )
            d = route(normalise(reply), active_old, threshold, margin)
            got = d.winner.intent if d.winner else None
            gap = d.best_score - d.runner_up_score if d.runner_up_score is not None else 100.0
            report.judged.append(
                Judged(
                    node_id,
                    intent,
                    reply,
                    got,
                    False,
                    d.best_score,
                    half_of(reply),
                    d.best.intent if d.best else None,
                    gap,
                )
            )
            continue
        verdict = judge(und, scenario, node_id, reply, intent, values)
        got = verdict.winner.branch.intent if verdict.winner else None
        clarify = verdict.winner is None and verdict.clarify
        score = verdict.best.score if verdict.best else 0.0
        best = verdict.best
        runner = verdict.runner_up
        gap = best.score - runner.score if best and runner else 100.0
        report.judged.append(
            Judged(
                node_id,
                intent,
                reply,
                got,
                clarify,
                score,
                half_of(reply),
                best.branch.intent if best else None,
                gap,
            )
        )
    return report
