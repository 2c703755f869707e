"""`sales-trainer publish FILE…` and `retire ID`: a team's own scenarios, shared through the
attempts database so every trainee on it finds them in the library."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trainer.cli.report_cmd import db_url
from trainer.render import visible

if TYPE_CHECKING:
    from trainer.scenario.loader import LoadedScenario


@click.command("publish")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def publish(paths: tuple[Path, ...]) -> None:
    """Lint scenario files and publish them to the database (--db). A file with a lint error
    is refused with its findings and nothing is published; a version already published with
    the same content is left as it is."""
    from trainer.cli.validate_cmd import Report, render_text, validate_files
    from trainer.scenario.loader import load_file
    from trainer.store import open_store

    report = Report()
    validate_files(list(paths), report)
    if report.findings:
        click.echo(render_text(report), err=True)
    errors = report.count("error")
    if errors:
        raise click.ClickException(
            f"not published: {errors} error{'s' if errors != 1 else ''} (listed above); "
            "fix them and publish again — nothing was published")
    loaded = [load_file(p) for p in paths]
    with open_store(db_url()) as store:
        by = store.bound_user or _whoami()
        for item in loaded:
            s = item.scenario
            what = store.publish(scenario_id=s.id, version=s.version, digest=item.content_hash,
                                 title=s.title, language=s.language, text=item.frozen_text,
                                 by=by)
            click.echo(f"{s.id} version {s.version}: {what} ({visible(s.title)})")


@click.command("retire")
@click.argument("scenario_id")
def retire(scenario_id: str) -> None:
    """Hide a published scenario from the library; its versions and attempts are kept."""
    from trainer.store import open_store

    with open_store(db_url()) as store:
        count = store.retire(scenario_id)
    click.echo(f"{visible(scenario_id)}: retired ({count} version{'s' if count != 1 else ''})"
               if count else f"{visible(scenario_id)}: already retired")


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "author"


def resolve_any(ref: str, db: str | None) -> LoadedScenario:
    """A file, a built-in id, or — with a database named — a scenario published to it."""
    import os

    from trainer.diagnostics import TrainerError
    from trainer.scenario.library import resolve
    from trainer.scenario.loader import load_text

    try:
        return resolve(ref)
    except TrainerError:
        in_folder = _team_file(ref)
        if in_folder is not None:
            from trainer.scenario.loader import load_file

            return load_file(in_folder)
        if not db and not os.environ.get("SALES_TRAINER_DB"):
            raise
        from trainer.store import open_store

        with open_store(db) as store:
            found = next((p for p in store.published() if p.scenario_id == ref), None)
            text = store.published_text(found) if found is not None else None
        if text is None:
            raise
        return load_text(text, file=f"{ref} (published)")


def _team_file(ref: str) -> Path | None:
    """A scenario id found as a file name in the team folders (--scenarios, config, env)."""
    from trainer.config import ConfigFile
    from trainer.scenario.sources import team_folders

    root = click.get_current_context().find_root().obj or {}
    team = team_folders(root.get("scenario_dirs", ()), ConfigFile.load().config.scenario_dirs)
    return next((f for f, _ in team.files() if f.stem == ref), None)
