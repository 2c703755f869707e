"""`sales-trainer export` and `import`: attempts as JSON lines, for spreadsheets and merging.

Import is all or nothing: every line is checked before the first row is written, and the
rows go in as one transaction. Attempts already present (same id) are skipped, so importing
the same file twice adds nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from trainer.cli.report_cmd import db_url, filter_options


@click.command("export")
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    metavar="FILE|-",
    help="Where to write the JSON lines; - for standard output.",
)
@filter_options
def export_attempts(
    output: str, trainee: str | None, scenario: str | None, since: str | None, until: str | None
) -> None:
    """Export attempts (with turns, scorecard and scenario text) as JSON lines, oldest first."""
    from trainer.store import StoreError, open_store
    from trainer.store.filters import make_filter
    from trainer.store.transfer import dump

    chosen = make_filter(trainee, scenario, since, until)
    with open_store(db_url()) as store:
        details = store.export_rows(chosen.trainee, chosen.scenario, chosen.since, chosen.until)
        if output == "-":
            count = 0
            for line in dump(details):
                sys.stdout.write(line)
                count += 1
            sys.stdout.flush()
        else:
            target = Path(output)
            if not target.parent.is_dir():
                raise StoreError(f"{output}: folder {target.parent} does not exist")
            # Written beside the target and renamed, so a failed export leaves no half file.
            fd, tmp = tempfile.mkstemp(prefix=".export-", dir=target.parent)
            count = 0
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    for line in dump(details):
                        handle.write(line)
                        count += 1
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
    click.echo(f"exported {count} attempt{'s' if count != 1 else ''}", err=True)


@click.command("import")
@click.argument("source", metavar="FILE|-")
def import_attempts(source: str) -> None:
    """Import attempts from JSON lines written by `export` (idempotent by attempt id)."""
    from trainer.store import StoreError, open_store
    from trainer.store.transfer import parse_lines

    name = "<stdin>" if source == "-" else source
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise StoreError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise StoreError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StoreError(f"{name}:{line}: not UTF-8 text — nothing was imported") from None
    details = parse_lines(text.splitlines(), name)
    with open_store(db_url()) as store:
        imported, skipped = store.import_details(details)
    click.echo(f"imported {imported}, skipped {skipped}")
