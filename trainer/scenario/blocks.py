"""`use:` — copying shared blocks into a scenario's nodes when it is loaded.

The rest of the app sees an ordinary scenario. What is kept besides is where each copied node
came from, so a finding on it points at the block file (and says where it was used), and the
self-contained text an attempt is frozen with.

A scenario from a team folder is untrusted: a block file must be a relative path that resolves
(symlinks followed) to a regular .yaml/.yml file inside the scenario's folder or its parent
folder, and it is read with the scenario limits; the filled-in document must stay within the
loader's expansion limits, which are checked before anything is copied.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from trainer.diagnostics import Diagnostic, ScenarioError
from trainer.scenario import loader
from trainer.scenario.block_files import BlockFile, read_block_file
from trainer.scenario.models import Use
from trainer.scenario.params import (
    SCALARS,
    YamlPath,
    fill,
    measure,
    placeholders,
    rename_targets,
    size_of,
)

BLOCK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class NodeOrigin:
    """Where a node that came from a block was written, and where the scenario used it."""

    file: str  # the block file as diagnostics name it
    block: str
    node: str  # its id in the block file
    use: int  # index in the scenario's `use:`
    used_at: str  # scenario.yaml:LINE:COL
    source: loader.SourceMap
    # Paths (inside the node) filled by a whole parameter value: (path, name, given by the use)
    values: tuple[tuple[YamlPath, str, bool], ...] = ()

    @property
    def suffix(self) -> str:
        return f" (block '{self.block}' used at {self.used_at})"


@dataclass(frozen=True)
class UsedFile:
    ref: str  # as written in `use:`
    file: str  # as diagnostics name it
    path: Path  # resolved
    sha256: str
    language: str | None


@dataclass
class Expansion:
    data: dict[str, Any]  # the scenario with its blocks filled in, before validation
    origins: dict[str, NodeOrigin] = field(default_factory=dict)
    files: list[UsedFile] = field(default_factory=list)

    def groups(self) -> dict[str, str]:
        """Node id -> "block NAME from FILE" (FILE as the scenario names it), for drawing."""
        refs = {f.file: f.ref for f in self.files}
        uses: dict[tuple[str, str], set[int]] = {}
        for origin in self.origins.values():
            uses.setdefault((origin.file, origin.block), set()).add(origin.use)
        labels = {}
        for node_id, origin in self.origins.items():
            label = f"block {origin.block} from {refs.get(origin.file, origin.file)}"
            if len(uses[(origin.file, origin.block)]) > 1:
                label += f" (use {origin.use + 1})"
            labels[node_id] = label
        return labels

    def frozen_text(self, text: str, file: str) -> str:
        """A standalone YAML document of the expanded scenario, naming what it was made of."""
        lines = []
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        if first.startswith(loader.SCHEMA_HEADER):
            lines.append(first)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        lines.append(f"# {Path(file).name} (sha256 {digest}) with its shared blocks filled in:")
        lines += [f"#   {f.ref} (sha256 {f.sha256})" for f in self.files]
        dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        body = yaml.dump(self.data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
        return "\n".join(lines) + "\n" + body


class BlockError(ScenarioError):
    """A scenario whose blocks cannot be used; `depends` names the block files it read."""

    def __init__(self, diagnostics: list[Diagnostic], depends: list[Path]) -> None:
        super().__init__(diagnostics)
        self.depends = depends


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def block_path(base: Path, ref: str) -> Path:
    """The resolved block file `ref` names from the scenario file `base`, if it may be read."""
    if Path(ref).is_absolute() or PureWindowsPath(ref).drive or ref.startswith(("/", "\\")):
        raise _Refused(
            "SCN041",
            f"block file '{ref}' is an absolute path; name it relative "
            "to the scenario file, e.g. ../blocks/common.yaml",
        )
    try:
        home = base.resolve()
        real = (base.parent / ref).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise _Refused(
            "SCN041", f"block file '{ref}' cannot be resolved (a symlink loop?)"
        ) from None
    root = home.parent.parent
    if not real.is_relative_to(root):
        raise _Refused(
            "SCN041",
            f"block file '{ref}' is outside the scenario's folder and its "
            f"parent folder ({root}); blocks are only read from there",
        )
    if real.suffix.lower() not in BLOCK_SUFFIXES:
        raise _Refused("SCN041", f"block file '{ref}' is not a .yaml or .yml file")
    if not real.exists():
        raise _Refused("SCN040", f"block file '{ref}' does not exist{_near(real, ref, root)}")
    if not real.is_file():
        raise _Refused("SCN041", f"block file '{ref}' is not a regular file")
    return real


def _near(real: Path, ref: str, root: Path) -> str:
    """A did-you-mean from the block files beside where `ref` points, if that is allowed."""
    folder = real.parent
    try:
        if not folder.is_dir() or not folder.resolve().is_relative_to(root):
            return ""
        names = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in BLOCK_SUFFIXES)
    except OSError:
        return ""
    near = _closest(real.name, names)
    return f" (did you mean '{PurePosixPath(ref).with_name(near)}'?)" if near else ""


def expand(
    data: dict[str, Any], source: loader.SourceMap, file: str, base: Path | None
) -> Expansion:
    """The scenario data with every `use:` entry's nodes copied into `nodes`."""
    return _Expander(data, source, file, base).run()


class _Expander:
    def __init__(
        self, data: dict[str, Any], source: loader.SourceMap, file: str, base: Path | None
    ) -> None:
        self.data, self.source, self.file, self.base = data, source, file, base
        self.problems: list[Diagnostic] = []
        self.depends: list[Path] = []
        self.read: dict[Path, BlockFile | None] = {}
        self.checked: set[tuple[str, str]] = set()  # (block file, block) checked for SCN046
        own = data.get("nodes")
        self.own: dict[str, Any] = own if isinstance(own, dict) else {}
        self.added: dict[str, Any] = {}
        self.origins: dict[str, NodeOrigin] = {}
        self.files: dict[Path, UsedFile] = {}
        self.values, self.nbytes = size_of(data)
        self.extra_values = 0

    def here(self, *path: str | int) -> tuple[int, int]:
        return self.source.locate(("use", *path))

    def problem(self, code: str, message: str, *path: str | int) -> None:
        line, column = self.here(*path)
        self.problems.append(Diagnostic(code, "error", message, self.file, line, column))

    def run(self) -> Expansion:
        uses = self.entries()
        if uses and self.base is None:
            self.problem(
                "SCN048",
                "this scenario has no file to find its blocks from (stored "
                "or pasted text); load it from its file, or store its expanded text",
            )
            uses = []
        for index, use in enumerate(uses):
            if not self.use(index, use):
                break
        if self.problems:
            ordered = sorted(self.problems, key=lambda d: (d.file != self.file, d.line, d.column))
            raise BlockError(ordered, self.depends)
        data = {k: v for k, v in self.data.items() if k != "use"}
        if isinstance(self.data.get("nodes"), dict) or "nodes" not in self.data:
            data["nodes"] = {**self.own, **self.added}
        return Expansion(data, self.origins, list(self.files.values()))

    def entries(self) -> list[Use]:
        try:
            return TypeAdapter(list[Use]).validate_python(self.data["use"])
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                err = {**err, "loc": ("use", *err["loc"])}
                self.problems.append(loader.schema_diagnostic(err, self.source, self.file))
            return []

    def use(self, index: int, use: Use) -> bool:
        """Copy one block in; False once the expansion limits are reached."""
        assert self.base is not None
        line, column = self.here(index)
        used_at = f"{self.file}:{line}:{column}"
        try:
            path = block_path(self.base, use.file)
        except _Refused as refused:
            self.problem(refused.code, refused.message, index, "file")
            return True
        shown = os.path.normpath(os.path.join(os.path.dirname(self.file), use.file))
        blocks = self.block_file(path, shown, used_at)
        if blocks is None:
            return True
        self.files.setdefault(
            path, UsedFile(use.file, shown, path, blocks.sha256, blocks.spec.language)
        )
        block = blocks.spec.blocks.get(use.block)
        if block is None:
            self.problem(
                "SCN043",
                f"there is no block '{use.block}' in {shown}"
                f"{_did_you_mean(use.block, list(blocks.spec.blocks))}; it has: "
                f"{', '.join(blocks.spec.blocks)}",
                index,
                "block",
            )
            return True
        values = self.params(index, use, blocks, shown)
        if values is None:
            return True
        return self.copy(index, use, blocks, values, used_at)

    def block_file(self, path: Path, shown: str, used_at: str) -> BlockFile | None:
        if path not in self.read:
            self.depends.append(path)
            try:
                self.read[path] = read_block_file(path, shown, f" (block file used at {used_at})")
            except ScenarioError as exc:
                self.problems += exc.diagnostics
                self.read[path] = None
        return self.read[path]

    def params(self, index: int, use: Use, blocks: BlockFile, shown: str) -> dict[str, Any] | None:
        block = blocks.spec.blocks[use.block]
        where = f"{shown}:{':'.join(map(str, blocks.locate(('blocks', use.block, 'params'))))}"
        before = len(self.problems)
        meant: set[str] = set()  # declared names an unknown one is a typo of: said once
        for name in use.with_:
            if name not in block.params:
                declared = ", ".join(block.params) or "none"
                near = _closest(name, [p for p in block.params if p not in use.with_])
                meant.add(near or "")
                hint = f" (did you mean '{near}'?)" if near else ""
                self.problem(
                    "SCN045",
                    f"block '{use.block}' ({where}) has no parameter '{name}'{hint}; "
                    f"it declares: {declared}",
                    index,
                    "with",
                    name,
                )
        missing = [
            n
            for n, d in block.params.items()
            if d is None and use.with_.get(n) is None and n not in meant
        ]
        if missing:
            self.problem(
                "SCN044",
                f"block '{use.block}' ({where}) needs "
                f"{', '.join(repr(n) for n in missing)}: give "
                f"{'it' if len(missing) == 1 else 'them'} under with:",
                *((index, "with") if "with" in _keys(self.data["use"], index) else (index,)),
            )
        if (blocks.file, use.block) not in self.checked:
            self.checked.add((blocks.file, use.block))
            line, column = self.here(index)
            suffix = f" (block '{use.block}' used at {self.file}:{line}:{column})"
            self.problems += [
                Diagnostic(d.code, d.severity, d.message + suffix, d.file, d.line, d.column)
                for d in blocks.undeclared(use.block)
            ]
        values = {n: d for n, d in block.params.items() if d is not None}
        values.update({n: v for n, v in use.with_.items() if n in block.params and v is not None})
        for found in placeholders(block.nodes, ("blocks", use.block, "nodes")):
            value = values.get(found.name)
            if not found.whole and value is not None and not isinstance(value, SCALARS):
                line, column = blocks.locate(found.path)
                kind = "a list" if isinstance(value, list) else "a mapping"
                at = (index, "with", found.name) if found.name in use.with_ else (index,)
                self.problem(
                    "SCN049",
                    f"parameter '{found.name}' is {kind}, but block "
                    f"'{use.block}' puts it inside text at {shown}:{line}:{column}; "
                    "only text, numbers and true/false fit there",
                    *at,
                )
                break
        return values if len(self.problems) == before else None

    def copy(
        self, index: int, use: Use, blocks: BlockFile, values: dict[str, Any], used_at: str
    ) -> bool:
        block = blocks.spec.blocks[use.block]
        more, nbytes = measure(block.nodes, values)
        self.extra_values += more
        self.nbytes += nbytes
        too_many = self.extra_values > loader.MAX_ALIAS_EXPANSION
        if self.nbytes > loader.MAX_EXPANDED_BYTES or too_many:
            self.problem(
                "SCN005",
                "with its blocks filled in the scenario would hold "
                f"{self.nbytes / 1_048_576:.1f} MB of text in "
                f"{self.values + self.extra_values:,} values; the limits are "
                f"{loader.MAX_EXPANDED_BYTES // 1_048_576} MB and "
                f"{loader.MAX_ALIAS_EXPANSION:,} values from blocks — use fewer or "
                "smaller blocks",
                index,
            )
            return False
        renamed = {n: use.prefix + n for n in block.nodes} if use.prefix else {}
        for node_id, raw in block.nodes.items():
            new_id = use.prefix + node_id
            clash = self.clash(new_id, use)
            if clash:
                line, column = blocks.locate(("blocks", use.block, "nodes", node_id))
                self.problem(
                    "SCN047",
                    f"node '{new_id}' from block '{use.block}' "
                    f"({blocks.file}:{line}:{column}) {clash}; give this use a "
                    "prefix: or rename one of them",
                    index,
                )
                continue
            whole = tuple(
                (f.path, f.name, f.name in use.with_ and use.with_[f.name] is not None)
                for f in placeholders(raw)
                if f.whole
            )
            self.added[new_id] = fill(rename_targets(raw, renamed), values)
            self.origins[new_id] = NodeOrigin(
                blocks.file, use.block, node_id, index, used_at, blocks.source, whole
            )
        return True

    def clash(self, node_id: str, use: Use) -> str:
        if node_id in self.own:
            line, _ = self.source.locate(("nodes", node_id))
            return f"is also a node of this scenario (line {line})"
        if node_id in self.added:
            other = self.origins[node_id]
            return f"is also copied in by use {other.use + 1} (block '{other.block}')"
        return ""


def _keys(uses: Any, index: int) -> set[str]:
    entry = uses[index] if isinstance(uses, list) and index < len(uses) else None
    return set(entry) if isinstance(entry, dict) else set()


def _closest(word: str, choices: list[str]) -> str | None:
    from rapidfuzz import process

    match = process.extractOne(word, choices, score_cutoff=60)
    return str(match[0]) if match else None


def _did_you_mean(word: str, choices: list[str]) -> str:
    near = _closest(word, choices)
    return f" (did you mean '{near}'?)" if near else ""


def route(
    source: loader.SourceMap, file: str, origins: dict[str, NodeOrigin], path: tuple[str | int, ...]
) -> tuple[str, int, int, str]:
    """(file, line, column, message suffix) for a path in the expanded scenario: a node that
    came from a block is found in the block file, or in `with:` when a use gave the value."""
    if len(path) >= 2 and path[0] == "nodes" and isinstance(path[1], str) and path[1] in origins:
        origin = origins[path[1]]
        rest = tuple(path[2:])
        for where, name, given in sorted(origin.values, key=lambda v: -len(v[0])):
            if rest[: len(where)] != where:
                continue
            inside = rest[len(where) :]
            if given:
                line, column = source.locate(("use", origin.use, "with", name, *inside))
                b_line, b_column = origin.source.locate(
                    ("blocks", origin.block, "nodes", origin.node, *where)
                )
                return (
                    file,
                    line,
                    column,
                    (
                        f" (parameter '{name}' of block '{origin.block}' "
                        f"at {origin.file}:{b_line}:{b_column})"
                    ),
                )
            line, column = origin.source.locate(("blocks", origin.block, "params", name, *inside))
            return origin.file, line, column, origin.suffix
        line, column = origin.source.locate(("blocks", origin.block, "nodes", origin.node, *rest))
        return origin.file, line, column, origin.suffix
    line, column = source.locate(path)
    return file, line, column, ""
