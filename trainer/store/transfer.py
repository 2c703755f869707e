"""Attempts as JSON lines: one attempt per line (attempt, turns, scorecard, scenario text).

Every line names its format and version so a file can be checked before anything is written,
and a file from a newer sales-trainer is refused instead of half understood.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from trainer.store.errors import StoreError
from trainer.store.records import AttemptDetail, AttemptSummary

FORMAT = "sales-trainer-attempt"
VERSION = 1
MAX_REPORTED = 5


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class TurnLine(_Strict):
    index: int = Field(ge=0)
    speaker: Literal["trainee", "prospect"]
    text: str
    node: str | None = None
    created_at: datetime
    meta: dict[str, Any] | None = None
    rewound: bool = False

    @field_validator("created_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return _aware(value)


class AttemptLine(_Strict):
    id: str = Field(min_length=1, max_length=36)
    trainee: str = Field(min_length=1, max_length=200)
    scenario_id: str = Field(min_length=1, max_length=80)
    scenario_version: int = Field(ge=1)
    scenario_hash: str = Field(min_length=1, max_length=64)
    title: str
    language: str = Field(max_length=8)
    mode: Literal["coach", "exam"]
    started_at: datetime
    ended_at: datetime | None = None
    outcome: str | None = Field(default=None, max_length=80)
    result: Literal["win", "loss", "neutral"] | None = None
    total: float | None = None
    passed: bool | None = None
    criteria: dict[str, float] = Field(default_factory=dict)

    @field_validator("started_at", "ended_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return _aware(value) if value is not None else None


class Record(_Strict):
    format: Literal["sales-trainer-attempt"]
    version: int
    attempt: AttemptLine
    turns: list[TurnLine] = Field(default_factory=list)
    scorecard: dict[str, Any] | None = None
    scenario_source: str | None = None


def to_line(detail: AttemptDetail) -> str:
    s = detail.summary
    attempt = s.to_dict()
    attempt.pop("status")
    record = {
        "format": FORMAT,
        "version": VERSION,
        "attempt": attempt,
        "turns": detail.turns,
        "scorecard": detail.scorecard,
        "scenario_source": detail.source_text,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def parse_line(text: str) -> AttemptDetail:
    """One line → an attempt; ValueError with a short reason when the line is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("format") != FORMAT:
        raise ValueError(f"not a sales-trainer attempt (format is {data.get('format')!r})")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ValueError(
            f"format version {version} is newer than this sales-trainer reads ({VERSION})"
        )
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(line)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ValueError(f"{where}: {first['msg']}{more}") from None
    if record.version != VERSION:
        raise ValueError(f"unknown format version {record.version}")
    a = record.attempt
    if record.scenario_source is not None:
        digest = hashlib.sha256(record.scenario_source.encode("utf-8")).hexdigest()
        if digest != a.scenario_hash:
            raise ValueError("scenario_source does not match attempt.scenario_hash")
    if a.ended_at is None and a.total is not None:
        raise ValueError("attempt has a total but no ended_at")
    summary = AttemptSummary(
        id=a.id,
        trainee=a.trainee,
        scenario_id=a.scenario_id,
        scenario_version=a.scenario_version,
        title=a.title,
        language=a.language,
        mode=a.mode,
        started_at=a.started_at,
        ended_at=a.ended_at,
        outcome=a.outcome,
        result=a.result,
        total=a.total,
        passed=a.passed,
        criteria=dict(a.criteria),
        scenario_hash=a.scenario_hash,
    )
    turns = [{**t.model_dump(), "created_at": t.created_at.isoformat()} for t in record.turns]
    return AttemptDetail(summary, turns, record.scorecard, record.scenario_source)


def parse_lines(lines: Iterable[str], name: str) -> list[AttemptDetail]:
    """Every line checked first; any bad line → StoreError naming it, and nothing is returned."""
    details: list[AttemptDetail] = []
    problems: list[str] = []
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        count += 1
        try:
            details.append(parse_line(line))
        except ValueError as exc:
            problems.append(f"{name}:{number}: {exc}")
    if problems:
        shown = "; ".join(problems[:MAX_REPORTED])
        rest = len(problems) - MAX_REPORTED
        extra = f"; and {rest} more bad line(s)" if rest > 0 else ""
        raise StoreError(f"{shown}{extra} — nothing was imported")
    return details


def dump(details: Iterable[AttemptDetail]) -> Iterator[str]:
    for detail in details:
        yield to_line(detail) + "\n"
