"""What a new hire trips over in the first hour: typing in the library is filtering, never a
command, and Quit is offered on every screen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable, Input

from trainer.tui.screens.library import LibraryScreen

from .screen_text import screen_text


async def test_letters_typed_on_the_list_filter_and_never_quit_or_switch_mode(
    make_app: Any,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        mode = app.mode
        screen.query_one("#scenarios", DataTable).focus()
        await pilot.pause()
        await pilot.press(*"equipment")
        await pilot.pause()
        assert app.is_running and app.mode == mode
        assert isinstance(app.screen, LibraryScreen)
        assert screen.query_one("#filter", Input).value == "equipment"


async def test_quit_is_offered_in_the_library_and_in_a_call(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Quit" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Quit" in screen_text(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_an_exam_shows_no_live_judgement_and_says_so(make_app: Any) -> None:
    from .playing import STRONG, say

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert app.mode == "exam"
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, STRONG[0])
        text = screen_text(app)
        assert "until the scorecard" in text
        assert "Patience" not in text and "♥" not in text and "Coach" not in text


async def test_the_end_of_a_call_is_its_own_moment(make_app: Any) -> None:
    from trainer.tui.screens.call import CallScreen
    from trainer.tui.screens.scorecard import ScorecardScreen
    from trainer.tui.widgets.history_input import HistoryInput

    from .playing import STRONG, say, start_call

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_call(pilot)
        for reply in STRONG[:-1]:
            await say(pilot, reply)
        app.screen.query_one("#reply", HistoryInput).value = STRONG[-1]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)  # the last exchange stays in view
        text = screen_text(app)
        assert "Won" in text and "Press Enter to see your scorecard" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)


async def test_a_reply_sent_while_the_prospect_types_goes_when_they_finish(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from textual.widgets import Static

    from trainer.tui.screens import call as call_screen
    from trainer.tui.screens.call import CallScreen
    from trainer.tui.widgets.history_input import HistoryInput

    monkeypatch.delenv("SALES_TRAINER_NO_DELAY")
    gate = asyncio.Event()

    async def pause(seconds: float) -> None:
        await gate.wait()

    monkeypatch.setattr(call_screen, "_typing_pause", pause)
    app = make_app(typing_delay=0.002)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CallScreen) and screen.busy
        field = screen.query_one("#reply", HistoryInput)
        field.value = "Hi Mike, this is Sam from NordParts. Have you got two minutes?"
        await pilot.press("enter")
        await pilot.pause()
        assert field.value == "" and screen.call.turns == 0
        assert "your reply goes" in str(screen.query_one("#typing", Static).content)
        gate.set()
        for _ in range(200):
            if screen.call.turns == 1 and not screen.busy:
                break
            await pilot.pause()
        assert screen.call.turns == 1
        assert "Have you got two minutes" in screen_text(app)


async def test_at_60x20_the_side_panel_gives_way_and_quit_stays_in_the_footer(
    make_app: Any,
) -> None:
    from .playing import STRONG, say

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        library = screen_text(app)
        for _ in range(100):  # the preview is filled in off the UI thread: wait for it, boundedly
            if "Dawson Motors" in library or "Patience" in library:
                break
            await pilot.pause(0.05)
            library = screen_text(app)
        assert "Quit" in library.splitlines()[-1]
        assert "Dawson Motors" in library or "Patience" in library  # the preview, under the list
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, STRONG[0])
        lines = screen_text(app).splitlines()
        assert "Quit" in lines[-1]
        status = next(line for line in lines if "Patience" in line)
        assert "Mood" in status and "Needs" in status  # one line, not a side panel
        assert not app.screen.query_one("#side").display
