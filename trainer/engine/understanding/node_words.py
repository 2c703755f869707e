"""The words that set one node's branches apart from each other.

Fuzzy similarity to the closest example rewards a reply for sharing many words with one
example, whatever those words are ("I understand, but …" is in a good and in a poor reply
alike). Here each node weighs its words by how few of its own examples use them (tf-idf over
the node's examples and keywords), so the words that tell its branches apart ("cut",
"cheaper", "budget") count most, and a branch is the centroid of its examples. A reply's
cosine to each centroid is one more piece of evidence, named with the words that gave it.

Raw and canonical words both count, with adjacent pairs ("not sure", "next day"), so casual
typing and inflection meet the examples halfway. Computed once per node when a scenario is
first matched; a reply costs one sparse dot product per branch.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass

_TOKEN = re.compile(r"\w\w+")

Vector = dict[str, float]


def terms(norm: str, canon: Sequence[str], stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Words of two letters or more and adjacent pairs, of the normalised text and of its
    canonical words (each sequence paired within itself). A stopword counts only in a pair
    ("how long", "not sure"): a node of six examples cannot learn on its own that "the"
    means nothing."""
    out: list[str] = []
    for words in (_TOKEN.findall(norm), [w for w in canon if _TOKEN.fullmatch(w)]):
        out += [w for w in words if w not in stopwords]
        out += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return out


def _unit(vector: Vector) -> Vector:
    length = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / length for t, v in vector.items()} if length else {}


@dataclass(frozen=True, slots=True)
class NodeWords:
    idf: dict[str, float]
    centroids: tuple[Vector, ...]  # per branch, in the node's order
    unseen: float  # the weight of a word none of the node's examples uses

    @classmethod
    def build(cls, docs: Sequence[Sequence[Sequence[str]]]) -> NodeWords:
        """`docs`: per branch, the terms of each of its examples and keywords."""
        flat = [d for branch in docs for d in branch if d]
        df = Counter(t for d in flat for t in set(d))
        n = len(flat)
        idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        centroids = []
        for branch in docs:
            total: Counter[str] = Counter()
            vectors = [cls._weigh(d, idf) for d in branch if d]
            for v in vectors:
                total.update(v)
            centroids.append(_unit({t: w / len(vectors) for t, w in total.items()})
                             if vectors else {})
        return cls(idf, tuple(centroids), max(idf.values(), default=1.0))

    @staticmethod
    def _weigh(doc: Sequence[str], idf: dict[str, float]) -> Vector:
        counts = Counter(t for t in doc if t in idf)
        return _unit({t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items()})

    def reply_vector(self, reply_terms: Sequence[str]) -> Vector:
        """Words the node never uses weigh in the length as the rarest word would: a reply
        about the weather that happens to share "like" with one example is mostly not
        that example."""
        # An unseen pair is made of words already counted: only unseen words add length.
        counts = Counter(t for t in reply_terms if t in self.idf or " " not in t)
        weights = {t: (1.0 + math.log(c)) * self.idf.get(t, self.unseen)
                   for t, c in counts.items()}
        length = math.sqrt(sum(v * v for v in weights.values()))
        return {t: w / length for t, w in weights.items() if t in self.idf} if length else {}

    def similarity(
        self, vector: Vector, index: int, leave_out: Set[str] = frozenset()
    ) -> tuple[float, tuple[str, ...]]:
        """Cosine to branch `index` (without the terms left out), and the reply's words that
        gave most of it."""
        centroid = self.centroids[index]
        shared = vector.keys() & centroid.keys()
        if leave_out:
            shared -= leave_out
        if not shared:
            return 0.0, ()
        # In a fixed order: a set's order changes between runs, and so would a float sum.
        parts = {t: vector[t] * centroid[t] for t in sorted(shared)}
        return sum(parts.values()), tuple(sorted(parts, key=parts.__getitem__, reverse=True)[:3])
