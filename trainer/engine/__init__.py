"""The call engine: one conversation with a scripted prospect, driven one reply at a time.

The TUI, the command line and the tests all drive it the same way; it knows nothing of any UI.
"""

from trainer.engine.call import ENDED_EARLY, SAID_GOODBYE, Call
from trainer.engine.observer import CallObserver
from trainer.engine.results import (
    FallbackInfo,
    Match,
    NeedReveal,
    OutcomeInfo,
    TranscriptEntry,
    TurnResult,
)

__all__ = [
    "ENDED_EARLY",
    "SAID_GOODBYE",
    "Call",
    "CallObserver",
    "FallbackInfo",
    "Match",
    "NeedReveal",
    "OutcomeInfo",
    "TranscriptEntry",
    "TurnResult",
]
