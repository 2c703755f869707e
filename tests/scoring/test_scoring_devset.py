"""Per-detector accuracy floors on the labelled dev set; a regression in any detector fails."""

from __future__ import annotations

import pytest
from scoring_devset_eval import evaluate, load_rows

# Measured on the 607-reply set when the floors were set (numbers in the comments); floors sit
# a little below, so a real regression fails while one changed label does not. The set was
# written alongside the rules, so these are regression guards, not estimates of accuracy on
# unseen text (a fresh 63-reply check scored 90 % before its misses were fixed and merged in).
FLOORS = {
    "question_form": 98,  # 100 %
    "spin": 97,  # 100 %
    "closing_attempt": 98,  # 100 %
    "closing_technique": 97,  # 100 %
    "pitch": 95,  # 100 %
    "rude": 95,  # 100 %
    "pressure": 95,  # 100 %
}
DEFAULT_FLOOR = 95  # every marker, next-step part and objection move; all measured 100 %


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[int, int, list[str]]]:
    return evaluate()


def test_devset_is_big_enough_and_bilingual() -> None:
    rows = load_rows()
    assert len(rows) >= 400
    assert sum(r["lang"] == "nb" for r in rows) >= 150
    assert sum(r["lang"] == "en" for r in rows) >= 150


def test_every_detector_has_positives_and_negatives(
    results: dict[str, tuple[int, int, list[str]]],
) -> None:
    for detector in (
        "marker:pressure",
        "marker:acknowledgement",
        "marker:gratitude",
        "marker:apology",
        "closing_attempt",
        "next_step:action",
        "objection:arguing",
        "pitch",
    ):
        assert results[detector][1] >= 5, detector


def test_detector_accuracy_floors(results: dict[str, tuple[int, int, list[str]]]) -> None:
    failures = []
    for detector, (ok, total, wrong) in results.items():
        floor = FLOORS.get(detector, DEFAULT_FLOOR)
        accuracy = 100.0 * ok / total
        if accuracy < floor:
            failures.append(
                f"{detector}: {accuracy:.1f}% < {floor}% ({ok}/{total}); wrong: {wrong[:5]}"
            )
    assert not failures, "\n".join(failures)
