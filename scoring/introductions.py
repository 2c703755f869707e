"""An introduction by the seller's company: "Alex from Brightwell", "ole fra vindusverket"."""

from __future__ import annotations

import re

from scoring.lexicon import Lexicon
from scoring.text import words

# "Alex from Brightwell", "ole fra vindusverket": a name before "from" + the seller's company
# is an introduction however it is typed; the prepositions come from the lexicon.
_SELLER_SKIP = frozenset({"the", "a", "an", "as", "asa", "ltd", "limited", "plc", "inc"})


def seller_intro(text: str, seller: str, lex: Lexicon) -> tuple[int, int] | None:
    head = next((w for w in words(seller) if w.lower() not in _SELLER_SKIP and len(w) >= 3),
                None)
    if head is None:
        return None
    linkers = "|".join(re.escape(w) for w in lex.intro_linkers) or "from"
    pattern = re.compile(rf"\b[^\W\d_][\w'-]*\s+(?:{linkers})\s+(?:the\s+)?{re.escape(head)}\b",
                         re.IGNORECASE)
    m = pattern.search(text)
    return m.span() if m else None
