"""Writing a command's result to stdout or to a file named by the user.

The one output path for files: a regular file (or a new one) is written whole to a temporary
file beside it and renamed over it, so an interrupted write or a full disk never leaves half a
file; a device, a pipe or `-` is written straight through (renaming a temporary file over
`/dev/null` would replace the device with a file). A symlink is followed: its target is
written, the link stays.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import click

from trainer.diagnostics import TrainerError
from trainer.render import lines


def emit(text: str, output: Path | None) -> None:
    """Print the text, or write it to `output` and say so on stderr."""
    if output is None or str(output) == "-":
        click.echo(lines(text), nl=False)
        return
    write_file(output, [text])
    click.echo(f"wrote {output}", err=True)


def _problem(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _target(path: Path) -> tuple[Path, bool]:
    """The path to write and whether it is a stream (device, pipe, socket) to write through."""
    if str(path) == "":
        raise TrainerError("no output file named (an empty path)")
    try:
        real = Path(os.path.realpath(path))
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        real = Path(os.path.realpath(path))
        if not real.parent.is_dir():
            message = f"cannot write {path}: folder {real.parent} does not exist"
            raise TrainerError(message) from None
        return real, False
    except OSError as exc:
        raise TrainerError(f"cannot write {path}: {_problem(exc)}") from None
    if stat.S_ISDIR(mode):
        raise TrainerError(f"cannot write {path}: it is a folder; name a file")
    if stat.S_ISREG(mode):
        return real, False
    return real, True


@contextlib.contextmanager
def open_output(path: Path | None) -> Iterator[IO[str]]:
    """A text stream for the command's output: stdout for None or `-`, else the file, written
    safely (see the module). Errors become a `TrainerError` naming the file; the target is
    never left half-written."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    target, stream = _target(path)
    if stream:
        try:
            with open(target, "w", encoding="utf-8") as handle:
                yield handle
        except OSError as exc:
            raise TrainerError(f"cannot write {path}: {_problem(exc)}") from None
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise TrainerError(f"cannot write {path}: {_problem(exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            # Keep the permissions the user gave the file it replaces.
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise TrainerError(f"cannot write {path}: {_problem(exc)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_file(path: Path, chunks: Iterable[str]) -> None:
    with open_output(path) as handle:
        for chunk in chunks:
            handle.write(chunk)
