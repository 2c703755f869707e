"""Poor moves learned from the library: pitching, pushing, arguing, discounting and a vague
follow-up, in any words.

A trainee who pitches or pushes rarely uses the author's words, and a miss then teaches the
wrong lesson ("didn't follow that" instead of the consequence of pushing). These acts have a
recognisable shape across every scenario of a language ("our …", "the best …", "you should …",
"today only"), so a small naive Bayes model per act, trained on the canonical words and word
pairs of every built-in branch example that declares the act, recognises them where the
grader's phrase lists do not.

The model is data shipped beside the language files (`lang/<code>.act-model.json`), written
by `python scripts/train_act_model.py --write` from the built-in library; a
test keeps it equal to a fresh training, so it never drifts from the examples. Nothing is
downloaded or trained at run time, and the same reply always gets the same answer.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from trainer.engine.understanding.canon import Canoniser

ACTS = ("pitch", "pressure", "objection.argue", "objection.discount", "close.vague")
# A feature must occur in this many training examples to carry weight.
MIN_COUNT = 2
# Weights nearer zero than this change no decision; leaving them out keeps the file small.
PRUNE = 0.05
SMOOTHING = 0.5


def features(words: Sequence[str]) -> frozenset[str]:
    """Canonical words and adjacent pairs ("our best", "you should")."""
    return frozenset([*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))])


@dataclass(frozen=True, slots=True)
class ActWeights:
    prior: float
    weights: dict[str, float]


@dataclass(frozen=True, slots=True)
class ActModel:
    lang: str
    acts: dict[str, ActWeights]

    def probability(self, words: Sequence[str], act: str) -> float:
        model = self.acts.get(act)
        if model is None:
            return 0.0
        score = model.prior + sum(model.weights.get(f, 0.0) for f in features(words))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def evidence(self, words: Sequence[str], act: str, count: int = 3) -> list[str]:
        """The features that spoke most for the act: what the scorecard quotes."""
        model = self.acts.get(act)
        if model is None:
            return []
        found = [(model.weights.get(f, 0.0), f) for f in features(words)]
        return [f for w, f in sorted(found, reverse=True)[:count] if w > 0]

    def to_json(self) -> str:
        data = {
            "lang": self.lang,
            "acts": {
                act: {"prior": round(m.prior, 4),
                      "weights": {f: round(w, 4) for f, w in sorted(m.weights.items())}}
                for act, m in sorted(self.acts.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def train(examples: Iterable[tuple[str, frozenset[str]]], lang: str) -> ActModel:
    """`examples`: (example text, the acts its branch declares)."""
    canon = Canoniser(lang)
    docs = [(features(canon.words(text)), acts) for text, acts in examples]
    seen = Counter(f for doc, _ in docs for f in doc)
    vocab = sorted(f for f, n in seen.items() if n >= MIN_COUNT)
    out: dict[str, ActWeights] = {}
    for act in ACTS:
        pos = [doc for doc, acts in docs if act in acts]
        neg = [doc for doc, acts in docs if act not in acts]
        if len(pos) < MIN_COUNT or not neg:
            continue
        in_pos = Counter(f for doc in pos for f in doc)
        in_neg = Counter(f for doc in neg for f in doc)
        weights = {}
        for f in vocab:
            w = math.log((in_pos[f] + SMOOTHING) / (len(pos) + 1)) - math.log(
                (in_neg[f] + SMOOTHING) / (len(neg) + 1)
            )
            if abs(w) >= PRUNE:
                weights[f] = w
        out[act] = ActWeights(math.log(len(pos) / len(neg)), weights)
    return ActModel(lang, out)


def library_examples(lang: str) -> list[tuple[str, frozenset[str]]]:
    from trainer.scenario.library import builtin_files
    from trainer.scenario.loader import load_file

    out = []
    for path in builtin_files():
        scenario = load_file(path).scenario
        if scenario.language != lang:
            continue
        for node_id in sorted(scenario.nodes):
            for branch in scenario.nodes[node_id].branches:
                acts = frozenset(branch.acts)
                out += [(example, acts) for example in branch.examples]
    return out


def model_path(lang: str) -> Path:
    return Path(str(resources.files("trainer.engine.understanding.lang"))) / (
        f"{lang}.act-model.json"
    )


@cache
def load(lang: str) -> ActModel | None:
    """The shipped model for a language, or None where there is none."""
    path = resources.files("trainer.engine.understanding.lang").joinpath(f"{lang}.act-model.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return ActModel(
        str(data["lang"]),
        {
            act: ActWeights(float(m["prior"]), {str(f): float(w) for f, w in m["weights"].items()})
            for act, m in data["acts"].items()
        },
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the poor-move model from the library.")
    parser.add_argument("--write", action="store_true", help="write lang/<code>.act-model.json")
    args = parser.parse_args(argv)
    for lang in ("en", "nb"):
        model = train(library_examples(lang), lang)
        sizes = ", ".join(f"{a} {len(m.weights)}" for a, m in model.acts.items())
        print(f"{lang}: {sizes}")
        if args.write:
            model_path(lang).write_text(model.to_json(), encoding="utf-8")
    return 0

