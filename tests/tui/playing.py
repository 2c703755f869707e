"""Helpers that drive the app the way a trainee does."""

from __future__ import annotations

from textual.pilot import Pilot

from trainer.tui.screens.call import CallScreen
from trainer.tui.widgets.history_input import HistoryInput

# The starter scenario's own "strong rep" playthrough.
STRONG = [
    "Hi Mike, this is Sam from NordParts, I know I'm calling out of the blue. "
    "Do you have two minutes?",
    "Thanks. How do you order your parts at the moment?",
    "What works less well than you'd like with your current supplier, on deliveries for example?",
    "What happens in the workshop when a brake part arrives late?",
    "If parts came next morning and right first time, what would that mean for you?",
    "That's a fair concern. Apart from list price, what do late or wrong parts cost you today?",
    "Could we meet on Thursday at 10 at the garage? I'll bring a comparison of your top 20 parts.",
]


async def start_call(pilot: Pilot[None]) -> CallScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen), screen
    return screen


async def say(pilot: Pilot[None], text: str) -> None:
    """Paste-like: set the whole reply, then press Enter. When that reply ends the call, the
    trainee reads the ending and presses Enter again for the scorecard, as the banner asks."""
    screen = pilot.app.screen
    field = screen.query_one("#reply", HistoryInput)
    field.value = text
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(screen, CallScreen) and screen.awaiting_scorecard:
        await pilot.press("enter")
        await pilot.pause()
