"""Text from scenarios and trainees is shown literally: markup and escape codes stay inert."""

from __future__ import annotations

import re

from rich.text import Text

# Every C0/C1 control character except newline; ESC goes too, so ANSI sequences lose their power.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def clean(text: str, *, single_line: bool = False) -> str:
    cleaned = _CONTROL.sub("", text.replace("\t", " "))
    return " ".join(cleaned.split()) if single_line else cleaned


def literal(text: str, style: str = "", *, single_line: bool = False) -> Text:
    """A Rich Text that renders `text` character for character (no markup parsing)."""
    return Text(clean(text, single_line=single_line), style=style)
