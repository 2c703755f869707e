from __future__ import annotations

import pytest

from trainer.engine.conditions import Facts, holds
from trainer.scenario.models import Condition

FACTS = Facts(revealed=["late"], variables={"interest": 2, "name": "x", "flag": True},
              visits={"opening": 1, "listening": 3}, mood=-2)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"need": "late"}, True),
        ({"need": "cash"}, False),
        ({"var": {"var": "interest", "gte": 2}}, True),
        ({"var": {"var": "interest", "gt": 2}}, False),
        ({"var": {"var": "interest", "eq": 2}}, True),
        ({"var": {"var": "interest", "eq": 2.0}}, True),
        ({"var": {"var": "interest", "ne": 2}}, False),
        ({"var": {"var": "interest", "gte": 1, "lt": 3}}, True),
        ({"var": {"var": "interest", "gte": 1, "lt": 2}}, False),
        ({"var": {"var": "name", "eq": "x"}}, True),
        ({"var": {"var": "name", "gt": 1}}, False),  # a string is not a number: bound fails
        ({"var": {"var": "flag", "eq": True}}, True),
        ({"var": {"var": "flag", "eq": 1}}, False),  # a boolean is not the number 1
        ({"var": {"var": "missing", "lt": 5}}, False),
        ({"var": {"var": "missing", "ne": 5}}, True),
        ({"visits": {"node": "listening", "gte": 3}}, True),
        ({"visits": {"node": "never", "eq": 0}}, True),
        ({"mood": {"lt": 0}}, True),
        ({"mood": {"gte": 0}}, False),
        ({"all": [{"need": "late"}, {"mood": {"lt": 0}}]}, True),
        ({"all": [{"need": "late"}, {"need": "cash"}]}, False),
        ({"any": [{"need": "cash"}, {"mood": {"lt": 0}}]}, True),
        ({"any": [{"need": "cash"}, {"mood": {"gt": 0}}]}, False),
        ({"not": {"need": "cash"}}, True),
        ({"not": {"any": [{"need": "late"}]}}, False),
    ],
)
def test_conditions(condition: dict[str, object], expected: bool) -> None:
    assert holds(Condition.model_validate(condition), FACTS) is expected


def test_no_condition_holds() -> None:
    assert holds(None, FACTS)
