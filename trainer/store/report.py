"""Aggregating attempts for team leads: per trainee, per scenario or per criterion.

Only finished attempts have scores; unfinished ones are counted in `in_progress` only.
Trend: the mean of the more recent half of the scores (at most the last 5) minus the mean of
the half before it (at most the 5 before those); with fewer than 2 scores there is no trend.
So 2 scores compare last with first, 3 compare the last 2 with the first, 10 or more compare
the last 5 with the 5 before them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from trainer.scenario.models import CRITERIA
from trainer.store.records import AttemptSummary

GroupBy = Literal["trainee", "scenario", "criterion"]
GROUPINGS: tuple[GroupBy, ...] = ("trainee", "scenario", "criterion")
WINDOW = 5


@dataclass(frozen=True, slots=True)
class ReportRow:
    key: str
    attempts: int  # finished attempts with a score
    in_progress: int
    best: float | None
    latest: float | None
    average: float | None
    pass_rate: float | None  # percent; none for criteria, which have no pass mark of their own
    trend: float | None

    def to_dict(self, by: GroupBy) -> dict[str, Any]:
        return {
            by: self.key,
            "attempts": self.attempts,
            "in_progress": self.in_progress,
            "best": self.best,
            "latest": self.latest,
            "average": self.average,
            "pass_rate": self.pass_rate,
            "trend": self.trend,
        }


def trend(scores: Sequence[float]) -> float | None:
    """Scores in time order, oldest first."""
    n = len(scores)
    if n < 2:
        return None
    recent = min(WINDOW, n - n // 2)
    before = min(WINDOW, n - recent)
    last = scores[n - recent :]
    earlier = scores[n - recent - before : n - recent]
    return _mean(last) - _mean(earlier)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _row(key: str, scores: list[float], passed: list[bool] | None, in_progress: int) -> ReportRow:
    if not scores:
        return ReportRow(key, 0, in_progress, None, None, None, None, None)
    return ReportRow(
        key=key,
        attempts=len(scores),
        in_progress=in_progress,
        best=max(scores),
        latest=scores[-1],
        average=_mean(scores),
        pass_rate=100.0 * sum(passed) / len(passed) if passed is not None else None,
        trend=trend(scores),
    )


def build(summaries: Iterable[AttemptSummary], by: GroupBy) -> list[ReportRow]:
    """Rows sorted by key (criteria in their fixed order)."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    ordered = sorted(summaries, key=lambda s: (s.started_at, s.id))
    if by == "criterion":
        rows = []
        finished = [s for s in ordered if s.total is not None]
        in_progress = len(ordered) - len(finished)
        for name in CRITERIA:
            scores = [s.criteria[name] for s in finished if name in s.criteria]
            rows.append(_row(name, scores, None, in_progress))
        return rows
    groups: dict[str, list[AttemptSummary]] = {}
    for summary in ordered:
        key = summary.trainee if by == "trainee" else summary.scenario_id
        groups.setdefault(key, []).append(summary)
    rows = []
    for key in sorted(groups):
        finished = [s for s in groups[key] if s.total is not None]
        rows.append(
            _row(
                key,
                [float(s.total) for s in finished if s.total is not None],
                [bool(s.passed) for s in finished],
                len(groups[key]) - len(finished),
            )
        )
    return rows
