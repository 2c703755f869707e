"""A scenario that uses a shared block, laid out like the built-ins: tmp/en/example.yaml and
tmp/blocks/common.yaml, and helpers to load it and find positions in either file."""

from __future__ import annotations

import shutil
from pathlib import Path

from trainer.diagnostics import Diagnostic, ScenarioError
from trainer.lint import lint
from trainer.scenario.loader import load_file

from .helpers import SCHEMA

SCENARIO = """\
# yaml-language-server: $schema=../scenario.schema.json
id: example
version: 1
title: Example call
language: en
kind: cold_call
difficulty: 1
seller: {company: NordParts}
persona: {name: Mike}
use:
  - file: ../blocks/common.yaml
    block: price
    with: {product: brake pads, next: booked}
start: opening
nodes:
  opening:
    say: "Dawson Motors, Mike speaking."
    branches:
      - intent: introduce
        examples: ["Hi Mike, this is Sam from NordParts"]
        goto: price
    fallback: {say: "Sorry, who is this?", then: hang_up}
outcomes:
  booked: {result: win}
  hang_up: {result: loss}
rubric:
  weights: {needs_discovery: 25, politeness: 25, objection_handling: 25, closing: 25}
"""

BLOCKS = """\
language: en
blocks:
  price:
    params:
      product: null
      next: null
      examples: ["I understand. What are you comparing us with?"]
    nodes:
      price:
        say: "Your ${product} cost too much."
        objection: price
        model_answer: "I understand — price matters. What are you comparing us with?"
        branches:
          - intent: acknowledge_and_explore
            acts: [objection.acknowledge, objection.explore]
            examples: "${examples}"
            goto: "${next}"
        fallback: {say: "Hm.", then: hang_up}
"""


def edit(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not in the text being edited"
    return text.replace(old, new, 1)


def lay_out(tmp_path: Path, scenario: str = SCENARIO, blocks: str | None = BLOCKS) -> Path:
    """Writes the scenario (and the block file) and returns the scenario's path."""
    shutil.copy(SCHEMA, tmp_path / "scenario.schema.json")
    (tmp_path / "en").mkdir(exist_ok=True)
    (tmp_path / "blocks").mkdir(exist_ok=True)
    if blocks is not None:
        (tmp_path / "blocks" / "common.yaml").write_text(blocks, encoding="utf-8")
    path = tmp_path / "en" / "example.yaml"
    path.write_text(scenario, encoding="utf-8")
    return path


def findings(path: Path) -> list[Diagnostic]:
    try:
        return lint(load_file(path))
    except ScenarioError as exc:
        return exc.diagnostics


def at(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """(line, column) of the first `needle` in `text`, plus `offset` columns."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1 + offset
