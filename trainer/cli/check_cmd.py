"""`sales-trainer check [PATH…] [--builtin]`: run the playthrough tests embedded in scenarios."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from trainer import render
from trainer.diagnostics import ScenarioError, TrainerError
from trainer.engine.playthrough import TestReport, run_test
from trainer.render import strict_json
from trainer.scenario.library import SUFFIXES, builtin_files, expand, resolve
from trainer.scenario.loader import LoadedScenario, load_file

EXIT_FAILED = 1
EXIT_UNUSABLE = 2


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH|ID]...")
@click.option("--builtin", is_flag=True, help="Check every built-in scenario.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def check(paths: tuple[str, ...], builtin: bool, as_json: bool) -> None:
    """Run each scenario's `tests:` and compare outcome, path and score with `expect`.

    PATH is a scenario file or a folder (searched recursively); a built-in id works too.
    Exit 0 when every test passes, 1 when any fails, 2 when a scenario cannot be used.
    """
    if not paths and not builtin:
        raise TrainerError("nothing to check: give scenario files or folders, or --builtin")
    results: list[dict[str, Any]] = []
    lines: list[str] = []
    unusable = failed = passed = 0
    for ref in _targets(paths, builtin):
        try:
            loaded = _load(ref)
        except ScenarioError as exc:
            unusable += 1
            results.append({"file": str(ref), "error": [d.to_dict() for d in exc.diagnostics]})
            lines += [d.format() for d in exc.diagnostics]
            continue
        except TrainerError as exc:
            unusable += 1
            results.append({"file": str(ref), "error": [{"message": str(exc)}]})
            lines.append(f"{ref}: error: {exc}")
            continue
        scenario = loaded.scenario
        lines.append(f"{scenario.id} ({loaded.file})")
        reports: list[TestReport] = []
        if not scenario.tests:
            lines.append("  (no tests)")
        for test in scenario.tests:
            report = run_test(scenario, test)
            reports.append(report)
            if report.ok:
                passed += 1
            else:
                failed += 1
            lines += _describe(report)
        results.append(
            {"file": loaded.file, "scenario": scenario.id, "tests": [r.to_dict() for r in reports]}
        )
    total = passed + failed
    summary = (
        f"{len(results)} scenario(s), {total} test(s): {passed} passed, {failed} failed"
        + (f", {unusable} unusable scenario file(s)" if unusable else "")
    )
    code = EXIT_UNUSABLE if unusable else EXIT_FAILED if failed else 0
    if as_json:
        doc = {"scenarios": results, "passed": passed, "failed": failed, "unusable": unusable,
               "exit_code": code}
        click.echo(strict_json(doc, indent=2))
    else:
        lines.append(summary)
        click.echo(render.lines("\n".join(lines)))
    if code:
        sys.exit(code)


def _targets(paths: tuple[str, ...], builtin: bool) -> list[str | Path]:
    targets: list[str | Path] = []
    for ref in paths:
        path = Path(ref)
        if path.is_dir():
            found = list(expand([path]))
            if not found:
                # A folder with nothing to check must not pass a CI step as if all were well.
                raise TrainerError(f"{ref}: no .yaml or .yml scenario files in this folder")
            targets += found
        elif path.exists() or path.suffix in SUFFIXES or "/" in ref or "\\" in ref:
            targets.append(path)
        else:
            targets.append(ref)  # a built-in id, resolved (with did-you-mean) when loaded
    if builtin:
        targets += builtin_files()
    return list(dict.fromkeys(targets))


def _load(ref: str | Path) -> LoadedScenario:
    return load_file(ref) if isinstance(ref, Path) else resolve(ref)


def _describe(report: TestReport) -> list[str]:
    outcome = report.run.outcome
    got = outcome.id if outcome else "no outcome"
    score = f", score {report.score:g}" if report.score is not None else ""
    if report.ok:
        return [f"  ✓ {report.name} — {got}{score}"]
    out = [f"  ✗ {report.name} — {got}{score}"]
    for failure in report.failures:
        out.append(f"      {failure.message}")
        out += [f"        {line}" for line in failure.detail]
    return out
