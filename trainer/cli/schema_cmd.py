"""`sales-trainer schema`: the JSON Schema of the scenario format, for editors and CI."""

from __future__ import annotations

import json
from pathlib import Path

import click

from trainer.cli.output import emit


def schema_text() -> str:
    from trainer.scenario.models import schema_dict

    return json.dumps(schema_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def block_schema_text() -> str:
    from trainer.scenario.block_files import block_schema_dict

    return json.dumps(block_schema_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@click.command(name="schema")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file instead of printing it.",
)
@click.option(
    "--blocks",
    is_flag=True,
    help="The schema of files of shared blocks (scenarios/block.schema.json) instead.",
)
def schema(output: Path | None, blocks: bool) -> None:
    """Print the JSON Schema of the scenario format.

    Point editors at it with a first line like
    `# yaml-language-server: $schema=../scenario.schema.json`
    (`../block.schema.json` in a file of shared blocks, with --blocks).
    """
    text = block_schema_text() if blocks else schema_text()
    emit(text, output)
