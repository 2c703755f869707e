"""Roles on a shared PostgreSQL database, enforced by the real server: a trainee reads and
writes only their own attempts, a lead reads the team's, and nobody changes a finished attempt.
Every refusal reaches the user as one line, without the password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.store import open_store
from trainer.store.errors import StoreError

from .helpers import played
from .pg import Server

REPO = Path(__file__).resolve().parents[2]
STRONG = [
    "Hi Mike, this is Sam from NordParts, I know I'm calling out of the blue. Do you have two "
    "minutes?",
    "Thanks. How do you order your parts at the moment?",
]
_RUN = f"{os.getpid()}"


def _cli(db_url: str, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, *args], obj={}, input=stdin)


def _as(url: str, user: str) -> str:
    return sa.make_url(url).set(username=user).render_as_string(hide_password=False)


@pytest.fixture
def team(pg_server: Server) -> dict[str, str]:
    """A database set up with `db init`, and one trainee, a second trainee and a lead."""
    admin = pg_server.new_database()
    assert _cli(admin, "db", "init").exit_code == 0
    urls = {"admin": admin}
    for key, role in (("ola", "trainee"), ("kari", "trainee"), ("lead", "lead")):
        name = f"{key}_{_RUN}"
        result = _cli(admin, "db", "add-user", name, "--role", role, "--no-password")
        assert result.exit_code == 0, result.output
        urls[key] = _as(admin, name)
    return urls


def _insert_raw(conn: sa.Connection, trainee: str) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO attempts (id, trainee, scenario_id, scenario_version, scenario_hash, "
            "title, language, mode, started_at) VALUES (gen_random_uuid()::text, :t, 'demo', 1, "
            "'x', 'Demo', 'en', 'coach', now())"
        ),
        {"t": trainee},
    )


def test_init_is_idempotent_and_keeps_what_is_there(pg_server: Server) -> None:
    url = pg_server.new_database()
    with open_store(url) as store:
        played(store, trainee="Sam")
    first = _cli(url, "db", "init")
    assert first.exit_code == 0, first.output
    assert "roles sales_trainee, sales_lead, sales_author created" in first.output
    again = _cli(url, "db", "init")
    assert again.exit_code == 0 and "up to date" in again.output
    with open_store(url) as store:
        assert [a.trainee for a in store.attempts()] == ["Sam"]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        secured = conn.execute(sa.text(
            "SELECT relname FROM pg_class WHERE relrowsecurity AND relname IN "
            "('attempts', 'turns') ORDER BY relname")).scalars().all()
    engine.dispose()
    assert secured == ["attempts", "turns"]


def test_a_trainee_records_under_their_own_name_and_sees_only_their_own(
    team: dict[str, str], tmp_path: Path
) -> None:
    script = tmp_path / "replies.txt"
    script.write_text("\n".join(STRONG) + "\n", encoding="utf-8")
    played_as_ola = _cli(team["ola"], "play", "cold-call-car-parts", "--script", str(script),
                         "--save", "--trainee", "Someone Else")
    assert played_as_ola.exit_code == 0, played_as_ola.output
    with open_store(team["ola"]) as ola:
        assert ola.bound_user == f"ola_{_RUN}"
        assert [a.trainee for a in ola.attempts()] == [f"ola_{_RUN}"]
    with open_store(team["kari"]) as kari:
        played(kari, trainee=f"kari_{_RUN}")
        assert [a.trainee for a in kari.attempts()] == [f"kari_{_RUN}"]
        assert kari.trainees() == [f"kari_{_RUN}"]
    with open_store(team["lead"]) as lead:
        assert sorted(a.trainee for a in lead.attempts()) == [f"kari_{_RUN}", f"ola_{_RUN}"]
        ola_attempt = next(a for a in lead.attempts() if a.trainee.startswith("ola"))
        assert lead.attempt(ola_attempt.id).turns  # the lead reads the transcript too
    with open_store(team["admin"]) as admin:
        assert admin.bound_user is None  # the owner may import under any name


def test_the_server_refuses_another_name_and_changes_to_finished_attempts(
    team: dict[str, str],
) -> None:
    with open_store(team["kari"]) as kari:
        finished = played(kari, trainee=f"kari_{_RUN}")
        with pytest.raises(StoreError) as refused:
            kari.start_attempt(f"ola_{_RUN}", "demo", 1, "x" * 64, "Demo", "en", "coach")
        assert "row-level security" in str(refused.value)
        assert "\n" not in str(refused.value)
    engine = sa.create_engine(team["kari"])
    try:
        for statement in (
            "UPDATE attempts SET total = 100 WHERE id = :id",
            "DELETE FROM attempts WHERE id = :id",
            "UPDATE turns SET text = 'edited' WHERE attempt_id = :id",
            "DELETE FROM turns WHERE attempt_id = :id",
        ):
            with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError):
                conn.execute(sa.text(statement), {"id": finished})
                conn.commit()
        with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError):
            _insert_raw(conn, f"ola_{_RUN}")
            conn.commit()
    finally:
        engine.dispose()
    # Not even the owner changes a finished attempt: the lock is the server's, not a grant.
    owner = sa.create_engine(team["admin"])
    try:
        with owner.connect() as conn, pytest.raises(sa.exc.DBAPIError, match="is finished"):
            conn.execute(sa.text("UPDATE attempts SET total = 1 WHERE id = :id"),
                         {"id": finished})
    finally:
        owner.dispose()
    with open_store(team["lead"]) as lead:
        assert lead.attempt(finished).summary.total == 75.0


def test_a_lead_reads_but_cannot_rewrite_the_team(team: dict[str, str]) -> None:
    with open_store(team["ola"]) as ola:
        open_attempt = played(ola, trainee=f"ola_{_RUN}", finish=False)
    with open_store(team["lead"]) as lead, pytest.raises(StoreError):
        lead.add_turn(open_attempt, 5, "trainee", "words put in a trainee's mouth")
    with open_store(team["ola"]) as ola:
        assert ola.count_turns(open_attempt) == 2


def test_refusals_are_one_line_without_the_password(team: dict[str, str], tmp_path: Path) -> None:
    with open_store(team["ola"]) as ola:
        played(ola, trainee=f"ola_{_RUN}")
    exported = tmp_path / "ola.jsonl"
    assert _cli(team["ola"], "export", "-o", str(exported)).exit_code == 0
    secret = "Hunter2-Secret"
    kari = sa.make_url(team["kari"]).set(password=secret).render_as_string(hide_password=False)
    done = _run_cli(kari, "import", str(exported))
    assert done.returncode != 0
    assert "row-level security" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert secret not in done.stderr
    denied = _run_cli(kari, "db", "add-user", f"x_{_RUN}", "--role", "lead",
                      "--password-stdin", stdin=f"{secret}\n")
    assert denied.returncode != 0
    assert "permission denied" in denied.stderr and secret not in denied.stderr
    assert len(denied.stderr.strip().splitlines()) == 1


def _run_cli(db: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SALES_TRAINER_DB": db, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "trainer", *args], capture_output=True,
                          text=True, input=stdin, env=env, cwd=REPO, timeout=120)


def test_add_user_sets_a_hashed_password_and_checks_its_input(pg_server: Server) -> None:
    url = pg_server.new_database()
    before_init = _cli(url, "db", "add-user", f"early_{_RUN}", "--role", "trainee",
                       "--no-password")
    assert before_init.exit_code != 0 and "db init" in str(before_init.exception)
    assert _cli(url, "db", "init").exit_code == 0
    name = f"pw_{_RUN}"
    made = _cli(url, "db", "add-user", name, "--role", "trainee", "--password-stdin",
                stdin="correct horse\n")
    assert made.exit_code == 0 and "created" in made.output and "password set" in made.output
    again = _cli(url, "db", "add-user", name, "--role", "lead", "--no-password")
    assert again.exit_code == 0 and "updated" in again.output
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"),
                              {"n": name}).scalar_one()
        groups = conn.execute(sa.text(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n ORDER BY 1"),
            {"n": name}).scalars().all()
    engine.dispose()
    assert stored.startswith("SCRAM-SHA-256$") and "correct horse" not in stored
    assert groups == ["sales_lead", "sales_trainee"]
    for bad in ("1abc", "pg_admin", "sales_lead", "a b", "x" * 64, "robert'); drop table x;--"):
        refused = _cli(url, "db", "add-user", bad, "--role", "trainee", "--no-password")
        assert refused.exit_code != 0 and isinstance(refused.exception, StoreError), bad


def test_init_on_sqlite_says_roles_are_for_postgresql(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    result = _cli(db, "db", "init")
    assert result.exit_code == 0 and "one user" in result.output
    refused = _cli(db, "db", "add-user", "ola", "--role", "trainee", "--no-password")
    assert refused.exit_code != 0 and "PostgreSQL" in str(refused.exception)


def test_the_readme_setup_works_for_an_admin_who_is_not_a_superuser(pg_server: Server) -> None:
    """As in "Running it for a team": an admin with CREATEROLE owns the database and sets up
    the team without superuser rights."""
    admin_name, db_name = f"trainer_admin_{_RUN}", f"sales_{_RUN}"
    root = sa.create_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    try:
        with root.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db_name}"')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{admin_name}"')
            conn.exec_driver_sql(f'CREATE ROLE "{admin_name}" LOGIN CREATEROLE')
            conn.exec_driver_sql(f'CREATE DATABASE "{db_name}" OWNER "{admin_name}"')
        admin = (sa.make_url(pg_server.admin_url).set(username=admin_name, database=db_name)
                 .render_as_string(hide_password=False))
        init = _cli(admin, "db", "init")
        assert init.exit_code == 0, init.output
        added = _cli(admin, "db", "add-user", f"solveig_{_RUN}", "--role", "trainee",
                     "--no-password")
        assert added.exit_code == 0, added.output
        with open_store(_as(admin, f"solveig_{_RUN}")) as solveig:
            played(solveig, trainee=f"solveig_{_RUN}")
            assert solveig.bound_user == f"solveig_{_RUN}"
        with open_store(admin) as owner:
            assert [a.trainee for a in owner.attempts()] == [f"solveig_{_RUN}"]
    finally:
        with root.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        root.dispose()


def test_only_a_lead_sets_teams_and_assignments(team: dict[str, str]) -> None:
    refused = _run_cli(team["ola"], "team", "add", "Oslo", "--member", f"ola_{_RUN}")
    assert refused.returncode != 0 and "permission denied" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _cli(team["lead"], "team", "add", "Oslo", "--member", f"ola_{_RUN}").exit_code == 0
    made = _cli(team["lead"], "assign", "--team", "Oslo", "--scenario", "cold-call-car-parts",
                "--due", "2030-01-31")
    assert made.exit_code == 0, made.output
    with open_store(team["ola"]) as ola:  # the trainee sees what is assigned to them
        [mine] = ola.assignments(trainee=f"ola_{_RUN}")
        assert mine.created_by == f"lead_{_RUN}"
        assert [s.status for s in ola.standings(trainee=f"ola_{_RUN}")] == ["not started"]


def test_an_author_publishes_and_a_trainee_cannot(team: dict[str, str], tmp_path: Path) -> None:
    name = f"author_{_RUN}"
    assert _cli(team["admin"], "db", "add-user", name, "--role", "author",
                "--no-password").exit_code == 0
    source = (REPO / "scenarios" / "en" / "cold-call-car-parts.yaml").read_text("utf-8")
    file = tmp_path / "team-parts.yaml"
    file.write_text(source.replace("id: cold-call-car-parts", "id: team-parts"), "utf-8")
    refused = _run_cli(team["ola"], "publish", str(file))
    assert refused.returncode != 0 and "permission denied" in refused.stderr.splitlines()[-1]
    made = _cli(_as(team["admin"], name), "publish", str(file))
    assert made.exit_code == 0, made.output
    with open_store(team["ola"]) as ola:
        [item] = ola.published()
        assert item.published_by == name
