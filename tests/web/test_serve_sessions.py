"""`serve` under 20 concurrent browser sessions on 127.0.0.1: each gets its own app and its
own screen, and the page still answers afterwards."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable

import aiohttp

from .conftest import Served

SESSIONS = 20
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[@-Z\\-_=>]")


async def _session(base: str, number: int) -> tuple[float, str]:
    """Opens one session like a browser tab, waits for the name prompt to settle, types a name
    and waits for the library to greet that name; returns the time to the first prompt."""
    started = time.monotonic()
    url = base.replace("http://", "ws://") + "ws?width=80&height=24"
    name = f"Tab{number:02d}"
    screen: list[str] = []

    async def read(ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                screen.append(_ESCAPES.sub("", message.data.decode("utf-8", "replace")))

    async def until(found: Callable[[], bool]) -> None:
        while not found():
            if reader.done():
                raise AssertionError(f"session {number} ended: {''.join(screen)[-300:]!r}")
            await asyncio.sleep(0.1)

    async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:
        reader = asyncio.create_task(read(ws))
        await ws.send_json(["resize", {"width": 80, "height": 24}])
        await until(lambda: "What's your name?" in "".join(screen))
        first = time.monotonic() - started
        # Keys sent while the app is still starting would go to the filter behind the
        # prompt: wait until the screen has been quiet for a second.
        while True:
            before = len(screen)
            await asyncio.sleep(1.0)
            if len(screen) == before:
                break
        typed_at = len(screen)
        await ws.send_json(["focus"])
        for key in name + "\r":
            await ws.send_json(["stdin", key])
        await until(lambda: name in "".join(screen[typed_at:]))
        await ws.close()
        reader.cancel()
    return first, name


async def _all(base: str) -> list[tuple[float, str]]:
    return await asyncio.wait_for(
        asyncio.gather(*(_session(base, n) for n in range(SESSIONS))), timeout=240)


def test_twenty_sessions_at_once_each_get_their_own_app(served: Served) -> None:
    results = asyncio.run(_all(served.url))
    assert sorted(name for _, name in results) == [f"Tab{n:02d}" for n in range(SESSIONS)]
    import urllib.request

    with urllib.request.urlopen(served.url, timeout=10) as page:
        assert page.status == 200
    assert served.process.poll() is None
