"""Mutated scenario text never makes the loader or the lint crash: a ScenarioError or success."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.diagnostics import ScenarioError
from trainer.lint import CODES, lint
from trainer.scenario.loader import load_text

from .helpers import STARTER

TEXT = STARTER.read_text(encoding="utf-8")
SPECIAL = list(":{}[]-&*!#|>'\"\t\n ,?%@`\\") + ["\x00", "\ufeff", "\u2028", "ø", "\x85"]
VALUES = [
    "",
    "[]",
    "{}",
    "-1",
    "0",
    "999999999999999999999",
    "1.5",
    "null",
    "~",
    "yes",
    "no",
    "*nowhere",
    "&a x",
    "!!python/object:os.system {}",
    "!tag x",
    "hang_up",
    "opening",
    "meeting_booked",
    "{need: x}",
    "{var: {var: interest, gt: x}}",
    "[introduces_self]",
    '"{unknown}"',
    "'unterminated",
    "x" * 300,
    "- a\n- b",
    "{a: 1, a: 2}",
]

# Ids that exist in the starter, and some that do not: retargeting exercises the lint.
IDS = [
    "opening",
    "annoyed",
    "value_shown",
    "price_objection",
    "meeting_booked",
    "polite_end",
    "hang_up",
    "nowhere",
    "late_deliveries",
    "interest",
    "introduces_self",
]
TARGET_KEYS = ("goto: ", "then: ", "start: ", "reveal: [", "var: ", "need: ", "hang_up: ")


TEXT_OPS = (
    "del_char",
    "ins_char",
    "swap_chars",
    "del_line",
    "dup_line",
    "swap_lines",
    "replace_value",
    "indent",
    "dedent",
    "retarget",
    "rename",
)
# Edits that keep the YAML valid more often, so that the lint (not only the loader) is hit.
STRUCTURE_OPS = ("retarget", "rename", "del_line", "dup_line")


@st.composite
def mutated(draw: st.DrawFn, ops: tuple[str, ...] = TEXT_OPS) -> str:
    text = TEXT
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        lines = text.splitlines(keepends=True) or [""]
        op = draw(st.sampled_from(ops))
        at = draw(st.integers(min_value=0, max_value=max(len(text) - 2, 0)))
        row = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        if op == "del_char":
            text = text[:at] + text[at + 1 :]
        elif op == "ins_char":
            char = draw(st.one_of(st.sampled_from(SPECIAL), st.characters()))
            text = text[:at] + char + text[at:]
        elif op == "swap_chars" and len(text) > 1:
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        elif op == "del_line":
            del lines[row]
            text = "".join(lines)
        elif op == "dup_line":
            lines.insert(row, lines[row])
            text = "".join(lines)
        elif op == "swap_lines":
            lines[row], lines[other] = lines[other], lines[row]
            text = "".join(lines)
        elif op == "replace_value" and ": " in lines[row]:
            key = lines[row].split(": ", 1)[0]
            lines[row] = f"{key}: {draw(st.sampled_from(VALUES))}\n"
            text = "".join(lines)
        elif op == "retarget":
            candidates = [k for k, line in enumerate(lines) if any(t in line for t in TARGET_KEYS)]
            if candidates:
                k = candidates[row % len(candidates)]
                key = next(t for t in TARGET_KEYS if t in lines[k])
                head, _, tail = lines[k].partition(key)
                rest = tail.split(",", 1)[1] if "," in tail else ("]\n" if "[" in key else "\n")
                rest = ", " + rest if "," in tail else rest
                lines[k] = f"{head}{key}{draw(st.sampled_from(IDS))}{rest}"
                text = "".join(lines)
        elif op == "rename":
            old, new = draw(st.sampled_from(IDS)), draw(st.sampled_from(IDS))
            text = text.replace(old, new)
        elif op == "indent":
            lines[row] = "  " + lines[row]
            text = "".join(lines)
        elif op == "dedent" and lines[row].startswith("  "):
            lines[row] = lines[row][2:]
            text = "".join(lines)
    return text


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutated())
def test_mutations_only_raise_scenario_errors(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(mutated(STRUCTURE_OPS))
def test_structural_mutations_only_raise_scenario_errors(text: str) -> None:
    _check(text)


def _check(text: str) -> None:
    try:
        found = lint(load_text(text, "fuzz.yaml"))
    except ScenarioError as exc:
        found = exc.diagnostics
        assert found, "a ScenarioError must carry at least one diagnostic"
    for diag in found:
        assert diag.code in CODES
        assert diag.severity == CODES[diag.code][0]
        assert diag.line >= 1 and diag.column >= 1
        assert diag.message
