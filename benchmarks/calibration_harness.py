"""Agreement between the grader and the coach-labelled calibration set (tests/data/calibration).

Used by benchmarks/bench_calibration.py (which prints every figure) and by the calibration
floors in tests/scoring/test_calibration_agreement.py.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import scoring

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "tests" / "data" / "calibration"
CRITERIA = ("needs_discovery", "politeness", "objection_handling", "closing")
# The rubric a team would give each kind of call; the coach's verdict is holistic.
WEIGHTS = {
    "complaint": {"needs_discovery": 20, "politeness": 30, "objection_handling": 35, "closing": 15},
}
DEFAULT_WEIGHTS = {"needs_discovery": 30, "politeness": 20, "objection_handling": 25, "closing": 25}
PASS_MARK = 70
MUST = ("no_disrespect",)


def load(kind: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in sorted(FOLDER.glob(f"{kind}*.yaml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))[kind]
    return items


# -- statistics -------------------------------------------------------------------------------


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    if len(a) < 2:
        return float("nan")
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = statistics.fmean(ra), statistics.fmean(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def mad(a: Sequence[float], b: Sequence[float]) -> float:
    return statistics.fmean(abs(x - y) for x, y in zip(a, b, strict=True))


def f1(pairs: Iterable[tuple[bool, bool]]) -> float:
    """F1 of predictions against truth, from (truth, predicted) pairs."""
    tp = fp = fn = 0
    for truth, pred in pairs:
        tp += truth and pred
        fp += pred and not truth
        fn += truth and not pred
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(pairs: Sequence[tuple[str, str]], labels: Iterable[str]) -> float:
    scores = [f1((t == label, p == label) for t, p in pairs) for label in labels]
    return statistics.fmean(scores)


def micro_f1(pairs: Sequence[tuple[str, str]], positive: Iterable[str]) -> float:
    """Micro-F1 over the positive labels (a "none" truth or prediction is no label)."""
    positive = set(positive)
    tp = sum(t == p and t in positive for t, p in pairs)
    fp = sum(p in positive and t != p for t, p in pairs)
    fn = sum(t in positive and t != p for t, p in pairs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


# -- whole calls ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CallResult:
    id: str
    lang: str
    coach: dict[str, Any]
    card: scoring.Scorecard


def grade(call: dict[str, Any]) -> scoring.Scorecard:
    turns = [
        scoring.Turn(
            t["speaker"],
            t["text"],
            None,
            t.get("objection"),
            tuple(t.get("revealed") or ()) if t["speaker"] == "trainee" else None,
            False,
        )
        for t in call["turns"]
    ]
    rubric = scoring.Rubric(
        weights=WEIGHTS.get(call["kind"], DEFAULT_WEIGHTS), pass_mark=PASS_MARK, must=MUST
    )
    needs = [scoring.NeedSpec(n["id"], n["fact"], ()) for n in call.get("needs", [])]
    return scoring.grade_call(
        turns, rubric, needs, call["lang"], outcome=call.get("outcome"), kind=call.get("kind")
    )


def grade_calls() -> list[CallResult]:
    return [CallResult(c["id"], c["lang"], c["coach"], grade(c)) for c in load("calls")]


def call_agreement(results: Sequence[CallResult], lang: str | None = None) -> dict[str, float]:
    rows = [r for r in results if lang is None or r.lang == lang]
    coach = [float(r.coach["overall"]) for r in rows]
    ours = [r.card.total for r in rows]
    out = {
        "calls": float(len(rows)),
        "spearman": spearman(coach, ours),
        "mad": mad(coach, ours),
        "coach_passes_passed": _share(r.card.passed for r in rows if r.coach["overall"] >= 70),
        "coach_fails_passed": _share(r.card.passed for r in rows if r.coach["overall"] < 50),
    }
    for name in CRITERIA:
        c = [float(r.coach[name]) for r in rows]
        g = [r.card.criteria[name].score for r in rows]
        out[f"{name}_spearman"] = spearman(c, g)
        out[f"{name}_mad"] = mad(c, g)
    return out


def _share(flags: Iterable[bool]) -> float:
    items = list(flags)
    return sum(items) / len(items) if items else float("nan")


# -- single replies ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplyResult:
    id: str
    lang: str
    mirror: str | None
    coach: dict[str, Any]
    analysis: scoring.ReplyAnalysis

    def predicted(self) -> dict[str, Any]:
        a = self.analysis
        step = a.closing.next_step
        main = _main_question(a)
        return {
            "closing_attempt": a.closing.attempt,
            "action": step.action,
            "owner": step.owner,
            "time": step.time,
            "question_form": main.form if main else "none",
            "spin": (main.spin if main else None) or "none",
            "politeness": a.politeness.score,
        }


def _main_question(a: scoring.ReplyAnalysis) -> scoring.Question | None:
    if not a.questions:
        return None
    # The most telling question: a SPIN one over a plain one, the last on a tie (the one the
    # buyer answers).
    return max(reversed(a.questions), key=lambda q: q.spin is not None)


def analyse_replies() -> list[ReplyResult]:
    out = []
    for r in load("replies"):
        context = {"prospect_line": r.get("prospect"), "objection": r.get("objection")}
        analysis = scoring.analyse_reply(r["text"], r["lang"], context)
        out.append(ReplyResult(r["id"], r["lang"], r.get("mirror"), r["coach"], analysis))
    return out


def reply_agreement(results: Sequence[ReplyResult], lang: str | None = None) -> dict[str, float]:
    rows = [r for r in results if lang is None or r.lang == lang]
    pred = [r.predicted() for r in rows]
    coach = [r.coach for r in rows]
    step = [c.get("next_step") or {} for c in coach]
    forms = ("open", "closed", "leading", "choice", "none")
    return {
        "replies": float(len(rows)),
        "closing_f1": f1(
            (bool(c["closing_attempt"]), p["closing_attempt"])
            for c, p in zip(coach, pred, strict=True)
        ),
        "action_f1": f1(
            (bool(s.get("action")), p["action"]) for s, p in zip(step, pred, strict=True)
        ),
        "owner_f1": f1((bool(s.get("owner")), p["owner"]) for s, p in zip(step, pred, strict=True)),
        "time_f1": f1((bool(s.get("time")), p["time"]) for s, p in zip(step, pred, strict=True)),
        "form_macro_f1": macro_f1(
            [(c["question_form"], p["question_form"]) for c, p in zip(coach, pred, strict=True)],
            forms,
        ),
        "spin_micro_f1": micro_f1(
            [(c["spin"], p["spin"]) for c, p in zip(coach, pred, strict=True)],
            ("situation", "problem", "implication", "need_payoff"),
        ),
        "politeness_spearman": spearman(
            [float(c["politeness"]) for c in coach], [p["politeness"] for p in pred]
        ),
    }


def parity(results: Sequence[ReplyResult]) -> float:
    """Share of mirrored en/nb reply pairs the grader labels alike (closing attempt, question
    form, SPIN kind, next-step parts)."""
    by_id = {r.id: r for r in results}
    same = total = 0
    for r in results:
        if r.lang != "en" or not r.mirror or r.mirror not in by_id:
            continue
        a, b = r.predicted(), by_id[r.mirror].predicted()
        keys = ("closing_attempt", "question_form", "spin", "action", "owner", "time")
        same += all(a[k] == b[k] for k in keys)
        total += 1
    return same / total if total else float("nan")
