"""Lint checks beyond the documented examples: edge cases, locations, false positives."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import MUST_RULES
from trainer.lint import lint
from trainer.scenario.library import builtin_files
from trainer.scenario.loader import load_file, load_text

from .helpers import MINIMAL, STARTER, codes, edit, findings

BRANCH = """      - intent: introduce
        examples: ["Hi Mike, this is Sam from NordParts"]
        goto: booked
"""


def test_minimal_scenario_is_clean() -> None:
    assert findings(MINIMAL) == []


def test_starter_scenario_is_clean() -> None:
    assert lint(load_file(STARTER)) == []


@pytest.mark.parametrize("file", builtin_files(), ids=lambda p: p.stem)
def test_builtin_scenarios_have_no_lint_errors(file: Path) -> None:
    # Warnings are the authors' call; errors mean the scenario cannot be played as written.
    errors = [d.format() for d in lint(load_file(file)) if d.severity == "error"]
    assert errors == []


def test_unknown_target_points_at_the_goto_and_suggests() -> None:
    text = edit("goto: booked", "goto: bookd")
    [diag] = [d for d in findings(text) if d.code == "SCN010"]
    assert (diag.line, diag.column) == (17, 9)
    assert "did you mean 'booked'" in diag.message


def test_unknown_start_and_settings_targets() -> None:
    text = edit("start: opening", "start: openin")
    text = edit(
        "persona: {name: Mike}\n", "persona: {name: Mike}\nsettings: {timeout: too_long}\n", text
    )
    found = [d for d in findings(text) if d.code == "SCN010"]
    messages = " | ".join(d.message for d in found)
    assert "start 'openin' is not a node (did you mean 'opening'?)" in messages
    assert "settings.timeout 'too_long'" in messages
    # reachability checks stay quiet when start is unknown: everything would look unreachable
    assert "SCN011" not in codes(text)


def test_visits_condition_with_unknown_node() -> None:
    text = edit(
        "        goto: booked\n",
        "        when: {visits: {node: openin, gte: 1}}\n        goto: booked\n",
    )
    assert "SCN010" in codes(text)


def test_nested_condition_references_are_checked() -> None:
    cond = "{all: [{need: budget}, {any: [{var: {var: heat, gt: 1}}, {not: {mood: {lt: 0}}}]}]}"
    text = edit("        goto: booked\n", f"        when: {cond}\n        goto: booked\n")
    assert codes(text) == ["SCN015", "SCN016"]


def test_placeholders_accept_builtins_and_declared_variables() -> None:
    text = edit(
        'say: "Dawson Motors, Mike speaking."', 'say: "{prospect} at {prospect_company}, {deal}"'
    )
    text = edit("start: opening\n", "variables: {deal: 'a deal'}\nstart: opening\n", text)
    assert findings(text) == []


def test_placeholder_in_outcome_and_line_object() -> None:
    text = edit('say: "Dawson Motors, Mike speaking."', 'say: [{text: "Hi {nme}", once: true}]')
    text = edit("booked: {result: win}", 'booked: {result: win, say: "See you, {trainer}."}', text)
    found = [d for d in findings(text) if d.code == "SCN018"]
    assert sorted(d.line for d in found) == [13, 20]


def test_both_conditional_branches_are_not_ambiguous() -> None:
    twin = BRANCH.replace("goto: booked", "when: {mood: {gte: 1}}\n        goto: booked")
    other = twin.replace("introduce", "introduce_cold").replace("gte: 1", "lt: 1")
    text = edit(BRANCH, twin + other)
    assert "SCN014" not in codes(text)
    # with only one of them conditional, the unconditional one competes with it
    text = edit(BRANCH, BRANCH + other)
    assert "SCN014" in codes(text)


def test_similar_but_distinct_branches_are_not_ambiguous() -> None:
    other = """      - intent: pitch
        examples: ["We are the world leaders in car parts"]
        goto: hang_up
"""
    assert "SCN014" not in codes(edit(BRANCH, BRANCH + other))


def test_shared_keyword_is_ambiguous() -> None:
    first = BRANCH.replace("goto: booked", "keywords: [minute]\n        goto: booked")
    second = """      - intent: ask_time
        examples: ["Could we talk about your deliveries"]
        keywords: [Minute]
        goto: hang_up
"""
    [diag] = [d for d in findings(edit(BRANCH, first + second)) if d.code == "SCN014"]
    assert "'minute'" in diag.message


def test_unescapable_loop_over_several_nodes() -> None:
    extra = """  chat_a:
    say: "Busy."
    branches:
      - intent: more
        examples: ["And the weather?"]
        goto: chat_b
    fallback: {say: "Sorry?", then: chat_b}
  chat_b:
    say: "Still busy."
    goto: chat_a
"""
    text = edit("outcomes:\n", extra + "outcomes:\n")
    text = edit(
        BRANCH,
        BRANCH + '      - intent: chat\n        examples: ["How is business?"]\n'
        "        goto: chat_a\n",
        text,
    )
    [diag] = [d for d in findings(text) if d.code == "SCN025"]
    assert "chat_a, chat_b" in diag.message


def test_a_loop_with_an_exit_is_fine() -> None:
    extra = """  chat:
    say: "Busy."
    branches:
      - intent: more
        examples: ["And the weather?"]
        goto: chat
    fallback: {say: "Sorry?", then: hang_up}
"""
    text = edit("outcomes:\n", extra + "outcomes:\n")
    text = edit(
        BRANCH,
        BRANCH + '      - intent: chat\n        examples: ["How is business?"]\n'
        "        goto: chat\n",
        text,
    )
    assert findings(text) == []


def test_node_and_outcome_with_one_id() -> None:
    text = edit("outcomes:\n", '  booked:\n    say: "Hm."\n    goto: hang_up\noutcomes:\n')
    assert "SCN017" in codes(text)


def test_two_needs_with_one_id_and_indistinguishable_cues() -> None:
    needs = """needs:
  - {id: late, fact: Parts come late., cues: [delivery, late]}
  - {id: late, fact: Parts come late again., cues: [delivery, stock]}
  - {id: slow, fact: Parts are slow., cues: [Delivery!]}
"""
    text = edit("start: opening\n", needs + "start: opening\n")
    found = findings(text)
    assert [d.code for d in found].count("SCN017") == 1
    assert any(d.code == "SCN020" and "'slow'" in d.message for d in found)


def test_need_revealed_by_a_branch_needs_no_cues() -> None:
    needs = "needs:\n  - {id: budget, fact: We have money., cues: ['?']}\n"
    text = edit("start: opening\n", needs + "start: opening\n")
    text = edit(
        "        goto: booked\n",
        "        effects: {reveal: [budget]}\n        goto: booked\n",
        text,
    )
    assert findings(text) == []


def test_missing_hang_up_outcome() -> None:
    text = edit("  hang_up: {result: loss}\n", "  lost: {result: loss}\n")
    text = edit("then: hang_up", "then: lost", text)
    [diag] = [d for d in findings(text) if d.code == "SCN023"]
    assert "add outcomes.hang_up with result: loss" in diag.message


def test_custom_hang_up_outcome_is_accepted() -> None:
    text = edit("  hang_up: {result: loss}\n", "  lost: {result: loss}\n")
    text = edit("then: hang_up", "then: lost", text)
    text = edit(
        "persona: {name: Mike}\n", "persona: {name: Mike}\nsettings: {hang_up: lost}\n", text
    )
    assert findings(text) == []


def test_rubric_missing_criterion() -> None:
    text = edit("objection_handling: 25, closing: 25", "closing: 50")
    [diag] = findings(text)
    assert diag.code == "SCN019" and "objection_handling" in diag.message


def test_must_rules_known_to_the_scorer_are_accepted() -> None:
    text = MINIMAL + "  must: [introduces_self, no_pressure_phrases]\n"
    assert findings(text) == []
    assert {"introduces_self", "no_pressure_phrases"} <= set(MUST_RULES)


def test_playthrough_path_and_score_range() -> None:
    tests = """tests:
  - name: path test
    replies: ["Hi"]
    expect: {path: [opening, openin], min_score: 80, max_score: 20}
"""
    found = [d for d in findings(MINIMAL + tests) if d.code == "SCN024"]
    assert len(found) == 2


def test_set_with_wrong_type_and_ordering_compare_on_text() -> None:
    text = edit("start: opening\n", "variables: {stage: intro, heat: 0}\nstart: opening\n")
    text = edit(
        "        goto: booked\n",
        "        when: {var: {var: stage, gt: 1}}\n        effects: {set: {heat: warm}}\n"
        "        goto: booked\n",
        text,
    )
    assert codes(text) == ["SCN030", "SCN030"]


def test_variable_used_only_in_a_placeholder_counts_as_used() -> None:
    text = edit('say: "Dawson Motors, Mike speaking."', 'say: "Mike. Ref {ticket}."')
    text = edit("start: opening\n", "variables: {ticket: A-17}\nstart: opening\n", text)
    assert findings(text) == []


def test_file_name_check_only_for_real_files() -> None:
    loaded = load_text(MINIMAL, "<string>")
    assert lint(loaded) == []


def test_findings_are_in_file_order() -> None:
    text = edit("goto: booked", "goto: bookd")
    text = edit("closing: 25}", "closing: 5}", text)
    found = findings(text)
    assert [(d.line, d.column) for d in found] == sorted((d.line, d.column) for d in found)


def test_ambiguity_across_a_keyword_only_branch() -> None:
    keyword_only = """      - intent: ask_time
        keywords: [minutes]
        goto: hang_up
"""
    echo = BRANCH.replace("intent: introduce", "intent: introduce_late").replace(
        "NordParts", "NordParts!"
    )
    [diag] = [d for d in findings(edit(BRANCH, BRANCH + keyword_only + echo)) if d.code == "SCN014"]
    assert "'introduce' and 'introduce_late'" in diag.message
