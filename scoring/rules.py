"""Must-rules a scenario's rubric can require; breaking one fails the call whatever the total."""

from __future__ import annotations

MUST_RULES: dict[str, str] = {
    "introduces_self": (
        "Says who they are (name or company) in the first two replies, calling or answering."
    ),
    "no_pressure_phrases": (
        "Never uses pressure phrases such as 'today only', 'decide now', 'bare i dag'."
    ),
    "no_profanity": "No swearing and no insults.",
    "asks_open_question": "Asks at least one open question.",
    "acknowledges_objections": "Acknowledges every objection before answering it.",
    "explores_objections": "Asks a clarifying question about every objection.",
    "proposes_next_step": "Proposes a concrete next step: an action with a time or an owner.",
    "no_premature_close": (
        "Does not close before a need is found or while an objection is unexplored."
    ),
    "apologises_for_problem": "Apologises when the customer complains.",
    "no_disrespect": "No insults, sarcasm or talking down to the customer.",
}
