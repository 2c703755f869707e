"""Checks on the words in a scenario: placeholders, needs' cues, rubric weights."""

from __future__ import annotations

import re
from collections.abc import Iterator

from trainer.diagnostics import Diagnostic
from trainer.engine.understanding.slots import ALL_PLACEHOLDERS as SLOT_PLACEHOLDERS
from trainer.lint import walk
from trainer.lint.codes import severity
from trainer.lint.text import normalise
from trainer.scenario.loader import LoadedScenario
from trainer.scenario.models import CRITERIA

BUILTIN_PLACEHOLDERS = ("trainee", "prospect", "prospect_company", "company", "product")
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
MIN_CUE_LENGTH = 3


def placeholders(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    allowed = {*BUILTIN_PLACEHOLDERS, *s.variables}
    for text, path in walk.spoken_texts(s):
        if "{" not in text:
            continue
        for match in _PLACEHOLDER.finditer(text):
            name, bar, default = match.group(1).partition("|")
            if name in SLOT_PLACEHOLDERS:
                if not bar:
                    yield loaded.diagnostic(
                        "SCN034",
                        severity("SCN034"),
                        f"slot {{{name}}} has no default, so the prospect would say it "
                        f"literally when the trainee has not said one; write "
                        f"{{{name}|what to say then}}",
                        path,
                    )
                continue
            if name in allowed:
                continue
            known = ", ".join("{" + p + "}" for p in sorted(allowed | set(SLOT_PLACEHOLDERS)))
            yield loaded.diagnostic(
                "SCN018",
                severity("SCN018"),
                f"placeholder {{{name}}} is not defined; use one of {known}, "
                f"or declare '{name.strip()}' under variables:",
                path,
            )


def rubric_weights(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    weights = loaded.scenario.rubric.weights
    path = ("rubric", "weights")
    missing = [c for c in CRITERIA if c not in weights]
    if missing:
        yield loaded.diagnostic(
            "SCN019",
            severity("SCN019"),
            f"rubric weights miss {', '.join(missing)}; give every criterion a weight "
            f"(0 to ignore it)",
            path,
        )
    negative = [c for c, w in weights.items() if w < 0]
    if negative:
        yield loaded.diagnostic(
            "SCN019", severity("SCN019"), f"negative rubric weight for {', '.join(negative)}", path
        )
    total = sum(weights.values())
    if total != 100:
        yield loaded.diagnostic(
            "SCN019", severity("SCN019"), f"rubric weights add up to {total}, not 100", path
        )


def need_cues(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    revealed_by_branch = {need for eff, _ in walk.effects(s) for need in eff.reveal}
    cue_sets = [
        {c for c in (normalise(cue) for cue in need.cues) if len(c) >= MIN_CUE_LENGTH}
        for need in s.needs
    ]
    for index, need in enumerate(s.needs):
        usable = cue_sets[index]
        if not usable:
            if need.id not in revealed_by_branch:
                yield loaded.diagnostic(
                    "SCN020",
                    severity("SCN020"),
                    f"need '{need.id}' can never be revealed: its cues are empty or shorter than "
                    f"{MIN_CUE_LENGTH} characters and no branch reveals it",
                    ("needs", index, "cues"),
                )
            continue
        for other_index, other in enumerate(s.needs):
            if other_index != index and other.id != need.id and usable <= cue_sets[other_index]:
                yield loaded.diagnostic(
                    "SCN020",
                    severity("SCN020"),
                    f"need '{need.id}' cannot be told apart from '{other.id}': all its cues are "
                    f"also cues of '{other.id}'; give it cues of its own",
                    ("needs", index, "cues"),
                )
                break
