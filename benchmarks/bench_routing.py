"""Routing accuracy over the paraphrase files, and the time of one turn.

Run by hand:  .venv/bin/python benchmarks/bench_routing.py [--replies N]

(1) accuracy / fallback rate per paraphrase file for the engine's similarity and for the
    alternatives it was chosen over;
(2) p50/p95 of one turn on a synthetic node with 20 branches x 10 examples: routing alone,
    routing + reply analysis, and a whole `Call.reply`, against a baseline measured in the same
    run: one `rapidfuzz.process.extractOne` over the 200 raw examples;
(3) hidden needs revealed by the built-in playthrough scripts (strong / middling / pitch).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from trainer.engine import Call
from trainer.engine import analysis as adapter
from trainer.engine.evaluation import evaluate, load_paraphrases
from trainer.engine.router import compiled, route, similarity
from trainer.engine.text import normalise
from trainer.scenario.library import resolve
from trainer.scenario.models import Scenario

ROOT = Path(__file__).resolve().parents[1]
PARAPHRASES = ROOT / "tests" / "data" / "paraphrases"

ALTERNATIVES: dict[str, Callable[[str, str], float]] = {
    "engine (0.6 token_set + 0.4 token_sort)": similarity,
    "max(token_set, WRatio)": lambda a, b: max(fuzz.token_set_ratio(a, b), fuzz.WRatio(a, b)),
    "WRatio": fuzz.WRatio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "mean(token_sort, WRatio)": lambda a, b: (fuzz.token_sort_ratio(a, b) + fuzz.WRatio(a, b)) / 2,
}

WORDS = (
    "how what when could would should we you your our parts delivery price meeting time order "
    "supplier brake garage thursday friday invoice cost late wrong team today next week call "
    "email send help problem workshop customer stock service quality contract sign offer deal "
    "minute understand fair point interested budget manager partner decide trial compare"
).split()


def accuracy() -> None:
    files = sorted(PARAPHRASES.glob("*.yaml"))
    loaded = []
    for path in files:
        paraphrases = load_paraphrases(path)
        loaded.append((paraphrases, resolve(paraphrases.scenario).scenario))
    print(
        f"(1) routing over {len(files)} paraphrase files "
        "(accuracy = paraphrase reaches its branch; fallback = unrelated reply falls back)"
    )
    for name, scorer in ALTERNATIVES.items():
        routed = correct = unrelated = fell_back = 0
        worst_acc, worst_fb = 1.0, 1.0
        for paraphrases, scenario in loaded:
            report = evaluate(paraphrases, scenario, scorer=scorer)
            routed += report.routed
            correct += report.correct
            unrelated += report.unrelated
            fell_back += report.fell_back
            worst_acc = min(worst_acc, report.accuracy)
            worst_fb = min(worst_fb, report.fallback_rate)
        print(
            f"    {name:42} accuracy {correct / routed:6.1%} (worst file {worst_acc:6.1%})"
            f"   fallback {fell_back / unrelated:6.1%} (worst file {worst_fb:6.1%})"
            f"   [{routed} paraphrases, {unrelated} unrelated x node]"
        )
    print("    per file, engine similarity:")
    for paraphrases, scenario in loaded:
        report = evaluate(paraphrases, scenario)
        print(
            f"      {scenario.id:40} accuracy {report.accuracy:6.1%}  fallback "
            f"{report.fallback_rate:6.1%}"
        )


def synthetic_scenario(rng: random.Random) -> Scenario:
    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))

    branches = [
        {"intent": f"intent_{i}", "examples": [sentence() for _ in range(10)], "goto": "hub"}
        for i in range(20)
    ]
    data: dict[str, Any] = {
        "id": "bench",
        "version": 1,
        "title": "Bench",
        "language": "en",
        "kind": "cold_call",
        "difficulty": 1,
        "seller": {"company": "NordParts"},
        "persona": {"name": "Mike", "patience": 20},
        "settings": {"max_turns": 200},
        "start": "hub",
        "nodes": {
            "hub": {
                "say": "Go on.",
                "branches": branches,
                "fallback": {"say": "Sorry?", "retries": 10, "then": "hub"},
            }
        },
        "outcomes": {"hang_up": {"result": "loss"}},
        "rubric": {
            "weights": {
                "needs_discovery": 25,
                "politeness": 25,
                "objection_handling": 25,
                "closing": 25,
            }
        },
    }
    return Scenario.model_validate(data)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def timing(count: int) -> None:
    rng = random.Random(0)
    scenario = synthetic_scenario(rng)
    raw = [e for b in scenario.nodes["hub"].branches for e in b.examples]
    replies = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30))).capitalize() + "?"
        for _ in range(count)
    ]
    nodes = compiled(scenario, {"trainee": "Sam"}).nodes["hub"]
    settings = scenario.settings

    def measure(fn: Callable[[str], Any]) -> list[float]:
        for reply in replies[:50]:
            fn(reply)  # warm caches
        out = []
        for reply in replies:
            start = time.perf_counter()
            fn(reply)
            out.append((time.perf_counter() - start) * 1000)
        return out

    baseline = measure(lambda r: process.extractOne(r, raw))
    routing = measure(
        lambda r: route(normalise(r), nodes, settings.match_threshold, settings.margin)
    )

    def route_and_analyse(reply: str) -> None:
        route(normalise(reply), nodes, settings.match_threshold, settings.margin)
        adapter.analyse(reply, "en", "Go on.", None, "Mike", (), 1)

    both = measure(route_and_analyse)
    holder: dict[str, Call] = {}

    def whole_turn(reply: str) -> None:
        call = holder.get("call")
        if call is None or call.finished or call.turns >= 150:
            call = holder["call"] = Call(scenario, "Sam")
            call.start()
        call.reply(reply)

    whole = measure(whole_turn)
    base50, base95 = percentiles(baseline)
    print(f"\n(2) one turn on a node with 20 branches x 10 examples, {count} replies (ms)")
    label = "baseline: extractOne over 200 raw examples"
    print(f"    {label:48} p50 {base50:7.3f}  p95 {base95:7.3f}")
    for name, samples in (
        ("routing (normalise + 20 branches + margin)", routing),
        ("routing + reply analysis", both),
        ("whole Call.reply (state, needs, transcript)", whole),
    ):
        p50, p95 = percentiles(samples)
        print(f"    {name:48} p50 {p50:7.3f}  p95 {p95:7.3f}   x{p50 / base50:5.1f} baseline p50")


def need_reveals() -> None:
    """Needs revealed by the built-in playthrough scripts, per kind of script: a good question
    should uncover needs, a pitch none."""
    from trainer.engine.playthrough import play
    from trainer.scenario.library import builtin_files
    from trainer.scenario.loader import load_file

    counts = {"strong": [0, 0], "middling": [0, 0], "pitch": [0, 0]}
    for file in builtin_files():
        try:
            scenario = load_file(file).scenario
        except Exception:  # noqa: BLE001 - a broken built-in is reported by `check`, not here
            continue
        for test in scenario.tests:
            name = test.name.casefold()
            kind = ("strong" if "strong" in name or "sterk" in name
                    else "pitch" if "world" in name or "verdens" in name else "middling")
            run = play(scenario, test.replies, trainee=test.trainee, seed=test.seed)
            counts[kind][0] += len(run.call.revealed)
            counts[kind][1] += len(scenario.needs)
    print("\n(3) hidden needs revealed by the built-in playthrough scripts")
    for kind, (found, total) in counts.items():
        share = found / total if total else 0.0
        print(f"    {kind:9} scripts: {found:3}/{total:3} needs ({share:6.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=2000)
    args = parser.parse_args()
    accuracy()
    timing(max(1000, args.replies))
    need_reveals()


if __name__ == "__main__":
    main()
