"""Databases the store must refuse, clearly and without changing a byte of them."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from trainer.store import StoreError, open_store
from trainer.store.migrations import LATEST

from .helpers import played


def _refused(path: Path, match: str) -> str:
    before = path.read_bytes()
    with pytest.raises(StoreError, match=match) as info:
        open_store(str(path))
    assert path.read_bytes() == before
    assert str(path) in str(info.value)
    return str(info.value)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(random.Random(7).randbytes(8192))
    _refused(path, "not an SQLite database")


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("name,score\nSam,80\n", encoding="utf-8")
    _refused(path, "not an SQLite database")


def test_damaged_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "attempts.db"
    with open_store(str(path)) as store:
        played(store)
    # Checkpoint the WAL into the main file, then wreck the schema page while keeping the header.
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = random.Random(3).randbytes(4096 - 100)
    path.write_bytes(bytes(data))
    _refused(path, "damaged|malformed|not a database")


def test_truncated_to_header_only(tmp_path: Path) -> None:
    path = tmp_path / "attempts.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 84)
    _refused(path, "damaged|malformed|not a database")


def test_sqlite_file_of_another_application(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipes (name) VALUES ('pancakes')")
    conn.commit()
    conn.close()
    _refused(path, "another application|not written by sales-trainer|no schema_version")


def test_other_app_with_its_own_schema_version_table(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER)")
    conn.execute("INSERT INTO schema_version VALUES (4)")
    conn.commit()
    conn.close()
    _refused(path, "not sales-trainer's")


def test_a_table_called_attempts_without_our_version_row(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE attempts (x INTEGER)")
    conn.commit()
    conn.close()
    _refused(path, "not written by sales-trainer")


def test_newer_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "attempts.db"
    with open_store(str(path)) as store:
        played(store)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("UPDATE schema_version SET version = ?", (LATEST + 5,))
    conn.commit()
    conn.close()
    message = _refused(path, "newer sales-trainer")
    assert f"schema version {LATEST + 5}" in message


def test_newer_schema_version_postgresql(db_url: str) -> None:
    with open_store(db_url) as store:
        played(store)
    engine = sa.create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE schema_version SET version = :v"), {"v": LATEST + 1})
    engine.dispose()
    with pytest.raises(StoreError, match="newer sales-trainer"):
        open_store(db_url)


def test_missing_folder_and_folder_as_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "nope" / "attempts.db"))
    with pytest.raises(StoreError, match="is a folder"):
        open_store(str(tmp_path))
    assert not (tmp_path / "nope").exists()


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "attempts.db"
    path.write_bytes(b"SQLite format 3\x00")
    path.chmod(0)
    with pytest.raises(StoreError, match="cannot read"):
        open_store(str(path))


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("mysql://user@localhost/db", "unsupported database 'mysql'"),
        ("postgresql+psycopg://user:secret@127.0.0.1:1/none", "127.0.0.1"),
        ("postgresql://user@/none?host=/nonexistent-socket-dir", "cannot open"),
        ("postgresql+nosuchdriver://h/db", "cannot use database"),
        ("://nothing", "not a database URL"),
    ],
)
def test_bad_or_unreachable_urls(url: str, match: str) -> None:
    with pytest.raises(StoreError, match=match) as info:
        open_store(url)
    assert "secret" not in str(info.value)
    assert "\n" not in str(info.value)


def test_default_location_and_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store() as store:
        played(store)
        label = store.label
    assert label.endswith("attempts.db") and Path(label).is_file()
    assert str(tmp_path) in label  # the XDG data dir of the test, never the real one
    env_path = tmp_path / "from-env.db"
    monkeypatch.setenv("SALES_TRAINER_DB", str(env_path))
    with open_store() as store:
        assert store.label == str(env_path)
        assert store.attempts() == []


def test_other_tables_beside_ours(db_url: str) -> None:
    """A SQLite file is one application's; a PostgreSQL database may be shared with others."""
    url = db_url if "://" in db_url else f"sqlite:///{db_url}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE crm_contacts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.exec_driver_sql("INSERT INTO crm_contacts VALUES (1, 'Karen')")
    engine.dispose()
    if "://" not in db_url:
        _refused(Path(db_url), "another application")
        return
    with open_store(db_url) as store:
        played(store)
        assert len(store.attempts()) == 1
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM crm_contacts").all() == [("Karen",)]
    engine.dispose()


def test_read_only_postgresql_user_can_read(pg_server: Any) -> None:
    url = pg_server.new_database()
    with open_store(url) as store:
        played(store, "Sam")
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP ROLE IF EXISTS team_lead")
        conn.exec_driver_sql("CREATE ROLE team_lead LOGIN")
        conn.exec_driver_sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO team_lead")
    try:
        reader = sa.make_url(url).set(username="team_lead").render_as_string(hide_password=False)
        with open_store(reader) as store:
            assert [s.trainee for s in store.attempts()] == ["Sam"]
            with pytest.raises(StoreError, match="permission denied"):
                played(store, "Kim")
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM team_lead")
            conn.exec_driver_sql("DROP ROLE team_lead")
        engine.dispose()


def test_missing_postgresql_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"install sales-call-trainer\[postgres\]"):
        open_store("postgresql://user@localhost/db")
