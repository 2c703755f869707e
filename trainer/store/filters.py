"""The attempt filters a user types: dates for --since/--until, checked with a clear message,
and the same filters as SQL conditions, so a listing or a report never reads what it drops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from trainer.store.errors import StoreError
from trainer.store.rows import utc
from trainer.store.schema import attempts

_EDGE_EARLY = datetime.min.replace(tzinfo=UTC)
_EDGE_LATE = datetime.max.replace(tzinfo=UTC)
STATUSES = ("finished", "in-progress", "passed", "failed")


@dataclass(frozen=True, slots=True)
class AttemptFilter:
    trainee: str | None = None
    scenario: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    grader: str | None = None  # the grader version named in the stored scorecard
    status: str | None = None  # one of STATUSES

    def clauses(self) -> list[sa.ColumnElement[bool]]:
        """SQL conditions for these filters; each one an indexed column where one exists."""
        found: list[sa.ColumnElement[bool]] = []
        if self.trainee is not None:
            found.append(attempts.c.trainee == self.trainee)
        if self.scenario is not None:
            found.append(attempts.c.scenario_id == self.scenario)
        if self.since is not None:
            found.append(attempts.c.started_at >= utc(self.since))
        if self.until is not None:
            found.append(attempts.c.started_at < utc(self.until))
        if self.grader is not None:
            found.append(attempts.c.grader == self.grader)
        if self.status is not None:
            found.append(_status(self.status))
        return found


def _status(status: str) -> sa.ColumnElement[bool]:
    # The same states the summaries report: finished means an end was written; failed is
    # every finished attempt that did not pass (a missing flag included).
    ended = attempts.c.ended_at.is_not(None)
    if status == "in-progress":
        return attempts.c.ended_at.is_(None)
    if status == "finished":
        return ended
    if status == "passed":
        return sa.and_(ended, attempts.c.passed.is_(True))
    if status == "failed":
        return sa.and_(ended, sa.or_(attempts.c.passed.is_(None), attempts.c.passed.is_(False)))
    raise StoreError(f"--status must be one of {', '.join(STATUSES)}, not {status!r}")


def parse_when(text: str, *, end_of_day: bool = False, option: str = "date") -> datetime:
    """ISO date or date-time; times without a zone are UTC.

    A bare date as an upper bound means the whole of that day (the next midnight, exclusive).
    """
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1) if end_of_day else start
        moment = datetime.fromisoformat(raw)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except ValueError:
        raise StoreError(
            f"{option}: {text!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)"
        ) from None
    except OverflowError:
        # The day after 9999-12-31, or year 1 moved back by its offset: past either end of
        # the calendar every attempt is inside the bound, so the bound is the calendar's end.
        return _EDGE_LATE if _late(raw) else _EDGE_EARLY


def _late(raw: str) -> bool:
    return raw[:4].isdigit() and int(raw[:4]) > 5000


def make_filter(
    trainee: str | None,
    scenario: str | None,
    since: str | None,
    until: str | None,
    grader: str | None = None,
    status: str | None = None,
) -> AttemptFilter:
    start = parse_when(since, option="--since") if since else None
    stop = parse_when(until, end_of_day=True, option="--until") if until else None
    if start is not None and stop is not None and stop <= start:
        raise StoreError(f"--until ({until}) must be after --since ({since})")
    return AttemptFilter(trainee, scenario, start, stop, grader, status)
