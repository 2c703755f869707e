"""A scenario as a graph: its edges (shared with the lint) and Mermaid / Graphviz dot output."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from trainer.scenario.models import Compare, Condition, Scenario

EdgeKind = Literal["branch", "conditional", "fallback", "goto", "advance"]
YamlPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: EdgeKind
    label: str
    path: YamlPath  # where the target is named in the YAML, for diagnostics


def edges(scenario: Scenario) -> list[Edge]:
    """Every explicit move between nodes/outcomes, in file order."""
    found: list[Edge] = []
    for node_id, node in scenario.nodes.items():
        for index, branch in enumerate(node.branches):
            path: YamlPath = ("nodes", node_id, "branches", index, "goto")
            if branch.when is None:
                found.append(Edge(node_id, branch.goto, "branch", branch.intent, path))
            else:
                label = f"{branch.intent} [{condition_text(branch.when)}]"
                found.append(Edge(node_id, branch.goto, "conditional", label, path))
        if node.fallback is not None:
            path = ("nodes", node_id, "fallback", "then")
            label = f"fallback after {node.fallback.retries}"
            found.append(Edge(node_id, node.fallback.then, "fallback", label, path))
        if isinstance(node.goto, str):
            found.append(Edge(node_id, node.goto, "goto", "goto", ("nodes", node_id, "goto")))
        elif node.goto is not None:  # a pool: each call takes one of them
            for index, target in enumerate(node.goto):
                found.append(Edge(node_id, target, "goto", f"pool {index + 1}/{len(node.goto)}",
                                  ("nodes", node_id, "goto", index)))
        if node.advance is not None:
            label = f"needs out: {', '.join(node.advance.needs)}"
            path = ("nodes", node_id, "advance", "goto")
            found.append(Edge(node_id, node.advance.goto, "advance", label, path))
    return found


def successors(scenario: Scenario) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {node_id: set() for node_id in scenario.nodes}
    for edge in edges(scenario):
        graph[edge.source].add(edge.target)
    return graph


_OPS = (("eq", "="), ("ne", "≠"), ("gt", ">"), ("gte", "≥"), ("lt", "<"), ("lte", "≤"))


def _compare_text(subject: str, compare: Compare) -> str:
    parts = [
        f"{subject} {symbol} {_value_text(getattr(compare, field))}"
        for field, symbol in _OPS
        if getattr(compare, field) is not None
    ]
    return " and ".join(parts) or subject


def _value_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def condition_text(cond: Condition) -> str:
    """A short human-readable form: `need late_deliveries`, `interest ≥ 2`, `not(mood < 0)`."""
    if cond.need is not None:
        return f"need {cond.need}"
    if cond.var is not None:
        return _compare_text(cond.var.var, cond.var)
    if cond.visits is not None:
        return _compare_text(f"visits({cond.visits.node})", cond.visits)
    if cond.mood is not None:
        return _compare_text("mood", cond.mood)
    if cond.all is not None:
        return " and ".join(_grouped(c) for c in cond.all)
    if cond.any is not None:
        return " or ".join(_grouped(c) for c in cond.any)
    if cond.not_ is not None:
        return f"not({condition_text(cond.not_)})"
    return "?"


def _grouped(cond: Condition) -> str:
    text = condition_text(cond)
    return f"({text})" if cond.all is not None or cond.any is not None else text


def _node_ids(scenario: Scenario) -> dict[tuple[str, str], str]:
    # Generated ids keep author ids (hyphens, keywords like `end`) out of the syntax.
    ids = {("node", n): f"n{i}" for i, n in enumerate(scenario.nodes)}
    ids.update({("outcome", o): f"o{i}" for i, o in enumerate(scenario.outcomes)})
    return ids


def _target_key(scenario: Scenario, target: str) -> tuple[str, str] | None:
    if target in scenario.nodes:
        return ("node", target)
    if target in scenario.outcomes:
        return ("outcome", target)
    return None


def _node_caption(scenario: Scenario, node_id: str) -> str:
    node = scenario.nodes[node_id]
    caption = node_id
    if node_id == scenario.start:
        caption += "\n(start)"
    if node.objection is not None:
        caption += f"\nobjection: {node.objection.value}"
    return caption


def _outcome_caption(scenario: Scenario, outcome_id: str) -> str:
    caption = f"{outcome_id}\n{scenario.outcomes[outcome_id].result.value}"
    if outcome_id == scenario.settings.hang_up:
        caption += "\n(patience runs out)"
    return caption


# Mermaid's entity codes for every character that could end or confuse a quoted label.
_MERMAID_ESCAPES = str.maketrans(
    {"#": "#35;", '"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "|": "#124;", ";": "#59;"}
)


def _mermaid_text(text: str) -> str:
    return text.translate(_MERMAID_ESCAPES).replace("\n", "<br/>")


def _grouped_nodes(scenario: Scenario, groups: Mapping[str, str] | None
                   ) -> list[tuple[str | None, list[str]]]:
    """The nodes in file order, those copied from one use of a shared block together:
    (cluster label or None, node ids)."""
    groups = groups or {}
    loose = [n for n in scenario.nodes if n not in groups]
    clusters: dict[str, list[str]] = {}
    for node_id in scenario.nodes:
        if node_id in groups:
            clusters.setdefault(groups[node_id], []).append(node_id)
    return [(None, loose), *clusters.items()]


def to_mermaid(scenario: Scenario, groups: Mapping[str, str] | None = None) -> str:
    """`groups`: node id -> label of the shared block it came from, drawn as a subgraph."""
    ids = _node_ids(scenario)
    out = ["flowchart TD", '    s0(("start"))']
    for index, (label, members) in enumerate(_grouped_nodes(scenario, groups)):
        indent = "    "
        if label is not None:
            out.append(f'    subgraph b{index}["{_mermaid_text(label)}"]')
            indent = "        "
        for node_id in members:
            node = scenario.nodes[node_id]
            caption = _mermaid_text(_node_caption(scenario, node_id))
            shape = ('{{"', '"}}') if node.objection is not None else ('["', '"]')
            out.append(f"{indent}{ids[('node', node_id)]}{shape[0]}{caption}{shape[1]}")
        if label is not None:
            out.append("    end")
    for outcome_id in scenario.outcomes:
        caption = _mermaid_text(_outcome_caption(scenario, outcome_id))
        out.append(f'    {ids[("outcome", outcome_id)]}(["{caption}"])')
    start_key = _target_key(scenario, scenario.start)
    if start_key is not None:
        out.append(f"    s0 --> {ids[start_key]}")
    arrows = {
        "branch": "-->", "conditional": "==>", "fallback": "-.->", "goto": "-->", "advance": "==>"
    }
    for edge in edges(scenario):
        target_key = _target_key(scenario, edge.target)
        if target_key is None:
            continue  # an unknown target is a lint error; nothing to draw
        label = _mermaid_text(edge.label)
        source = ids[("node", edge.source)]
        out.append(f'    {source} {arrows[edge.kind]}|"{label}"| {ids[target_key]}')
    out += [
        "    classDef win fill:#c8f7c5,stroke:#2e7d32",
        "    classDef loss fill:#f7c5c5,stroke:#c62828",
        "    classDef neutral fill:#e0e0e0,stroke:#616161",
        "    classDef objection fill:#fff3cd,stroke:#b7791f",
    ]
    for result in ("win", "loss", "neutral"):
        members = [ids[("outcome", o)] for o, v in scenario.outcomes.items() if v.result == result]
        if members:
            out.append(f"    class {','.join(members)} {result}")
    objections = [ids[("node", n)] for n, v in scenario.nodes.items() if v.objection is not None]
    if objections:
        out.append(f"    class {','.join(objections)} objection")
    return "\n".join(out) + "\n"


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_DOT_FILL = {"win": "palegreen", "loss": "lightpink", "neutral": "lightgrey"}
_DOT_STYLE = {
    "branch": "solid", "conditional": "bold", "fallback": "dashed", "goto": "dotted",
    "advance": "bold",
}


def to_dot(scenario: Scenario, groups: Mapping[str, str] | None = None) -> str:
    """`groups`: node id -> label of the shared block it came from, drawn as a cluster."""
    ids = _node_ids(scenario)
    out = [
        f"digraph {_dot_text(scenario.id)} {{",
        "    rankdir=TB;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
        '    start [shape=circle, label="start", style=filled, fillcolor=black, fontcolor=white];',
    ]
    for index, (label, members) in enumerate(_grouped_nodes(scenario, groups)):
        indent = "    "
        if label is not None:
            out += [f"    subgraph cluster_block{index} {{",
                    f"        label={_dot_text(label)};",
                    '        style=dashed; color=gray40; fontname="Helvetica";']
            indent = "        "
        for node_id in members:
            node = scenario.nodes[node_id]
            attrs = f"label={_dot_text(_node_caption(scenario, node_id))}"
            if node.objection is not None:
                attrs += ', shape=hexagon, style=filled, fillcolor="#fff3cd"'
            out.append(f"{indent}{ids[('node', node_id)]} [{attrs}];")
        if label is not None:
            out.append("    }")
    for outcome_id, outcome in scenario.outcomes.items():
        label = _dot_text(_outcome_caption(scenario, outcome_id))
        fill = _DOT_FILL[outcome.result.value]
        out.append(
            f"    {ids[('outcome', outcome_id)]} [label={label}, shape=doubleoctagon, "
            f"style=filled, fillcolor={fill}];"
        )
    start_key = _target_key(scenario, scenario.start)
    if start_key is not None:
        out.append(f"    start -> {ids[start_key]};")
    for edge in _drawable(scenario):
        target = _target_key(scenario, edge.target)
        assert target is not None
        out.append(
            f"    {ids[('node', edge.source)]} -> {ids[target]} "
            f"[label={_dot_text(edge.label)}, style={_DOT_STYLE[edge.kind]}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"


def _drawable(scenario: Scenario) -> Iterator[Edge]:
    return (e for e in edges(scenario) if _target_key(scenario, e.target) is not None)
