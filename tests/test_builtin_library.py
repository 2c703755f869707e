"""The built-in library as a curriculum: coverage, shape, clean lint, passing playthroughs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from trainer.engine.evaluation import load_paraphrases
from trainer.engine.playthrough import run_test
from trainer.lint.runner import lint
from trainer.scenario.library import builtin_files
from trainer.scenario.loader import LoadedScenario, load_file
from trainer.scenario.models import Result

FILES = builtin_files()
PARAPHRASES = Path(__file__).parent / "data" / "paraphrases"


def _load(path: Path) -> LoadedScenario:
    return load_file(path)


def test_at_least_fourteen_scenarios_per_language() -> None:
    languages = Counter(_load(f).scenario.language for f in FILES)
    assert languages["en"] >= 14 and languages["nb"] >= 14, languages


def test_library_covers_the_call_types_and_difficulties() -> None:
    scenarios = [_load(f).scenario for f in FILES]
    for lang in ("en", "nb"):
        kinds = {s.kind.value for s in scenarios if s.language == lang}
        assert {"cold_call", "objection", "complaint", "vip", "follow_up", "closing"} <= kinds
    kinds = {s.kind.value for s in scenarios}
    assert {"cold_call", "gatekeeper", "inbound", "objection", "complaint", "vip"} <= kinds
    assert {s.difficulty for s in scenarios} == {1, 2, 3, 4, 5}
    objections = {n.objection.value for s in scenarios for n in s.nodes.values() if n.objection}
    assert {"price", "send_info", "incumbent", "timing", "authority", "stall", "sold_out",
            "trust", "complaint"} <= objections, objections


def test_every_duty_of_the_seed_is_drilled_in_both_languages() -> None:
    """The README's table of scenarios is the map of duties; every one of the seed's eleven
    duties has a scenario in each language, and every built-in scenario has a row."""
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([a-z0-9-]+) \| (en|nb) \|.*\| ([0-9, ]+) \|$", readme, re.M)
    assert sorted(r[0] for r in rows) == sorted(_load(f).scenario.id for f in FILES)
    for lang in ("en", "nb"):
        duties = {int(d) for name, lng, listed in rows if lng == lang
                  for d in listed.split(",")}
        assert duties == set(range(1, 12)), (lang, sorted(set(range(1, 12)) - duties))


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_shape(path: Path) -> None:
    scenario = _load(path).scenario
    assert len(scenario.nodes) >= 12
    assert len(scenario.needs) >= 3
    assert sum(1 for n in scenario.nodes.values() if n.objection) >= 2
    results = {o.result for o in scenario.outcomes.values()}
    assert Result.win in results and Result.loss in results
    assert len(scenario.tests) >= 3
    missing = [nid for nid, n in scenario.nodes.items() if n.branches and not n.model_answer]
    assert missing == [], f"nodes without a model answer: {missing}"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_lints_without_errors_or_warnings(path: Path) -> None:
    findings = lint(_load(path))
    assert [d.format() for d in findings] == []


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_embedded_playthroughs_pass(path: Path) -> None:
    scenario = _load(path).scenario
    for test in scenario.tests:
        report = run_test(scenario, test)
        details = "\n".join(f"{f.message}\n  " + "\n  ".join(f.detail) for f in report.failures)
        assert report.ok, f"{test.name}:\n{details}"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_every_branch_has_three_paraphrases(path: Path) -> None:
    scenario = _load(path).scenario
    paraphrases = load_paraphrases(PARAPHRASES / f"{scenario.id}.yaml")
    for node_id, node in scenario.nodes.items():
        for branch in node.branches:
            written = paraphrases.branches.get(node_id, {}).get(branch.intent, [])
            assert len(written) >= 3, f"{node_id}/{branch.intent}: {len(written)} paraphrases"
            assert not set(written) & set(branch.examples), f"{node_id}/{branch.intent} copies"


VARIED = [f for f in FILES if _load(f).scenario.variants]


def test_some_builtin_scenarios_play_in_several_tempers() -> None:
    languages = {_load(f).scenario.language for f in VARIED}
    assert languages == {"en", "nb"}, [f.stem for f in VARIED]


@pytest.mark.parametrize("path", VARIED, ids=[f.stem for f in VARIED])
def test_two_seeds_read_differently(path: Path) -> None:
    """The same replies, played with ten seeds: on average two plays differ in at least a third
    of the prospect's lines (variants, line pools and objection pools together)."""
    from statistics import mean

    from trainer.engine.playthrough import play

    scenario = _load(path).scenario
    replies = scenario.tests[0].replies
    said = [[e.text for e in play(scenario, replies, seed=seed).call.transcript
             if e.speaker == "prospect"] for seed in range(10)]
    shares = []
    for a in range(10):
        for b in range(a + 1, 10):
            n = max(len(said[a]), len(said[b]))
            same = sum(1 for x, y in zip(said[a], said[b], strict=False) if x == y)
            shares.append((n - same) / n)
    assert mean(shares) >= 1 / 3


def test_the_readme_coverage_tables_are_the_generated_ones() -> None:
    """The README's duty and sector tables are `list --matrix`, and each scenario row's duties
    are the file's own `duties:`."""
    import re

    from trainer.scenario.coverage import matrix

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- generated by `sales-trainer list --matrix`[^\n]*\n(.*?)\n"
                      r"<!-- end of list --matrix -->", readme, re.S)
    assert block, "README lost its generated coverage block"
    scenarios = [_load(f).scenario for f in FILES]
    assert block.group(1) == matrix(scenarios)
    rows = re.findall(r"^\| ([a-z0-9-]+) \| (en|nb) \|.*\| ([0-9, ]+) \|$", readme, re.M)
    listed = {name: sorted(int(d) for d in duties.split(",")) for name, _, duties in rows}
    assert listed == {s.id: sorted(s.duties) for s in scenarios}
