"""Deterministic apps for Pilot and snapshot tests: fixed seed, clock, name and data."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from trainer.config import Config, ConfigFile
from trainer.scenario.loader import LoadedScenario, load_file
from trainer.tui.app import TrainerApp

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "scenarios" / "en" / "cold-call-car-parts.yaml"
FIXED_NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_ui(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No blinking cursor and one time zone, so screens render the same on every machine."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    time.tzset()


@pytest.fixture
def starter() -> LoadedScenario:
    return load_file(STARTER)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def named(config_dir: Path) -> Path:
    """A config that already knows the trainee, so no name prompt appears."""
    ConfigFile.load(config_dir).save(Config(trainee="Sam Berg"))
    return config_dir


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    from trainer.store import open_store

    opened = open_store(str(tmp_path / "attempts.db"))
    yield opened
    opened.close()


@pytest.fixture
def make_app(starter: LoadedScenario, named: Path) -> Callable[..., TrainerApp]:
    def make(**overrides: Any) -> TrainerApp:
        options: dict[str, Any] = {
            "scenarios": [starter], "config_dir": named, "seed": 0, "typing_delay": 0,
            "clock": lambda: 0.0, "now": lambda: FIXED_NOW,
        }
        options.update(overrides)
        scenarios = options.pop("scenarios")
        store = options.pop("store", None)
        return TrainerApp(scenarios, store, **options)

    return make
