"""The scorecard's words: each tab's text, built from a ScorecardView and nothing else."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.text import Text

from trainer.tui.literal import literal
from trainer.tui.screens.scorecard_view import ScorecardView
from trainer.tui.widgets.bars import CRITERION_LABELS, labelled_bar, score_style, signed
from trainer.tui.widgets.preview import must_rule_descriptions

RESULT_STYLE = {"win": "bold green", "loss": "bold red", "neutral": "bold yellow"}


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    if width <= 1:
        return text[:width]
    return text if len(text) <= width else text[: width - 1] + "…"


def headline(v: ScorecardView) -> Text:
    """One line that stays on every tab: the grade, pass or fail, and how the call ended."""
    card = v.scorecard
    if card is None:
        return Text(" This attempt was not finished, so it has no scorecard.", "yellow")
    text = Text.assemble(
        (f" {card.total:.0f} / 100 ", f"{score_style(card.total, v.pass_mark or 50)} reverse"),
        "  ", ("PASS" if card.passed else "FAIL", "bold green" if card.passed else "bold red"),
    )
    if v.pass_mark is not None:
        text.append(f" (pass mark {v.pass_mark})")
    if v.outcome_id:
        text.append("   ")
        text.append(v.outcome_id.replace("_", " "), RESULT_STYLE.get(v.outcome_result, ""))
    if card.hints_used:
        text.append(f"   hints used {card.hints_used}", "yellow")
    return text


def overview(v: ScorecardView) -> Text:
    """Why the grade is what it is: how the call ended, broken must-rules with the turn and the
    words, hints, and a bar per criterion."""
    card = v.scorecard
    if card is None:
        return Text("")
    text = Text()
    if v.outcome_summary:
        text.append_text(literal(v.outcome_summary, single_line=True))
        text.append("\n")
    descriptions = must_rule_descriptions()
    for rule in card.must_broken:
        text.append("✘ must: ", "bold red")
        text.append_text(literal(descriptions.get(rule, rule.replace("_", " "))))
        for e in (e for e in card.evidence if e.rule == rule):
            text.append(f"  turn {e.turn}", "dim")
            if e.quote:
                text.append(": ")
                text.append_text(literal(f"“{short(e.quote, 60)}”", "italic"))
        text.append("\n")
    if card.hints_used:
        text.append(f"Hints used: {card.hints_used} (each one costs points).\n", "yellow")
    if text:
        text.append("\n")
    text.append_text(criteria(v))
    if not card.passed and card.total < card.pass_mark:
        text.append(f"\n\n{card.pass_mark - card.total:.0f} points under the pass mark.",
                    "bold red")
    gaps = [e for e in card.evidence if e.rule.startswith("missing:")]
    if gaps:
        text.append("\n\nWhat was missing:", "bold")
    for e in gaps:
        label = CRITERION_LABELS.get(e.criterion, e.criterion.replace("_", " "))
        text.append(f"\n• {label}: ")
        text.append_text(literal(e.quote))
    return text


def criteria(v: ScorecardView) -> Text:
    card = v.scorecard
    if card is None:
        return Text("")
    lines = []
    for name, label in CRITERION_LABELS.items():
        criterion = card.criteria.get(name)
        if criterion is None:
            continue
        if not criterion.applicable:
            # A neutral 50 would read as a half-good grade for something that never came up.
            lines.append(labelled_bar(label, 0, 100, 20, "n/a, not in this call", "dim"))
            continue
        score = criterion.score
        lines.append(labelled_bar(label, score, 100, 20, f"{score:.0f}", score_style(score)))
    return Text("\n").join(lines)


def needs(v: ScorecardView) -> Text:
    card, facts = v.scorecard, v.need_facts
    if card is None:
        return Text("")
    text = Text(f"Found {len(card.needs_found)} of "
                f"{len(card.needs_found) + len(card.needs_missed)}\n", "bold")
    for need in card.needs_found:
        text.append("✔ ", "green")
        text.append_text(literal(need.replace("_", " "), "bold"))
        if need in facts:
            text.append("\n   ")
            text.append_text(literal(facts[need], "dim"))
        text.append("\n")
    for need in card.needs_missed:
        text.append("✘ ", "red")
        text.append_text(literal(need.replace("_", " "), "bold"))
        text.append(" — missed. What they would have told you:", "dim")
        if need in facts:
            text.append("\n   ")
            text.append_text(literal(facts[need]))
        text.append("\n")
    return text


def talk(v: ScorecardView) -> Text:
    card = v.scorecard
    if card is None:
        return Text("")
    t = card.talk
    share = t.trainee_share * 100 if t.trainee_share <= 1 else t.trainee_share
    open_share = t.open_share * 100 if t.open_share <= 1 else t.open_share
    rows = [
        ("Your share of the talking", f"{share:.0f}%", "aim for under 50%"),
        ("Questions asked", str(t.questions), ""),
        ("Open questions", f"{open_share:.0f}%", "open questions get them talking"),
        ("Longest reply", f"{t.longest_reply_words} words", "short replies keep it a dialogue"),
        ("Your replies", str(t.turns), ""),
    ]
    return Text("\n").join(
        Text.assemble(label.ljust(27), (value.rjust(9), "bold"), "  ", (tip, "dim"))
        for label, value, tip in rows
    )


def answers(v: ScorecardView) -> Text:
    card = v.scorecard
    none = Text("No weak turns to show.")
    if card is None or not card.weakest_turns:
        return none
    by_index = {t.index: t for t in v.turns if t.index is not None}
    lost = _points_lost(v)
    parts: list[Text] = [Text("Your weakest replies, and what a strong rep might say:", "bold")]
    for index in card.weakest_turns:
        matched = index in v.model_answers and v.model_answers[index] is None
        if matched and not lost.get(index):
            continue  # the model answer in the trainee's words, and nothing lost: not weak
        turn = by_index.get(index)
        parts.append(Text.assemble((f"\nTurn {index}  you said: ", "dim"),
                                   literal(turn.text if turn else "?")))
        if matched:
            # The words were right; showing them again would teach nothing.
            parts.append(Text.assemble(("  Your words match the model answer. ", "bold green"),
                                       ("It lost points on: ", "dim"),
                                       literal(", ".join(lost[index]))))
            continue
        answer = v.model_answers.get(index)
        parts.append(Text.assemble(("  Try: ", "bold green"),
                                   literal(answer) if answer else ("(no model answer)", "dim")))
    return Text("\n").join(parts) if len(parts) > 1 else none


def _points_lost(v: ScorecardView) -> dict[int, list[str]]:
    lost: dict[int, list[str]] = defaultdict(list)
    for e in v.scorecard.evidence if v.scorecard else []:
        if e.points < 0:
            lost[e.turn].append(f"{e.rule.replace('_', ' ')} ({signed(e.points)})")
    return lost


def evidence_notes(evidence: list[Any]) -> dict[int, Text]:
    """Per turn, the points it earned or lost, to sit under that turn in the transcript."""
    by_turn: dict[int, list[Any]] = defaultdict(list)
    for item in evidence:
        by_turn[item.turn].append(item)
    return {
        turn: Text("\n").join(
            Text.assemble((f"{signed(e.points)} ", "green" if e.points > 0 else "red"),
                          literal(e.rule.replace("_", " ")),
                          (f"  “{short(e.quote, 50)}”" if e.quote else "", "dim italic"))
            for e in items)
        for turn, items in by_turn.items()
    }


def evidence_detail(item: Any) -> Text:
    """The selected row in full: every quoted word, the rule, and what it counted towards."""
    criterion = CRITERION_LABELS.get(item.criterion, item.criterion.replace("_", " "))
    return Text.assemble(
        (f"Turn {item.turn}  ", "bold"), (signed(item.points), "green" if item.points > 0
                                          else "red"),
        f" {item.rule.replace('_', ' ')}  ", (f"({criterion})", "dim"), "\n",
        literal(f"“{item.quote}”" if item.quote else "(no words: the call as a whole)",
                "italic"),
    )
