"""The verdict on a whole call: must-rules with the turn and words that broke them, what was
missing from a weak criterion, and the rule that a lost call cannot pass."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.text import words
from scoring.types import Evidence, ReplyAnalysis, TalkMetrics, Turn

# A scorecard's `outcome` values that mean the prospect walked away.
LOST = frozenset({"loss", "lost", "hung_up", "hang_up"})
# Markers that show contempt for the buyer, over and above rudeness.
DISRESPECT = frozenset({"sarcasm", "condescension"})
# A reply under this one-reply quality (50 = neutral) can be among the weakest turns.
WEAK_REPLY = 45.0
# The evidence rule that charges for a hint (see grading).
HINT_RULE = "hint_used"
# Below this a criterion says what it was missing.
WEAK = 50.0
MISSING = {
    "needs_discovery": "no question about a problem or its cost uncovered a need",
    "politeness": "no introduction, permission, thanks or acknowledgement to offset the tone",
    "objection_handling": "objections were not both acknowledged and explored with a question",
    "closing": "no concrete next step with an action, a time and who does it",
    # closing held down because the call ended without the prospect agreeing to a next step
    "closing_not_agreed": "the prospect did not agree to a next step",
}

Replies = Sequence[tuple[int, ReplyAnalysis]]


def _first(replies: Replies) -> tuple[int, str]:
    if not replies:
        return 0, ""
    i, a = replies[0]
    return i, a.sentences[0] if a.sentences else a.text


def must_checks(
    analyses: Replies,
    objection_turns: Replies,
    premature_turn: int | None,
    complaint_turn: int | None,
    apologised: bool,
) -> dict[str, tuple[bool, int, str]]:
    """Rule -> (kept, turn, words): where a broken rule broke, quoted, so the scorecard can
    point at it; a kept rule carries the turn that kept it where there is one."""
    first_two = list(analyses[:2])
    intro = next(((i, a) for i, a in first_two if a.has("self_introduction")), None)
    pressure = next(((i, a) for i, a in analyses if a.pressure), None)
    rude = next(((i, a) for i, a in analyses if a.rude), None)
    open_q = next(((i, a) for i, a in analyses if any(q.form == "open" for q in a.questions)), None)
    unack = next(
        ((i, a) for i, a in objection_turns if not (a.objection and a.objection.acknowledged)), None
    )
    unexplored = next(
        ((i, a) for i, a in objection_turns if not (a.objection and a.objection.explored)), None
    )
    step = next(
        (
            (i, a)
            for i, a in analyses
            if a.closing.next_step.concrete
            and (a.closing.next_step.time or a.closing.next_step.owner)
        ),
        None,
    )
    last = analyses[-1] if analyses else None

    def quote(hit: tuple[int, ReplyAnalysis] | None, words: str = "") -> tuple[int, str]:
        if hit is None:
            return (last[0], "") if last else (0, "")
        i, a = hit
        return i, words or (a.sentences[0] if a.sentences else a.text)

    disrespect = next(
        (
            (i, a)
            for i, a in analyses
            if a.rude or any(m.name in DISRESPECT for m in a.politeness.markers)
        ),
        None,
    )
    disrespect_words = ""
    if disrespect is not None:
        disrespect_words = next(
            (m.words for m in disrespect[1].politeness.markers
             if m.name in DISRESPECT | {"profanity", "insult"}),
            "",
        )
    rude_words = ""
    if rude is not None:
        rude_words = next(
            (m.words for m in rude[1].politeness.markers if m.name in ("profanity", "insult")), ""
        )
    return {
        "introduces_self": (intro is not None, *(quote(intro) if intro else _first(analyses))),
        "no_pressure_phrases": (
            pressure is None,
            *quote(pressure, pressure[1].pressure[0].words if pressure else ""),
        ),
        "no_profanity": (rude is None, *quote(rude, rude_words)),
        "asks_open_question": (open_q is not None, *quote(open_q)),
        "acknowledges_objections": (unack is None, *quote(unack)),
        "explores_objections": (unexplored is None, *quote(unexplored)),
        "proposes_next_step": (step is not None, *quote(step)),
        "no_premature_close": (
            premature_turn is None,
            *(quote(next(((i, a) for i, a in analyses if i == premature_turn), None))),
        ),
        "no_disrespect": (disrespect is None, *quote(disrespect, disrespect_words)),
        "apologises_for_problem": (
            complaint_turn is None or apologised,
            *(quote(next(((i, a) for i, a in analyses if i > (complaint_turn or 0)), None))),
        ),
    }


def broken_evidence(
    must: Sequence[str], checks: dict[str, tuple[bool, int, str]]
) -> list[Evidence]:
    return [
        Evidence(checks[r][1], checks[r][2][:160], f"must_broken:{r}", 0.0, "overall")
        for r in must
        if r in checks and not checks[r][0]
    ]


def missing_evidence(
    scores: dict[str, float],
    applicable: dict[str, bool],
    last_turn: int,
    because: dict[str, str] | None = None,
) -> list[Evidence]:
    """A criterion under 50 says what it lacked, so a low score is never a bare number;
    `because` names a more precise line for a criterion (a MISSING key)."""
    why = because or {}
    return [
        Evidence(last_turn, MISSING[why.get(c, c)], f"missing:{why.get(c, c)}", 0.0, c)
        for c, score in scores.items()
        if applicable.get(c, True) and score < WEAK and c in MISSING
    ]


def talk(turns: list[Turn], analyses: list[tuple[int, ReplyAnalysis]]) -> TalkMetrics:
    trainee_words = sum(a.words for _, a in analyses)
    prospect_words = sum(len(words(t.text)) for t in turns if t.speaker == "prospect")
    questions = [q for _, a in analyses for q in a.questions]
    all_words = trainee_words + prospect_words
    return TalkMetrics(
        trainee_share=round(trainee_words / all_words, 3) if all_words else 0.0,
        questions=len(questions),
        open_share=round(sum(q.form == "open" for q in questions) / len(questions), 3)
        if questions
        else 0.0,
        longest_reply_words=max((a.words for _, a in analyses), default=0),
        turns=len(analyses),
    )


def weakest(
    evidence: list[Evidence], analyses: list[tuple[int, ReplyAnalysis]], weights: dict[str, float]
) -> list[int]:
    """Up to three turns that cost the call the most: points lost (weighted), then the reply's
    own quality. A turn that earned more than it lost is not weak, so a strong call may have
    none, and its best questions are never listed. The cost of a hint is not the reply's
    fault: a reply made from the hint is judged on its words, or it would be offered the same
    hint as its improvement."""
    contribution = {i: 0.0 for i, _ in analyses}
    quality = {i: a.reply_score for i, a in analyses}
    for e in evidence:
        if e.turn in contribution and e.rule != HINT_RULE:
            contribution[e.turn] += e.points * (weights.get(e.criterion, 100.0) / 100.0)
    weak = [i for i in contribution if contribution[i] < 0 or quality[i] < WEAK_REPLY]
    return sorted(weak, key=lambda i: (contribution[i], quality[i], i))[:3]
