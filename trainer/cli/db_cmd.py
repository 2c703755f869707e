"""`sales-trainer db init` and `db add-user`: set up a shared PostgreSQL database for a team.

The rules (roles, grants, row-level security, the finished-attempt lock) are written into the
server by the store (trainer/store/access.py); these commands only ask for them.
"""

from __future__ import annotations

import sys

import click

from trainer.cli.report_cmd import db_url
from trainer.store.access import ROLES


@click.group("db")
def db() -> None:
    """Set up the attempts database (roles on a shared PostgreSQL server)."""


@db.command("init")
def init() -> None:
    """Create or upgrade the tables and, on PostgreSQL, the roles sales_trainee, sales_lead
    and sales_author with their grants and row-level security. Safe to run again."""
    from trainer.store import open_store

    with open_store(db_url()) as store:
        upgraded = store.upgraded_from
        if store.dialect != "postgresql":
            click.echo(f"{store.label}: tables are ready (a SQLite file has one user; roles "
                       "are for a shared PostgreSQL database)")
            return
        before, after = store.init_access()
    tables = "created" if upgraded == 0 else ("upgraded" if upgraded else "up to date")
    roles = "up to date, grants checked" if before == after else (
        "created" if before == 0 else f"upgraded from version {before}")
    click.echo(f"{store.label}: tables {tables}; roles {', '.join(ROLES.values())} {roles}")


@db.command("add-user")
@click.argument("name")
@click.option("--role", type=click.Choice(sorted(ROLES)), required=True,
              help="trainee: own attempts only; lead: reads the team's; author: publishes.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@click.option("--no-password", is_flag=True,
              help="Set no password (for peer or certificate sign-in).")
def add_user(name: str, role: str, password_stdin: bool, no_password: bool) -> None:
    """Create a database user NAME in a role (or add an existing user to it).

    Attempts are recorded under the user's name: a trainee connecting as NAME practises as
    NAME. Without --password-stdin or --no-password, the password is asked for twice."""
    from trainer.store import open_store

    if password_stdin and no_password:
        raise click.UsageError("choose one of --password-stdin and --no-password")
    password = _password(password_stdin, no_password)
    with open_store(db_url()) as store:
        new = store.add_user(name, role, password)
    what = "created" if new else "updated"
    click.echo(f"{name.strip()}: {what}, role {ROLES[role]}"
               + ("" if password is None else ", password set"))


def _password(from_stdin: bool, none: bool) -> str | None:
    if none:
        return None
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
    else:
        line = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not line:
        raise click.UsageError("the password is empty (use --no-password for none)")
    return line
