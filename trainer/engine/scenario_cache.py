"""A small cache of what is compiled from one scenario for one set of placeholder values."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from trainer.scenario.models import Scenario

T = TypeVar("T")


class ScenarioCache(Generic[T]):
    """Least recently used, keyed by object identity as well as id+version (two files may
    share an id while being edited) and by the values (the trainee's name is part of the
    filled examples). The compiled object holds its scenario, so an id() is never reused
    while its entry lives."""

    def __init__(self, build: Callable[[Scenario, Mapping[str, Any]], T], size: int = 64) -> None:
        self._build = build
        self._size = size
        self._entries: OrderedDict[tuple[Any, ...], T] = OrderedDict()

    def get(self, scenario: Scenario, values: Mapping[str, Any]) -> T:
        key = (scenario.id, scenario.version, id(scenario), tuple(sorted(values.items())))
        hit = self._entries.get(key)
        if hit is not None:
            self._entries.move_to_end(key)
            return hit
        result = self._build(scenario, values)
        self._entries[key] = result
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return result
