"""Live coaching after each reply: what the scoring engine saw, put in a trainee's words."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from trainer.tui.literal import literal

FORM_WORDS = {
    "open": "open question — invites them to talk",
    "closed": "closed question — gets a yes/no",
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
}
GLOBAL_WORDS = {
    "repeat": "You asked {name} to repeat — no harm done.",
    "goodbye": "You said goodbye, so the call ends.",
    "rude": "That came across as rude; patience drops sharply.",
}


def _points(value: float) -> tuple[str, str]:
    return (f"{value:+.0f}", "green" if value > 0 else "red" if value < 0 else "dim")


def coach_note(result: Any, prospect: str) -> Text | None:
    """None when there is nothing worth saying (e.g. an empty reply that just re-prompts)."""
    parts: list[Text] = []
    fallback = result.fallback
    if fallback is not None and fallback.reason == "empty":
        return None
    if result.global_intent in GLOBAL_WORDS:
        parts.append(Text(GLOBAL_WORDS[result.global_intent].format(name=prospect), "yellow"))
    if fallback is not None and fallback.reason in FALLBACK_WORDS:
        line = Text(FALLBACK_WORDS[fallback.reason].format(name=prospect), "bold yellow")
        if fallback.best_intent:
            line.append(f" (closest: {fallback.best_intent.replace('_', ' ')}, "
                        f"{fallback.best_score:.0f})", "yellow")
        left = fallback.retries_left
        line.append(f" — {left} more {'try' if left == 1 else 'tries'} before they give up."
                    if left else " — they are running out of patience.", "yellow")
        parts.append(line)
    analysis = result.analysis
    if analysis is not None:
        parts.extend(_analysis_lines(analysis))
    for reveal in result.revealed:
        parts.append(Text.assemble(("✔ Need found: ", "bold green"),
                                   literal(reveal.id.replace("_", " "))))
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


def _analysis_lines(analysis: Any) -> list[Text]:
    # Read with defaults: an analysis may lack optional parts (e.g. no objection context).
    lines: list[Text] = []
    questions = list(getattr(analysis, "questions", []) or [])
    form_name = getattr(analysis, "question_form", None) or (
        "open" if any(q.form == "open" for q in questions) else "closed" if questions else "none")
    form = Text(FORM_WORDS.get(form_name, form_name))
    spins = [SPIN_WORDS[q.spin] for q in questions if getattr(q, "spin", None) in SPIN_WORDS]
    if spins:
        form.append(f" · SPIN: {', '.join(dict.fromkeys(spins))}", "cyan")
    if getattr(analysis, "stacked", False):
        form.append(" · several questions at once: ask one", "yellow")
    lines.append(form)
    if getattr(analysis, "pitch", False):
        lines.append(Text("You pitched before learning what they need.", "yellow"))
    if getattr(analysis, "ignores_prospect", False):
        lines.append(Text("You didn't respond to what they just said.", "yellow"))
    politeness = getattr(analysis, "politeness", None)
    if politeness is not None:
        line = Text.assemble(("Politeness ", "dim"), f"{politeness.score:.0f}/100")
        for marker in getattr(politeness, "markers", []) or []:
            if marker.points:
                line.append("  ")
                line.append(marker.name.replace("_", " "))
                line.append(" “")
                line.append_text(literal(marker.words, single_line=True))
                line.append("” ")
                line.append(*_points(marker.points))
        lines.append(line)
    closing = getattr(analysis, "closing", None)
    if closing is not None and closing.attempt:
        step = closing.next_step
        have = [w for w, ok in (("action", step.action), ("time", step.time),
                                ("owner", step.owner)) if ok]
        missing = [w for w in ("action", "time", "owner") if w not in have]
        line = Text("Closing attempt", "bold")
        if missing:
            line.append(f" — next step lacks {', '.join(missing)}", "yellow")
        else:
            line.append(" — concrete next step", "green")
        lines.append(line)
    objection = getattr(analysis, "objection", None)
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
