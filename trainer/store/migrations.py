"""Schema versions: an ordered list of migrations, applied in one transaction on open.

Each migration describes the tables as they were at its own version (never the current
definitions in schema.py, which move on), and only ever adds: no table or column is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from trainer.store.errors import StoreError, first_line
from trainer.store.schema import APP, OUR_TABLES, schema_version

Migration = Callable[[sa.Connection], None]

# Any constant will do: it serialises concurrent first opens of one PostgreSQL database.
_PG_LOCK_KEY = 0x5A1E5_7A1


def _v1_attempts_and_turns(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "schema_version",
        md,
        sa.Column("app", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "attempts",
        md,
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
        sa.Column("needs_discovery", sa.Float),
        sa.Column("politeness", sa.Float),
        sa.Column("objection_handling", sa.Float),
        sa.Column("closing", sa.Float),
        sa.Column("scorecard", sa.JSON(none_as_null=True)),
    )
    sa.Table(
        "turns",
        md,
        sa.Column("attempt_id", sa.String(36), sa.ForeignKey("attempts.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("node", sa.String(80)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("meta", sa.JSON(none_as_null=True)),
        sa.Column("rewound", sa.Boolean, nullable=False),
    )
    md.create_all(conn)


def _v2_scenario_snapshots_and_indexes(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "scenario_sources",
        md,
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )
    md.create_all(conn)
    # Reports filter by trainee, scenario and date.
    for column in ("trainee", "scenario_id", "started_at"):
        conn.exec_driver_sql(f"CREATE INDEX ix_attempts_{column} ON attempts ({column})")


# A finished attempt is a graded record: the server, not our code, keeps it as it was graded,
# whoever connects and whatever client they use. SQLite is single-user and stays as it was.
_FINISHED_LOCK = r"""
CREATE OR REPLACE FUNCTION sales_trainer_attempt_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.ended_at IS NOT NULL THEN
        RAISE EXCEPTION 'attempt % is finished and can no longer be changed or deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION sales_trainer_turn_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target varchar;
BEGIN
    IF TG_OP = 'INSERT' THEN target := NEW.attempt_id; ELSE target := OLD.attempt_id; END IF;
    -- An import writes a finished attempt and then its turns in one transaction: rows of an
    -- attempt this very transaction wrote are still being written, not changed afterwards.
    IF EXISTS (SELECT 1 FROM attempts WHERE id = target AND ended_at IS NOT NULL
               AND xmin <> pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'attempt % is finished; its turns can no longer be changed', target
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS attempts_finished_locked ON attempts;
CREATE TRIGGER attempts_finished_locked BEFORE UPDATE OR DELETE ON attempts
    FOR EACH ROW EXECUTE FUNCTION sales_trainer_attempt_locked();
DROP TRIGGER IF EXISTS turns_finished_locked ON turns;
CREATE TRIGGER turns_finished_locked BEFORE INSERT OR UPDATE OR DELETE ON turns
    FOR EACH ROW EXECUTE FUNCTION sales_trainer_turn_locked();
"""


def _v3_finished_attempts_locked(conn: sa.Connection) -> None:
    if conn.dialect.name == "postgresql":
        run_script(conn, _FINISHED_LOCK)


def run_script(conn: sa.Connection, sql: str) -> None:
    """SQL with no parameters, through the driver's cursor, so that PL/pgSQL's own '%' is
    not taken for a placeholder; it runs in the connection's transaction."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def _v4_teams_assignments_and_grader(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "teams",
        md,
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "team_members",
        md,
        sa.Column("team", sa.String(80), sa.ForeignKey("teams.name"), primary_key=True),
        sa.Column("trainee", sa.String(200), primary_key=True),
    )
    sa.Table(
        "assignments",
        md,
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
    md.create_all(conn)
    conn.exec_driver_sql("CREATE INDEX ix_team_members_trainee ON team_members (trainee)")
    conn.exec_driver_sql("CREATE INDEX ix_assignments_trainee ON assignments (trainee)")
    # The grader that graded an attempt, as a column so reports can filter on it in SQL;
    # copied from each stored scorecard, never recomputed.
    conn.exec_driver_sql("ALTER TABLE attempts ADD COLUMN grader VARCHAR(40)")
    if conn.dialect.name == "postgresql":
        run_script(conn, """
            ALTER TABLE attempts DISABLE TRIGGER attempts_finished_locked;
            UPDATE attempts SET grader = left(scorecard->>'grader', 40)
             WHERE scorecard IS NOT NULL AND json_typeof(scorecard) = 'object';
            ALTER TABLE attempts ENABLE TRIGGER attempts_finished_locked;
        """)
    else:
        conn.exec_driver_sql(
            "UPDATE attempts SET grader = substr(json_extract(scorecard, '$.grader'), 1, 40) "
            "WHERE json_valid(scorecard) AND json_type(scorecard) = 'object' "
            "AND json_type(scorecard, '$.grader') = 'text'"
        )
    # Listing and reports filter by trainee or scenario and order by date.
    conn.exec_driver_sql(
        "CREATE INDEX ix_attempts_trainee_started ON attempts (trainee, started_at)")
    conn.exec_driver_sql(
        "CREATE INDEX ix_attempts_scenario_started ON attempts (scenario_id, started_at)")
    conn.exec_driver_sql("CREATE INDEX ix_attempts_grader ON attempts (grader)")


def _v5_published_scenarios(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "published_scenarios",
        md,
        sa.Column("scenario_id", sa.String(80), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(200), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True)),
    )
    md.create_all(conn)


MIGRATIONS: list[Migration] = [
    _v1_attempts_and_turns,
    _v2_scenario_snapshots_and_indexes,
    _v3_finished_attempts_locked,
    _v4_teams_assignments_and_grader,
    _v5_published_scenarios,
]
LATEST = len(MIGRATIONS)


def current_version(conn: sa.Connection, label: str) -> int:
    """0 for an empty database, else our schema version; raises for anything not ours."""
    names = set(sa.inspect(conn).get_table_names())
    if "schema_version" not in names:
        ours = sorted(names & OUR_TABLES)
        if ours:
            raise StoreError(
                f"{label}: has table(s) {', '.join(ours)} but no schema_version table; "
                "it was not written by sales-trainer (or is damaged), so it was left untouched"
            )
        # A SQLite file belongs to one application; a PostgreSQL database may be shared
        # with other tools' tables, which we leave alone beside ours.
        if names and conn.dialect.name == "sqlite":
            shown = ", ".join(sorted(names)[:5]) + (", …" if len(names) > 5 else "")
            raise StoreError(
                f"{label}: belongs to another application (tables: {shown}); "
                "it was left untouched — choose another file with --db"
            )
        return 0
    try:
        row = conn.execute(
            sa.select(schema_version.c.version).where(schema_version.c.app == APP)
        ).first()
    except sa.exc.DBAPIError as exc:
        raise StoreError(
            f"{label}: its schema_version table is not sales-trainer's ({first_line(exc)})"
        ) from None
    if row is None:
        raise StoreError(
            f"{label}: has a schema_version table without a sales-trainer entry; "
            "it belongs to another application, so it was left untouched"
        )
    version = row.version
    if isinstance(version, bool) or not isinstance(version, int):
        # SQLite keeps whatever was written: a damaged row is refused, never guessed at.
        raise StoreError(
            f"{label}: has an invalid schema version {str(version)[:20]!r} "
            "(the file is damaged); it was left untouched"
        )
    if version > LATEST:
        raise StoreError(
            f"{label}: was written by a newer sales-trainer (schema version {version}; "
            f"this one knows up to {LATEST}); upgrade sales-trainer to open it"
        )
    if version < 1:
        raise StoreError(f"{label}: has an invalid schema version {version}")
    return version


def upgrade(conn: sa.Connection, label: str) -> tuple[int, int]:
    """Bring the database to LATEST inside the caller's transaction; returns (from, to)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    before = current_version(conn, label)
    for migration in MIGRATIONS[before:]:
        migration(conn)
    if before == LATEST:
        return before, before
    now = datetime.now(UTC)
    if before == 0:
        conn.execute(sa.insert(schema_version).values(app=APP, version=LATEST, updated_at=now))
    else:
        conn.execute(
            sa.update(schema_version)
            .where(schema_version.c.app == APP)
            .values(version=LATEST, updated_at=now)
        )
    return before, LATEST
