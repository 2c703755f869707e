"""Writing a command's result to stdout or to a file named by the user."""

from __future__ import annotations

from pathlib import Path

import click

from trainer.diagnostics import TrainerError
from trainer.render import lines


def emit(text: str, output: Path | None) -> None:
    """Print the text, or write it to `output` and say so on stderr."""
    if output is None:
        click.echo(lines(text), nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise TrainerError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)
