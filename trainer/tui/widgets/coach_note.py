"""Live coaching after each reply: what the scoring engine saw, put in a trainee's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from trainer.tui.literal import literal
from trainer.tui.widgets.bars import signed

if TYPE_CHECKING:
    from scoring import ReplyAnalysis
    from trainer.engine import TurnResult

FORM_WORDS = {
    "open": "open question — invites them to talk",
    "closed": "closed question (yes/no) — fine to confirm, weak for discovery",
    "none": "no question — you told instead of asked",
}
SPIN_WORDS = {
    "situation": "Situation",
    "problem": "Problem",
    "implication": "Implication",
    "need_payoff": "Need-payoff",
}
FALLBACK_WORDS = {
    "below_threshold": "{name} didn't follow that",
    "ambiguous": "{name} couldn't tell which way you meant that",
    "no_branches": "{name} had nothing to say to that",
    "clarify": "{name} wasn't sure what you meant and asked (no patience lost)",
}
RUNG_WORDS = {
    "situation": "the situation",
    "problem": "the problem",
    "implication": "what it costs them",
    "need_payoff": "what a fix would be worth",
}
GLOBAL_WORDS = {
    "repeat": "You asked {name} to repeat — no harm done.",
    "goodbye": "You said goodbye, so the call ends.",
    "rude": "That came across as rude; patience drops sharply.",
}


def _points(value: float) -> tuple[str, str]:
    return (signed(value), "green" if value > 0 else "red" if value < 0 else "dim")


def coach_note(result: TurnResult, prospect: str) -> Text | None:
    """None when there is nothing worth saying (e.g. an empty reply that just re-prompts)."""
    parts: list[Text] = []
    fallback = result.fallback
    if fallback is not None and fallback.reason == "empty":
        return None
    if result.global_intent in GLOBAL_WORDS:
        parts.append(Text(GLOBAL_WORDS[result.global_intent].format(name=prospect), "yellow"))
    if fallback is not None and fallback.reason in FALLBACK_WORDS:
        line = Text(FALLBACK_WORDS[fallback.reason].format(name=prospect), "bold yellow")
        if fallback.best_intent and fallback.best_score is not None:
            line.append(f" (closest: {fallback.best_intent.replace('_', ' ')}, "
                        f"{fallback.best_score:.0f})", "yellow")
        if fallback.reason == "clarify":
            line.append(" — answer them, or say it again more plainly.", "yellow")
        else:
            left = fallback.retries_left
            line.append(f" — {left} more {'try' if left == 1 else 'tries'} before they give up."
                        if left else " — they are running out of patience.", "yellow")
        parts.append(line)
    if result.match is not None and result.match.why:
        parts.append(Text.assemble(("Understood as ", "dim"),
                                   literal(result.match.intent.replace("_", " ")),
                                   (f" — {'; '.join(result.match.why[:3])}", "dim")))
    analysis = result.analysis
    if analysis is not None:
        parts.extend(_analysis_lines(analysis))
    for reveal in result.revealed:
        parts.append(Text.assemble(("✔ Need found: ", "bold green"),
                                   literal(reveal.id.replace("_", " "))))
    for need, rung in result.rungs:
        parts.append(Text.assemble(("↳ Deeper on ", "green"), literal(need.replace("_", " ")),
                                   (f": {RUNG_WORDS.get(rung, rung)}", "green")))
    changes = []
    if result.mood_delta:
        changes.append(Text.assemble("mood ", _points(result.mood_delta)))
    if result.patience_delta:
        changes.append(Text.assemble("patience ", _points(result.patience_delta)))
    if changes:
        parts.append(Text.assemble(("Effect: ", "dim"), Text(", ").join(changes)))
    if not parts:
        return None
    return Text("\n").join([Text("Coach", "bold reverse"), *parts])


def _analysis_lines(analysis: ReplyAnalysis) -> list[Text]:
    lines: list[Text] = []
    form = Text(FORM_WORDS.get(analysis.question_form, analysis.question_form))
    spins = [SPIN_WORDS[q.spin] for q in analysis.questions if q.spin in SPIN_WORDS]
    if spins:
        form.append(f" · SPIN: {', '.join(dict.fromkeys(spins))}", "cyan")
    if analysis.stacked:
        form.append(" · several questions at once: ask one", "yellow")
    lines.append(form)
    if analysis.pitch:
        lines.append(Text("You pitched before learning what they need.", "yellow"))
    if analysis.ignores_prospect:
        lines.append(Text("You didn't respond to what they just said.", "yellow"))
    politeness = Text.assemble(("Politeness ", "dim"), f"{analysis.politeness.score:.0f}/100")
    for marker in analysis.politeness.markers:
        if marker.points:
            politeness.append("  ")
            politeness.append(marker.name.replace("_", " "))
            politeness.append(" “")
            politeness.append_text(literal(marker.words, single_line=True))
            politeness.append("” ")
            politeness.append(*_points(marker.points))
    lines.append(politeness)
    closing = analysis.closing
    if closing.attempt:
        step = closing.next_step
        missing = [w for w, ok in (("action", step.action), ("time", step.time),
                                   ("owner", step.owner)) if not ok]
        line = Text("Closing attempt", "bold")
        if missing:
            line.append(f" — next step lacks {', '.join(missing)}", "yellow")
        else:
            line.append(" — concrete next step", "green")
        lines.append(line)
    objection = analysis.objection
    if objection is not None:
        good = [w for w, ok in (("acknowledged", objection.acknowledged),
                                ("explored", objection.explored),
                                ("tied to a need", objection.tied_to_need)) if ok]
        bad = [w for w, ok in (("argued", objection.arguing), ("ignored it", objection.ignoring),
                               ("discounted at once", objection.discounting)) if ok]
        line = Text("Objection: ")
        line.append(", ".join(good) or "not acknowledged", "green" if good else "red")
        if bad:
            line.append(f" · {', '.join(bad)}", "red")
        lines.append(line)
    return lines
