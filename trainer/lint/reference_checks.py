"""Checks that every id a scenario names exists: targets, needs, variables, rules, tests."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import process

from scoring import MUST_RULES
from trainer.diagnostics import Diagnostic
from trainer.graph import YamlPath, edges
from trainer.lint import walk
from trainer.lint.codes import severity
from trainer.scenario.loader import LoadedScenario


def _did_you_mean(name: str, choices: list[str]) -> str:
    if not choices:
        return ""
    match = process.extractOne(name, choices, score_cutoff=60)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _report(loaded: LoadedScenario, code: str, message: str, path: YamlPath) -> Diagnostic:
    return loaded.diagnostic(code, severity(code), message, path)


def unknown_targets(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    targets = sorted({*s.nodes, *s.outcomes})

    def unknown(name: str, what: str, path: YamlPath) -> Diagnostic:
        hint = _did_you_mean(name, targets)
        return _report(loaded, "SCN010", f"{what} '{name}' is not a node or outcome{hint}", path)

    if s.start not in s.nodes:
        if s.start in s.outcomes:
            yield _report(
                loaded, "SCN010", f"start '{s.start}' is an outcome, not a node", ("start",)
            )
        else:
            hint = _did_you_mean(s.start, sorted(s.nodes))
            yield _report(loaded, "SCN010", f"start '{s.start}' is not a node{hint}", ("start",))
    for edge in edges(s):
        if edge.target not in s.nodes and edge.target not in s.outcomes:
            what = {"fallback": "fallback then", "goto": "goto"}.get(edge.kind, "goto")
            yield unknown(edge.target, f"{edge.source}: {what}", edge.path)
    if s.settings.hang_up not in s.outcomes and s.settings.hang_up in s.nodes:
        yield _report(
            loaded,
            "SCN010",
            f"settings.hang_up '{s.settings.hang_up}' must be an outcome, not a node",
            ("settings", "hang_up"),
        )
    timeout = s.settings.timeout
    if timeout is not None and timeout not in s.outcomes:
        hint = _did_you_mean(timeout, sorted(s.outcomes))
        yield _report(
            loaded,
            "SCN010",
            f"settings.timeout '{timeout}' is not an outcome{hint}",
            ("settings", "timeout"),
        )
    for cond, path in walk.conditions(s):
        if cond.visits is not None and cond.visits.node not in s.nodes:
            hint = _did_you_mean(cond.visits.node, sorted(s.nodes))
            yield _report(
                loaded,
                "SCN010",
                f"visits condition names unknown node '{cond.visits.node}'{hint}",
                (*path, "visits", "node"),
            )


def unknown_needs(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    known = [n.id for n in s.needs]
    for eff, path in walk.effects(s):
        for index, need in enumerate(eff.reveal):
            if need not in known:
                hint = _did_you_mean(need, known)
                yield _report(
                    loaded,
                    "SCN015",
                    f"reveal names unknown need '{need}'{hint}; declare it under needs:",
                    (*path, "reveal", index),
                )
    for cond, path in walk.conditions(s):
        if cond.need is not None and cond.need not in known:
            hint = _did_you_mean(cond.need, known)
            yield _report(
                loaded,
                "SCN015",
                f"condition names unknown need '{cond.need}'{hint}",
                (*path, "need"),
            )


def variable_checks(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    """SCN016 unknown variables, SCN030 wrong types, SCN027 variables never used."""
    s = loaded.scenario
    declared = sorted(s.variables)
    used: set[str] = set()

    def unknown(name: str, path: YamlPath) -> Diagnostic:
        hint = _did_you_mean(name, declared)
        return _report(
            loaded, "SCN016", f"unknown variable '{name}'{hint}; declare it under variables:", path
        )

    for eff, path in walk.effects(s):
        for key in ("set", "add"):
            for name, value in getattr(eff, key).items():
                used.add(name)
                where = (*path, key, name)
                if name not in s.variables:
                    yield unknown(name, where)
                elif key == "add" and not _is_number(s.variables[name]):
                    yield _report(
                        loaded,
                        "SCN030",
                        f"add to '{name}', which is declared as "
                        f"{_type_name(s.variables[name])}, not a number",
                        where,
                    )
                elif key == "set" and _type_name(value) != _type_name(s.variables[name]):
                    if not (_is_number(value) and _is_number(s.variables[name])):
                        yield _report(
                            loaded,
                            "SCN030",
                            f"set '{name}' to {_type_name(value)} {value!r}, but it is declared as "
                            f"{_type_name(s.variables[name])}",
                            where,
                        )
    for cond, path in walk.conditions(s):
        if cond.var is None:
            continue
        name = cond.var.var
        used.add(name)
        if name not in s.variables:
            yield unknown(name, (*path, "var", "var"))
            continue
        ordered = [op for op in ("gt", "gte", "lt", "lte") if getattr(cond.var, op) is not None]
        if ordered and not _is_number(s.variables[name]):
            yield _report(
                loaded,
                "SCN030",
                f"'{ordered[0]}' compares '{name}' as a number, but it is declared as "
                f"{_type_name(s.variables[name])}",
                (*path, "var", ordered[0]),
            )
    for text, _ in walk.spoken_texts(s):
        if "{" in text:
            used.update(name for name in s.variables if "{" + name + "}" in text)
    for name in s.variables:
        if name not in used:
            yield _report(
                loaded,
                "SCN027",
                f"variable '{name}' is declared but never set, added, tested or shown",
                ("variables", name),
            )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if _is_number(value):
        return "a number"
    return "text"


def duplicate_ids(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    for outcome_id in s.outcomes:
        if outcome_id in s.nodes:
            yield _report(
                loaded,
                "SCN017",
                f"'{outcome_id}' is both a node and an outcome; a goto to it would be ambiguous",
                ("outcomes", outcome_id),
            )
    seen: dict[str, int] = {}
    for index, need in enumerate(s.needs):
        if need.id in seen:
            yield _report(
                loaded,
                "SCN017",
                f"need '{need.id}' is declared twice (first as needs[{seen[need.id]}])",
                ("needs", index, "id"),
            )
        seen.setdefault(need.id, index)
    for node_id, node in s.nodes.items():
        intents: dict[str, int] = {}
        for index, branch in enumerate(node.branches):
            if branch.intent in intents:
                yield _report(
                    loaded,
                    "SCN017",
                    f"{node_id}: two branches have intent '{branch.intent}' "
                    f"(branches {intents[branch.intent]} and {index}); "
                    f"intents must be unique per node",
                    ("nodes", node_id, "branches", index, "intent"),
                )
            intents.setdefault(branch.intent, index)


def unknown_must_rules(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    known = sorted(MUST_RULES)
    for index, rule in enumerate(loaded.scenario.rubric.must):
        if rule not in known:
            hint = _did_you_mean(rule, known)
            yield _report(
                loaded,
                "SCN022",
                f"unknown must-rule '{rule}'{hint}; known: {', '.join(known)}",
                ("rubric", "must", index),
            )


def hang_up_outcome(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    name = s.settings.hang_up
    outcome = s.outcomes.get(name)
    if outcome is None:
        if name in s.nodes:
            return  # reported as SCN010
        where = (
            ("settings", "hang_up") if "hang_up" in s.settings.model_fields_set else ("outcomes",)
        )
        yield _report(
            loaded,
            "SCN023",
            f"no '{name}' outcome: the call ends there when the prospect runs out of patience; "
            f"add outcomes.{name} with result: loss",
            where,
        )
    elif outcome.result.value != "loss":
        yield _report(
            loaded,
            "SCN023",
            f"hang-up outcome '{name}' has result {outcome.result.value}; it must be loss",
            ("outcomes", name, "result"),
        )


def playthrough_tests(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    places = sorted({*s.nodes, *s.outcomes})
    for index, test in enumerate(s.tests):
        base = ("tests", index, "expect")
        expect = test.expect
        if expect.outcome is not None and expect.outcome not in s.outcomes:
            hint = _did_you_mean(expect.outcome, sorted(s.outcomes))
            yield _report(
                loaded,
                "SCN024",
                f"test '{test.name}' expects unknown outcome '{expect.outcome}'{hint}",
                (*base, "outcome"),
            )
        for step, node in enumerate(expect.path or []):
            if node not in places:
                hint = _did_you_mean(node, places)
                yield _report(
                    loaded,
                    "SCN024",
                    f"test '{test.name}' path names unknown node '{node}'{hint}",
                    (*base, "path", step),
                )
        if all(value is None or value == [] for value in expect.model_dump().values()):
            yield _report(
                loaded,
                "SCN032",
                f"test '{test.name}' expects nothing, so it can never fail; "
                f"give expect an outcome, path, min_score, max_score or passed",
                base,
            )
        low, high = expect.min_score, expect.max_score
        if low is not None and high is not None and low > high:
            yield _report(
                loaded,
                "SCN024",
                f"test '{test.name}' expects min_score {low:g} above max_score {high:g}; "
                f"it can never pass",
                (*base, "min_score"),
            )
