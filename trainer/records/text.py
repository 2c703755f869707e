"""Checks every record's text passes, wherever the record comes from."""

from __future__ import annotations


def valid_unicode(value: str) -> str:
    """`value` if it can be written as UTF-8; a lone surrogate (an undecodable byte carried
    through) is refused with its code point named."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"contains a lone surrogate (\\u{ord(value[exc.start]):04x}), which is not text"
        ) from None
    return value
