"""A transcript to grade, and one `score --jsonl` line: the shapes users write by hand.

Strict on purpose: nothing is coerced, so `hint_used: "no"` is an error rather than a hint
used, and `revealed: "abc"` is an error rather than three needs. Sizes are bounded so a
transcript costs a known, small amount of grading.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from trainer.records.text import valid_unicode

MAX_TEXT_CHARS = 20_000  # the scorer cuts longer replies; refusing beats a silent cut
MAX_NAME_CHARS = 200
MAX_TURNS = 1_000  # a long real call has ~60; grading 1,000 takes well under a second
MAX_REVEALED = 100


def _known_lang(value: str) -> str:
    from scoring import available_languages

    langs = available_languages()
    if value not in langs:
        raise ValueError(f"unsupported lang {value[:20]!r}; use {' or '.join(langs)}")
    return value


def _known_objection(value: str) -> str:
    from scoring import OBJECTION_TYPES

    if value not in OBJECTION_TYPES:
        raise ValueError(
            f"unknown objection type {value[:40]!r}; expected one of {', '.join(OBJECTION_TYPES)}"
        )
    return value


Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS), AfterValidator(valid_unicode)]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_NAME_CHARS),
    AfterValidator(valid_unicode),
]
Lang = Annotated[str, StringConstraints(max_length=16), AfterValidator(_known_lang)]
Objection = Annotated[str, StringConstraints(max_length=64), AfterValidator(_known_objection)]


class TranscriptTurn(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    speaker: Literal["trainee", "prospect"]
    text: Text
    node: Name | None = None
    objection: Objection | None = None
    revealed: list[Name] | None = Field(default=None, max_length=MAX_REVEALED)
    hint_used: bool = False

    def to_turn(self) -> Any:
        """The scorer's own Turn (imported late: `scoring` loads only when grading)."""
        from scoring import Turn

        return Turn(
            speaker=self.speaker,
            text=self.text,
            node=self.node,
            objection=self.objection,
            revealed=tuple(self.revealed) if self.revealed is not None else None,
            hint_used=self.hint_used,
        )


class Transcript(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    scenario: Name | None = None
    lang: Lang | None = None
    # How the call ended: a call the prospect walked away from cannot pass.
    outcome: Literal["win", "neutral", "loss", "hung_up"] | None = None
    turns: list[TranscriptTurn] = Field(min_length=1, max_length=MAX_TURNS)


class ReplyLine(BaseModel):
    """One `score --jsonl` line. Other keys are ignored, so lines may carry ids or
    expectations (as the scoring dev set does) alongside what is scored."""

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")

    text: Text
    lang: Lang = "en"
    prospect: Text | None = None
    objection: Objection | None = None
    prospect_name: Name | None = None

    def context(self) -> dict[str, Any]:
        return {
            "prospect_line": self.prospect,
            "objection": self.objection,
            "prospect_name": self.prospect_name,
        }


_MODELS: dict[str, type[BaseModel]] = {
    m.__name__: m for m in (Transcript, TranscriptTurn, ReplyLine)
}


def _label(part: str | int) -> str:
    if isinstance(part, int):
        return f"[{part}]"
    if part.isidentifier() and part.isascii():
        return part
    return repr(part[:40])


def _location(loc: tuple[str | int, ...]) -> str:
    # ("turns", 3, "revealed", 0) reads "turn 4: revealed[0]": turns are counted from 1,
    # as people count them.
    parts = list(loc)
    head = ""
    if len(parts) >= 2 and parts[0] == "turns" and isinstance(parts[1], int):
        head = f"turn {parts[1] + 1}"
        parts = parts[2:]
    rest = ""
    for part in parts:
        label = _label(part)
        rest += label if label.startswith("[") or not rest else "." + label
    return ": ".join(p for p in (head, rest) if p)


def describe_error(exc: ValidationError) -> str:
    """The first problem as one line ("turn 2: hint_used: Input should be a valid boolean"),
    with a count of the others."""
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return "invalid"
    first = errors[0]
    loc = tuple(first["loc"])
    msg = str(first["msg"]).removeprefix("Value error, ")
    if loc == ("turns",) and first["type"] in ("missing", "too_short"):
        msg, loc = "a transcript needs a non-empty 'turns' list", ()
    elif first["type"] == "extra_forbidden":
        model = _MODELS.get(exc.title)
        if model is not None and loc[:1] == ("turns",) and len(loc) > 2:
            model = TranscriptTurn
        known = f"; expected {', '.join(model.model_fields)}" if model is not None else ""
        msg = f"unknown key{known}"
    where = _location(loc)
    text = f"{where}: {msg}" if where else msg
    more = len(errors) - 1
    if more:
        text += f" (and {more} more problem{'s' if more > 1 else ''})"
    return " ".join(text.split())
