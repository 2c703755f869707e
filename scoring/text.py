"""Cleaning, sentence splitting and tokenising, shared by every detector."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.lexicon import ACCENTS, Lexicon

# Same-length replacements, so match offsets in the cleaned text quote the original words.
_TRANSLATE = {ord("’"): "'", ord("‘"): "'", ord("“"): '"', ord("”"): '"', ord("\u00a0"): " "}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_BREAK = re.compile(r"[.!?…]+[\"')\]]*(?=\s)|\n+")
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s[—–-]\s|\s-\s|\.\.\.)\s*")

MAX_CHARS = 20_000  # longer input is cut: a reply is a few sentences, not a document


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the cleaned reply


def clean(text: str) -> str:
    text = text[:MAX_CHARS].translate(_TRANSLATE)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return text


def fold(text: str) -> str | None:
    """Lower-cased text with the same offsets, or None where lower-casing changes the length
    (a few letters such as "İ" do): callers then match case-insensitively on the original."""
    low = text.lower()
    if len(low) != len(text):
        return None
    return low if low.isascii() else low.translate(ACCENTS)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def split_sentences(text: str, lex: Lexicon) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _BREAK.finditer(text):
        end = m.end()
        if m.group().startswith(".") and not m.group().startswith(".."):
            before = text[start : m.start()].rsplit(None, 1)
            last = before[-1].lower() if before else ""
            after = text[end:].lstrip()[:1]
            # "kl. 10", "e.g. this", "Mr. Smith": a full stop that does not end a sentence. A
            # lower-case start after a real word does begin one: casual typing ("sold out till
            # march. can I ask what they're for?") drops the capital, not the sentence.
            # A one-letter word of the language ends a sentence before a capital: "det er jeg
            # enig i. Kan jeg spørre …", "I'll take plan A. What …"; an initial ("J. Smith")
            # does not.
            word = last in lex.stopwords and after.isupper()
            abbreviation = last in lex.abbreviations or "." in last or (len(last) == 1 and not word)
            # "15. mai", "3. etasje": a number with a full stop before a month or a floor is an
            # ordinal (Bokmål writes dates so), not a sentence end.
            following = text[end:].lstrip()[:12].split(" ", 1)[0].rstrip(",.;:!?").lower()
            abbreviation = abbreviation or (last.isdigit() and following in lex.ordinal_words)
            if abbreviation or (after and after.isdigit()):
                continue
        _push(out, text, start, end)
        start = end
    _push(out, text, start, len(text))
    return out


def _push(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped and any(ch.isalnum() for ch in stripped):
        out.append(Sentence(stripped, start + (len(chunk) - len(chunk.lstrip()))))


def clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE.split(sentence) if c.strip()]


def content_words(text: str, lex: Lexicon) -> set[str]:
    """Lower-cased word stems (first 5 letters) that carry meaning, for overlap checks."""
    return {w.lower()[:5] for w in words(text) if len(w) > 3 and w.lower() not in lex.stopwords}
