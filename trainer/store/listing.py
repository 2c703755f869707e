"""Reading many attempts without holding them: pages, counts, search and sort in SQL.

SQL decides which rows and in what order, and never hands over more than a page (or one
batch of a stream) at a time; each row is still checked with the models as it comes out
(rows.py), so a damaged one is skipped with a note instead of reaching a screen.
Aggregates only count rows whose scores are scores (`scores_ok`: the report's sums over every
row) or that are whole enough to order (`plausible`: best scores, a trainee's scores, the
latest scores): a score that is text, NaN, Infinity or over 100 never poisons a sum.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import TypeAdapter

from trainer.scenario.models import CRITERIA
from trainer.store.filters import AttemptFilter
from trainer.store.models import EARLIEST, LATEST, ScenarioId
from trainer.store.records import AttemptDetail, AttemptSummary
from trainer.store.rows import (
    label,
    raw_columns,
    scorecard_from_value,
    source_matches,
    summary_from_row,
    turns_from_rows,
    valid,
)
from trainer.store.schema import attempts, scenario_sources, turns

BATCH = 500  # rows a stream reads per round trip
SORTS = ("date", "trainee", "scenario", "mode", "score", "outcome", "pass")
_RAW = sa.types.NullType()
# Listing never needs the scorecard JSON, which is most of a row's size.
SUMMARY_COLUMNS = raw_columns(attempts, without=("scorecard",))
Skip = Callable[[str], None]
SCENARIO_ID: TypeAdapter[str] = TypeAdapter(ScenarioId)


@dataclass(frozen=True, slots=True)
class Listed:
    summary: AttemptSummary
    grader: str | None  # the grader version that gave the stored scorecard


@dataclass(frozen=True, slots=True)
class Listing:
    """Which attempts, in which order: the filters, the history screen's search words (each
    must appear somewhere in the row) and a sort column from SORTS."""

    chosen: AttemptFilter = field(default_factory=AttemptFilter)
    words: tuple[str, ...] = ()
    sort: str = "date"
    descending: bool = True


@dataclass(frozen=True, slots=True)
class Scores:
    """One trainee's scores for the trend: how many, the first, and the latest ones."""

    count: int
    first: float | None
    recent: list[float]  # oldest first, at most the number asked for


def raw(column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """A column exactly as the driver hands it back (no type conversion to fail on)."""
    return sa.type_coerce(column, _RAW)


def _score_ok(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[bool]:
    # SQLite keeps whatever was written: text ('abc') sorts above every number, so a bare
    # BETWEEN would already drop it, but the type says it outright. PostgreSQL's NaN sorts
    # above every number and Infinity is > 100, so BETWEEN drops both.
    in_range = raw(column).between(0, 100)
    if dialect == "sqlite":
        in_range = sa.and_(sa.func.typeof(column).in_(("real", "integer")), in_range)
    return sa.or_(column.is_(None), in_range)


def _date_ok(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    # SQLite holds dates as ISO text, so the range test is on text there: anything that is
    # not a date in these years (other text, a number, a BLOB) falls outside it.
    return sa.and_(column >= EARLIEST, column < LATEST)


def scores_ok(dialect: str) -> sa.ColumnElement[bool]:
    """Rows whose scores can go into a sum or a maximum: the total and every criterion score
    a number from 0 to 100 (or none), and a total only with an end. The report's aggregates
    read every matching row, so this is all they check (each check costs a pass over them)."""
    a = attempts.c
    return sa.and_(
        _score_ok(a.total, dialect),
        *(_score_ok(a[name], dialect) for name in CRITERIA),
        sa.or_(a.total.is_(None), a.ended_at.is_not(None)),  # a total is written on finishing
    )


def plausible(dialect: str) -> sa.ColumnElement[bool]:
    """Rows whose scores, dates, state and names can be counted and ordered: the parts of the
    models' checks that matter to a sum, a maximum, an order or a group."""
    a = attempts.c
    checks = [
        scores_ok(dialect),
        _date_ok(a.started_at),
        sa.or_(a.ended_at.is_(None), _date_ok(a.ended_at)),
        raw(a.mode).in_(("coach", "exam")),
        sa.or_(a.result.is_(None), raw(a.result).in_(("win", "loss", "neutral"))),
    ]
    if dialect == "sqlite":  # PostgreSQL's columns hold nothing but their own type
        checks += [
            sa.or_(a.passed.is_(None), raw(a.passed).in_((0, 1))),
            sa.func.typeof(a.trainee) == "text",
            sa.func.typeof(a.scenario_id) == "text",
        ]
    return sa.and_(*checks)


def scored(dialect: str) -> sa.ColumnElement[bool]:
    return sa.and_(plausible(dialect), attempts.c.total.is_not(None))


def newest_first(dialect: str) -> list[sa.ColumnElement[Any]]:
    """Time order, newest first, ties by id backwards: exactly the reverse of the oldest-first
    order report.build uses, so the latest and the trend are the same either way."""
    return [attempts.c.started_at.desc(), _by_code_point(attempts.c.id, dialect).desc()]


def _by_code_point(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[Any]:
    # Python compares text by code point; a PostgreSQL locale would order it otherwise.
    return column.collate("C") if dialect == "postgresql" else column


# -- the history screen's search and sort ---------------------------------------------------


def _like(column: sa.ColumnElement[Any], word: str) -> sa.ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _date_text(dialect: str) -> sa.ColumnElement[Any]:
    # As the screen writes a date (in local time), so a typed date finds what is shown.
    if dialect == "sqlite":
        return sa.func.strftime("%Y-%m-%d %H:%M", attempts.c.started_at, "localtime")
    return sa.func.to_char(attempts.c.started_at, "YYYY-MM-DD HH24:MI")


def _word(word: str, dialect: str) -> sa.ColumnElement[bool]:
    """A row matches a word that appears in any of its names, its state or its date."""
    a = attempts.c
    # LIKE folds only ASCII letters on SQLite (and under PostgreSQL's C locale): a word with
    # other letters is also tried as typed in capitals and with a capital first letter.
    spellings = {word, word.upper(), word.capitalize()} if not word.isascii() else {word}
    columns = (a.trainee, a.title, a.scenario_id, a.mode, a.outcome, a.result)
    found: list[sa.ColumnElement[bool]] = [
        _like(raw(c), s) for c in columns for s in sorted(spellings)
    ]
    if word in "unfinished":
        found.append(a.outcome.is_(None))
    if word in "pass":
        found.append(a.passed.is_(True))
    if word in "fail":
        found.append(sa.or_(a.passed.is_(None), a.passed.is_(False)))
    if any(ch.isdigit() for ch in word):
        found.append(_like(_date_text(dialect), word))
    return sa.or_(*found)


def _sort_key(column: str, dialect: str) -> sa.ColumnElement[Any]:
    a = attempts.c
    if column == "date":
        return a.started_at
    if column == "trainee":
        return _by_code_point(sa.func.lower(raw(a.trainee)), dialect)
    if column == "scenario":
        named = sa.case((a.title == "", a.scenario_id), else_=a.title)
        return _by_code_point(sa.func.lower(raw(named)), dialect)
    if column == "mode":
        return _by_code_point(raw(a.mode), dialect)
    if column == "score":
        return sa.func.coalesce(raw(a.total), -1.0)
    if column == "outcome":
        return _by_code_point(sa.func.coalesce(raw(a.outcome), ""), dialect)
    if column == "pass":
        return sa.case((a.passed.is_(True), 2), (a.passed.is_(False), 1), else_=0)
    raise ValueError(f"cannot sort by {column!r}")


def where(listing: Listing, dialect: str) -> list[sa.ColumnElement[bool]]:
    words = [w for w in (w.lower() for w in listing.words) if w]
    return [*listing.chosen.clauses(), *(_word(w, dialect) for w in words)]


def page_query(listing: Listing, dialect: str, offset: int, limit: int | None) -> sa.Select[Any]:
    key = _sort_key(listing.sort, dialect)
    # Ties keep the newest-first order, whichever way the column goes, so pages never overlap.
    order = [key.desc() if listing.descending else key.asc()]
    if listing.sort != "date":
        order.append(attempts.c.started_at.desc())
    order.append(attempts.c.id)
    query = (
        sa.select(*SUMMARY_COLUMNS)
        .where(*where(listing, dialect))
        .order_by(*order)
        .offset(offset or None)
    )
    return query.limit(limit) if limit is not None else query


def count_query(listing: Listing, dialect: str) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(attempts).where(*where(listing, dialect))


def checked_rows(rows: Iterable[Any], skip: Skip, store_label: str) -> Iterator[Listed]:
    """Summaries of the rows that pass the models; a note for each one that does not."""
    for row in rows:
        mapping = row._mapping
        try:
            summary = summary_from_row(mapping)
        except ValueError as exc:
            skip(damaged(store_label, mapping["id"], str(exc)))
            continue
        grader = mapping["grader"]
        yield Listed(summary, grader if isinstance(grader, str) and len(grader) <= 40 else None)


def damaged(store_label: str, attempt_id: Any, reason: str) -> str:
    return f"{store_label}: attempt {label(attempt_id)} is damaged and was skipped ({reason})"


def streamed(conn: sa.Connection, query: sa.Select[Any], batch: int = BATCH) -> Iterator[Any]:
    """Rows of a query read `batch` at a time (a server-side cursor on PostgreSQL)."""
    result = conn.execution_options(yield_per=batch).execute(query)
    for part in result.partitions():
        yield from part


# -- aggregates ------------------------------------------------------------------------------


def trainee_scores(conn: sa.Connection, trainee: str, dialect: str, most: int) -> Scores:
    """The trainee's finished scores: their number, the first, and the latest `most`."""
    a = attempts.c
    mine = [a.trainee == trainee, scored(dialect)]
    count = conn.execute(sa.select(sa.func.count()).select_from(attempts).where(*mine)).scalar_one()
    oldest = [a.started_at, _by_code_point(a.id, dialect)]
    first = conn.execute(sa.select(raw(a.total)).where(*mine).order_by(*oldest).limit(1))
    latest = conn.execute(
        sa.select(raw(a.total)).where(*mine).order_by(*newest_first(dialect)).limit(most)
    )
    recent = [float(x) for x in latest.scalars()]
    recent.reverse()
    value = first.scalar_one_or_none()
    return Scores(int(count), None if value is None else float(value), recent)


def best_scores(conn: sa.Connection, trainee: str, dialect: str) -> dict[str, float]:
    a = attempts.c
    query = (
        sa.select(raw(a.scenario_id), sa.func.max(raw(a.total)))
        .where(a.trainee == trainee, scored(dialect))
        .group_by(a.scenario_id)
    )
    return {
        key: float(best)
        for key, best in conn.execute(query)
        if best is not None and valid(SCENARIO_ID, key)
    }


# -- export: whole attempts, oldest first, a batch at a time -----------------------------------


def export_details(
    conn: sa.Connection, chosen: AttemptFilter, dialect: str, skip: Skip, store_label: str
) -> Iterator[AttemptDetail]:
    """Oldest first (ties by id backwards, as export always wrote them). Per batch of BATCH
    attempts: one query for their turns and, for scenario versions not met yet, one for
    their texts. Damaged attempts are noted with `skip` and left out, so every attempt handed
    out can be imported again; a damaged scenario text is noted once and left out."""
    order = [attempts.c.started_at, _by_code_point(attempts.c.id, dialect).desc()]
    query = sa.select(*_as_text(attempts, dialect)).where(*chosen.clauses()).order_by(*order)
    result = conn.execution_options(yield_per=BATCH).execute(query)
    texts: dict[str, str | None] = {}  # by hash; a handful of scenario versions
    for part in result.partitions():
        rows = [row._mapping for row in part]
        turns_of = _turns(conn, [r["id"] for r in rows if isinstance(r["id"], str)], dialect)
        wanted = {r["scenario_hash"] for r in rows if isinstance(r["scenario_hash"], str)}
        if len(texts) > 64:  # many versions in one export: keep memory bounded, read again
            texts.clear()
        _read_texts(conn, wanted - texts.keys(), texts, skip, store_label)
        for row in rows:
            try:
                summary = summary_from_row(row)
                detail_turns = turns_from_rows(turns_of.get(row["id"], []))
                card = scorecard_from_value(row["scorecard"])
            except ValueError as exc:
                skip(damaged(store_label, row["id"], str(exc)))
                continue
            yield AttemptDetail(summary, detail_turns, card, texts.get(summary.scenario_hash))


def _as_text(table: sa.Table, dialect: str) -> list[Any]:
    """Raw columns, JSON ones as their text on PostgreSQL too: parsed by from_json, checked
    once by the models (rows.py), instead of by the driver and then again."""
    if dialect != "postgresql":
        return raw_columns(table)
    return [
        sa.cast(c, sa.Text).label(c.name) if isinstance(c.type, sa.JSON) else raw(c).label(c.name)
        for c in table.c
    ]


def _turns(conn: sa.Connection, ids: list[str], dialect: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    if not ids:
        return found
    query = (
        sa.select(*_as_text(turns, dialect))
        .where(turns.c.attempt_id.in_(ids))
        .order_by(turns.c.attempt_id, turns.c.seq)
    )
    result = conn.execute(query)
    names = list(result.keys())
    for row in result:  # plain dicts: a million turns pay for every lookup through a Row
        found.setdefault(row[0], []).append(dict(zip(names, row, strict=True)))
    return found


def _read_texts(
    conn: sa.Connection, hashes: set[str], texts: dict[str, str | None], skip: Skip, where: str
) -> None:
    if not hashes:
        return
    query = sa.select(scenario_sources.c.hash, raw(scenario_sources.c.text)).where(
        scenario_sources.c.hash.in_(sorted(hashes))
    )
    for digest in hashes:
        texts[digest] = None
    for digest, text in conn.execute(query):
        if source_matches(text, digest):
            texts[digest] = text
        else:
            skip(f"{where}: the scenario text {label(digest)} is damaged; it was left out")
