"""Files of shared blocks: nodes that scenarios copy in with `use:`, filled in with parameters.

```yaml
# yaml-language-server: $schema=../block.schema.json
language: nb
blocks:
  pris_innvending:
    params: {videre: null, hint: "Anerkjenn prisen."}   # null: the scenario must give it
    nodes:
      pris_innvending: {say: "${innvending}", ...}      # the node format scenarios use
```

A block file is read with the same limits as a scenario (size, UTF-8, duplicate keys, aliases);
problems are reported in the block file, with where it was used added to the message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from trainer.diagnostics import Diagnostic, ScenarioError
from trainer.scenario import loader
from trainer.scenario.models import Id, ParamName, Strict
from trainer.scenario.params import placeholders


class BlockSpec(Strict):
    description: str = ""
    params: dict[ParamName, Any] = Field(
        default_factory=dict,
        description="Parameter name -> default value; null when each use must give it.",
    )
    nodes: dict[Id, Any] = Field(
        min_length=1, description="Node id -> node, in the format scenarios use."
    )


class BlockFileSpec(Strict):
    language: Literal["en", "nb"] | None = None
    blocks: dict[Id, BlockSpec] = Field(min_length=1)


@dataclass
class BlockFile:
    file: str  # as diagnostics name it
    source: loader.SourceMap
    spec: BlockFileSpec

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.source.text.encode("utf-8")).hexdigest()

    def locate(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        return self.source.locate(path)

    def diagnostic(
        self, code: str, severity: str, message: str, path: tuple[str | int, ...] = ()
    ) -> Diagnostic:
        line, column = self.locate(path)
        return Diagnostic(code, severity, message, self.file, line, column)  # type: ignore[arg-type]

    def undeclared(self, name: str) -> list[Diagnostic]:
        """SCN046: `${x}` in a block's nodes that the block does not declare."""
        block = self.spec.blocks[name]
        found: list[Diagnostic] = []
        for use in placeholders(block.nodes, ("blocks", name, "nodes")):
            if use.name not in block.params:
                known = ", ".join(f"'{p}'" for p in block.params) or "none"
                found.append(
                    self.diagnostic(
                        "SCN046",
                        "error",
                        f"block '{name}' uses '${{{use.name}}}' but does not declare it under "
                        f"params: (declared: {known})",
                        use.path,
                    )
                )
        return found


def read_block_file(path: Path, shown: str, suffix: str = "") -> BlockFile:
    """Read and check a block file; every problem names `shown` and ends with `suffix`."""
    try:
        text = loader.read_text(path)
    except ScenarioError as exc:
        raise _retold(exc.diagnostics, shown, suffix) from None
    return parse_block_text(text, shown, suffix)


def parse_block_text(text: str, shown: str, suffix: str = "") -> BlockFile:
    source = loader.SourceMap(text)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise _retold(
            [Diagnostic("SCN005", "error", "the block file is empty", shown)], shown, suffix
        )
    try:
        data, problems = loader.parse_document(text, shown)
    except ScenarioError as exc:
        raise _retold(exc.diagnostics, shown, suffix) from None
    shape = _shape_problem(data)
    if shape is not None:
        message, where = shape
        line, column = source.locate(where)
        raise _retold(
            [*problems, Diagnostic("SCN042", "error", message, shown, line, column)], shown, suffix
        )
    try:
        spec = BlockFileSpec.model_validate(data)
    except ValidationError as exc:
        problems += [
            loader.schema_diagnostic(err, source, shown) for err in exc.errors(include_url=False)
        ]
        raise _retold(sorted(problems, key=lambda d: (d.line, d.column)), shown, suffix) from None
    if problems:
        raise _retold(problems, shown, suffix)
    return BlockFile(shown, source, spec)


def _shape_problem(data: Any) -> tuple[str, tuple[str, ...]] | None:
    if not isinstance(data, dict) or "blocks" not in data or "id" in data:
        return (
            "not a block file: a block file is a mapping with `blocks:` (block name -> "
            "params and nodes) and no scenario `id:`",
            (),
        )
    if "use" in data:
        return (
            "a block file cannot use other blocks; give the scenario one `use:` entry per "
            "block instead",
            ("use",),
        )
    return None


def _retold(found: list[Diagnostic], shown: str, suffix: str) -> ScenarioError:
    return ScenarioError(
        [Diagnostic(d.code, d.severity, d.message + suffix, shown, d.line, d.column) for d in found]
    )


# In a block file any value may be a parameter standing alone: `examples: "${examples}"`.
_PARAMETER = {"type": "string", "pattern": r"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$"}


def block_schema_dict() -> dict[str, Any]:
    """The JSON Schema of block files: the node format, where any value may be `${name}`."""
    from trainer.scenario.models import Node

    schema = BlockFileSpec.model_json_schema(by_alias=True)
    node = Node.model_json_schema(by_alias=True)
    defs: dict[str, Any] = {**node.pop("$defs", {}), "Node": node}
    for model in defs.values():
        for key, value in model.get("properties", {}).items():
            model["properties"][key] = {"anyOf": [value, _PARAMETER]}
    nodes = schema["$defs"]["BlockSpec"]["properties"]["nodes"]
    for pattern in nodes.get("patternProperties", {}):
        nodes["patternProperties"][pattern] = {"$ref": "#/$defs/Node"}
    schema["$defs"].update(defs)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://sales-call-trainer.invalid/block.schema.json"
    schema["title"] = "Shared scenario blocks"
    return schema
