"""The one place untrusted text is made safe for where it goes: a terminal, a CSV cell, JSON.

Trainee names, scenario text and imported records may hold escape sequences (a clipboard
write, a window title, a cleared screen), newlines that forge report rows, bidi overrides that
reorder what a reader sees, or a leading `=` a spreadsheet runs as a formula. Everything the
command line prints or writes from such text goes through here.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# C0 and C1 controls (ESC, BEL, CSI...), DEL, and the Unicode bidi and invisible format marks.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"
)
_NEWLINE = re.compile(r"\r\n|[\n\r]")
# Cells a spreadsheet would evaluate: a formula start, or a tab/CR that hides one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, *, single_line: bool = True) -> str:
    """`text` with every control and invisible format character shown as an escape (`\\x1b`),
    so it reads literally and cannot act on the terminal; a tab becomes a space. On a single
    line, line breaks show as `\\n` too, so a name cannot forge another row."""
    value = str(text).replace("\t", " ")
    # Lone surrogates (undecodable bytes from a command line or a file) cannot be printed.
    value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    if single_line:
        value = _NEWLINE.sub(lambda m: "\\n" if m.group(0) != "\r" else "\\r", value)
    return _UNSAFE.sub(_escape, value)


def lines(text: object) -> str:
    """Several lines of untrusted text: line breaks kept, everything else made visible."""
    return visible(text, single_line=False)


def csv_cell(value: Any) -> Any:
    """A CSV cell: text made visible, and a leading formula character neutralised with a
    quote (the OWASP advice); numbers pass as they are."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return value if not isinstance(value, float) or math.isfinite(value) else ""
    text = visible(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def strict_json(data: Any, **kwargs: Any) -> str:
    """JSON that every parser reads and no terminal acts on: NaN and Infinity are refused, and
    C1 controls and bidi marks (which `json` leaves raw) are written as `\\u` escapes."""
    try:
        text = json.dumps(data, allow_nan=False, ensure_ascii=False, **kwargs)
    except ValueError as exc:
        raise ValueError(f"refusing to write non-finite numbers as JSON ({exc})") from None
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
