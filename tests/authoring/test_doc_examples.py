"""docs/diagnostics.md is the contract for SCN codes: every example must yield exactly its code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.diagnostics import ScenarioError
from trainer.lint import CODES, lint
from trainer.scenario.loader import load_file

from .helpers import ROOT, scenario_dir

DOC = ROOT / "docs" / "diagnostics.md"
_SECTION = re.compile(r"^## (SCN\d{3})\n(.*?)(?=^## |\Z)", re.S | re.M)
_EXAMPLE = re.compile(r"```yaml\n(.*?)```", re.S)
_FILE = re.compile(r"<!-- file: (\S+) -->")
_SEVERITY = re.compile(r"^\*\*(.+?)\*\* \((error|warning)\)", re.M)


def _sections() -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _SECTION.finditer(DOC.read_text(encoding="utf-8"))}


SECTIONS = _sections()


def test_every_code_is_documented_once() -> None:
    text = DOC.read_text(encoding="utf-8")
    headings = re.findall(r"^## (SCN\d{3})$", text, re.M)
    assert sorted(headings) == sorted(CODES)
    assert len(headings) == len(set(headings))


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_documented_severity_matches(code: str) -> None:
    match = _SEVERITY.search(SECTIONS[code])
    assert match, f"{code}: no '**title** (severity)' line"
    assert match.group(2) == CODES[code][0]


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_example_yields_exactly_its_code(code: str, tmp_path: Path) -> None:
    section = SECTIONS[code]
    example = _EXAMPLE.search(section)
    assert example, f"{code}: no yaml example"
    named = _FILE.search(section)
    file = scenario_dir(tmp_path) / (named.group(1) if named else "example.yaml")
    file.write_text(example.group(1), encoding="utf-8")
    try:
        found = lint(load_file(file))
    except ScenarioError as exc:
        found = exc.diagnostics
    assert [d.code for d in found] == [code], [d.format() for d in found]
    assert all(d.line >= 1 and d.column >= 1 for d in found)
