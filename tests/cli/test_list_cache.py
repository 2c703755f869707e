"""`list` answers from the index cache: the same rows with a cold, warm or damaged cache, and
a file (or block file) that changed is validated again; one only touched is not."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli.main import cli
from trainer.scenario import loader
from trainer.scenario.coverage import matrix
from trainer.scenario.index_cache import default_path
from trainer.scenario.library import builtin_files
from trainer.scenario.loader import load_file

from ..authoring.block_helpers import BLOCKS, edit, lay_out

BROKEN = "id: broken\ntitle: Broken\nlanguage: en\nkind: cold_call\ndifficulty: 9\n"


def _team(tmp_path: Path) -> Path:
    """Three copies of built-ins under new ids, a broken file, and one that uses a block."""
    folder = tmp_path / "team"
    folder.mkdir()
    lay_out(folder)
    for n, source in enumerate(builtin_files()[:3]):
        text = source.read_text(encoding="utf-8")
        old = next(line for line in text.splitlines() if line.startswith("id: "))
        (folder / f"team-{n}.yaml").write_text(text.replace(old, f"id: team-{n}", 1),
                                               encoding="utf-8")
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


def _list(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--scenarios", str(folder), "list", *args], obj={},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _bump(file: Path) -> None:
    # A different mtime even on coarse file systems (a person never saves that fast).
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files fully validated, in order."""
    seen: list[Path] = []

    def counting(path: str | Path) -> loader.LoadedScenario:
        seen.append(Path(path))
        return load_file(path)

    monkeypatch.setattr(loader, "load_file", counting)
    return seen


@pytest.mark.parametrize("args", [(), ("--format", "json"), ("--matrix",)])
def test_cold_warm_and_damaged_caches_list_the_same(tmp_path: Path, args: tuple[str, ...],
                                                     loads: list[Path]) -> None:
    folder = _team(tmp_path)
    cold = _list(folder, *args)
    validated = len(loads)
    assert validated == len(builtin_files()) + 5
    warm = _list(folder, *args)
    assert len(loads) == validated  # nothing validated again
    default_path().write_text("{damaged", encoding="utf-8")
    damaged = _list(folder, *args)
    assert cold == warm == damaged
    assert len(loads) == 2 * validated


def test_the_cached_rows_are_what_validation_says(tmp_path: Path) -> None:
    folder = _team(tmp_path)
    _list(folder)
    rows = json.loads(_list(folder, "--format", "json"))
    broken = [r for r in rows if r["broken"]]
    assert [Path(r["file"]).name for r in broken] == ["broken.yaml"]
    assert broken[0]["problems"] and all(":" in p for p in broken[0]["problems"])
    assert {r["id"] for r in rows if not r["broken"] and r["source"] != "built-in"} == {
        "example", "team-0", "team-1", "team-2"}
    every = [load_file(f).scenario for f in builtin_files()]
    every += [load_file(f).scenario for f in sorted(folder.rglob("*.yaml"))
              if f.name not in ("broken.yaml", "common.yaml")]
    assert _list(folder, "--matrix").strip() == matrix(every).strip()


def test_an_edited_file_is_read_again(tmp_path: Path, loads: list[Path]) -> None:
    folder = _team(tmp_path)
    _list(folder)
    file = folder / "team-0.yaml"
    text = file.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    file.write_text(text.replace(title, "title: Renamed by the team", 1), encoding="utf-8")
    _bump(file)
    loads.clear()
    assert "Renamed by the team" in _list(folder)
    assert loads == [file]


def test_a_touched_but_unchanged_file_is_not_read_again(tmp_path: Path,
                                                        loads: list[Path]) -> None:
    folder = _team(tmp_path)
    first = _list(folder)
    _bump(folder / "team-1.yaml")
    loads.clear()
    assert _list(folder) == first and loads == []


def test_an_edited_block_file_rereads_the_scenarios_using_it(tmp_path: Path,
                                                             loads: list[Path]) -> None:
    folder = _team(tmp_path)
    _list(folder)
    block = folder / "blocks" / "common.yaml"
    block.write_text(edit(BLOCKS, "cost too much", "are too dear"), encoding="utf-8")
    _bump(block)
    loads.clear()
    _list(folder)
    assert [f.name for f in loads] == ["example.yaml"]
