"""`sales-trainer` entry point.

Subcommands are imported only when invoked, so `--help`, `validate` and the other headless
commands never pay for (or depend on) Textual.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from trainer.crash import tolerate_narrow_terminals, write_crash_log
from trainer.diagnostics import TrainerError
from trainer.render import visible
from trainer.secrets import mask

# name -> "module:attribute"; each module defines one click command.
COMMANDS: dict[str, tuple[str, str]] = {
    "play": (
        "trainer.cli.play_cmd:play",
        "Play a scenario (TUI on a terminal, or --script headless).",
    ),
    "validate": ("trainer.cli.validate_cmd:validate", "Lint scenario files with stable SCN codes."),
    "check": ("trainer.cli.check_cmd:check", "Run the playthrough tests embedded in scenarios."),
    "graph": ("trainer.cli.graph_cmd:graph", "Draw a scenario's graph as Mermaid or Graphviz dot."),
    "schema": ("trainer.cli.schema_cmd:schema", "Print the JSON Schema of the scenario format."),
    "score": ("trainer.cli.score_cmd:score", "Score replies (JSON lines) or a whole transcript."),
    "list": ("trainer.cli.list_cmd:list_scenarios", "List the built-in scenarios."),
    "report": ("trainer.cli.report_cmd:report", "Attempts per trainee, scenario and criterion."),
    "attempts": ("trainer.cli.attempts_cmd:attempts", "List recorded attempts one by one."),
    "show": ("trainer.cli.attempts_cmd:show", "Print one attempt end to end (text, JSON, HTML)."),
    "db": ("trainer.cli.db_cmd:db", "Set up a shared PostgreSQL database: roles and users."),
    "serve": ("trainer.cli.serve_cmd:serve", "Serve the app to web browsers (textual-serve)."),
    "team": ("trainer.cli.team_cmd:team", "Teams of trainees: add, list."),
    "assign": ("trainer.cli.team_cmd:assign", "Assign scenarios to a team or trainee by a date."),
    "assignments": (
        "trainer.cli.team_cmd:assignments",
        "Where each trainee stands on each assignment (certified, overdue, …).",
    ),
    "publish": ("trainer.cli.publish_cmd:publish", "Lint and publish scenarios to the --db."),
    "retire": ("trainer.cli.publish_cmd:retire", "Hide a published scenario; its history stays."),
    "misses": ("trainer.cli.misses_cmd:misses", "Replies the prospect did not understand."),
    "export": ("trainer.cli.transfer_cmd:export_attempts", "Export attempts as JSON lines."),
    "import": (
        "trainer.cli.transfer_cmd:import_attempts",
        "Import attempts from JSON lines (idempotent).",
    ),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target[0].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return _unavailable(cmd_name)
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Help text comes from the table above so that listing commands imports nothing.
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str) -> click.Command:
    @click.command(name=name)
    def cmd() -> None:
        raise click.ClickException(f"'{name}' is not available in this build")

    return cmd


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option(
    "--db", "db_url", envvar="SALES_TRAINER_DB", help="Database URL or SQLite path for attempts."
)
@click.option(
    "--lang", "lang", type=click.Choice(["en", "nb"]), default=None,
    help="Interface language (default: the config's `language`, else each call's scenario).",
)
@click.option(
    "--scenarios", "scenario_dirs", multiple=True, metavar="DIR",
    help="A team folder of scenarios to list beside the built-in ones (repeatable; also "
    "SALES_TRAINER_SCENARIOS and `scenario_dirs` in config.toml).",
)
@click.version_option(package_name="sales-call-trainer")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, lang: str | None,
        scenario_dirs: tuple[str, ...]) -> None:
    """Practise sales calls in the terminal: cold calls, objections and complaints.

    With no command, opens the scenario library.
    """
    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url
    ctx.obj["lang"] = lang
    ctx.obj["scenario_dirs"] = scenario_dirs
    if ctx.invoked_subcommand is None:
        from trainer.tui.launch import run_library

        run_library(db_url=db_url, lang=lang, scenario_dirs=scenario_dirs)


def main(argv: list[str] | None = None) -> None:
    """Run a command; every failure ends as one line on stderr and a non-zero status.

    Passwords in database URLs are masked in whatever is printed, and an unexpected error's
    traceback goes to a log file (named in the message), never to the screen."""
    tolerate_narrow_terminals()
    args = sys.argv[1:] if argv is None else argv
    bad = next((i for i, a in enumerate(args, start=1) if _undecodable(a)), None)
    if bad is not None:
        _fail(f"argument {bad} is not valid UTF-8 text", 2)
    try:
        result = cli.main(args=args, prog_name="sales-trainer", standalone_mode=False)
    except TrainerError as exc:
        _fail(_said(exc, args), 2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        _fail("aborted", 1)
    except click.ClickException as exc:
        usage = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            usage = exc.ctx.get_usage() + "\n"
            hint = f"Try '{exc.ctx.command_path} --help' for help.\n"
            usage += hint
        click.echo(mask(usage), err=True, nl=False)
        _fail(exc.format_message(), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback on screen
        log = write_crash_log(exc)
        where = f"; details in {log}" if log else ""
        _fail(f"internal error ({type(exc).__name__}: {exc}){where}", 1)
    sys.exit(result if isinstance(result, int) else 0)


def _undecodable(arg: str) -> bool:
    # Python decodes arguments with surrogateescape: a lone surrogate is a byte that was not
    # UTF-8 (a Latin-1 "é"), which would fail later wherever the text is written.
    return any("\udc80" <= ch <= "\udcff" for ch in arg)


def _fail(message: str, status: int) -> None:
    click.echo(f"sales-trainer: {visible(mask(message))}", err=True)
    sys.exit(status)


def run(argv: list[str]) -> Any:
    """Invoke the CLI in-process (tests)."""
    return cli.main(args=argv, prog_name="sales-trainer", standalone_mode=False)


def _said(exc: TrainerError, args: list[str]) -> str:
    """The error in the trainee's language when it has words in the catalogue (--lang, else
    the config's language); otherwise as raised."""
    key = getattr(exc, "key", None)
    if not key:
        return str(exc)
    lang = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--lang"), None)
    if lang is None:
        from trainer.config import ConfigFile

        lang = ConfigFile.load().config.language
    if lang in (None, "en"):
        return str(exc)
    from trainer.i18n import messages

    t = messages(lang)
    return t(key, **exc.values) if t.has(key) else str(exc)
