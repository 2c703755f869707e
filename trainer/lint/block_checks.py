"""Shared blocks: a block file checked on its own, and a scenario's use of blocks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trainer.diagnostics import Diagnostic, ScenarioError
from trainer.lint.codes import severity
from trainer.scenario.loader import LoadedScenario, is_union_tag, schema_diagnostic

# Stands in for a parameter each use must give, so the rest of a node can be checked alone.
_SOME_TEXT = "x"


def block_language(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    """SCN051: a block file written for another language than the scenario's."""
    if loaded.expansion is None:
        return
    language = loaded.scenario.language
    for used in loaded.expansion.files:
        if used.language is not None and used.language != language:
            index = next(
                (o.use for o in loaded.expansion.origins.values() if o.file == used.file), 0
            )
            yield loaded.diagnostic(
                "SCN051",
                severity("SCN051"),
                f"block file {used.file} is written in '{used.language}' but this scenario is "
                f"in '{language}'; the prospect would switch language mid-call",
                ("use", index, "file"),
            )


def lint_block_file(path: Path, shown: str | None = None) -> list[Diagnostic]:
    """Every finding in a block file on its own: how it reads (the scenario limits), its
    shape, placeholders it does not declare (SCN046), parameters it never uses (SCN050), and
    each node against the node format with the parameters' defaults filled in."""
    from trainer.scenario.block_files import read_block_file

    try:
        blocks = read_block_file(path, shown or str(path))
    except ScenarioError as exc:
        return exc.diagnostics
    found: list[Diagnostic] = []
    for name in blocks.spec.blocks:
        undeclared = blocks.undeclared(name)
        found += undeclared + list(_unused(blocks, name))
        if not undeclared:  # nodes are filled in to be checked: every name must have a value
            found += _node_shapes(blocks, name)
    return sorted(found, key=lambda d: (d.line, d.column, d.code))


def _unused(blocks: Any, name: str) -> Iterator[Diagnostic]:
    from trainer.scenario.params import placeholders

    block = blocks.spec.blocks[name]
    used = {u.name for u in placeholders(block.nodes)}
    for param in block.params:
        if param not in used:
            yield blocks.diagnostic(
                "SCN050",
                severity("SCN050"),
                f"block '{name}' declares parameter '{param}' but no node uses '${{{param}}}'",
                ("blocks", name, "params", param),
            )


def _node_shapes(blocks: Any, name: str) -> Iterator[Diagnostic]:
    from trainer.scenario.models import Node
    from trainer.scenario.params import fill, placeholders

    block = blocks.spec.blocks[name]
    values = {p: _SOME_TEXT if d is None else d for p, d in block.params.items()}
    for node_id, raw in block.nodes.items():
        # A value each use must give may be a list where the block has `${examples}`:
        # what it would hold is only known at the use, where it is checked.
        open_paths = [
            u.path for u in placeholders(raw) if u.whole and block.params.get(u.name) is None
        ]
        try:
            Node.model_validate(fill(raw, values))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(p for p in err["loc"] if not is_union_tag(p))
                if any(loc[: len(p)] == p for p in open_paths):
                    continue
                err = {**err, "loc": ("blocks", name, "nodes", node_id, *loc)}
                yield schema_diagnostic(err, blocks.source, blocks.file)
