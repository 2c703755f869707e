"""The attempts store: one code path over SQLAlchemy Core for SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from trainer.scenario.models import CRITERIA
from trainer.store import connect, migrations
from trainer.store.errors import StoreError, first_line
from trainer.store.records import AttemptDetail, AttemptSummary
from trainer.store.schema import attempts, scenario_sources, turns

MODES = ("coach", "exam")
# Listing never needs the scorecard JSON, which is most of a row's size.
_SUMMARY_COLUMNS = [column for column in attempts.c if column.name != "scorecard"]
RESULTS = ("win", "loss", "neutral")
SPEAKERS = ("trainee", "prospect")


def open_store(url: str | None = None) -> Store:
    """None → $SALES_TRAINER_DB, else SQLite in the user's data folder; a plain path = SQLite."""
    resolved, is_default = connect.resolve_url(url)
    path = connect.sqlite_file(resolved)
    if path is not None:
        if is_default:
            path.parent.mkdir(parents=True, exist_ok=True)
        connect.check_sqlite_file(path)
    engine = connect.create_engine(resolved)
    store = Store(engine, connect.describe(resolved))
    try:
        store._prepare(is_sqlite_file=path is not None)
    except BaseException:
        engine.dispose()
        raise
    return store


def utc(value: datetime) -> datetime:
    """Aware UTC; a naive value (SQLite hands those back) is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, engine: sa.Engine, label: str) -> None:
        self._engine = engine
        self.label = label
        self.upgraded_from: int | None = None

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    # -- opening ---------------------------------------------------------------------------

    def _prepare(self, is_sqlite_file: bool) -> None:
        with self._errors("cannot open"):
            # Read first: a foreign or newer database is refused before anything is written,
            # and an up-to-date one opens without a write (read-only access can still report).
            with self._read() as conn:
                version = migrations.current_version(conn, self.label)
            if is_sqlite_file:
                connect.enable_wal(self._engine)
            if version == migrations.LATEST:
                return
            with self._write() as conn:
                before, after = migrations.upgrade(conn, self.label)
            self.upgraded_from = before if before != after else None

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except sa.exc.IntegrityError as exc:
            detail = first_line(exc)
            raise StoreError(f"{self.label}: {doing}: conflicting data ({detail})") from None
        except (sa.exc.DBAPIError, sa.exc.SQLAlchemyError) as exc:
            message = first_line(exc)
            if "not a database" in message or "malformed" in message:
                message += " (the file is damaged or not a sales-trainer database; left untouched)"
            raise StoreError(f"{self.label}: {doing}: {message}") from None

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self._engine.connect() as conn:
            conn = conn.execution_options(write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self._engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing an attempt as it happens --------------------------------------------------

    def start_attempt(
        self,
        trainee: str,
        scenario_id: str,
        scenario_version: int,
        scenario_hash: str,
        title: str,
        language: str,
        mode: str,
        source_text: str | None = None,
    ) -> str:
        if mode not in MODES:
            raise StoreError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if not trainee.strip():
            raise StoreError("a trainee name is needed to record an attempt")
        if source_text is not None:
            _check_hash(source_text, scenario_hash)
        attempt_id = str(uuid.uuid4())
        now = _now()
        with self._errors("cannot start an attempt"), self._write() as conn:
            if source_text is not None:
                self._save_source(conn, scenario_hash, source_text, now)
            conn.execute(
                sa.insert(attempts).values(
                    id=attempt_id,
                    trainee=trainee,
                    scenario_id=scenario_id,
                    scenario_version=scenario_version,
                    scenario_hash=scenario_hash,
                    title=title,
                    language=language,
                    mode=mode,
                    started_at=now,
                )
            )
        return attempt_id

    def _save_source(self, conn: sa.Connection, digest: str, text: str, now: datetime) -> None:
        values = {"hash": digest, "text": text, "stored_at": now}
        # Two trainees starting the same scenario at once would race on a plain insert.
        dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        conn.execute(dialect_insert(scenario_sources).values(**values).on_conflict_do_nothing())

    def add_turn(
        self,
        attempt_id: str,
        index: int,
        speaker: str,
        text: str,
        node: str | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        """Writes one turn in its own committed transaction: a crash after this loses nothing."""
        if speaker not in SPEAKERS:
            raise StoreError(f"speaker must be one of {', '.join(SPEAKERS)}, not {speaker!r}")
        with self._errors("cannot save a turn"), self._write() as conn:
            self._require_open(conn, attempt_id)
            seq = conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(turns.c.seq) + 1, 0)).where(
                    turns.c.attempt_id == attempt_id
                )
            ).scalar_one()
            conn.execute(
                sa.insert(turns).values(
                    attempt_id=attempt_id,
                    seq=seq,
                    idx=index,
                    speaker=speaker,
                    text=text,
                    node=node,
                    created_at=_now(),
                    meta=dict(meta) if meta is not None else None,
                    rewound=False,
                )
            )

    def mark_rewound(self, attempt_id: str, indices: list[int]) -> None:
        """Flags the live turns at these transcript indices as undone; nothing is deleted."""
        if not indices:
            return
        with self._errors("cannot mark turns rewound"), self._write() as conn:
            self._require_open(conn, attempt_id)
            conn.execute(
                sa.update(turns)
                .where(
                    turns.c.attempt_id == attempt_id,
                    turns.c.idx.in_(indices),
                    turns.c.rewound.is_(False),
                )
                .values(rewound=True)
            )

    def finish_attempt(
        self, attempt_id: str, outcome: str, result: str, scorecard: Mapping[str, Any]
    ) -> None:
        if result not in RESULTS:
            raise StoreError(f"result must be one of {', '.join(RESULTS)}, not {result!r}")
        total, passed, criteria = scores_of(scorecard)
        with self._errors("cannot finish the attempt"), self._write() as conn:
            self._require_open(conn, attempt_id)
            conn.execute(
                sa.update(attempts)
                .where(attempts.c.id == attempt_id)
                .values(
                    ended_at=_now(),
                    outcome=outcome,
                    result=result,
                    total=total,
                    passed=passed,
                    scorecard=dict(scorecard),
                    **{name: criteria.get(name) for name in CRITERIA},
                )
            )

    def _require_open(self, conn: sa.Connection, attempt_id: str) -> None:
        row = conn.execute(
            sa.select(attempts.c.ended_at).where(attempts.c.id == attempt_id)
        ).first()
        if row is None:
            raise StoreError(f"{self.label}: no attempt with id {attempt_id}")
        if row.ended_at is not None:
            raise StoreError(f"attempt {attempt_id} is already finished; it cannot change")

    # -- reading ---------------------------------------------------------------------------

    def attempts(
        self,
        trainee: str | None = None,
        scenario: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[AttemptSummary]:
        """Newest first. `since` is inclusive and `until` exclusive, both on started_at."""
        query = sa.select(*_SUMMARY_COLUMNS).order_by(attempts.c.started_at.desc(), attempts.c.id)
        if trainee is not None:
            query = query.where(attempts.c.trainee == trainee)
        if scenario is not None:
            query = query.where(attempts.c.scenario_id == scenario)
        if since is not None:
            query = query.where(attempts.c.started_at >= utc(since))
        if until is not None:
            query = query.where(attempts.c.started_at < utc(until))
        if limit is not None:
            query = query.limit(limit)
        with self._errors("cannot read attempts"), self._read() as conn:
            return [_summary(row._mapping) for row in conn.execute(query)]

    def attempt(self, attempt_id: str) -> AttemptDetail:
        with self._errors("cannot read the attempt"), self._read() as conn:
            row = conn.execute(sa.select(attempts).where(attempts.c.id == attempt_id)).first()
            if row is None:
                raise StoreError(f"{self.label}: no attempt with id {attempt_id}")
            turn_rows = conn.execute(
                sa.select(turns).where(turns.c.attempt_id == attempt_id).order_by(turns.c.seq)
            ).all()
            source = conn.execute(
                sa.select(scenario_sources.c.text).where(
                    scenario_sources.c.hash == row.scenario_hash
                )
            ).scalar_one_or_none()
        return AttemptDetail(
            summary=_summary(row._mapping),
            turns=[_turn(t._mapping) for t in turn_rows],
            scorecard=row.scorecard,
            source_text=source,
        )

    def scenario_source(self, scenario_hash: str) -> str | None:
        with self._errors("cannot read the scenario snapshot"), self._read() as conn:
            return conn.execute(
                sa.select(scenario_sources.c.text).where(scenario_sources.c.hash == scenario_hash)
            ).scalar_one_or_none()

    def best_scores(self, trainee: str) -> dict[str, float]:
        query = (
            sa.select(attempts.c.scenario_id, sa.func.max(attempts.c.total))
            .where(attempts.c.trainee == trainee, attempts.c.total.is_not(None))
            .group_by(attempts.c.scenario_id)
        )
        with self._errors("cannot read best scores"), self._read() as conn:
            return {sid: float(best) for sid, best in conn.execute(query)}

    def trainees(self) -> list[str]:
        query = sa.select(attempts.c.trainee).distinct().order_by(attempts.c.trainee)
        with self._errors("cannot read trainees"), self._read() as conn:
            return list(conn.execute(query).scalars())

    def count_turns(self, attempt_id: str) -> int:
        query = sa.select(sa.func.count()).where(turns.c.attempt_id == attempt_id)
        with self._errors("cannot count turns"), self._read() as conn:
            return int(conn.execute(query).scalar_one())

    # -- export and import (raw rows; the line format lives in transfer.py) ----------------

    def export_rows(
        self,
        trainee: str | None = None,
        scenario: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Iterator[AttemptDetail]:
        """Oldest first, so an export reads like a log."""
        for summary in reversed(self.attempts(trainee, scenario, since, until)):
            yield self.attempt(summary.id)

    def import_details(self, details: list[AttemptDetail]) -> tuple[int, int]:
        """All or nothing in one transaction; attempts whose id exists are skipped."""
        imported = skipped = 0
        with self._errors("cannot import"), self._write() as conn:
            seen: set[str] = set()
            for detail in details:
                s = detail.summary
                exists = conn.execute(sa.select(attempts.c.id).where(attempts.c.id == s.id)).first()
                if exists is not None or s.id in seen:
                    skipped += 1
                    continue
                seen.add(s.id)
                if detail.source_text is not None:
                    _check_hash(detail.source_text, s.scenario_hash)
                    self._save_source(conn, s.scenario_hash, detail.source_text, _now())
                conn.execute(sa.insert(attempts).values(**_attempt_row(detail)))
                rows = [
                    {
                        "attempt_id": s.id,
                        "seq": seq,
                        "idx": t["index"],
                        "speaker": t["speaker"],
                        "text": t["text"],
                        "node": t.get("node"),
                        "created_at": utc(datetime.fromisoformat(t["created_at"])),
                        "meta": t.get("meta"),
                        "rewound": bool(t.get("rewound", False)),
                    }
                    for seq, t in enumerate(detail.turns)
                ]
                if rows:
                    conn.execute(sa.insert(turns), rows)
                imported += 1
        return imported, skipped


def _check_hash(source_text: str, scenario_hash: str) -> None:
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
    total = scorecard.get("total")
    if isinstance(total, bool) or not isinstance(total, int | float):
        raise StoreError("the scorecard has no numeric 'total'")
    criteria: dict[str, float] = {}
    raw = scorecard.get("criteria") or {}
    if isinstance(raw, Mapping):
        for name, value in raw.items():
            # A criterion the call gave no chance to show (no objection raised) is left out,
            # so it neither lifts nor sinks averages; the scorecard JSON still has it.
            if isinstance(value, Mapping) and value.get("applicable") is False:
                continue
            score = value.get("score") if isinstance(value, Mapping) else value
            if isinstance(score, int | float) and not isinstance(score, bool):
                criteria[str(name)] = float(score)
    return float(total), bool(scorecard.get("passed", False)), criteria


def _summary(row: Mapping[str, Any]) -> AttemptSummary:
    return AttemptSummary(
        id=row["id"],
        trainee=row["trainee"],
        scenario_id=row["scenario_id"],
        scenario_version=row["scenario_version"],
        title=row["title"],
        language=row["language"],
        mode=row["mode"],
        started_at=utc(row["started_at"]),
        ended_at=utc(row["ended_at"]) if row["ended_at"] is not None else None,
        outcome=row["outcome"],
        result=row["result"],
        total=row["total"],
        passed=bool(row["passed"]) if row["passed"] is not None else None,
        criteria={name: row[name] for name in CRITERIA if row[name] is not None},
        scenario_hash=row["scenario_hash"],
    )


def _turn(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "index": row["idx"],
        "speaker": row["speaker"],
        "text": row["text"],
        "node": row["node"],
        "created_at": utc(row["created_at"]).isoformat(),
        "meta": row["meta"],
        "rewound": bool(row["rewound"]),
    }


def _attempt_row(detail: AttemptDetail) -> dict[str, Any]:
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
        **{name: s.criteria.get(name) for name in CRITERIA},
    }
