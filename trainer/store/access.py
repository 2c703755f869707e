"""Who may do what on a shared PostgreSQL database: roles, grants and row-level security.

The rules live in the server, so they hold whatever client connects: a trainee's database user
writes and reads only attempts under its own name (= current_user), a lead reads the team's,
an author publishes scenarios, and a finished attempt is locked by a trigger (migrations.py).
The steps are versioned like the schema (their own row in schema_version) and only ever add
roles, grants and policies: nothing here drops a table, a column or a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from trainer.store.errors import StoreError
from trainer.store.migrations import run_script
from trainer.store.schema import schema_version

ACCESS_APP = "sales-call-trainer:access"
ROLES = {"trainee": "sales_trainee", "lead": "sales_lead", "author": "sales_author"}
GROUPS = tuple(ROLES.values())
# A login name as a team writes it: letters (any script), digits, _ . - ; PostgreSQL's 63 bytes.
_NAME = re.compile(r"^[^\W\d][\w.-]*$")
NAME_BYTES = 63

Step = Callable[[sa.Connection], None]


def _create_group_roles(conn: sa.Connection) -> None:
    for role in GROUPS:
        # Roles belong to the whole server: another database on it may have made them already,
        # and two first inits at once must not fail on each other.
        run_script(
            conn,
            f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                    CREATE ROLE {role} NOLOGIN;
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$"""
        )


def _grant(conn: sa.Connection) -> None:
    everyone = ", ".join(GROUPS)
    run_script(
        conn,
        f"""DO $$ BEGIN
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO {everyone}', current_database());
        END $$"""
    )
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {everyone}")
    conn.exec_driver_sql(f"GRANT SELECT ON schema_version TO {everyone}")
    # Scenario texts are keyed by their own hash: anyone who plays may add one, nobody edits.
    conn.exec_driver_sql(f"GRANT SELECT, INSERT ON scenario_sources TO {everyone}")
    # Everyone practises under their own name (UPDATE writes the turns' rewinds and the finish
    # of an open attempt; the trigger refuses it once finished). No one is granted DELETE.
    conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE ON attempts, turns TO {everyone}")


def _row_security(conn: sa.Connection) -> None:
    everyone = ", ".join(GROUPS)
    own_turn = (
        "EXISTS (SELECT 1 FROM attempts a WHERE a.id = turns.attempt_id "
        "AND a.trainee = current_user)"
    )
    policies = {
        ("attempts", "own_attempts"): (
            f"FOR ALL TO {everyone} USING (trainee = current_user) "
            "WITH CHECK (trainee = current_user)"
        ),
        ("attempts", "lead_reads_attempts"): "FOR SELECT TO sales_lead USING (true)",
        ("turns", "own_turns"): f"FOR ALL TO {everyone} USING ({own_turn}) WITH CHECK ({own_turn})",
        ("turns", "lead_reads_turns"): "FOR SELECT TO sales_lead USING (true)",
    }
    for table in ("attempts", "turns"):
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for (table, name), body in policies.items():
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_policies WHERE tablename = :t AND policyname = :p"),
            {"t": table, "p": name},
        ).first()
        if exists is None:
            conn.exec_driver_sql(f"CREATE POLICY {name} ON {table} {body}")


def _grant_team_tables(conn: sa.Connection) -> None:
    everyone = ", ".join(GROUPS)
    tables = "teams, team_members, assignments"
    # Everyone sees what is assigned to whom; only a lead sets teams and assignments.
    conn.exec_driver_sql(f"GRANT SELECT ON {tables} TO {everyone}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON {tables} TO sales_lead")


def _grant_publishing(conn: sa.Connection) -> None:
    everyone = ", ".join(GROUPS)
    conn.exec_driver_sql(f"GRANT SELECT ON published_scenarios TO {everyone}")
    # Publishing adds a version; retiring stamps retired_at. Nobody deletes one.
    conn.exec_driver_sql("GRANT INSERT, UPDATE ON published_scenarios TO sales_author")


STEPS: list[Step] = [_create_group_roles, _grant, _row_security, _grant_team_tables,
                     _grant_publishing]
LATEST = len(STEPS)


def access_version(conn: sa.Connection) -> int:
    row = conn.execute(
        sa.select(schema_version.c.version).where(schema_version.c.app == ACCESS_APP)
    ).first()
    return int(row.version) if row is not None else 0


def apply(conn: sa.Connection) -> tuple[int, int]:
    """Brings roles, grants and policies to LATEST in the caller's transaction."""
    before = access_version(conn)
    for step in STEPS[before:]:
        step(conn)
    # Run again even when up to date: each step is idempotent, and a table made after a
    # restore, or a grant revoked by hand, is put right by running init once more.
    if before == LATEST:
        for step in STEPS:
            step(conn)
        return before, before
    now = datetime.now(UTC)
    if before == 0:
        conn.execute(sa.insert(schema_version).values(app=ACCESS_APP, version=LATEST,
                                                      updated_at=now))
    else:
        conn.execute(sa.update(schema_version).where(schema_version.c.app == ACCESS_APP)
                     .values(version=LATEST, updated_at=now))
    return before, LATEST


def check_user_name(name: str) -> str:
    """A new database user's name, refused in words when PostgreSQL would trip over it."""
    name = name.strip()
    if not name or not _NAME.match(name):
        raise StoreError(
            f"{name[:40]!r} is not a usable user name: start with a letter; then letters, "
            "digits, '_', '.' or '-'"
        )
    if len(name.encode("utf-8")) > NAME_BYTES:
        raise StoreError(f"the user name is longer than PostgreSQL's {NAME_BYTES} bytes")
    if name.lower().startswith("pg_") or name in GROUPS or name.lower() == "public":
        raise StoreError(f"{name!r} is reserved; choose another user name")
    return name


def add_user(conn: sa.Connection, name: str, role: str, password: str | None) -> bool:
    """Creates (or updates) a login user in one of our roles; True when it was new.

    The password reaches the server already hashed (SCRAM, computed by libpq on this side), so
    no plain password is ever in a statement, an error message or the server's log."""
    group = ROLES[role]
    name = check_user_name(name)
    if access_version(conn) == 0:
        raise StoreError("the database has no roles yet: run `sales-trainer db init` first")
    quoted = conn.dialect.identifier_preparer.quote_identifier(name)
    new = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    if new is None:
        conn.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
    conn.exec_driver_sql(f"GRANT {group} TO {quoted}")
    if password is not None:
        hashed = _scram(conn, password, name)
        literal = "'" + hashed.replace("'", "''") + "'"
        conn.exec_driver_sql(f"ALTER ROLE {quoted} PASSWORD {literal}")
    return new is None


def _scram(conn: sa.Connection, password: str, user: str) -> str:
    raw = conn.connection.dbapi_connection
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is None:
        raise StoreError("setting a password needs the psycopg driver")
    hashed: bytes = pgconn.encrypt_password(password.encode("utf-8"), user.encode("utf-8"),
                                            b"scram-sha-256")
    return hashed.decode("ascii")


def bound_user(conn: sa.Connection) -> str | None:
    """The database user whose name the server enforces on attempts, or None when this
    connection may write under any name (SQLite, a database without roles, an admin)."""
    if conn.dialect.name != "postgresql":
        return None
    row = conn.execute(
        sa.text(
            """SELECT current_user AS name,
                      (SELECT relrowsecurity FROM pg_class
                        WHERE oid = to_regclass('attempts')) AS guarded,
                      r.rolsuper OR r.rolbypassrls AS exempt,
                      pg_catalog.pg_get_userbyid(c.relowner) = current_user AS owner,
                      EXISTS (SELECT 1 FROM pg_auth_members m
                                JOIN pg_roles g ON g.oid = m.roleid
                               WHERE m.member = r.oid AND g.rolname = ANY(:groups)) AS member
                 FROM pg_roles r, pg_class c
                WHERE r.rolname = current_user AND c.oid = to_regclass('attempts')"""
        ),
        {"groups": list(GROUPS)},
    ).first()
    if row is None or not row.guarded or row.exempt or row.owner or not row.member:
        return None
    return str(row.name)
