"""`sales-trainer serve`: the same app in a browser, one app process per browser tab.

textual-serve runs the command below for every tab that connects and relays its screen over a
WebSocket. The database is handed to each app through the environment, never the command
line, so a password in it shows neither in the process list nor in textual-serve's log.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path

from trainer.diagnostics import TrainerError

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
TEMPLATES = Path(__file__).with_name("templates")
TITLE = "Sales call trainer"


class ServeError(TrainerError):
    """The server could not start: a bad address or a port already in use."""


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """What to say before listening beyond this machine: the app has no sign-in of its own."""
    if is_loopback(host):
        return None
    return (
        f"warning: serving on {host}, which other machines can reach; sales-trainer serve has "
        "no authentication of its own — put it behind the team's proxy (with sign-in and TLS)"
    )


def app_command(lang: str | None) -> str:
    """The shell command textual-serve starts for each browser tab."""
    argv = [sys.executable, "-m", "trainer"]
    if lang:
        argv += ["--lang", lang]
    return shlex.join(argv)


def app_environment(db_url: str | None) -> dict[str, str]:
    """Set in this process, so that every app process it starts inherits it."""
    changes = {"SALES_TRAINER_SERVED": "1"}
    if db_url:
        changes["SALES_TRAINER_DB"] = db_url
    return changes


def check_address(host: str, port: int) -> None:
    """Refuse a busy port or an address this machine does not have before the banner says
    it is serving (aiohttp would only find out after)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(host: str, port: int, db_url: str | None, lang: str | None,
          public_url: str | None = None) -> None:
    from textual_serve.server import Server

    check_address(host, port)
    os.environ.update(app_environment(db_url))
    server = Server(app_command(lang), host=host, port=port, title=TITLE,
                    public_url=public_url, templates_path=TEMPLATES)
    try:
        server.serve()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ServeError(f"cannot listen on {host}:{port}: {reason}") from None
