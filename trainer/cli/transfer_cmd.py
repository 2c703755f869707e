"""`sales-trainer export` and `import`: attempts as JSON lines, for spreadsheets and merging.

Export streams from the database; each scenario version's text is written once per file.
Import reads both that and version 1 files, which carry the text on every attempt line.

Import is all or nothing: the lines are read and checked one at a time inside one
transaction, and a bad line anywhere rolls it all back, naming the line. Attempts already
present (same id) are skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import BinaryIO

import click

from trainer.cli.output import open_output
from trainer.cli.report_cmd import db_url, filter_options, warn_skipped


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
    output: str,
    trainee: str | None,
    scenario: str | None,
    since: str | None,
    until: str | None,
    grader: str | None,
) -> None:
    """Export attempts (with turns and scorecard) as JSON lines, oldest first; each scenario
    version's text once, on its own line before the first attempt played on it."""
    from trainer.store import open_store
    from trainer.store.filters import make_filter
    from trainer.store.transfer import lines_of

    chosen = make_filter(trainee, scenario, since, until, grader=grader)
    written: set[str] = set()
    with open_store(db_url()) as store:
        count = 0
        # One output path for files: devices and pipes are written through, a regular file
        # is replaced whole, a symlink's target is written (B1, B19).
        with open_output(None if output == "-" else Path(output)) as handle:
            # Streamed from the database a batch at a time: memory stays flat.
            for detail in store.export_rows(chosen=chosen):
                handle.write("".join(lines_of(detail, written)))
                count += 1
            handle.flush()
    click.echo(f"exported {count} attempt{'s' if count != 1 else ''}", err=True)
    warn_skipped(store)


@click.command("import")
@click.argument("source", metavar="FILE|-")
def import_attempts(source: str) -> None:
    """Import attempts from JSON lines written by `export` (idempotent by attempt id)."""
    from trainer.store import StoreError, open_store
    from trainer.store.transfer import read_records

    name = "<stdin>" if source == "-" else source
    # Read as a stream, one line at a time inside the import's transaction: memory stays
    # one line's worth, and a bad line anywhere rolls everything back.
    try:
        stream = _stdin_bytes() if source == "-" else open(source, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise StoreError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise StoreError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise StoreError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        with open_store(db_url()) as store:
            imported, skipped = store.import_details(read_records(stream, name), checked=True)
    finally:
        if source != "-":
            stream.close()
    click.echo(f"imported {imported}, skipped {skipped}")


def _stdin_bytes() -> BinaryIO:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes under it (some test harnesses)
        return io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))
    return buffer  # type: ignore[no-any-return]
