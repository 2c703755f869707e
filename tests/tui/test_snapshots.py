"""SVG snapshots of every screen at 80x24 and 120x40, from fixed data.

Regenerate with `pytest tests/tui --snapshot-update` and read the SVG text before accepting.
Scorecards come from `data/scorecards.json` (see `stored.py`), so the pictures change when the
screens change, not when a scoring rule is tuned. The call screen shows the live analysis of
each reply, so its picture follows the scoring rules.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from trainer.tui.screens.history import HistoryScreen
from trainer.tui.screens.scorecard import ScorecardScreen

from .conftest import FIXED_NOW
from .playing import STRONG, say, start_call
from .stored import fill_store, frozen_cards

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def filled(store: Any, starter: Any) -> Any:
    fill_store(store, starter, FIXED_NOW, frozen=True)
    return store


@pytest.fixture
def frozen_scorecard(monkeypatch: pytest.MonkeyPatch) -> None:
    """The strong call's scorecard as frozen, whatever the scoring rules say today."""
    from scoring import Scorecard
    from trainer.engine import Call

    card = Scorecard.from_dict(frozen_cards()[-1])
    monkeypatch.setattr(Call, "scorecard", lambda self: card)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library(snap_compare: Any, make_app: Any, filled: Any, size: tuple[int, int]) -> None:
    async def settle(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(make_app(store=filled), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_call_mid_conversation_in_coach_mode(
    snap_compare: Any, make_app: Any, store: Any, size: tuple[int, int]
) -> None:
    async def converse(pilot: Pilot[None]) -> None:
        await start_call(pilot)
        for reply in STRONG[:3]:
            await say(pilot, reply)
        await pilot.pause()

    assert snap_compare(make_app(store=store), terminal_size=size, run_before=converse)


SCORECARD_TABS = ["overview", "evidence", "transcript", "needs", "talk", "answers"]


@pytest.mark.parametrize("tab", SCORECARD_TABS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.usefixtures("frozen_scorecard")
def test_scorecard(
    snap_compare: Any, make_app: Any, store: Any, size: tuple[int, int], tab: str
) -> None:
    async def finish(pilot: Pilot[None]) -> None:
        await start_call(pilot)
        for reply in STRONG:
            await say(pilot, reply)
        await pilot.pause()
        assert isinstance(pilot.app.screen, ScorecardScreen)
        await pilot.press(str(SCORECARD_TABS.index(tab) + 1))
        await pilot.pause()

    assert snap_compare(make_app(store=store), terminal_size=size, run_before=finish)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history(snap_compare: Any, make_app: Any, filled: Any, size: tuple[int, int]) -> None:
    async def open_history(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistoryScreen)

    assert snap_compare(make_app(store=filled), terminal_size=size, run_before=open_history)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_call_ended_moment(
    snap_compare: Any, make_app: Any, store: Any, size: tuple[int, int]
) -> None:
    from trainer.tui.widgets.history_input import HistoryInput

    async def end(pilot: Pilot[None]) -> None:
        await start_call(pilot)
        for reply in STRONG[:-1]:
            await say(pilot, reply)
        pilot.app.screen.query_one("#reply", HistoryInput).value = STRONG[-1]
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(store=store), terminal_size=size, run_before=end)


NB_REPLIES = [
    "Hei Randi, jeg heter Sam og ringer fra Klimavindu. Har du to minutter?",
    "Takk. Hvordan er vinduene hos dere i dag, og hvor gamle er de?",
]


@pytest.mark.parametrize("moment", ["library", "call", "scorecard"])
def test_norwegian_screens(snap_compare: Any, make_app: Any, store: Any, moment: str) -> None:
    """The app in Norwegian at 80x24: the library, a call in coach mode, a scorecard."""
    from pathlib import Path

    from trainer.scenario.loader import load_file

    vinduer = load_file(Path(__file__).resolve().parents[2] / "scenarios" / "nb" /
                        "kaldsamtale-vinduer.yaml")

    async def reach(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if moment == "library":
            return
        await start_call(pilot)
        for reply in NB_REPLIES:
            await say(pilot, reply)
        if moment == "scorecard":
            await pilot.press("ctrl+e")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(pilot.app.screen, ScorecardScreen)
        await pilot.pause()

    app = make_app(scenarios=[vinduer], store=store, lang="nb")
    assert snap_compare(app, terminal_size=(80, 24), run_before=reach)
