"""Text helpers shared by routing, need cues and global intents."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

# Anything that is not a letter, a digit or whitespace (after NFKC) separates words; letters of
# every script survive, so æ ø å and accented names keep their meaning.
_NON_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+", re.UNICODE)
# `{name}` or `{name|default}`: the default is said when the value is unknown (a slot the
# trainee has not filled yet, such as `{proposed_when|Thursday at ten}`).
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([^{}|]*))?\}")

ROUTING_LIMIT = 1000


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NON_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Substitute `{name}` for known names only; unknown braces stay as written.

    A regex instead of `str.format` so that author text can never reach attributes or
    indexing, and stray braces in dialogue are harmless."""

    def sub(match: re.Match[str]) -> str:
        key, default = match.group(1), match.group(2)
        if key in values and values[key] is not None and values[key] != "":
            value = str(values[key])
            before = template[: match.start()].rstrip()
            # What the trainee typed in lower case opens a sentence with a capital.
            if not before or before[-1] in ".!?":
                value = value[:1].upper() + value[1:]
            return value
        return default if default is not None else match.group(0)

    return _PLACEHOLDER.sub(sub, template)


def is_blank(text: str) -> bool:
    """Whitespace and invisible characters (controls, zero-width joiners) are not a reply."""
    return all(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in text)
