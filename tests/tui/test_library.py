"""The library: filter, preview with the rubric, name prompt, broken files, settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from trainer.config import ConfigFile
from trainer.scenario.loader import load_text
from trainer.tui.app import TrainerApp
from trainer.tui.catalog import load_entries
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.name_prompt import NamePrompt

from .conftest import STARTER
from .screen_text import screen_text


def _variant(starter_text: str, new_id: str, title: str, language: str = "en") -> Any:
    text = starter_text.replace("id: cold-call-car-parts", f"id: {new_id}", 1)
    text = text.replace("title: Cold call — brake parts for an independent garage",
                        f"title: {title!r}", 1)
    text = text.replace("language: en", f"language: {language}", 1)
    return load_text(text, f"{new_id}.yaml")


async def test_filter_narrows_the_library(make_app: Any) -> None:
    source = STARTER.read_text(encoding="utf-8")
    scenarios = [
        _variant(source, "alpha-office", "Office chairs for a law firm"),
        _variant(source, "beta-garage", "Garage tools, second visit"),
        _variant(source, "gamma-nb", "Kaldsamtale om kontorrekvisita", "nb"),
    ]
    app = make_app(scenarios=scenarios)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#scenarios", DataTable)
        assert table.row_count == 3
        await pilot.press(*"garage")
        await pilot.pause()
        assert table.row_count == 1
        assert "Garage tools" in screen_text(app)
        await pilot.press(*["backspace"] * 6, "n", "b")
        await pilot.pause()
        assert [e.loaded.scenario.id for e in app.screen.shown] == ["gamma-nb"]
        await pilot.press(*"zzzz")
        await pilot.pause()
        assert table.row_count == 0
        assert "No scenario matches" in screen_text(app)


async def test_preview_shows_persona_and_rubric_before_the_call(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Mike Dawson" in text
        assert "pass mark 65" in text
        assert "Needs discovery" in text and "35%" in text
        assert "introduces_self" in text


async def test_name_prompt_appears_once_and_is_remembered(tmp_path: Path, starter: Any) -> None:
    config_dir = tmp_path / "fresh-config"
    app = TrainerApp([starter], None, config_dir=config_dir, typing_delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NamePrompt)
        await pilot.press("enter")  # an empty name is refused
        await pilot.pause()
        assert isinstance(app.screen, NamePrompt)
        await pilot.press(*"Kari Nordmann", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "Kari Nordmann" in screen_text(app)
    assert ConfigFile.load(config_dir).config.trainee == "Kari Nordmann"

    again = TrainerApp([starter], None, config_dir=config_dir, typing_delay=0)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, LibraryScreen)
        assert again.trainee == "Kari Nordmann"


async def test_broken_scenario_file_is_an_error_row_not_a_crash(
    tmp_path: Path, make_app: Any
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    entries = load_entries([STARTER, broken])
    app = make_app(entries=entries)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#scenarios", DataTable)
        assert table.row_count == 2
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "has errors" in text and "broken.yaml" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_markup_in_a_scenario_is_shown_literally(make_app: Any) -> None:
    source = STARTER.read_text(encoding="utf-8")
    loaded = _variant(source, "markup", "[bold red]Not bold[/] \x1b[31mred")
    app = make_app(scenarios=[loaded])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Not bold[/]" in text
        assert "\x1b" not in text and "[31mred" in text


async def test_mode_and_theme_toggle_and_are_remembered(make_app: Any, named: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.mode == "coach"
        await pilot.press("f2")
        await pilot.pause()
        assert app.mode == "exam"
        assert "EXAM" in screen_text(app)
        await pilot.press("f8")
        await pilot.pause()
        assert app.theme == "textual-light"
    saved = ConfigFile.load(named).config
    assert (saved.mode, saved.theme) == ("exam", "textual-light")


async def test_unparseable_config_warns_and_is_never_overwritten(
    tmp_path: Path, starter: Any
) -> None:
    config_dir = tmp_path / "cfg"
    config_dir.mkdir()
    bad = config_dir / "config.toml"
    bad.write_text("trainee = \"unterminated\n", encoding="utf-8")
    before = bad.read_bytes()
    app = TrainerApp([starter], None, config_dir=config_dir, typing_delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NamePrompt)
        await pilot.press(*"Ola", "enter")
        await pilot.pause()
        assert app.trainee == "Ola"
    assert bad.read_bytes() == before


async def test_enter_right_after_typing_starts_the_filtered_scenario(make_app: Any) -> None:
    from trainer.tui.screens.call import CallScreen

    source = STARTER.read_text(encoding="utf-8")
    scenarios = [
        _variant(source, "alpha-office", "Office chairs for a law firm"),
        _variant(source, "beta-garage", "Garage tools, second visit"),
    ]
    app = make_app(scenarios=scenarios)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"garage", "enter")  # no pause between the filter and Enter
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.scenario.id == "beta-garage"


async def test_a_click_previews_and_a_second_click_starts(make_app: Any) -> None:
    from trainer.tui.screens.call import CallScreen

    source = STARTER.read_text(encoding="utf-8")
    scenarios = [
        _variant(source, "alpha-office", "Office chairs for a law firm"),
        _variant(source, "beta-garage", "Garage tools, second visit"),
    ]
    app = make_app(scenarios=scenarios)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#scenarios", offset=(5, 2))  # the second row
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.current().info.id == "beta-garage"
        await pilot.click("#scenarios", offset=(5, 2))
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.scenario.id == "beta-garage"
