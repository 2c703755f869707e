"""YAML → Scenario, with every problem reported as file:line:column.

The fast path parses with libyaml and validates with pydantic; line marks are only computed
(by composing the YAML node tree a second time) when there is something to report, so a
clean library loads at close to the bare parse speed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from trainer.diagnostics import Diagnostic, ScenarioError

# The limits are named here too: they are the loader's, kept beside the alias check.
from trainer.scenario.limits import MAX_ALIAS_EXPANSION as MAX_ALIAS_EXPANSION
from trainer.scenario.limits import MAX_BYTES, alias_expansion_problem
from trainer.scenario.limits import MAX_EXPANDED_BYTES as MAX_EXPANDED_BYTES
from trainer.scenario.models import Scenario

if TYPE_CHECKING:
    from trainer.scenario.blocks import Expansion, NodeOrigin

try:  # libyaml is optional in PyYAML wheels; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

SCHEMA_HEADER = "# yaml-language-server: $schema="

Path_ = tuple[str | int, ...]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that records duplicate keys instead of silently keeping the last one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, yaml.Mark]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append((key_node.value, key_node.start_mark))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


@dataclass
class SourceMap:
    """Finds the line and column of a path like ('nodes', 'opening', 'branches', 0, 'goto')."""

    text: str
    _root: yaml.Node | None = field(default=None, init=False)
    _composed: bool = field(default=False, init=False)

    def locate(self, path: Sequence[str | int]) -> tuple[int, int]:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_BaseLoader)
            except yaml.YAMLError:
                self._root = None
        node = self._root
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for part in path:
            child, key_mark = _child(node, part)
            if child is None or key_mark is None:
                break  # a missing key: point at the mapping that should hold it
            node, mark = child, key_mark
        return (mark.line + 1, mark.column + 1)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Mark | None]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == part or key_node.value == str(part):
                return value_node, key_node.start_mark
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            item = node.value[part]
            return item, item.start_mark
    return None, None


@dataclass
class LoadedScenario:
    scenario: Scenario
    file: str
    source: SourceMap
    has_schema_header: bool
    # Set when the scenario copies in shared blocks (`use:`): where each copied node came from.
    expansion: Expansion | None = None

    @cached_property
    def frozen_text(self) -> str:
        """The text that plays exactly this scenario on its own: the file's text, or, when it
        uses blocks, one document with them filled in (a block file may later change)."""
        if self.expansion is None or not self.expansion.files:  # `use: []` reloads as it is
            return self.source.text
        return self.expansion.frozen_text(self.source.text, self.file)

    @property
    def origins(self) -> dict[str, NodeOrigin]:
        """Node id -> where it was copied from (block file, block, use site); empty without
        `use:`."""
        return self.expansion.origins if self.expansion is not None else {}

    @property
    def content_hash(self) -> str:
        """sha256 of the frozen text: an attempt is frozen against exactly what was played."""
        return hashlib.sha256(self.frozen_text.encode("utf-8")).hexdigest()

    def locate(self, path: Sequence[str | int] = ()) -> tuple[str, int, int, str]:
        """(file, line, column, message suffix): a node copied from a block is found there."""
        return _where(self.source, self.file, self.expansion, path)

    def diagnostic(
        self, code: str, severity: str, message: str, path: Sequence[str | int] = ()
    ) -> Diagnostic:
        file, line, column, suffix = self.locate(path)
        return Diagnostic(code, severity, message + suffix, file, line, column)  # type: ignore[arg-type]


def _where(
    source: SourceMap, file: str, expansion: Expansion | None, path: Sequence[str | int]
) -> tuple[str, int, int, str]:
    if expansion is None or not expansion.origins:
        line, column = source.locate(path)
        return file, line, column, ""
    from trainer.scenario.blocks import route

    return route(source, file, expansion.origins, tuple(path))


def _error(code: str, message: str, file: str, line: int = 1, column: int = 1) -> ScenarioError:
    return ScenarioError([Diagnostic(code, "error", message, file, line, column)])


def read_text(path: Path) -> str:
    name = str(path)
    try:
        if path.is_dir():
            raise _error("SCN005", "is a folder, not a scenario file", name)
        if path.exists() and not path.is_file():
            # A device or a pipe has no size to trust and may never end (/dev/zero, a FIFO).
            raise _error("SCN005", "not a regular file (a device, pipe or socket)", name)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _error(
                "SCN005",
                f"file is {size / 1_048_576:.1f} MB; "
                f"scenarios are limited to {MAX_BYTES // 1_048_576} MB",
                name,
            )
        with path.open("rb") as handle:
            # The size on disk may change (or lie) after stat: read no more than the cap.
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _error("SCN005", "no such file", name) from None
    except PermissionError:
        raise _error("SCN005", "permission denied", name) from None
    except OSError as exc:
        raise _error("SCN005", f"cannot read file: {exc.strerror or exc}", name) from None
    return decode(data, name)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data[:offset].count(b"\n") + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise _error(
            "SCN005",
            f"file is {len(data) / 1_048_576:.1f} MB; the limit is {MAX_BYTES // 1_048_576} MB",
            name,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error("SCN005", "the file is UTF-16 text; save it as UTF-8", name)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line, col = _position(data, offset)
        raise _error(
            "SCN005",
            f"binary data (NUL byte at offset {offset}); a scenario is UTF-8 text",
            name,
            line,
            col,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise _error(
            "SCN005",
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            name,
            line,
            col,
        ) from None
    return text


def parse_document(text: str, file: str) -> tuple[Any, list[Diagnostic]]:
    """The YAML data and its duplicate keys (SCN003); raises on what cannot be parsed safely:
    syntax (SCN001), tags (SCN004) and aliases that expand far beyond the written text."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError([_yaml_diagnostic(exc, file, text)]) from None
    except yaml.YAMLError as exc:
        raise _error("SCN001", f"YAML error: {exc}", file) from None
    except RecursionError:
        raise _error("SCN001", "YAML nesting is too deep", file) from None
    finally:
        loader.dispose()
    alias_problem = alias_expansion_problem(data, file, text)
    if alias_problem is not None:
        raise ScenarioError([alias_problem])
    duplicates = [
        Diagnostic(
            "SCN003",
            "error",
            f"duplicate key '{key}' (the earlier value would be lost)",
            file,
            m.line + 1,
            m.column + 1,
        )
        for key, m in loader.duplicates
    ]
    return data, duplicates


def load_file(path: str | Path) -> LoadedScenario:
    p = Path(path)
    return load_text(read_text(p), str(p), base=p)


def load_text(text: str, file: str = "<string>", *, base: Path | None = None) -> LoadedScenario:
    """`base` is the file the text was read from: `use:` finds its block files from there;
    text with no file (stored, published) must be the frozen, expanded text."""
    source = SourceMap(text)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise _error(
            "SCN005", "file is empty; a scenario needs at least id, title, nodes and outcomes", file
        )
    data, problems = parse_document(text, file)
    if not isinstance(data, dict):
        kind = _KIND_NAMES.get(type(data), f"a {type(data).__name__}")
        raise ScenarioError(
            problems
            + [
                Diagnostic(
                    "SCN002", "error", f"a scenario must be a mapping of keys, not {kind}", file
                )
            ]
        )
    if "blocks" in data and "id" not in data:
        raise ScenarioError(
            problems
            + [
                Diagnostic(
                    "SCN042",
                    "error",
                    "this is a file of shared blocks, not a scenario: scenarios copy "
                    "its blocks in with `use:` (`validate` checks it as a block file)",
                    file,
                )
            ]
        )
    expansion: Expansion | None = None
    if "use" in data:
        # Imported only here: scenarios without shared blocks load as fast as before.
        from trainer.scenario.blocks import expand

        try:
            expansion = expand(data, source, file, base)
        except ScenarioError as exc:
            exc.diagnostics[:0] = problems
            raise
        data = expansion.data
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        locate = partial(_where, source, file, expansion)
        problems += [
            schema_diagnostic(err, source, file, locate) for err in exc.errors(include_url=False)
        ]
        raise ScenarioError(
            sorted(problems, key=lambda d: (d.file != file, d.line, d.column))
        ) from None
    if problems:
        raise ScenarioError(problems)
    header = text.lstrip("\ufeff").startswith(SCHEMA_HEADER)
    return LoadedScenario(scenario, file, source, header, expansion)


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n", line)
    if line - 1 < len(lines) and col - 1 < len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


_KIND_NAMES: dict[type, str] = {
    list: "a list",
    str: "a single text value",
    int: "a number",
    float: "a number",
    bool: "a true/false value",
    type(None): "an empty document",
}


def _yaml_diagnostic(exc: yaml.MarkedYAMLError, file: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    # libyaml words tab problems several ways; say it once, plainly
    is_tab = _char_at(text, line, col) == "\t" or any(
        hint in problem for hint in ("\t", "\\t", "tab character")
    )
    code = "SCN001"
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        code = "SCN004"
        problem = f"{problem}; scenarios are plain data, tags like !!python/object are not allowed"
    elif is_tab:
        problem = "a tab character; YAML indentation must use spaces"
    elif "mapping values are not allowed" in problem:
        problem = f"{problem}; put text that contains ': ' in quotes"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return Diagnostic(code, "error", problem, file, line, col)


_FRIENDLY = {
    "extra_forbidden": "unknown key '{key}'",
    "missing": "missing required key '{key}'",
}


def schema_diagnostic(err: Any, source: SourceMap, file: str, locate: Any = None) -> Diagnostic:
    """`locate(path) -> (file, line, column, suffix)` finds nodes copied from blocks."""
    loc: tuple[str | int, ...] = tuple(p for p in err["loc"] if not is_union_tag(p))
    dotted = ".".join(str(p) for p in loc) or "(top level)"
    kind = err["type"]
    if kind in _FRIENDLY and loc:
        message = _FRIENDLY[kind].format(key=loc[-1])
        where = loc[:-1] if kind == "missing" else loc
        if kind == "extra_forbidden":
            message += _did_you_mean_key(err, loc)
    else:
        message = f"{dotted}: {err['msg']}"
        where = loc
        if kind == "missing" and not loc:
            message = err["msg"]
    if kind in _FRIENDLY and loc[:-1]:
        message = f"{'.'.join(str(p) for p in loc[:-1])}: {message}"
    if locate is not None:
        file, line, col, suffix = locate(where)
        return Diagnostic("SCN002", "error", message + suffix, file, line, col)
    line, col = source.locate(where)
    return Diagnostic("SCN002", "error", message, file, line, col)


def is_union_tag(part: str | int) -> bool:
    # pydantic inserts the member type name ("str", "list[union[str,Line]]", "function-after[...]")
    # into locations of union fields; they mean nothing to an author.
    return isinstance(part, str) and (
        part in {"str", "int", "float", "bool", "Line", "Condition"}
        or "[" in part
        or part.startswith("function-")
    )


def _did_you_mean_key(err: Any, loc: tuple[str | int, ...]) -> str:
    from rapidfuzz import process

    from trainer.scenario import models

    known: set[str] = set()
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, models.Strict):
            known.update(f.alias or name for name, f in model.model_fields.items())
    match = process.extractOne(str(loc[-1]), sorted(known), score_cutoff=75)
    return f" (did you mean '{match[0]}'?)" if match else ""
