"""Slots: the day, date, time, amount, duration and name a trainee's reply names.

The prospect's lines use them as placeholders (`{proposed_when|Thursday at ten}`), so a
booked meeting confirms the time the trainee proposed and a figure the trainee stated is
echoed, never replaced by the author's. Values keep the trainee's own words ("half eight",
"tirsdag neste uke kl. 17"): they are echoed, not re-formatted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

_EN_DAY = (
    r"(?:(?:next|this|coming)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"(?:\s+(?:morning|afternoon|evening|next week|week))?"
    r"|tomorrow(?:\s+(?:morning|afternoon|evening))?|the day after tomorrow"
    r"|next week|later this week|early next week|end of (?:the|this|next) week"
)
_NB_DAY = (
    r"(?:(?:neste|denne|førstkommende)\s+)?(?:man|tirs|ons|tors|fre|lør|søn)dag(?:en)?"
    r"(?:\s+(?:morgen|formiddag|ettermiddag|kveld))?(?:\s+(?:neste|denne) uke)?"
    r"|i\s+morgen(?:\s+(?:tidlig|formiddag|ettermiddag))?|i\s+overmorgen|neste uke"
    r"|senere (?:denne|i) uk(?:a|en)|i slutten av (?:uka|uken|neste uke)"
)
_EN_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_NB_MONTH = (
    r"jan(?:uar)?|feb(?:ruar)?|mars|apr(?:il)?|mai|juni|juli|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|des(?:ember)?"
)
_EN_NUMBER = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}"
_NB_NUMBER = r"ett|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|\d{1,2}"
# Amounts in words: "eleven hundred", "fifty pounds", "six and a half thousand", "tre prosent".
_EN_COUNT = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
_NB_COUNT = (
    r"en|ett|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti|førti"
    r"|femti|seksti|sytti|åtti|nitti"
)
_EN_WORD_AMOUNT = (
    rf"\b(?:(?:(?:{_EN_COUNT}|a)(?:[\s-]+(?:and\s+a\s+half|{_EN_COUNT}))*\s+"
    rf"(?:hundred|thousand|grand|million)(?:\s+and)?\s*)+"
    rf"(?:(?:{_EN_COUNT})(?:[\s-]+(?:{_EN_COUNT}))?)?"
    rf"(?:\s*(?:pounds|quid|dollars|euros))?"
    rf"|(?:{_EN_COUNT})(?:[\s-]+(?:{_EN_COUNT}))*\s+"
    r"(?:pounds?|quid|dollars?|euros?|percent|per cent))\b"
    # "a hundred times better" is a comparison, not a figure.
    r"(?!\s*times\b)"
)
_NB_WORD_AMOUNT = (
    rf"\b(?:(?:(?:{_NB_COUNT})(?:\s+og\s+en\s+halv)?\s+"
    rf"(?:hundre|tusen|millioner|million)(?:\s+og)?\s*)+"
    rf"(?:{_NB_COUNT})?(?:\s*kroner)?"
    rf"|(?:{_NB_COUNT})(?:\s+(?:{_NB_COUNT}))*\s+(?:kroner|prosent))\b"
    r"(?!\s*ganger\b)"
)


_PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {
    "en": {
        "day": re.compile(rf"\b(?:{_EN_DAY})\b", _I),
        "date": re.compile(
            rf"\b(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)(?:\s+of\s+(?:{_EN_MONTH})\b)?"
            rf"|\b(?:{_EN_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
            rf"|\b\d{{1,2}}\s+(?:{_EN_MONTH})\b",
            _I,
        ),
        "time": re.compile(
            rf"\b(?:half|quarter)\s+(?:past|to)\s+(?:{_EN_NUMBER})\b"
            rf"|\bhalf\s+(?:{_EN_NUMBER})\b"
            r"|\b\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?"
            rf"|\b(?:{_EN_NUMBER})(?:[:.]\d{{2}})?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)"
            rf"|\bat\s+(?:{_EN_NUMBER})(?:[:.]\d{{2}})?(?![\w,.]\d)\b"
            r"(?=\s*(?:$|[?!.,;)]|(?:on|tomorrow|today|then|or|and|if|for|works?|suits?|would|"
            r"that|is|ok|please|next|this|sharp|latest)\b))"
            r"|\b(?:noon|midday|lunchtime)\b",
            _I,
        ),
        "amount": re.compile(
            r"(?:[£$€]\s?\d[\d,. ]*\d?(?:\s?(?:k|m|bn)\b)?)"
            r"|\b\d[\d,. ]*\d?\s?(?:k\b|pounds?|quid|dollars?|euros?|gbp|usd|eur)\b"
            r"|\b\d{1,3}(?:,\d{3})+\b|\b\d+\s?(?:%|percent|per cent)"
            rf"|{_EN_WORD_AMOUNT}",
            _I,
        ),
        "duration": re.compile(
            r"\b(?:half an hour|an hour|a quarter of an hour|a couple of minutes"
            rf"|(?:{_EN_NUMBER}|\d+|a few|a couple of)\s+(?:minutes?|mins?|hours?))\b",
            _I,
        ),
        "name": re.compile(
            r"\b(?:my name is|my name's|this is|it's|it is|i'm|i am)\s+([A-Z][\w'-]+)"
            r"(?=\s+(?:from|at|with|here|calling|ringing)\b|[,.!]|$)"
            r"|\b([A-Z][\w'-]+)\s+(?:here\s+)?(?:from|at)\s+[A-Z]",
        ),
    },
    "nb": {
        "day": re.compile(rf"\b(?:{_NB_DAY})\b", _I),
        # "den 14." or "14. mars"; a bare "5." is a list item or "uke 5.", not a date.
        "date": re.compile(
            rf"\bden\s+\d{{1,2}}\.(?:\s*(?:{_NB_MONTH})\b)?|\b\d{{1,2}}\.\s*(?:{_NB_MONTH})\b",
            _I,
        ),
        "time": re.compile(
            rf"\b(?:kl\.?|klokka|klokken)\s*(?:\d{{1,2}}(?:[:.]\d{{2}})?|{_NB_NUMBER}"
            rf"|halv\s+(?:{_NB_NUMBER})|kvart\s+(?:over|på)\s+(?:{_NB_NUMBER}))\b"
            rf"|\b(?:halv|kvart over|kvart på)\s+(?:{_NB_NUMBER})\b"
            r"|\b\d{1,2}[:.]\d{2}\b|\b(?:lunsj|lunsjtid|formiddagen|ettermiddagen)\b",
            _I,
        ),
        "amount": re.compile(
            r"\b\d[\d  .]*\d?\s?(?:kr|kroner|nok|,-)(?!\w)|\bkr\.?\s?\d[\d  .]*\d?"
            r"|\b\d+\s?(?:%|prosent)"
            rf"|{_NB_WORD_AMOUNT}",
            _I,
        ),
        "duration": re.compile(
            r"\b(?:en halvtime|et kvarter|en time|halvannen time|et par minutter"
            rf"|(?:{_NB_NUMBER}|\d+|noen|et par)\s+(?:minutter|min|timer))\b",
            _I,
        ),
        "name": re.compile(
            r"\b(?:jeg heter|mitt navn er|dette er|det er|her er)\s+([A-ZÆØÅ][\w'-]+)"
            r"(?=\s+(?:fra|i|her|som|og)\b|[,.!]|$)"
            r"|\b([A-ZÆØÅ][\w'-]+)\s+(?:her\s+)?fra\s+[A-ZÆØÅ]",
        ),
    },
}

# A day and a time this close together are one proposal: "Wednesday at half eight".
_JOIN_GAP = 24
SLOT_NAMES = ("day", "date", "time", "amount", "duration", "name")
WHEN = ("proposed_day", "proposed_date", "proposed_time", "proposed_when")
PLACEHOLDERS = {
    "proposed_day": "day",
    "proposed_date": "date",
    "proposed_time": "time",
    "amount": "amount",
    "duration": "duration",
    "caller_name": "name",
}


@dataclass(frozen=True, slots=True)
class Slot:
    name: str
    text: str
    start: int
    end: int


# A day after these words is a deadline ("by Friday", "innen fredag"), not a proposal.
_DEADLINE = re.compile(r"(?:\bby|\bbefore|\buntil|\binnen|\bfør|\btil)\s+$", _I)
# Two days offered as a choice ("Thursday or Saturday?") name no one time to confirm.
_CHOICE = re.compile(r"\b(?:or|eller)\b", _I)
_CHOICE_GAP = 30


def _all(text: str, pattern: re.Pattern[str], name: str) -> list[Slot]:
    found = []
    for match in pattern.finditer(text):
        group = next((g for g in match.groups() if g), None) if match.groups() else None
        value = (group or match.group(0)).strip(" ,.")
        if name == "time" and value[:3].casefold() == "at ":
            value = value[3:]
        if value:
            found.append(Slot(name, value, *match.span()))
    return found


def find_slots(text: str, lang: str) -> dict[str, Slot]:
    """One mention of each slot in a reply: for days and dates the one nearest the time (a
    proposal names them together), skipping deadlines; else the first."""
    patterns = _PATTERNS.get(lang, _PATTERNS["en"])
    found: dict[str, Slot] = {}
    taken: list[tuple[int, int]] = []
    # Times before amounts and dates, so "14.30" is a time and not an amount or a date.
    for name in ("time", "day", "date", "duration", "amount", "name"):
        options = [
            slot
            for slot in _all(text, patterns[name], name)
            if not any(slot.start < e and s < slot.end for s, e in taken)
        ]
        if name in ("day", "date"):
            if len(options) > 1 and any(
                b.start - a.end <= _CHOICE_GAP and _CHOICE.search(text[a.end : b.start])
                for a, b in zip(options, options[1:], strict=False)
            ):
                found.pop("time", None)  # the time belongs to one of the options
                found["choice"] = Slot("choice", "", options[0].start, options[-1].end)
                continue
            proposals = [o for o in options if not _DEADLINE.search(text[: o.start])]
            options = proposals or options
            time = found.get("time")
            if time is not None and options:
                options.sort(key=lambda o: min(abs(o.start - time.end), abs(time.start - o.end)))
        if options:
            found[name] = options[0]
            taken.append((options[0].start, options[0].end))
    return found


def proposed_when(text: str, slots: dict[str, Slot]) -> str | None:
    """The day or date and the time of a proposal, in the trainee's words."""
    parts = sorted(
        (s for s in (slots.get("day"), slots.get("date"), slots.get("time")) if s),
        key=lambda s: s.start,
    )
    if not parts:
        return None
    # Neighbours within a few words are one phrase, quoted as typed ("Thursday the 14th at
    # 2pm"); parts far apart are joined with a space.
    phrases = [[parts[0]]]
    for part in parts[1:]:
        if part.start - phrases[-1][-1].end <= _JOIN_GAP:
            phrases[-1].append(part)
        else:
            phrases.append([part])
    return " ".join(text[p[0].start : p[-1].end].strip(" ,.") for p in phrases)


_EN_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", _I)


def _tidy(value: str, lang: str) -> str:
    # English writes weekdays with a capital, whatever the trainee typed; Norwegian does not.
    if lang == "en":
        return _EN_WEEKDAY.sub(lambda m: m.group(0).capitalize(), value)
    return value


def slot_values(text: str, lang: str) -> dict[str, str]:
    """Placeholder name -> value for what one reply states."""
    slots = find_slots(text, lang)
    values = {
        ph: _tidy(slots[name].text, lang) for ph, name in PLACEHOLDERS.items() if name in slots
    }
    when = proposed_when(text, slots)
    if when:
        values["proposed_when"] = _tidy(when, lang)
    elif "choice" in slots:
        # A choice offered replaces an earlier proposal, but names no time to echo yet.
        values["proposed_when"] = ""
    return values


ALL_PLACEHOLDERS = (*PLACEHOLDERS, "proposed_when")
