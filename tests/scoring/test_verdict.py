"""Verdicts a coach would sign: a lost call cannot pass, a broken must-rule points at its turn
and words, a weak criterion says what was missing."""

from __future__ import annotations

from scoring import Rubric, Turn, grade_call

STRONG = [
    Turn("prospect", "Dawson Motors, Mike speaking."),
    Turn("trainee", "Hi Mike, this is Sam from NordParts. Do you have two minutes?"),
    Turn("prospect", "Go on then."),
    Turn("trainee", "What are the biggest headaches with your current supplier?"),
    Turn("prospect", "Late deliveries. Cars sit on the lift waiting."),
    Turn("trainee", "What does a day's wait cost you in lost jobs?"),
    Turn("prospect", "A few hundred quid each time."),
    Turn("trainee", "Shall we book 30 minutes on Thursday at 10? I'll send the invite."),
]
RUBRIC = Rubric(
    weights={"needs_discovery": 40, "politeness": 20, "objection_handling": 10, "closing": 30},
    pass_mark=40,
    must=("no_pressure_phrases",),
)


def test_a_lost_call_cannot_pass_whatever_its_total() -> None:
    won = grade_call(STRONG, RUBRIC, outcome="win")
    lost = grade_call(STRONG, RUBRIC, outcome="hung_up")
    assert won.passed and not lost.passed
    assert any(e.rule == "call_lost" for e in lost.evidence)
    # Only closing moves: a close the prospect did not agree to did not do its job.
    for crit in ("needs_discovery", "politeness", "objection_handling"):
        assert lost.criteria[crit].score == won.criteria[crit].score
    assert lost.criteria["closing"].score == 25.0 < won.criteria["closing"].score
    assert [e.rule for e in lost.criteria["closing"].evidence if e.points < 0] == [
        "close_not_agreed:hung_up"
    ]


def test_a_call_that_ended_without_agreement_keeps_half_its_closing() -> None:
    won = grade_call(STRONG, RUBRIC, outcome="win")
    neutral = grade_call(STRONG, RUBRIC, outcome="neutral")
    unknown = grade_call(STRONG, RUBRIC)
    assert unknown.criteria["closing"].score == won.criteria["closing"].score
    assert neutral.criteria["closing"].score == min(50.0, won.criteria["closing"].score)


def test_a_broken_must_rule_names_the_turn_and_the_words() -> None:
    pushy = [*STRONG[:-1], Turn("trainee", "Decide now, this offer is today only.")]
    card = grade_call(pushy, RUBRIC)
    assert card.must_broken == ["no_pressure_phrases"] and not card.passed
    broken = [e for e in card.evidence if e.rule == "must_broken:no_pressure_phrases"]
    assert broken and broken[0].turn == 7 and broken[0].quote


def test_a_weak_criterion_says_what_was_missing() -> None:
    card = grade_call(STRONG[:2], RUBRIC)
    missing = [e for e in card.criteria["closing"].evidence if e.rule == "missing:closing"]
    assert card.criteria["closing"].score < 50 and missing and missing[0].quote


def test_the_weakest_turns_are_weak_and_never_the_best_question() -> None:
    strong = grade_call(STRONG, RUBRIC)
    best_question = 5  # "What does a day's wait cost you in lost jobs?"
    assert best_question not in strong.weakest_turns
    pushy = [*STRONG[:-1], Turn("trainee", "Decide now, this offer is today only.")]
    assert grade_call(pushy, RUBRIC).weakest_turns[0] == 7


def test_a_complaint_call_explaining_the_fix_is_no_premature_pitch_or_close() -> None:
    complaint = [
        Turn("prospect", "Your chairs arrived broken. Again.", objection="complaint"),
        Turn(
            "trainee",
            "I'm so sorry, that's our fault. I'll send two new chairs tomorrow, "
            "shall I book the courier for 9?",
        ),
    ]
    as_complaint = grade_call(complaint, RUBRIC, kind="complaint")
    as_sale = grade_call(complaint, RUBRIC)
    assert not as_complaint.premature_close
    assert as_complaint.criteria["closing"].score >= as_sale.criteria["closing"].score


def test_capped_closing_says_the_prospect_did_not_agree() -> None:
    lost = grade_call(STRONG, RUBRIC, outcome="hung_up")
    gaps = [e.rule for e in lost.criteria["closing"].evidence if e.rule.startswith("missing:")]
    assert gaps == ["missing:closing_not_agreed"]
