"""Runs every check over one loaded scenario."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from trainer.diagnostics import Diagnostic
from trainer.lint import (
    ambiguity,
    block_checks,
    file_checks,
    graph_checks,
    model_answer_checks,
    reference_checks,
    text_checks,
    understanding_checks,
    variant_checks,
)
from trainer.scenario.loader import LoadedScenario

Check = Callable[[LoadedScenario], Iterable[Diagnostic]]

CHECKS: tuple[Check, ...] = (
    file_checks.schema_header,
    file_checks.file_name,
    reference_checks.unknown_targets,
    reference_checks.unknown_needs,
    reference_checks.variable_checks,
    reference_checks.duplicate_ids,
    reference_checks.unknown_must_rules,
    reference_checks.hang_up_outcome,
    reference_checks.playthrough_tests,
    graph_checks.unreachable,
    graph_checks.dead_ends,
    graph_checks.loops_without_exit,
    text_checks.placeholders,
    text_checks.rubric_weights,
    text_checks.need_cues,
    ambiguity.ambiguous_branches,
    understanding_checks.acts_and_about,
    understanding_checks.ladders,
    understanding_checks.advances,
    variant_checks.variants,
    model_answer_checks.model_answers,
    block_checks.block_language,
)


def lint(loaded: LoadedScenario) -> list[Diagnostic]:
    """All findings for a scenario that loaded, ordered by position in the file."""
    found = [d for check in CHECKS for d in check(loaded)]
    return sorted(found, key=lambda d: (d.line, d.column, d.code))
