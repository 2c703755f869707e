"""The tables as they stand at the latest schema version.

Migrations (migrations.py) are what create and change them; these definitions are what the
queries use, and a test checks that a migrated database matches them column for column.
"""

from __future__ import annotations

import sqlalchemy as sa

from trainer.scenario.models import CRITERIA

APP = "sales-call-trainer"

metadata = sa.MetaData()

# One row per application: a database shared with other tools can still tell whose it is.
schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("app", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

attempts = sa.Table(
    "attempts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("trainee", sa.String(200), nullable=False),
    sa.Column("scenario_id", sa.String(80), nullable=False),
    sa.Column("scenario_version", sa.Integer, nullable=False),
    sa.Column("scenario_hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("mode", sa.String(8), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ended_at", sa.DateTime(timezone=True)),
    sa.Column("outcome", sa.String(80)),
    sa.Column("result", sa.String(8)),
    sa.Column("total", sa.Float),
    sa.Column("passed", sa.Boolean),
    *(sa.Column(name, sa.Float) for name in CRITERIA),
    sa.Column("scorecard", sa.JSON(none_as_null=True)),
    sa.Column("grader", sa.String(40)),
)

turns = sa.Table(
    "turns",
    metadata,
    sa.Column("attempt_id", sa.String(36), sa.ForeignKey("attempts.id"), primary_key=True),
    # Order of writing; `idx` is the transcript index, which repeats after a rewind.
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("speaker", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("node", sa.String(80)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("meta", sa.JSON(none_as_null=True)),
    sa.Column("rewound", sa.Boolean, nullable=False),
)

scenario_sources = sa.Table(
    "scenario_sources",
    metadata,
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
)

teams = sa.Table(
    "teams",
    metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

team_members = sa.Table(
    "team_members",
    metadata,
    sa.Column("team", sa.String(80), sa.ForeignKey("teams.name"), primary_key=True),
    sa.Column("trainee", sa.String(200), primary_key=True),
)

# One scenario for a team or one trainee, by a date, frozen at the version it was assigned in.
assignments = sa.Table(
    "assignments",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("team", sa.String(80), sa.ForeignKey("teams.name")),
    sa.Column("trainee", sa.String(200)),
    sa.Column("scenario_id", sa.String(80), nullable=False),
    sa.Column("scenario_version", sa.Integer, nullable=False),
    sa.Column("scenario_hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("mode", sa.String(8), nullable=False),
    sa.Column("pass_mark", sa.Integer),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
)

# Scenarios an author published to the shared database: each version once, its text in
# scenario_sources by hash; retiring hides it from the library and keeps its history.
published_scenarios = sa.Table(
    "published_scenarios",
    metadata,
    sa.Column("scenario_id", sa.String(80), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_by", sa.String(200), nullable=False),
    sa.Column("retired_at", sa.DateTime(timezone=True)),
)

OUR_TABLES = frozenset(metadata.tables)

# Created by migrations 2 and 4; listed here so the current shape is readable in one place.
INDEXES = (
    sa.Index("ix_attempts_trainee", attempts.c.trainee),
    sa.Index("ix_attempts_scenario_id", attempts.c.scenario_id),
    sa.Index("ix_attempts_started_at", attempts.c.started_at),
    sa.Index("ix_attempts_trainee_started", attempts.c.trainee, attempts.c.started_at),
    sa.Index("ix_attempts_scenario_started", attempts.c.scenario_id, attempts.c.started_at),
    sa.Index("ix_attempts_grader", attempts.c.grader),
    sa.Index("ix_team_members_trainee", team_members.c.trainee),
    sa.Index("ix_assignments_trainee", assignments.c.trainee),
)
