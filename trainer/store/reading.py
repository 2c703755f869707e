"""Store methods that read many attempts: listings page by page, counts, the report, a
trainee's scores, best scores, and export's stream (mixed into Store, which provides the
connection, the error wording and the notes about damaged rows)."""

from __future__ import annotations

from collections.abc import Generator
from datetime import datetime

import sqlalchemy as sa

from trainer.store.filters import AttemptFilter
from trainer.store.listing import (
    Listed,
    Listing,
    Scores,
    best_scores,
    checked_rows,
    count_query,
    export_details,
    page_query,
    streamed,
    trainee_scores,
)
from trainer.store.models import TRAINEE
from trainer.store.part import StorePart
from trainer.store.records import AttemptDetail, AttemptSummary
from trainer.store.report import GroupBy, Report, aggregate
from trainer.store.rows import valid
from trainer.store.schema import attempts


class ReadingMixin(StorePart):
    """Store methods that list and count attempts (mixed into Store)."""

    def attempts(
        self,
        trainee: str | None = None,
        scenario: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[AttemptSummary]:
        """Newest first. `since` is inclusive and `until` exclusive, both on started_at.

        Damaged rows are left out and noted in `skipped` (reset by every listing)."""
        chosen = Listing(AttemptFilter(trainee, scenario, since, until))
        return [listed.summary for listed in self.page(chosen, limit=limit)]

    def page(self, chosen: Listing, offset: int = 0, limit: int | None = None) -> list[Listed]:
        """One page of a listing, filtered, searched and sorted in SQL; damaged rows noted."""
        return list(self.stream(chosen, offset, limit))

    def stream(
        self, chosen: Listing, offset: int = 0, limit: int | None = None
    ) -> Generator[Listed, None, None]:
        """A listing read a batch at a time, for output that should not wait for all of it."""
        self._forget_skipped()
        query = page_query(chosen, self.dialect, offset, limit)
        with self._errors("cannot read attempts"), self._read() as conn:
            yield from checked_rows(streamed(conn, query), self._skip, self.label)

    def count(self, chosen: Listing) -> int:
        with self._errors("cannot count attempts"), self._read() as conn:
            return int(conn.execute(count_query(chosen, self.dialect)).scalar_one())

    def report(self, chosen: AttemptFilter, by: GroupBy) -> Report:
        """Aggregated by the database; damaged attempts left out are counted in `skipped`."""
        self._forget_skipped()
        with self._errors("cannot read attempts"), self._read() as conn:
            found = aggregate(conn, chosen, by, self.dialect)
        if found.damaged:
            self._skip(
                f"{self.label}: {found.damaged} damaged attempt(s) left out of the report "
                "(`sales-trainer attempts --all` names each one)"
            )
        return found

    def scores(self, trainee: str, most: int) -> Scores:
        """The trainee's finished scores for a trend: how many, the first, the latest `most`."""
        with self._errors("cannot read scores"), self._read() as conn:
            return trainee_scores(conn, trainee, self.dialect, most)

    def best_scores(self, trainee: str) -> dict[str, float]:
        # Only plausible totals count: SQL's max() would rank a damaged 'abc' or NaN first.
        with self._errors("cannot read scores"), self._read() as conn:
            return best_scores(conn, trainee, self.dialect)

    def trainees(self) -> list[str]:
        raw = sa.type_coerce(attempts.c.trainee, sa.types.NullType())
        query = sa.select(raw).distinct().order_by(attempts.c.trainee)
        with self._errors("cannot read trainees"), self._read() as conn:
            names = list(conn.execute(query).scalars())
        return [n for n in names if valid(TRAINEE, n)]

    def export_rows(
        self,
        trainee: str | None = None,
        scenario: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        chosen: AttemptFilter | None = None,
    ) -> Generator[AttemptDetail, None, None]:
        """Oldest first, so an export reads like a log, streamed a batch at a time; damaged
        attempts are noted in `skipped` and left out, so every line written can be imported
        again. `chosen` replaces the four filters when given."""
        self._forget_skipped()
        chosen = chosen or AttemptFilter(trainee, scenario, since, until)
        with self._errors("cannot export"), self._read() as conn:
            yield from export_details(conn, chosen, self.dialect, self._skip, self.label)
