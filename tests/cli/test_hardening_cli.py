"""Hostile and unlucky input at the command line and in the app (reliability findings B2, B5,
B6, B9, B10, B21, B23, B26, B28, and the app's crash path). Each test is named after its
defect; commands run as a user would run them, in a subprocess with a scratch home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.authoring.helpers import MINIMAL
from trainer.render import csv_cell, strict_json, visible
from trainer.secrets import mask

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "S3cr3t-Pa55"


def cli(
    tmp_path: Path, *args: str | bytes, env: dict[str, str] | None = None, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    home = tmp_path / "home"
    base = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    base.pop("SALES_TRAINER_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        cwd=tmp_path,
        env={**base, **(env or {})},
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode()


# -- B2: passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://trainer@127.0.0.1:1/st?password={PASSWORD}",
        f"postgresql ://trainer:{PASSWORD}@127.0.0.1/st",
        "postgresql://trainer:S3cr3t@Pa55@127.0.0.1:1/st",
        f"postgresql://trainer:{PASSWORD}@127.0.0.1:abc/st",
    ],
)
def test_b2_a_database_password_is_never_printed(tmp_path: Path, url: str) -> None:
    result = cli(tmp_path, "--db", url, "report")
    assert result.returncode != 0
    assert b"S3cr3t" not in result.stdout + result.stderr and b"Pa55" not in result.stderr
    no_traceback(result)
    log = tmp_path / "home" / "state" / "sales-trainer" / "log" / "crash.log"
    assert not log.exists() or "S3cr3t" not in log.read_text(encoding="utf-8")


def test_b2_masking_covers_urls_query_strings_and_keywords() -> None:
    assert mask("postgresql://u:p@ss@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert mask("x?password=abc&sslmode=require") == "x?password=***&sslmode=require"
    assert mask("cannot resolve host 'Pa55@127.0.0.1'") == "cannot resolve host '***@127.0.0.1'"
    assert mask("host=h password=abc") == "host=h password=***"
    assert mask("at 10:30@home, sqlite:////tmp/a.db") == "at 10:30@home, sqlite:////tmp/a.db"


# -- B5: scenario text with escape sequences -----------------------------------------------


def test_b5_escape_sequences_in_scenario_text_reach_no_terminal(tmp_path: Path) -> None:
    evil = "\x1b]52;c;aGk=\x07\x1b]0;TITLE\x07 hello"
    text = MINIMAL.replace('"Dawson Motors, Mike speaking."', json.dumps(evil))
    text = text.replace("title: Example call", "title: Ex\\x1b[2Jample")
    (tmp_path / "esc.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "one.txt").write_text("Hi Mike, this is Sam from NordParts\n", encoding="utf-8")
    for args in (
        ("play", "esc.yaml", "--script", "one.txt"),
        ("check", "esc.yaml"),
        ("validate", "esc.yaml"),
        ("play", "esc.yaml", "--script", "one.txt", "--json"),
    ):
        result = cli(tmp_path, *args)
        no_traceback(result)
        assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout, args
    shown = cli(tmp_path, "play", "esc.yaml", "--script", "one.txt").stdout.decode()
    assert "\\x1b]52;c;aGk=\\x07" in shown  # visible, not acted on


def test_b5_visible_and_csv_and_json_helpers() -> None:
    assert visible("a\x1b[2Jb\nc\u202ed") == "a\\x1b[2Jb\\nc\\u202ed"
    assert visible("two\nlines", single_line=False) == "two\nlines"
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and csv_cell("-3") == "'-3"
    assert csv_cell(-3) == -3 and csv_cell(float("nan")) == ""
    assert strict_json({"a": "\x9b31m"}) == '{"a": "\\u009b31m"}'
    with pytest.raises(ValueError):
        strict_json({"a": float("inf")})


# -- B6 and the app's crash path ----------------------------------------------------------


def test_b6_an_undecodable_input_byte_becomes_a_replacement_character() -> None:
    from textual.drivers import linux_driver

    from trainer.tui.crash_guard import tolerate_undecodable_input

    original = linux_driver.getincrementaldecoder
    try:
        tolerate_undecodable_input()
        decode = linux_driver.getincrementaldecoder("utf-8")().decode
        assert decode(b"Hei\xf8", final=True) == "Hei\ufffd"
    finally:
        linux_driver.getincrementaldecoder = original  # type: ignore[attr-defined]


async def test_b6_an_app_crash_exits_non_zero_with_one_masked_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer.tui.app import TrainerApp

    class Broken(TrainerApp):
        def on_mount(self) -> None:
            raise RuntimeError(f"postgresql://u:{PASSWORD}@h/db is down")

    os.environ["XDG_STATE_HOME"] = str(tmp_path / "state")
    try:
        app = Broken(config_dir=tmp_path, scenarios=[])
        with pytest.raises(RuntimeError):
            async with app.run_test():
                pass
    finally:
        os.environ.pop("XDG_STATE_HOME", None)
    assert app.return_code == 1
    shown = " ".join(capsys.readouterr().err.split())
    assert "Traceback" not in shown
    assert "internal error" in shown and PASSWORD not in shown and "details in" in shown


# -- B9 and B10: budgets for scenario files -------------------------------------------------


def test_b9_a_string_aliased_many_times_is_refused_by_its_bytes(tmp_path: Path) -> None:
    big = "word " * 50_000
    text = MINIMAL.replace(
        'examples: ["Hi Mike, this is Sam from NordParts"]',
        f'examples: [&s "{big}", ' + ", ".join(["*s"] * 40) + "]",
    )
    (tmp_path / "amp.yaml").write_text(text, encoding="utf-8")
    result = cli(tmp_path, "validate", "amp.yaml")
    assert result.returncode == 1 and b"SCN001" in result.stdout, result.stdout
    assert b"aliases expand the document's text" in result.stdout


def test_b10_a_device_behind_a_scenario_name_is_not_read(tmp_path: Path) -> None:
    # A symlink in a temp dir to /dev/zero: only read (never written), and refused unread.
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    result = cli(tmp_path, "validate", "zero.yaml")
    assert result.returncode == 1 and b"not a regular file" in result.stdout
    no_traceback(result)


# -- B21, B26, B28: arguments, empty folders, narrow terminals ------------------------------


def test_b21_an_argument_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    result = cli(tmp_path, "report", "--trainee", b"caf\xe9")
    assert result.returncode == 2 and b"not valid UTF-8" in result.stderr
    no_traceback(result)


def test_b26_checking_a_folder_with_no_scenarios_fails(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").mkdir()
    result = cli(tmp_path, "check", "empty.yaml")
    assert result.returncode == 2 and b"no .yaml or .yml scenario files" in result.stderr


def test_b28_a_latin1_terminal_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    result = cli(tmp_path, "list", env={"PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 0, result.stderr
    assert b"\\u2014" in result.stdout
    no_traceback(result)


def test_an_unexpected_error_is_one_line_and_a_log(tmp_path: Path) -> None:
    result = cli(tmp_path, "--db", f"postgresql://u:{PASSWORD}@127.0.0.1:abc/st", "report")
    assert result.returncode != 0
    lines = [x for x in result.stderr.decode().splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("sales-trainer:")


# -- B23: a damaged library cache ------------------------------------------------------------


def test_b23_a_damaged_cache_entry_is_ignored(tmp_path: Path) -> None:
    from trainer.tui.catalog import cached_entries

    scenario = tmp_path / "example.yaml"
    scenario.write_text(MINIMAL, encoding="utf-8")
    cache = tmp_path / "index.json"
    cache.write_text(json.dumps({"version": 1, "files": {str(scenario): 5}}), encoding="utf-8")
    read_calls: list[Path] = []

    def read(file: Path) -> object:
        from trainer.tui.catalog import Entry

        read_calls.append(file)
        return Entry(str(file), None)

    entries = cached_entries([scenario], cache, read)
    assert read_calls == [scenario] and len(entries) == 1
    stamp = [scenario.stat().st_mtime_ns, scenario.stat().st_size]
    bad_info = {"id": 1, "title": "t", "kind": "k", "language": "en", "difficulty": "x"}
    cache.write_text(
        json.dumps({"version": 1, "files": {str(scenario): {"stamp": stamp, "info": bad_info}}}),
        encoding="utf-8",
    )
    cached_entries([scenario], cache, read)
    assert read_calls == [scenario, scenario]
