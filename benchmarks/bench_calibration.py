"""How far the grader agrees with the coach-labelled calibration set, per language.

Run by hand:  .venv-test/bin/python benchmarks/bench_calibration.py

Prints, for whole calls, Spearman and mean absolute difference of the total and of each
criterion, and how many calls the coach passes (>= 70) the grader passes and how many the
coach fails (< 50) it passes; for single replies, F1 of closing attempts and next-step parts,
macro-F1 of question form, micro-F1 of SPIN kind, politeness Spearman; and en/nb parity on
mirrored replies. The targets from the grading issue are shown beside each figure.
"""

from __future__ import annotations

import time

from calibration_harness import (
    analyse_replies,
    call_agreement,
    grade_calls,
    parity,
    reply_agreement,
)

CALL_TARGETS = {
    "spearman": ">= 0.92",
    "mad": "<= 8",
    "coach_passes_passed": "1.00",
    "coach_fails_passed": "0.00",
}
REPLY_TARGETS = {
    "closing_f1": ">= 0.85",
    "action_f1": ">= 0.80",
    "owner_f1": ">= 0.80",
    "form_macro_f1": ">= 0.90",
    "spin_micro_f1": ">= 0.85",
    "politeness_spearman": ">= 0.75",
}


def main() -> None:
    start = time.perf_counter()
    calls = grade_calls()
    replies = analyse_replies()
    print(
        f"graded {len(calls)} calls and {len(replies)} replies in"
        f" {time.perf_counter() - start:.1f} s"
    )
    print("\nwhole calls            all      en      nb    target")
    rows = {lang: call_agreement(calls, lang) for lang in (None, "en", "nb")}
    for key in rows[None]:
        if key == "calls":
            continue
        target = CALL_TARGETS.get(key) or (">= 0.85" if key.endswith("spearman") else "<= 12")
        vals = "  ".join(f"{rows[lang][key]:6.2f}" for lang in (None, "en", "nb"))
        print(f"  {key:30} {vals}   {target}")
    print("\nsingle replies         all      en      nb    target")
    rrows = {lang: reply_agreement(replies, lang) for lang in (None, "en", "nb")}
    for key in rrows[None]:
        if key == "replies":
            continue
        vals = "  ".join(f"{rrows[lang][key]:6.2f}" for lang in (None, "en", "nb"))
        print(f"  {key:30} {vals}   {REPLY_TARGETS.get(key, '')}")
    print(f"\nen/nb parity on mirrored replies: {parity(replies):.2f}   target >= 0.95")


if __name__ == "__main__":
    main()
