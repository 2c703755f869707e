"""History: the attempt just played is listed; filter, sort, open, trend."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Sparkline

from trainer.tui.screens.history import HistoryScreen
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.scorecard import ScorecardScreen

from .conftest import FIXED_NOW
from .playing import STRONG, say, start_call
from .screen_text import screen_text
from .stored import fill_store


async def test_history_lists_the_attempt_just_played(make_app: Any, store: Any) -> None:
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot)
        for reply in STRONG:
            await say(pilot, reply)
        assert isinstance(app.screen, ScorecardScreen)
        total = app.screen.view.scorecard.total
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("#attempts", DataTable)
        assert table.row_count == 1
        row = [str(c) for c in table.get_row_at(0)]
        assert row[1] == "Sam Berg" and row[4] == f"{total:.0f}" and row[6] == "PASS"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert f"{total:.0f}" in screen_text(app)  # the best score column
    attempt = store.attempts()[0]
    assert attempt.mode == "coach" and attempt.passed and attempt.outcome == "meeting_booked"


async def test_filter_sort_open_and_trend(make_app: Any, store: Any, starter: Any) -> None:
    details = fill_store(store, starter, FIXED_NOW)
    app = make_app(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#attempts", DataTable)
        assert table.row_count == 4
        # newest first by default
        assert [a.id for a in screen.shown] == [d.id for d in reversed(details)]

        await pilot.press(*"kari")
        await pilot.pause()
        assert [a.trainee for a in screen.shown] == ["Kari Nordmann"]
        await pilot.press(*["backspace"] * 4)
        await pilot.pause()
        assert table.row_count == 4

        screen.sort_by("score")
        await pilot.pause()
        totals = [a.total for a in screen.shown]
        assert totals == sorted(totals, reverse=True)
        await pilot.press("f6")  # reverse
        await pilot.pause()
        assert [a.total for a in screen.shown] == sorted(totals)
        await pilot.click("#attempts", offset=(3, 0))  # the Date header
        await pilot.pause()
        assert screen.sort_column == "date"

        screen.sort_by("trainee")
        await pilot.pause()
        sam = next(i for i, a in enumerate(screen.shown) if a.trainee == "Sam Berg")
        table.move_cursor(row=sam)
        await pilot.pause()
        spark = screen.query_one("#sparkline", Sparkline)
        sams = [d.summary.total for d in details if d.summary.trainee == "Sam Berg"]
        assert list(spark.data or []) == sams  # oldest to newest
        assert "3 scored" in screen_text(app)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        view = app.screen.view
        assert view.read_only and view.trainee == "Sam Berg"
        assert app.screen.query_one("#evidence", DataTable).row_count > 0
        await pilot.press("3")  # the transcript tab
        await pilot.pause()
        assert "Mike Dawson" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_an_unfinished_attempt_opens_with_its_transcript(
    make_app: Any, store: Any, starter: Any
) -> None:
    s = starter.scenario
    attempt = store.start_attempt("Ola", s.id, s.version, starter.content_hash, s.title,
                                  s.language, "coach", source_text=starter.source.text)
    store.add_turn(attempt, 0, "prospect", "Dawson Motors, Mike speaking.", "opening")
    store.add_turn(attempt, 1, "trainee", "[b]hello[/b]", "opening")
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert "unfinished" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.view.scorecard is None
        text = screen_text(app)
        assert "not finished" in text and "[b]hello[/b]" in text


async def test_history_shows_a_page_at_a_time(
    make_app: Any, store: Any, starter: Any, monkeypatch: Any
) -> None:
    from trainer.tui.screens import history

    monkeypatch.setattr(history, "PAGE", 3)
    details = fill_store(store, starter, FIXED_NOW)
    newest = [d.id for d in reversed(details)]
    app = make_app(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#attempts", DataTable)
        assert [a.id for a in screen.shown] == newest[:3]
        text = screen_text(app)
        assert "1–3 of 4" in text and "Next page" in text
        await pilot.press("pagedown")
        await pilot.pause()
        assert [a.id for a in screen.shown] == newest[3:] and "4–4 of 4" in screen_text(app)
        await pilot.press("up")  # past the first row: the previous page, on its last row
        await pilot.pause()
        assert [a.id for a in screen.shown] == newest[:3] and table.cursor_row == 2
        await pilot.press("down")  # past the last row: the next page, on its first row
        await pilot.pause()
        assert [a.id for a in screen.shown] == newest[3:] and table.cursor_row == 0
        await pilot.press("pageup")
        await pilot.pause()
        await pilot.press(*"sam")  # a filter starts again at the first page
        await pilot.pause()
        assert [a.trainee for a in screen.shown] == ["Sam Berg"] * 3
        text = screen_text(app)
        assert "3 attempts" in text and "Next page" not in text
        await pilot.press("pagedown")  # one page only: nothing to move to
        await pilot.pause()
        assert len(screen.shown) == 3 and screen.page_start == 0
