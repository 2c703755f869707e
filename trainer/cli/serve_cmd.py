"""`sales-trainer serve`: the app in a browser, through textual-serve."""

from __future__ import annotations

import click

from trainer.cli.report_cmd import db_url


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback is reachable from other machines.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--public-url", default=None, metavar="URL",
              help="The address browsers use, when a proxy sits in front (https://…).")
def serve(host: str, port: int, public_url: str | None) -> None:
    """Serve the app to browsers: each tab runs its own session on the same --db.

    It listens on this machine only unless --host says otherwise, and has no sign-in of its
    own: for a team, put it behind a proxy that has."""
    from trainer.web.serve import exposure_warning
    from trainer.web.serve import serve as run

    warning = exposure_warning(host)
    if warning:
        click.echo(warning, err=True)
    root = click.get_current_context().find_root().obj or {}
    run(host, port, db_url(), root.get("lang"), public_url)
