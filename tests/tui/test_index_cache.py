"""The library's start-up index: used when fresh, re-read when a file changes, never fatal."""

from __future__ import annotations

import json
import os
from pathlib import Path

from trainer.scenario.index_cache import IndexCache
from trainer.tui.catalog import Entry, cached_entries, quick_entry

from .conftest import STARTER


def _copy(tmp_path: Path) -> Path:
    file = tmp_path / "starter.yaml"
    file.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    return file


def test_second_run_reads_no_files(tmp_path: Path) -> None:
    file, cache = _copy(tmp_path), tmp_path / "index.json"
    reads: list[Path] = []

    def counting(path: Path) -> Entry:
        reads.append(path)
        return quick_entry(path)

    first = cached_entries([file], cache, counting)
    second = cached_entries([file], cache, counting)
    assert reads == [file]
    assert first == second and first[0].info is not None
    assert first[0].info.title.startswith("Cold call")


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    file, cache = _copy(tmp_path), tmp_path / "index.json"
    cached_entries([file], cache, quick_entry)
    file.write_text(file.read_text(encoding="utf-8").replace(
        "title: Cold call — brake parts", "title: Warm call — brake parts"), encoding="utf-8")
    os.utime(file, ns=(1, 1))  # a different mtime even on coarse file systems
    [entry] = cached_entries([file], cache, quick_entry)
    assert entry.info is not None and entry.info.title.startswith("Warm call")


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    file, cache = _copy(tmp_path), tmp_path / "index.json"
    wrong_info = json.dumps({"version": 1, "files": {str(file): {"stamp": [0, 0],
                                                                "info": {"id": 1}}}})
    for junk in ("{not json", '{"version": 1, "files": {"x": {"stamp": 3, "info": 7}}}',
                 wrong_info):
        cache.write_text(junk, encoding="utf-8")
        [entry] = cached_entries([file], cache, quick_entry)
        assert entry.info is not None and entry.info.id == "cold-call-car-parts"


def test_an_unwritable_cache_is_harmless(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    [entry] = cached_entries([file], blocker / "index.json", quick_entry)
    assert entry.info is not None


def test_starting_with_and_without_a_team_folder_keeps_both_warm(tmp_path: Path) -> None:
    builtin, cache = _copy(tmp_path), tmp_path / "index.json"
    team = tmp_path / "team.yaml"
    team.write_text(builtin.read_text(encoding="utf-8"), encoding="utf-8")
    reads: list[Path] = []

    def counting(path: Path) -> Entry:
        reads.append(path)
        return quick_entry(path)

    cached_entries([builtin, team], cache, counting)
    cached_entries([builtin], cache, counting)  # a start without the folder
    cached_entries([builtin, team], cache, counting)
    assert reads == [builtin, team]
    team.unlink()  # a file that is gone is forgotten
    cached_entries([builtin], cache, counting)
    assert str(team) not in IndexCache(cache).known


def test_damaged_rows_of_a_current_cache_are_read_again(tmp_path: Path) -> None:
    from trainer.scenario.index_cache import VERSION

    file, cache = _copy(tmp_path), tmp_path / "index.json"
    now = [file.stat().st_mtime_ns, file.stat().st_size]
    header = json.dumps({"version": VERSION})
    rows = [
        {"stamp": now, "facets": {"info": {"version": "", "blocks": [], "data": {"id": 1}}}},
        {"stamp": now, "facets": {"info": {"version": "", "blocks": [["x", 3, None]],
                                           "data": {}}}},
        {"stamp": now, "facets": 7},
        {"stamp": "now"},
    ]
    for row in rows:
        cache.write_text(f"{header}\n{json.dumps([str(file), row])}\n", encoding="utf-8")
        [entry] = cached_entries([file], cache, quick_entry)
        assert entry.info is not None and entry.info.id == "cold-call-car-parts"
    [again] = cached_entries([file], cache, lambda path: Entry(str(path)))  # now warm
    assert again.info is not None and again.info.id == "cold-call-car-parts"
