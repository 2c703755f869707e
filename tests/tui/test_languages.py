"""The whole app speaks the trainee's language: a Norwegian call played in nb from the library
to the scorecard and the history shows no English words and no catalogue keys; the same call
in English shows no Norwegian ones. Switching the language never changes a grade."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from trainer.i18n.catalog import entries
from trainer.scenario.loader import load_file
from trainer.tui.screens.history import HistoryScreen
from trainer.tui.screens.scorecard import ScorecardScreen

from .playing import say, start_call
from .screen_text import screen_text

ROOT = Path(__file__).resolve().parents[2]
VINDUER = ROOT / "scenarios" / "nb" / "kaldsamtale-vinduer.yaml"
REPLIES = [
    "Hei Randi, jeg heter Sam og ringer fra Klimavindu. Har du to minutter?",
    "Takk. Hvordan er vinduene hos dere i dag, og hvor gamle er de?",
    "Hvilke utfordringer har dere med vinduene i dag, hører du noe fra beboerne?",
    "Hva skjer med felleskostnadene og strømregningen når varmen forsvinner ut gjennom vinduene?",
]
# Words both catalogues share on purpose (names of methods, units, symbols).
SHARED = {"SPIN", "Hint", "Scenario", "Enter", "Esc"}
KEY = re.compile(r"\b(?:keys|call|coach|scorecard|library|history|preview|rule|must|summary)"
                 r"\.[a-z_]+\b")


def _foreign(text: str, other: str, own: str) -> list[str]:
    """Phrases of the other language's catalogue (two words or more) that are on screen."""
    mine = set(entries(own).values())
    found = []
    for value in entries(other).values():
        phrase = value.strip(" :—–-·()\n").split("{")[0].strip()
        if len(phrase.split()) < 2 or phrase in mine or phrase in SHARED:
            continue
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
            found.append(phrase)
    return found


async def _play(pilot: Pilot[None], screens: list[str]) -> None:
    await start_call(pilot)
    screens.append(screen_text(pilot.app))
    for reply in REPLIES:
        await say(pilot, reply)
    screens.append(screen_text(pilot.app))
    await pilot.press("ctrl+e")
    await pilot.pause()
    screens.append(screen_text(pilot.app))  # the "end the call?" question
    await pilot.press("y")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, ScorecardScreen)
    for tab in "123456":
        await pilot.press(tab)
        await pilot.pause()
        screens.append(screen_text(pilot.app))
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HistoryScreen)
    screens.append(screen_text(pilot.app))


@pytest.mark.parametrize(("lang", "other"), [("nb", "en"), ("en", "nb")])
async def test_a_call_speaks_one_language_from_library_to_history(
    make_app: Any, store: Any, lang: str, other: str
) -> None:
    app = make_app(scenarios=[load_file(VINDUER)], store=store, lang=lang)
    screens: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screens.append(screen_text(app))
        await _play(pilot, screens)
        card = app.screen
    for text in screens:
        assert KEY.findall(text) == []
        assert _foreign(text, other, lang) == [], text
    assert len(screens) == 11 and card is not None


async def test_the_grade_is_the_same_in_both_languages(make_app: Any, tmp_path: Path) -> None:
    from trainer.store import open_store

    totals = []
    for lang in ("nb", "en"):
        store = open_store(str(tmp_path / f"{lang}.db"))
        app = make_app(scenarios=[load_file(VINDUER)], store=store, lang=lang)
        async with app.run_test(size=(120, 40)) as pilot:
            await start_call(pilot)
            for reply in REPLIES:
                await say(pilot, reply)
            await pilot.press("ctrl+e")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            await pilot.pause()
            totals.append(app.screen.view.scorecard.total)  # type: ignore[attr-defined]
        stored = store.attempts()
        assert [a.outcome for a in stored] == ["ended_early"]  # ids, never words
        store.close()
    assert totals[0] == totals[1]


async def test_a_trainee_who_chose_norwegian_sees_norwegian_calls_first(make_app: Any) -> None:
    from trainer.scenario.library import builtin_files
    from trainer.tui.screens.library import LibraryScreen

    app = make_app(scenarios=[load_file(f) for f in builtin_files()], lang="nb")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        languages = [e.info.language for e in screen.shown if e.info]
        assert languages == sorted(languages, key=lambda lang: lang != "nb")
        assert languages[0] == "nb" and "en" in languages
