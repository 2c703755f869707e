"""Publishing scenarios to the shared database, on SQLite and PostgreSQL: two machines (two
config folders) and one database; what one publishes the other plays in the app and in `play`;
retiring hides it and keeps its attempts; a file that does not lint is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.scenario.library import builtin_dir
from trainer.store import open_store

STRONG = "Hi Mike, this is Sam from NordParts, I know I'm calling out of the blue. Got two minutes?"


def _cli(db_url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(cli, ["--db", db_url, *args], obj={})


def _team_file(tmp_path: Path, version: int = 1, title: str = "Team drill — brake parts") -> Path:
    text = (builtin_dir() / "en" / "cold-call-car-parts.yaml").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("id: "):
            line = "id: team-brake-parts"
        elif line.startswith("title: "):
            line = f"title: {title}"
        elif line.startswith("version: "):
            line = f"version: {version}"
        elif line.startswith("# yaml-language-server"):
            continue
        lines.append(line)
    folder = tmp_path / "authoring"
    folder.mkdir(exist_ok=True)
    path = folder / "team-brake-parts.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_published_on_one_machine_is_played_on_another(db_url: str, tmp_path: Path) -> None:
    author_cfg = {"XDG_CONFIG_HOME": str(tmp_path / "author")}
    trainee_cfg = {"XDG_CONFIG_HOME": str(tmp_path / "trainee")}
    made = _cli(db_url, "publish", str(_team_file(tmp_path)), env=author_cfg)
    assert made.exit_code == 0, made.output
    assert "team-brake-parts version 1: published" in made.output
    again = _cli(db_url, "publish", str(_team_file(tmp_path)), env=author_cfg)
    assert "version 1: unchanged" in again.output
    listed = json.loads(_cli(db_url, "list", "--format", "json", env=trainee_cfg).output)
    mine = [e for e in listed if e["id"] == "team-brake-parts"]
    assert mine and mine[0]["source"].startswith("published v1 by ")
    script = tmp_path / "replies.txt"
    script.write_text(STRONG + "\n", encoding="utf-8")
    played = _cli(db_url, "play", "team-brake-parts", "--script", str(script), "--save",
                  "--trainee", "Ola", env=trainee_cfg)
    assert played.exit_code == 0, played.output
    assert "Team drill — brake parts" in played.output

    retired = _cli(db_url, "retire", "team-brake-parts", env=author_cfg)
    assert retired.exit_code == 0 and "retired (1 version)" in retired.output
    listed = json.loads(_cli(db_url, "list", "--format", "json", env=trainee_cfg).output)
    assert not [e for e in listed if e["id"] == "team-brake-parts"]
    gone = _cli(db_url, "play", "team-brake-parts", "--script", str(script), env=trainee_cfg)
    assert gone.exit_code != 0
    attempt = json.loads(_cli(db_url, "attempts", "--format", "json").output)[0]["id"]
    shown = _cli(db_url, "show", attempt)  # the history of a retired scenario stays
    assert shown.exit_code == 0 and "Team drill — brake parts" in shown.output


def test_a_new_version_and_changed_content(db_url: str, tmp_path: Path) -> None:
    assert _cli(db_url, "publish", str(_team_file(tmp_path))).exit_code == 0
    changed = _cli(db_url, "publish", str(_team_file(tmp_path, title="Another title")))
    assert changed.exit_code != 0
    assert "already published with other content" in str(changed.exception)
    bumped = _cli(db_url, "publish", str(_team_file(tmp_path, 2, "Another title")))
    assert bumped.exit_code == 0 and "version 2: published" in bumped.output
    with open_store(db_url) as store:
        [latest] = store.published()
        assert (latest.version, latest.title) == (2, "Another title")
        assert len(store.published(include_retired=True)) == 2


def test_a_file_that_does_not_lint_is_refused_and_nothing_is_published(
    db_url: str, tmp_path: Path
) -> None:
    good = _team_file(tmp_path)
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: broken\ntitle: x\n", encoding="utf-8")
    refused = _cli(db_url, "publish", str(good), str(bad))
    assert refused.exit_code != 0
    assert "SCN002" in refused.stderr and f"{bad}:1:1" in refused.stderr
    assert "nothing was published" in refused.stderr
    with open_store(db_url) as store:
        assert store.published() == []
    missing = _cli(db_url, "retire", "no-such-scenario")
    assert missing.exit_code != 0 and "no published scenario" in str(missing.exception)


@pytest.mark.parametrize("kind", ["sqlite"])
def test_the_library_lists_published_scenarios_with_their_origin(
    kind: str, tmp_path: Path
) -> None:
    import asyncio

    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.library import LibraryScreen

    db = str(tmp_path / "team.db")
    assert _cli(db, "publish", str(_team_file(tmp_path))).exit_code == 0

    async def run() -> Any:
        from trainer.config import Config, ConfigFile

        ConfigFile.load(tmp_path / "cfg").save(Config(trainee="Ola"))
        app = TrainerApp(db_url=db, config_dir=tmp_path / "cfg", typing_delay=0, seed=0)
        async with app.run_test(size=(120, 30)) as pilot:
            for _ in range(40):
                await pilot.pause(0.05)
                screen = app.screen
                if isinstance(screen, LibraryScreen) and screen.published:
                    break
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            [entry] = [e for e in screen.shown if e.origin]
            assert entry.info is not None and entry.info.id == "team-brake-parts"
            assert entry.origin.startswith("v1, ")
        return True

    assert asyncio.run(run())
