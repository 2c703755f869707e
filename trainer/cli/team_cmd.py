"""`sales-trainer team add|list`, `assign` and `assignments`: a lead's teams, what they must
practise by when, and where each trainee stands (not started, practising, failed exam,
certified, overdue). Names are untrusted text: shown escaped, CSV cells defused."""

from __future__ import annotations

import csv
import getpass
import io
from datetime import date
from typing import Any

import click

from trainer.cli.report_cmd import db_url
from trainer.render import csv_cell, strict_json, visible


@click.group("team")
def team() -> None:
    """Teams of trainees, for assignments and the lead's view."""


@team.command("add")
@click.argument("name")
@click.option("--member", "members", multiple=True, metavar="TRAINEE",
              help="A trainee's name as they practise under it (repeat for several).")
def add(name: str, members: tuple[str, ...]) -> None:
    """Create team NAME (if new) and add members to it. Safe to run again."""
    from trainer.store import open_store

    with open_store(db_url()) as store:
        created, added = store.add_team(name, list(members))
    what = "created" if created else "exists"
    click.echo(f"team {visible(' '.join(name.split()))}: {what}, "
               f"{added} member{'s' if added != 1 else ''} added")


@team.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def list_teams(fmt: str) -> None:
    """Every team and its members."""
    from trainer.store import open_store

    with open_store(db_url()) as store:
        found = store.teams()
    rows = [{"team": name, "members": ", ".join(people)} for name, people in found.items()]
    if fmt == "json":
        click.echo(strict_json([{"team": n, "members": p} for n, p in found.items()], indent=2))
        return
    print_rows(rows, ("team", "members"), fmt, empty="No teams yet: `team add NAME --member …`")


@click.command("assign")
@click.option("--team", "team_name", help="Assign to every member of this team.")
@click.option("--trainee", "trainees", multiple=True, help="Assign to this trainee (repeat).")
@click.option("--scenario", "scenarios", multiple=True, required=True, metavar="ID-or-FILE",
              help="The scenario to practise (repeat for several).")
@click.option("--due", required=True, metavar="YYYY-MM-DD", help="The date it is due.")
@click.option("--mode", type=click.Choice(["exam", "coach"]), default="exam", show_default=True,
              help="exam: only an exam attempt that passes certifies; coach: any passing one.")
@click.option("--pass-mark", type=click.IntRange(0, 100), default=None,
              help="Score that certifies (default: the scenario's own pass mark).")
def assign(team_name: str | None, trainees: tuple[str, ...], scenarios: tuple[str, ...],
           due: str, mode: str, pass_mark: int | None) -> None:
    """Assign scenarios to a team or trainees, due by a date. The scenario is frozen at the
    version it has now: later edits do not change what was assigned."""
    from trainer.cli.publish_cmd import resolve_any
    from trainer.store import open_store

    if bool(team_name) == bool(trainees):
        raise click.UsageError("give --team NAME or --trainee NAME (not both)")
    try:
        due_date = date.fromisoformat(due.strip())
    except ValueError:
        raise click.BadParameter(f"{due!r} is not a date; use YYYY-MM-DD",
                                 param_hint="--due") from None
    loaded = [resolve_any(ref, db_url()) for ref in scenarios]
    with open_store(db_url()) as store:
        by = store.bound_user or _whoami()
        count = 0
        for item in loaded:
            s = item.scenario
            for target in ([None] if team_name else list(trainees)):
                store.assign(scenario_id=s.id, scenario_version=s.version,
                             scenario_hash=item.content_hash, title=s.title,
                             source_text=item.frozen_text, due=due_date, mode=mode,
                             pass_mark=pass_mark if pass_mark is not None
                             else s.rubric.pass_mark,
                             by=by, team=team_name, trainee=target)
                count += 1
    click.echo(f"{count} assignment{'s' if count != 1 else ''} saved, due {due_date}")


@click.command("assignments")
@click.option("--team", "team_name", help="Only this team's assignments.")
@click.option("--trainee", help="Only this trainee.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def assignments(team_name: str | None, trainee: str | None, fmt: str) -> None:
    """Where each trainee stands on each assignment: not started, practising, failed exam,
    certified or overdue, with the best score at the assigned version."""
    from trainer.store import open_store

    with open_store(db_url()) as store:
        found = store.standings(trainee=trainee, team=team_name)
    if fmt == "json":
        click.echo(strict_json([s.to_dict() for s in found], indent=2))
        return
    rows = [{"trainee": s.trainee, "scenario": f"{s.assignment.scenario_id} "
             f"v{s.assignment.scenario_version}", "mode": s.assignment.mode,
             "due": s.assignment.due.isoformat(), "status": s.status,
             "best": None if s.best is None else round(s.best, 1), "attempts": s.attempts}
            for s in found]
    print_rows(rows, ("trainee", "scenario", "mode", "due", "status", "best", "attempts"), fmt,
               empty="No assignments match.")


def print_rows(rows: list[dict[str, Any]], head: tuple[str, ...], fmt: str, empty: str) -> None:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(head)
        for row in rows:
            writer.writerow([csv_cell(row[k]) for k in head])
        click.echo(out.getvalue(), nl=False)
        return
    if not rows:
        click.echo(empty)
        return
    table = [list(head)] + [[visible("" if row[k] is None else row[k]) for k in head]
                            for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for r in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "lead"

