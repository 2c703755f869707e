"""Teams, assignments and where each trainee stands on each assignment.

An assignment is one scenario, frozen at the version it was assigned in (its text is kept in
scenario_sources by hash), for a team or one trainee, by a date, in a mode, with a pass mark.
Where a trainee stands is read from their attempts at that frozen version since it was
assigned; stored scores are used as they are, never recomputed.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from trainer.scenario.models import CRITERIA
from trainer.store.errors import StoreError
from trainer.store.part import StorePart
from trainer.store.schema import assignments, attempts, scenario_sources, team_members, teams

TEAM_CHARS = 80
NAME_CHARS = 200
STATUSES = ("not started", "practising", "failed exam", "certified", "overdue")


def check_label(text: str, what: str, limit: int) -> str:
    """A team or trainee name: one printable line, trimmed, within the column."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise StoreError(f"{what} is empty")
    if any(unicodedata.category(ch)[0] == "C" for ch in cleaned):
        raise StoreError(f"{what} {cleaned[:40]!r} has control characters")
    if len(cleaned) > limit:
        raise StoreError(f"{what} is longer than {limit} characters")
    return cleaned


@dataclass(frozen=True, slots=True)
class Assignment:
    id: str
    team: str | None
    trainee: str | None
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    title: str
    due: date
    mode: str
    pass_mark: int | None
    created_at: datetime
    created_by: str

    @property
    def target(self) -> str:
        return f"team {self.team}" if self.team else f"trainee {self.trainee}"


@dataclass(frozen=True, slots=True)
class Standing:
    """One trainee on one assignment."""

    assignment: Assignment
    trainee: str
    status: str
    best: float | None
    attempts: int

    def to_dict(self) -> dict[str, Any]:
        a = self.assignment
        return {
            "assignment": a.id, "trainee": self.trainee, "scenario": a.scenario_id,
            "version": a.scenario_version, "title": a.title, "due": a.due.isoformat(),
            "mode": a.mode, "pass_mark": a.pass_mark, "status": self.status,
            "best": self.best, "attempts": self.attempts, "team": a.team,
        }


def standing_of(a: Assignment, scores: list[tuple[str, float | None, bool | None]],
                today: date) -> str:
    """`scores`: (mode, total, passed) of the trainee's finished attempts at the frozen
    version since it was assigned; an exam assignment is certified only by an exam."""
    def certifies(mode: str, total: float | None, passed: bool | None) -> bool:
        if a.mode == "exam" and mode != "exam":
            return False
        if total is None:
            return False
        return total >= a.pass_mark if a.pass_mark is not None else bool(passed)

    if any(certifies(*s) for s in scores):
        return "certified"
    if today > a.due:
        return "overdue"
    if any(mode == "exam" for mode, total, _ in scores if total is not None):
        return "failed exam"
    return "practising" if scores else "not started"


class TeamsMixin(StorePart):
    """Store methods for teams and assignments (mixed into Store, which provides the rest)."""

    def add_team(self, name: str, members: list[str]) -> tuple[bool, int]:
        """Creates the team if new and adds members not yet in it: (created, members added)."""
        name = check_label(name, "the team name", TEAM_CHARS)
        people = [check_label(m, "a member's name", NAME_CHARS) for m in members]
        with self._errors("cannot add the team"), self._write() as conn:
            created = conn.execute(sa.select(teams.c.name).where(teams.c.name == name)
                                   ).first() is None
            if created:
                conn.execute(sa.insert(teams).values(name=name, created_at=datetime.now(UTC)))
            present = set(conn.execute(sa.select(team_members.c.trainee)
                                       .where(team_members.c.team == name)).scalars())
            new = [p for p in dict.fromkeys(people) if p not in present]
            if new:
                conn.execute(sa.insert(team_members), [{"team": name, "trainee": p} for p in new])
        return created, len(new)

    def teams(self) -> dict[str, list[str]]:
        """Every team with its members, by name."""
        query = (sa.select(teams.c.name, team_members.c.trainee)
                 .select_from(teams.outerjoin(team_members, team_members.c.team == teams.c.name))
                 .order_by(teams.c.name, team_members.c.trainee))
        found: dict[str, list[str]] = {}
        with self._errors("cannot read teams"), self._read() as conn:
            for team, trainee in conn.execute(query):
                found.setdefault(team, [])
                if trainee is not None:
                    found[team].append(trainee)
        return found

    def assign(self, *, scenario_id: str, scenario_version: int, scenario_hash: str, title: str,
               source_text: str, due: date, mode: str, pass_mark: int | None, by: str,
               team: str | None = None, trainee: str | None = None) -> str:
        if (team is None) == (trainee is None):
            raise StoreError("assign to a team or to a trainee")
        if mode not in ("coach", "exam"):
            raise StoreError(f"mode must be coach or exam, not {mode!r}")
        if pass_mark is not None and not 0 <= pass_mark <= 100:
            raise StoreError(f"the pass mark must be 0–100, not {pass_mark}")
        now = datetime.now(UTC)
        assignment_id = str(uuid.uuid4())
        with self._errors("cannot save the assignment"), self._write() as conn:
            if team is not None:
                team = check_label(team, "the team name", TEAM_CHARS)
                if conn.execute(sa.select(teams.c.name).where(teams.c.name == team)
                                ).first() is None:
                    raise StoreError(f"no team named {team!r}; add it with `team add`")
            else:
                trainee = check_label(trainee or "", "the trainee's name", NAME_CHARS)
            self._save_source(conn, scenario_hash, source_text, now)
            conn.execute(sa.insert(assignments).values(
                id=assignment_id, team=team, trainee=trainee, scenario_id=scenario_id,
                scenario_version=scenario_version, scenario_hash=scenario_hash, title=title,
                due=due, mode=mode, pass_mark=pass_mark, created_at=now, created_by=by))
        return assignment_id

    def assignments(self, trainee: str | None = None, team: str | None = None
                    ) -> list[Assignment]:
        """Soonest due first; for a trainee, theirs directly and through their teams."""
        query = sa.select(assignments).order_by(assignments.c.due, assignments.c.title,
                                                assignments.c.id)
        if trainee is not None:
            their_teams = sa.select(team_members.c.team).where(team_members.c.trainee == trainee)
            query = query.where(sa.or_(assignments.c.trainee == trainee,
                                       assignments.c.team.in_(their_teams)))
        if team is not None:
            query = query.where(assignments.c.team == team)
        with self._errors("cannot read assignments"), self._read() as conn:
            return [_assignment(row._mapping) for row in conn.execute(query)]

    def assigned_source(self, assignment: Assignment) -> str | None:
        query = sa.select(scenario_sources.c.text).where(
            scenario_sources.c.hash == assignment.scenario_hash)
        with self._errors("cannot read the assigned scenario"), self._read() as conn:
            return conn.execute(query).scalar_one_or_none()

    def standings(self, trainee: str | None = None, team: str | None = None,
                  today: date | None = None) -> list[Standing]:
        """Each assigned trainee × assignment, with status and best score."""
        today = today or datetime.now(UTC).date()
        chosen = self.assignments(trainee=trainee, team=team)
        with self._errors("cannot read where trainees stand"), self._read() as conn:
            members: dict[str, list[str]] = {}
            for name, person in conn.execute(sa.select(team_members.c.team,
                                                       team_members.c.trainee)):
                members.setdefault(name, []).append(person)
            found: list[Standing] = []
            for a in chosen:
                people = [a.trainee] if a.trainee else sorted(members.get(a.team or "", []))
                if trainee is not None:
                    people = [p for p in people if p == trainee]
                scores = _scores(conn, a, people)
                for person in people:
                    mine = scores.get(person, [])
                    totals = [t for _, t, _ in mine if t is not None]
                    found.append(Standing(a, person, standing_of(a, mine, today),
                                          max(totals) if totals else None, len(mine)))
        return found

    def weakest_criteria(self, trainees: list[str]) -> dict[str, tuple[str, float]]:
        """For each trainee, the criterion with the lowest average across finished attempts."""
        if not trainees:
            return {}
        columns = [sa.func.avg(_plausible(attempts.c[name])).label(name) for name in CRITERIA]
        query = (sa.select(attempts.c.trainee, *columns)
                 .where(attempts.c.trainee.in_(trainees), attempts.c.ended_at.is_not(None))
                 .group_by(attempts.c.trainee))
        weakest: dict[str, tuple[str, float]] = {}
        with self._errors("cannot read criteria"), self._read() as conn:
            for row in conn.execute(query):
                averages = {n: float(row._mapping[n]) for n in CRITERIA
                            if row._mapping[n] is not None}
                if averages:
                    name = min(averages, key=lambda n: (averages[n], CRITERIA.index(n)))
                    weakest[row.trainee] = (name, averages[name])
        return weakest


def _plausible(column: Any) -> Any:
    # A damaged score (text, NaN, out of range) must not decide a trainee's weakest criterion.
    return sa.case((column.between(0, 100), column), else_=None)


def _scores(conn: sa.Connection, a: Assignment, people: list[str]
            ) -> dict[str, list[tuple[str, float | None, bool | None]]]:
    if not people:
        return {}
    query = (sa.select(attempts.c.trainee, attempts.c.mode, _plausible(attempts.c.total),
                       attempts.c.passed)
             .where(attempts.c.trainee.in_(people),
                    attempts.c.scenario_hash == a.scenario_hash,
                    attempts.c.started_at >= a.created_at,
                    attempts.c.ended_at.is_not(None)))
    found: dict[str, list[tuple[str, float | None, bool | None]]] = {}
    for person, mode, total, passed in conn.execute(query):
        score = float(total) if isinstance(total, int | float) else None
        found.setdefault(person, []).append((mode, score, passed if isinstance(passed, bool)
                                             else None))
    return found


def _assignment(row: Any) -> Assignment:
    created = row["created_at"]
    if created.tzinfo is None:  # SQLite gives naive datetimes back
        created = created.replace(tzinfo=UTC)
    return Assignment(
        id=row["id"], team=row["team"], trainee=row["trainee"],
        scenario_id=row["scenario_id"], scenario_version=row["scenario_version"],
        scenario_hash=row["scenario_hash"], title=row["title"], due=row["due"],
        mode=row["mode"], pass_mark=row["pass_mark"], created_at=created,
        created_by=row["created_by"],
    )
