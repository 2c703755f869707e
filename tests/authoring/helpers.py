"""Shared bits for the authoring tests: a minimal clean scenario and a `validate` runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from trainer.cli.validate_cmd import validate
from trainer.diagnostics import Diagnostic, ScenarioError
from trainer.lint import lint
from trainer.scenario.loader import load_text

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "scenarios" / "en" / "cold-call-car-parts.yaml"
SCHEMA = ROOT / "scenarios" / "scenario.schema.json"

MINIMAL = """\
# yaml-language-server: $schema=../scenario.schema.json
id: example
version: 1
title: Example call
language: en
kind: cold_call
difficulty: 1
seller: {company: NordParts}
persona: {name: Mike}
start: opening
nodes:
  opening:
    say: "Dawson Motors, Mike speaking."
    branches:
      - intent: introduce
        examples: ["Hi Mike, this is Sam from NordParts"]
        goto: booked
    fallback: {say: "Sorry, who is this?", then: hang_up}
outcomes:
  booked: {result: win}
  hang_up: {result: loss}
rubric:
  weights: {needs_discovery: 25, politeness: 25, objection_handling: 25, closing: 25}
"""


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, f"{old!r} not in the text being edited"
    return text.replace(old, new, 1)


def findings(text: str) -> list[Diagnostic]:
    """Load + lint text, returning every finding whether loading failed or not."""
    try:
        loaded = load_text(text, "example.yaml")
    except ScenarioError as exc:
        return exc.diagnostics
    return lint(loaded)


def codes(text: str) -> list[str]:
    return sorted(d.code for d in findings(text))


def scenario_dir(tmp_path: Path) -> Path:
    """A folder one level below a copy of the schema, as the built-ins are laid out."""
    shutil.copy(SCHEMA, tmp_path / "scenario.schema.json")
    folder = tmp_path / "en"
    folder.mkdir(exist_ok=True)
    return folder


def run_validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(validate, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def run_validate_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out = run_validate(*args, "--format", "json")
    return code, json.loads(out)
