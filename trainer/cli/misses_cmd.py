"""`sales-trainer misses [SCENARIO] [--since DATE] [--format text|yaml|json]`: the replies
the prospect did not understand in recorded attempts, grouped by node and nearest branch,
so an author can add the trainees' own words as examples."""

from __future__ import annotations

import click

from trainer.cli.report_cmd import db_url
from trainer.render import strict_json, visible


@click.command("misses")
@click.argument("scenario", required=False)
@click.option("--since", metavar="DATE", help="Only replies from this ISO date (UTC) on.")
@click.option("--format", "fmt", type=click.Choice(["text", "yaml", "json"]), default="text",
              show_default=True, help="yaml: ready to paste under each branch's examples.")
def misses(scenario: str | None, since: str | None, fmt: str) -> None:
    """Replies that fell back or drew a clarifying question, with the nearest branches."""
    from trainer.store import open_store
    from trainer.store.filters import parse_when
    from trainer.store.misses import grouped

    start = parse_when(since, option="--since") if since else None
    with open_store(db_url()) as store:
        groups = grouped(store.misses(scenario, start))
    if fmt == "json":
        click.echo(strict_json([{
            "scenario": g.scenario_id, "node": g.node, "nearest": g.nearest,
            "replies": [{"text": m.reply, "reason": m.reason, "trainee": m.trainee,
                         "when": m.when.isoformat(), "version": m.scenario_version,
                         "candidates": [list(c) for c in m.candidates]} for m in g.misses],
        } for g in groups], indent=2))
        return
    if fmt == "yaml":
        click.echo(_as_yaml(groups), nl=False)
        return
    if not groups:
        click.echo("No misses: every recorded reply was understood.")
        return
    for g in groups:
        click.echo(f"{visible(g.scenario_id)} · node {visible(g.node)} · nearest "
                   f"{visible(g.nearest)} ({len(g.misses)})")
        for m in g.misses:
            near = ", ".join(f"{visible(i)} {s:g}" for i, s in m.candidates) or "no branch"
            click.echo(f"  {visible(m.reply)}")
            click.echo(f"      {m.reason}: {near} · v{m.scenario_version} · "
                       f"{m.when:%Y-%m-%d} · {visible(m.trainee)}")


def _as_yaml(groups: list) -> str:  # type: ignore[type-arg]
    import yaml

    out: list[str] = []
    for g in groups:
        out.append(f"# {g.scenario_id} — node {g.node}: under the branch '{g.nearest}' "
                   f"(or the one it should have been), add to examples:")
        replies = sorted({" ".join(m.reply.split()) for m in g.misses})
        out.append(yaml.safe_dump(replies, allow_unicode=True, default_flow_style=False,
                                  width=1000).rstrip())
        out.append("")
    return "\n".join(out) + ("\n" if out else "")
