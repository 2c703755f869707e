"""Team folders: the library lists their scenarios beside the built-in ones, notices a saved
file without a restart, and shows a file that no longer lints with its findings instead of
breaking; `list` and `play` find them too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from trainer.cli.main import cli
from trainer.config import Config, ConfigFile
from trainer.scenario.library import builtin_dir
from trainer.scenario.sources import team_folders
from trainer.tui.screens.library import LibraryScreen

from .screen_text import screen_text


def _write(folder: Path, title: str) -> Path:
    text = (builtin_dir() / "en" / "cold-call-car-parts.yaml").read_text(encoding="utf-8")
    text = text.replace("id: cold-call-car-parts", "id: team-parts")
    text = "\n".join(f"title: {title}" if line.startswith("title: ") else line
                     for line in text.splitlines() if not line.startswith("# yaml-language"))
    path = folder / "team-parts.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return path


async def test_a_saved_file_is_reloaded_and_a_broken_one_shows_its_findings(
    tmp_path: Path, named: Path, monkeypatch: Any
) -> None:
    from trainer.tui.app import TrainerApp

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # The test ticks the watch itself; the timer's scan (in a thread) must not race it.
    monkeypatch.setattr("trainer.tui.screens.library.WATCH_SECONDS", 3600)
    folder = tmp_path / "team"
    folder.mkdir()
    path = _write(folder, "Team drill one")
    app = TrainerApp(config_dir=named, typing_delay=0, seed=0, scenario_dirs=(str(folder),),
                     db_url=str(tmp_path / "a.db"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        mine = [e for e in library.entries if e.folder == str(folder)]
        assert [e.info.title for e in mine if e.info] == ["Team drill one"]
        library.reload_changed()  # the first tick notes the files as they are
        # A different length too: two saves within one clock tick of the file system differ
        # only in size (a person never saves that fast).
        _write(folder, "Team drill number two")
        library.reload_changed()
        await pilot.pause()
        assert [e.info.title for e in library.entries if e.folder and e.info] == [
            "Team drill number two"]
        path.write_text(path.read_text(encoding="utf-8").replace("start: opening",
                                                                  "start: nowhere"))
        library.reload_changed()
        await pilot.pause()
        library.query_one("#filter").value = "team-parts"
        await pilot.pause()
        text = screen_text(app)
        assert "This scenario file has errors" in text
        assert f"{path}:" in " ".join(text.split()) or "team-parts.yaml:" in text
        assert "SCN" in text
        path.unlink()
        library.reload_changed()
        await pilot.pause()
        assert not [e for e in library.entries if e.folder]


def test_folders_from_the_command_line_the_environment_and_the_config(
    tmp_path: Path, monkeypatch: Any
) -> None:
    one, two, three = (tmp_path / n for n in ("one", "two", "three"))
    for folder in (one, two, three):
        folder.mkdir()
    monkeypatch.setenv("SALES_TRAINER_SCENARIOS", str(two))
    team = team_folders([str(one), str(tmp_path / "missing")], [str(three), str(one)])
    assert team.folders == [one, two, three]
    assert team.problems == [f"scenario folder {tmp_path / 'missing'} does not exist; left out"]
    cfg = ConfigFile.load(tmp_path / "cfg")
    cfg.save(Config(trainee="Ola", scenario_dirs=(str(one),)))
    assert ConfigFile.load(tmp_path / "cfg").config.scenario_dirs == (str(one),)


def test_list_and_play_find_a_team_folder_scenario(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "team"
    folder.mkdir()
    _write(folder, "Team drill")
    listed = CliRunner().invoke(cli, ["--scenarios", str(folder), "list"], obj={})
    assert f"Team drill  [folder {folder}]" in listed.output
    script = tmp_path / "r.txt"
    script.write_text("Hello Mike, this is Sam from NordParts.\n", encoding="utf-8")
    played = CliRunner().invoke(cli, ["--scenarios", str(folder), "play", "team-parts",
                                      "--script", str(script)], obj={})
    assert played.exit_code == 0 and played.output.startswith("Team drill")


def test_validate_watch_lints_again_on_save(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time

    folder = tmp_path / "team"
    folder.mkdir()
    path = _write(folder, "Team drill")
    repo = Path(__file__).resolve().parents[2]
    watcher = subprocess.Popen([sys.executable, "-m", "trainer", "validate", "--watch",
                                str(folder)], cwd=repo, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NO_COLOR": "1"})
    try:
        assert watcher.stdout is not None
        first = watcher.stdout.readline()
        while " errors" not in first:
            first = watcher.stdout.readline()
        assert "1 file, 0 errors" in first
        time.sleep(0.2)
        path.write_text(path.read_text(encoding="utf-8").replace("start: opening",
                                                                  "start: nowhere"))
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = watcher.stdout.readline()
            lines.append(line)
            if "1 file, " in line and " error" in line:
                break
        text = "".join(lines)
        assert "---" in text and "SCN" in text and f"{path}:" in text
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)


def test_list_matrix_counts_the_team_folder_too(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "team"
    folder.mkdir()
    _write(folder, "Team drill")
    alone = CliRunner().invoke(cli, ["list", "--matrix"], obj={}).output
    with_team = CliRunner().invoke(cli, ["--scenarios", str(folder), "list", "--matrix"],
                                   obj={}).output
    assert alone.startswith("| duty | 1 | 2 |") and alone != with_team
