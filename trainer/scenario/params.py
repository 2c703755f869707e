"""`${name}` parameters in shared blocks: finding them, sizing and filling them in.

A string that is exactly `${name}` takes the parameter's value as it is (a list of examples,
a mapping of effects); inside longer text the value must be text, a number or true/false.
`$${` writes a literal `${`. Single-brace `{slot}` placeholders belong to the prospect's lines
and are left alone.

Sizes are measured before anything is copied, so a block that would expand to gigabytes
(a long value used many times) is refused without being built.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

YamlPath = tuple[str | int, ...]

PLACEHOLDER = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_WHOLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
SCALARS = (str, int, float, bool)


@dataclass(frozen=True, slots=True)
class Use:
    """One `${name}` in a block: where it is and whether it stands alone."""

    name: str
    path: YamlPath
    whole: bool


def whole_name(text: str) -> str | None:
    match = _WHOLE.fullmatch(text)
    return match.group(1) if match else None


def placeholders(value: Any, path: YamlPath = ()) -> Iterator[Use]:
    """Every `${name}` in keys and values, in document order, with its path."""
    stack: list[tuple[Any, YamlPath]] = [(value, path)]
    seen: set[int] = set()
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            whole = whole_name(item)
            if whole is not None:
                yield Use(whole, where, True)
                continue
            for match in PLACEHOLDER.finditer(item):
                if match.group(1):
                    yield Use(match.group(1), where, False)
        elif isinstance(item, dict | list):
            if id(item) in seen:  # an alias: its placeholders were listed where it is defined
                continue
            seen.add(id(item))
            if isinstance(item, dict):
                children = []
                for key, child in item.items():
                    if isinstance(key, str):
                        for match in PLACEHOLDER.finditer(key):
                            if match.group(1):
                                yield Use(match.group(1), (*where, key), False)
                    children.append((child, (*where, key)))
            else:
                children = [(child, (*where, i)) for i, child in enumerate(item)]
            stack.extend(reversed(children))


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def size_of(value: Any, memo: dict[int, tuple[int, int]] | None = None) -> tuple[int, int]:
    """(values, bytes) of a value with its aliases expanded, counted as the loader counts."""
    memo = {} if memo is None else memo
    if isinstance(value, str):
        return 1, len(value.encode("utf-8", "replace"))
    if not isinstance(value, dict | list):
        return 1, 8
    if id(value) in memo:
        return memo[id(value)]
    children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
    values, nbytes = 1, 0
    for child in children:
        more, extra = size_of(child, memo)
        values, nbytes = values + more, nbytes + extra
    memo[id(value)] = (values, nbytes)
    return values, nbytes


def measure(value: Any, params: dict[str, Any]) -> tuple[int, int]:
    """(values, bytes) of `fill(value, params)` without building it."""
    sizes: dict[str, tuple[int, int]] = {}
    texts = {
        k: len(as_text(v).encode("utf-8", "replace"))
        for k, v in params.items()
        if isinstance(v, SCALARS)
    }
    memo: dict[int, tuple[int, int]] = {}

    def text_size(text: str) -> int:
        total = len(text.encode("utf-8", "replace"))
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            written = len(match.group(0).encode("utf-8"))
            total += (texts.get(name, written) if name else 2) - written  # `$${` -> `${`
        return total

    def walk(item: Any) -> tuple[int, int]:
        if isinstance(item, str):
            whole = whole_name(item)
            if whole is not None and whole in params:
                if whole not in sizes:
                    sizes[whole] = size_of(params[whole])
                return sizes[whole]
            return 1, text_size(item)
        if not isinstance(item, dict | list):
            return 1, 8
        if id(item) in memo:
            return memo[id(item)]
        values, nbytes = 1, 0
        if isinstance(item, dict):
            for key, child in item.items():
                values += 1
                nbytes += text_size(key) if isinstance(key, str) else 8
                more, extra = walk(child)
                values, nbytes = values + more, nbytes + extra
        else:
            for child in item:
                more, extra = walk(child)
                values, nbytes = values + more, nbytes + extra
        memo[id(item)] = (values, nbytes)
        return values, nbytes

    return walk(value)


def fill(value: Any, params: dict[str, Any]) -> Any:
    """A copy of `value` with every `${name}` replaced; placeholders must all be declared."""

    def text(item: str) -> str:
        return PLACEHOLDER.sub(lambda m: as_text(params[m.group(1)]) if m.group(1) else "${", item)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            whole = whole_name(item)
            if whole is not None:
                # A copy, so two uses never share (and the frozen text never anchors) a value.
                return copy.deepcopy(params[whole])
            return text(item) if "${" in item else item
        if isinstance(item, dict):
            return {(text(k) if isinstance(k, str) else k): walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item

    return walk(value)


def rename_targets(node: Any, renamed: dict[str, str]) -> Any:
    """A copy of a raw node whose references to the block's own nodes use their new ids.

    Only the places that name a node are touched (goto, then, advance, `visits:`), and only
    literal ids, so a parameter that happens to name a block node keeps its meaning."""
    if not renamed or not isinstance(node, dict):
        return node
    node = dict(node)
    _rename_key(node, "goto", renamed)
    for key in ("fallback", "advance"):
        if isinstance(node.get(key), dict):
            node[key] = dict(node[key])
            _rename_key(node[key], "then" if key == "fallback" else "goto", renamed)
    if isinstance(node.get("branches"), list):
        branches = []
        for branch in node["branches"]:
            if isinstance(branch, dict):
                branch = dict(branch)
                _rename_key(branch, "goto", renamed)
                if "when" in branch:
                    branch["when"] = _rename_condition(branch["when"], renamed)
                if "say" in branch:
                    branch["say"] = _rename_lines(branch["say"], renamed)
            branches.append(branch)
        node["branches"] = branches
    if "say" in node:
        node["say"] = _rename_lines(node["say"], renamed)
    return node


def _rename_key(mapping: dict[str, Any], key: str, renamed: dict[str, str]) -> None:
    value = mapping.get(key)
    if isinstance(value, str) and value in renamed:
        mapping[key] = renamed[value]
    elif isinstance(value, list):
        mapping[key] = [renamed.get(v, v) if isinstance(v, str) else v for v in value]


def _rename_lines(say: Any, renamed: dict[str, str]) -> Any:
    if not isinstance(say, list):
        return say
    out = []
    for line in say:
        if isinstance(line, dict) and "when" in line:
            line = {**line, "when": _rename_condition(line["when"], renamed)}
        out.append(line)
    return out


def _rename_condition(cond: Any, renamed: dict[str, str]) -> Any:
    if not isinstance(cond, dict):
        return cond
    cond = dict(cond)
    visits = cond.get("visits")
    if isinstance(visits, dict):
        cond["visits"] = dict(visits)
        _rename_key(cond["visits"], "node", renamed)
    for key in ("all", "any"):
        if isinstance(cond.get(key), list):
            cond[key] = [_rename_condition(c, renamed) for c in cond[key]]
    if "not" in cond:
        cond["not"] = _rename_condition(cond["not"], renamed)
    return cond
