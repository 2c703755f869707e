"""How large a scenario or block file may grow once its YAML aliases are expanded."""

from __future__ import annotations

from typing import Any

import yaml

from trainer.diagnostics import Diagnostic

try:  # libyaml is optional in PyYAML wheels; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024
# Text after aliases are expanded: room for shared blocks, not for a billion laughs in bytes.
MAX_EXPANDED_BYTES = 2 * MAX_BYTES
# Aliases may share a value many times over ("billion laughs"); validation walks every copy,
# so the expanded document is capped well above what any hand-written scenario reaches.
# Nodes copied in from shared blocks (`use:`) are held to the same number of extra values.
MAX_ALIAS_EXPANSION = 50_000


def alias_expansion_problem(data: Any, file: str, text: str) -> Diagnostic | None:
    """Reject documents whose aliases expand far beyond their written size, or loop.

    Both the number of values and their bytes are counted after expansion: one long string
    aliased a thousand times is as costly as a thousand values (B9)."""
    expanded: dict[int, tuple[int, int]] = {}
    in_progress: set[int] = set()
    written = 0

    def size(value: Any) -> tuple[int, int]:
        nonlocal written
        if isinstance(value, dict):
            children = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            children = value
        else:
            return 1, len(value.encode("utf-8", "replace")) if isinstance(value, str) else 8
        key = id(value)
        if key in expanded:
            return expanded[key]
        if key in in_progress:
            raise _Recursive
        in_progress.add(key)
        written += 1 + sum(1 for c in children if not isinstance(c, dict | list))
        parts = [size(child) for child in children]
        total = (1 + sum(p[0] for p in parts), sum(p[1] for p in parts))
        in_progress.discard(key)
        expanded[key] = total
        return total

    try:
        total, nbytes = size(data)
    except _Recursive:
        line, col = _first_alias(text)
        message = "an alias refers to the value that contains it"
        return Diagnostic("SCN001", "error", message, file, line, col)
    except RecursionError:
        return Diagnostic("SCN001", "error", "YAML nesting is too deep", file)
    if nbytes > MAX_EXPANDED_BYTES:
        line, col = _first_alias(text)
        return Diagnostic(
            "SCN001",
            "error",
            f"aliases expand the document's text to {nbytes / 1_048_576:.1f} MB; the limit is"
            f" {MAX_EXPANDED_BYTES // 1_048_576} MB — alias fewer or shorter values",
            file,
            line,
            col,
        )
    if total - written > MAX_ALIAS_EXPANSION:
        line, col = _first_alias(text)
        return Diagnostic(
            "SCN001",
            "error",
            f"aliases expand the document to {total:,} values (written: {written:,}); "
            f"the limit is {MAX_ALIAS_EXPANSION:,} extra values — use fewer nested aliases",
            file,
            line,
            col,
        )
    return None


class _Recursive(Exception):
    pass


def _first_alias(text: str) -> tuple[int, int]:
    # Parsing events never expands aliases, so this is safe on the document just rejected.
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1, event.start_mark.column + 1
    except yaml.YAMLError:
        pass
    return 1, 1
