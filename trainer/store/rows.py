"""Between the models and the records the store hands out, in both directions.

Rows are read raw (no SQLAlchemy type conversion), then checked with the same models as an
export line: a date that is not a date, a total that is text, JSON that does not parse or a
BLOB where a name should be is found here, per row, instead of failing halfway through a
listing. SQLite hands back dates as text, booleans as 0/1 and JSON as text; PostgreSQL hands
back the real types; both go through the same checks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import TypeAdapter, ValidationError
from pydantic_core import from_json

from trainer.scenario.models import CRITERIA
from trainer.store.errors import StoreError
from trainer.store.models import (
    META_BYTES,
    PLAIN_TEXT,
    SCORECARD_BYTES,
    SHORT_TEXT,
    SOURCE,
    AttemptLine,
    ScorecardModel,
    TurnLine,
    describe,
    plain_json_text,
    short_json_text,
)
from trainer.store.records import AttemptDetail, AttemptSummary

_RAW = sa.types.NullType()
_TURN_LINES: TypeAdapter[list[TurnLine]] = TypeAdapter(list[TurnLine])


def raw_columns(table: sa.Table, *, without: tuple[str, ...] = ()) -> list[Any]:
    """The table's columns, labelled by name, handed back exactly as the driver reads them."""
    return [sa.type_coerce(c, _RAW).label(c.name) for c in table.c if c.name not in without]


def label(value: Any) -> str:
    """An attempt id as a message may show it, even when the id itself is damaged."""
    text = value if isinstance(value, str) else repr(value)
    shown = ascii(text)[1:-1]
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _flag(value: Any) -> Any:
    # SQLite keeps booleans as 0/1; anything else is left for the model to refuse.
    if type(value) is int and value in (0, 1):
        return bool(value)
    return value


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return from_json(value, allow_inf_nan=False)
        except ValueError:
            raise ValueError("is not valid JSON") from None
    return value


def summary_of(line: AttemptLine) -> AttemptSummary:
    return AttemptSummary(
        id=line.id,
        trainee=line.trainee,
        scenario_id=line.scenario_id,
        scenario_version=line.scenario_version,
        title=line.title,
        language=line.language,
        mode=line.mode,
        started_at=line.started_at,
        ended_at=line.ended_at,
        outcome=line.outcome,
        result=line.result,
        total=line.total,
        passed=line.passed,
        criteria=dict(line.criteria),
        scenario_hash=line.scenario_hash,
    )


def turn_of(line: TurnLine) -> dict[str, Any]:
    return {
        "index": line.index,
        "speaker": line.speaker,
        "text": line.text,
        "node": line.node,
        "created_at": line.created_at.isoformat(),
        "meta": line.meta,
        "rewound": line.rewound,
    }


def summary_from_row(row: Mapping[str, Any]) -> AttemptSummary:
    """ValueError naming the first bad field, for a row no export line could hold."""
    data = {
        "id": row["id"],
        "trainee": row["trainee"],
        "scenario_id": row["scenario_id"],
        "scenario_version": row["scenario_version"],
        "scenario_hash": row["scenario_hash"],
        "title": row["title"],
        "language": row["language"],
        "mode": row["mode"],
        "started_at": row["started_at"],
        "ended_at": row["ended_at"],
        "outcome": row["outcome"],
        "result": row["result"],
        "total": row["total"],
        "passed": _flag(row["passed"]),
        "criteria": {name: row[name] for name in CRITERIA if row[name] is not None},
    }
    try:
        return summary_of(AttemptLine.model_validate(data))
    except ValidationError as exc:
        raise ValueError(describe(exc)) from None


def _turn_data(row: Mapping[str, Any], seq: int) -> tuple[dict[str, Any], bool]:
    """A turn row as a TurnLine's input, and whether its meta text is plain (models.py)."""
    raw = row["meta"]
    try:
        meta = _json(raw)
    except ValueError as exc:
        raise ValueError(f"turns.{seq}.meta: {exc}") from None
    data = {
        "index": row["idx"],
        "speaker": row["speaker"],
        "text": row["text"],
        "node": row["node"],
        "created_at": row["created_at"],
        "meta": meta,
        "rewound": _flag(row["rewound"]),
    }
    return data, isinstance(raw, str) and plain_json_text(raw, META_BYTES)


def turn_from_row(row: Mapping[str, Any], seq: int) -> dict[str, Any]:
    data, plain = _turn_data(row, seq)
    try:
        return turn_of(TurnLine.model_validate(data, context=PLAIN_TEXT if plain else None))
    except ValidationError as exc:
        raise ValueError(describe(exc, f"turns.{seq}")) from None


def turns_from_rows(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """An attempt's turn rows, checked as turn_from_row checks each (the same errors), in one
    call to the models when every meta is plain: an export reads a million turns."""
    found = [_turn_data(row, seq) for seq, row in enumerate(rows)]
    if not all(plain for _, plain in found):
        return [turn_from_row(row, seq) for seq, row in enumerate(rows)]
    try:
        lines = _TURN_LINES.validate_python([data for data, _ in found], context=PLAIN_TEXT)
    except ValidationError as exc:
        raise ValueError(describe(exc, "turns")) from None
    return [turn_of(line) for line in lines]


def scorecard_from_value(value: Any) -> dict[str, Any] | None:
    """The stored scorecard, checked; handed back as stored so an export is byte-exact."""
    try:
        card = _json(value)
    except ValueError as exc:
        raise ValueError(f"scorecard: {exc}") from None
    if card is None:
        return None
    short = isinstance(value, str) and short_json_text(value, SCORECARD_BYTES)
    try:
        ScorecardModel.model_validate(card, context=SHORT_TEXT if short else None)
    except ValidationError as exc:
        raise ValueError(describe(exc, "scorecard")) from None
    return card  # type: ignore[no-any-return]


def source_matches(text: Any, scenario_hash: str) -> bool:
    """A snapshot is served under its hash to every attempt of that scenario text: a damaged
    one must not travel on in an export that `import` would then refuse."""
    try:
        SOURCE.validate_python(text, strict=True)
    except ValidationError:
        return False
    return hashlib.sha256(text.encode("utf-8")).hexdigest() == scenario_hash


def validated(model: Any, data: Any, doing: str, prefix: str = "") -> Any:
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data, strict=True)
        return model.model_validate(data)
    except ValidationError as exc:
        raise StoreError(f"{doing}: {describe(exc, prefix)}") from None


def valid(adapter: TypeAdapter[Any], value: Any) -> bool:
    try:
        adapter.validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def check_hash(source_text: str, scenario_hash: str) -> None:
    # Snapshots are keyed by hash: a mismatched text would be served for other attempts too.
    actual = hashlib.sha256(source_text.encode("utf-8")).hexdigest()
    if actual != scenario_hash:
        raise StoreError(
            f"scenario source text does not match its hash ({actual[:12]}… ≠ {scenario_hash[:12]}…)"
        )


def scores_of(scorecard: Mapping[str, Any]) -> tuple[float, bool, dict[str, float]]:
    """total, passed and per-criterion scores out of a Scorecard.to_dict()."""
    if not isinstance(scorecard, Mapping):
        raise StoreError(f"a scorecard must be a mapping, not {type(scorecard).__name__}")
    card = validated(ScorecardModel, dict(scorecard), "the scorecard is not valid", "scorecard")
    if card.total is None:
        raise StoreError("the scorecard has no numeric 'total'")
    # A criterion the call gave no chance to show (no objection raised) is left out, so it
    # neither lifts nor sinks averages; the scorecard JSON still has it.
    criteria = {name: c.score for name, c in card.criteria.items() if c.applicable}
    return card.total, card.passed, criteria


def utc(value: datetime) -> datetime:
    """Aware UTC; a naive value is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def turn_rows(detail: AttemptDetail) -> list[dict[str, Any]]:
    """The turns rows of a checked attempt, in writing order."""
    return [
        {
            "attempt_id": detail.summary.id,
            "seq": seq,
            "idx": t["index"],
            "speaker": t["speaker"],
            "text": t["text"],
            "node": t["node"],
            "created_at": datetime.fromisoformat(t["created_at"]),
            "meta": t["meta"],
            "rewound": t["rewound"],
        }
        for seq, t in enumerate(detail.turns)
    ]


def attempt_row(detail: AttemptDetail) -> dict[str, Any]:
    """The attempts row of a checked attempt."""
    s = detail.summary
    return {
        "id": s.id,
        "trainee": s.trainee,
        "scenario_id": s.scenario_id,
        "scenario_version": s.scenario_version,
        "scenario_hash": s.scenario_hash,
        "title": s.title,
        "language": s.language,
        "mode": s.mode,
        "started_at": utc(s.started_at),
        "ended_at": utc(s.ended_at) if s.ended_at else None,
        "outcome": s.outcome,
        "result": s.result,
        "total": s.total,
        "passed": s.passed,
        "scorecard": detail.scorecard,
        "grader": grader_of(detail.scorecard),
        **{name: s.criteria.get(name) for name in CRITERIA},
    }


def grader_of(scorecard: Mapping[str, Any] | None) -> str | None:
    """The grader version a scorecard names, for the attempts.grader column."""
    grader = scorecard.get("grader") if isinstance(scorecard, Mapping) else None
    return grader[:40] if isinstance(grader, str) and grader else None
