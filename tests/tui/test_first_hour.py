"""What a new hire trips over in the first hour: typing in the library is filtering, never a
command, and Quit is offered on every screen."""

from __future__ import annotations

from typing import Any

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
