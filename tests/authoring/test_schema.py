"""The committed JSON Schemas match the models, and every scenario file (and block file) points
editors at its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli.schema_cmd import block_schema_text, schema, schema_text
from trainer.scenario.library import is_block_file
from trainer.scenario.loader import SCHEMA_HEADER
from trainer.scenario.models import schema_dict

from .helpers import ROOT, SCHEMA

REGENERATE = "regenerate it with: sales-trainer schema --output scenarios/scenario.schema.json"


def test_committed_schema_matches_the_models() -> None:
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == schema_dict(), (
        f"scenarios/scenario.schema.json is out of date; {REGENERATE}"
    )
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), REGENERATE


BLOCK_SCHEMA = ROOT / "scenarios" / "block.schema.json"


def test_committed_block_schema_matches_the_models() -> None:
    assert BLOCK_SCHEMA.read_text(encoding="utf-8") == block_schema_text(), (
        "scenarios/block.schema.json is out of date; regenerate it with: "
        "sales-trainer schema --blocks --output scenarios/block.schema.json"
    )
    document = json.loads(BLOCK_SCHEMA.read_text(encoding="utf-8"))
    assert document["$id"].endswith("block.schema.json")
    node = document["$defs"]["Node"]["properties"]
    # Any value of a node may be a parameter standing alone, as `examples: "${examples}"`.
    assert {"type": "string", "pattern": r"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$"} in node["say"]["anyOf"]


def test_the_scenario_schema_describes_use() -> None:
    use = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]["Use"]
    assert set(use["properties"]) == {"file", "block", "with", "prefix"}
    assert use["required"] == ["file", "block"]


def test_schema_command_prints_and_writes(tmp_path: Path) -> None:
    printed = CliRunner().invoke(schema, [])
    assert printed.exit_code == 0
    document = json.loads(printed.output)
    assert document["$id"].endswith("scenario.schema.json")
    assert "nodes" in document["properties"]
    target = tmp_path / "out.json"
    written = CliRunner().invoke(schema, ["--output", str(target)])
    assert written.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == document


def test_schema_command_reports_unwritable_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(schema, ["--output", str(tmp_path / "missing" / "out.json")])
    assert result.exit_code != 0
    assert "cannot write" in str(result.exception)


SCENARIO_FILES = sorted((ROOT / "scenarios").rglob("*.y*ml"))


@pytest.mark.parametrize("file", SCENARIO_FILES, ids=lambda p: p.name)
def test_scenario_files_start_with_the_schema_header(file: Path) -> None:
    first = file.read_text(encoding="utf-8").lstrip("\ufeff").split("\n", 1)[0]
    assert first.startswith(SCHEMA_HEADER), f"{file}: first line must be '{SCHEMA_HEADER}...'"
    target = first[len(SCHEMA_HEADER) :].strip()
    expected = BLOCK_SCHEMA if is_block_file(file) else SCHEMA
    assert (file.parent / target).resolve() == expected.resolve()
