"""From what the user typed (nothing, a path, or a URL) to a checked SQLAlchemy engine.

A file that is not ours is inspected read-only and refused before anything is written to
it: the WAL switch and the migrations only happen once the file is known to be ours or empty.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url

from trainer.store.errors import StoreError

ENV_VAR = "SALES_TRAINER_DB"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("sales-trainer")) / "attempts.db"


def resolve_url(raw: str | None) -> tuple[URL, bool]:
    """The URL to open, and whether it is the default location (whose folder we may create)."""
    if raw is None or not raw.strip():
        raw = os.environ.get(ENV_VAR, "").strip() or None
    if raw is None:
        return URL.create("sqlite", database=str(default_path())), True
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser())), False
    try:
        url = make_url(raw)
    except sa.exc.ArgumentError:
        raise StoreError(f"not a database URL or file path: {raw!r}") from None
    # psycopg 3 is the driver we ship for; a bare postgresql:// would pick psycopg2.
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"unsupported database {url.get_backend_name()!r} in {describe(url)}; "
            "use a SQLite file path or postgresql+psycopg://user@host/dbname"
        )
    return url, False


def describe(url: URL) -> str:
    """The database as named in messages: a path for SQLite, else the URL minus password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is plainly not an SQLite database, by its header alone."""
    label = str(path)
    if path.is_dir():
        raise StoreError(f"{label}: is a folder, not a database file")
    if not path.exists():
        if not path.parent.is_dir():
            raise StoreError(f"{label}: folder {path.parent} does not exist")
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{label}: cannot read: {exc.strerror or exc}") from None
    if head and head != SQLITE_HEADER:
        raise StoreError(
            f"{label}: is not an SQLite database (it does not start with the SQLite header); "
            "left untouched"
        )


def create_engine(url: URL) -> sa.Engine:
    try:
        if url.get_backend_name() == "sqlite":
            engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _configure_sqlite(engine)
            return engine
        return sa.create_engine(
            url,
            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
            pool_pre_ping=True,
        )
    except ImportError as exc:
        raise StoreError(
            f"cannot use database {describe(url)}: the driver is not installed ({exc}); "
            "for PostgreSQL install sales-call-trainer[postgres]"
        ) from None
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, TypeError) as exc:
        raise StoreError(f"cannot use database {describe(url)}: {exc}") from None


def _configure_sqlite(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below) so that DDL is transactional and writers can ask
        # for the write lock up front.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # A deferred transaction that reads and then writes can fail at once with
        # SQLITE_BUSY when another process committed in between; IMMEDIATE waits instead.
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def enable_wal(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        # Switching needs a write; a file already in WAL mode (or read-only) is left as it is.
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
