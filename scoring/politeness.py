"""Politeness markers and the 0-100 politeness score of one reply (50 = neutral).

Points are the strategy coefficients of Danescu-Niculescu-Mizil et al. (2013) times 10
(gratitude +0.87 -> +8.7, direct start -0.43 -> -4.3, ...), plus phone-sales markers
(introducing yourself, asking permission, acknowledging, pressure) weighed on the same scale.
Where the paper's feature reads a written request and a sales reply differs, the sales reading
wins: a what/who/how question is a "direct question" only when it carries no discovery (SPIN)
cue, and "why don't we …", "what do you think", "how are you" are no challenges.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from functools import cache

from scoring.introductions import seller_intro
from scoring.lexicon import Lexicon, MarkerRule, compile_folded, insensitive, lowered, pick, search
from scoring.politeness_points import (
    ANYWHERE,
    CAP,
    HOLLOW,
    HOSTILE,
    OVERLAPPING,
    POINTS,
    SOFTENERS,
    WRAPPED,
)
from scoring.questions import spin_of
from scoring.text import Sentence, fold, words
from scoring.types import Marker, ReplyContext

_CAPS_WORD = re.compile(r"[^\W\d_]{3,}")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
PERSONS = ("first_person", "first_person_plural", "second_person")
# Three letters in a row that are not lower-case Latin: without one there is no all-caps word,
# and the per-word loop below (the slowest part of a plain reply) can be skipped.
_MAYBE_CAPS = re.compile(r"[^\W\d_a-zæøåäöüéèêàáâçñßœ]{3}")
_CLAUSE_BREAK = re.compile(r"[,;:]\s*|\s[—–-]\s*")
Adder = Callable[[str, tuple[int, int]], None]


@cache
def _any_overlapping(lex: Lexicon) -> re.Pattern[str] | None:
    """All the tone markers' phrases in one pattern, to rule most replies out in one scan."""
    return compile_folded(
        [p for name in OVERLAPPING if (rule := lex.marker(name)) is not None for p in rule.phrases]
    )


@cache
def _combined(
    lex: Lexicon,
) -> tuple[re.Pattern[str] | None, tuple[tuple[MarkerRule, frozenset[str] | None], ...]]:
    """All non-overlapping strategies' phrases in one trie, and the rules to name a match by
    (each with the letters its phrases start with)."""
    rules = tuple(
        rule
        for name in ANYWHERE
        if name not in OVERLAPPING
        and name != "self_introduction"
        and (rule := lex.marker(name)) is not None
        and rule.regex is not None
    )
    combined = compile_folded([p for rule in rules for p in rule.phrases])
    return combined, tuple((rule, _first_letters(rule)) for rule in rules)


def _first_letters(rule: MarkerRule) -> frozenset[str] | None:
    """Letters the rule's phrases can start with; None when some phrase may start anyhow."""
    letters = set()
    for phrase in rule.phrases:
        if phrase.startswith("re:") or not phrase[:1].isalnum():
            return None
        letters.add(phrase[0].lower())
    return frozenset(letters)


def _spans(
    regex: re.Pattern[str] | None, text: str, low: str | None = None
) -> Iterable[tuple[int, int]]:
    """Match spans; with `low` (the text lower-cased, same offsets) the faster cased scan."""
    if regex is None:
        return ()
    regex, text = pick(regex, text, low)
    return (m.span() for m in regex.finditer(text) if m.end() > m.start())


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def find_markers(
    text: str,
    quote: str,
    sentences: list[Sentence],
    lex: Lexicon,
    ctx: ReplyContext,
    questions: Collection[str] = (),
) -> list[Marker]:
    """Markers in `text` (cleaned); quotes are cut from `quote` (the original, same offsets);
    `questions` are the texts of the sentences that ask something."""
    found: list[tuple[int, Marker]] = []
    taken: list[tuple[int, int]] = []
    counts: dict[str, int] = {}

    def add(name: str, span: tuple[int, int]) -> None:
        if counts.get(name, 0) >= CAP.get(name, 99):
            return
        counts[name] = counts.get(name, 0) + 1
        found.append((span[0], Marker(name, quote[span[0] : span[1]].strip(), POINTS[name])))

    low = fold(text)
    intro = lex.marker("self_introduction")
    lookup = low if low is not None else text.lower()
    # The name-shaped intro patterns are slow to scan; a substring check rules most replies out.
    if not lex.intro_anchors or any(a in lookup for a in lex.intro_anchors):
        for span in _spans(intro.regex if intro else None, text):
            taken.append(span)
            add("self_introduction", span)
    if not counts.get("self_introduction") and ctx.seller:
        span = seller_intro(text, ctx.seller, lex)
        if span is not None:
            taken.append(span)
            add("self_introduction", span)
    src = low if low is not None else text
    combined, rules = _combined(lex)
    if combined is not None:
        combined = lowered(combined) if low is not None else insensitive(combined)
        regexes = [
            (r, lowered(r.regex) if low is not None else insensitive(r.regex), letters)
            for r, letters in rules
            if r.regex is not None
        ]
        # One scan finds where a strategy phrase starts; the longest phrase of any strategy
        # starting there wins (ties go to the earlier strategy in ANYWHERE).
        for m in combined.finditer(src):
            if m.end() == m.start() or _overlaps(m.span(), taken):
                continue
            best: tuple[int, MarkerRule] | None = None
            first = src[m.start()].lower()
            for r, rx, letters in regexes:  # the longest phrase names the hit
                if letters is not None and first not in letters:
                    continue  # no phrase of this strategy starts with this letter
                hit = rx.match(src, m.start())
                if hit and hit.end() > m.start() and (best is None or hit.end() > best[0]):
                    best = (hit.end(), r)
            if best is None or _overlaps((m.start(), best[0]), taken):
                continue
            rebuff = lex.marker("rebuff_after")
            if (
                best[1].name in ("gratitude", "apology")
                and rebuff
                and rebuff.regex
                and rebuff.regex.match(text[best[0] :])
            ):
                continue  # "Thanks, but …", "Sorry, but …" brush off rather than thank or apologise
            taken.append((m.start(), best[0]))
            name = best[1].name
            if name == "positive_tone" and _negated(src, m.start(), lex):
                name = "negative_tone"  # "not helpful", "isn't fair": a positive word negated
            add(name, (m.start(), best[0]))
    # Most replies carry none of the tone markers: one scan for any of them, then each
    # marker's own scan only when there is something to find.
    if search(_any_overlapping(lex), text, low) is not None:
        for name in OVERLAPPING:
            rule = lex.marker(name)
            for span in _spans(rule.regex if rule else None, text, low):
                add(name, span)

    def start_marker(name: str, sentence: Sentence) -> tuple[int, int] | None:
        rule = lex.marker(name)
        if rule is None or rule.regex is None:
            return None
        m = rule.regex.match(sentence.text)
        if not m:
            return None
        lead = m.group()
        offset = len(lead) - len(lead.lstrip(" \"'(-—–.,"))
        return sentence.start + offset, sentence.start + m.end()

    if sentences:
        first = sentences[0]
        for name in ("greeting", "first_person_start"):
            span = start_marker(name, first)
            if span:
                add(name, span)
        # Sentence-initial strategies count once per reply (as in the 2013 paper's feature
        # set, which read two-sentence written requests). "Please …" anywhere; a blunt opening
        # only opens the reply: "And for the lorries we can fit …", "Your nephew can stay …"
        # or "Men hva koster det?" further on is how people link thoughts when they talk.
        asked = [first]
        for name, where in (("please_start", sentences), ("second_person_start", asked),
                            ("direct_start", asked)):
            for s in where:
                span = start_marker(name, s)
                if span:
                    add(name, span)
                    break
        if "greeting" not in {m.name for _, m in found}:
            span = start_marker("deference", first)
            if span:
                # "Great, …" opening a reply is deference; not also a positive word
                found[:] = [
                    (p, m) for p, m in found if not (m.name == "positive_tone" and p == span[0])
                ]
                add("deference", span)
        # "Why…", "how come…" and negative interrogatives ("can't you…") sound like a
        # challenge wherever they stand; a what/who/how question only under the rule below.
        span = next(filter(None, (start_marker("direct_question", s) for s in sentences)), None)
        if span is None and questions:
            # The 2013 paper's direct question (what/who/how in the first two words, -0.27) is
            # a demand in a written request; in a sales reply the same words open discovery,
            # so only a question with no SPIN cue (no discovery content) pays for it.
            for s in sentences:
                if s.text not in questions:
                    continue
                span = start_marker("direct_question_wh", s)
                # A softener said before the question (thanks, a greeting, "sorry", a hedge…)
                # already frames it as a request, not a demand.
                softened = any(m.name in SOFTENERS and pos < s.start for pos, m in found)
                if span and not softened and spin_of(s.text, lex) is None:
                    break
                span = None
        if span:
            add("direct_question", span)
        mid = lex.marker("bare_command_mid")
        for s in sentences:
            span = start_marker("bare_command", s) or _after_comma(mid, s)
            if not span or _overlaps(span, taken):
                continue
            if any(
                m.name == "please" and s.start <= pos < s.start + len(s.text) for pos, m in found
            ):
                continue
            add("bare_command", span)

    _persons(sentences, lex, add)
    _caps(text, lex, add)
    _names(text, ctx, add)
    _du_de(text, lex, add)
    found.sort(key=lambda pair: pair[0])
    markers = [m for _, m in found]
    if any(m.name in HOSTILE | HOLLOW for m in markers):
        # "Thank you so much … so shall I just go ahead and book it?" and "you'll thank me
        # later" are not gratitude: courtesy wrapped around a push earns a fraction.
        pushy = {m.words.lower() for m in markers if m.name == "pushy_courtesy"}
        markers = [
            Marker(m.name, m.words, round(m.points * WRAPPED, 2))
            if m.points > 0 and m.name in SOFTENERS | {"deference", "positive_tone"}
            else m
            for m in markers
            if not (m.name == "gratitude" and any(m.words.lower() in p for p in pushy))
        ]
    return markers


def _negated(text: str, start: int, lex: Lexicon) -> bool:
    """A negator among the two words before `start` ("not very helpful", "isn't good")."""
    before = _TOKEN.findall(text, max(0, start - 30), start)[-2:]
    return any(w.lower() in lex.negators or w.lower().endswith(("n't", "n’t")) for w in before)


def _after_comma(rule: MarkerRule | None, sentence: Sentence) -> tuple[int, int] | None:
    """A command opening a later clause: "It'll only take a minute, just listen." """
    if rule is None or rule.regex is None:
        return None
    for sep in _CLAUSE_BREAK.finditer(sentence.text):
        m = rule.regex.match(sentence.text[sep.end() :])
        if m:
            start = sentence.start + sep.end()
            return start, start + m.end()
    return None


@cache
def _person_forms(lex: Lexicon) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for name in PERSONS:
        rule = lex.marker(name)
        if rule is not None and rule.phrases:
            forms = "|".join(re.escape(w) for w in sorted(rule.phrases, key=len, reverse=True))
            out.append((name, re.compile(rf"(?<![\w'’])(?:{forms})(?![\w'’])")))
    return tuple(out)


def _persons(sentences: list[Sentence], lex: Lexicon, add: Adder) -> None:
    """1st person, 1st person plural and 2nd person pronouns after a sentence's first word,
    once each per reply (a sentence-initial "you"/"I" is a different strategy)."""
    wanted = _person_forms(lex)
    seen: set[str] = set()
    for s in sentences:
        low = s.text.lower()
        first = _TOKEN.search(low)
        if first is None or len(low) != len(s.text):
            continue
        for name, regex in wanted:
            if name in seen:
                continue
            m = regex.search(low, first.end())
            if m:
                seen.add(name)
                add(name, (s.start + m.start(), s.start + m.end()))
        if len(seen) == len(wanted):
            return


def _caps(text: str, lex: Lexicon, add: Adder) -> None:
    if _MAYBE_CAPS.search(text) is None:
        return
    letters = upper = 0
    first: tuple[int, int] | None = None
    last = 0
    for m in _CAPS_WORD.finditer(text):
        word = m.group()
        if word in lex.acronyms:
            continue
        letters += len(word)
        if word.isupper():
            upper += len(word)
            first = first or m.span()
            last = m.end()
    if first and letters >= 6 and upper >= 6 and upper / letters >= 0.6:
        add("all_caps", (first[0], min(last, first[0] + 60)))


def _names(text: str, ctx: ReplyContext, add: Adder) -> None:
    if not ctx.prospect_name:
        return
    first_name = words(ctx.prospect_name)
    if not first_name:
        return
    hits = [
        m.span()
        for m in re.finditer(rf"(?<!\w){re.escape(first_name[0])}(?!\w)", text, re.IGNORECASE)
    ]
    if len(hits) >= 3:
        add("name_overuse", hits[2])
    elif hits:
        add("uses_name", hits[0])


def _du_de(text: str, lex: Lexicon, add: Adder) -> None:
    formal, informal = lex.marker("formal_you"), lex.marker("informal_you")
    if formal is None or informal is None or formal.regex is None or informal.regex is None:
        return
    f = formal.regex.search(text)
    i = search(informal.regex, text, fold(text))
    if f and i:
        add("du_de_mixing", f.span())


# Marker points are the 2013 paper's coefficients x 10; doubled on the 0-100 scale so that a
# coach's five levels (rude ... exceptionally considerate) spread across it instead of
# crowding around 50 (calibration set).
SPREAD = 2.0


def score_of(markers: Iterable[Marker]) -> float:
    return round(max(0.0, min(100.0, 50.0 + SPREAD * sum(m.points for m in markers))), 1)

