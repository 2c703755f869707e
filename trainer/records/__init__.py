"""Records users hand the trainer, validated by one set of pydantic models at every boundary."""

from trainer.records.transcript import (
    MAX_NAME_CHARS,
    MAX_REVEALED,
    MAX_TEXT_CHARS,
    MAX_TURNS,
    ReplyLine,
    Transcript,
    TranscriptTurn,
    describe_error,
)

__all__ = [
    "MAX_NAME_CHARS",
    "MAX_REVEALED",
    "MAX_TEXT_CHARS",
    "MAX_TURNS",
    "ReplyLine",
    "Transcript",
    "TranscriptTurn",
    "describe_error",
]
