"""What a reply does, as act names a branch can declare (`acts: [spin.implication]`).

The acts come from the grader's own analysis of the reply (one analysis serves the prospect
and the scorecard), plus the slots: a question that names a day or a time proposes a meeting
however it is worded.
"""

from __future__ import annotations

from collections.abc import Mapping

from scoring import ReplyAnalysis

SPIN = ("situation", "problem", "implication", "need_payoff")
MARKER_ACTS = {
    "greeting": "greeting",
    "self_introduction": "intro",
    "asking_permission": "permission",
    "gratitude": "thanks",
    "apology": "apology",
    "acknowledgement": "acknowledge",
    "reassurance": "reassure",
}
OBJECTION_ACTS = {
    "acknowledged": "objection.acknowledge",
    "explored": "objection.explore",
    "tied_to_need": "objection.tie",
    "moved_forward": "objection.advance",
    "arguing": "objection.argue",
    "ignoring": "objection.ignore",
    "discounting": "objection.discount",
    "alternative": "objection.alternative",
    "apologised": "objection.apologise",
}
CLOSE_TECHNIQUES = ("direct", "assumptive", "trial", "summary", "next_step", "alternative")

# Every act a branch may name; lint rejects others (SCN033).
ACTS: frozenset[str] = frozenset(
    {
        "question",
        "question.open",
        "question.closed",
        *(f"spin.{k}" for k in SPIN),
        "close",
        *(f"close.{t}" for t in CLOSE_TECHNIQUES),
        "close.meeting",
        "close.vague",
        "pitch",
        "pressure",
        "rude",
        "stuffing",
        *MARKER_ACTS.values(),
        *OBJECTION_ACTS.values(),
    }
)


def acts_of(analysis: ReplyAnalysis, slots: Mapping[str, str]) -> dict[str, str]:
    """Act name -> the words of the reply that show it."""
    acts: dict[str, str] = {}

    def add(name: str, words: str) -> None:
        acts.setdefault(name, words)

    for q in analysis.questions:
        add("question", q.text)
        add("question.open" if q.form == "open" else "question.closed", q.text)
        if q.spin:
            add(f"spin.{q.spin}", q.text)
    closing = analysis.closing
    said = " · ".join(w for w in closing.words if w)
    if closing.attempt:
        add("close", said)
        for technique in closing.techniques or ([closing.technique] if closing.technique else []):
            if technique in CLOSE_TECHNIQUES:
                add(f"close.{technique}", said)
        if closing.next_step.action:
            add("close.meeting", said)
    if closing.vague:
        add("close.vague", said)
    when = slots.get("proposed_when")
    if when and (analysis.questions or closing.attempt):
        # "Would Wednesday at half eight suit you?" proposes a meeting in any wording.
        add("close", when)
        add("close.meeting", when)
    if analysis.pitch:
        add("pitch", " · ".join(analysis.pitch_words))
    if analysis.pressure or closing.urgency:
        add("pressure", " · ".join(m.words for m in analysis.pressure) or said)
    if analysis.rude:
        add(
            "rude",
            next(
                (m.words for m in analysis.politeness.markers if m.name in ("profanity", "insult")),
                "",
            ),
        )
    if analysis.stuffing:
        add("stuffing", analysis.text[:60])
    for marker in analysis.politeness.markers:
        name = MARKER_ACTS.get(marker.name)
        if name:
            add(name, marker.words)
    objection = analysis.objection
    if objection is not None:
        for marker in objection.markers:
            name = OBJECTION_ACTS.get(marker.name)
            if name:
                add(name, marker.words)
        for attr, name in OBJECTION_ACTS.items():
            if getattr(objection, attr, False):
                add(name, "")
    return acts
