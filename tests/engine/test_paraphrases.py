"""Routing quality: hand-written paraphrases must reach their branch, unrelated replies must not
reach any branch. One case per file in tests/data/paraphrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.diagnostics import TrainerError
from trainer.engine.evaluation import ParaphraseFile, evaluate, load_paraphrases, problems
from trainer.scenario.library import resolve

FOLDER = Path(__file__).resolve().parents[1] / "data" / "paraphrases"
FILES = sorted(FOLDER.glob("*.yaml"))
MIN_ACCURACY = 0.90
MIN_FALLBACK = 0.90


def test_there_are_paraphrase_files() -> None:
    assert any(f.stem == "cold-call-car-parts" for f in FILES)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_paraphrases_route_to_their_branch(path: Path) -> None:
    paraphrases = load_paraphrases(path)
    assert path.stem == paraphrases.scenario, "name the file after the scenario id"
    scenario = resolve(paraphrases.scenario).scenario
    assert problems(paraphrases, scenario) == []
    report = evaluate(paraphrases, scenario)
    misses = "\n".join(
        f"  {m.node}: {m.reply!r} expected {m.expected or 'fallback'}, got {m.got or 'fallback'}"
        f" ({m.score:g}, runner-up {m.runner_up} {m.runner_up_score})"
        for m in report.misses
    )
    assert report.routed > 0 and report.unrelated > 0
    assert report.accuracy >= MIN_ACCURACY, f"accuracy {report.accuracy:.2f}\n{misses}"
    assert report.fallback_rate >= MIN_FALLBACK, f"fallback {report.fallback_rate:.2f}\n{misses}"


@pytest.mark.parametrize("starter", ["cold-call-car-parts", "kaldsamtale-vinduer"])
def test_the_starter_scenarios_have_enough_paraphrases(starter: str) -> None:
    paraphrases = load_paraphrases(FOLDER / f"{starter}.yaml")
    scenario = resolve(starter).scenario
    for node_id, node in scenario.nodes.items():
        for branch in node.branches:
            written = paraphrases.branches.get(node_id, {}).get(branch.intent, [])
            assert len(written) >= 5, f"{node_id}/{branch.intent}: {len(written)} paraphrases"
            copied = set(written) & set(branch.examples)
            assert not copied, f"{node_id}/{branch.intent} copies examples: {copied}"
    assert len(paraphrases.unrelated) >= 20


def test_a_typo_in_a_node_or_intent_is_reported() -> None:
    scenario = resolve("cold-call-car-parts").scenario
    typo = ParaphraseFile(
        Path("typo.yaml"),
        "cold-call-car-parts",
        {"opening": {"introduce_and_ask_permision": ["hi"]}, "openning": {"x": ["hi"]}},
        ["banana"],
    )
    found = problems(typo, scenario)
    assert any("introduce_and_ask_permision" in p for p in found)
    assert any("openning" in p for p in found)
    with pytest.raises(TrainerError, match="openning"):
        evaluate(typo, scenario)


def test_a_malformed_paraphrase_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("branches: [1, 2]\n", encoding="utf-8")
    with pytest.raises(TrainerError, match="scenario"):
        load_paraphrases(bad)
    bad.write_text("scenario: x\nbranches: {opening: [1]}\n", encoding="utf-8")
    with pytest.raises(TrainerError, match="node -> intent"):
        load_paraphrases(bad)
