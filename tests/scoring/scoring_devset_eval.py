"""Per-detector accuracy of `analyse_reply` on the labelled dev set
(tests/data/scoring_devset.jsonl).

Each expectation in a row is one case for one detector: `question_form`, `spin`, every marker
(listed -> must be found, in not_markers -> must not be), closing, next-step parts, objection
moves, pitch, rudeness.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from scoring import ReplyAnalysis, analyse_reply

DEVSET = Path(__file__).resolve().parents[1] / "data" / "scoring_devset.jsonl"


def load_rows() -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def check(row: dict[str, Any], a: ReplyAnalysis) -> list[tuple[str, bool]]:
    """(detector, correct) for every expectation in the row."""
    e = row["expect"]
    out: list[tuple[str, bool]] = []
    names = {m.name for m in a.politeness.markers}
    if "question_form" in e:
        out.append(("question_form", a.question_form == e["question_form"]))
    for form in e.get("forms", []):
        out.append((f"form:{form}", any(q.form == form for q in a.questions)))
    if "spin" in e:
        found = {q.spin for q in a.questions if q.spin}
        out.append(("spin", found == set(e["spin"])))
    for m in e.get("markers", []):
        out.append((f"marker:{m}", m in names))
    for m in e.get("not_markers", []):
        out.append((f"marker:{m}", m not in names))
    if "closing_attempt" in e:
        out.append(("closing_attempt", a.closing.attempt == e["closing_attempt"]))
    if "technique" in e:
        out.append(("closing_technique", e["technique"] in a.closing.techniques))
    for part, want in e.get("next_step", {}).items():
        out.append((f"next_step:{part}", getattr(a.closing.next_step, part) == want))
    if "pitch" in e:
        out.append(("pitch", a.pitch == e["pitch"]))
    if "rude" in e:
        out.append(("rude", a.rude == e["rude"]))
    if "pressure" in e:
        out.append(("pressure", bool(a.pressure) == e["pressure"]))
    for move, want in e.get("objection", {}).items():
        got = getattr(a.objection, move) if a.objection is not None else None
        out.append((f"objection:{move}", got == want))
    return out


def evaluate(rows: list[dict[str, Any]] | None = None) -> dict[str, tuple[int, int, list[str]]]:
    """detector -> (correct, total, texts it got wrong)."""
    tally: dict[str, list[Any]] = defaultdict(lambda: [0, 0, []])
    for row in rows if rows is not None else load_rows():
        a = analyse_reply(row["text"], row["lang"], row.get("context"))
        for detector, ok in check(row, a):
            t = tally[detector]
            t[0] += ok
            t[1] += 1
            if not ok:
                t[2].append(f"[{row['lang']}] {row['text']}")
    return {k: (v[0], v[1], v[2]) for k, v in sorted(tally.items())}


if __name__ == "__main__":
    import sys

    for detector, (ok, total, wrong) in evaluate().items():
        print(f"{detector:32s} {ok:4d}/{total:<4d} {100 * ok / total:6.1f}%")
        if "-v" in sys.argv:
            for w in wrong:
                print("      ✗", w)
