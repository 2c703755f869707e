"""Checks on persona variants: lines and tests name variants that exist, and no variant is
left with nothing to say where the prospect must speak."""

from __future__ import annotations

from collections.abc import Iterator

from trainer.diagnostics import Diagnostic
from trainer.lint.codes import severity
from trainer.lint.reference_checks import _did_you_mean
from trainer.scenario.loader import LoadedScenario
from trainer.scenario.models import Line, Say

Path = tuple[str | int, ...]


def _says(loaded: LoadedScenario) -> Iterator[tuple[Path, Say | None, bool]]:
    """Every `say` in the file, its path, and whether the prospect must say something there."""
    for node_id, node in loaded.scenario.nodes.items():
        yield ("nodes", node_id, "say"), node.say, True
        for index, branch in enumerate(node.branches):
            yield ("nodes", node_id, "branches", index, "say"), branch.say, False
        if node.fallback is not None:
            yield ("nodes", node_id, "fallback", "say"), node.fallback.say, True


def variants(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    known = sorted(s.variants)
    for path, say, required in _says(loaded):
        if not isinstance(say, list):
            continue
        untagged = False
        covered: set[str] = set()
        for j, item in enumerate(say):
            if not isinstance(item, Line) or item.variant is None:
                untagged = True
                continue
            for k, name in enumerate(item.variant):
                if name not in s.variants:
                    yield loaded.diagnostic(
                        "SCN037", severity("SCN037"),
                        f"line names unknown variant '{name}'{_did_you_mean(name, known)};"
                        f" declare it under variants:",
                        (*path, j, "variant", k),
                    )
                covered.add(name)
        silent = sorted(set(known) - covered)
        if required and not untagged and covered and silent:
            yield loaded.diagnostic(
                "SCN038", severity("SCN038"),
                f"every line here is for some variants only, so {', '.join(silent)} would say"
                f" nothing; add a line without `variant:` or one for "
                f"{'it' if len(silent) == 1 else 'them'}",
                path,
            )
    for index, test in enumerate(s.tests):
        if test.variant is not None and test.variant not in s.variants:
            hint = _did_you_mean(test.variant, known)
            yield loaded.diagnostic(
                "SCN037", severity("SCN037"),
                f"test '{test.name}' plays unknown variant '{test.variant}'{hint}",
                ("tests", index, "variant"),
            )
