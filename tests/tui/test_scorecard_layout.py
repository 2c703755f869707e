"""The scorecard at the sizes new hires use: the transcript is a full-height tab, every column
of the evidence fits the width, Enter on a piece of evidence shows it where it was said, and
a transcript keeps its place when the terminal is resized."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable, TabbedContent

from trainer.tui.screens.call import CallScreen
from trainer.tui.screens.scorecard import ScorecardScreen
from trainer.tui.widgets.transcript import Transcript

from .playing import STRONG, say, start_call
from .screen_text import screen_text


async def _scorecard(pilot: Any) -> ScorecardScreen:
    await start_call(pilot)
    for reply in STRONG:
        await say(pilot, reply)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ScorecardScreen)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
async def test_every_evidence_column_fits_the_width(make_app: Any, size: tuple[int, int]
                                                    ) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await _scorecard(pilot)
        await pilot.press("2")
        await pilot.pause()
        table = screen.query_one("#evidence", DataTable)
        assert table.row_count > 0
        assert table.virtual_size.width <= table.size.width
        header = next(line for line in screen_text(app).splitlines() if "Turn" in line)
        assert header.rstrip().endswith("Pts")


async def test_the_transcript_tab_has_the_whole_height_at_80x24(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _scorecard(pilot)
        await pilot.press("3")
        await pilot.pause()
        turns = screen.query_one("#turns", Transcript)
        # Everything but the title, the grade, the tab bar and the footer.
        assert turns.size.height >= 24 - 6
        assert "Dawson Motors" in screen_text(app)


async def test_enter_on_evidence_opens_the_transcript_at_that_turn(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _scorecard(pilot)
        await pilot.press("2")
        await pilot.pause()
        table = screen.query_one("#evidence", DataTable)
        last = table.row_count - 1
        table.move_cursor(row=last)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#score-tabs", TabbedContent).active == "tab-transcript"
        turn = screen.evidence[last].turn
        highlighted = [b for b in screen.query(".-highlight") if b.index == turn]  # type: ignore[attr-defined]
        assert highlighted and highlighted[0].region.height > 0  # on screen


async def test_the_overview_says_why_a_call_failed(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot)
        await say(pilot, "Hi, it's Sam from NordParts.")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#yes") if app.screen.query("#yes") else await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        text = screen_text(app)
        assert "FAIL" in text and "under the pass mark" in text and "What was missing" in text


async def test_the_chat_keeps_its_place_when_the_terminal_is_resized(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_call(pilot)
        for reply in STRONG[:5]:
            await say(pilot, reply)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        chat = screen.query_one(Transcript)
        await pilot.pause()
        assert chat.max_scroll_y > 0
        # Followed to the end: stays at the end through narrowing and widening.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert chat.scroll_y >= chat.max_scroll_y - 1
        # Scrolled back to read an earlier line: that line stays at the top.
        target = list(chat.children)[3]
        chat.scroll_to(y=target.virtual_region_with_margin.y, animate=False, immediate=True)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        top = round(chat.scroll_y)
        region = target.virtual_region_with_margin
        assert region.y <= top < region.bottom


async def test_the_chat_shows_the_newest_answer_after_a_long_reply(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot)
        long_reply = (
            "Thanks Mike. Before anything else, and I'll be quick because I know the workshop "
            "is busy, could you walk me through how parts get to you today, who you use, how "
            "often deliveries come and what happens on the days when a part turns up late?"
        )
        for reply in (STRONG[0], long_reply, STRONG[1]):
            await say(pilot, reply)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CallScreen)
            chat = screen.query_one(Transcript)
            assert chat.scroll_y >= chat.max_scroll_y - 1
            last = list(chat.children)[-1]
            assert last.region.height > 0  # the newest line is on screen
