"""On a shared database with roles the server decides whose name an attempt goes under: the
app neither asks for a name nor lets one be changed, and says which name it records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trainer.config import ConfigFile
from trainer.tui.app import TrainerApp
from trainer.tui.screens.name_prompt import NamePrompt


@pytest.fixture
def bound_app(tmp_path: Path, starter: Any, monkeypatch: pytest.MonkeyPatch) -> TrainerApp:
    monkeypatch.setattr(TrainerApp, "bound_trainee", property(lambda self: "kari"))
    return TrainerApp([starter], None, config_dir=tmp_path / "fresh-config", typing_delay=0)


async def test_no_name_prompt_when_the_database_names_the_trainee(bound_app: TrainerApp) -> None:
    async with bound_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not isinstance(bound_app.screen, NamePrompt)
        assert bound_app.trainee == "kari"
        shown = [n.message for n in bound_app._notifications]
        assert any("kari" in m and "database" in m for m in shown)
        await pilot.press("f4")  # change name
        await pilot.pause()
        assert not isinstance(bound_app.screen, NamePrompt)
    assert ConfigFile.load(Path(bound_app.config_file.path).parent).config.trainee is None


async def test_the_prompt_still_asks_where_no_database_names_anyone(
    tmp_path: Path, starter: Any
) -> None:
    app = TrainerApp([starter], None, config_dir=tmp_path / "cfg", typing_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NamePrompt)


async def test_straight_into_a_norwegian_call_the_name_is_asked_in_norwegian(
    tmp_path: Path,
) -> None:
    from trainer.scenario.library import resolve

    nb = resolve("kaldsamtale-vinduer")
    app = TrainerApp([nb], None, config_dir=tmp_path / "cfg", typing_delay=0, start_with=nb)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        prompt = next(s for s in app.screen_stack if isinstance(s, NamePrompt))
        assert prompt.t("name.question") == "Hva heter du?"
