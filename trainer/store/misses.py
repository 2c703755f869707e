"""Replies the prospect did not understand, from recorded attempts: what an author needs to
teach a scenario the trainees' own words.

Every trainee turn that fell back or drew a clarifying question keeps, in its meta, the node,
the reason and the nearest branches with their scores (the engine writes them); this reads
them back, grouped by scenario, node and nearest branch. Turns undone with a rewind count too:
the reply was still not understood.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from trainer.store.part import StorePart
from trainer.store.rows import utc
from trainer.store.schema import attempts, turns

BATCH = 500


@dataclass(frozen=True, slots=True)
class Miss:
    scenario_id: str
    scenario_version: int
    node: str
    reply: str
    reason: str
    candidates: tuple[tuple[str, float], ...]
    trainee: str
    when: datetime

    @property
    def nearest(self) -> str:
        return self.candidates[0][0] if self.candidates else "(no branch)"


@dataclass
class MissGroup:
    scenario_id: str
    node: str
    nearest: str
    misses: list[Miss] = field(default_factory=list)


def as_miss(row: Any) -> Miss | None:
    """A turn row as a miss, or None when it was understood (or its meta is not readable)."""
    meta = row.meta
    fallback = meta.get("fallback") if isinstance(meta, dict) else None
    if not isinstance(row.created_at, datetime) or not isinstance(row.text, str):
        return None  # a damaged row: left out like everywhere else
    if not isinstance(fallback, dict) or fallback.get("reason") == "empty":
        return None
    raw = fallback.get("candidates")
    candidates: list[tuple[str, float]] = []
    if isinstance(raw, list):
        for item in raw:
            if (isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str)
                    and isinstance(item[1], int | float)):
                candidates.append((item[0], float(item[1])))
    if not candidates and isinstance(fallback.get("best_intent"), str) and isinstance(
            fallback.get("best_score"), int | float):  # recorded before candidates were kept
        candidates.append((fallback["best_intent"], float(fallback["best_score"])))
    return Miss(row.scenario_id, row.scenario_version, row.node or "?", row.text,
                str(fallback.get("reason", "?")), tuple(candidates), row.trainee,
                utc(row.created_at))


def grouped(misses: list[Miss]) -> list[MissGroup]:
    """By scenario, node and nearest branch; the biggest groups first within a scenario."""
    groups: dict[tuple[str, str, str], MissGroup] = {}
    for miss in misses:
        key = (miss.scenario_id, miss.node, miss.nearest)
        groups.setdefault(key, MissGroup(*key)).misses.append(miss)
    return sorted(groups.values(), key=lambda g: (g.scenario_id, -len(g.misses), g.node,
                                                  g.nearest))


class MissesMixin(StorePart):
    """Store methods for misses (mixed into Store, which provides the rest)."""

    def misses(self, scenario: str | None = None, since: datetime | None = None) -> list[Miss]:
        return list(self.iter_misses(scenario, since))

    def iter_misses(self, scenario: str | None = None,
                    since: datetime | None = None) -> Iterator[Miss]:
        query = (sa.select(attempts.c.scenario_id, attempts.c.scenario_version,
                           attempts.c.trainee, turns.c.node, turns.c.text, turns.c.meta,
                           turns.c.created_at)
                 .select_from(turns.join(attempts, attempts.c.id == turns.c.attempt_id))
                 .where(turns.c.speaker == "trainee")
                 .order_by(turns.c.created_at))
        if scenario is not None:
            query = query.where(attempts.c.scenario_id == scenario)
        if since is not None:
            query = query.where(turns.c.created_at >= utc(since))
        with self._errors("cannot read misses"), self._read() as conn:
            result = conn.execution_options(yield_per=BATCH).execute(query)
            for row in result:
                miss = as_miss(row)
                if miss is not None:
                    yield miss
