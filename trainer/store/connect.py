"""From what the user typed (nothing, a path, or a URL) to a checked SQLAlchemy engine.

A file that is not ours is inspected read-only and refused before anything is written to
it. Opening only reads: the WAL switch (which rewrites the file's header) and the migrations
wait for the first write, and that first write checks the file's integrity and that it can
be written at all, so a damaged or read-only file is refused unchanged.
"""

from __future__ import annotations

import os
import sqlite3
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
        url.port  # noqa: B018 - parsed lazily by some versions; a bad port must fail here
    except (sa.exc.ArgumentError, ValueError) as exc:
        # A bad port ("host:abc") or an unbalanced "[::1" is a typo, said in words (B22);
        # the URL is masked where the message is printed.
        detail = "the port is not a number" if "int()" in str(exc) else "it cannot be parsed"
        raise StoreError(f"not a database URL or file path ({detail}): {raw!r}") from None
    if url.host and "@" in url.host:
        raise StoreError(
            "the database URL has an '@' in its password; write each '@' in a password as %40"
        )
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


def make_folder(folder: Path) -> None:
    """The default database's folder; a data folder that cannot be one is said in words."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the data folder {folder}: {exc.strerror or exc}; "
            f"choose a database with --db or {ENV_VAR}"
        ) from None


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is plainly not an SQLite database, by its header alone."""
    label = str(path)
    try:
        if path.is_dir():
            raise StoreError(f"{label}: is a folder, not a database file")
        if path.exists() and not path.is_file():
            # /dev/null or a pipe: SQLite would leave a journal beside it in /dev (B27).
            raise StoreError(f"{label}: is a device or a pipe, not a database file")
        if not path.exists():
            if not path.parent.is_dir():
                raise StoreError(f"{label}: folder {path.parent} does not exist")
            return
    except OSError as exc:
        raise StoreError(f"{label}: cannot use: {exc.strerror or exc}") from None
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


def check_before_writing(engine: sa.Engine, label: str) -> None:
    """Before the first write: a read-only or damaged file is refused as it is (SQLite would
    otherwise write around the damage, and the WAL switch alone rewrites the header).

    PRAGMA quick_check reads the whole file once per process: milliseconds for the sizes a
    team collects, and the price of never writing into a damaged database."""
    path = engine.url.database
    if path and os.path.exists(path) and not _writable(Path(path)):
        raise StoreError(
            f"{label}: is read-only; it can be read (report, export) but nothing can be "
            "saved to it — choose a writable file with --db"
        )
    with engine.connect() as conn:
        problems = [str(p) for p in conn.exec_driver_sql("PRAGMA quick_check").scalars()]
    if problems != ["ok"]:
        first = problems[0] if problems else "no answer"
        raise StoreError(
            f"{label}: is damaged ({first[:200]}); it was left untouched — "
            "restore it from a backup or choose another file with --db"
        )


def _writable(path: Path) -> bool:
    # SQLite writes the file, and a journal beside it in the same folder.
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def enable_wal(engine: sa.Engine, label: str) -> None:
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            # Switching needs a write; a file already in WAL mode is left as it is.
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:  # the raw driver's errors, not SQLAlchemy's
            raise StoreError(f"{label}: cannot write: {exc}") from None
        finally:
            cursor.close()
