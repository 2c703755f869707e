"""How the app fails: a one-line message, a log with the details, and a non-zero status.

Textual's own crash report prints a traceback with local variables, which can hold a
database password; it also leaves the exit status at 0 in some paths. The app replaces the
report with one masked line and the log's path.
"""

from __future__ import annotations

import codecs
import functools
import sys
from typing import Any

from rich.text import Text

from trainer.crash import write_crash_log
from trainer.render import visible
from trainer.secrets import mask


def crash_message(error: BaseException) -> str:
    log = write_crash_log(error)
    where = f"; details in {log}" if log else ""
    return visible(
        mask(
            f"sales-trainer: the app stopped on an internal error "
            f"({type(error).__name__}: {error}){where}"
        )
    )


class CrashGuard:
    """Mixed into the app before `App`: replaces Textual's fatal-error report."""

    def _fatal_error(self) -> None:
        error = sys.exc_info()[1] or getattr(self, "_exception", None)
        app: Any = self
        app.bell()
        app._exit_renderables.append(Text(crash_message(error or RuntimeError("unknown"))))
        app._return_code = 1
        app._close_messages_no_wait()


def tolerate_undecodable_input() -> None:
    """A byte that is not UTF-8 (a Latin-1 "ø" from an old terminal) becomes U+FFFD instead of
    stopping the app: Textual's input thread decodes strictly."""
    from textual.drivers import linux_driver

    def lenient(encoding: str) -> Any:
        return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")

    linux_driver.getincrementaldecoder = lenient  # type: ignore[attr-defined,assignment]
