"""Shared blocks in the app and the commands around it: block files are never listed as broken
scenarios, the start-up index and the running library notice a changed block file, and an
attempt, an assignment or a published scenario keeps the blocks filled in, so it still opens
after the block file is gone."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.scenario.library import builtin_files, is_block_file
from trainer.scenario.loader import load_file, load_text
from trainer.scenario.sources import team_folders
from trainer.tui.catalog import Entry, cached_entries, quick_entry
from trainer.tui.screens.history import played_scenario

from ..authoring.block_helpers import BLOCKS, SCENARIO, edit, lay_out


def _cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj={}, catch_exceptions=False)


def _save_block(tmp_path: Path, text: str) -> None:
    file = tmp_path / "blocks" / "common.yaml"
    file.write_text(text, encoding="utf-8")
    # A different mtime even on coarse file systems (a person never saves that fast).
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_block_files_are_not_scenarios_in_any_list(tmp_path: Path) -> None:
    lay_out(tmp_path)
    assert not [f for f in builtin_files() if is_block_file(f)]
    team = team_folders([str(tmp_path)])
    assert [f.name for f, _ in team.files()] == ["example.yaml"]
    listed = json.loads(_cli("--scenarios", str(tmp_path), "list", "--format", "json").output)
    assert not [e for e in listed if e["broken"]]
    assert [e["id"] for e in listed if e["source"] != "built-in"] == ["example"]
    text = _cli("--scenarios", str(tmp_path), "list").output
    assert "BROKEN" not in text and "common.yaml" not in text


def test_the_start_up_index_reads_a_scenario_again_when_only_its_block_changed(
    tmp_path: Path,
) -> None:
    path, cache = lay_out(tmp_path), tmp_path / "index.json"
    reads: list[Path] = []

    def counting(file: Path) -> Entry:
        reads.append(file)
        return quick_entry(file)

    [first] = cached_entries([path], cache, counting)
    [second] = cached_entries([path], cache, counting)
    assert reads == [path] and first.info == second.info and first.info is not None
    assert [p for p, _ in second.depends] == [str(path.parent / "../blocks/common.yaml")]
    _save_block(tmp_path, edit(BLOCKS, "cost too much", "are too dear"))
    cached_entries([path], cache, counting)
    assert reads == [path, path]
    cached_entries([path], cache, counting)
    assert reads == [path, path]
    (tmp_path / "blocks" / "common.yaml").unlink()  # gone is a change too
    cached_entries([path], cache, counting)
    assert reads == [path, path, path]


async def test_the_running_library_reloads_scenarios_when_their_block_is_saved(
    tmp_path: Path, named: Path, monkeypatch: Any
) -> None:
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.library import LibraryScreen

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # The test ticks the watch itself; the timer's scan (in a thread) must not race it.
    monkeypatch.setattr("trainer.tui.screens.library.WATCH_SECONDS", 3600)
    team = tmp_path / "team"
    team.mkdir()
    lay_out(team)
    app = TrainerApp(
        config_dir=named,
        typing_delay=0,
        seed=0,
        scenario_dirs=(str(team),),
        db_url=str(tmp_path / "a.db"),
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)

        def mine() -> Entry:
            [entry] = [e for e in library.entries if e.folder]
            return entry

        await app.workers.wait_for_complete()  # the checks after the first paint
        await pilot.pause()
        # Checked good; loaded again when highlighted or started (see catalog.unloaded).
        assert mine().error is None and mine().vetted
        library.reload_changed()  # the first tick notes the files as they are
        _save_block(team, edit(BLOCKS, "cost too much", "are too dear"))
        library.reload_changed()
        await pilot.pause()
        loaded = mine().loaded
        assert loaded is not None and loaded.scenario.nodes["price"].say == (
            "Your brake pads are too dear."
        )
        _save_block(team, edit(BLOCKS, 'goto: "${next}"', "goto: nowhere"))
        library.reload_changed()
        await pilot.pause()
        assert mine().error is not None and "SCN010" in mine().error  # type: ignore[operator]
        assert "common.yaml" in mine().error  # type: ignore[operator]
        _save_block(team, BLOCKS)
        library.reload_changed()
        await pilot.pause()
        assert mine().error is None and mine().loaded is not None


async def test_an_attempt_reopens_after_its_block_file_is_deleted(
    tmp_path: Path, make_app: Any, store: Any
) -> None:
    from trainer.session import start_recorded_call
    from trainer.tui.screens.scorecard import ScorecardScreen

    loaded = load_file(lay_out(tmp_path))
    call, attempt = start_recorded_call(loaded, "Sam Berg", "coach", store)
    call.start()
    call.reply("Hi Mike, this is Sam from NordParts")
    call.reply("I understand. What are you comparing us with?")
    assert call.outcome is not None and call.outcome.id == "booked"
    (tmp_path / "blocks" / "common.yaml").unlink()
    detail = store.attempt(attempt)
    assert detail.source_text == loaded.frozen_text and "use:" not in detail.source_text
    assert detail.summary.scenario_hash == loaded.content_hash
    again = played_scenario(detail.source_text)
    assert again is not None and again.scenario == loaded.scenario
    shown = _cli("--db", str(tmp_path / "attempts.db"), "show", attempt)
    assert shown.exit_code == 0 and "brake pads cost too much" in shown.output
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.view.loaded is not None
        assert app.screen.view.loaded.scenario == loaded.scenario


def test_publish_and_assign_keep_the_blocks_filled_in(tmp_path: Path) -> None:
    from trainer.store import open_store

    path = lay_out(tmp_path)
    db = str(tmp_path / "team.db")
    published = _cli("--db", db, "publish", str(path))
    assert published.exit_code == 0, published.output
    assigned = _cli(
        "--db", db, "assign", "--trainee", "Ola", "--scenario", str(path), "--due", "2099-01-01"
    )
    assert assigned.exit_code == 0, assigned.output
    expected = load_file(path)
    (tmp_path / "blocks" / "common.yaml").unlink()
    with open_store(db) as store:
        [item] = store.published()
        text = store.published_text(item)
        [assignment] = store.assignments(trainee="Ola")
        kept = store.assigned_source(assignment)
    assert item.hash == expected.content_hash  # type: ignore[attr-defined]
    for stored in (text, kept):
        assert stored == expected.frozen_text and "use:" not in stored
        assert load_text(stored, "example (published)").scenario == expected.scenario
    script = tmp_path / "replies.txt"
    script.write_text("Hi Mike, this is Sam from NordParts\n", encoding="utf-8")
    played = _cli("--db", db, "play", "example", "--script", str(script))
    assert played.exit_code == 0 and "brake pads cost too much" in played.output


def test_graph_draws_a_blocks_nodes_together(tmp_path: Path) -> None:
    scenario = edit(
        SCENARIO,
        "    with: {product: brake pads, next: booked}\n",
        "    with: {product: brake pads, next: booked}\n"
        "  - {file: ../blocks/common.yaml, block: price, prefix: again_,"
        " with: {product: filters, next: booked}}\n",
    )
    path = lay_out(tmp_path, scenario)
    mermaid = _cli("graph", str(path)).output
    assert 'subgraph b1["block price from ../blocks/common.yaml (use 1)"]' in mermaid
    assert 'subgraph b2["block price from ../blocks/common.yaml (use 2)"]' in mermaid
    after = mermaid.split("subgraph b2", 1)[1].split("\n    end", 1)[0]
    assert "again_price" in after and "opening" not in after
    dot = _cli("graph", "--format", "dot", str(path)).output
    assert "subgraph cluster_block1 {" in dot
    assert 'label="block price from ../blocks/common.yaml (use 1)";' in dot
    single = _cli("graph", "--format", "dot", str(lay_out(tmp_path))).output
    assert 'label="block price from ../blocks/common.yaml";' in single


def test_validate_watch_lints_again_when_a_used_block_file_is_saved(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    path = lay_out(tmp_path)
    repo = Path(__file__).resolve().parents[2]
    # Only the scenario's folder is watched: the block file is found through its use.
    watcher = subprocess.Popen(
        [sys.executable, "-m", "trainer", "validate", "--watch", str(path.parent)],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        assert watcher.stdout is not None
        first = watcher.stdout.readline()
        while " errors" not in first:
            first = watcher.stdout.readline()
        assert "1 file, 0 errors" in first
        time.sleep(0.2)
        _save_block(tmp_path, edit(BLOCKS, 'goto: "${next}"', "goto: nowhere"))
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = watcher.stdout.readline()
            lines.append(line)
            if "1 file, " in line and " error" in line:
                break
        text = "".join(lines)
        assert "---" in text and "common.yaml:" in text and " SCN010: " in text
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
