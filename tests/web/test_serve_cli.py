"""`sales-trainer serve` on the command line: loopback unless asked, a warning when not, a
busy port said in one line, and the database's password in no command line or log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from trainer.cli.main import cli
from trainer.web import serve as web

from .conftest import REPO, start_server, stop_server


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses_need_no_warning(host: str) -> None:
    assert web.is_loopback(host) and web.exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "trainer.example.com"])
def test_other_addresses_are_warned_about(host: str) -> None:
    warning = web.exposure_warning(host)
    assert warning is not None and "no authentication" in warning and "proxy" in warning


def test_serve_listens_on_loopback_by_default_and_warns_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[Any, ...]] = []
    # Recorded instead of listening: a test never binds beyond 127.0.0.1.
    monkeypatch.setattr(web, "serve", lambda *args: calls.append(args))
    default = CliRunner().invoke(cli, ["serve"], obj={})
    assert default.exit_code == 0 and "warning" not in default.output
    exposed = CliRunner().invoke(cli, ["--lang", "nb", "serve", "--host", "0.0.0.0",
                                       "--port", "9000"], obj={})
    assert exposed.exit_code == 0 and "no authentication of its own" in exposed.stderr
    assert calls[0][:2] == ("127.0.0.1", 8000)
    assert calls[1][:2] == ("0.0.0.0", 9000) and calls[1][3] == "nb"


def test_the_database_goes_to_each_app_by_environment_not_command_line() -> None:
    secret_url = "postgresql://ola:S3cret-pw@127.0.0.1/team"
    assert "S3cret" not in web.app_command("nb")
    assert web.app_command("nb").endswith("-m trainer --lang nb")
    assert web.app_environment(secret_url)["SALES_TRAINER_DB"] == secret_url
    assert web.app_environment(None) == {"SALES_TRAINER_SERVED": "1"}


def test_a_busy_port_is_one_line_without_a_banner() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "trainer", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"sales-trainer: cannot listen on 127.0.0.1:{port}: "
                                   "Address already in use")
    assert "Serving" not in done.stdout


def test_bad_ports_are_refused_by_the_command_line() -> None:
    for port in ("0", "70000", "http"):
        result = CliRunner().invoke(cli, ["serve", "--port", port], obj={})
        assert result.exit_code == 2, port


def test_the_log_never_shows_the_password(tmp_path: Path) -> None:
    secret = "Tr0ub4dor-pw"
    server = start_server(tmp_path, db=f"postgresql://ola:{secret}@127.0.0.1:9/team")
    try:
        with urllib.request.urlopen(server.url, timeout=10) as page:
            assert page.status == 200
    finally:
        stop_server(server.process)
    log = server.log.read_text(errors="replace")
    assert "Serving" in log and secret not in log
    assert f"ola:{secret}" not in " ".join(os.environ.values())
