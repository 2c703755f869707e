"""Playing the starter scenario through the UI, in both modes, with every call control."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from trainer.tui.screens.call import CallScreen
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.scorecard import ScorecardScreen
from trainer.tui.widgets.history_input import HistoryInput
from trainer.tui.widgets.transcript import Bubble

from .playing import STRONG, say, start_call
from .screen_text import screen_text


def _bubbles(screen: Any, speaker: str) -> list[Bubble]:
    return [b for b in screen.query(Bubble) if b.speaker == speaker]


async def test_coach_mode_plays_to_the_scorecard_with_live_feedback(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot)
        assert "Mike" in screen_text(app)
        await say(pilot, STRONG[0])
        assert call.query(".note.-coach"), "coach mode shows feedback after a reply"
        await say(pilot, STRONG[1])
        await say(pilot, STRONG[2])
        notes = "\n".join(str(n.render()) for n in call.query(".note.-coach"))
        assert "question" in notes and "Politeness" in notes
        assert "Need found" in notes
        assert "Needs found 2/3" in screen_text(app) or "Needs found 1/3" in screen_text(app)
        for reply in STRONG[3:]:
            await say(pilot, reply)
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        card = app.screen.view.scorecard
        assert card.passed and card.total >= 65
        text = screen_text(app)
        assert "PASS" in text and "pass mark 65" in text and "won" in text
        assert "A meeting is booked" in text  # the outcome in words, not its id
        assert app.screen.query_one("#evidence", DataTable).row_count == len(card.evidence) > 0


async def test_exam_mode_shows_no_feedback_until_the_end(make_app: Any) -> None:
    app = make_app()
    app.config_file.config = app.config.with_changes(mode="exam")
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot)
        assert call.mode == "exam"
        for reply in STRONG[:3]:
            await say(pilot, reply)
        assert not call.query(".note.-coach"), "exam mode must not coach during the call"
        text = screen_text(app)
        assert "Needs found" not in text and "Exam mode" in text
        footer_actions = {b.binding.action for b in call.active_bindings.values()}
        assert "end_call" in footer_actions
        assert not {"hint", "rewind"} & footer_actions, "no practice aids offered in an exam"
        await pilot.press("f1")  # no hints in an exam
        await pilot.pause()
        assert not call.query(".note.-coach") and not call.query(".note.-hint")
        for reply in STRONG[3:]:
            await say(pilot, reply)
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.view.mode == "exam"
        assert "EXAM" in screen_text(app)


async def test_rewind_undoes_the_last_reply_and_offers_it_again(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot)
        await say(pilot, STRONG[0])
        await say(pilot, "We are world leaders in car parts, you should switch today")
        assert call.call.turns == 2
        assert len(_bubbles(call, "trainee")) == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert call.call.turns == 1
        assert len(_bubbles(call, "trainee")) == 1
        assert call.query_one("#reply", HistoryInput).value.startswith("We are world leaders")
        assert len(call.query(".note.-goal")) == 1  # the goal is still at the top
        await say(pilot, STRONG[1])
        assert call.call.turns == 2
        assert [b.lines[0] for b in _bubbles(call, "trainee")] == STRONG[:2]


async def test_hint_shows_the_model_answer_and_costs_points(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot)
        await pilot.press("f1")
        await pilot.pause()
        hints = call.query(".note.-hint")
        assert len(hints) == 1
        hint_text = str(hints.first().render())
        assert "Sam Berg from NordParts" in hint_text and "points on your scorecard" in hint_text
        for reply in STRONG:
            await say(pilot, reply)
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.view.scorecard.hints_used == 1
        assert "hints used 1" in screen_text(app)


async def test_end_call_asks_first(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot)
        await say(pilot, STRONG[0])
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.view.outcome_id == "ended_early"
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_resizing_mid_call_breaks_nothing(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot)
        for reply in STRONG[:3]:
            await say(pilot, reply)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "Needs found" in screen_text(app)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert call.call.turns == 3
        for reply in STRONG[3:]:
            await say(pilot, reply)
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.view.scorecard.passed


async def test_markup_typed_as_a_reply_is_shown_literally(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        call = await start_call(pilot)
        await pilot.press(*"[bold red]hi[/] [link=x]y")
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, "esc \x1b[31mred\x07 done")
        text = screen_text(app)
        assert "[bold red]hi[/] [link=x]y" in text
        assert "esc [31mred done" in text
        assert "\x1b" not in text and "\x07" not in text
        assert call.call.transcript[1].text == "[bold red]hi[/] [link=x]y"


async def test_reply_history_recalls_with_up_and_down(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot)
        await say(pilot, STRONG[0])
        await say(pilot, STRONG[1])
        field = call.query_one("#reply", HistoryInput)
        await pilot.press("u", "p")
        await pilot.press("up")
        assert field.value == STRONG[1]
        await pilot.press("up")
        assert field.value == STRONG[0]
        await pilot.press("down", "down")
        assert field.value == "up"


async def test_markup_written_in_a_scenario_is_shown_literally(make_app: Any) -> None:
    from trainer.scenario.loader import load_text

    from .conftest import STARTER

    text = STARTER.read_text(encoding="utf-8")
    text = text.replace("name: Mike Dawson", "name: '[red]Mike[/red] Dawson'")
    text = text.replace('"Dawson Motors, Mike speaking."', '"[blink]Dawson Motors[/], hello."')
    text = text.replace('"Yeah, Dawson Motors. Mike here."', '"[blink]Dawson Motors[/], hello."')
    app = make_app(scenarios=[load_text(text, "markup.yaml")])
    async with app.run_test(size=(120, 40)) as pilot:
        await start_call(pilot)
        shown = screen_text(app)
        assert "[red]Mike[/red] Dawson" in shown
        assert "[blink]Dawson Motors[/], hello." in shown


async def test_a_scenario_that_cannot_start_returns_to_the_library(make_app: Any) -> None:
    from trainer.scenario.loader import load_text

    from .conftest import STARTER

    text = STARTER.read_text(encoding="utf-8").replace("start: opening", "start: nowhere")
    app = make_app(scenarios=[load_text(text, "no-start.yaml")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_criterion_the_call_never_tested_reads_not_applicable(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot)
        # The seed's pitch: the prospect hangs up before any objection comes up.
        await say(pilot, "I'm a representative of a Canadian company, we are world leaders.")
        await say(pilot, "We are world leaders, you really need to hear this offer.")
        assert isinstance(app.screen, ScorecardScreen)
        card = app.screen.view.scorecard
        assert card is not None and not card.criteria["objection_handling"].applicable
        text = screen_text(app)
        assert "n/a, not in this call" in text and "lost" in text
