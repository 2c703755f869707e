"""Teams and assignments on SQLite and PostgreSQL: where each trainee stands, read from their
attempts at the frozen version since it was assigned; names stay inert everywhere."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.store import StoreError, open_store
from trainer.store.teams import Assignment, standing_of

from .helpers import SOURCE, SOURCE_HASH, played

TODAY = date(2026, 11, 30)


def _cli(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, *args], obj={})


def _assign(store, *, team: str | None = None, trainee: str | None = None,
            mode: str = "exam", due: date = TODAY + timedelta(days=4),
            pass_mark: int | None = 70, digest: str = SOURCE_HASH) -> str:
    return store.assign(scenario_id="demo", scenario_version=1, scenario_hash=digest,
                        title="Title demo", source_text=SOURCE, due=due, mode=mode,
                        pass_mark=pass_mark, by="lead", team=team, trainee=trainee)


def test_each_status_from_the_attempts_at_the_assigned_version(db_url: str) -> None:
    with open_store(db_url) as store:
        assert store.add_team("Oslo", ["Ola", "Kari", "Per", "Liv", "Ola"]) == (True, 4)
        assert store.add_team("Oslo", ["Ola", "Siri"]) == (False, 1)
        _assign(store, team="Oslo")
        played(store, "Kari", mode="coach", total=90.0)  # practice never certifies an exam
        played(store, "Per", mode="exam", total=60.0)
        played(store, "Liv", mode="exam", total=60.0)
        played(store, "Liv", mode="exam", total=75.0)
        played(store, "Siri", mode="exam", total=95.0, finish=False)  # still in the call
        status = {s.trainee: (s.status, s.best, s.attempts)
                  for s in store.standings(team="Oslo", today=TODAY)}
        assert status == {
            "Kari": ("practising", 90.0, 1),
            "Liv": ("certified", 75.0, 2),
            "Ola": ("not started", None, 0),
            "Per": ("failed exam", 60.0, 1),
            "Siri": ("not started", None, 0),
        }
        late = {s.trainee: s.status
                for s in store.standings(team="Oslo", today=TODAY + timedelta(days=5))}
        assert late == {"Kari": "overdue", "Liv": "certified", "Ola": "overdue",
                        "Per": "overdue", "Siri": "overdue"}
        assert [s.trainee for s in store.standings(trainee="Liv", today=TODAY)] == ["Liv"]
        assert store.teams() == {"Oslo": ["Kari", "Liv", "Ola", "Per", "Siri"]}


def test_an_edited_scenario_does_not_count_for_the_frozen_assignment(db_url: str) -> None:
    with open_store(db_url) as store:
        _assign(store, trainee="Ola", digest="f" * 64)
        played(store, "Ola", mode="exam", total=99.0)  # at another version of "demo"
        [standing] = store.standings(trainee="Ola", today=TODAY)
        assert standing.status == "not started"
        assert store.assigned_source(standing.assignment) == SOURCE


def test_a_coach_assignment_is_certified_by_any_passing_attempt(db_url: str) -> None:
    with open_store(db_url) as store:
        _assign(store, trainee="Ola", mode="coach", pass_mark=None)
        played(store, "Ola", mode="coach", total=72.0)  # passed by its own pass mark
        [standing] = store.standings(trainee="Ola", today=TODAY)
        assert standing.status == "certified"
        mine = store.assignments(trainee="Ola")
        assert [a.trainee for a in mine] == ["Ola"]


def test_team_assignments_reach_members_and_weakest_criteria(db_url: str) -> None:
    with open_store(db_url) as store:
        store.add_team("Bergen", ["Ola"])
        _assign(store, team="Bergen")
        assert [a.team for a in store.assignments(trainee="Ola")] == ["Bergen"]
        assert store.assignments(trainee="Nobody") == []
        played(store, "Ola", total=70.0, needs_discovery=40.0, politeness=90.0, closing=60.0)
        played(store, "Ola", total=80.0, needs_discovery=60.0, politeness=80.0, closing=50.0)
        assert store.weakest_criteria(["Ola", "Nobody"]) == {"Ola": ("needs_discovery", 50.0)}


def test_bad_input_is_refused_in_words(db_url: str) -> None:
    with open_store(db_url) as store:
        for bad in ("", "   ", "a\x1bb", "x" * 81):
            with pytest.raises(StoreError):
                store.add_team(bad, [])
        with pytest.raises(StoreError, match="no team named"):
            _assign(store, team="Nowhere")
        with pytest.raises(StoreError, match="a team or to a trainee"):
            _assign(store)
    refused = _cli(db_url, "assign", "--team", "Oslo", "--scenario", "cold-call-car-parts",
                   "--due", "next friday")
    assert refused.exit_code == 2 and "not a date" in refused.output
    both = _cli(db_url, "assign", "--team", "Oslo", "--trainee", "Ola", "--scenario",
                "cold-call-car-parts", "--due", "2026-12-04")
    assert both.exit_code == 2
    unknown = _cli(db_url, "assign", "--team", "Nowhere", "--scenario", "cold-call-car-parts",
                   "--due", "2026-12-04")
    assert unknown.exit_code != 0 and "no team named" in str(unknown.exception)


def test_the_commands_end_to_end_with_hostile_names(db_url: str) -> None:
    hostile = '=HYPERLINK("http://x")'
    escape = _cli(db_url, "team", "add", "Sales", "--member", "Ola\x1b[31m")
    assert escape.exit_code != 0 and "control characters" in str(escape.exception)
    assert _cli(db_url, "team", "add", "Sales", "--member", hostile, "--member",
                "Ola").exit_code == 0
    made = _cli(db_url, "assign", "--team", "Sales", "--scenario", "cold-call-car-parts",
                "--scenario", "cold-call-office-furniture", "--due", "2030-01-31")
    assert made.exit_code == 0 and "2 assignments saved" in made.output
    table = _cli(db_url, "assignments").output
    assert "not started" in table and hostile in table
    csv_text = _cli(db_url, "assignments", "--format", "csv").output
    assert "'=HYPERLINK" in csv_text
    rows = json.loads(_cli(db_url, "assignments", "--format", "json").output)
    assert len(rows) == 4 and {r["status"] for r in rows} == {"not started"}
    assert all(isinstance(r["pass_mark"], int) for r in rows)  # the scenario's own
    listed = _cli(db_url, "team", "list").output
    assert "Sales" in listed and hostile in listed


def test_standing_rules_directly() -> None:
    a = Assignment("a", None, "Ola", "demo", 1, "h", "T", TODAY, "exam", None,
                   datetime(2026, 11, 1, tzinfo=UTC), "lead")
    assert standing_of(a, [("exam", 80.0, True)], TODAY) == "certified"
    assert standing_of(a, [("exam", 80.0, False)], TODAY) == "failed exam"
    assert standing_of(a, [("coach", 80.0, True)], TODAY) == "practising"
    assert standing_of(a, [], TODAY + timedelta(days=1)) == "overdue"
