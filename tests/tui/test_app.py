"""App-wide behaviour: opening a call directly, retry, the palette, typing, a broken store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trainer.tui.app import TrainerApp
from trainer.tui.screens.call import CallScreen
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.scorecard import ScorecardScreen

from .playing import STRONG, say, start_call
from .screen_text import screen_text


async def test_play_opens_the_call_directly_and_ends_in_the_library(
    make_app: Any, starter: Any
) -> None:
    app = make_app(start_with=starter)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_retry_replays_the_same_scenario_in_the_same_mode(make_app: Any) -> None:
    app = make_app()
    app.config_file.config = app.config.with_changes(mode="exam")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot)
        await say(pilot, STRONG[0])
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.mode == "exam" and app.screen.call.turns == 0
        assert len(app.screen_stack) == 2  # library, call: the old scorecard is gone


async def test_palette_offers_the_app_commands(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Open history", "Toggle mode", "Toggle light/dark theme",
                       "Change trainee name"):
            assert wanted in titles
        toggle = next(c for c in app.get_system_commands(app.screen) if c.title == "Toggle mode")
        toggle.callback()
        await pilot.pause()
        assert app.mode == "exam"


async def test_prospect_types_before_speaking(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a line is being "typed" the indicator says so; then the line appears and the
    indicator clears. The wait itself is replaced, so a busy machine cannot make the test miss
    the indicator (it used to poll the screen against the clock)."""
    import asyncio

    from textual.widgets import Static

    from trainer.tui.screens import call as call_screen

    monkeypatch.delenv("SALES_TRAINER_NO_DELAY")
    app = make_app(typing_delay=0.002)
    shown_while_waiting: list[str] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float) -> None:
        indicator = app.screen.query_one("#typing", Static)
        shown_while_waiting.append(str(indicator.content))
        await real_sleep(0)

    monkeypatch.setattr(call_screen, "_typing_pause", sleep)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        call = app.screen
        assert isinstance(call, CallScreen)
        for _ in range(500):
            if not call.busy and call.transcript.query("Bubble"):
                break
            await pilot.pause()
        assert shown_while_waiting and all("is typing" in s for s in shown_while_waiting)
        assert "Mike" in screen_text(app) and "is typing" not in screen_text(app)


def test_no_delay_setting_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SALES_TRAINER_NO_DELAY", "1")
    assert TrainerApp(config_dir=tmp_path, typing_delay=0.5).typing_delay == 0
    monkeypatch.delenv("SALES_TRAINER_NO_DELAY")
    assert TrainerApp(config_dir=tmp_path, typing_delay=0).typing_delay == 0
    assert TrainerApp(config_dir=tmp_path).typing_delay > 0


async def test_a_broken_database_still_lets_you_practise(
    make_app: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    before = bad.read_bytes()
    app = make_app(db_url=str(bad))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.store is None and app.store_ready
        await start_call(pilot)
        for reply in STRONG:
            await say(pilot, reply)
        assert isinstance(app.screen, ScorecardScreen)
        await pilot.press("h")
        await pilot.pause()
        assert "No attempts yet" in screen_text(app)
    assert bad.read_bytes() == before


async def test_leaving_a_call_from_the_palette_asks_first(make_app: Any) -> None:
    from trainer.tui.screens.confirm import ConfirmScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot)
        app.back_to_library()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)


def test_launch_entry_points_build_the_app(
    monkeypatch: pytest.MonkeyPatch, starter: Any
) -> None:
    from trainer.tui import launch

    started: list[TrainerApp] = []
    monkeypatch.setattr(TrainerApp, "run", lambda self, *a, **k: started.append(self))
    launch.run_library(db_url="sqlite:///x.db")
    launch.run_call(starter, db_url=None)
    assert [a.db_url for a in started] == ["sqlite:///x.db", None]
    assert started[0].start_with is None and started[1].start_with is starter


async def test_a_database_failing_mid_call_does_not_end_the_call(
    make_app: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.store import StoreError

    real_add_turn = store.add_turn
    written: list[int] = []

    def flaky(attempt_id: str, index: int, *args: Any, **kwargs: Any) -> None:
        if len(written) >= 3:
            raise StoreError("database is locked")
        written.append(index)
        real_add_turn(attempt_id, index, *args, **kwargs)

    monkeypatch.setattr(store, "add_turn", flaky)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot)
        for reply in STRONG:
            await say(pilot, reply)
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.view.scorecard is not None and app.screen.view.scorecard.passed
    assert written == [0, 1, 2]
    [attempt] = store.attempts()
    assert attempt.total is None  # recorded as unfinished, never half-finished
