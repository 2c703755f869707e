"""The report: grouping, pass rate and trend maths, filters, and the three output formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.cli.main import cli
from trainer.store import AttemptDetail, AttemptSummary, StoreError, open_store
from trainer.store.filters import make_filter, parse_when
from trainer.store.report import build, trend

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def summary(
    n: int,
    trainee: str = "Sam",
    scenario: str = "demo",
    total: float | None = 70.0,
    passed: bool | None = None,
    day: int = 0,
    **criteria: float,
) -> AttemptSummary:
    finished = total is not None
    return AttemptSummary(
        id=f"id-{trainee}-{n:04d}",
        trainee=trainee,
        scenario_id=scenario,
        scenario_version=1,
        title="T",
        language="en",
        mode="coach",
        started_at=T0 + timedelta(days=day, minutes=n),
        ended_at=T0 + timedelta(days=day, minutes=n + 1) if finished else None,
        outcome="x" if finished else None,
        result="win" if finished else None,
        total=total,
        passed=(total is not None and total >= 70) if passed is None and finished else passed,
        criteria=dict(criteria),
        scenario_hash="0" * 64,
    )


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], None),
        ([50.0], None),
        ([50.0, 80.0], 30.0),
        ([50.0, 60.0, 80.0], 20.0),  # last 2 (70) minus first 1 (50)
        ([10.0, 20.0, 30.0, 40.0], 20.0),  # (30+40)/2 - (10+20)/2
        ([0.0] * 5 + [10.0] * 5, 10.0),
        ([99.0] * 3 + [0.0] * 5 + [10.0] * 5, 10.0),  # only the last 10 count
        ([60.0, 60.0, 60.0], 0.0),
    ],
)
def test_trend(scores: list[float], expected: float | None) -> None:
    assert trend(scores) == (pytest.approx(expected) if expected is not None else None)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=40),
    st.floats(min_value=-50, max_value=50),
)
def test_trend_is_shift_invariant_and_bounded(scores: list[float], shift: float) -> None:
    value = trend(scores)
    assert value is not None and -100 <= value <= 100
    assert trend([s + shift for s in scores]) == pytest.approx(value, abs=1e-6)
    assert trend(scores[-10:]) == pytest.approx(value)


def test_rows_by_trainee_and_scenario() -> None:
    summaries = [
        summary(1, "Sam", "a", 50.0),
        summary(2, "Sam", "b", 90.0),
        summary(3, "Sam", "a", 70.0),
        summary(4, "Kim", "a", 60.0),
        summary(5, "Kim", "a", None),
    ]
    rows = {r.key: r for r in build(reversed(summaries), "trainee")}  # input order is irrelevant
    sam, kim = rows["Sam"], rows["Kim"]
    assert (sam.attempts, sam.in_progress, sam.best, sam.latest) == (3, 0, 90.0, 70.0)
    assert sam.average == pytest.approx(70.0)
    assert sam.pass_rate == pytest.approx(200 / 3)
    assert sam.trend == pytest.approx(80.0 - 50.0)
    assert (kim.attempts, kim.in_progress, kim.best, kim.trend, kim.pass_rate) == (
        1,
        1,
        60.0,
        None,
        0.0,
    )
    by_scenario = {r.key: r for r in build(summaries, "scenario")}
    assert list(by_scenario) == ["a", "b"]
    assert by_scenario["a"].attempts == 3 and by_scenario["a"].in_progress == 1
    assert by_scenario["a"].latest == 60.0


def test_rows_by_criterion() -> None:
    summaries = [
        summary(1, total=60.0, politeness=40.0, closing=70.0),
        summary(2, total=80.0, politeness=80.0),
        summary(3, total=None),
    ]
    rows = {r.key: r for r in build(summaries, "criterion")}
    assert list(rows) == ["needs_discovery", "politeness", "objection_handling", "closing"]
    assert rows["politeness"].attempts == 2 and rows["politeness"].trend == pytest.approx(40.0)
    assert rows["politeness"].pass_rate is None
    assert rows["closing"].attempts == 1 and rows["closing"].average == 70.0
    assert rows["needs_discovery"].attempts == 0 and rows["needs_discovery"].best is None
    assert all(r.in_progress == 1 for r in rows.values())


def test_dates() -> None:
    assert parse_when("2026-03-02") == datetime(2026, 3, 2, tzinfo=UTC)
    assert parse_when("2026-03-02", end_of_day=True) == datetime(2026, 3, 3, tzinfo=UTC)
    assert parse_when("2026-03-02T10:30") == datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    assert parse_when("2026-03-02T10:30+02:00") == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    for bad in ("yesterday", "2026-02-30", "02/03/2026", ""):
        with pytest.raises(StoreError, match="is not a date"):
            parse_when(bad, option="--since")
    with pytest.raises(StoreError, match="must be after"):
        make_filter(None, None, "2026-03-05", "2026-03-01")


@pytest.fixture
def filled_db(tmp_path: Path) -> str:
    path = str(tmp_path / "report.db")
    summaries = [
        summary(1, "Sam", "demo", 50.0, day=0, politeness=50.0),
        summary(2, "Sam", "demo", 70.0, day=1, politeness=70.0),
        summary(3, "Sam", "other", 90.0, day=2, politeness=90.0),
        summary(4, "Kim", "demo", 65.0, day=2),
        summary(5, "Kim", "demo", None, day=3),
    ]
    with open_store(path) as store:
        store.import_details([AttemptDetail(s, [], {"total": s.total}) for s in summaries])
    return path


def _run(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, "report", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_report_table(filled_db: str) -> None:
    lines = _run(filled_db).splitlines()
    assert lines[0].split() == [
        "trainee",
        "attempts",
        "in",
        "progress",
        "best",
        "latest",
        "average",
        "pass",
        "rate",
        "trend",
    ]
    assert lines[1].split() == ["Kim", "1", "1", "65.0", "65.0", "65.0", "0%"]
    assert lines[2].split() == ["Sam", "3", "0", "90.0", "90.0", "70.0", "67%", "+30.0"]


def test_report_csv_and_json_agree(filled_db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(filled_db, "--by", "scenario", "--format", "csv"))))
    data = json.loads(_run(filled_db, "--by", "scenario", "--format", "json"))
    assert [r["scenario"] for r in rows] == [d["scenario"] for d in data] == ["demo", "other"]
    assert rows[0]["attempts"] == "3" and data[0]["attempts"] == 3
    assert rows[0]["in_progress"] == "1" and rows[1]["trend"] == "" and data[1]["trend"] is None
    assert float(rows[0]["average"]) == data[0]["average"] == 61.67


def test_report_filters(filled_db: str) -> None:
    data = json.loads(
        _run(
            filled_db,
            "--format",
            "json",
            "--trainee",
            "Sam",
            "--since",
            "2026-03-02",
            "--until",
            "2026-03-02",
        )
    )
    assert data == [
        {
            "trainee": "Sam",
            "attempts": 1,
            "in_progress": 0,
            "best": 70.0,
            "latest": 70.0,
            "average": 70.0,
            "pass_rate": 100.0,
            "trend": None,
        }
    ]
    data = json.loads(_run(filled_db, "--format", "json", "--scenario", "other"))
    assert [(d["trainee"], d["attempts"]) for d in data] == [("Sam", 1)]
    crit = json.loads(_run(filled_db, "--format", "json", "--by", "criterion"))
    politeness = next(d for d in crit if d["criterion"] == "politeness")
    assert politeness["attempts"] == 3 and politeness["trend"] == pytest.approx(30.0)
    assert _run(filled_db, "--trainee", "Nobody").strip() == "No attempts match."
    assert json.loads(_run(filled_db, "--trainee", "Nobody", "--format", "json")) == []


def test_bad_date_is_one_line_and_exit_2(filled_db: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "trainer", "--db", filled_db, "report", "--since", "March"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "sales-trainer: --since: 'March' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)"
    )


def test_report_on_a_foreign_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(path), "report"])
    assert isinstance(result.exception, StoreError)
    assert "not an SQLite database" in str(result.exception)
    assert path.read_text(encoding="utf-8") == "hello"
