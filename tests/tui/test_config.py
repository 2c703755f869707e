"""The settings file: defaults, round trip, bad values and unreadable files."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.config import Config, ConfigFile, clean_name


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    loaded = ConfigFile.load(tmp_path)
    assert loaded.config == Config() and loaded.warning is None and loaded.writable


def test_round_trip(tmp_path: Path) -> None:
    wanted = Config(trainee='Åse "Ace" Ødegård', theme="textual-light", mode="exam")
    assert ConfigFile.load(tmp_path).save(wanted) is None
    assert ConfigFile.load(tmp_path).config == wanted


def test_bad_values_warn_and_fall_back(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('trainee = 3\ntheme = "pink"\nmode = "exam"\n')
    loaded = ConfigFile.load(tmp_path)
    assert loaded.config == Config(mode="exam")
    assert loaded.warning and "trainee" in loaded.warning and "theme" in loaded.warning
    assert loaded.writable


def test_invalid_toml_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe not toml [")
    loaded = ConfigFile.load(tmp_path)
    assert loaded.warning and not loaded.writable
    assert loaded.save(Config(trainee="Sam")) is not None
    assert path.read_bytes() == b"\xff\xfe not toml ["


def test_name_is_cleaned() -> None:
    assert clean_name("  Sam\x1b[31m \t Berg\n ") == "Sam[31m Berg"
    assert clean_name("\x00\x07") == ""
    assert len(clean_name("x" * 500)) == 40


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_name_round_trips(tmp_path_factory: object, name: str) -> None:
    cleaned = clean_name(name)
    directory = Path(tmp_path_factory.mktemp("cfg"))  # type: ignore[attr-defined]
    file = ConfigFile.load(directory)
    file.save(Config(trainee=cleaned or None))
    assert ConfigFile.load(directory).config.trainee == (cleaned or None)
