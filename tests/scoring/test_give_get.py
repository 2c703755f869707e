"""A concession traded for something is give-get, not a discount at once; the buyer's own
figure said back is no discount at all; a discount for signing fast still is one."""

from __future__ import annotations

import pytest
from scoring_calls import P, T

from scoring import grade_call


def _rules(objection: str, reply: str, lang: str) -> set[str]:
    card = grade_call([P(objection, objection="price"), T(reply)], None, (), lang)
    return {e.rule for e in card.evidence if e.criterion == "objection_handling"}


@pytest.mark.parametrize(("lang", "objection", "reply"), [
    ("en", "Six percent? I want a discount.",
     "I understand. If you commit to two years, we can hold the increase at 3%."),
    ("nb", "Seks prosent? Glem det.",
     "Jeg skjønner. Hvis dere binder dere for to år, holder vi økningen på 3 prosent."),
    ("en", "Six percent is too much.", "I hear you, 6% is a lot. What makes it hard this year?"),
    ("nb", "Seks prosent svelger jeg ikke.",
     "Jeg skjønner at 6 prosent er mye. Hva er det som gjør det tungt akkurat nå?"),
])
def test_a_traded_concession_or_an_echoed_figure_is_no_discount(lang: str, objection: str,
                                                                 reply: str) -> None:
    assert "objection_discounting" not in _rules(objection, reply, lang)


@pytest.mark.parametrize(("lang", "reply"), [
    ("en", "Fine, 25% off if you sign this week."),
    ("en", "I can do 3% instead."),
    ("nb", "Greit, 25 % rabatt hvis du signerer denne uka."),
    ("nb", "Jeg kan gi deg 4 prosent."),
])
def test_a_discount_for_nothing_or_for_haste_is_still_discounting(lang: str, reply: str) -> None:
    assert "objection_discounting" in _rules("Too expensive.", reply, lang)


@pytest.mark.parametrize(("lang", "reply"), [
    ("nb", "Sånn er markedet nå. Det er ikke noe å diskutere."),
    ("nb", "Ja, gjør det du."),
    ("en", "There's nothing to discuss, that's the price."),
    ("en", "Be my guest."),
])
def test_brushing_the_buyer_off_is_dismissive(lang: str, reply: str) -> None:
    card = grade_call([P("Too expensive, I'll look elsewhere.", objection="price"), T(reply)],
                      None, (), lang)
    assert "dismissive" in {e.rule for e in card.evidence}


def test_understood_at_the_start_acknowledges() -> None:
    assert "objection_acknowledged" in _rules(
        "Too expensive.", "Understood. What are you comparing it with?", "en")


@pytest.mark.parametrize(("reply", "rude"), [
    ("So it doesn't get lost, could I put a call in for Tuesday at ten?", False),
    ("The invoice got lost in the post, I'm sorry.", False),
    ("Oh, get lost.", True),
])
def test_get_lost_is_rude_only_when_it_is_said_to_someone(reply: str, rude: bool) -> None:
    from trainer.engine.globals import is_rude, load

    assert is_rude(reply, load("en")) is rude


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_pitch_after_a_need_is_found_is_not_a_pitch_before_learning_it(lang: str) -> None:
    from scoring import NeedSpec, Turn

    ask = {"en": "How many desks do you need, and what are they for?",
           "nb": "Hvor mange pulter trenger dere, og hva skal de brukes til?"}[lang]
    pitch = {"en": "We're the market leader, our desks are the best around and we beat any price.",
             "nb": "Vi er markedsledende på kontormøbler, og vi har de beste prisene."}[lang]
    need = NeedSpec("new_starters", "Twelve new starters in March.", ("starters",))
    turns = [
        Turn("prospect", "Hi, it's Priya.", "opening", None, None, False),
        Turn("trainee", ask, "opening", None, ("new_starters",), False),
        Turn("prospect", "Twelve new starters in March.", "opening", None, None, False),
        Turn("trainee", pitch, "offer", None, (), False),
    ]
    card = grade_call(turns, None, [need], lang)
    assert not any(e.rule == "pitch_before_problem" for e in card.evidence)
    alone = grade_call([turns[0], Turn("trainee", pitch, "offer", None, (), False)], None,
                       [need], lang)
    assert any(e.rule == "pitch_before_problem" for e in alone.evidence)
