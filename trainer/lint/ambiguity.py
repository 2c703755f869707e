"""SCN014: sibling branches whose examples are so alike that the router cannot tell them apart."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz, process

from trainer.diagnostics import Diagnostic
from trainer.lint.codes import severity
from trainer.lint.text import normalise
from trainer.scenario.loader import LoadedScenario
from trainer.scenario.models import Node

SIMILARITY = 90.0


def ambiguous_branches(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    for node_id, node in loaded.scenario.nodes.items():
        if len(node.branches) > 1:
            yield from _node_ambiguity(loaded, node_id, node)


def _node_ambiguity(loaded: LoadedScenario, node_id: str, node: Node) -> Iterator[Diagnostic]:
    owners: list[int] = []
    texts: list[str] = []
    originals: list[str] = []
    for index, branch in enumerate(node.branches):
        for example in branch.examples:
            owners.append(index)
            texts.append(normalise(example))
            originals.append(example)
    # Examples are grouped by branch, so each example is scanned (in one C call) only
    # against the examples of the branches after its own: a contiguous tail of the list.
    last_of = {owner: k for k, owner in enumerate(owners)}
    scores: dict[tuple[int, int], float] = {}
    for a, text in enumerate(texts):
        tail = last_of[owners[a]] + 1
        if tail >= len(texts):
            break
        for _, score, offset in process.extract(
            text, texts[tail:], scorer=fuzz.token_set_ratio, score_cutoff=SIMILARITY, limit=None
        ):
            scores[(a, tail + offset)] = score
    keywords = [{normalise(k) for k in b.keywords} - {""} for b in node.branches]
    for j, later in enumerate(node.branches):
        for i in range(j):
            earlier = node.branches[i]
            if earlier.when is not None and later.when is not None:
                continue  # conditions decide between them at run time
            reason = _pair_reason(i, j, owners, texts, originals, scores)
            shared = sorted(keywords[i] & keywords[j])
            if reason is None and shared:
                reason = f"both list the keyword(s) {', '.join(repr(k) for k in shared)}"
            if reason is not None:
                yield loaded.diagnostic(
                    "SCN014",
                    severity("SCN014"),
                    f"{node_id}: branches '{earlier.intent}' and '{later.intent}' are hard to tell "
                    f"apart: {reason}; reword the examples, or give one of them a when: condition",
                    ("nodes", node_id, "branches", j),
                )


def _pair_reason(
    i: int,
    j: int,
    owners: list[int],
    texts: list[str],
    originals: list[str],
    scores: dict[tuple[int, int], float],
) -> str | None:
    left = [k for k, owner in enumerate(owners) if owner == i]
    right = [k for k, owner in enumerate(owners) if owner == j]
    best: tuple[float, int, int] | None = None
    for a in left:
        for b in right:
            if texts[a] == texts[b] and texts[a]:
                return f"both have the example {originals[b]!r}"
            score = scores.get((a, b), 0.0)
            if score and (best is None or score > best[0]):
                best = (score, a, b)
    if best is None:
        return None
    score, a, b = best
    return f"{originals[a]!r} and {originals[b]!r} are {score:.0f}% alike"
