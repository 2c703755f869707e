"""`sales-trainer score`: JSON lines in, one JSON line out per reply; transcripts to scorecards."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from trainer.cli.main import cli

GOOD = {"text": "Hi Mike, this is Sam from NordParts. Do you have two minutes?", "lang": "en"}
NB = {
    "text": "Det er et godt poeng. Hva sammenligner dere med?",
    "lang": "nb",
    "prospect": "Dere er sikkert dyre.",
    "objection": "price",
}

TRANSCRIPT = """\
lang: en
turns:
  - {speaker: prospect, text: "Dawson Motors, Mike speaking."}
  - {speaker: trainee, text: "Hi Mike, this is Sam from NordParts. Do you have two minutes?"}
  - {speaker: prospect, text: "Go on then."}
  - {speaker: trainee, text: "Thanks. What are the biggest headaches with your supplier?"}
  - {speaker: prospect, text: "You're probably more expensive.", objection: price}
  - {speaker: trainee, text: "Fair point. What do you pay now, rush fees included?"}
  - {speaker: prospect, text: "Never added it up."}
  - {speaker: trainee, text: "Shall we book 30 minutes on Thursday at 10? I'll send the invite."}
"""


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_good_lines() -> None:
    code, out, _ = run(
        ["score", "--jsonl", "-"], "\n".join(json.dumps(r) for r in (GOOD, NB)) + "\n"
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2
    first, second = rows
    assert 0 <= first["politeness"] <= 100 and first["question_form"] == "closed"
    assert first["closing_attempt"] is False
    assert set(first["next_step"]) == {"action", "time", "owner"}
    assert "greeting" in {m["name"] for m in first["details"]["politeness"]["markers"]}
    assert second["question_form"] == "open"
    assert second["details"]["objection"]["acknowledged"] is True


def test_jsonl_bad_lines_are_reported_and_processing_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps(GOOD),
                "not json",
                json.dumps({"lang": "en"}),
                json.dumps({"text": "Hei", "lang": "sv"}),
                json.dumps(NB),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(["score", "--jsonl", str(src)])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r.get("error") is None for r in rows] == [True, False, False, False, True]
    assert [r["line"] for r in rows if "error" in r] == [2, 3, 4]
    assert "text" in rows[2]["error"] and "sv" in rows[3]["error"]


def test_transcript_as_text_and_json(tmp_path: Path) -> None:
    path = tmp_path / "call.yaml"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    code, out, _ = run(["score", str(path)])
    assert code == 0, out
    assert "total" in out and ("PASS" in out or "FAIL" in out)
    assert 'turn 7 "Thursday" next_step_time +25' in out
    code, out, _ = run(["score", str(path), "--json"])
    card = json.loads(out)
    assert code == 0
    assert set(card["criteria"]) == {
        "needs_discovery",
        "politeness",
        "objection_handling",
        "closing",
    }
    assert all({"turn", "quote", "rule", "points", "criterion"} <= set(e) for e in card["evidence"])


def test_transcript_with_builtin_scenario_uses_its_rubric(tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    data = {
        "scenario": "cold-call-car-parts",
        "turns": [
            {
                "speaker": "trainee",
                "text": "Hi Mike, this is Sam from NordParts. How do you order parts?",
            }
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(["score", str(path), "--json"])
    assert code == 0, out
    card = json.loads(out)
    assert set(card["needs_missed"]) | set(card["needs_found"]) == {
        "late_deliveries",
        "wrong_parts",
        "cash_flow",
    }


def _main_exit(args: list[str], capsys: object) -> tuple[int, str]:
    import pytest

    from trainer.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    return int(exc.value.code or 0), err


def test_bad_transcript_files_give_one_line_and_exit_2(tmp_path: Path, capsys: object) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("turns: [a: b\n", encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("lang: en\n", encoding="utf-8")
    badlang = tmp_path / "lang.yaml"
    badlang.write_text("lang: sv\nturns: [{speaker: trainee, text: hi}]\n", encoding="utf-8")
    speaker = tmp_path / "speaker.yaml"
    speaker.write_text("turns: [{speaker: coach, text: hi}]\n", encoding="utf-8")
    for path, needle in (
        (broken, "broken.yaml:"),
        (empty, "turns"),
        (badlang, "sv"),
        (speaker, "speaker"),
        (tmp_path / "missing.yaml", "cannot read"),
    ):
        code, err = _main_exit(["score", str(path)], capsys)
        assert code == 2, (path, err)
        assert needle in err and len(err.strip().splitlines()) == 1, err


def test_jsonl_without_a_value_reads_stdin() -> None:
    code, out, _ = run(["score", "--jsonl"], json.dumps(GOOD) + "\n")
    assert code == 0
    assert json.loads(out)["question_form"] == "closed"


def test_score_without_input_is_a_usage_error() -> None:
    code, _, err = run(["score"])
    assert code == 2 and "TRANSCRIPT" in err
