"""The scorecard's words: each tab's text, built from a ScorecardView and nothing else."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.text import Text

from trainer.i18n import Messages, outcome_summary
from trainer.i18n import labels as label
from trainer.tui.literal import literal
from trainer.tui.screens.scorecard_view import ScorecardView
from trainer.tui.widgets.bars import CRITERIA_ORDER, labelled_bar, score_style, signed

RESULT_STYLE = {"win": "bold green", "loss": "bold red", "neutral": "bold yellow"}


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    if width <= 1:
        return text[:width]
    return text if len(text) <= width else text[: width - 1] + "…"


def headline(v: ScorecardView, t: Messages) -> Text:
    """One line that stays on every tab: the grade, pass or fail, and how the call ended."""
    card = v.scorecard
    if card is None:
        return Text(" " + t("scorecard.unfinished"), "yellow")
    text = Text.assemble(
        (f" {card.total:.0f} / 100 ", f"{score_style(card.total, v.pass_mark or 50)} reverse"),
        "  ", (t("scorecard.pass") if card.passed else t("scorecard.fail"),
               "bold green" if card.passed else "bold red"),
    )
    if v.pass_mark is not None:
        text.append(t("scorecard.pass_mark", mark=v.pass_mark))
    if v.outcome_result:
        # The result in words, not the outcome's id: ids are the author's, not the trainee's.
        text.append("   ")
        text.append(t(f"scorecard.result.{v.outcome_result}"),
                    RESULT_STYLE.get(v.outcome_result, ""))
    if card.hints_used:
        text.append(t("scorecard.hints_used", count=card.hints_used), "yellow")
    return text


def overview(v: ScorecardView, t: Messages) -> Text:
    """Why the grade is what it is: how the call ended, broken must-rules with the turn and the
    words, hints, and a bar per criterion."""
    card = v.scorecard
    if card is None:
        return Text("")
    text = Text()
    said = outcome_summary(t, v.outcome_id, v.outcome_summary)
    if said:
        text.append_text(literal(said, single_line=True))
        text.append("\n")
    for rule in card.must_broken:
        text.append(t("scorecard.must"), "bold red")
        text.append_text(literal(label.must_rule(t, rule)))
        for e in (e for e in card.evidence if e.rule == rule):
            text.append(t("scorecard.turn", turn=e.turn), "dim")
            if e.quote:
                text.append(": ")
                text.append_text(literal(f"“{short(e.quote, 60)}”", "italic"))
        text.append("\n")
    if card.hints_used:
        text.append(t("scorecard.hints_line", count=card.hints_used) + "\n", "yellow")
    if text:
        text.append("\n")
    text.append_text(criteria(v, t))
    if not card.passed and card.total < card.pass_mark:
        under = max(1, round(card.pass_mark - card.total))
        text.append("\n\n" + t.plural("scorecard.under_mark", under, points=under), "bold red")
    if v.read_only:
        # A stored attempt keeps the grade it got; say which grader gave it.
        graded = (t("scorecard.graded_by", grader=card.grader) if card.grader
                  else t("scorecard.graded_before"))
        text.append("\n\n" + graded, "dim")
    gaps = [e for e in card.evidence if e.rule.startswith("missing:")]
    if gaps:
        text.append("\n\n" + t("scorecard.missing_title"), "bold")
    for e in gaps:
        text.append(f"\n• {label.criterion(t, e.criterion)}: ")
        text.append_text(literal(label.evidence_quote(t, e.rule, e.quote)))
    return text


def criteria(v: ScorecardView, t: Messages) -> Text:
    card = v.scorecard
    if card is None:
        return Text("")
    lines = []
    for name in CRITERIA_ORDER:
        criterion = card.criteria.get(name)
        if criterion is None:
            continue
        name_words = label.criterion(t, name)
        if not criterion.applicable:
            # A neutral 50 would read as a half-good grade for something that never came up.
            lines.append(labelled_bar(name_words, 0, 100, 20, t("scorecard.not_applicable"),
                                      "dim"))
            continue
        score = criterion.score
        lines.append(labelled_bar(name_words, score, 100, 20, f"{score:.0f}",
                                  score_style(score)))
    return Text("\n").join(lines)


def needs(v: ScorecardView, t: Messages) -> Text:
    card, facts = v.scorecard, v.need_facts
    if card is None:
        return Text("")
    total = len(card.needs_found) + len(card.needs_missed)
    text = Text(t("scorecard.found_of", found=len(card.needs_found), total=total) + "\n", "bold")
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
        text.append(t("scorecard.missed"), "dim")
        if need in facts:
            text.append("\n   ")
            text.append_text(literal(facts[need]))
        text.append("\n")
    return text


def talk(v: ScorecardView, t: Messages) -> Text:
    card = v.scorecard
    if card is None:
        return Text("")
    m = card.talk
    share = m.trainee_share * 100 if m.trainee_share <= 1 else m.trainee_share
    open_share = m.open_share * 100 if m.open_share <= 1 else m.open_share
    rows = [
        (t("scorecard.talk.share"), t("units.percent", n=f"{share:.0f}"),
         t("scorecard.talk.share_tip")),
        (t("scorecard.talk.questions"), str(m.questions), ""),
        (t("scorecard.talk.open"), t("units.percent", n=f"{open_share:.0f}"),
         t("scorecard.talk.open_tip")),
        (t("scorecard.talk.longest"), t("scorecard.talk.words", count=m.longest_reply_words),
         t("scorecard.talk.longest_tip")),
        (t("scorecard.talk.replies"), str(m.turns), ""),
    ]
    return Text("\n").join(
        Text.assemble(label.ljust(27), (value.rjust(9), "bold"), "  ", (tip, "dim"))
        for label, value, tip in rows
    )


def answers(v: ScorecardView, t: Messages) -> Text:
    card = v.scorecard
    none = Text(t("scorecard.no_weak"))
    if card is None or not card.weakest_turns:
        return none
    by_index = {t.index: t for t in v.turns if t.index is not None}
    lost = _points_lost(v, t)
    parts: list[Text] = [Text(t("scorecard.answers_title"), "bold")]
    for index in card.weakest_turns:
        matched = index in v.model_answers and v.model_answers[index] is None
        if matched and not lost.get(index):
            continue  # the model answer in the trainee's words, and nothing lost: not weak
        turn = by_index.get(index)
        parts.append(Text.assemble(("\n" + t("scorecard.you_said", turn=index), "dim"),
                                   literal(turn.text if turn else "?")))
        if matched:
            # The words were right; showing them again would teach nothing.
            parts.append(Text.assemble((t("scorecard.matches_model"), "bold green"),
                                       (t("scorecard.lost_on"), "dim"),
                                       literal(", ".join(lost[index]))))
            continue
        answer = v.model_answers.get(index)
        parts.append(Text.assemble((t("scorecard.try"), "bold green"),
                                   literal(answer) if answer else (t("scorecard.no_model"), "dim")))
    return Text("\n").join(parts) if len(parts) > 1 else none


def _points_lost(v: ScorecardView, t: Messages) -> dict[int, list[str]]:
    lost: dict[int, list[str]] = defaultdict(list)
    for e in v.scorecard.evidence if v.scorecard else []:
        if e.points < 0:
            lost[e.turn].append(f"{label.rule(t, e.rule)} ({signed(e.points)})")
    return lost


def evidence_notes(evidence: list[Any], t: Messages) -> dict[int, Text]:
    """Per turn, the points it earned or lost, to sit under that turn in the transcript."""
    by_turn: dict[int, list[Any]] = defaultdict(list)
    for item in evidence:
        by_turn[item.turn].append(item)
    return {
        turn: Text("\n").join(
            Text.assemble((f"{signed(e.points)} ", "green" if e.points > 0 else "red"),
                          literal(label.rule(t, e.rule)),
                          (f"  “{short(label.evidence_quote(t, e.rule, e.quote), 50)}”"
                           if e.quote else "", "dim italic"))
            for e in items)
        for turn, items in by_turn.items()
    }


def evidence_detail(item: Any, t: Messages) -> Text:
    """The selected row in full: every quoted word, the rule, and what it counted towards."""
    quote = label.evidence_quote(t, item.rule, item.quote)
    return Text.assemble(
        (t("scorecard.detail_turn", turn=item.turn), "bold"),
        (signed(item.points), "green" if item.points > 0 else "red"),
        f" {label.rule(t, item.rule)}  ", (f"({label.criterion(t, item.criterion)})", "dim"),
        "\n", literal(f"“{quote}”" if quote else t("scorecard.whole_call"), "italic"),
    )
