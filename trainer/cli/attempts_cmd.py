"""`sales-trainer attempts` lists attempts one by one; `sales-trainer show ID` prints one of
them end to end (text, JSON, or an HTML page a lead can mail)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from trainer.cli.report_cmd import db_url, filter_options, warn_skipped
from trainer.render import csv_cell, strict_json, visible

STATUSES = ("finished", "in-progress", "passed", "failed")


def _status_ok(summary: Any, status: str | None) -> bool:
    if status is None:
        return True
    if status == "in-progress":
        return not summary.finished
    if status == "finished":
        return summary.finished
    return summary.finished and bool(summary.passed) == (status == "passed")


@click.command()
@filter_options
@click.option("--status", type=click.Choice(STATUSES), help="Only attempts in this state.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many, newest first.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def attempts(trainee: str | None, scenario: str | None, since: str | None, until: str | None,
             status: str | None, limit: int | None, fmt: str) -> None:
    """Attempts one by one, newest first: id, when, trainee, scenario and version, mode, score,
    outcome. `show ID` prints one of them in full."""
    from trainer.store import open_store
    from trainer.store.filters import make_filter

    chosen = make_filter(trainee, scenario, since, until)
    with open_store(db_url()) as store:
        found = store.attempts(chosen.trainee, chosen.scenario, chosen.since, chosen.until)
    warn_skipped(store)
    rows = [s for s in found if _status_ok(s, status)][:limit]
    if fmt == "json":
        click.echo(strict_json([_row(s) for s in rows], indent=2))
        return
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(_row(rows[0]) if rows else _HEAD))
        for s in rows:
            writer.writerow([csv_cell(v) for v in _row(s).values()])
        click.echo(out.getvalue(), nl=False)
        return
    if not rows:
        click.echo("No attempts match.")
        return
    table = [list(_HEAD)] + [[visible("" if v is None else v) for v in _row(s).values()]
                             for s in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(_HEAD))]
    for r in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


_HEAD = ("id", "started", "trainee", "scenario", "mode", "score", "outcome", "status")


def _row(s: Any) -> dict[str, Any]:
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
