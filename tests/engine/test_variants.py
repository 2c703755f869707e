"""Calls that vary: a persona variant (by seed or by choice) changes the prospect's temper and
lines; a pooled bridge takes one objection per call; the seed replays all of it exactly."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from trainer.diagnostics import TrainerError
from trainer.engine import Call
from trainer.engine.playthrough import play
from trainer.graph import edges
from trainer.lint import lint
from trainer.scenario.loader import load_text

SCENARIO: dict[str, Any] = {
    "id": "variants-test", "version": 1, "title": "Variants", "language": "en",
    "kind": "cold_call", "difficulty": 1,
    "seller": {"company": "NordParts"},
    "persona": {"name": "Mike", "patience": 4, "mood": 0},
    "variants": {
        "hurried": {"label": "Hurried", "persona": {"patience": 2, "mood": -1}},
        "friendly": {"label": "Friendly", "persona": {"mood": 3}},
    },
    "start": "opening",
    "nodes": {
        "opening": {
            "say": [
                {"text": "Yeah? Make it quick.", "variant": ["hurried"]},
                {"text": "Hello there, Mike speaking!", "variant": ["friendly"]},
            ],
            "branches": [{"intent": "introduce", "examples": ["Hi Mike, Sam from NordParts"],
                          "goto": "concern"}],
            "fallback": {"say": "Sorry, who is this?", "then": "hang_up"},
        },
        "concern": {"say": "Right.", "goto": ["price", "timing"]},
        "price": {"say": "You'll be too expensive.", "objection": "price",
                  "branches": [{"intent": "ack", "examples": ["I understand price matters"],
                                "goto": "booked"}],
                  "fallback": {"say": "Hm?", "then": "hang_up"}},
        "timing": {"say": "Now's a bad time.", "objection": "timing",
                   "branches": [{"intent": "ack", "examples": ["When would suit you better"],
                                 "goto": "booked"}],
                   "fallback": {"say": "Hm?", "then": "hang_up"}},
    },
    "outcomes": {"booked": {"result": "win"}, "hang_up": {"result": "loss"}},
    "rubric": {"weights": {"needs_discovery": 25, "politeness": 25,
                           "objection_handling": 25, "closing": 25}},
}


def _load(data: dict[str, Any] | None = None) -> Any:
    return load_text(yaml.safe_dump(data or SCENARIO, sort_keys=False), "variants.yaml")


def test_a_chosen_variant_sets_the_temper_and_the_lines() -> None:
    scenario = _load().scenario
    hurried = Call(scenario, seed=0, variant="hurried")
    assert (hurried.mood, hurried.patience, hurried.patience_max) == (-1, 2, 2)
    assert hurried.start() == ["Yeah? Make it quick."]
    friendly = Call(scenario, seed=0, variant="friendly")
    assert (friendly.mood, friendly.patience) == (3, 4)
    assert friendly.start() == ["Hello there, Mike speaking!"]


def test_the_seed_picks_the_variant_and_the_pool_and_replays_them() -> None:
    scenario = _load().scenario
    seen_variants, seen_objections = set(), set()
    for seed in range(20):
        run = play(scenario, ["Hi Mike, Sam from NordParts"], seed=seed)
        again = play(scenario, ["Hi Mike, Sam from NordParts"], seed=seed)
        assert (run.call.variant, run.path) == (again.call.variant, again.path)
        seen_variants.add(run.call.variant)
        seen_objections.add(run.path[-1])
    assert seen_variants == {"hurried", "friendly"}
    assert seen_objections == {"price", "timing"}


def test_an_unknown_variant_is_a_clear_error() -> None:
    with pytest.raises(TrainerError, match="no variant 'grumpy'.*friendly, hurried"):
        Call(_load().scenario, variant="grumpy")


def test_a_pool_is_drawn_as_one_edge_per_target() -> None:
    labels = {(e.target, e.label) for e in edges(_load().scenario) if e.source == "concern"}
    assert labels == {("price", "pool 1/2"), ("timing", "pool 2/2")}


def test_lint_names_unknown_and_silent_variants() -> None:
    data = copy.deepcopy(SCENARIO)
    data["nodes"]["opening"]["say"][1]["variant"] = ["frendly"]
    data["tests"] = [{"name": "t", "replies": ["hi"], "variant": "sleepy",
                      "expect": {"outcome": "booked"}}]
    codes = [d.code for d in lint(_load(data))]
    assert codes.count("SCN037") == 2  # the line and the test
    assert "SCN038" in codes  # nobody speaks for "friendly" at the opening now
    # The file-level codes (schema header, file name) are beside the point here.
    assert [d.code for d in lint(_load()) if d.code not in ("SCN026", "SCN028")] == []


def test_a_pool_of_one_is_refused_by_the_schema() -> None:
    from trainer.diagnostics import ScenarioError

    data = copy.deepcopy(SCENARIO)
    data["nodes"]["concern"]["goto"] = ["price"]
    with pytest.raises(ScenarioError):
        _load(data)
