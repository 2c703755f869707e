"""Aggregating attempts for team leads: per trainee, per scenario or per criterion.

Only finished attempts have scores; unfinished ones are counted in `in_progress` only.
Trend: the mean of the more recent half of the scores (at most the last 5) minus the mean of
the half before it (at most the 5 before those); with fewer than 2 scores there is no trend.
So 2 scores compare last with first, 3 compare the last 2 with the first, 10 or more compare
the last 5 with the 5 before them.

`aggregate` computes a report in SQL, whatever the number of attempts: counts, best, average
and pass rate per group, and only each group's latest 2 x WINDOW scores (a window function)
for `latest` and `trend`, which go through the same `trend()` as `build`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

from trainer.scenario.models import CRITERIA
from trainer.store.filters import AttemptFilter
from trainer.store.listing import SCENARIO_ID, newest_first, plausible, raw
from trainer.store.models import TRAINEE
from trainer.store.records import AttemptSummary
from trainer.store.rows import valid
from trainer.store.schema import attempts

GroupBy = Literal["trainee", "scenario", "criterion"]
GROUPINGS: tuple[GroupBy, ...] = ("trainee", "scenario", "criterion")
WINDOW = 5


@dataclass(frozen=True, slots=True)
class ReportRow:
    key: str
    attempts: int  # finished attempts with a score
    in_progress: int
    best: float | None
    latest: float | None
    average: float | None
    pass_rate: float | None  # percent; none for criteria, which have no pass mark of their own
    trend: float | None

    def to_dict(self, by: GroupBy) -> dict[str, Any]:
        return {
            by: self.key,
            "attempts": self.attempts,
            "in_progress": self.in_progress,
            "best": self.best,
            "latest": self.latest,
            "average": self.average,
            "pass_rate": self.pass_rate,
            "trend": self.trend,
        }


def trend(scores: Sequence[float]) -> float | None:
    """Scores in time order, oldest first."""
    n = len(scores)
    if n < 2:
        return None
    recent = min(WINDOW, n - n // 2)
    before = min(WINDOW, n - recent)
    last = scores[n - recent :]
    earlier = scores[n - recent - before : n - recent]
    return _mean(last) - _mean(earlier)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _row(key: str, scores: list[float], passed: list[bool] | None, in_progress: int) -> ReportRow:
    if not scores:
        return ReportRow(key, 0, in_progress, None, None, None, None, None)
    return ReportRow(
        key=key,
        attempts=len(scores),
        in_progress=in_progress,
        best=max(scores),
        latest=scores[-1],
        average=_mean(scores),
        pass_rate=100.0 * sum(passed) / len(passed) if passed is not None else None,
        trend=trend(scores),
    )


def build(summaries: Iterable[AttemptSummary], by: GroupBy) -> list[ReportRow]:
    """Rows sorted by key (criteria in their fixed order)."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    ordered = sorted(summaries, key=lambda s: (s.started_at, s.id))
    if by == "criterion":
        rows = []
        finished = [s for s in ordered if s.total is not None]
        in_progress = len(ordered) - len(finished)
        for name in CRITERIA:
            scores = [s.criteria[name] for s in finished if name in s.criteria]
            rows.append(_row(name, scores, None, in_progress))
        return rows
    groups: dict[str, list[AttemptSummary]] = {}
    for summary in ordered:
        key = summary.trainee if by == "trainee" else summary.scenario_id
        groups.setdefault(key, []).append(summary)
    rows = []
    for key in sorted(groups):
        finished = [s for s in groups[key] if s.total is not None]
        rows.append(
            _row(
                key,
                [float(s.total) for s in finished if s.total is not None],
                [bool(s.passed) for s in finished],
                len(groups[key]) - len(finished),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Report:
    rows: list[ReportRow]
    matched: int  # attempts counted, finished or not
    damaged: int  # attempts left out: a score, date, state or name that is not valid


def aggregate(conn: sa.Connection, chosen: AttemptFilter, by: GroupBy, dialect: str) -> Report:
    """The same rows as `build` over the same attempts, computed by the database."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    if by == "criterion":
        return _by_criterion(conn, chosen, dialect)
    key = attempts.c.trainee if by == "trainee" else attempts.c.scenario_id
    ok = plausible(dialect)
    done = sa.and_(ok, attempts.c.total.is_not(None))
    total = raw(attempts.c.total)
    passed = sa.case((attempts.c.passed.is_(True), sa.literal_column("100.0")),
                     else_=sa.literal_column("0.0"))
    groups = conn.execute(
        sa.select(
            raw(key),
            sa.func.count(),
            sa.func.count(sa.case((ok, 1))),
            sa.func.count(sa.case((done, 1))),
            sa.func.max(sa.case((done, total))),
            sa.func.avg(sa.case((done, total))),
            sa.func.avg(sa.case((done, passed))),
        )
        .where(*chosen.clauses())
        .group_by(key)
    ).all()
    recent = _latest(conn, key, [*chosen.clauses(), done], dialect)
    adapter = TRAINEE if by == "trainee" else SCENARIO_ID
    rows, matched, damaged = [], 0, 0
    for name, count, good, finished, best, average, rate in groups:
        if not valid(adapter, name):  # a name no summary could hold: a damaged row
            damaged += count
            continue
        matched += good
        damaged += count - good
        scores = recent.get(name, [])
        rows.append(_summed(name, finished, good - finished, best, average, rate, scores))
    rows.sort(key=lambda r: r.key)
    return Report(rows, matched, damaged)


def _latest(
    conn: sa.Connection,
    key: sa.ColumnElement[Any],
    where: list[sa.ColumnElement[bool]],
    dialect: str,
) -> dict[Any, list[float]]:
    """Each group's latest 2 x WINDOW scores, oldest first: all that `trend` looks at."""
    number = sa.func.row_number().over(partition_by=key, order_by=newest_first(dialect))
    ranked = (
        sa.select(raw(key).label("key"), raw(attempts.c.total).label("score"),
                  number.label("n"))
        .where(*where)
        .subquery()
    )
    found: dict[Any, list[tuple[int, float]]] = {}
    query = sa.select(ranked.c.key, ranked.c.score, ranked.c.n).where(ranked.c.n <= 2 * WINDOW)
    for name, score, n in conn.execute(query):
        found.setdefault(name, []).append((n, float(score)))
    return {name: [s for _, s in sorted(pairs, reverse=True)] for name, pairs in found.items()}


def _by_criterion(conn: sa.Connection, chosen: AttemptFilter, dialect: str) -> Report:
    ok = plausible(dialect)
    done = sa.and_(ok, attempts.c.total.is_not(None))
    columns: list[Any] = [
        sa.func.count(),
        sa.func.count(sa.case((ok, 1))),
        sa.func.count(sa.case((sa.and_(ok, attempts.c.total.is_(None)), 1))),
    ]
    for name in CRITERIA:
        has = sa.and_(done, attempts.c[name].is_not(None))
        value = raw(attempts.c[name])
        columns += [
            sa.func.count(sa.case((has, 1))),
            sa.func.max(sa.case((has, value))),
            sa.func.avg(sa.case((has, value))),
        ]
    count, good, in_progress, *sums = conn.execute(
        sa.select(*columns).where(*chosen.clauses())
    ).one()
    rows = []
    for n, name in enumerate(CRITERIA):
        finished, best, average = sums[3 * n : 3 * n + 3]
        latest = conn.execute(
            sa.select(raw(attempts.c[name]))
            .where(*chosen.clauses(), done, attempts.c[name].is_not(None))
            .order_by(*newest_first(dialect))
            .limit(2 * WINDOW)
        ).scalars()
        scores = [float(x) for x in latest][::-1]
        rows.append(_summed(name, finished, in_progress, best, average, None, scores))
    return Report(rows, int(good), int(count - good))


def _summed(
    key: str,
    finished: int,
    in_progress: int,
    best: Any,
    average: Any,
    rate: Any,
    scores: list[float],
) -> ReportRow:
    if not finished or not scores:
        return ReportRow(key, int(finished), int(in_progress), None, None, None, None, None)
    return ReportRow(
        key=key,
        attempts=int(finished),
        in_progress=int(in_progress),
        best=float(best),
        latest=scores[-1],
        average=float(average),
        pass_rate=None if rate is None else float(rate),
        trend=trend(scores),
    )
