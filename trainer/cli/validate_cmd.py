"""`sales-trainer validate`: load and lint scenario files, report every finding at once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import click

from trainer.diagnostics import Diagnostic, ScenarioError
from trainer.render import lines

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


@dataclass
class Report:
    files: list[str] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)
    unusable: list[str] = field(default_factory=list)  # paths that do not exist / hold nothing
    # Block files the scenarios were read with (`use:`): `--watch` lints again when one changes.
    depends: set[Path] = field(default_factory=set)

    def count(self, severity: str) -> int:
        return sum(1 for d in self.findings if d.severity == severity)

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "errors": self.count("error"),
            "warnings": self.count("warning"),
        }

    def exit_code(self, strict: bool) -> int:
        if self.unusable or not self.files:
            return EXIT_UNUSABLE
        if self.count("error") or (strict and self.count("warning")):
            return EXIT_FINDINGS
        return EXIT_CLEAN


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def collect_files(paths: tuple[str, ...], builtin: bool, report: Report) -> list[Path]:
    from trainer.scenario.library import SUFFIXES, builtin_files

    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                report.unusable.append(f"{raw}: no .yaml or .yml files in this folder")
            files += found
        elif path.name.endswith(".schema.json"):
            continue
        elif not path.exists():
            report.unusable.append(f"{raw}: no such file or folder")
        else:
            files.append(path)
    if builtin:
        files += [_shortest(p) for p in builtin_files()]
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)
    return list(unique.values())


def _shortest(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def check_file(file: Path, depends: set[Path] | None = None) -> list[Diagnostic]:
    """Every finding in one file: a scenario loaded and linted, or a file of shared blocks
    checked as one (its nodes are checked again, filled in, in each scenario that uses them).
    The block files a scenario was read with are added to `depends`."""
    from trainer.lint import lint
    from trainer.scenario.library import is_block_file
    from trainer.scenario.loader import load_file

    if is_block_file(file):
        from trainer.lint.block_checks import lint_block_file

        return lint_block_file(file)
    try:
        loaded = load_file(file)
    except ScenarioError as exc:
        (depends if depends is not None else set()).update(getattr(exc, "depends", ()))
        return exc.diagnostics
    if depends is not None and loaded.expansion is not None:
        depends.update(f.path for f in loaded.expansion.files)
    return lint(loaded)


def validate_files(files: list[Path], report: Report) -> None:
    for file in files:
        report.files.append(str(file))
        report.findings += check_file(file, report.depends)


def _checked_codes(codes: tuple[str, ...]) -> set[str]:
    from trainer.lint import CODES

    wanted = {code.strip().upper() for code in codes}
    unknown = sorted(wanted - set(CODES))
    if unknown:
        raise click.BadParameter(
            f"unknown code {', '.join(unknown)}; codes are SCN001 to {max(CODES)} "
            f"(see docs/diagnostics.md)",
            param_hint="--ignore",
        )
    return wanted


def render_text(report: Report) -> str:
    lines = [d.format() for d in report.findings]
    lines += [f"error: {problem}" for problem in report.unusable]
    summary = report.summary()
    lines.append(
        f"{_plural(summary['files'], 'file')}, {_plural(summary['errors'], 'error')}, "
        f"{_plural(summary['warnings'], 'warning')}"
    )
    return "\n".join(lines)


def render_json(report: Report, strict: bool) -> str:
    document = {
        "findings": [d.to_dict() for d in report.findings],
        "unusable": report.unusable,
        "files": report.files,
        "summary": {**report.summary(), "exit_code": report.exit_code(strict)},
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _run_once(paths: tuple[str, ...], builtin: bool, fmt: str, strict: bool,
              skip: set[str]) -> tuple[Report, list[Path]]:
    """Lints once; returns the report and every file it read (block files included)."""
    report = Report()
    files = collect_files(paths, builtin, report)
    validate_files(files, report)
    report.findings = [d for d in report.findings if d.code not in skip]
    if not files and not report.unusable:
        report.unusable.append("no scenario files found")
    click.echo(lines(render_json(report, strict) if fmt == "json" else render_text(report)))
    return report, files + sorted(report.depends - set(files))


def _watch(paths: tuple[str, ...], builtin: bool, fmt: str, strict: bool,
           skip: set[str]) -> None:
    """Lint, then lint again on every save, until Ctrl+C; a save shows under a time line."""
    import time
    from datetime import datetime

    from trainer.scenario.sources import stamp

    def stamps(files: list[Path]) -> dict[Path, object]:
        return {f: stamp(f) for f in files}

    _, files = _run_once(paths, builtin, fmt, strict, skip)
    seen = stamps(files)
    try:
        while True:
            time.sleep(WATCH_SECONDS)
            now = stamps(collect_files(paths, builtin, Report()))
            blocks = {f: stamp(f) for f in seen if f not in now}
            if {**now, **blocks} != seen:
                click.echo(f"--- {datetime.now():%H:%M:%S} ---")
                _, files = _run_once(paths, builtin, fmt, strict, skip)
                seen = stamps(files)
    except KeyboardInterrupt:
        return


WATCH_SECONDS = 0.5


@click.command(name="validate")
@click.argument("paths", nargs=-1, type=str)
@click.option("--builtin", is_flag=True, help="Also check the scenarios shipped with the app.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Plain lines (file:line:col: severity CODE: message) or one JSON document.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option(
    "--ignore",
    "ignored",
    multiple=True,
    metavar="CODE",
    help="Leave out findings with this code (repeatable), e.g. --ignore SCN027.",
)
@click.option("--watch", is_flag=True,
              help="Keep running and lint again whenever a file is saved (Ctrl+C stops).")
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[str, ...],
    builtin: bool,
    fmt: str,
    strict: bool,
    ignored: tuple[str, ...],
    watch: bool,
) -> None:
    """Check scenario files (folders are searched recursively) with stable SCN codes.

    Exit status: 0 clean (warnings allowed unless --strict), 1 errors found, 2 unusable input.
    The codes are explained in docs/diagnostics.md.
    """
    if not paths and not builtin:
        raise click.UsageError("give one or more scenario files or folders, or --builtin")
    skip = _checked_codes(ignored)
    if watch:
        _watch(paths, builtin, fmt, strict, skip)
        return
    report = Report()
    files = collect_files(paths, builtin, report)
    validate_files(files, report)
    report.findings = [d for d in report.findings if d.code not in skip]
    if not files and not report.unusable:
        report.unusable.append("no scenario files found")
    if fmt == "json":
        click.echo(lines(render_json(report, strict)))
    else:
        click.echo(lines(render_text(report)))
    ctx.exit(report.exit_code(strict))
