"""`play --script --save` records the scripted call like a call played in the app."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from trainer.cli.main import cli
from trainer.store import open_store

REPLIES = [
    "Hi Mike, this is Sam from NordParts. Do you have two minutes?",
    "Thanks. How do you order your parts at the moment?",
    "What works less well than you'd like with your current supplier, on deliveries for example?",
]


def test_saved_script_is_an_attempt_with_every_turn(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    script = tmp_path / "replies.txt"
    script.write_text("\n".join(REPLIES), encoding="utf-8")
    args = ["--db", str(db), "play", "cold-call-car-parts", "--script", str(script), "--json"]
    result = CliRunner().invoke(cli, [*args, "--save"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    played = json.loads(result.output)

    store = open_store(str(db))
    try:
        [summary] = store.attempts()
        detail = store.attempt(summary.id)
    finally:
        store.close()
    assert summary.trainee == "Trainee" and summary.mode == "exam"
    assert summary.scenario_id == "cold-call-car-parts"
    assert summary.outcome == played["outcome"]["id"] == "ended_early"
    assert [t["text"] for t in detail.turns] == [e["text"] for e in played["transcript"]]
    assert abs(summary.total - played["scorecard"]["total"]) < 0.01


def test_unsaved_script_leaves_no_database(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    script = tmp_path / "replies.txt"
    script.write_text(REPLIES[0], encoding="utf-8")
    args = ["--db", str(db), "play", "cold-call-car-parts", "--script", str(script)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not db.exists()
