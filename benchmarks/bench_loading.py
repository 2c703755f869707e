"""Loading + lint speed against a bare libyaml parse of the same files.

Generates 1,000 scenarios of ~30 nodes into a temporary folder, then times
`load_file` + `lint` for all of them and `yaml.load(text, CSafeLoader)` for the same files,
in the same run. Aim: within 3x of the bare parse.

    .venv-test/bin/python benchmarks/bench_loading.py [--count N] [--nodes N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import yaml

from trainer.lint import lint
from trainer.scenario.loader import load_file

WORDS = (
    "delivery price order parts stock garage brake supplier invoice terms team meeting week "
    "budget quality service contract install window office chair desk cleaning rent lease "
    "schedule morning afternoon customers mechanics workshop trial discount payment"
).split()


# Each branch of a node draws its examples from its own third of the words, as a careful
# author's would be distinct; everything else draws from all of them.
GROUPS = (WORDS[0::3], WORDS[1::3], WORDS[2::3])


def _sentence(rng: random.Random, n: int = 8, words: list[str] = WORDS) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


def scenario_text(index: int, nodes: int, rng: random.Random) -> str:
    ids = [f"step_{k}" for k in range(nodes)]
    out = [
        "# yaml-language-server: $schema=../scenario.schema.json",
        f"id: bench-{index:04d}",
        "version: 1",
        f"title: Benchmark scenario {index}",
        "language: en",
        "kind: cold_call",
        "difficulty: 3",
        "tags: [bench]",
        "seller: {company: NordParts, product: parts}",
        "persona: {name: Mike, role: Owner, company: Dawson Motors, patience: 5}",
        "variables: {interest: 0}",
        "needs:",
    ]
    for k in range(3):
        cues = ", ".join(rng.sample(WORDS, 4) + [f"cue{k}"])
        out.append(f"  - {{id: need_{k}, fact: {_sentence(rng)}., cues: [{cues}]}}")
    out += ["start: step_0", "nodes:"]
    for k, node_id in enumerate(ids):
        nxt = ids[k + 1] if k + 1 < nodes else "won"
        out += [
            f"  {node_id}:",
            f'    say: ["{_sentence(rng)}, {{trainee}}.", "{_sentence(rng)}."]',
        ]
        if k % 5 == 2:
            out.append("    objection: price")
        out += [f'    model_answer: "{_sentence(rng)}?"', "    branches:"]
        for b in range(3):
            target = nxt if b == 0 else rng.choice(ids[k:] + ["lost", "hang_up"])
            examples = ", ".join(
                f'"{_sentence(rng, rng.randint(6, 12), GROUPS[b])}"' for _ in range(4)
            )
            out += [
                f"      - intent: intent_{b}",
                f"        examples: [{examples}]",
                f"        keywords: [kw{b}_{k}]",
            ]
            if b == 1:
                out.append("        when: {var: {var: interest, gte: 1}}")
            out += [
                "        effects: {mood: 1, add: {interest: 1}}"
                if b == 0
                else f"        effects: {{reveal: [need_{b}]}}",
                f"        goto: {target}",
            ]
        out.append(f'    fallback: {{say: "{_sentence(rng)}?", retries: 2, then: hang_up}}')
    out += [
        "outcomes:",
        '  won: {result: win, say: "See you then."}',
        '  lost: {result: neutral, say: "Send me an email."}',
        '  hang_up: {result: loss, say: "Bye."}',
        "rubric:",
        "  weights: {needs_discovery: 35, politeness: 15, objection_handling: 25, closing: 25}",
        "  must: [introduces_self]",
    ]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(1234)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "scenario.schema.json").write_text("{}", encoding="utf-8")
        folder = root / "en"
        folder.mkdir()
        files = []
        for index in range(args.count):
            path = folder / f"bench-{index:04d}.yaml"
            path.write_text(scenario_text(index, args.nodes, rng), encoding="utf-8")
            files.append(path)
        size = sum(p.stat().st_size for p in files)
        print(f"{len(files)} scenarios, {args.nodes} nodes each, {size / 1e6:.1f} MB")

        # warm both paths once so imports and caches do not count
        yaml.load(files[0].read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        lint(load_file(files[0]))

        start = time.perf_counter()
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        bare = time.perf_counter() - start

        start = time.perf_counter()
        findings = 0
        for path in files:
            loaded = load_file(path)
            findings += len(lint(loaded))
        full = time.perf_counter() - start

        start = time.perf_counter()
        for path in files:
            load_file(path)
        load_only = time.perf_counter() - start

    print(f"yaml.load (CSafeLoader):  {bare:7.2f} s  ({bare / len(files) * 1000:.2f} ms/file)")
    print(f"load_file only:           {load_only:7.2f} s  ({load_only / bare:.2f}x)")
    print(f"load_file + lint:         {full:7.2f} s  ({full / len(files) * 1000:.2f} ms/file)")
    print(f"ratio (load + lint) / bare parse: {full / bare:.2f}x   (aim: <= 3x)")
    print(f"findings: {findings}")


if __name__ == "__main__":
    main()
