"""Scoring benchmark, run by hand: `python benchmarks/bench_scoring.py [--data PATH]`.

(a) politeness accuracy on the Stanford Politeness Corpus (Wikipedia half), polite vs impolite,
    thresholded at the median score, against a trivial "please/thanks" baseline;
(b) analyse_reply on a 40-word reply, p50/p95, against str.split + one regex on the same text;
(c) grade_call on a 40-turn transcript, against analysing the same replies with no grading.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "scoring"))

from scoring_calls import SPIN_EN  # noqa: E402

from scoring import (  # noqa: E402
    analyse_reply,
    closing,
    grade_call,
    grading,
    objections,
    politeness,
    questions,
    reply,
)

FOLDING = (closing, grading, objections, politeness, questions, reply)

DEFAULT_DATA = ROOT.parent / "shared/data/politeness-wikipedia.csv"
REPLY = (
    "Thanks Mike, that makes sense. I understand the price matters, so before I say anything "
    "about ours, could you walk me through what late brake parts cost the workshop each month, "
    "and would Thursday at 10 suit a short call?"
)
BASELINE = re.compile(r"\b(?:please|thanks?|thank you)\b", re.IGNORECASE)


def accuracy(data: Path) -> None:
    rows = []
    with data.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["label"] in ("polite", "impolite"):
                rows.append((row["request"], row["label"] == "polite"))
    scores = [analyse_reply(text, "en").politeness.score for text, _ in rows]
    median = statistics.median(scores)
    ours = sum((s > median) == polite for s, (_, polite) in zip(scores, rows, strict=True))
    ties = sum(s == median for s in scores)
    base = sum(bool(BASELINE.search(text)) == polite for text, polite in rows)
    n = len(rows)
    print(f"(a) politeness, {n} polite/impolite requests (median {median}, {ties} at the median)")
    print(f"    scorer   accuracy {100 * ours / n:5.1f} %")
    print(f"    baseline accuracy {100 * base / n:5.1f} %  (has please/thanks)")


def timings(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return samples[len(samples) // 2], samples[int(len(samples) * 0.95)]


@contextmanager
def case_insensitive_path() -> Iterator[None]:
    """Every detector matches case-insensitively on the original text, as it did before the
    lower-cased fast path: `fold` reporting "cannot fold" forces that path."""
    saved = [(m, m.fold) for m in FOLDING if hasattr(m, "fold")]
    for module, _ in saved:
        module.fold = lambda _text: None  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module, fold in saved:
            module.fold = fold  # type: ignore[attr-defined]


def speed() -> None:
    words = len(REPLY.split())
    p50, p95 = timings(
        lambda: analyse_reply(
            REPLY, "en", {"objection": "price", "prospect_line": "You're too expensive."}
        ),
        2000,
    )
    b50, b95 = timings(lambda: (REPLY.split(), BASELINE.findall(REPLY)), 2000)
    print(
        f"(b) analyse_reply, {words}-word reply: p50 {p50:.3f} ms, p95 {p95:.3f} ms"
        f"  | baseline split+regex p50 {b50:.4f} ms  (ratio {p50 / b50:.0f}x)"
    )
    with case_insensitive_path():
        s50, s95 = timings(
            lambda: analyse_reply(
                REPLY, "en", {"objection": "price", "prospect_line": "You're too expensive."}
            ),
            2000,
        )
    print(
        f"    without the lower-cased fast path (IGNORECASE regexes, as before): p50 {s50:.3f} ms,"
        f" p95 {s95:.3f} ms  (fast path {s50 / p50:.2f}x faster)"
    )

    transcript = (SPIN_EN * 3)[:40]
    replies = [t.text for t in transcript if t.speaker == "trainee"]
    g50, g95 = timings(lambda: grade_call(transcript, None, (), "en"), 200)
    a50, _ = timings(lambda: [analyse_reply(r, "en") for r in replies], 200)
    print(
        f"(c) grade_call, {len(transcript)} turns: p50 {g50:.2f} ms, p95 {g95:.2f} ms"
        f"  | analysing the {len(replies)} replies alone p50 {a50:.2f} ms  (ratio {g50 / a50:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if args.data.exists():
        accuracy(args.data)
    else:
        print(f"(a) skipped: no data at {args.data} (use --data PATH)")
    speed()


if __name__ == "__main__":
    main()
