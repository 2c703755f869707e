"""Which branch a reply means: fuzzy similarity to the branch examples plus keyword hits.

A branch wins only if its score reaches the node's threshold AND beats the best other intent by
the margin (the idea behind Rasa's nlu_threshold / ambiguity_threshold): a reply that is close
to two different intents is not guessed, the prospect asks again instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from trainer.engine.scenario_cache import ScenarioCache
from trainer.engine.text import ROUTING_LIMIT, fill, normalise
from trainer.scenario.models import Branch, Scenario

SET_WEIGHT = 0.6
SORT_WEIGHT = 0.4
KEYWORD_BONUS = 8.0
KEYWORD_EXTRA = 4.0
KEYWORD_CAP = 16.0
# A branch matched by keywords only (no examples) scores this much for one keyword hit.
KEYWORD_ONLY_BASE = 70.0


def similarity(reply: str, example: str) -> float:
    """Similarity of two normalised texts, 0-100.

    token_set_ratio forgives words a trainee adds around the example's words; token_sort_ratio
    penalises a length mismatch, so that a short example contained in an unrelated reply does
    not score 100. Over the paraphrase files this blend beat max(token_set, WRatio), WRatio and
    token_sort alone (benchmarks/bench_routing.py prints the comparison)."""
    if not reply or not example:
        return 0.0
    return SET_WEIGHT * fuzz.token_set_ratio(reply, example) + SORT_WEIGHT * fuzz.token_sort_ratio(
        reply, example
    )


@dataclass(frozen=True, slots=True)
class CompiledBranch:
    index: int
    intent: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """The routing verdict for one reply at one node."""

    winner: CompiledBranch | None
    best: CompiledBranch | None
    best_score: float
    runner_up: CompiledBranch | None
    runner_up_score: float | None
    # None when a branch won; else "below_threshold" | "ambiguous" | "no_branches"
    reason: str | None


def compile_branch(index: int, branch: Branch, values: Mapping[str, Any]) -> CompiledBranch:
    # Examples may name the trainee or the company; fill them so "{company}" matches the real
    # name a trainee types. Unknown placeholders would otherwise become a stray word.
    examples = tuple(
        e for e in (normalise(fill(x, values)) for x in branch.examples) if e
    )
    keywords = tuple(k for k in (normalise(fill(x, values)) for x in branch.keywords) if k)
    return CompiledBranch(index, branch.intent, examples, keywords)


def keyword_hits(reply: str, keywords: Iterable[str]) -> int:
    padded = f" {reply} "
    return sum(1 for k in keywords if f" {k} " in padded)


Scorer = Callable[[str, str], float]


def _with_keywords(reply: str, branch: CompiledBranch, similar: float | None) -> float:
    hits = keyword_hits(reply, branch.keywords) if branch.keywords else 0
    if similar is None:
        return min(100.0, KEYWORD_ONLY_BASE + KEYWORD_EXTRA * (hits - 1)) if hits else 0.0
    if hits:
        similar += min(KEYWORD_CAP, KEYWORD_BONUS + KEYWORD_EXTRA * (hits - 1))
    return min(100.0, similar)


def score_branch(reply: str, branch: CompiledBranch, scorer: Scorer = similarity) -> float:
    similar = max(scorer(reply, e) for e in branch.examples) if branch.examples else None
    return _with_keywords(reply, branch, similar)


def best_similarity(reply: str, examples: Sequence[str]) -> float:
    """The highest `similarity` of a reply to any of the examples, in rapidfuzz's batch loop."""
    if not reply or not examples:
        return 0.0
    combined = [0.0] * len(examples)
    parts = ((SET_WEIGHT, fuzz.token_set_ratio), (SORT_WEIGHT, fuzz.token_sort_ratio))
    for weight, scorer in parts:
        for _, score, index in process.extract(reply, examples, scorer=scorer, limit=None):
            combined[index] += weight * score
    return max(combined)


def _score_all(reply: str, branches: Sequence[CompiledBranch]) -> list[float]:
    """`score_branch` with the default similarity for every branch at once: rapidfuzz's batch
    `process.extract` runs the loop over examples in C, 2-3x faster than scoring pairs."""
    examples = [e for b in branches for e in b.examples]
    if not examples or not reply:
        return [score_branch(reply, b) for b in branches]
    combined = [0.0] * len(examples)
    parts = ((SET_WEIGHT, fuzz.token_set_ratio), (SORT_WEIGHT, fuzz.token_sort_ratio))
    for weight, scorer in parts:
        for _, score, index in process.extract(reply, examples, scorer=scorer, limit=None):
            combined[index] += weight * score
    scores = []
    start = 0
    for branch in branches:
        end = start + len(branch.examples)
        similar = max(combined[start:end]) if end > start else None
        scores.append(_with_keywords(reply, branch, similar))
        start = end
    return scores


def route(
    reply: str,
    branches: Sequence[CompiledBranch],
    threshold: float,
    margin: float,
    scorer: Scorer = similarity,
) -> Decision:
    """Route an already normalised reply among the active branches of a node."""
    if not branches:
        return Decision(None, None, 0.0, None, None, "no_branches")
    text = reply[:ROUTING_LIMIT]
    if scorer is similarity:
        scores = _score_all(text, branches)
    else:
        scores = [score_branch(text, b, scorer) for b in branches]
    scored = sorted(zip(scores, branches, strict=True), key=lambda sb: (-sb[0], sb[1].index))
    best_score, best = scored[0]
    # The runner-up is the best OTHER intent: two branches sharing an intent never compete.
    runner = next(((s, b) for s, b in scored[1:] if b.intent != best.intent), None)
    runner_score = runner[0] if runner else None
    runner_branch = runner[1] if runner else None
    if best_score < threshold:
        reason: str | None = "below_threshold"
    elif runner_score is not None and best_score - runner_score < margin:
        reason = "ambiguous"
    else:
        reason = None
    return Decision(
        best if reason is None else None,
        best,
        round(best_score, 1),
        runner_branch,
        None if runner_score is None else round(runner_score, 1),
        reason,
    )


class CompiledScenario:
    """Normalised examples and keywords of every branch, computed once per scenario."""

    def __init__(self, scenario: Scenario, values: Mapping[str, Any]) -> None:
        # Holding the scenario keeps its id() from being reused while this entry is cached.
        self.scenario = scenario
        self.nodes: dict[str, tuple[CompiledBranch, ...]] = {
            node_id: tuple(compile_branch(i, b, values) for i, b in enumerate(node.branches))
            for node_id, node in scenario.nodes.items()
        }


_CACHE: ScenarioCache[CompiledScenario] = ScenarioCache(CompiledScenario)


def compiled(scenario: Scenario, values: Mapping[str, Any]) -> CompiledScenario:
    return _CACHE.get(scenario, values)
