"""How a reply answers an objection: the LAER moves (acknowledge, explore, respond, move on)
and the known bad moves (arguing, ignoring, discounting at once, canned empathy)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from scoring.closing import material_only
from scoring.lexicon import Lexicon, pick, search
from scoring.text import Sentence, clean, content_words, fold, words
from scoring.types import Closing, Marker, ObjectionResponse, Question, ReplyContext

POINTS = {
    "acknowledged": 25,
    "explored": 30,
    "tied_to_need": 15,
    "moved_forward": 20,
    "alternative": 10,
    "apologised": 15,
    "owned": 15,
    "fix_offered": 15,
    "blaming": -25,
    "arguing": -25,
    "ignoring": -30,
    "discounting": -20,
    "canned_empathy": -10,
    "no_apology": -15,
    "responded": 15,
    "full_sequence": 15,
}
ACK = ("acknowledgement", "apology", "reassurance", "gratitude")
# Tone that takes the courtesy out of a reply: no acknowledgement or permission to ask counts
# beside it ("I respect that, but trust me, you need to sign today").
HOSTILE_TONE = frozenset(
    {"dismissive", "sarcasm", "condescension", "defensive", "pressure", "pushy_courtesy",
     "profanity", "insult"}
)


# Evidence that takes an objection up whatever words it uses: never also "ignoring" it.
TAKES_UP = frozenset({"owned", "apologised", "fix_offered", "alternative", "responded"})
# Kinds where doing what the buyer asked (send it, call back later) hears them, if weakly.
COMPLY_KINDS = frozenset({"send_info", "timing"})

def _quote(quote: str, start: int, end: int) -> str:
    return quote[start:end].strip()


def respond(
    text: str,
    quote: str,
    sentences: list[Sentence],
    questions: list[Question],
    markers: list[Marker],
    closing: Closing,
    lex: Lexicon,
    ctx: ReplyContext,
) -> ObjectionResponse:
    kind = ctx.objection or "not_interested"
    low = fold(text)
    evidence: list[Marker] = []
    early = " ".join(s.text for s in sentences[:2])
    # Marker quotes keep the typed apostrophes; compare them in cleaned form.
    hostile = any(m.name in HOSTILE_TONE for m in markers)
    # "I hear you, but you're wrong" or a sarcastic "sure, good for you" acknowledges nothing.
    # Scripted empathy ("I understand your frustration", "your call is important to us")
    # acknowledges nothing, whichever courtesy words it contains.
    canned_rx = lex.objection.get("canned")
    scripts: list[re.Match[str]] = []
    if canned_rx is not None:
        pattern, target = pick(canned_rx, text, low)
        scripts = list(pattern.finditer(target))
    scripted = scripts[0] if scripts else None
    script = " | ".join(m.group() for m in scripts)
    ack = None if hostile else next(
        (
            m for m in markers
            if m.name in ACK and m.words and clean(m.words) in early
            and (fold(clean(m.words)) or clean(m.words).lower()) not in script
        ),
        None,
    )
    ack_words = ack.words if ack else None
    if ack_words is None and kind == "complaint" and not hostile:
        # Siding with the buyer on what went wrong ("That's not OK, and I'll make sure you
        # have the credit note today") acknowledges a complaint; "not OK, but it's your
        # fault" does not.
        m = search(lex.objection.get("validate"), early, fold(early))
        shifts = any(search(lex.objection.get(k), text, low) for k in ("blame", "arguing"))
        ack_words = m.group().strip() if m and not shifts else None
    if ack_words:
        evidence.append(Marker("acknowledged", ack_words, POINTS["acknowledged"]))
    apology = next((m for m in markers if m.name == "apology"), None)

    prospect = ctx.prospect_line or ""
    # Most replies take no detail and leave no message: look once, then per question only
    # when the reply has one.
    passive_rx = lex.objection.get("passive")
    passive = passive_rx if search(passive_rx, text, low) is not None else None
    explore_q = None
    # The question must be about the objection: its words, its topic, or a clarifying
    # "what do you mean"; "by the way, how many staff do you have?" explores nothing.
    switched = search(lex.objection.get("topic_switch"), text, low) is not None
    for q in questions:
        # Asking leave to explore ("could I ask a few questions so the price fits?", "skal jeg
        # ta ett spørsmål nå, eller ringe deg tilbake?") is the explore step, offered politely.
        if not (hostile or switched) and search(
            lex.objection.get("explore_permission"), q.text, fold(q.text)
        ):
            explore_q = q
            break
        if q.form == "leading" or q.text in closing.words or _passive(q.text, passive):
            continue
        echoes = bool(prospect) and fuzz.token_set_ratio(q.text.lower(), prospect.lower()) >= 60
        clarifies = search(lex.clarify, q.text, fold(q.text))
        relevant = not switched and (
            echoes
            or clarifies
            # Turning to a discovery question about their business ("how does IT support
            # work for you today?") is a way into the objection, not away from it.
            or q.spin is not None
            or bool(content_words(q.text, lex) & content_words(prospect, lex))
            or search(lex.objection.get(f"topic_{kind}"), q.text, fold(q.text)) is not None
        )
        asks = relevant and (q.form in ("open", "choice") or q.factual or clarifies or echoes)
        if asks and not (q.spin is None and closing.attempt and q.text in " ".join(closing.words)):
            explore_q = q
            break
    if explore_q:
        evidence.append(Marker("explored", explore_q.text, POINTS["explored"]))

    tie = None
    regex = lex.objection.get("tie")
    m = search(regex, text, low)
    if m:
        tie = _quote(quote, *m.span())
    elif ctx.stated_needs:
        reply_words = content_words(text, lex)
        for need in ctx.stated_needs:
            shared = reply_words & content_words(need, lex)
            if shared:
                # The words as the trainee wrote them, not the stems they were matched by.
                said = [w for w in words(text) if w.lower()[:5] in shared]
                tie = ", ".join(dict.fromkeys(said))
                break
    if tie:
        evidence.append(Marker("tied_to_need", tie, POINTS["tied_to_need"]))

    last = sentences[-1].text if sentences else ""
    ends_asking = (
        last.rstrip().endswith("?") or any(q.text == last for q in questions)
    ) and not _passive(last, passive)
    # Literature sent on request keeps the buyer where they were: no step forward. Nor does
    # leaving a message or asking for an address to send it to.
    step_forward = closing.next_step.concrete and not material_only(closing.next_step, lex)
    closes = (closing.attempt or step_forward) and not _passive(" ".join(closing.words), passive)
    if kind == "send_info" and closes:
        # Sending what they asked for is the brush-off accepted, not a step forward.
        sending = lex.objection.get("sending")
        said = closing.words + [closing.next_step.quotes.get("action", "")]
        closes = not all(search(sending, w, fold(w)) for w in said if w)
    forward = closes or ends_asking

    responded = _responds(text, low, quote, prospect, kind, lex)
    if responded:
        evidence.append(Marker("responded", responded, POINTS["responded"]))

    alternative = None
    if kind == "sold_out":
        m = search(lex.objection.get("alternative"), text, low)
        if m:
            alternative = _quote(quote, *m.span())
            evidence.append(Marker("alternative", alternative, POINTS["alternative"]))
    if kind == "complaint":
        # A complaint is handled by owning it and fixing it, not only by exploring it:
        # acknowledge, apologise, own, fix, confirm.
        owned = search(lex.objection.get("ownership"), text, low)
        if apology:
            evidence.append(Marker("apologised", apology.words, POINTS["apologised"]))
        elif not owned:
            evidence.append(Marker("no_apology", "", POINTS["no_apology"]))
        if owned:
            evidence.append(Marker("owned", _quote(quote, *owned.span()), POINTS["owned"]))
        step = closing.next_step
        if step.concrete and (step.owner or step.time):
            fix = step.quotes.get("action") or " ".join(step.words)
            evidence.append(Marker("fix_offered", fix, POINTS["fix_offered"]))
        blamed = search(lex.objection.get("blame"), text, low)
        if blamed:
            # "So sorry to hear that, but that's the carrier's job" is sympathy, then a
            # deflection: the buyer hears the deflection.
            evidence = [m for m in evidence if m.name not in ("acknowledged", "apologised")]
            ack_words = None
            evidence.append(Marker("blaming", _quote(quote, *blamed.span()), POINTS["blaming"]))

    arguing = None
    if lex.arguing_start is not None and sentences:
        m = lex.arguing_start.match(sentences[0].text)
        if m:
            arguing = m.group().strip(" ,.")
    regex = lex.objection.get("arguing")
    m = search(regex, text, low)
    if m and not arguing:
        arguing = _quote(quote, *m.span())
    if (
        arguing
        and ack_words
        and early.lower().find(clean(ack_words).lower()) < early.lower().find(arguing.lower())
    ):
        arguing = (
            None  # "I understand — but …" after a real acknowledgement is a reframe, not a fight
        )
    if arguing:
        evidence.append(Marker("arguing", arguing, POINTS["arguing"]))

    discount = None
    regex = lex.objection.get("discount")
    m = search(regex, text, low)
    if m and not _give_get(text, low, m, prospect, lex):
        first_q = text.find(explore_q.text) if explore_q else -1
        if first_q < 0 or m.start() < first_q:
            discount = _quote(quote, *m.span())
            evidence.append(Marker("discounting", discount, POINTS["discounting"]))

    canned = None
    m = scripted
    if m and not explore_q:
        canned = _quote(quote, *m.span())
        evidence.append(Marker("canned_empathy", canned, POINTS["canned_empathy"]))

    overlap = fuzz.token_set_ratio(text.lower(), prospect.lower()) if prospect else 0.0
    # Tying the objection to a need answers it, if bluntly: not ignoring.
    # Owning a complaint, apologising for it, fixing it or offering an alternative to what is
    # sold out takes it up, whatever words it uses.
    taken_on = any(m.name in TAKES_UP for m in evidence)
    # Doing what was asked (sending the brochure, calling back later) hears the buyer, if
    # weakly: no step forward, but not ignoring either.
    complied = kind in COMPLY_KINDS and not hostile and (
        closing.next_step.owner or closing.next_step.time or closing.next_step.action
    )
    handled = bool(ack_words or explore_q or tie or taken_on)
    # Moving on belongs after the objection is dealt with (LAER): a close pushed straight over
    # it is pressure, not a step forward.
    if forward and handled:
        evidence.append(
            Marker(
                "moved_forward",
                last if ends_asking else " ".join(closing.words) or last,
                POINTS["moved_forward"],
            )
        )
    ignoring = (
        not handled and not complied
        and (overlap < 50 or bool(arguing))
    )
    if ignoring:
        evidence.append(
            Marker("ignoring", sentences[0].text if sentences else "", POINTS["ignoring"])
        )
    # The whole LAER sequence in one reply (heard, understood or answered, and moved on) is
    # the skill itself, more than the sum of its parts.
    answered = explore_q or tie or any(
        m.name in ("responded", "owned", "fix_offered", "alternative") for m in evidence
    )
    # Ending on the exploring question moves the call on, but is no step of its own.
    onward = closes or (ends_asking and not (explore_q and explore_q.text == last))
    if ack_words and answered and onward and not (arguing or ignoring or discount):
        evidence.append(Marker("full_sequence", ack_words, POINTS["full_sequence"]))

    return ObjectionResponse(
        type=kind,
        acknowledged=bool(ack_words),
        explored=bool(explore_q),
        tied_to_need=bool(tie),
        moved_forward=bool(forward and handled),
        arguing=bool(arguing),
        ignoring=ignoring,
        discounting=bool(discount),
        alternative=bool(alternative),
        apologised=bool(apology),
        markers=evidence,
    )


def _give_get(text: str, low: str | None, m: re.Match[str], prospect: str, lex: Lexicon) -> bool:
    """A concession traded for something ("if you commit to two years, we hold it at 3 %"),
    or the buyer's own figure said back ("6 % is a lot, I know"), is no discount at once."""
    figure = "".join(ch for ch in m.group() if ch.isdigit())
    if figure:
        heard = prospect.lower()
        for word, digits in lex.number_words:
            heard = re.sub(rf"\b{re.escape(word)}\b", digits, heard)
        if re.search(rf"(?<!\d){figure}(?!\d)", heard):
            return True
    start = text.rfind(".", 0, m.start()) + 1
    end = text.find(".", m.end())
    sentence = text[start : end if end >= 0 else len(text)]
    low_sentence = fold(sentence)
    if search(lex.objection.get("conditional"), sentence, low_sentence) is None:
        return False
    # "25 % off if you sign this week" trades the discount for haste: that is pressure.
    return search(lex.objection.get("hurry"), sentence, low_sentence) is None


def _passive(text: str, passive: re.Pattern[str] | None) -> bool:
    """A question or step that only takes details (an address, a VAT number), leaves a
    message or wraps the call up ("anything else I can help with?"); `passive` is None when
    the whole reply has none."""
    return bool(text) and passive is not None and search(passive, text, fold(text)) is not None


def _responds(
    text: str, low: str | None, quote: str, prospect: str, kind: str, lex: Lexicon
) -> str | None:
    """The respond step of LAER: a reframe ("that's exactly why you plan now"), or a straight
    answer to the price the buyer asked for."""
    m = search(lex.objection.get("reframe"), text, low)
    if m:
        return _quote(quote, *m.span())
    if kind == "price" and "?" in prospect:
        asked = search(lex.objection.get("topic_price"), prospect, fold(prospect))
        figure = search(lex.objection.get("amount"), text, low)
        if asked and figure:
            start = text.rfind(".", 0, figure.start()) + 1
            end = text.find(".", figure.end())
            sentence = text[start : end if end >= 0 else len(text)]
            # A price cut is caving, charged as discounting, not an answer.
            if search(lex.objection.get("discount"), sentence, fold(sentence)) is None:
                return quote[start : end if end >= 0 else len(quote)].strip()
    return None
