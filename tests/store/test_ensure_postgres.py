"""scripts/ensure-postgres.sh is a no-op where PostgreSQL is already installed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .pg import find_bin, unavailable

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ensure-postgres.sh"


def test_script_finds_the_installed_server_and_changes_nothing() -> None:
    if find_bin("initdb") is None:
        pytest.skip("PostgreSQL is not installed here; the script would install it")
    runs = [
        subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=60)
        for _ in range(2)
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "ensure-postgres: found" in run.stdout
        assert "installing" not in run.stdout and "creating" not in run.stdout
    assert runs[0].stdout == runs[1].stdout


def test_missing_postgresql_skips_locally_but_fails_under_ci() -> None:
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        unavailable({"CI": "true"})
    with pytest.warns(UserWarning, match="SKIPPING"), pytest.raises(pytest.skip.Exception):
        unavailable({})
