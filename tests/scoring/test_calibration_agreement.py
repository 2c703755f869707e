"""The grader against the coach-labelled calibration set: every figure at or past its target,
overall and in each language, so grading never drifts from a coach's judgement
(benchmarks/bench_calibration.py prints every figure beside its target)."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from calibration_harness import (  # noqa: E402
    CallResult,
    ReplyResult,
    analyse_replies,
    call_agreement,
    grade_calls,
    parity,
    reply_agreement,
)


@cache
def _calls() -> tuple[CallResult, ...]:
    return tuple(grade_calls())


@cache
def _replies() -> tuple[ReplyResult, ...]:
    return tuple(analyse_replies())


def test_whole_calls_rank_like_the_coach_and_no_failed_call_passes() -> None:
    for lang in (None, "en", "nb"):
        calls = call_agreement(_calls(), lang)
        assert calls["spearman"] >= 0.94, lang
        assert calls["mad"] <= 8.0, lang
        assert calls["coach_fails_passed"] == 0.0, lang
        assert calls["coach_passes_passed"] == 1.0, lang


def test_single_replies_agree_with_the_coach_at_least_as_well_as_measured() -> None:
    r = reply_agreement(_replies())
    assert r["closing_f1"] >= 0.92
    assert r["time_f1"] >= 0.94
    assert r["owner_f1"] >= 0.91
    assert r["action_f1"] >= 0.90
    assert r["form_macro_f1"] >= 0.90
    assert r["spin_micro_f1"] >= 0.88
    assert r["politeness_spearman"] >= 0.75
    # mirrored en/nb replies get the same labels (closing, form, SPIN, next-step parts)
    assert parity(_replies()) >= 0.95


def test_criteria_agree_with_the_coach_at_least_as_well_as_measured() -> None:
    for lang in (None, "en", "nb"):
        calls = call_agreement(_calls(), lang)
        for crit in ("needs_discovery", "politeness", "objection_handling", "closing"):
            assert calls[f"{crit}_spearman"] >= 0.85, (lang, crit)
            assert calls[f"{crit}_mad"] <= 12.0, (lang, crit)
