"""Opening an older database upgrades it in one transaction and keeps every row."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from trainer.store import StoreError, open_store
from trainer.store import migrations as mig
from trainer.store.schema import APP, metadata

from .helpers import played

# The version-1 layout, written out by hand the way the first release created it.
V1_SQL = """
CREATE TABLE schema_version (
    app VARCHAR(64) NOT NULL PRIMARY KEY, version INTEGER NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE attempts (
    id VARCHAR(36) NOT NULL PRIMARY KEY, trainee VARCHAR(200) NOT NULL,
    scenario_id VARCHAR(80) NOT NULL, scenario_version INTEGER NOT NULL,
    scenario_hash VARCHAR(64) NOT NULL, title TEXT NOT NULL, language VARCHAR(8) NOT NULL,
    mode VARCHAR(8) NOT NULL, started_at DATETIME NOT NULL, ended_at DATETIME,
    outcome VARCHAR(80), result VARCHAR(8), total FLOAT, passed BOOLEAN,
    needs_discovery FLOAT, politeness FLOAT, objection_handling FLOAT, closing FLOAT,
    scorecard JSON);
CREATE TABLE turns (
    attempt_id VARCHAR(36) NOT NULL REFERENCES attempts (id), seq INTEGER NOT NULL,
    idx INTEGER NOT NULL, speaker VARCHAR(16) NOT NULL, text TEXT NOT NULL, node VARCHAR(80),
    created_at DATETIME NOT NULL, meta JSON, rewound BOOLEAN NOT NULL,
    PRIMARY KEY (attempt_id, seq));
INSERT INTO schema_version VALUES ('sales-call-trainer', 1, '2025-01-02 03:04:05.000000');
INSERT INTO attempts VALUES ('a1', 'Sam', 'demo', 2, 'ab12', 'Old demo', 'en', 'coach',
    '2025-01-02 10:00:00.000000', '2025-01-02 10:05:00.000000', 'meeting_booked', 'win',
    81.5, 1, 80.0, 90.0, NULL, 70.0, '{"total": 81.5, "passed": true, "criteria": {}}');
INSERT INTO attempts VALUES ('a2', 'Kim', 'demo', 2, 'ab12', 'Old demo', 'en', 'exam',
    '2025-01-03 10:00:00.000000', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO turns VALUES ('a1', 0, 0, 'prospect', 'Hello?', 'opening',
    '2025-01-02 10:00:01.000000', NULL, 0);
INSERT INTO turns VALUES ('a1', 1, 1, 'trainee', 'Hi, Sam here', 'opening',
    '2025-01-02 10:00:02.000000', '{"hint_used": false}', 1);
INSERT INTO turns VALUES ('a1', 2, 1, 'trainee', 'Hi, this is Sam', 'opening',
    '2025-01-02 10:00:03.000000', '{"hint_used": true}', 0);
"""


def _v1_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SQL)
    conn.commit()
    conn.close()


def test_v1_sqlite_database_is_upgraded_without_losing_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _v1_file(path)
    with open_store(str(path)) as store:
        assert store.upgraded_from == 1
        by_id = {s.id: s for s in store.attempts()}
        old = store.attempt("a1")
        new_id = played(store)  # the upgraded database takes new attempts
    assert set(by_id) == {"a1", "a2"}
    assert by_id["a1"].total == 81.5 and by_id["a1"].passed is True
    assert by_id["a1"].criteria == {"needs_discovery": 80.0, "politeness": 90.0, "closing": 70.0}
    assert by_id["a2"].status == "in progress"
    assert by_id["a1"].started_at.isoformat() == "2025-01-02T10:00:00+00:00"
    assert [(t["text"], t["rewound"]) for t in old.turns] == [
        ("Hello?", False),
        ("Hi, Sam here", True),
        ("Hi, this is Sam", False),
    ]
    assert old.turns[2]["meta"] == {"hint_used": True}
    assert old.source_text is None  # v1 kept no snapshots; nothing is invented

    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM schema_version WHERE app = ?", (APP,)).fetchone() == (
        mig.LATEST,
    )
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"ix_attempts_trainee", "ix_attempts_scenario_id", "ix_attempts_started_at"} <= indexes
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with open_store(str(path)) as store:
        assert store.upgraded_from is None  # already current: nothing to do
        assert len(store.attempts()) == 3 and store.attempt(new_id).source_text is not None


def test_v1_database_is_upgraded_on_both_backends(db_url: str) -> None:
    url = db_url if "://" in db_url else f"sqlite:///{db_url}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        mig.MIGRATIONS[0](conn)
        conn.execute(
            sa.text("INSERT INTO schema_version (app, version, updated_at) VALUES (:a, 1, :t)"),
            {"a": APP, "t": "2025-01-01 00:00:00"},
        )
        conn.execute(
            sa.text(
                "INSERT INTO attempts (id, trainee, scenario_id, scenario_version, scenario_hash,"
                " title, language, mode, started_at) VALUES"
                " ('x1', 'Sam', 'demo', 1, 'h', 'T', 'en', 'coach', '2025-01-01 09:00:00')"
            )
        )
    engine.dispose()
    with open_store(db_url) as store:
        assert store.upgraded_from == 1
        [summary] = store.attempts()
        assert summary.id == "x1" and summary.status == "in progress"
    engine = sa.create_engine(url)
    try:
        _assert_matches_current_schema(engine)
    finally:
        engine.dispose()


def test_fresh_database_matches_the_current_schema(db_url: str) -> None:
    open_store(db_url).close()
    url = db_url if "://" in db_url else f"sqlite:///{db_url}"
    engine = sa.create_engine(url)
    try:
        _assert_matches_current_schema(engine)
    finally:
        engine.dispose()


def _assert_matches_current_schema(engine: sa.Engine) -> None:
    inspector = sa.inspect(engine)
    for name, table in metadata.tables.items():
        actual = {c["name"]: c["nullable"] for c in inspector.get_columns(name)}
        expected = {c.name: c.nullable for c in table.columns}
        assert actual == expected, name
        assert set(inspector.get_pk_constraint(name)["constrained_columns"]) == {
            c.name for c in table.primary_key
        }


def test_a_failing_migration_leaves_the_database_as_it_was(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(db_url) as store:
        attempt_id = played(store)

    def _adds_then_fails(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        conn.exec_driver_sql("ALTER TABLE attempts ADD COLUMN note TEXT")
        raise sa.exc.OperationalError("a later migration", {}, Exception("disk full"))

    failing: list[Callable[[sa.Connection], None]] = [*mig.MIGRATIONS, _adds_then_fails]
    monkeypatch.setattr(mig, "MIGRATIONS", failing)
    monkeypatch.setattr(mig, "LATEST", len(failing))
    with pytest.raises(StoreError, match="disk full"):
        open_store(db_url)
    monkeypatch.undo()

    url = db_url if "://" in db_url else f"sqlite:///{db_url}"
    engine = sa.create_engine(url)
    try:
        assert "half_done" not in sa.inspect(engine).get_table_names()
        assert "note" not in {c["name"] for c in sa.inspect(engine).get_columns("attempts")}
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version FROM schema_version")).scalar() == (
                len(mig.MIGRATIONS)
            )
    finally:
        engine.dispose()
    with open_store(db_url) as store:
        assert store.attempt(attempt_id).summary.total == 75.0


def test_v4_copies_each_stored_grader_version_into_a_column(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mig, "MIGRATIONS", mig.MIGRATIONS[:3])
    monkeypatch.setattr(mig, "LATEST", 3)
    with open_store(db_url) as store:
        old = store.start_attempt("Sam", "demo", 1, "x" * 64, "Demo", "en", "exam")
        unfinished = store.start_attempt("Sam", "demo", 1, "x" * 64, "Demo", "en", "exam")
    url = db_url if "://" in db_url else f"sqlite:///{db_url}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # finished as a version-3 sales-trainer wrote it
        conn.execute(sa.text("UPDATE attempts SET ended_at = started_at, total = 80, "
                             "scorecard = :card WHERE id = :id"),
                     {"id": old, "card": '{"total": 80.0, "grader": "2025.1"}'})
    engine.dispose()
    monkeypatch.undo()
    with open_store(db_url) as store:
        assert store.upgraded_from == 3
        new = store.start_attempt("Sam", "demo", 1, "x" * 64, "Demo", "en", "exam")
        store.finish_attempt(new, "won", "win", {"total": 90.0, "passed": True,
                                                 "criteria": {}, "grader": "2026.2"})
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            graders = dict(conn.execute(sa.text("SELECT id, grader FROM attempts")).all())
    finally:
        engine.dispose()
    assert graders == {old: "2025.1", unfinished: None, new: "2026.2"}
