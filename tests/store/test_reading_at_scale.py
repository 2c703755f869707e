"""Reading many attempts on SQLite and PostgreSQL: the report aggregated by the database gives
the rows `build` gives, listings page, search and sort in SQL, --grader filters, damaged
scores stay out of every sum, and a trainee's scores for the trend come from SQL too."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.store import AttemptDetail, AttemptSummary, open_store
from trainer.store.filters import AttemptFilter
from trainer.store.listing import Listing
from trainer.store.report import build

from .helpers import SOURCE, SOURCE_HASH

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
TRAINEES = ["Ada", "Bo", "Cleo", "Øyvind", "Zed"]
TITLES = {"demo": "Cold call", "gatekeeper": "Past the gatekeeper", "vip": "A VIP client"}


def _cli(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args])


def _attempt(n: int, rng: random.Random, grader: str = "2026.11.30") -> AttemptDetail:
    finished = rng.random() > 0.15
    total = round(rng.uniform(0, 100), 1) if finished else None
    # Every third attempt shares its start with the one before: ties are ordered by id.
    started = T0 + timedelta(minutes=10 * (n - n % 3 // 2))
    criteria = {c: round(rng.uniform(0, 100), 1) for c in ("politeness", "closing")
                if finished and rng.random() > 0.2}
    scenario = rng.choice(list(TITLES))
    summary = AttemptSummary(
        id=f"{rng.getrandbits(32):08x}-{n:04d}", trainee=rng.choice(TRAINEES),
        scenario_id=scenario, scenario_version=1, title=TITLES[scenario], language="en",
        mode=rng.choice(["coach", "exam"]), started_at=started,
        ended_at=started + timedelta(minutes=5) if finished else None,
        outcome=rng.choice(["meeting_booked", "hang_up"]) if finished else None,
        result=rng.choice(["win", "loss"]) if finished else None, total=total,
        passed=total >= 65 if total is not None else None, criteria=criteria,
        scenario_hash=SOURCE_HASH,
    )
    card = {"total": total, "passed": bool(summary.passed), "grader": grader} if finished else None
    return AttemptDetail(summary, [], card, SOURCE)


def _filled(db_url: str, count: int = 90, seed: int = 3) -> list[AttemptDetail]:
    rng = random.Random(seed)
    details = [_attempt(n, rng, "2026.10.01" if n % 2 else "2026.11.30") for n in range(count)]
    with open_store(db_url) as store:
        store.import_details(details)
    return details


@pytest.mark.parametrize("by", ["trainee", "scenario", "criterion"])
def test_the_database_report_is_the_report_build_gives(db_url: str, by: str) -> None:
    _filled(db_url)
    with open_store(db_url) as store:
        everything = store.attempts()
        rows = store.report(AttemptFilter(), by).rows  # type: ignore[arg-type]
        narrowed = store.report(AttemptFilter(trainee="Bo", scenario="vip"), by)  # type: ignore[arg-type]
    for found, expected in [
        (rows, build(everything, by)),  # type: ignore[arg-type]
        (narrowed.rows, build([s for s in everything if (s.trainee, s.scenario_id)
                               == ("Bo", "vip")], by)),  # type: ignore[arg-type]
    ]:
        assert [r.key for r in found] == [r.key for r in expected]
        for got, want in zip(found, expected, strict=True):
            assert (got.attempts, got.in_progress, got.best, got.latest) == (
                want.attempts, want.in_progress, want.best, want.latest)
            for name in ("average", "pass_rate", "trend"):
                value, wanted = getattr(got, name), getattr(want, name)
                assert value == (None if wanted is None else pytest.approx(wanted)), name


def test_report_by_grader_version(db_url: str) -> None:
    details = _filled(db_url, count=40)
    old = [d for d in details if d.scorecard and d.scorecard["grader"] == "2026.10.01"]
    data = json.loads(_cli(db_url, "report", "--grader", "2026.10.01", "--format", "json").stdout)
    assert sum(r["attempts"] for r in data) == len(old)
    assert sum(r["in_progress"] for r in data) == 0  # unfinished attempts have no grader
    assert json.loads(_cli(db_url, "report", "--grader", "1999.1", "--format", "json").stdout) == []
    listed = json.loads(_cli(db_url, "attempts", "--grader", "2026.10.01", "--all",
                             "--format", "json").stdout)
    assert {r["grader"] for r in listed} == {"2026.10.01"} and len(listed) == len(old)
    exported = _cli(db_url, "export", "--grader", "2026.11.30").stdout.splitlines()
    assert len(exported) == 1 + sum(
        1 for d in details if d.scorecard and d.scorecard["grader"] == "2026.11.30")


def _damage(db_url: str, statement: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # past the lock on finished attempts
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.exec_driver_sql(statement)
    engine.dispose()


def test_damaged_scores_never_reach_a_sum(db_url: str) -> None:
    details = _filled(db_url, count=30)
    scored = [d for d in details if d.summary.total is not None]
    kind = "postgresql" if "://" in db_url else "sqlite"
    bad = {"sqlite": ["'abc'", "1e999", "150"], "postgresql": ["'NaN'", "'Infinity'", "150"]}
    for value, detail in zip(bad[kind], scored, strict=False):
        _damage(db_url, f"UPDATE attempts SET total = {value} WHERE id = '{detail.id}'")
    _damage(db_url, f"UPDATE attempts SET politeness = 101 WHERE id = '{scored[3].id}'")
    result = _cli(db_url, "report", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert sum(r["attempts"] for r in rows) == len(scored) - 4
    assert all(r["best"] is None or r["best"] <= 100 for r in rows)
    assert "4 damaged attempt(s) left out of the report" in result.stderr
    crit = json.loads(_cli(db_url, "report", "--by", "criterion", "--format", "json").stdout)
    assert all(r["best"] is None or r["best"] <= 100 for r in crit)
    with open_store(db_url) as store:
        best = store.best_scores(scored[0].summary.trainee)
        assert all(0 <= v <= 100 for v in best.values())
        assert store.scores(scored[0].summary.trainee, 10).count == len(
            [d for d in scored[4:] if d.summary.trainee == scored[0].summary.trainee])


def test_attempts_pages_in_the_database(db_url: str) -> None:
    details = _filled(db_url, count=60)
    newest = sorted(details, key=lambda d: (-d.summary.started_at.timestamp(), d.id))
    shown = _cli(db_url, "attempts", "--format", "json")
    assert [r["id"] for r in json.loads(shown.stdout)] == [d.id for d in newest[:50]]
    assert "showing the newest 50; --limit N or --all for more" in shown.stderr
    assert len(json.loads(_cli(db_url, "attempts", "--all", "--format", "json").stdout)) == 60
    few = _cli(db_url, "attempts", "--limit", "3")
    assert len(few.stdout.splitlines()) == 4 and "grader" in few.stdout.splitlines()[0]
    csv_rows = _cli(db_url, "attempts", "--all", "--format", "csv").stdout.splitlines()
    assert len(csv_rows) == 61
    passed = json.loads(_cli(db_url, "attempts", "--status", "passed", "--all",
                             "--format", "json").stdout)
    assert [r["id"] for r in passed] == [d.id for d in newest if d.summary.passed]
    going = json.loads(_cli(db_url, "attempts", "--status", "in-progress", "--all",
                            "--format", "json").stdout)
    assert [r["id"] for r in going] == [d.id for d in newest if d.summary.total is None]
    both = _cli(db_url, "attempts", "--all", "--limit", "5")
    assert both.exit_code == 2 and "--all and --limit cannot be used together" in both.output
    assert _cli(db_url, "attempts", "--trainee", "Nobody").stdout.strip() == "No attempts match."


def _ids(store: Any, listing: Listing, size: int) -> list[str]:
    found: list[str] = []
    while True:
        page = store.page(listing, len(found), size)
        found += [x.summary.id for x in page]
        if len(page) < size:
            return found


@pytest.mark.parametrize("sort", ["date", "trainee", "scenario", "mode", "score", "outcome",
                                  "pass"])
def test_pages_sorted_by_any_column_never_overlap(db_url: str, sort: str) -> None:
    _filled(db_url, count=45)
    with open_store(db_url) as store:
        for descending in (True, False):
            listing = Listing(sort=sort, descending=descending)
            whole = [x.summary for x in store.page(listing)]
            assert len(whole) == store.count(listing) == 45
            assert _ids(store, listing, 7) == [s.id for s in whole]
            keys = [_key(s, sort) for s in whole]
            assert keys == sorted(keys, reverse=descending)


def _key(s: AttemptSummary, sort: str) -> Any:
    return {
        "date": s.started_at, "trainee": s.trainee.lower(), "scenario": s.title.lower(),
        "mode": s.mode, "score": -1.0 if s.total is None else s.total,
        "outcome": s.outcome or "", "pass": {True: 2, False: 1}.get(s.passed, 0),  # type: ignore[arg-type]
    }[sort]


def test_search_words_match_names_state_and_date(db_url: str) -> None:
    details = _filled(db_url, count=45)
    with open_store(db_url) as store:
        def found(*words: str) -> set[str]:
            listing = Listing(words=words)
            assert store.count(listing) == len(store.page(listing))
            return {x.summary.id for x in store.page(listing)}

        def where(test: Any) -> set[str]:
            return {d.id for d in details if test(d.summary)}

        assert found("ada") == where(lambda s: s.trainee == "Ada")
        assert found("øyvind") == found("ØYVIND") == where(lambda s: s.trainee == "Øyvind")
        assert found("GATE", "exam") == where(
            lambda s: s.scenario_id == "gatekeeper" and s.mode == "exam")
        assert found("unfinished") == where(lambda s: s.outcome is None)
        assert found("pass") == where(lambda s: s.passed)
        assert found("fail") == where(lambda s: not s.passed)
        assert found("hang_up") == where(lambda s: s.outcome == "hang_up")
        assert found("100%_") == set()  # LIKE's wildcards are taken literally
        day = T0.strftime("%Y-%m-%d")
        assert found(day) == where(lambda s: s.started_at.date() == T0.date())


def test_a_trainees_scores_for_the_trend(db_url: str) -> None:
    details = _filled(db_url, count=80)
    with open_store(db_url) as store:
        for trainee in TRAINEES:
            mine = sorted((d.summary for d in details
                           if d.summary.trainee == trainee and d.summary.total is not None),
                          key=lambda s: (s.started_at, s.id))
            scores = store.scores(trainee, 4)
            totals = [s.total for s in mine]
            assert (scores.count, scores.first, scores.recent) == (
                len(totals), totals[0] if totals else None, totals[-4:])
        assert store.scores("Nobody", 4).count == 0
