"""Walks over the parts of a scenario that several checks read, each with its YAML path."""

from __future__ import annotations

from collections.abc import Iterator

from trainer.graph import YamlPath
from trainer.scenario.models import Condition, Effects, Line, Say, Scenario


def say_texts(say: Say | None, path: YamlPath) -> Iterator[tuple[str, YamlPath]]:
    if say is None:
        return
    if isinstance(say, str):
        yield say, path
        return
    for index, item in enumerate(say):
        if isinstance(item, Line):
            yield item.text, (*path, index, "text")
        else:
            yield item, (*path, index)


def say_conditions(say: Say | None, path: YamlPath) -> Iterator[tuple[Condition, YamlPath]]:
    if say is None or isinstance(say, str):
        return
    for index, item in enumerate(say):
        if isinstance(item, Line) and item.when is not None:
            yield item.when, (*path, index, "when")


def spoken_texts(scenario: Scenario) -> Iterator[tuple[str, YamlPath]]:
    """Every text shown to the trainee: prospect lines, model answers, hints, outcome lines."""
    for node_id, node in scenario.nodes.items():
        base: YamlPath = ("nodes", node_id)
        yield from say_texts(node.say, (*base, "say"))
        if node.model_answer is not None:
            yield node.model_answer, (*base, "model_answer")
        if node.hint is not None:
            yield node.hint, (*base, "hint")
        for index, branch in enumerate(node.branches):
            yield from say_texts(branch.say, (*base, "branches", index, "say"))
            if branch.clarify is not None:
                yield branch.clarify, (*base, "branches", index, "clarify")
        if node.fallback is not None:
            yield from say_texts(node.fallback.say, (*base, "fallback", "say"))
    for outcome_id, outcome in scenario.outcomes.items():
        if outcome.say:
            yield outcome.say, ("outcomes", outcome_id, "say")
        if outcome.summary:
            yield outcome.summary, ("outcomes", outcome_id, "summary")
    for index, need in enumerate(scenario.needs):
        yield need.fact, ("needs", index, "fact")
        if need.ladder is not None:
            for rung, text in need.ladder.rungs():
                yield text, ("needs", index, "ladder", rung)


def top_conditions(scenario: Scenario) -> Iterator[tuple[Condition, YamlPath]]:
    for node_id, node in scenario.nodes.items():
        base: YamlPath = ("nodes", node_id)
        yield from say_conditions(node.say, (*base, "say"))
        for index, branch in enumerate(node.branches):
            if branch.when is not None:
                yield branch.when, (*base, "branches", index, "when")
            yield from say_conditions(branch.say, (*base, "branches", index, "say"))
        if node.fallback is not None:
            yield from say_conditions(node.fallback.say, (*base, "fallback", "say"))


def conditions(scenario: Scenario) -> Iterator[tuple[Condition, YamlPath]]:
    """Every condition, nested ones included."""
    stack = list(top_conditions(scenario))
    stack.reverse()
    while stack:
        cond, path = stack.pop()
        yield cond, path
        nested: list[tuple[Condition, YamlPath]] = []
        for key, children in (("all", cond.all), ("any", cond.any)):
            for index, child in enumerate(children or []):
                nested.append((child, (*path, key, index)))
        if cond.not_ is not None:
            nested.append((cond.not_, (*path, "not")))
        stack.extend(reversed(nested))


def effects(scenario: Scenario) -> Iterator[tuple[Effects, YamlPath]]:
    for node_id, node in scenario.nodes.items():
        for index, branch in enumerate(node.branches):
            yield branch.effects, ("nodes", node_id, "branches", index, "effects")
        if node.fallback is not None:
            yield node.fallback.effects, ("nodes", node_id, "fallback", "effects")
