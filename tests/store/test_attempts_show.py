"""`attempts` lists recorded calls one by one and `show` prints one end to end, on SQLite and
PostgreSQL; names and replies stay inert in the terminal, in CSV and in HTML."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.scenario.library import resolve

STRONG = [
    "Hi Mike, this is Sam from NordParts, I know I'm calling out of the blue. Do you have two "
    "minutes?",
    "Thanks. How do you order your parts at the moment?",
    "What works less well than you'd like with your current supplier, on deliveries for example?",
    "Could we meet on Thursday at 10 at the garage? I'll bring a comparison of your top parts.",
]
WEAK = ["We are world leaders in car parts, buy now.", "Just buy it, today only."]


def _run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, *args], obj={}, catch_exceptions=False)


def _play(db_url: str, tmp_path: Path, replies: list[str], trainee: str) -> None:
    script = tmp_path / f"{len(replies)}-{abs(hash(trainee))}.txt"
    script.write_text("\n".join(replies) + "\n", encoding="utf-8")
    result = _run(db_url, "play", "cold-call-car-parts", "--script", str(script), "--save",
                  "--trainee", trainee)
    assert result.exit_code == 0, result.output


def test_attempts_lists_each_attempt_and_filters_by_status(db_url: str, tmp_path: Path) -> None:
    _play(db_url, tmp_path, STRONG, "Sam")
    _play(db_url, tmp_path, WEAK, "=HYPERLINK(\"x\")\x1b[31m")
    listed = json.loads(_run(db_url, "attempts", "--format", "json").output)
    assert len(listed) == 2
    assert {row["status"] for row in listed} == {"passed", "failed"}
    version = resolve("cold-call-car-parts").scenario.version
    assert all(row["scenario"] == f"cold-call-car-parts v{version}" for row in listed)
    failed = json.loads(_run(db_url, "attempts", "--status", "failed", "--format", "json").output)
    assert [row["status"] for row in failed] == ["failed"]
    table = _run(db_url, "attempts").output
    assert "\x1b" not in table and "\\x1b" in table
    csv_text = _run(db_url, "attempts", "--format", "csv").output
    assert "'=HYPERLINK" in csv_text
    sam = json.loads(_run(db_url, "attempts", "--trainee", "Sam", "--format", "json").output)
    assert [row["trainee"] for row in sam] == ["Sam"]


def test_show_prints_the_transcript_with_each_turns_evidence(db_url: str, tmp_path: Path) -> None:
    _play(db_url, tmp_path, STRONG, "Sam <script>alert(1)</script>")
    attempt = json.loads(_run(db_url, "attempts", "--format", "json").output)[0]["id"]
    text = _run(db_url, "show", attempt).output
    assert "Trainee: Hi Mike, this is Sam from NordParts" in text
    assert "self_introduction" in text and "meeting_booked" in text
    from scoring import GRADER_VERSION

    assert f"Graded by grader {GRADER_VERSION}" in text
    doc = json.loads(_run(db_url, "show", attempt, "--format", "json").output)
    trainee_turns = [t for t in doc["turns"] if t["speaker"] == "trainee"]
    assert trainee_turns and all(t["evidence"] for t in trainee_turns[:1])
    page = tmp_path / "attempt.html"
    assert _run(db_url, "show", attempt, "--format", "html", "-o", str(page)).exit_code == 0
    html_text = page.read_text(encoding="utf-8")
    assert html_text.startswith("<!doctype html>") and "<style>" in html_text
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text
    assert "http" not in html_text  # one self-contained file: nothing fetched


def test_show_names_an_unknown_attempt(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db_url, "show", "no-such-id"], obj={})
    assert result.exit_code != 0
    assert "no attempt with id no-such-id" in str(result.exception)
