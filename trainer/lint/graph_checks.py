"""Checks on the shape of the conversation: reachability, dead ends, loops, fallbacks."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from trainer.diagnostics import Diagnostic
from trainer.graph import successors
from trainer.lint.codes import severity
from trainer.scenario.loader import LoadedScenario
from trainer.scenario.models import Scenario


def reachable(graph: dict[str, set[str]], roots: Iterable[str]) -> set[str]:
    seen = set(roots)
    queue = deque(seen)
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _reverse(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    back: dict[str, set[str]] = {}
    for source, targets in graph.items():
        for target in targets:
            back.setdefault(target, set()).add(source)
    return back


def _implicit_outcomes(scenario: Scenario) -> set[str]:
    # The engine ends a call here on its own: patience runs out, or the turn cap is hit.
    implicit = {scenario.settings.hang_up}
    if scenario.settings.timeout is not None:
        implicit.add(scenario.settings.timeout)
    return implicit


def unreachable(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    """SCN011 nodes and SCN021 outcomes that no path from start reaches."""
    s = loaded.scenario
    if s.start not in s.nodes:
        return  # SCN010 already; everything would look unreachable
    seen = reachable(successors(s), [s.start])
    for node_id in s.nodes:
        if node_id not in seen:
            yield loaded.diagnostic(
                "SCN011",
                severity("SCN011"),
                f"node '{node_id}' cannot be reached from start '{s.start}'",
                ("nodes", node_id),
            )
    for outcome_id in s.outcomes:
        if outcome_id not in seen and outcome_id not in _implicit_outcomes(s):
            yield loaded.diagnostic(
                "SCN021",
                severity("SCN021"),
                f"outcome '{outcome_id}' is never reached: no branch, fallback or goto leads to it "
                f"from start",
                ("outcomes", outcome_id),
            )


def dead_ends(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    """SCN012 nodes with no way on, SCN013 free-text nodes with no fallback."""
    for node_id, node in loaded.scenario.nodes.items():
        if not node.branches and node.fallback is None and node.goto is None:
            yield loaded.diagnostic(
                "SCN012",
                severity("SCN012"),
                f"node '{node_id}' is a dead end: add branches with a fallback, or a goto "
                f"(to end the call, go to an outcome)",
                ("nodes", node_id),
            )
        elif node.branches and node.fallback is None:
            yield loaded.diagnostic(
                "SCN013",
                severity("SCN013"),
                f"node '{node_id}' has branches but no fallback: a reply that matches none of "
                f"them would leave the call stuck; add fallback: {{say: ..., then: ...}}",
                ("nodes", node_id),
            )
        if node.branches and node.goto is not None:
            yield loaded.diagnostic(
                "SCN031",
                severity("SCN031"),
                f"node '{node_id}' has both branches and goto: goto is only followed by a node "
                f"without branches (a bridge line); remove one of them",
                ("nodes", node_id, "goto"),
            )


def loops_without_exit(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    """SCN025: reachable nodes that form a loop from which no outcome can be reached."""
    s = loaded.scenario
    if s.start not in s.nodes:
        return
    graph = successors(s)
    seen = reachable(graph, [s.start])
    can_finish = reachable(_reverse(graph), s.outcomes)
    stuck = {n for n in seen if n in s.nodes and n not in can_finish}
    if not stuck:
        return
    sub = {n: {t for t in graph[n] if t in stuck} for n in stuck}
    for component in _strongly_connected(sub, [n for n in s.nodes if n in stuck]):
        first = component[0]
        if len(component) == 1 and first not in sub[first]:
            continue  # not a loop: a dead end (SCN012) or a node leading into a loop
        names = ", ".join(component)
        yield loaded.diagnostic(
            "SCN025",
            severity("SCN025"),
            f"loop with no way out: from {names} no outcome can be reached; give one of them a "
            f"branch or fallback that leads towards an outcome",
            ("nodes", first),
        )


def _strongly_connected(graph: dict[str, set[str]], order: list[str]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; members of each component listed in file order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    position = {n: i for i, n in enumerate(order)}
    for root in order:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root], key=position.__getitem__)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child], key=position.__getitem__))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component, key=position.__getitem__))
    return components
