"""Whole-call grading: the seed's pitch scores near zero, a SPIN call scores high, and the
rules for evidence, objections, premature closes, hints and round-tripping hold."""

from __future__ import annotations

import pytest
from scoring_calls import CAR_NEEDS, NB_NEEDS, SEED_PITCH_EN, SEED_PITCH_NB, SPIN_EN, SPIN_NB, P, T

from scoring import CRITERIA, MUST_RULES, Rubric, Scorecard, ScoringInputError, Turn, grade_call

RUBRIC = Rubric(
    weights={"needs_discovery": 35, "objection_handling": 25, "closing": 25, "politeness": 15},
    pass_mark=70,
    must=("introduces_self", "no_pressure_phrases"),
)


@pytest.mark.parametrize(
    "lang,transcript,needs", [("en", SEED_PITCH_EN, CAR_NEEDS), ("nb", SEED_PITCH_NB, NB_NEEDS)]
)
def test_seed_pitch_scores_near_zero_on_discovery(
    lang: str, transcript: list[Turn], needs: tuple
) -> None:
    card = grade_call(transcript, RUBRIC, needs, lang)
    assert card.criteria["needs_discovery"].score <= 5
    assert card.total < 30
    assert not card.passed
    assert "pitch_before_problem" in {e.rule for e in card.evidence}


@pytest.mark.parametrize(
    "lang,transcript,needs", [("en", SPIN_EN, CAR_NEEDS), ("nb", SPIN_NB, NB_NEEDS)]
)
@pytest.mark.parametrize("with_rubric", [True, False])
def test_spin_call_scores_high(
    lang: str, transcript: list[Turn], needs: tuple, with_rubric: bool
) -> None:
    card = grade_call(
        transcript, RUBRIC if with_rubric else None, needs if with_rubric else (), lang
    )
    assert card.total >= 75, card.to_dict()
    assert card.passed
    assert not card.premature_close
    rules = {e.rule for e in card.evidence}
    assert {
        "spin_problem",
        "spin_implication",
        "spin_need_payoff",
        "objection_explored",
        "next_step_time",
    } <= rules


def test_every_point_names_turn_quote_rule_and_criterion() -> None:
    card = grade_call(SPIN_EN, RUBRIC, CAR_NEEDS, "en")
    for e in card.evidence:
        assert 0 <= e.turn < len(SPIN_EN)
        assert SPIN_EN[e.turn].speaker == "trainee"
        assert e.rule and e.criterion in (*CRITERIA, "overall")
    for name, crit in card.criteria.items():
        points = sum(e.points for e in crit.evidence) + (50 if name == "politeness" else 0)
        if crit.applicable:
            assert crit.score == pytest.approx(max(0, min(100, points)), abs=0.11)


def test_scorecard_round_trips() -> None:
    card = grade_call(SPIN_NB, RUBRIC, NB_NEEDS, "nb")
    again = Scorecard.from_dict(card.to_dict())
    assert again == card
    assert again.to_dict() == card.to_dict()


def test_no_objection_redistributes_its_weight() -> None:
    call = [
        P("Hello?"),
        T("Hi, this is Sam from NordParts. Do you have a minute?"),
        P("Sure."),
        T("What's the biggest headache with your parts supplier?"),
        P("Late deliveries."),
        T("Shall we book a meeting on Thursday at 10? I'll send the invite."),
    ]
    card = grade_call(call, RUBRIC, (), "en")
    obj = card.criteria["objection_handling"]
    assert not obj.applicable and obj.weight == 0
    assert sum(c.weight for c in card.criteria.values()) == pytest.approx(100, abs=0.1)


def test_premature_close_is_penalised_and_breaks_the_must_rule() -> None:
    call = [P("Hello?"), T("Hi, this is Sam from NordParts. Shall I send the contract over today?")]
    card = grade_call(
        call, Rubric(weights={c: 25 for c in CRITERIA}, must=("no_premature_close",)), (), "en"
    )
    assert card.premature_close
    assert card.must_broken == ["no_premature_close"]
    assert not card.passed


def test_closing_over_an_unexplored_objection_is_premature() -> None:
    call = [
        P("Hello?"),
        T("Hi, it's Sam from NordParts. What problems do you have with deliveries?"),
        P("You're too expensive.", "price"),
        T("Let's book the contract signing for Friday then."),
    ]
    assert grade_call(call, None, (), "en").premature_close


def test_hints_cost_points_with_evidence() -> None:
    plain = grade_call(SPIN_EN, RUBRIC, CAR_NEEDS, "en")
    hinted = [
        Turn(t.speaker, t.text, objection=t.objection, hint_used=(i in (3, 7)))
        for i, t in enumerate(SPIN_EN)
    ]
    card = grade_call(hinted, RUBRIC, CAR_NEEDS, "en")
    assert card.hints_used == 2
    assert card.total == pytest.approx(plain.total - 6, abs=0.2)
    assert [e.turn for e in card.evidence if e.rule == "hint_used"] == [3, 7]


def test_revealed_needs_are_used_when_given() -> None:
    call = [
        P("Hi."),
        T(
            "What slows the workshop down?",
        ),
        P("Late parts."),
    ]
    call[1] = Turn("trainee", "What slows the workshop down?", revealed=("late_deliveries",))
    card = grade_call(call, None, CAR_NEEDS, "en")
    assert card.needs_found == ["late_deliveries"]
    assert set(card.needs_missed) == {"wrong_parts", "cash_flow"}


def test_keyword_stuffing_and_stacking_are_not_rewarded() -> None:
    honest = grade_call([P("Hi."), T("What problems do you have with deliveries?")], None, (), "en")
    stuffed = grade_call([P("Hi."), T("Problem challenge cost impact risk?")], None, (), "en")
    stacked = grade_call(
        [P("Hi."), T("What's your supplier? How many orders? What problems? What costs?")],
        None,
        (),
        "en",
    )
    d = "needs_discovery"
    assert stuffed.criteria[d].score < honest.criteria[d].score
    assert stacked.criteria[d].score < honest.criteria[d].score
    assert "keyword_stuffing" in {e.rule for e in stuffed.evidence}


def test_ignoring_the_prospect_costs_politeness() -> None:
    line = "Our biggest worry right now is that the lift is blocked for days."
    listens = grade_call(
        [P(line), T("That sounds costly. How often is the lift blocked?")], None, (), "en"
    )
    ignores = grade_call(
        [P(line), T("We are the number one supplier of office chairs.")], None, (), "en"
    )
    assert "ignores_prospect" in {e.rule for e in ignores.evidence}
    assert ignores.criteria["politeness"].score < listens.criteria["politeness"].score


def test_complaint_needs_an_apology() -> None:
    sorry = [
        P("You sent the wrong discs again!", "complaint"),
        T("I'm so sorry about that. What exactly arrived? I'll courier the right ones today."),
    ]
    blunt = [
        P("You sent the wrong discs again!", "complaint"),
        T("That's not our fault. Check your order."),
    ]
    rub = Rubric(weights={c: 25 for c in CRITERIA}, must=("apologises_for_problem",))
    good, bad = grade_call(sorry, rub, (), "en"), grade_call(blunt, rub, (), "en")
    assert good.criteria["objection_handling"].score > bad.criteria["objection_handling"].score + 40
    assert bad.must_broken == ["apologises_for_problem"] and not good.must_broken


def test_must_rules_cover_the_required_ids() -> None:
    required = {
        "introduces_self",
        "no_pressure_phrases",
        "no_profanity",
        "asks_open_question",
        "acknowledges_objections",
        "proposes_next_step",
        "no_premature_close",
        "apologises_for_problem",
    }
    assert required <= set(MUST_RULES)


def test_weakest_turns_are_trainee_turns() -> None:
    card = grade_call(SEED_PITCH_EN, RUBRIC, CAR_NEEDS, "en")
    assert card.weakest_turns and all(
        SEED_PITCH_EN[i].speaker == "trainee" for i in card.weakest_turns
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"rubric": {"weights": {"charm": 100}}},
        {"rubric": {"weights": {"closing": 100}, "must": ["be_nice"]}},
        {"lang": "sv"},
        {"transcript": [{"speaker": "narrator", "text": "hi"}]},
        {"transcript": [{"speaker": "trainee", "txt": "hi"}]},
    ],
)
def test_bad_input_raises_a_clear_error(bad: dict) -> None:
    args = {"transcript": SPIN_EN, "rubric": None, "lang": "en", **bad}
    with pytest.raises(ScoringInputError):
        grade_call(args["transcript"], args["rubric"], (), args["lang"])


def test_empty_transcript_grades_to_zero_without_error() -> None:
    card = grade_call([], None, (), "en")
    assert card.total == 0 and not card.passed


def test_one_question_naming_every_need_finds_none() -> None:
    greedy = "How are deliveries, wrong parts, returns and payment terms working for you?"
    card = grade_call([P("Hi."), T(greedy)], None, CAR_NEEDS, "en")
    assert card.needs_found == []
    assert "keyword_stuffing" in {e.rule for e in card.evidence}
    fair = grade_call([P("Hi."), T("How are deliveries working for you?")], None, CAR_NEEDS, "en")
    assert fair.needs_found == ["late_deliveries"]


def test_closing_on_a_need_the_caller_stated_is_not_premature() -> None:
    inbound = [
        P("Hi, our office chairs are broken and staff complain about back pain."),
        T("Sorry to hear that. Shall we book a fitting on Thursday at 10? I'll send the invite."),
    ]
    cold = [P("Hello?"), T("Hi, this is Sam. Shall we book a fitting on Thursday at 10?")]
    assert not grade_call(inbound, None, (), "en").premature_close
    card = grade_call(cold, None, (), "en")
    assert card.premature_close
    assert "premature_close:no_need_yet" in {e.rule for e in card.evidence}


def test_a_close_after_a_problem_question_that_found_no_need_is_premature() -> None:
    asked = [
        P("Hei, Kari her."),
        T("Hei, Sam fra NordVindu. Hva er den største utfordringen med vinduene deres?"),
        P("Nei, det går egentlig greit."),
        T("Skal jeg sende deg en kontrakt i dag?"),
    ]
    card = grade_call(asked, None, NB_NEEDS, "nb")
    assert card.needs_found == []
    assert card.premature_close
    assert "premature_close:no_need_yet" in {e.rule for e in card.evidence}
    found = [*asked[:2], P("Det er mye trekk og kaldt om vinteren."), asked[3]]
    assert not grade_call(found, None, NB_NEEDS, "nb").premature_close
