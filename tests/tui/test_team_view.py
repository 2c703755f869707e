"""A lead's team view and a trainee's assigned-first library, driven with the Pilot: the grid
of trainees × assignments with status and best score, the weakest criterion, and Enter on a
cell through that trainee's attempts to one scorecard."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from textual.widgets import DataTable

from trainer.engine.playthrough import drive
from trainer.session import start_recorded_call
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.scorecard import ScorecardScreen
from trainer.tui.screens.team import TeamAttemptsScreen, TeamScreen

from .playing import STRONG
from .screen_text import screen_text

DUE = date.today() + timedelta(days=3)


def _assign(store: Any, starter: Any, **target: str) -> None:
    s = starter.scenario
    store.assign(scenario_id=s.id, scenario_version=s.version,
                 scenario_hash=starter.content_hash, title=s.title,
                 source_text=starter.source.text, due=DUE, mode="exam", pass_mark=70,
                 by="lead", **target)


def _play(store: Any, starter: Any, trainee: str, replies: list[str], mode: str = "exam") -> None:
    call, _ = start_recorded_call(starter, trainee, mode, store, seed=0)
    drive(call, replies)


async def test_the_lead_sees_who_stands_where_and_opens_an_attempt(
    make_app: Any, store: Any, starter: Any
) -> None:
    store.add_team("Oslo", ["Ola", "Kari", "Per"])
    _assign(store, starter, team="Oslo")
    _play(store, starter, "Ola", STRONG)            # passes the exam
    _play(store, starter, "Kari", STRONG[:2])       # fails it
    app = make_app(store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        text = screen_text(app)
        assert "3 trainees, 1 assignments" in text
        assert "certified" in text and "failed exam" in text and "not started" in text
        grid = screen.query_one("#team-grid", DataTable)
        assert screen.trainees == ["Kari", "Ola", "Per"]
        grid.move_cursor(row=1, column=1)  # Ola × the assignment
        await pilot.press("enter")
        await pilot.pause()
        attempts = app.screen
        assert isinstance(attempts, TeamAttemptsScreen) and len(attempts.found) == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)


async def test_a_trainee_sees_what_is_assigned_first_with_the_due_date(
    make_app: Any, store: Any, starter: Any
) -> None:
    _assign(store, starter, trainee="Sam Berg")  # the name the test config holds
    app = make_app(store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        first = library.shown[0]
        assert first.assigned is not None and first.assigned.due == DUE
        text = screen_text(app)
        assert f"due {DUE.strftime('%d.%m')}" in text
        assert f"Assigned to you: exam by {DUE.isoformat()}, pass" in text
        assert "mark 70  not started" in text
        assert "not started" in text


async def test_the_team_view_says_how_to_assign_when_there_is_nothing(
    make_app: Any, store: Any
) -> None:
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_team()
        await pilot.pause()
        assert "sales-trainer assign --team" in screen_text(app)


async def test_the_preview_counts_the_replies_not_understood(
    make_app: Any, store: Any, starter: Any
) -> None:
    _play(store, starter, "Ola", ["hello there, blah widget fish", STRONG[0]])
    app = make_app(store=store)
    async with app.run_test(size=(220, 80)) as pilot:  # the preview's lines unwrapped
        library = app.screen
        assert isinstance(library, LibraryScreen)
        for _ in range(40):
            await pilot.pause(0.05)
            if library.misses.get(starter.scenario.id):
                break
        assert library.misses[starter.scenario.id] == 1
        from trainer.tui.widgets.preview import ScenarioPreview

        preview = library.query_one("#preview", ScenarioPreview)
        assert preview.misses == 1
        library.query_one("#preview-scroll").scroll_end(animate=False)
        await pilot.pause()
        assert "Recorded replies not understood here: 1" in " ".join(screen_text(app).split())
