"""An objection answered a reply late: the rep talked past it, then came back to it.

A coach does not score such a call as if the objection had never been handled: "I get that
price matters — apart from list price, what do late parts cost you?" one reply after the
price objection is real LAER work. It earns its moves, less a charge for the delay, and only
if it is about that objection (its topic or its words) and acknowledges or explores it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scoring.lexicon import Lexicon, search
from scoring.text import content_words, fold
from scoring.types import Marker, ReplyAnalysis

# Trainee replies after the ignored one within which coming back still counts.
WINDOW = 2
# Charged (per objection, like every objection point) for answering late.
LATE = -20.0
RULE = "objection_answered_late"


@dataclass
class Unanswered:
    """An objection whose first reply ignored it."""

    kind: str
    line: str  # what the prospect said
    slot: int  # its place in the list of objection replies
    left: int = WINDOW


def comes_back(text: str, later: ReplyAnalysis, open_: Unanswered, lex: Lexicon) -> bool:
    """Whether a later reply, analysed as an answer to the open objection, returns to it."""
    response = later.objection
    if response is None or response.ignoring:
        return False
    if not (response.acknowledged or response.explored):
        return False
    low = fold(text)
    on_topic = search(lex.objection.get(f"topic_{open_.kind}"), text, low) is not None
    return on_topic or bool(content_words(text, lex) & content_words(open_.line, lex))


def late_markers(later: ReplyAnalysis) -> ReplyAnalysis:
    """The later reply's objection moves, with the delay charged as one more marker."""
    assert later.objection is not None
    quote = later.sentences[0] if later.sentences else later.text
    moves = [*later.objection.markers, Marker(RULE.removeprefix("objection_"), quote, LATE)]
    return replace(later, objection=replace(later.objection, markers=moves))
