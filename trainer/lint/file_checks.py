"""Checks on the file itself rather than its content: header line and name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from trainer.diagnostics import Diagnostic
from trainer.lint.codes import severity
from trainer.scenario.loader import SCHEMA_HEADER, LoadedScenario

SUFFIXES = (".yaml", ".yml")


def schema_header(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    if not loaded.has_schema_header:
        yield Diagnostic(
            "SCN026",
            severity("SCN026"),
            f"the first line should be '{SCHEMA_HEADER}../scenario.schema.json' (adjust the path) "
            f"so editors can check and complete the file",
            loaded.file,
        )
        return
    path = Path(loaded.file)
    if path.suffix not in SUFFIXES or not path.is_file():
        return
    first = loaded.source.text.lstrip("\ufeff").split("\n", 1)[0]
    target = first[len(SCHEMA_HEADER) :].strip()
    if not target or "://" in target:
        return
    if not (path.parent / target).is_file():
        yield Diagnostic(
            "SCN029",
            severity("SCN029"),
            f"the schema header points at '{target}', which does not exist next to this file",
            loaded.file,
        )


def file_name(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    path = Path(loaded.file)
    if path.suffix not in SUFFIXES:
        return
    if path.stem != loaded.scenario.id:
        yield loaded.diagnostic(
            "SCN028",
            severity("SCN028"),
            f"file is named '{path.name}' but the scenario id is '{loaded.scenario.id}'; "
            f"rename the file to '{loaded.scenario.id}{path.suffix}' (scenarios are found by id)",
            ("id",),
        )
