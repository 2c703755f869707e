"""Closing attempts and next steps.

A close is what Huthwaite defines it as: words that invite a commitment, so the prospect's
next line accepts or refuses one. A next step is scored by its parts: an action (meeting,
demo, contract), a time (Thursday at 10, uke 12) and an owner ("I'll send the invite").
Vague continuations ("I'll be in touch", "vi snakkes") are blanked out first: they are no step.
"""

from __future__ import annotations

import re

from scoring.lexicon import Lexicon, insensitive, lowered, search
from scoring.text import Sentence, fold
from scoring.types import Closing, NextStep, Question

# Priority when a reply uses several techniques: the most specific one names the close.
TECHNIQUES = ("summary", "alternative_choice", "assumptive", "direct", "next_step", "trial")
PROPOSAL_KINDS = ("next_step", "direct", "assumptive", "owner")
CUES = (*PROPOSAL_KINDS, "trial", "time", "action")


def _blank(text: str, regex: re.Pattern[str] | None) -> tuple[str, bool]:
    if regex is None:
        return text, False
    hit = False

    def space(m: re.Match[str]) -> str:
        nonlocal hit
        hit = True
        return " " * len(m.group())

    return regex.sub(space, text), hit


def _spans(lex: Lexicon, kind: str, text: str, folded: bool) -> list[tuple[int, int]]:
    regex = lex.closing.get(kind)
    if regex is None:
        return []
    return [m.span() for m in (lowered(regex) if folded else insensitive(regex)).finditer(text)]


def _about_now(
    lex: Lexicon, times: list[tuple[int, int]], solid: str, folded: bool, s: Sentence
) -> bool:
    """The sentence asks how things are now ("what you pay today"), naming no time of its own
    ("today or tomorrow?" names one)."""
    now = [sp for sp in _spans(lex, "current", solid, folded) if _within([sp], s)]
    if not now:
        return False
    own = [t for t in times if _within([t], s) and not any(a <= t[0] < b for a, b in now)]
    return not own


def _within(spans: list[tuple[int, int]], s: Sentence) -> tuple[int, int] | None:
    end = s.start + len(s.text)
    return next((sp for sp in spans if s.start <= sp[0] < end), None)


def material_only(step: NextStep, lex: Lexicon) -> bool:
    """ "I'll email you our brochure (today)": literature is a continuation (Huthwaite), not an
    advance, whoever sends it and whenever: the buyer has committed to nothing."""
    regex = lex.closing.get("material")
    action = step.quotes.get("action", "")
    return bool(regex is not None and action and insensitive(regex).fullmatch(action.strip()))


def find_closing(
    text: str,
    quote: str,
    sentences: list[Sentence],
    questions: list[Question],
    lex: Lexicon,
    pressure: bool,
) -> Closing:
    low = fold(text)
    folded = low is not None
    vague_regex = lex.closing.get("vague")
    if vague_regex is not None:
        vague_regex = lowered(vague_regex) if folded else insensitive(vague_regex)
    solid, vague = _blank(low if low is not None else text, vague_regex)
    # One scan of the reply per cue list; sentences then look their matches up by offset.
    hits = {k: _spans(lex, k, solid, folded) for k in CUES}
    farewell = lex.closing.get("farewell")
    if farewell is not None and hits["time"]:
        # "Have a good afternoon" wishes well: its part of the day is no step's time, and it
        # is no brush-off either (the vague flag stays as it was).
        solid, wished = _blank(solid, lowered(farewell) if folded else insensitive(farewell))
        if wished:
            hits["time"] = _spans(lex, "time", solid, folded)
    solid, hits = _look_past(lex, "not_ahead", solid, hits, folded)
    hypothesis = lex.closing.get("hypothetical")
    if hypothesis is not None and hits["trial"]:
        # A trial close inside "if <the buyer's world changed>, …?" asks what that is worth.
        what_if = [s for s in sentences if search(hypothesis, s.text, fold(s.text))]
        hits["trial"] = [sp for sp in hits["trial"] if not any(_within([sp], s) for s in what_if)]
    # Options laid out before "which would suit you better?" / "hva passer best for dere?".
    options = lex.offers_choice(text)
    hits["pick"] = _spans(lex, "pick", solid, folded) if options is not None else []
    found: dict[str, str] = {}
    for kind in ("direct", "assumptive", "next_step", "trial"):
        if hits[kind]:
            start, end = hits[kind][0]
            found[kind] = quote[start:end]

    asked = {q.text for q in questions}
    # "Which day suits you, Tuesday or Wednesday?" offers options: a close, not a Situation question
    discovery_q = {
        q.text
        for q in questions
        if q.spin is not None and not (q.spin == "situation" and q.form == "choice")
    }
    open_discovery = {q.text for q in questions if q.spin is not None and q.form == "open"}
    summary = lex.closing.get("summary")
    step_sentences: list[Sentence] = []
    for s in sentences:
        discovery = s.text in discovery_q
        # "So I send you something useful, what matters most to you?": an I-will inside an open
        # discovery question says why the question is asked; only a direct or assumptive close
        # in it proposes anything.
        kinds = PROPOSAL_KINDS if s.text not in open_discovery else ("direct", "assumptive")
        proposes = any(_within(hits[k], s) for k in kinds)
        timed = _within(hits["time"], s) is not None
        # A trial close that names a time proposes it ("would it help if he joined us on
        # Thursday at 10?"), however much it sounds like a need-payoff question.
        if proposes or (timed and (not discovery or _within(hits["trial"], s))):
            step_sentences.append(s)
        if (
            s.text in asked
            and not discovery
            and (timed or _within(hits["action"], s))
            and lex.offers_choice(s.text)
            # "Does your current supplier charge for delivery or rush orders?" asks how
            # things are, not which of our options the buyer takes.
            and not _about_now(lex, hits["time"], solid, folded, s)
        ):
            found.setdefault("alternative_choice", s.text)
        if (
            s.text in asked
            and options is not None
            and options.start() < s.start + len(s.text)
            and _within(hits["pick"], s)
        ):
            found.setdefault("alternative_choice", s.text)
        if summary is not None and summary.search(s.text.lower()):
            found.setdefault("summary", s.text)

    if "summary" in found and len(found) == 1 and not questions:
        del found["summary"]  # a recap with no ask is not a close

    step_words: list[str] = []
    implied = False
    parts = {"action": False, "time": False, "owner": False}
    quotes: dict[str, str] = {}
    for s in step_sentences:
        for part in parts:
            span = _within(hits[part], s)
            if part == "owner" and span is None and _within(hits["time"], s):
                # The buyer's own part ("if you sign today", "vil du starte på mandag?") owns
                # the step once a time is set; "do you want to order?" alone leaves it open.
                if "buyer" not in hits:  # scanned only when it can matter
                    hits["buyer"] = _spans(lex, "buyer", solid, folded)
                span = _within(hits["buyer"], s)
            if part == "time" and span is None and any(_within(hits[k], s) for k in PROPOSAL_KINDS):
                # "Skal jeg aktivere en lisens til deg nå?": "now" is the time of a proposed
                # step, though on its own it names no time at all.
                if "soon" not in hits:  # scanned only when it can matter
                    hits["soon"] = _spans(lex, "soon", solid, folded)
                span = _within(hits["soon"], s)
            if span:
                parts[part] = True
                quotes.setdefault(part, quote[span[0] : span[1]])
                step_words.append(quote[span[0] : span[1]])
    if not parts["action"] and (parts["owner"] or parts["time"]):
        # "Shall I reserve twenty?": with a doer or a time, the verb is the step's action.
        deeds = _spans(lex, "deed", solid, folded)
        span = next(filter(None, (_within(deeds, s) for s in step_sentences)), None)
        if span:
            parts["action"] = True
            quotes["action"] = quote[span[0] : span[1]]
            step_words.append(quotes["action"])
    if vague and not parts["action"]:
        parts = {"action": False, "time": False, "owner": False}
        step_words = []
        quotes = {}
    if "next_step" in found and not (parts["action"] or parts["time"]):
        del found["next_step"]  # "I'll send the brochure": no meeting, no date — no advance
    if "next_step" in found and material_only(
        NextStep(action=parts["action"], time=parts["time"], quotes=quotes), lex
    ):
        del found["next_step"]  # the brochure goes out, but nothing was asked of the buyer
    if parts["owner"] and not parts["action"]:
        # "I'll set up your account this afternoon": whoever is named doing the step names
        # what is done too; the owner's words are its action (implied, not scored as one).
        parts["action"] = implied = True
        quotes["action"] = quotes["owner"]
    urgency = pressure or bool(_spans(lex, "urgency", low if low is not None else text, folded))
    techniques = [t for t in TECHNIQUES if t in found]
    return Closing(
        attempt=bool(techniques),
        technique=techniques[0] if techniques else None,
        techniques=techniques,
        urgency=bool(urgency and techniques),
        vague=vague and not (parts["action"] and not implied),
        words=[found[t] for t in techniques],
        next_step=NextStep(
            action=parts["action"],
            time=parts["time"],
            owner=parts["owner"],
            words=step_words,
            quotes=quotes,
            implied=implied,
        ),
    )


def _look_past(
    lex: Lexicon, key: str, solid: str, hits: dict[str, list[tuple[int, int]]], folded: bool
) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """Blank what names no step ahead: thanks for a past meeting ("thanks for the demo on
    Tuesday"), a standing schedule ("every weekday after six"); then scan again."""
    regex = lex.closing.get(key)
    if regex is None or not (hits["time"] or hits["action"]):
        return solid, hits
    solid, found = _blank(solid, lowered(regex) if folded else insensitive(regex))
    return (solid, {k: _spans(lex, k, solid, folded) for k in CUES}) if found else (solid, hits)
