"""docs/diagnostics.md is the contract for SCN codes: every example must yield exactly its code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.cli.validate_cmd import check_file
from trainer.diagnostics import ScenarioError
from trainer.lint import CODES, lint
from trainer.scenario.loader import load_text

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


def _examples(section: str) -> list[tuple[str, str]]:
    """(file name, text) of each yaml example in a section, in order. A `<!-- file: NAME -->`
    before an example names it (default example.yaml, beside the others); the first example
    is the one checked, later ones are files it needs (a block file it uses)."""
    found: list[tuple[str, str]] = []
    start = 0
    for example in _EXAMPLE.finditer(section):
        named = _FILE.findall(section[start : example.start()])
        found.append((named[-1] if named else "example.yaml", example.group(1)))
        start = example.end()
    return found


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_example_yields_exactly_its_code(code: str, tmp_path: Path) -> None:
    examples = _examples(SECTIONS[code])
    assert examples, f"{code}: no yaml example"
    folder = scenario_dir(tmp_path)
    for name, text in examples:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    if "<!-- loaded as text -->" in SECTIONS[code]:
        try:  # stored or pasted text: no file to find anything from
            found = lint(load_text(examples[0][1]))
        except ScenarioError as exc:
            found = exc.diagnostics
    else:
        found = check_file(folder / examples[0][0])
    assert [d.code for d in found] == [code], [d.format() for d in found]
    assert all(d.line >= 1 and d.column >= 1 for d in found)
