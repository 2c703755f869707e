"""Closes a sales coach credits, in English and Bokmål: a booking said back with its day and
time, picking between offered options, checking that a proposal lands, the buyer's own part
with a date, inviting the one who decides. The same words with pressure earn no close points,
and look-alikes (an estimate, a sympathetic "doesn't sound good", a story) are no close."""

from __future__ import annotations

import pytest

from scoring import ReplyAnalysis, analyse_reply
from scoring.close_points import best_close_value


def _a(text: str, lang: str) -> ReplyAnalysis:
    return analyse_reply(text, lang)


def _parts(a: ReplyAnalysis) -> int:
    step = a.closing.next_step
    return step.action + step.time + step.owner


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Lovely — Saturday at ten, then. Could I take your address and a mobile number? "
           "I'll text you a confirmation and the surveyor's name."),
    ("en", "Perfect, Tuesday at 2pm it is. I'll send the invite this afternoon."),
    ("en", "Great, see you on Thursday at half past nine. I'll bring the samples."),
    ("nb", "Så flott — lørdag klokka ti, da. Kan jeg få adressen? Jeg sender deg en "
           "bekreftelse på SMS."),
    ("nb", "Fint, tirsdag kl. 14 blir det. Jeg sender invitasjonen i ettermiddag."),
    ("nb", "Supert, da sier vi torsdag klokka halv ti. Jeg tar med prøvene."),
])
def test_a_booking_said_back_with_day_and_time_is_a_concrete_close(lang: str, text: str) -> None:
    a = _a(text, lang)
    assert "assumptive" in a.closing.techniques
    assert a.closing.next_step.time and _parts(a) >= 2
    assert best_close_value(a) > 0


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "They came on Saturday at ten, then left without fitting anything."),
    ("en", "Saturday, then."),
    ("nb", "De kom på lørdag klokka ti, da var det for sent."),
    ("nb", "Lørdag, da."),
])
def test_a_story_or_a_day_without_a_time_books_nothing(lang: str, text: str) -> None:
    assert "assumptive" not in _a(text, lang).closing.techniques


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Saturday at ten, then — sign today or you lose the slot."),
    ("nb", "Lørdag klokka ti, da — signer i dag, ellers mister du plassen."),
])
def test_a_booking_with_pressure_earns_no_close_points(lang: str, text: str) -> None:
    a = _a(text, lang)
    assert a.closing.urgency and best_close_value(a) == 0


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "I can do a quarter on order and the balance at thirty days, or we put it through "
           "our finance partner. Which would suit you better?"),
    ("en", "We could start with the sales team or roll it out to everyone. Which do you prefer?"),
    ("en", "I can come by Tuesday at 10 or Thursday at 2. Which suits you better?"),
    ("nb", "Jeg kan tilby 30 prosent forskudd og resten på 30 dager, eller 60 dager med "
           "bankgaranti. Hva passer best for dere?"),
    ("nb", "Vi kan starte med salgsavdelingen eller ta alle på én gang. Hva foretrekker du?"),
    ("nb", "Jeg kan komme tirsdag klokka ti eller torsdag klokka to. Hvilken passer best?"),
])
def test_picking_between_offered_options_is_an_alternative_close(lang: str, text: str) -> None:
    a = _a(text, lang)
    assert "alternative_choice" in a.closing.techniques
    assert a.questions[-1].form == "choice" and a.questions[-1].spin is None


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Which supplier do you prefer at the moment?"),
    ("en", "Which would you prefer?"),
    ("nb", "Hva passer best for dere?"),
    ("nb", "Hvilken leverandør foretrekker du i dag?"),
])
def test_a_preference_question_without_options_is_no_close(lang: str, text: str) -> None:
    assert not _a(text, lang).closing.attempt


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Then I'd suggest slimline frames in heritage grey. Would that fit what you have "
           "in mind?"),
    ("en", "Our fitters board the back on the 15th. Does that work?"),
    ("en", "We deliver on Friday before noon. Does that work for your team?"),
    ("en", "We write an acceptance test into the contract. Would that put your mind at rest?"),
    ("en", "The final 10 percent is paid after sign-off. Would that make you feel more "
           "comfortable?"),
    ("nb", "Én rammeavtale for alle 28 hotellene. Treffer det behovet deres?"),
    ("nb", "Teknikeren vår kommer på befaring tirsdag i uke 24. Går det?"),
    ("nb", "Vi leverer fredag innen kl. 12. Går det for dere?"),
    ("nb", "Opplæringen er i uke 32. Passer det med tanke på uke 36?"),
    ("nb", "Vi skriver en overtakelsesprøve inn i kontrakten. Ville det gjort deg trygg?"),
    ("nb", "Jeg ringer deg tilbake innen klokka tre. Er det greit?"),
])
def test_checking_that_a_proposal_lands_is_a_trial_close(lang: str, text: str) -> None:
    assert "trial" in _a(text, lang).closing.techniques


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Does it fit in the van?"),
    ("en", "That doesn't sound good. What happened?"),
    ("nb", "Går det bra med deg?"),
    ("nb", "Er det greit at jeg spør om budsjettet?"),
])
def test_look_alikes_are_no_trial_close(lang: str, text: str) -> None:
    assert not _a(text, lang).closing.attempt


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "I'll need photo ID and proof of funds. Could you send them over before Tuesday?"),
    ("en", "Can you get the signed form back to me by Friday?"),
    ("nb", "Kan du skaffe bekreftelsen fra leasingselskapet innen fredag i uke 24?"),
    ("nb", "Kunne du sende meg fakturanummeret innen i morgen?"),
])
def test_the_buyers_part_with_a_date_is_a_concrete_close(lang: str, text: str) -> None:
    a = _a(text, lang)
    assert "direct" in a.closing.techniques
    assert a.closing.next_step.owner and a.closing.next_step.time


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Could you send me the invoice number?"),
    ("nb", "Kan du sende meg fakturanummeret?"),
])
def test_asking_the_buyer_for_something_without_a_date_is_no_close(lang: str, text: str) -> None:
    assert not _a(text, lang).closing.attempt


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Of course. Would it help if your partner joined us — Thursday at 10, at the garage?"),
    ("en", "Could your partner join us on Thursday at 10?"),
    ("en", "Our engineer can survey next week. Shall we build that into the plan?"),
    ("nb", "Selvfølgelig. Ville det hjelpe om kompanjongen din ble med oss — torsdag klokka ti, "
           "på verkstedet?"),
    ("nb", "Kunne kompanjongen din bli med på møtet torsdag kl. 10?"),
    ("nb", "Teknikeren kan ta befaring neste uke. Skal vi legge det inn i planen?"),
])
def test_inviting_the_one_who_decides_or_planning_it_in_is_a_concrete_close(lang: str,
                                                                           text: str) -> None:
    a = _a(text, lang)
    assert a.closing.attempt and a.closing.next_step.time and _parts(a) >= 2


@pytest.mark.parametrize(("lang", "text", "time"), [
    ("en", "Our fitters board the back on the 15th.", True),
    ("en", "Shall I set up the licences from the 1st of the month?", True),
    ("en", "We're on the 3rd floor.", False),
    ("nb", "Jeg sender deg en oversikt innen den 15., og så snakkes vi.", True),
    ("nb", "Skal jeg sette opp lisensene fra den første i måneden?", True),
    ("nb", "Vi sitter i 3. etasje.", False),
])
def test_a_day_of_the_month_is_a_time(lang: str, text: str, time: bool) -> None:
    assert _a(text, lang).closing.next_step.time is time


@pytest.mark.parametrize(("lang", "text", "close"), [
    ("en", "Happy to. Should I focus on delivery times or on invoice terms?", False),
    ("en", "Would delivery on Tuesday or Thursday suit you?", True),
])
def test_delivery_times_are_a_topic_not_a_delivery(lang: str, text: str, close: bool) -> None:
    assert _a(text, lang).closing.attempt is close


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "I'm so sorry. When would be a better time for me to call you back, tomorrow "
           "morning perhaps?"),
    ("nb", "Beklager. Når er det et bedre tidspunkt å ringe deg tilbake, i morgen tidlig?"),
])
def test_asking_for_a_better_time_to_call_is_a_close(lang: str, text: str) -> None:
    a = _a(text, lang)
    assert a.closing.attempt and a.closing.next_step.time


def test_a_suggested_step_then_a_time_asked_is_one_concrete_next_step() -> None:
    """A proposal said in one sentence and its time asked in the next ("Da foreslår jeg en
    befaring … Passer det torsdag klokka ti?") is a concrete step in both languages."""
    from scoring import analyse_reply

    for text, lang in (
        ("Da foreslår jeg en gratis befaring der vi måler vinduene. Passer det torsdag "
         "klokka ti?", "nb"),
        ("Mitt forslag er et kort møte hos dere. Går det an på onsdag kl. 14?", "nb"),
        ("I'd suggest a short visit to your site. Would Wednesday at two work?", "en"),
    ):
        step = analyse_reply(text, lang).closing.next_step
        assert analyse_reply(text, lang).closing.attempt, text
        assert step.action and step.time, (text, step)
    vague = analyse_reply("Jeg foreslår at vi tar det en annen gang.", "nb").closing
    assert not vague.attempt or vague.vague


@pytest.mark.parametrize(
    ("lang", "text", "close"),
    [
        ("en", "And does your current supplier charge for delivery or rush orders?", False),
        ("nb", "Er henting og levering med i de 24 kronene dere betaler i dag, eller kommer det i "
               "tillegg?", False),
        ("en", "Can we deliver today or tomorrow?", True),
        ("nb", "Skal vi levere i dag eller i morgen?", True),
        ("en", "Would you like the demo at your office or online?", True),
        ("nb", "Vil du ha demoen hos dere eller på Teams?", True),
    ],
)
def test_options_in_a_question_about_how_things_are_now_are_no_close(
    lang: str, text: str, close: bool
) -> None:
    assert analyse_reply(text, lang).closing.attempt is close


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "I can come over on Thursday at 10 to measure up, does that work?"),
        ("nb", "Jeg kan komme torsdag kl 10 og måle opp, passer det?"),
        ("en", "I suggest we do a free survey on Tuesday at two, does that work?"),
        ("nb", "Da foreslår jeg at vi tar en gratis befaring tirsdag kl 14, passer det?"),
    ],
)
def test_a_visit_the_seller_offers_has_an_owner_a_time_and_an_action(lang: str, text: str) -> None:
    step = analyse_reply(text, lang).closing.next_step
    assert step.owner and step.time and step.action
