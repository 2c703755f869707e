"""What an attempt, its turns and its scorecard may hold: one set of pydantic models and limits.

The same models check an attempt when it is written (start, turn, finish), when it comes in
through `import`, and when a row is read back from the database. So whatever `export` can
write, `import` can read, and a damaged row is found before it reaches a report or a screen.

Limits follow the columns (in characters, as PostgreSQL counts them) and, for free text and
JSON, bytes as an export line spells them; a line's size is therefore bounded by construction
(LINE_BYTES), which is what lets `import` refuse a longer line without reading on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from trainer.records.text import valid_unicode
from trainer.scenario.models import CRITERIA

FORMAT = "sales-trainer-attempt"
SCENARIO_FORMAT = "sales-trainer-scenario"
# 2: a scenario's text is written once, on a line of its own, before the first attempt that
# was played on it; attempt lines then leave it out. Version 1 files (the text on every
# attempt line) are still read.
VERSION = 2

KIB = 1024
MIB = 1024 * KIB
# Characters, as the columns hold them (schema.py).
ID_CHARS = 36
TRAINEE_CHARS = 200
SCENARIO_ID_CHARS = 80
HASH_CHARS = 64
LANGUAGE_CHARS = 8
OUTCOME_CHARS = 80
NODE_CHARS = 80
NAME_CHARS = 200  # rule, need and criterion names inside a scorecard
# Bytes as written in an export line (UTF-8, JSON escapes included).
TITLE_BYTES = 4 * KIB
TEXT_BYTES = 8 * KIB  # one turn: a reply of well over a thousand words
META_BYTES = 48 * KIB  # a turn's analysis quotes its sentences and questions again
QUOTE_BYTES = 1 * KIB
SCORECARD_BYTES = 1 * MIB
SOURCE_BYTES = 12 * MIB  # the scenario loader's 2 MiB, with room for JSON escapes
MAX_TURNS = 1_000  # 200 replies (the most a scenario allows), their answers and rewinds
MAX_ITEMS = 5_000  # evidence entries, names and turn numbers in one scorecard list
JSON_DEPTH = 32
INT32_MAX = 2**31 - 1  # INTEGER columns on PostgreSQL
JSON_INT_MAX = 2**63 - 1
# Well inside datetime's range at both ends, so time-zone offsets and date arithmetic on a
# stored date cannot overflow (year 1 at +05:00 would).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)

_ATTEMPT_BYTES = 64 * KIB  # every attempt field together, title included
_TURN_BYTES = 1 * KIB  # a turn's keys, index, node and date
LINE_BYTES = (
    _ATTEMPT_BYTES
    + MAX_TURNS * (TEXT_BYTES + META_BYTES + _TURN_BYTES)
    + SCORECARD_BYTES
    + SOURCE_BYTES
)


def encoded_size(value: Any) -> int:
    """Bytes `value` takes in an export line; ValueError for what JSON or UTF-8 cannot hold."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValueError("contains a lone surrogate, which is not text") from None
    except RecursionError:
        raise ValueError(f"is nested deeper than {JSON_DEPTH} levels") from None
    except (TypeError, ValueError):
        raise ValueError("is not JSON data (or holds a number that is not finite)") from None


def check_json(value: Any, max_bytes: int, depth: int = JSON_DEPTH) -> Any:
    """Plain JSON within a depth and a byte budget: finite numbers, 64-bit ints, text keys."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    push = stack.append
    while stack:
        item, level = stack.pop()
        if isinstance(item, str | bool) or item is None:
            continue
        if level > depth:
            raise ValueError(f"is nested deeper than {depth} levels")
        children: Any
        if isinstance(item, dict):
            # set(map(type, ...)) runs in C; only a dict with other keys takes the long look.
            if not set(map(type, item)) <= {str} and not all(isinstance(k, str) for k in item):
                raise ValueError("has a key that is not text")
            children = item.values()
        elif isinstance(item, list | tuple):  # a tuple is written as an array
            children = item
        elif isinstance(item, int):
            if not -JSON_INT_MAX <= item <= JSON_INT_MAX:
                raise ValueError("holds an integer beyond 64 bits")
            continue
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                raise ValueError("holds a number that is not finite (NaN or Infinity)")
            continue
        else:
            raise ValueError(f"holds a {type(item).__name__}, which is not JSON")
        below = level + 1
        # Plain leaves that pass are settled here (most of a document, and this loop is what
        # export and import spend their time in); anything else is looked at above.
        for child in children:
            kind = type(child)
            if kind is str or kind is bool or child is None:
                continue
            if below <= depth:
                if kind is int and -JSON_INT_MAX <= child <= JSON_INT_MAX:
                    continue
                if kind is float and child - child == 0.0:  # NaN and ±Infinity give NaN
                    continue
            push((child, below))
    size = encoded_size(value)
    if size > max_bytes:
        raise ValueError(f"is {size:,} bytes; the limit is {max_bytes:,}")
    return value


# A reader that parsed a row's JSON from text with pydantic_core.from_json (which refuses NaN,
# Infinity and lone surrogates) and found the text short (or plain) passes this context: what
# the scorecard's budget (or check_json) would compute is then known to pass, and is skipped.
# Reading rows back for an export spent most of its time in those checks.
SHORT_TEXT = {"short_json_text": True}
PLAIN_TEXT = {"short_json_text": True, "plain_json_text": True}
# A digit that starts a run of 19 (more than 64 bits) or a 3-digit exponent; starting with
# a digit lets the regex engine skip every other character fast.
_LONG_NUMBER = re.compile(r"[0-9](?:[0-9]{18}|[eE][+-]?[0-9]{3})")


def short_json_text(text: str, max_bytes: int) -> bool:
    """Whether JSON parsed from `text` is certainly within `max_bytes` once written compactly:
    strings never grow (escapes only shrink, UTF-8 is kept), numbers grow at most 4.5 times
    (1e15 is written 1000000000000000.0), and a character is at most 4 bytes of UTF-8."""
    return len(text) * 18 <= max_bytes


def plain_json_text(text: str, max_bytes: int, depth: int = JSON_DEPTH) -> bool:
    """Whether JSON parsed from `text` certainly passes check_json: short enough, fewer
    brackets than `depth` (so no value sits deeper), and no run of 19 digits or 3-digit
    exponent (so every integer fits 64 bits and every float is finite)."""
    return (
        short_json_text(text, max_bytes)
        and text.count("{") + text.count("[") < depth
        and _LONG_NUMBER.search(text) is None
    )


def _vouched(info: ValidationInfo, what: str) -> bool:
    return bool(info.context) and info.context.get(what) is True


def _within(max_bytes: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) * 6 <= max_bytes:  # even all escapes (\u001b is 6 bytes) fit
            return value
        size = encoded_size(value) - 2  # the quotes around it belong to the line
        if size > max_bytes:
            raise ValueError(f"is {size:,} bytes; the limit is {max_bytes:,}")
        return value

    return check


def _json_object(max_bytes: int) -> Callable[[dict[str, Any], ValidationInfo], dict[str, Any]]:
    def check(value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        if _vouched(info, "plain_json_text"):
            return value
        return check_json(value, max_bytes)  # type: ignore[no-any-return]

    return check


def _moment(value: Any) -> Any:
    """ISO text (or a datetime, from PostgreSQL) → aware UTC within EARLIEST..LATEST."""
    if isinstance(value, str):
        if len(value) > 64:
            raise ValueError("is not an ISO date and time")
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("is not an ISO date and time") from None
    if isinstance(value, datetime):
        try:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError:
            raise ValueError("is out of the range of dates") from None
        if not EARLIEST <= value < LATEST:
            raise ValueError(f"is outside the years {EARLIEST.year}-{LATEST.year - 1}")
    return value


def _criterion(value: str) -> str:
    if value not in CRITERIA:
        raise ValueError(f"is not a criterion ({', '.join(CRITERIA)})")
    return value


def _chars(most: int, least: int = 0) -> StringConstraints:
    return StringConstraints(min_length=least, max_length=most)


def _bytes(most: int) -> AfterValidator:
    return AfterValidator(_within(most))


_Unicode = AfterValidator(valid_unicode)
Id = Annotated[str, _chars(ID_CHARS, 1), _Unicode]
Trainee = Annotated[str, _chars(TRAINEE_CHARS, 1), _Unicode]
ScenarioId = Annotated[str, _chars(SCENARIO_ID_CHARS, 1), _Unicode]
Hash = Annotated[str, _chars(HASH_CHARS, 1), _Unicode]
Language = Annotated[str, _chars(LANGUAGE_CHARS), _Unicode]
Outcome = Annotated[str, _chars(OUTCOME_CHARS), _Unicode]
Node = Annotated[str, _chars(NODE_CHARS), _Unicode]
Name = Annotated[str, _chars(NAME_CHARS), _Unicode]
Title = Annotated[str, _Unicode, _bytes(TITLE_BYTES)]
Text = Annotated[str, _Unicode, _bytes(TEXT_BYTES)]
Quote = Annotated[str, _Unicode, _bytes(QUOTE_BYTES)]
Source = Annotated[str, _Unicode, _bytes(SOURCE_BYTES)]
Moment = Annotated[datetime, BeforeValidator(_moment)]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Points = Annotated[float, Field(ge=-1000, le=1000, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=INT32_MAX)]
Criterion = Annotated[str, AfterValidator(_criterion)]
Meta = Annotated[dict[str, Any], AfterValidator(_json_object(META_BYTES))]


class _Strict(BaseModel):
    # Strict: nothing is coerced ("1" is not 1, 1 is not true), and unknown keys are refused.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class EvidenceModel(_Strict):
    turn: Count
    quote: Quote
    rule: Name
    points: Points
    criterion: Name


class CriterionModel(_Strict):
    score: Score
    evidence: list[EvidenceModel] = Field(default_factory=list, max_length=MAX_ITEMS)
    applicable: bool = True
    weight: Score = 0.0


class TalkModel(_Strict):
    trainee_share: Share
    questions: Count
    open_share: Share
    longest_reply_words: Count
    turns: Count


class ScorecardModel(_Strict):
    """A scorecard as `Scorecard.to_dict()` writes it; every key may be missing, none wrong."""

    criteria: dict[Criterion, CriterionModel] = Field(default_factory=dict)
    total: Score | None = None
    passed: bool = False
    pass_mark: Annotated[int, Field(ge=0, le=100)] = 70
    must_broken: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    must_checked: dict[Name, bool] = Field(default_factory=dict, max_length=MAX_ITEMS)
    evidence: list[EvidenceModel] = Field(default_factory=list, max_length=MAX_ITEMS)
    needs_found: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    needs_missed: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    talk: TalkModel | None = None
    premature_close: bool = False
    hints_used: Count = 0
    weakest_turns: list[Count] = Field(default_factory=list, max_length=MAX_ITEMS)
    lang: Language = "en"
    grader: Annotated[str, Field(max_length=40)] = ""

    @model_validator(mode="before")
    @classmethod
    def _budget(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict) and not _vouched(info, "short_json_text"):
            size = encoded_size(data)
            if size > SCORECARD_BYTES:
                raise ValueError(f"is {size:,} bytes; the limit is {SCORECARD_BYTES:,}")
        return data


class FullScorecardModel(ScorecardModel):
    """Every key `Scorecard.from_dict()` needs, so a screen can rebuild the scorecard."""

    criteria: dict[Criterion, CriterionModel]
    total: Score
    passed: bool
    talk: TalkModel


class AttemptLine(_Strict):
    id: Id
    trainee: Trainee
    scenario_id: ScenarioId
    scenario_version: Annotated[int, Field(ge=1, le=INT32_MAX)]
    scenario_hash: Hash
    title: Title
    language: Language
    mode: Literal["coach", "exam"]
    started_at: Moment
    ended_at: Moment | None = None
    outcome: Outcome | None = None
    result: Literal["win", "loss", "neutral"] | None = None
    total: Score | None = None
    passed: bool | None = None
    criteria: dict[Criterion, Score] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _finished(self) -> AttemptLine:
        # A total is what finishing writes; without an end it would read as "in progress".
        if self.ended_at is None and self.total is not None:
            raise ValueError("attempt has a total but no ended_at")
        return self


class TurnLine(_Strict):
    index: Count
    speaker: Literal["trainee", "prospect"]
    text: Text
    node: Node | None = None
    created_at: Moment
    meta: Meta | None = None
    rewound: bool = False


class Record(_Strict):
    """One export line."""

    format: Literal["sales-trainer-attempt"]
    version: int
    attempt: AttemptLine
    turns: list[TurnLine] = Field(default_factory=list, max_length=MAX_TURNS)
    scorecard: ScorecardModel | None = None
    scenario_source: Source | None = None


class ScenarioLine(_Strict):
    """One scenario version's text, for the attempts after it that name its hash."""

    format: Literal["sales-trainer-scenario"]
    version: int
    hash: Hash
    text: Source


# Single values checked on their own (a turn index list, an outcome) with the same types.
OUTCOME: TypeAdapter[str] = TypeAdapter(Outcome)
INDICES: TypeAdapter[list[int]] = TypeAdapter(list[Count])
SOURCE: TypeAdapter[str] = TypeAdapter(Source)
TRAINEE: TypeAdapter[str] = TypeAdapter(Trainee)


def _shown(part: Any, most: int = 40) -> str:
    # A key of the record is the writer's text: newlines or escapes in it stay visible
    # and cannot break the one-line message.
    text = str(part)
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= most else text[: most - 1] + "…"


def describe(exc: ValidationError, prefix: str = "") -> str:
    """The first problem as 'where: what', and how many more there are."""
    first = exc.errors(include_url=False)[0]
    where = ".".join(_shown(p) for p in (*([prefix] if prefix else []), *first["loc"]))
    message = _shown(str(first["msg"]).removeprefix("Value error, "), 300)
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where or '(record)'}: {message}{more}"
