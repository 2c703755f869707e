"""A throwaway PostgreSQL cluster for tests: initdb, pg_ctl on a free port, socket in a tmp dir."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import pytest
import sqlalchemy as sa

MISSING = (
    "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin): "
    "run scripts/ensure-postgres.sh or set SALES_TRAINER_TEST_PG=postgresql+psycopg://..."
)


def unavailable(env: Mapping[str, str]) -> NoReturn:
    """Skip loudly on a developer's machine; fail under CI, which must run these tests."""
    if env.get("CI"):
        pytest.fail(f"CI is set and {MISSING}", pytrace=False)
    warnings.warn(f"SKIPPING PostgreSQL store tests: {MISSING}", stacklevel=2)
    pytest.skip(f"SKIPPING PostgreSQL store tests: {MISSING}")


def find_bin(name: str) -> str | None:
    """On PATH, or in Debian's versioned folder (newest first), which is not on PATH."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parts[-3].split(".")],
        reverse=True,
    )
    return candidates[0] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """Hands out a fresh database per test on one server (ours or an existing one)."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self._engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self._names = itertools.count()
        self._created: list[str] = []

    def new_database(self) -> str:
        name = f"trainer_test_{os.getpid()}_{next(self._names)}"
        with self._engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self._created.append(name)
        return sa.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_databases(self) -> None:
        with self._engine.connect() as conn:
            for name in self._created:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._engine.dispose()


class Cluster:
    def __init__(self, initdb: str, pg_ctl: str) -> None:
        self.initdb = initdb
        self.pg_ctl = pg_ctl
        self.root = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        # The server refuses to run as root.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> str:
        if self.as_user:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            self.initdb,
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-locale",
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off"
        self._run(
            self.pg_ctl,
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return f"postgresql+psycopg://postgres@/postgres?host={self.root}&port={self.port}"

    def stop(self) -> None:
        try:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
