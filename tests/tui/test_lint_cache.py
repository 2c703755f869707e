"""The library checks a team's files after the first paint; a second start checks only the
files that changed since, and still shows what the first check found."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import trainer.lint
from trainer.scenario.library import builtin_files
from trainer.tui.catalog import Entry
from trainer.tui.screens.library import LibraryScreen

BROKEN_GOTO = ("start: opening", "start: nowhere")


def _team(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    for n, source in enumerate(builtin_files()[:3]):
        text = source.read_text(encoding="utf-8")
        old = next(line for line in text.splitlines() if line.startswith("id: "))
        (folder / f"team-{n}.yaml").write_text(text.replace(old, f"id: team-{n}", 1),
                                               encoding="utf-8")
    return folder


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files linted, in order."""
    seen: list[str] = []
    real = trainer.lint.lint

    def counting(loaded: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(Path(loaded.file).name)
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(trainer.lint, "lint", counting)
    return seen


async def _start(tmp_path: Path, named: Path, folder: Path) -> list[Entry]:
    """Start the app, let the checks after the first paint finish, and return the team's
    entries as the library then holds them."""
    from trainer.tui.app import TrainerApp

    app = TrainerApp(config_dir=named, typing_delay=0, seed=0, scenario_dirs=(str(folder),),
                     db_url=str(tmp_path / "a.db"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        return sorted((e for e in library.entries if e.folder), key=lambda e: e.file)


async def test_a_second_start_lints_only_the_edited_file(
    tmp_path: Path, named: Path, linted: list[str], monkeypatch: Any
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = _team(tmp_path)
    first = await _start(tmp_path, named, folder)
    assert sorted(linted) == ["team-0.yaml", "team-1.yaml", "team-2.yaml"]
    assert all(e.error is None and (e.vetted or e.loaded) for e in first)

    linted.clear()
    second = await _start(tmp_path, named, folder)
    assert linted == []
    assert all(e.error is None and (e.vetted or e.loaded) for e in second)

    edited = folder / "team-1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace(*BROKEN_GOTO),
                      encoding="utf-8")
    # A different mtime even on coarse file systems (a person never saves that fast).
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    third = await _start(tmp_path, named, folder)
    assert linted == ["team-1.yaml"]
    assert [e.error is not None for e in third] == [False, True, False]

    linted.clear()  # the findings are remembered too: shown again without linting
    fourth = await _start(tmp_path, named, folder)
    assert linted == []
    assert [e.error for e in fourth] == [e.error for e in third]


async def test_a_remembered_good_file_still_plays(
    tmp_path: Path, named: Path, monkeypatch: Any
) -> None:
    from trainer.tui.catalog import validated

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = _team(tmp_path)
    await _start(tmp_path, named, folder)
    second = await _start(tmp_path, named, folder)
    remembered = [e for e in second if e.vetted and not e.checked]
    assert remembered, "a second start should not load every file"
    loaded = validated(remembered[0]).loaded
    assert loaded is not None and loaded.scenario.id == remembered[0].info.id  # type: ignore[union-attr]


def test_many_files_are_checked_in_other_processes_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from trainer.scenario import outcome
    from trainer.tui.catalog import checked_and_remembered

    folder = _team(tmp_path)
    edited = folder / "team-1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace(*BROKEN_GOTO),
                      encoding="utf-8")
    (folder / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    entries = [Entry(str(f), folder=str(folder)) for f in sorted(folder.glob("*.yaml"))]
    here = checked_and_remembered(entries, tmp_path / "one.json")
    monkeypatch.setattr(outcome, "IN_PROCESS_BELOW", 1)
    elsewhere = checked_and_remembered(entries, tmp_path / "two.json")
    assert here == elsewhere
    assert [e.error is not None for e in here] == [True, False, True, False]
    assert [replace(e, depends=()).vetted for e in here] == [False, True, False, True]


async def test_a_file_highlighted_before_the_background_check_ends_shows_its_preview(
    tmp_path: Path, named: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The background check is held until the end of the test: the preview must not wait for
    # every file of the folder to be checked.
    import threading

    import trainer.tui.screens.library as library_module
    from trainer.tui.app import TrainerApp

    from .screen_text import screen_text

    gate = threading.Event()
    real = library_module.checked_and_remembered

    def held(todo: list[Entry]) -> list[Entry]:
        gate.wait(10)
        return real(todo)

    monkeypatch.setattr(library_module, "checked_and_remembered", held)
    folder = _team(tmp_path)
    app = TrainerApp(config_dir=named, typing_delay=0, seed=0, scenario_dirs=(str(folder),),
                     db_url=str(tmp_path / "a.db"))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            await pilot.press(*"team-1")
            await pilot.pause()
            library = app.screen
            assert isinstance(library, LibraryScreen)
            entry = library.current()
            assert entry is not None and entry.folder and entry.checked
            assert "Loading" not in screen_text(app)
            assert "Mike Dawson" in screen_text(app)  # the persona, from the preview
            gate.set()
            await app.workers.wait_for_complete()
    finally:
        gate.set()
