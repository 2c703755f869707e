"""The app as `sales-trainer serve` runs it in a browser tab: the server's config is shared by
every tab, so a tab asks its own trainee's name and never writes the file; and a tab that has
not been clicked yet still takes typing in the name field once it has focus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from trainer.config import Config, ConfigFile
from trainer.tui.app import SERVED_ENV
from trainer.tui.screens.name_prompt import NamePrompt


async def test_a_browser_tab_asks_the_name_and_leaves_the_servers_config_alone(
    make_app: Any, named: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ConfigFile.load(named).save(Config(trainee="Server Owner", theme="textual-light"))
    before = (named / "config.toml").read_text(encoding="utf-8")
    monkeypatch.setenv(SERVED_ENV, "1")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NamePrompt)
        assert app.theme == "textual-light"  # the server's defaults still apply
        await pilot.press(*"Ola", "enter")
        await pilot.pause()
        assert app.trainee == "Ola"
    assert (named / "config.toml").read_text(encoding="utf-8") == before


async def test_typing_reaches_the_name_field_when_the_tab_gets_focus_late(
    make_app: Any, config_dir: Path
) -> None:
    app = make_app(config_dir=config_dir)  # no name yet: the prompt opens
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.screen.set_focus(None)
        app.change_name()  # a screen opened while the app has no focus
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, NamePrompt) and prompt.focused is None
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert isinstance(prompt.focused, Input)
        await pilot.press(*"Kari", "enter")
        await pilot.pause()
        assert app.trainee == "Kari"
