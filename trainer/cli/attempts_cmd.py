"""`sales-trainer attempts` lists attempts one by one; `sales-trainer show ID` prints one of
them end to end (text, JSON, or an HTML page a lead can mail)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import click

from trainer.cli.report_cmd import db_url, filter_options, warn_skipped
from trainer.render import csv_cell, strict_json, visible

STATUSES = ("finished", "in-progress", "passed", "failed")
LIMIT = 50  # newest attempts shown unless --limit or --all says otherwise
WIDTH_ROWS = 1_000  # with --all, column widths come from the first this many rows


@click.command()
@filter_options
@click.option("--status", type=click.Choice(STATUSES), help="Only attempts in this state.")
@click.option("--limit", type=click.IntRange(min=1),
              help=f"At most this many, newest first (default {LIMIT}).")
@click.option("--all", "every", is_flag=True, help="Every matching attempt, streamed.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def attempts(trainee: str | None, scenario: str | None, since: str | None, until: str | None,
             grader: str | None, status: str | None, limit: int | None, every: bool,
             fmt: str) -> None:
    """Attempts one by one, newest first: id, when, trainee, scenario and version, mode, score,
    outcome, status and grader version. The newest 50 unless --limit N or --all; filtered
    and paged by the database. `show ID` prints one of them in full."""
    from trainer.store import open_store
    from trainer.store.filters import make_filter
    from trainer.store.listing import Listing

    if every and limit is not None:
        raise click.UsageError("--all and --limit cannot be used together")
    chosen = Listing(make_filter(trainee, scenario, since, until, grader=grader, status=status))
    most = None if every else (limit or LIMIT)
    with open_store(db_url()) as store:
        # One more than asked for tells whether there are more, without counting them all.
        listed = store.stream(chosen, limit=None if most is None else most + 1)
        try:
            found = (_row(x.summary, x.grader) for x in listed)
            shown = _write(islice(found, most) if most is not None else found, fmt)
            more = most is not None and next(found, None) is not None
        finally:
            listed.close()  # the read ends here, before the store closes
    warn_skipped(store)
    if more:
        click.echo(f"sales-trainer: showing the newest {shown}; --limit N or --all for more",
                   err=True)


def _write(rows: Iterator[dict[str, Any]], fmt: str) -> int:
    """Writes the rows as they come (one batch in memory); how many were written."""
    count = 0
    if fmt == "json":
        click.echo("[", nl=False)
        for count, row in enumerate(rows, 1):
            item = strict_json(row, indent=2).replace("\n", "\n  ")
            click.echo(("," if count > 1 else "") + "\n  " + item, nl=False)
        click.echo("\n]" if count else "]")
        return count
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_HEAD)
        for row in rows:
            writer.writerow([csv_cell(v) for v in row.values()])
            click.echo(out.getvalue(), nl=False)
            out.seek(0)
            out.truncate()
            count += 1
        click.echo(out.getvalue(), nl=False)
        return count
    first = [_cells(row) for row in islice(rows, WIDTH_ROWS)]
    if not first:
        click.echo("No attempts match.")
        return 0
    widths = [max(len(r[i]) for r in [list(_HEAD), *first]) for i in range(len(_HEAD))]
    for cells in _chain([list(_HEAD)], first, (_cells(row) for row in rows)):
        click.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
        count += 1
    return count - 1


def _chain(*parts: Iterable[list[str]]) -> Iterator[list[str]]:
    for part in parts:
        yield from part


def _cells(row: dict[str, Any]) -> list[str]:
    return [visible("" if v is None else v) for v in row.values()]


_HEAD = ("id", "started", "trainee", "scenario", "mode", "score", "outcome", "status", "grader")


def _row(s: Any, grader: str | None = None) -> dict[str, Any]:
    if not s.finished:
        state = "in progress"
    else:
        state = "passed" if s.passed else "failed"
    return {
        "id": s.id,
        "started": s.started_at.strftime("%Y-%m-%d %H:%M"),
        "trainee": s.trainee,
        "scenario": f"{s.scenario_id} v{s.scenario_version}",
        "mode": s.mode,
        "score": None if s.total is None else round(float(s.total), 1),
        "outcome": s.outcome,
        "status": state,
        "grader": grader,
    }


@click.command()
@click.argument("attempt_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Write to this file instead of the screen ('-' for stdout).")
def show(attempt_id: str, fmt: str, output: Path | None) -> None:
    """One attempt end to end: the transcript, the points each turn earned or lost with the
    words that earned them, and the scorecard. --format html writes one self-contained page."""
    from trainer.cli.output import open_output
    from trainer.review.attempt_view import AttemptView, as_html, as_json, as_text
    from trainer.store import open_store

    with open_store(db_url()) as store:
        detail = store.attempt(attempt_id)
        mine = store.attempts(detail.summary.trainee, detail.summary.scenario_id)
    history = [float(s.total) for s in sorted(mine, key=lambda s: s.started_at)
               if s.total is not None]
    view = AttemptView.of(detail, history)
    text = {"text": as_text, "json": as_json, "html": as_html}[fmt](view)
    with open_output(output) as handle:
        handle.write(text if text.endswith("\n") else text + "\n")
