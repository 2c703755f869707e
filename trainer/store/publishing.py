"""Scenarios published to the shared database, so every trainee on it sees them in the library.

Each version is published once (by id and version), its text kept in scenario_sources under
its hash, so an attempt at it can always be opened again; retiring hides a scenario from the
library and keeps its versions and attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from trainer.store.errors import StoreError
from trainer.store.part import StorePart
from trainer.store.schema import published_scenarios, scenario_sources


@dataclass(frozen=True, slots=True)
class Published:
    scenario_id: str
    version: int
    hash: str
    title: str
    language: str
    published_at: datetime
    published_by: str
    retired_at: datetime | None


class PublishingMixin(StorePart):
    """Store methods for published scenarios (mixed into Store, which provides the rest)."""

    def publish(self, *, scenario_id: str, version: int, digest: str, title: str,
                language: str, text: str, by: str) -> str:
        """'published', or 'unchanged' when this very version is already there; a different
        text under a published id and version is refused (bump `version:`)."""
        table = published_scenarios
        now = datetime.now(UTC)
        with self._errors("cannot publish"), self._write() as conn:
            there = conn.execute(sa.select(table.c.hash, table.c.retired_at).where(
                table.c.scenario_id == scenario_id, table.c.version == version)).first()
            if there is not None:
                if there.hash != digest:
                    raise StoreError(
                        f"{scenario_id} version {version} is already published with other "
                        "content; raise `version:` in the file to publish a new one")
                if there.retired_at is not None:  # publishing it again brings it back
                    conn.execute(sa.update(table).where(
                        table.c.scenario_id == scenario_id).values(retired_at=None))
                    return "published"
                return "unchanged"
            self._save_source(conn, digest, text, now)
            conn.execute(sa.insert(table).values(
                scenario_id=scenario_id, version=version, hash=digest, title=title,
                language=language, published_at=now, published_by=by))
            # A new version brings a retired scenario back too.
            conn.execute(sa.update(table).where(table.c.scenario_id == scenario_id,
                                                table.c.retired_at.is_not(None))
                         .values(retired_at=None))
        return "published"

    def retire(self, scenario_id: str) -> int:
        """Hides every version of the scenario from the library; returns how many."""
        table = published_scenarios
        with self._errors("cannot retire"), self._write() as conn:
            done = conn.execute(sa.update(table).where(
                table.c.scenario_id == scenario_id, table.c.retired_at.is_(None))
                .values(retired_at=datetime.now(UTC)).returning(table.c.version)).all()
            if not done and conn.execute(sa.select(table.c.version).where(
                    table.c.scenario_id == scenario_id)).first() is None:
                raise StoreError(f"no published scenario {scenario_id!r}")
        return len(done)

    def published(self, include_retired: bool = False) -> list[Published]:
        """The latest version of each published scenario (all versions with retired ones)."""
        table = published_scenarios
        query = sa.select(table).order_by(table.c.scenario_id, table.c.version.desc())
        if not include_retired:
            query = query.where(table.c.retired_at.is_(None))
        with self._errors("cannot read published scenarios"), self._read() as conn:
            rows = [_published(r._mapping) for r in conn.execute(query)]
        if include_retired:
            return rows
        latest: dict[str, Published] = {}
        for row in rows:
            latest.setdefault(row.scenario_id, row)
        return list(latest.values())

    def published_text(self, item: Published) -> str | None:
        query = sa.select(scenario_sources.c.text).where(scenario_sources.c.hash == item.hash)
        with self._errors("cannot read a published scenario"), self._read() as conn:
            return conn.execute(query).scalar_one_or_none()


def _published(row: Any) -> Published:
    def aware(value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:  # SQLite gives naive datetimes back
            return value.replace(tzinfo=UTC)
        return value

    return Published(row["scenario_id"], row["version"], row["hash"], row["title"],
                     row["language"], aware(row["published_at"]) or datetime.now(UTC),
                     row["published_by"], aware(row["retired_at"]))
