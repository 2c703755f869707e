"""What happens when something goes wrong that no check foresaw: a log, never a traceback on
screen, and output that survives a terminal whose encoding cannot show every character."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path

from trainer.secrets import mask

LOG_NAME = "crash.log"
# Keep the log from growing without bound on a machine that crashes repeatedly.
LOG_LIMIT = 1_000_000


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("sales-trainer", appauthor=False))


def write_crash_log(exc: BaseException) -> Path | None:
    """Append the traceback (no local variables, passwords masked) to the crash log; its path,
    or None when even the log cannot be written."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        if path.is_file() and path.stat().st_size > LOG_LIMIT:
            path.replace(path.with_suffix(".log.1"))
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {stamp}\n{mask(text)}\n")
        return path
    except OSError:
        return None


def tolerate_narrow_terminals() -> None:
    """A Latin-1 or ASCII terminal gets "\\u2014" for a dash it cannot show, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
