"""Checks on what helps the prospect understand: acts, `about`, ladders and `advance`."""

from __future__ import annotations

from collections.abc import Iterator

from trainer.diagnostics import Diagnostic
from trainer.engine.understanding.acts import ACTS
from trainer.lint.codes import severity
from trainer.lint.reference_checks import _did_you_mean
from trainer.lint.text import normalise
from trainer.scenario.loader import LoadedScenario


def acts_and_about(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    needs = [n.id for n in s.needs]
    for node_id, node in s.nodes.items():
        for index, branch in enumerate(node.branches):
            base = ("nodes", node_id, "branches", index)
            for i, act in enumerate(branch.acts):
                if act not in ACTS:
                    hint = _did_you_mean(act, sorted(ACTS))
                    yield loaded.diagnostic(
                        "SCN033",
                        severity("SCN033"),
                        f"branch '{branch.intent}' names unknown act '{act}'{hint};"
                        f" the acts are listed in docs/diagnostics.md#scn033",
                        (*base, "acts", i),
                    )
            if branch.about and not branch.acts:
                yield loaded.diagnostic(
                    "SCN033",
                    severity("SCN033"),
                    f"branch '{branch.intent}' has 'about' but no acts for it to qualify",
                    (*base, "about"),
                )
            for i, need in enumerate(branch.about):
                if need not in needs:
                    yield loaded.diagnostic(
                        "SCN015",
                        severity("SCN015"),
                        f"about names unknown need '{need}'{_did_you_mean(need, needs)}",
                        (*base, "about", i),
                    )


def ladders(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    """A ladder line that says what the fact or another rung already says would make the
    prospect repeat itself."""
    for index, need in enumerate(loaded.scenario.needs):
        if need.ladder is None:
            continue
        seen = {normalise(need.fact): "fact"}
        for rung, text in need.ladder.rungs():
            key = normalise(text)
            if key in seen:
                yield loaded.diagnostic(
                    "SCN035",
                    severity("SCN035"),
                    f"need '{need.id}': the {rung} line repeats its {seen[key]}; each rung"
                    f" should add something new",
                    ("needs", index, "ladder", rung),
                )
            seen.setdefault(key, rung)


def advances(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    needs = [n.id for n in s.needs]
    targets = sorted({*s.nodes, *s.outcomes})
    for node_id, node in s.nodes.items():
        if node.advance is None:
            continue
        base = ("nodes", node_id, "advance")
        for i, need in enumerate(node.advance.needs):
            if need not in needs:
                yield loaded.diagnostic(
                    "SCN015",
                    severity("SCN015"),
                    f"advance names unknown need '{need}'{_did_you_mean(need, needs)}",
                    (*base, "needs", i),
                )
        if node.advance.goto not in targets:
            hint = _did_you_mean(node.advance.goto, targets)
            yield loaded.diagnostic(
                "SCN010",
                severity("SCN010"),
                f"advance goes to unknown node or outcome '{node.advance.goto}'{hint}",
                (*base, "goto"),
            )
        if not node.discovery:
            yield loaded.diagnostic(
                "SCN036",
                severity("SCN036"),
                f"node '{node_id}' waits for needs but has discovery: false, so no question"
                f" asked here can reveal them",
                base,
            )
