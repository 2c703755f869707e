"""Structured evaluation of `when:` conditions. Nothing here ever evaluates text as code."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from trainer.scenario.models import Compare, Condition


@dataclass(frozen=True, slots=True)
class Facts:
    """The part of the call state a condition may look at."""

    revealed: Collection[str]
    variables: Mapping[str, Any]
    visits: Mapping[str, int]
    mood: int


def compare(value: Any, rule: Compare) -> bool:
    """True when every bound given in `rule` holds; a missing value fails any bound."""
    if rule.eq is not None and not _equal(value, rule.eq):
        return False
    if rule.ne is not None and _equal(value, rule.ne):
        return False
    for bound, test in (
        (rule.gt, lambda v, b: v > b),
        (rule.gte, lambda v, b: v >= b),
        (rule.lt, lambda v, b: v < b),
        (rule.lte, lambda v, b: v <= b),
    ):
        if bound is None:
            continue
        number = _number(value)
        if number is None or not test(number, bound):
            return False
    return True


def _equal(value: Any, expected: Any) -> bool:
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected or value == expected and type(value) is type(expected)
    a, b = _number(value), _number(expected)
    if a is not None and b is not None:
        return a == b
    return bool(value == expected)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def holds(condition: Condition | None, facts: Facts) -> bool:
    if condition is None:
        return True
    if condition.need is not None:
        return condition.need in facts.revealed
    if condition.var is not None:
        return compare(facts.variables.get(condition.var.var), condition.var)
    if condition.visits is not None:
        return compare(facts.visits.get(condition.visits.node, 0), condition.visits)
    if condition.mood is not None:
        return compare(facts.mood, condition.mood)
    if condition.all is not None:
        return all(holds(c, facts) for c in condition.all)
    if condition.any is not None:
        return any(holds(c, facts) for c in condition.any)
    if condition.not_ is not None:
        return not holds(condition.not_, facts)
    return True  # unreachable: the model guarantees exactly one key
