"""End to end in a real browser: Debian's headless Chromium, driven by Playwright, opens the
served page, names the trainee, opens a scenario, types a reply and sees the prospect answer.

The screen is drawn on a canvas, so what the browser received is read from the WebSocket
frames the page got (the same bytes xterm.js draws)."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest

from trainer.engine.playthrough import play
from trainer.scenario.library import builtin_dir
from trainer.scenario.loader import load_file

from .conftest import Served

CHROMIUM_FLAGS = [
    # As root the sandbox cannot start; the network flags keep Chromium from calling home on a
    # closed network, which it would otherwise retry at every start.
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
_ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\"
    r"|\x1b[@-Z\\-_=>]"
)


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists(
        "/usr/bin/chromium") else None)
    if found is None:
        reason = "Chromium is not installed (apt-get install chromium; scripts/ensure-chromium.sh)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {reason}", pytrace=False)
        pytest.skip(reason)
    return found


class Screen:
    """Everything the browser was sent, as text without terminal escapes."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.chunks: list[str] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        self.chunks.append(payload if isinstance(payload, str)
                           else payload.decode("utf-8", "replace"))

    def text(self) -> str:
        return _ESCAPES.sub("", "".join(self.chunks))

    def wait_for(self, *wanted: str, since: int = 0, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = self.text()[since:]
            hit = next((w for w in wanted if w in seen), None)
            if hit is not None:
                return hit
            # Playwright delivers events only while it is called: wait through it, not sleep.
            self.page.wait_for_timeout(200)
        raise AssertionError(f"the browser never showed any of {wanted!r}; "
                             f"last: {self.text()[-600:]!r}")


@pytest.fixture
def browser_page() -> Iterator[Any]:
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser.new_page(viewport={"width": 1200, "height": 800})
        finally:
            browser.close()


def test_a_trainee_plays_a_reply_in_the_browser(served: Served, browser_page: Any) -> None:
    reply = "Hi Mike, this is Ola from NordParts. Do you have two minutes?"
    scenario = load_file(next(builtin_dir().rglob("cold-call-car-parts.yaml"))).scenario
    # Whatever seed the browser's session drew, its opening and answer are among these.
    runs = [play(scenario, [reply], seed=seed) for seed in range(40)]
    opening = {line[:24] for run in runs for line in run.opening}
    answers = {line[:24] for run in runs for line in run.steps[0].result.lines} - opening
    screen = Screen(browser_page)
    browser_page.goto(served.url)
    screen.wait_for("What's your name?")
    # A click anywhere on the page, as a new hire would, then typing goes to the name field.
    browser_page.locator("#terminal").click(position={"x": 8, "y": 8})
    browser_page.keyboard.type("Ola Browser")
    browser_page.keyboard.press("Enter")
    screen.wait_for("Ola Browser")
    browser_page.keyboard.type("brake parts")
    screen.wait_for("independent garage")
    browser_page.keyboard.press("Enter")
    screen.wait_for(*opening)
    before = len(screen.text())
    browser_page.keyboard.type(reply)
    browser_page.keyboard.press("Enter")
    screen.wait_for("Understood as", since=before)
    assert answers
    screen.wait_for(*answers, since=before)
