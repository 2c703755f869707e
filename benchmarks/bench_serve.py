"""Memory per browser session under `sales-trainer serve`, against a bare Textual app served the
same way by textual-serve, in the same run; and time until every session has its first screen.

Sessions are opened like browser tabs (a WebSocket each, on 127.0.0.1) and held open while the
resident memory (RSS) of the server's process group is summed from /proc.

    .venv-test/bin/python benchmarks/bench_serve.py [--sessions 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
BARE_SERVER = """
import sys
from textual_serve.server import Server
Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2])).serve()
"""
BARE_APP = "from textual.app import App\nApp().run()\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _group_rss_mib(pgid: int) -> tuple[float, int]:
    """Summed RSS of every process in the group, and how many there are."""
    total, count = 0, 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != pgid:
                continue
            with open(f"/proc/{entry}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        count += 1
        except (OSError, ProcessLookupError):
            continue
    return total / 1024, count


async def _open_sessions(url: str, count: int) -> tuple[list[aiohttp.ClientWebSocketResponse],
                                                         aiohttp.ClientSession, float]:
    client = aiohttp.ClientSession()
    started = time.monotonic()

    async def one() -> aiohttp.ClientWebSocketResponse:
        ws = await client.ws_connect(url.replace("http://", "ws://") + "ws?width=80&height=24")
        await ws.send_json(["resize", {"width": 80, "height": 24}])
        received = 0
        while received < 2_000:  # a first screen's worth of bytes
            message = await ws.receive()
            if message.type != aiohttp.WSMsgType.BINARY:
                raise RuntimeError(f"session ended early: {message.type}")
            received += len(message.data)
        return ws

    sockets = await asyncio.gather(*(one() for _ in range(count)))
    return list(sockets), client, time.monotonic() - started


def _measure(argv: list[str], env: dict[str, str], port: int, sessions: int) -> dict[str, float]:
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)
        alone, _ = _group_rss_mib(process.pid)

        async def run() -> dict[str, float]:
            sockets, client, elapsed = await _open_sessions(url, sessions)
            await asyncio.sleep(2.0)  # let every app settle after its first paint
            total, processes = _group_rss_mib(process.pid)
            for ws in sockets:
                await ws.close()
            await client.close()
            return {"alone": alone, "total": total, "processes": processes,
                    "per_session": (total - alone) / sessions, "first_screens_s": elapsed}

        return asyncio.run(run())
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CONFIG_HOME": f"{tmp}/config", "XDG_DATA_HOME": f"{tmp}/data"}
        port = _free_port()
        bare_cmd = shlex.join([sys.executable, "-c", BARE_APP])
        bare = _measure([sys.executable, "-c", BARE_SERVER, bare_cmd, str(port)], env, port,
                        args.sessions)
        port = _free_port()
        ours = _measure([sys.executable, "-m", "trainer", "--db", f"{tmp}/attempts.db", "serve",
                         "--port", str(port)], env, port, args.sessions)
    print(f"{args.sessions} sessions at once, 80x24, on 127.0.0.1")
    print(f"{'':28}{'bare Textual app':>18}{'sales-trainer':>16}{'ratio':>8}")
    for key, label, unit in (("alone", "server alone", "MiB"),
                             ("per_session", "per session", "MiB"),
                             ("total", "all sessions open", "MiB"),
                             ("first_screens_s", "every first screen", "s")):
        ratio = ours[key] / bare[key] if bare[key] else float("nan")
        print(f"{label + ' (' + unit + ')':28}{bare[key]:>18.1f}{ours[key]:>16.1f}{ratio:>7.2f}x")
    print(f"processes in the group: bare {bare['processes']:.0f}, ours {ours['processes']:.0f}")


if __name__ == "__main__":
    main()
