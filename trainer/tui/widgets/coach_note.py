"""Live coaching after each reply: what the scoring engine saw, put in a trainee's words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

from trainer.i18n import Messages, messages
from trainer.i18n import labels as label
from trainer.tui.literal import literal
from trainer.tui.widgets.bars import signed

if TYPE_CHECKING:
    from scoring import ReplyAnalysis
    from trainer.engine import TurnResult

FALLBACKS = ("below_threshold", "ambiguous", "no_branches", "clarify")
GLOBALS = ("repeat", "line_check", "goodbye", "rude", "early_close")
# The matcher's reasons, as it words them, and their catalogue keys.
_WHY = (
    (re.compile(r"^(words|canonical words) like example (\d+) \((\d+)\)$"), "why"),
    (re.compile(r"^keywords (.+)$"), "keywords"),
    (re.compile(r"^words that set it apart (.+) \((\d+)\)$"), "apart"),
    (re.compile(r"^no words in common$"), "no_words"),
    (re.compile(r"^act (\S+)(.*)$"), "act"),
    (re.compile(r"^a step ahead: answered (.+)$"), "ahead"),
    (re.compile(r"^confirmed the prospect's clarifying question$"), "confirmed"),
)


def _why(reason: str, t: Messages) -> str:
    for pattern, kind in _WHY:
        m = pattern.match(reason)
        if m is None:
            continue
        if kind == "why":
            key = "coach.why.wording" if m.group(1) == "words" else "coach.why.canonical"
            return t(key, n=m.group(2), score=m.group(3))
        if kind == "keywords":
            return t("coach.why.keywords", words=m.group(1))
        if kind == "apart":
            return t("coach.why.apart", words=m.group(1), score=m.group(2))
        if kind == "act":
            act = m.group(1)
            name = t(f"act.{act}") if t.has(f"act.{act}") else act
            return t("coach.why.act", name=name) + m.group(2)
        if kind == "ahead":
            return t("coach.why.ahead", point=label.words_of(m.group(1)))
        if kind == "confirmed":
            return t("coach.why.confirmed")
        return t("coach.why.no_words")
    return reason


def _points(value: float) -> tuple[str, str]:
    return (signed(value), "green" if value > 0 else "red" if value < 0 else "dim")


def coach_note(result: TurnResult, prospect: str, t: Messages | None = None) -> Text | None:
    """None when there is nothing worth saying (e.g. an empty reply that just re-prompts)."""
    t = t or messages("en")
    parts: list[Text] = []
    fallback = result.fallback
    if fallback is not None and fallback.reason == "empty":
        return None
    if result.global_intent in GLOBALS:
        parts.append(Text(t(f"coach.global.{result.global_intent}", name=prospect), "yellow"))
    if fallback is not None and fallback.reason in FALLBACKS:
        line = Text(t(f"coach.fallback.{fallback.reason}", name=prospect), "bold yellow")
        if fallback.best_intent and fallback.best_score is not None:
            line.append(t("coach.closest", intent=fallback.best_intent.replace("_", " "),
                          score=f"{fallback.best_score:.0f}"), "yellow")
        if fallback.reason == "clarify":
            line.append(t("coach.clarify_tail"), "yellow")
        else:
            left = fallback.retries_left
            line.append(t.plural("coach.tries", left) if left else t("coach.running_out"),
                        "yellow")
        parts.append(line)
    if result.match is not None and result.match.why:
        why = "; ".join(_why(reason, t) for reason in result.match.why[:3])
        parts.append(Text.assemble((t("coach.understood_as"), "dim"),
                                   literal(result.match.intent.replace("_", " ")),
                                   (f" — {why}", "dim")))
    analysis = result.analysis
    if analysis is not None:
        parts.extend(_analysis_lines(analysis, t))
    for reveal in result.revealed:
        parts.append(Text.assemble((t("coach.need_found"), "bold green"),
                                   literal(reveal.id.replace("_", " "))))
    for need, rung in result.rungs:
        rung_words = t(f"coach.rung.{rung}") if t.has(f"coach.rung.{rung}") else rung
        parts.append(Text.assemble((t("coach.deeper"), "green"), literal(need.replace("_", " ")),
                                   (f": {rung_words}", "green")))
    changes = []
    if result.mood_delta:
        changes.append(Text.assemble(t("coach.mood"), _points(result.mood_delta)))
    if result.patience_delta:
        changes.append(Text.assemble(t("coach.patience"), _points(result.patience_delta)))
    if changes:
        parts.append(Text.assemble((t("coach.effect"), "dim"), Text(", ").join(changes)))
    if not parts:
        return None
    return Text("\n").join([Text(t("coach.title"), "bold reverse"), *parts])


def _analysis_lines(analysis: ReplyAnalysis, t: Messages) -> list[Text]:
    lines: list[Text] = []
    shown = analysis.question_form
    if shown == "closed":
        # The reply's form is open/closed/none; a choice or a leading question has a note
        # of its own ("choice question — good for agreeing details").
        shown = next((q.form for q in analysis.questions if q.form in ("choice", "leading")),
                     shown)
    if shown == "closed" and analysis.questions and all(q.factual for q in analysis.questions):
        shown = "factual"  # "when do you need them by?" asks for a fact, not a yes or a no
    form_key = f"coach.form.{shown}"
    form = Text(t(form_key) if t.has(form_key) else shown)
    spins = [t(f"coach.spin.{q.spin}") for q in analysis.questions
             if q.spin and t.has(f"coach.spin.{q.spin}")]
    if spins:
        form.append(f" · SPIN: {', '.join(dict.fromkeys(spins))}", "cyan")
    if analysis.stacked:
        form.append(t("coach.stacked"), "yellow")
    lines.append(form)
    if analysis.pitch:
        lines.append(Text(t("coach.pitched"), "yellow"))
    if analysis.ignores_prospect:
        lines.append(Text(t("coach.ignored"), "yellow"))
    politeness = Text.assemble((t("coach.politeness"), "dim"),
                               f"{analysis.politeness.score:.0f}/100")
    for marker in analysis.politeness.markers:
        if marker.points:
            politeness.append("  ")
            politeness.append(label.rule(t, marker.name))
            politeness.append(" “")
            politeness.append_text(literal(marker.words, single_line=True))
            politeness.append("” ")
            politeness.append(*_points(marker.points))
    lines.append(politeness)
    closing = analysis.closing
    if closing.attempt:
        step = closing.next_step
        missing = [t(f"coach.step.{w}") for w, ok in (("action", step.action),
                                                       ("time", step.time),
                                                       ("owner", step.owner)) if not ok]
        line = Text(t("coach.closing_attempt"), "bold")
        if missing:
            line.append(t("coach.next_step_lacks", missing=", ".join(missing)), "yellow")
        else:
            line.append(t("coach.concrete"), "green")
        lines.append(line)
    objection = analysis.objection
    if objection is not None:
        good = [t(f"coach.moves.{w}") for w, ok in (("acknowledged", objection.acknowledged),
                                                     ("explored", objection.explored),
                                                     ("tied", objection.tied_to_need)) if ok]
        bad = [t(f"coach.moves.{w}") for w, ok in (("argued", objection.arguing),
                                                    ("ignored", objection.ignoring),
                                                    ("discounted", objection.discounting)) if ok]
        line = Text(t("coach.objection"))
        line.append(", ".join(good) or t("coach.not_acknowledged"), "green" if good else "red")
        if bad:
            line.append(f" · {', '.join(bad)}", "red")
        lines.append(line)
    return lines
