"""`sales-trainer graph`: a scenario's conversation graph as Mermaid or Graphviz dot."""

from __future__ import annotations

from pathlib import Path

import click

from trainer.cli.output import emit


@click.command(name="graph")
@click.argument("scenario")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="Mermaid flowchart (renders on GitHub) or Graphviz dot.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of printing.",
)
def graph(scenario: str, fmt: str, output: Path | None) -> None:
    """Draw SCENARIO (a file path or a built-in id) with every edge labelled.

    Solid arrows are branches (labelled with the intent), thick ones conditional branches
    (with their condition), dashed ones fallbacks, and `goto` bridges are labelled goto.
    Outcomes are coloured by result; objection nodes are marked. Nodes copied from a shared
    block (`use:`) are boxed together, labelled with the block and its file.
    """
    from trainer.graph import to_dot, to_mermaid
    from trainer.scenario.library import resolve

    loaded = resolve(scenario)
    groups = loaded.expansion.groups() if loaded.expansion is not None else None
    draw = to_mermaid if fmt == "mermaid" else to_dot
    emit(draw(loaded.scenario, groups), output)
