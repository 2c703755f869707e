"""The built-in Norwegian scenarios that share the price objection through
scenarios/blocks/nb-innvendinger.yaml play exactly the node each of them wrote out before
(tests/data/blocks/pris_innvending.json is that node, frozen from the files as they were)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.lint import lint
from trainer.lint.block_checks import lint_block_file
from trainer.scenario.library import builtin_dir, builtin_files, is_block_file
from trainer.scenario.loader import load_file, load_text

from .helpers import ROOT

BLOCK_FILE = builtin_dir() / "blocks" / "nb-innvendinger.yaml"
FROZEN = json.loads(
    (ROOT / "tests" / "data" / "blocks" / "pris_innvending.json").read_text(encoding="utf-8")
)


def test_the_block_file_is_clean_and_never_listed_as_a_scenario() -> None:
    assert is_block_file(BLOCK_FILE)
    assert lint_block_file(BLOCK_FILE) == []
    assert BLOCK_FILE not in builtin_files()
    assert all(not is_block_file(f) for f in builtin_files())


def test_at_least_three_norwegian_scenarios_use_it() -> None:
    users = []
    for file in builtin_files():
        loaded = load_file(file)
        if loaded.expansion is not None:
            assert [f.path for f in loaded.expansion.files] == [BLOCK_FILE.resolve()]
            users.append(loaded.scenario.id)
    assert sorted(users) == sorted(FROZEN) and len(users) >= 3


@pytest.mark.parametrize("scenario_id", sorted(FROZEN))
def test_a_migrated_scenario_plays_the_node_it_wrote_out_before(scenario_id: str) -> None:
    loaded = load_file(builtin_dir() / "nb" / f"{scenario_id}.yaml")
    node = loaded.scenario.nodes["pris_innvending"]
    assert node.model_dump(mode="json", by_alias=True) == FROZEN[scenario_id]
    assert loaded.expansion is not None
    origin = loaded.origins["pris_innvending"]
    assert list(loaded.origins) == ["pris_innvending"]
    assert (origin.block, origin.node, Path(origin.file).name) == (
        "pris_innvending",
        "pris_innvending",
        "nb-innvendinger.yaml",
    )
    assert lint(loaded) == []
    assert load_text(loaded.frozen_text).scenario == loaded.scenario
