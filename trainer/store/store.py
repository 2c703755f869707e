"""The attempts store: one code path over SQLAlchemy Core for SQLite and PostgreSQL.

Everything written is checked first with the models of models.py, and everything read is
checked again with the same models (a row can be damaged by hand or by an older version):
a damaged attempt is left out of listings with a note in `skipped`, never a crash.
Opening only reads; the first write checks a SQLite file's integrity, then switches it to WAL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from trainer.scenario.models import CRITERIA
from trainer.store import access, connect, migrations
from trainer.store.errors import DamagedRecord, StoreError, explained, first_line
from trainer.store.listing import damaged
from trainer.store.misses import MissesMixin
from trainer.store.models import (
    INDICES,
    MAX_TURNS,
    OUTCOME,
    SOURCE,
    AttemptLine,
    TurnLine,
)
from trainer.store.publishing import PublishingMixin
from trainer.store.reading import ReadingMixin
from trainer.store.records import AttemptDetail
from trainer.store.rows import (
    attempt_row,
    check_hash,
    grader_of,
    label,
    raw_columns,
    scorecard_from_value,
    scores_of,
    source_matches,
    summary_from_row,
    turn_from_row,
    validated,
)
from trainer.store.schema import attempts, scenario_sources, turns
from trainer.store.teams import TeamsMixin

if TYPE_CHECKING:
    from trainer.store.transfer import ScenarioText

MODES = ("coach", "exam")
RESULTS = ("win", "loss", "neutral")
SPEAKERS = ("trainee", "prospect")
MAX_SKIPPED = 100  # notes kept about damaged rows; the count goes on


def open_store(url: str | None = None) -> Store:
    """None → $SALES_TRAINER_DB, else SQLite in the user's data folder; a plain path = SQLite."""
    resolved, is_default = connect.resolve_url(url)
    path = connect.sqlite_file(resolved)
    if path is not None:
        if is_default:
            connect.make_folder(path.parent)
        connect.check_sqlite_file(path)
    engine = connect.create_engine(resolved)
    store = Store(engine, connect.describe(resolved), sqlite_file=path is not None)
    try:
        store._prepare()
    except BaseException:
        engine.dispose()
        raise
    return store


def _now() -> datetime:
    return datetime.now(UTC)


class Store(TeamsMixin, PublishingMixin, MissesMixin, ReadingMixin):
    def __init__(self, engine: sa.Engine, label: str, sqlite_file: bool = False) -> None:
        self._engine = engine
        self.label = label
        self.upgraded_from: int | None = None
        self._sqlite_file = sqlite_file
        self._ready_to_write = False
        self._bound: tuple[str | None] | None = None
        # Damaged rows left out by the last listing or export, as one-line notes.
        self.skipped: list[str] = []
        self.skipped_count = 0

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    # -- opening ---------------------------------------------------------------------------

    def _prepare(self) -> None:
        with self._errors("cannot open"):
            # Read first: a foreign or newer database is refused before anything is written,
            # and an up-to-date one opens without a write (read-only access can still report).
            with self._read() as conn:
                version = migrations.current_version(conn, self.label)
            if version == migrations.LATEST:
                return
            with self._write() as conn:
                before, after = migrations.upgrade(conn, self.label)
            self.upgraded_from = before if before != after else None

    def _get_ready_to_write(self) -> None:
        # Nothing is written to a SQLite file (not even the WAL switch, which rewrites its
        # header) before it is known to be whole and writable.
        if self._sqlite_file:
            connect.check_before_writing(self._engine, self.label)
            connect.enable_wal(self._engine, self.label)
        self._ready_to_write = True

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
            message = explained(first_line(exc), self._sqlite_file)
            raise StoreError(f"{self.label}: {doing}: {message}") from None

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        if not self._ready_to_write:
            self._get_ready_to_write()
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

    def _skip(self, note: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPPED:
            self.skipped.append(note)

    def _forget_skipped(self) -> None:
        self.skipped = []
        self.skipped_count = 0

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
        if not isinstance(trainee, str) or not trainee.strip():
            raise StoreError("a trainee name is needed to record an attempt")
        attempt_id = str(uuid.uuid4())
        now = _now()
        values = {
            "id": attempt_id,
            "trainee": trainee,
            "scenario_id": scenario_id,
            "scenario_version": scenario_version,
            "scenario_hash": scenario_hash,
            "title": title,
            "language": language,
            "mode": mode,
            "started_at": now,
        }
        # The same limits as an export line, so whatever is recorded can be exported and
        # imported again (a 201-character name would be refused there).
        validated(AttemptLine, values, "cannot record this attempt", "attempt")
        if source_text is not None:
            validated(SOURCE, source_text, "cannot record this attempt", "scenario_source")
            check_hash(source_text, scenario_hash)
        with self._errors("cannot start an attempt"), self._write() as conn:
            if source_text is not None:
                self._save_source(conn, scenario_hash, source_text, now)
            conn.execute(sa.insert(attempts).values(**values))
        return attempt_id

    def _insert(self, table: sa.Table) -> Any:
        dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        return dialect_insert(table)

    def _insert_new(self, conn: sa.Connection, row: dict[str, Any]) -> bool:
        """Inserts an attempt unless its id is there; ON CONFLICT DO NOTHING makes a concurrent
        import of the same file wait for the other transaction and skip, not fail on the key."""
        stmt = self._insert(attempts).on_conflict_do_nothing()
        if self.dialect == "postgresql":  # psycopg reports no rowcount here; RETURNING does
            return conn.execute(stmt.returning(attempts.c.id), row).first() is not None
        return bool(conn.execute(stmt, row).rowcount == 1)

    def _save_source(self, conn: sa.Connection, digest: str, text: str, now: datetime) -> None:
        values = {"hash": digest, "text": text, "stored_at": now}
        # Two trainees starting the same scenario at once would race on a plain insert.
        conn.execute(self._insert(scenario_sources).values(**values).on_conflict_do_nothing())

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
        values = {
            "index": index,
            "speaker": speaker,
            "text": text,
            "node": node,
            "created_at": _now(),
            "meta": dict(meta) if isinstance(meta, Mapping) else meta,
            "rewound": False,
        }
        validated(TurnLine, values, "cannot save a turn", "turn")
        with self._errors("cannot save a turn"), self._write() as conn:
            self._require_open(conn, attempt_id)
            seq = conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(turns.c.seq) + 1, 0)).where(
                    turns.c.attempt_id == attempt_id
                )
            ).scalar_one()
            if seq >= MAX_TURNS:
                raise StoreError(f"attempt {attempt_id} already has {MAX_TURNS:,} turns, the most")
            values["idx"] = values.pop("index")
            conn.execute(sa.insert(turns).values(attempt_id=attempt_id, seq=seq, **values))

    def mark_rewound(self, attempt_id: str, indices: list[int]) -> None:
        """Flags the live turns at these transcript indices as undone; nothing is deleted."""
        if not indices:
            return
        validated(INDICES, list(indices), "cannot mark turns rewound", "indices")
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
        validated(OUTCOME, outcome, "cannot finish the attempt", "outcome")
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
                    grader=grader_of(scorecard),
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

    def _damaged(self, attempt_id: Any, reason: str) -> str:
        return damaged(self.label, attempt_id, reason)

    def attempt(self, attempt_id: str) -> AttemptDetail:
        """The whole attempt; DamagedRecord (a StoreError) if any part of it is damaged."""
        with self._errors("cannot read the attempt"), self._read() as conn:
            row = conn.execute(
                sa.select(*raw_columns(attempts)).where(attempts.c.id == attempt_id)
            ).first()
            if row is None:
                raise StoreError(f"{self.label}: no attempt with id {attempt_id}")
            found_turns = conn.execute(
                sa.select(*raw_columns(turns))
                .where(turns.c.attempt_id == attempt_id)
                .order_by(turns.c.seq)
            ).all()
            source = conn.execute(
                sa.select(sa.type_coerce(scenario_sources.c.text, sa.types.NullType())).where(
                    scenario_sources.c.hash == row._mapping["scenario_hash"]
                )
            ).scalar_one_or_none()
        try:
            summary = summary_from_row(row._mapping)
            detail_turns = [turn_from_row(t._mapping, n) for n, t in enumerate(found_turns)]
            scorecard = scorecard_from_value(row._mapping["scorecard"])
        except ValueError as exc:
            raise DamagedRecord(self._damaged(attempt_id, str(exc))) from None
        if source is not None and not source_matches(source, summary.scenario_hash):
            self._skip(
                f"{self.label}: the scenario text of attempt {label(attempt_id)} is damaged; "
                "it was left out"
            )
            source = None
        return AttemptDetail(summary, detail_turns, scorecard, source)

    def scenario_source(self, scenario_hash: str) -> str | None:
        query = sa.select(sa.type_coerce(scenario_sources.c.text, sa.types.NullType())).where(
            scenario_sources.c.hash == scenario_hash
        )
        with self._errors("cannot read the scenario snapshot"), self._read() as conn:
            text = conn.execute(query).scalar_one_or_none()
        return text if text is not None and source_matches(text, scenario_hash) else None

    # -- who may do what (PostgreSQL roles; access.py) -----------------------------------

    @property
    def bound_user(self) -> str | None:
        """The name the server makes this connection record under, if it enforces one."""
        if self._bound is None:
            with self._errors("cannot read the database user"), self._read() as conn:
                self._bound = (access.bound_user(conn),)
        return self._bound[0]

    def init_access(self) -> tuple[int, int]:
        self._postgres_only("roles")
        with self._errors("cannot set up roles"), self._write() as conn:
            return access.apply(conn)

    def add_user(self, name: str, role: str, password: str | None) -> bool:
        self._postgres_only("database users")
        with self._errors("cannot add the user"), self._write() as conn:
            return access.add_user(conn, name, role, password)

    def _postgres_only(self, what: str) -> None:
        if self.dialect != "postgresql":
            raise StoreError(
                f"{self.label}: is a SQLite file, which has one user; {what} need a shared "
                "PostgreSQL database (--db postgresql://…)"
            )

    def count_turns(self, attempt_id: str) -> int:
        query = sa.select(sa.func.count()).where(turns.c.attempt_id == attempt_id)
        with self._errors("cannot count turns"), self._read() as conn:
            return int(conn.execute(query).scalar_one())

    # -- import (the line format lives in transfer.py; listing and export in reading.py) ------

    def import_details(
        self, details: Iterable[AttemptDetail | ScenarioText], *, checked: bool = False
    ) -> tuple[int, int]:
        """All or nothing in one transaction; attempts whose id exists are skipped.

        `details` may be a stream (transfer.read_records): it is consumed inside the
        transaction, one line at a time, and an error from it rolls everything back.
        Each attempt is checked with the export line's models, unless `checked` says the
        stream already did (read_records checks every line it yields).
        """
        from trainer.store.transfer import import_lines

        with self._errors("cannot import (nothing was imported)"), self._write() as conn:
            return import_lines(
                details,
                checked,
                save=lambda digest, text: self._save_source(conn, digest, text, _now()),
                insert=lambda detail: self._insert_new(conn, attempt_row(detail)),
                add_turns=lambda rows: conn.execute(sa.insert(turns), rows),
            )
