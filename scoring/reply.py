"""`analyse_reply`: everything the engine can say about one trainee reply, with evidence."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal

from rapidfuzz import fuzz

from scoring.closing import find_closing
from scoring.lexicon import Lexicon, get_lexicon, pick, search
from scoring.objections import respond
from scoring.politeness import HOSTILE, POINTS, find_markers, score_of
from scoring.questions import find_questions
from scoring.text import Sentence, clean, content_words, fold, split_sentences, words
from scoring.types import (
    Closing,
    Marker,
    ObjectionResponse,
    Politeness,
    Question,
    ReplyAnalysis,
    ReplyContext,
    ScoringInputError,
)

RUDE = ("profanity", "insult")
LEADING = -8.0  # politeness of a leading question in a conversation (direct start is -4.3)
SPIN_VALUE = {"situation": 4, "problem": 8, "implication": 10, "need_payoff": 9, None: 0}


def _permission_regex(lex: Lexicon) -> re.Pattern[str] | None:
    rule = lex.marker("asking_permission")
    return rule.regex if rule else None


def _stuffed(text: str, n_words: int, questions: list[Question], lex: Lexicon) -> bool:
    if len(questions) >= 4:
        return True
    # "What's your supplier, how many orders, what problems…?": a list dressed as one question,
    # three or more of its parts opening with a question word ("who does what" and "hvem som
    # helst" are no list).
    if any(_listed(q.text, lex) >= 3 for q in questions):
        return True
    if lex.spin_all is None or n_words == 0:
        return False
    regex, target = pick(lex.spin_all, text, fold(text))
    hits = sum(1 for _ in regex.finditer(target))
    density = hits / n_words
    if not ((hits >= 3 and density >= 0.3) or (hits >= 2 and density >= 0.4)):
        return False
    # Buzzwords from more than one SPIN stage make a stuffed reply; a short plain situation
    # question ("who do you buy your parts from today?") is dense in situation words only.
    low = fold(text)
    return sum(1 for kind in lex.spin.values() if search(kind, text, low)) >= 2


_LIST_BREAK = re.compile(r"\s*(?:[,;/]|\b(?:and|og|or|eller)\b)\s*", re.IGNORECASE)


def _listed(question: str, lex: Lexicon) -> int:
    """How many comma- or and-separated parts of a question open with a question word."""
    count = 0
    for part in _LIST_BREAK.split(question):
        first = words(part[:30])
        if first and first[0].lower() in lex.wh:
            count += 1
    return count


def _ignores(
    text: str,
    ctx: ReplyContext,
    markers: list[Marker],
    questions: list[Question],
    pitch: bool,
    lex: Lexicon,
    closing: Closing,
) -> bool:
    """The prospect said something substantial and the reply neither picks it up nor asks."""
    line = ctx.prospect_line or ""
    if len(words(line)) < 6 or ctx.objection:
        return False
    if "?" in line and closing.next_step.concrete:
        return False  # "What happens now?" answered with the plan: who does what, when
    if any(m.name in ("acknowledgement", "apology", "gratitude", "reassurance") for m in markers):
        return False
    if content_words(text, lex) & content_words(line, lex):
        return False
    if fuzz.token_set_ratio(text.lower(), line.lower()) >= 45:
        return False
    return pitch or not questions


def _objection_tone(
    objection: ObjectionResponse, markers: list[Marker], sentences: list[Sentence]
) -> list[Marker]:
    """What the way a reply meets an objection says about its courtesy, in marker form."""
    said = {m.name: m.words for m in objection.markers}
    out: list[Marker] = []
    if objection.arguing and "arguing" in said:
        # Arguing with the buyer's objection is defending instead of listening, whatever words
        # wrap it (a call charges it to objection handling instead, grading.py).
        if not any(m.name in HOSTILE for m in markers):
            out.append(Marker("defensive", said["arguing"], POINTS["defensive"]))
    elif objection.ignoring:
        # Talking past the objection is the same discourtesy as ignoring what the buyer said:
        # the reply neither picks it up, explores it nor answers it.
        first = sentences[0].text if sentences else ""
        out.append(Marker("ignores_prospect", first[:80], POINTS["ignores_prospect"]))
    if "fix_offered" in said and not any(m.name == "reassurance" for m in markers):
        # Offering the fix for a complaint ("I'll have a new unit with you tomorrow by nine")
        # reassures the buyer, whatever words it is said in.
        out.append(Marker("reassurance", said["fix_offered"], POINTS["reassurance"]))
    return out


def reply_score(a: ReplyAnalysis) -> float:
    """One-reply quality 0-100: how a coach would rank two answers to the same line."""
    score = 50.0 + (a.politeness.score - 50.0) * 0.2  # 0.4 per marker point (SPREAD 2)
    if a.questions:
        best = max(a.questions, key=lambda q: (SPIN_VALUE[q.spin], q.form == "open"))
        score += SPIN_VALUE[best.spin] + (6 if best.form == "open" else 2)
        if best.form == "leading" or all(q.form == "leading" for q in a.questions):
            score -= 8
    if len(a.questions) >= 3:
        score -= 6
    if a.pitch:
        score -= 4 if a.questions else 10
    score -= 8 * len(a.pressure)
    if a.rude:
        score -= 20
    if a.stuffing:
        score -= 15
    if a.ignores_prospect:
        score -= 8
    if a.objection is not None:
        score += sum(m.points for m in a.objection.markers) * 0.4
    step = a.closing.next_step
    if a.closing.attempt:
        score += 4 * step.concrete + 4 * step.time + 3 * step.owner
        if a.objection is not None and not a.objection.explored:
            score -= 6  # closing over an unexplored objection
    if a.closing.urgency:
        score -= 6
    return round(max(0.0, min(100.0, score)), 1)


def analyse_reply(
    text: str, lang: str = "en", context: ReplyContext | Mapping[str, Any] | None = None
) -> ReplyAnalysis:
    if not isinstance(text, str):
        raise ScoringInputError(f"reply text must be a string, not {type(text).__name__}")
    lex = get_lexicon(lang)
    ctx = ReplyContext.coerce(context)
    cleaned = clean(text)
    quote = text[: len(cleaned)] if len(text) >= len(cleaned) else cleaned
    sentences = split_sentences(cleaned, lex)
    n_words = len(words(cleaned))
    questions = find_questions(sentences, lex, _permission_regex(lex))
    markers = find_markers(cleaned, quote, sentences, lex, ctx, {q.text for q in questions})
    pressure = [m for m in markers if m.name == "pressure"]
    closing = find_closing(cleaned, quote, sentences, questions, lex, bool(pressure))
    if closing.attempt:
        # "Skal jeg sende kontrakten i dag?" asks for a commitment: its "today" is the proposed
        # time, not a question about the prospect's situation.
        # A proposal asked as a question ("Hva sier du til en prøveperiode?") is answered yes
        # or no: closed, whatever its question word.
        proposal = [w for w in closing.words if w]
        # "Which would suit you better?" after two offers picks between them: a choice.
        said = dict(zip(closing.techniques, closing.words, strict=False))
        picked = said.get("alternative_choice")
        # "Would it help if I reserved your usual quantity?": the question carries the seller's
        # own step (its owner), so it proposes; its "help" or "lose" is no discovery.
        mine = closing.next_step.quotes.get("owner")
        questions = [
            replace(q, spin=None) if mine and mine in q.text and q.form != "open" else q
            for q in questions
        ]
        # A trial close that only asks how the offer lands ("so how does all that sound?",
        # "hva tenker du om det?") is answered in words, not yes or no: its form stays.
        trial = said.get("trial") or ""
        step = [w for w in closing.next_step.quotes.values() if w]
        questions = [
            q
            # A discovery question that tests interest ("what would it be worth to you if…")
            # stays the discovery question it is.
            if q.spin not in (None, "situation") or not any(w in q.text for w in proposal)
            else replace(q, spin=None)
            if trial and trial in q.text and not any(w in q.text for w in step)
            else replace(
                q,
                spin=None,
                form="choice" if q.text == picked else "closed" if q.form == "open" else q.form,
            )
            for q in questions
        ]

    pitch_words: list[str] = []
    if lex.pitch is not None:
        asked = {q.text for q in questions}
        pitch_rx, target = pick(lex.pitch, cleaned, fold(cleaned))
        for s in sentences:
            if s.text in asked:
                continue
            m = pitch_rx.search(target, s.start, s.start + len(s.text))
            if m:
                pitch_words.append(quote[m.start() : m.end()])
    pitch = bool(pitch_words)

    if ctx.prospect_line:
        # "By the way, …" softens a written request; after what the buyer just said it changes
        # the subject (the objection lexicon's topic switch): no courtesy earned.
        markers = [m for m in markers if m.name != "indirect"]
    # In a conversation, a question that answers itself for the buyer ("you'd agree…, wouldn't
    # you?", "du vet vel…?", "why would anyone…?") steers instead of asking: a coach hears a
    # blunt push. A wished-for outcome ("wouldn't it be great…?") is a payoff question.
    steer = next((q for q in questions if q.form == "leading" and q.spin != "need_payoff"), None)
    if steer is not None and ctx.prospect_line:
        markers.append(Marker("direct_question", steer.text[:80], LEADING))
    if _ignores(cleaned, ctx, markers, questions, pitch, lex, closing):
        first = sentences[0].text if sentences else ""
        markers.append(Marker("ignores_prospect", first[:80], POINTS["ignores_prospect"]))

    objection = None
    if ctx.objection:
        objection = respond(cleaned, quote, sentences, questions, markers, closing, lex, ctx)
        markers += _objection_tone(objection, markers, sentences)
        sided = search(lex.objection.get("validate"), cleaned, fold(cleaned))
        if objection.type == "complaint" and sided:
            # "That's not acceptable" sides with the buyer on a complaint: no negative tone.
            said = sided.group().lower()
            markers = [
                m for m in markers if not (m.name == "negative_tone" and m.words.lower() in said)
            ]
    if closing.attempt:
        # Beside a close, a situation question arranges the step ("what's the best address for
        # you?", "hvem bør være med?"): no discovery, though it may still explore an objection.
        questions = [replace(q, spin=None) if q.spin == "situation" else q for q in questions]

    form: Literal["open", "closed", "none"] = "none"
    if any(q.form == "open" for q in questions):
        form = "open"
    elif questions:
        form = "closed"
    analysis = ReplyAnalysis(
        text=text,
        lang=lang,
        sentences=[s.text for s in sentences],
        questions=questions,
        stacked=len(questions) >= 2,
        question_form=form,
        politeness=Politeness(score=score_of(markers), markers=markers),
        pressure=pressure,
        rude=any(m.name in RUDE for m in markers),
        closing=closing,
        objection=objection,
        pitch=pitch,
        pitch_words=pitch_words,
        stuffing=_stuffed(cleaned, n_words, questions, lex),
        ignores_prospect=any(m.name == "ignores_prospect" for m in markers),
        words=n_words,
        reply_score=0.0,
    )
    return replace(analysis, reply_score=reply_score(analysis))
