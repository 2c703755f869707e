"""Graph export: every edge kind, distinct outcomes, well-formed Mermaid and dot."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli.graph_cmd import graph
from trainer.graph import condition_text, edges, to_dot, to_mermaid
from trainer.scenario.library import builtin_files
from trainer.scenario.loader import load_file, load_text

from .helpers import MINIMAL, STARTER, edit

RICH = edit(
    "outcomes:\n",
    """  price:
    objection: price
    say: 'Too "expensive" for me & my <team>.'
    branches:
      - intent: explore
        examples: ["What do you compare with?"]
        when: {all: [{var: {var: interest, gte: 2}}, {not: {need: late}}]}
        goto: booked
      - intent: discount
        examples: ["I'll give you 20 percent off"]
        goto: bridge
    fallback: {say: "So?", retries: 3, then: hang_up}
  bridge:
    say: "Hm."
    goto: hang_up
outcomes:
""",
)
RICH = edit(
    "        goto: booked\n",
    '        goto: booked\n      - intent: pitch\n        examples: ["We are world leaders"]\n'
    "        goto: price\n",
    RICH,
)
RICH = edit(
    "start: opening\n",
    "variables: {interest: 0}\nneeds:\n  - {id: late, fact: Late parts., cues: [late]}\n"
    "start: opening\n",
    RICH,
)
RICH = edit(
    "  hang_up: {result: loss}\n", "  hang_up: {result: loss}\n  later: {result: neutral}\n", RICH
)


def _scenario():  # type: ignore[no-untyped-def]
    return load_text(RICH, "rich.yaml").scenario


def test_edges_cover_every_kind() -> None:
    found = {(e.source, e.target, e.kind, e.label) for e in edges(_scenario())}
    assert found == {
        ("opening", "booked", "branch", "introduce"),
        ("opening", "price", "branch", "pitch"),
        ("opening", "hang_up", "fallback", "fallback after 2"),
        ("price", "booked", "conditional", "explore [interest ≥ 2 and not(need late)]"),
        ("price", "bridge", "branch", "discount"),
        ("price", "hang_up", "fallback", "fallback after 3"),
        ("bridge", "hang_up", "goto", "goto"),
    }


def test_condition_text_is_compact() -> None:
    cond = _scenario().nodes["price"].branches[0].when
    assert cond is not None
    assert condition_text(cond) == "interest ≥ 2 and not(need late)"


def _mermaid_ids(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r'^\s+(\w+)[\[\{(]+"([^"]*)"', text, re.M)}


def test_mermaid_edges_shapes_and_escaping() -> None:
    text = to_mermaid(_scenario())
    assert text.startswith("flowchart TD\n")
    ids = {caption.split("<br/>")[0]: node for node, caption in _mermaid_ids(text).items()}
    assert f'{ids["opening"]} -->|"pitch"| {ids["price"]}' in text
    assert f'{ids["opening"]} -.->|"fallback after 2"| {ids["hang_up"]}' in text
    assert (
        f'{ids["price"]} ==>|"explore [interest ≥ 2 and not(need late)]"| {ids["booked"]}' in text
    )
    assert f'{ids["bridge"]} -->|"goto"| {ids["hang_up"]}' in text
    assert f"s0 --> {ids['opening']}" in text
    assert re.search(rf'{ids["price"]}\{{\{{"price<br/>objection: price"\}}\}}', text)
    assert re.search(rf'{ids["booked"]}\(\["booked<br/>win"\]\)', text)
    assert f"class {ids['booked']} win" in text and f"class {ids['later']} neutral" in text
    # no raw quote may end a label early
    for line in text.splitlines():
        assert line.count('"') % 2 == 0, line


def test_mermaid_escapes_quotes_in_ids_free_labels() -> None:
    text = to_mermaid(load_file(STARTER).scenario)
    assert text.count("-->") + text.count("-.->") + text.count("==>") == (
        len(edges(load_file(STARTER).scenario)) + 1
    )


def test_dot_is_well_formed() -> None:
    text = to_dot(_scenario())
    assert text.startswith('digraph "example" {') and text.rstrip().endswith("}")
    assert text.count("{") == text.count("}")
    edge_lines = [line for line in text.splitlines() if "->" in line]
    assert len(edge_lines) == 7 + 1  # edges plus the start arrow
    for line in edge_lines:
        assert re.fullmatch(r'\s+\w+ -> \w+( \[label="(?:[^"\\]|\\.)*", style=\w+\])?;', line), line
    assert "style=dashed" in text and "style=bold" in text and "style=dotted" in text
    assert "shape=hexagon" in text and "shape=doubleoctagon" in text
    assert "fillcolor=palegreen" in text and "fillcolor=lightpink" in text


def test_labels_with_quotes_and_backslashes_are_escaped() -> None:
    text = edit("start: opening\n", "variables: {stage: a}\nstart: opening\n")
    when = """        when: {var: {var: stage, eq: 'say "hi" \\ now'}}\n"""
    text = edit("        goto: booked\n", when + "        goto: booked\n", text)
    scenario = load_text(text, "x.yaml").scenario
    dot = to_dot(scenario)
    assert r"""[label="introduce [stage = 'say \"hi\" \\ now']", style=bold]""" in dot
    mermaid = to_mermaid(scenario)
    assert "introduce [stage = 'say #quot;hi#quot; \\ now']" in mermaid


def test_mermaid_escapes_pipes_semicolons_and_hashes() -> None:
    text = edit("start: opening\n", "variables: {stage: a}\nstart: opening\n")
    when = "        when: {var: {var: stage, eq: 'a|b; #1 <x> & y'}}\n"
    text = edit("        goto: booked\n", when + "        goto: booked\n", text)
    mermaid = to_mermaid(load_text(text, "x.yaml").scenario)
    assert "'a#124;b#59; #35;1 #lt;x#gt; #amp; y'" in mermaid


def test_unknown_targets_are_not_drawn() -> None:
    scenario = load_text(edit("goto: booked", "goto: nowhere"), "x.yaml").scenario
    assert "nowhere" not in to_mermaid(scenario)
    assert "nowhere" not in to_dot(scenario)


def test_graph_command_by_id_and_path() -> None:
    by_id = CliRunner().invoke(graph, ["cold-call-car-parts"])
    assert by_id.exit_code == 0 and by_id.output.startswith("flowchart TD")
    by_path = CliRunner().invoke(graph, [str(STARTER), "--format", "dot"])
    assert by_path.exit_code == 0 and by_path.output.startswith("digraph")
    missing = CliRunner().invoke(graph, ["cold-call-car-part"])
    assert missing.exit_code != 0
    assert "did you mean 'cold-call-car-parts'" in str(missing.exception)


def test_minimal_graph_has_start_and_both_outcomes() -> None:
    text = to_mermaid(load_text(MINIMAL).scenario)
    assert "booked<br/>win" in text and "hang_up<br/>loss" in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("file", builtin_files(), ids=lambda p: p.stem)
def test_graphviz_accepts_the_dot_output(file: Path) -> None:
    result = subprocess.run(
        ["dot", "-Tplain"], input=to_dot(load_file(file).scenario), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    drawn = [line for line in result.stdout.splitlines() if line.startswith("edge ")]
    assert len(drawn) == len(edges(load_file(file).scenario)) + 1
