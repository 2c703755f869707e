"""`sales-trainer report`: attempts, best, latest, average, pass rate and trend per group."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from typing import Any, TypeVar

import click

from trainer.render import csv_cell, strict_json, visible

F = TypeVar("F", bound=Callable[..., Any])

COLUMNS = ("attempts", "in_progress", "best", "latest", "average", "pass_rate", "trend")
HEADINGS = {"in_progress": "in progress", "pass_rate": "pass rate"}


def filter_options(func: F) -> F:
    """--trainee, --scenario, --since, --until, --grader: shared by report, export, attempts."""
    for option in reversed(
        [
            click.option("--trainee", help="Only this trainee's attempts."),
            click.option("--scenario", help="Only attempts at this scenario id."),
            click.option("--since", metavar="DATE", help="From this ISO date (UTC), inclusive."),
            click.option("--until", metavar="DATE", help="Up to this ISO date (UTC), inclusive."),
            click.option(
                "--grader",
                metavar="VERSION",
                help="Only attempts graded by this grader version (as `show` names it).",
            ),
        ]
    ):
        func = option(func)
    return func


def db_url() -> str | None:
    root = click.get_current_context().find_root()
    return (root.obj or {}).get("db_url")


@click.command()
@click.option(
    "--by",
    "by",
    type=click.Choice(["trainee", "scenario", "criterion"]),
    default="trainee",
    show_default=True,
    help="One row per trainee, scenario or criterion.",
)
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def report(
    by: str,
    trainee: str | None,
    scenario: str | None,
    since: str | None,
    until: str | None,
    grader: str | None,
    fmt: str,
) -> None:
    """Attempts per trainee, scenario or criterion.

    Scores are the totals of finished attempts (criterion scores with --by criterion);
    unfinished attempts are only counted as "in progress". Trend is the average of the
    latest scores (up to 5) minus the average of the ones before them (up to 5); with fewer
    than 10 scores they are split into a newer and an older half (the newer half takes the
    odd one), and it is blank with fewer than 2. Dates are UTC. --grader keeps attempts
    graded by that grader version. Computed by the database, so memory does not grow with
    the number of attempts; attempts whose stored scores are damaged are left out with a
    warning.
    """
    from trainer.store import open_store
    from trainer.store.filters import make_filter

    chosen = make_filter(trainee, scenario, since, until, grader=grader)
    with open_store(db_url()) as store:
        found = store.report(chosen, by)  # type: ignore[arg-type]
    warn_skipped(store)
    rows = [row.to_dict(by) for row in found.rows]  # type: ignore[arg-type]
    if fmt == "json":
        rounded = [{k: _rounded(v) for k, v in row.items()} for row in rows]
        click.echo(strict_json(rounded, indent=2))
    elif fmt == "csv":
        click.echo(_csv(rows, by), nl=False)
    elif not found.matched:
        click.echo("No attempts match.")
    else:
        click.echo(_table(rows, by))


def warn_skipped(store: Any, shown: int = 5) -> None:
    """Damaged attempts the store left out, said on stderr so a report is never silently short."""
    for note in store.skipped[:shown]:
        click.echo(f"sales-trainer: warning: {visible(note)}", err=True)
    rest = store.skipped_count - min(shown, len(store.skipped))
    if rest > 0:
        click.echo(f"sales-trainer: warning: and {rest} more damaged attempt(s) skipped", err=True)


def _csv(rows: list[dict[str, Any]], by: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([by, *COLUMNS])
    for row in rows:
        # Names come from trainees and imports: no escape codes, no formulas (B3, B4).
        writer.writerow([csv_cell(row[by]), *(csv_cell(_plain(row[c])) for c in COLUMNS)])
    return out.getvalue()


def _rounded(value: Any) -> Any:
    # Two decimals: scores are 0-100, finer digits are noise in a spreadsheet.
    return round(value, 2) if isinstance(value, float) else value


def _plain(value: Any) -> Any:
    return "" if value is None else _rounded(value)


def _cell(column: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if column == "pass_rate":
        return f"{value:.0f}%"
    if column == "trend":
        return f"{value:+.1f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _table(rows: list[dict[str, Any]], by: str) -> str:
    header = [by, *(HEADINGS.get(c, c) for c in COLUMNS)]
    body = [[visible(row[by]), *(_cell(c, row[c]) for c in COLUMNS)] for row in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = []
    for line in [header, *body]:
        rest = zip(line[1:], widths[1:], strict=True)
        cells = [line[0].ljust(widths[0])] + [value.rjust(width) for value, width in rest]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
