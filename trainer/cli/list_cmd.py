"""`sales-trainer list`: the built-in scenarios, with broken ones reported instead of hidden."""

from __future__ import annotations

from typing import Any

import click

from trainer.diagnostics import Diagnostic
from trainer.render import lines, strict_json, visible


def builtin_entries(team: list[tuple[Any, Any]] | None = None) -> list[dict[str, Any]]:
    """The built-in scenarios, then those in the team folders (`source` says which); only
    files the index cache cannot answer for are validated."""
    from trainer.scenario.index_cache import default_path
    from trainer.scenario.library import builtin_dir, builtin_files
    from trainer.scenario.outcome import checked_all

    root = builtin_dir()
    entries: list[dict[str, Any]] = []
    files = [(f, None) for f in builtin_files()] + list(team or [])
    outcomes = checked_all([f for f, _ in files], default_path())
    for (file, folder), outcome in zip(files, outcomes, strict=True):
        name = str(file.relative_to(root)) if folder is None else str(file)
        s = outcome.fields
        if s is None:
            entries.append(
                {"file": name, "broken": True, "problems": [_short(d) for d in outcome.problems]}
            )
            continue
        entries.append(
            {
                "id": s["id"],
                "language": s["language"],
                "kind": s["kind"],
                "difficulty": s["difficulty"],
                "title": s["title"],
                "file": name,
                "broken": False,
                "source": "built-in" if folder is None else f"folder {folder}",
            }
        )
    return entries


def published_entries(db: str | None) -> list[dict[str, Any]]:
    """Scenarios published to the database, when one is named (--db or SALES_TRAINER_DB)."""
    import os

    if not db and not os.environ.get("SALES_TRAINER_DB"):
        return []
    from trainer.store import open_store

    with open_store(db) as store:
        return [{"id": p.scenario_id, "language": p.language, "kind": "", "difficulty": None,
                 "title": p.title, "file": None, "broken": False,
                 "source": f"published v{p.version} by {p.published_by}"}
                for p in store.published()]


def _short(d: Diagnostic) -> str:
    return f"{d.line}:{d.column}: {d.severity} {d.code}: {d.message}"


def render_text(entries: list[dict[str, Any]]) -> str:
    good = [e for e in entries if not e["broken"]]
    width = max([len(e["id"]) for e in good] + [2])
    kind_width = max([len(e["kind"]) for e in good] + [4])
    lines = [f"{'ID':<{width}}  LANG  {'KIND':<{kind_width}}  DIFF  TITLE"]
    for e in good:
        diff = "" if e["difficulty"] is None else e["difficulty"]
        source = "" if e["source"] == "built-in" else f"  [{visible(e['source'])}]"
        lines.append(
            f"{visible(e['id']):<{width}}  {e['language']:<4}  {e['kind']:<{kind_width}}  "
            f"{diff:>4}  {visible(e['title'])}{source}"
        )
    for e in entries:
        if e["broken"]:
            first = e["problems"][0] if e["problems"] else "cannot be loaded"
            more = len(e["problems"]) - 1
            suffix = f" (+{more} more; run `sales-trainer validate --builtin`)" if more else ""
            lines.append(f"BROKEN {e['file']}:{first}{suffix}")
    return "\n".join(lines)


@click.command(name="list")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--matrix", is_flag=True,
              help="Print the duty × language and sector × duty coverage tables (Markdown).")
def list_scenarios(fmt: str, matrix: bool) -> None:
    """List the built-in scenarios (id, language, kind, difficulty, title) and, with a
    database, the scenarios published to it."""
    from trainer.cli.report_cmd import db_url
    from trainer.config import ConfigFile
    from trainer.scenario.sources import team_folders

    root = click.get_current_context().find_root().obj or {}
    team = team_folders(root.get("scenario_dirs", ()), ConfigFile.load().config.scenario_dirs)
    for problem in team.problems:
        click.echo(f"warning: {problem}", err=True)
    if matrix:
        from trainer.scenario.coverage import Covered
        from trainer.scenario.coverage import matrix as coverage
        from trainer.scenario.index_cache import default_path
        from trainer.scenario.library import builtin_files
        from trainer.scenario.outcome import checked_all

        files = builtin_files() + [f for f, _ in team.files()]
        # `list` without --matrix names the broken files; here they are left out.
        loaded = [Covered(o.fields["language"], o.fields["sector"], tuple(o.fields["duties"]))
                  for o in checked_all(files, default_path()) if o.fields is not None]
        click.echo(coverage(loaded))
        return
    entries = builtin_entries(team.files()) + published_entries(db_url())
    if fmt == "json":
        click.echo(strict_json(entries, indent=2))
    else:
        click.echo(lines(render_text(entries)))
