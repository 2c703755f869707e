"""The library's bookkeeping grows with the number of files, not with its square, and the
folder watch's timer scans in a thread and still shows a saved file."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from trainer.scenario.library import builtin_dir
from trainer.tui.catalog import Entry, Info
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.watch import merged


def _entries(count: int, title: str = "old") -> list[Entry]:
    return [Entry(f"/team/{n:05d}.yaml", Info(f"s{n}", title, "cold_call", "en", 1),
                  folder="/team") for n in range(count)]


def test_merging_keeps_order_replaces_adds_and_drops() -> None:
    entries = _entries(5)
    fresh = [Entry("/team/00003.yaml", Info("s3", "new", "cold_call", "en", 1)),
             Entry("/team/new.yaml", Info("n", "added", "cold_call", "en", 1))]
    result = merged(entries, fresh, {"/team/00001.yaml"})
    assert [e.file for e in result] == ["/team/00000.yaml", "/team/00002.yaml",
                                        "/team/00003.yaml", "/team/00004.yaml",
                                        "/team/new.yaml"]
    assert result[2].info is not None and result[2].info.title == "new"


@pytest.mark.parametrize("count", [100, 1000])
def test_swapping_in_checked_entries_looks_at_each_entry_once(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    plain = Entry.key

    def counted(self: Entry) -> str:
        reads.append(1)
        return plain.fget(self)  # type: ignore[attr-defined, no-any-return]

    entries, shown = _entries(count), _entries(count)[:300]
    checked = {e.key: Entry(e.file, e.info, error="x", folder=e.folder) for e in entries}
    monkeypatch.setattr(Entry, "key", property(counted))
    screen = SimpleNamespace(entries=entries, shown=shown)
    LibraryScreen._replace_all(screen, checked)  # type: ignore[arg-type]
    assert len(reads) == count + len(shown)
    assert all(e.error == "x" for e in entries + shown)


async def test_the_timer_scan_runs_in_a_thread_and_shows_a_saved_file(
    tmp_path: Path, named: Path, monkeypatch: Any
) -> None:
    from trainer.tui.app import TrainerApp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("trainer.tui.screens.library.WATCH_SECONDS", 3600)  # ticked by hand
    folder = tmp_path / "team"
    folder.mkdir()
    text = (builtin_dir() / "en" / "cold-call-car-parts.yaml").read_text(encoding="utf-8")
    text = text.replace("id: cold-call-car-parts", "id: team-parts")
    path = folder / "team-parts.yaml"
    path.write_text(text, encoding="utf-8")
    app = TrainerApp(config_dir=named, typing_delay=0, seed=0, scenario_dirs=(str(folder),),
                     db_url=str(tmp_path / "a.db"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)

        async def tick() -> None:
            library._watch_tick()
            await app.workers.wait_for_complete()
            await pilot.pause()

        await tick()  # notes the files as they are
        path.write_text(text.replace("title: ", "title: Renamed ", 1), encoding="utf-8")
        stat = path.stat()  # a different mtime even on coarse file systems
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        await tick()
        [mine] = [e for e in library.entries if e.folder]
        assert mine.info is not None and mine.info.title.startswith("Renamed ")
        assert mine.loaded is not None
