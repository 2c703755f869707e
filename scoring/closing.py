"""Closing attempts and next steps.

A close is what Huthwaite defines it as: words that invite a commitment, so the prospect's
next line accepts or refuses one. A next step is scored by its parts: an action (meeting,
demo, contract), a time (Thursday at 10, uke 12) and an owner ("I'll send the invite").
Vague continuations ("I'll be in touch", "vi snakkes") are blanked out first: they are no step.
"""

from __future__ import annotations

import re

from scoring.lexicon import Lexicon
from scoring.text import Sentence
from scoring.types import Closing, NextStep, Question

# Priority when a reply uses several techniques: the most specific one names the close.
TECHNIQUES = ("summary", "alternative_choice", "assumptive", "direct", "next_step", "trial")
PROPOSAL_KINDS = ("next_step", "direct", "assumptive", "owner")


def _blank(text: str, regex: re.Pattern[str] | None) -> tuple[str, bool]:
    if regex is None:
        return text, False
    hit = False

    def space(m: re.Match[str]) -> str:
        nonlocal hit
        hit = True
        return " " * len(m.group())

    return regex.sub(space, text), hit


def _search(lex: Lexicon, kind: str, text: str) -> re.Match[str] | None:
    regex = lex.closing.get(kind)
    return regex.search(text) if regex is not None else None


def find_closing(
    text: str,
    quote: str,
    sentences: list[Sentence],
    questions: list[Question],
    lex: Lexicon,
    pressure: bool,
) -> Closing:
    solid, vague = _blank(text, lex.closing.get("vague"))
    found: dict[str, str] = {}
    for kind in ("direct", "assumptive", "next_step", "trial"):
        m = _search(lex, kind, solid)
        if m:
            found[kind] = quote[m.start() : m.end()]

    asked = {q.text for q in questions}
    step_sentences: list[Sentence] = []
    for s in sentences:
        chunk = solid[s.start : s.start + len(s.text)]
        proposes = any(_search(lex, k, chunk) for k in PROPOSAL_KINDS)
        timed = _search(lex, "time", chunk) is not None
        discovery = any(q.text == s.text and q.spin is not None for q in questions)
        if proposes or (timed and not discovery):
            step_sentences.append(s)
        if (
            s.text in asked
            and lex.choice.search(s.text)
            and not discovery
            and (timed or _search(lex, "action", chunk))
        ):
            found.setdefault("alternative_choice", s.text)
        summary = lex.closing.get("summary")
        if summary is not None and summary.search(s.text.lower()):
            found.setdefault("summary", s.text)

    if "summary" in found and len(found) == 1 and not questions:
        del found["summary"]  # a recap with no ask is not a close

    step_words: list[str] = []
    parts = {"action": False, "time": False, "owner": False}
    quotes: dict[str, str] = {}
    for s in step_sentences:
        chunk = solid[s.start : s.start + len(s.text)]
        for part in parts:
            regex = lex.closing.get(part)
            if regex is None:
                continue
            for m in regex.finditer(chunk):
                parts[part] = True
                quotes.setdefault(part, quote[s.start + m.start() : s.start + m.end()])
                step_words.append(quote[s.start + m.start() : s.start + m.end()])
                break
    if vague and not parts["action"]:
        parts = {"action": False, "time": False, "owner": False}
        step_words = []
        quotes = {}
    if "next_step" in found and not (parts["action"] or parts["time"]):
        del found["next_step"]  # "I'll send the brochure": no meeting, no date — no advance
    urgency = pressure or _search(lex, "urgency", text) is not None
    techniques = [t for t in TECHNIQUES if t in found]
    return Closing(
        attempt=bool(techniques),
        technique=techniques[0] if techniques else None,
        techniques=techniques,
        urgency=bool(urgency and techniques),
        vague=vague and not parts["action"],
        words=[found[t] for t in techniques],
        next_step=NextStep(
            action=parts["action"],
            time=parts["time"],
            owner=parts["owner"],
            words=step_words,
            quotes=quotes,
        ),
    )
