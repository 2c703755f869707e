"""Store tests run against SQLite and a real PostgreSQL server.

PostgreSQL comes from $SALES_TRAINER_TEST_PG, or a throwaway cluster started for the session.
Without PostgreSQL installed the PostgreSQL cases skip loudly, except under CI, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .pg import Cluster, Server, find_bin, unavailable


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    existing = os.environ.get("SALES_TRAINER_TEST_PG")
    if existing:
        server = Server(existing)
        yield server
        server.drop_databases()
        return
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        unavailable(os.environ)
    cluster = Cluster(initdb, pg_ctl)
    try:
        server = Server(cluster.start())
    except BaseException:
        cluster.stop()
        raise
    try:
        yield server
    finally:
        try:
            server.drop_databases()
        finally:
            cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "attempts.db")
    server: Server = request.getfixturevalue("pg_server")
    return server.new_database()
