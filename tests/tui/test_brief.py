"""The seller brief: the trainee sees who they sell for and the facts the model answers rely
on, in the library preview, in the call (F2, in coach and exam mode) and in headless play."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from trainer.cli.main import cli
from trainer.tui.screens.brief import BriefScreen
from trainer.tui.screens.call import CallScreen
from trainer.tui.widgets.history_input import HistoryInput

from .playing import start_call
from .screen_text import screen_text


async def test_f2_opens_the_brief_and_the_call_goes_on_where_it_was(
    make_app: Any, starter: Any
) -> None:
    seller = starter.scenario.seller
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:  # tall: the preview's end in view
        await pilot.pause()
        assert f"You sell for {seller.company}" in screen_text(app)  # the preview
        call = await start_call(pilot)
        field = call.query_one("#reply", HistoryInput)
        field.value = "half a thought"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        text = screen_text(app)
        assert seller.company in text and seller.product in text
        for fact in seller.facts:
            assert " ".join(fact.split())[:30] in " ".join(text.split())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is call and field.value == "half a thought"
        assert "F2 seller brief" in screen_text(app)


async def test_the_brief_is_there_in_an_exam_too(make_app: Any, starter: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f2")  # the library's coach/exam switch
        await pilot.pause()
        assert app.mode == "exam"
        await start_call(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)


def test_headless_play_prints_the_brief_first(tmp_path: Any, starter: Any) -> None:
    script = tmp_path / "r.txt"
    script.write_text("Hello, this is Sam from NordParts.\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["play", str(starter.file), "--script", str(script)], obj={})
    assert out.exit_code == 0, out.output
    seller = starter.scenario.seller
    lines = out.output.splitlines()
    assert lines[1] == f"Seller brief: {seller.company} — {seller.product}"
    assert lines[2:2 + len(seller.facts)] == [f"  • {' '.join(f.split())}" for f in seller.facts]
