"""Ways of acknowledging and exploring an objection a sales coach credits, in English and
Bokmål, and the same words made rude or pushy, which earn nothing."""

from __future__ import annotations

import pytest

from scoring import ObjectionResponse, analyse_reply


def _handled(text: str, lang: str, objection: str, prospect: str = "") -> ObjectionResponse:
    a = analyse_reply(text, lang, {"objection": objection, "prospect_line": prospect or None})
    assert a.objection is not None
    return a.objection


# -- exploring ------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "price", "I understand. Could I ask a few questions so the price fits what you need?"),
    ("en", "stall", "Of course. Can I ask one quick thing so I don't waste your time later: is "
                    "the project still on this year?"),
    ("en", "timing", "I hear you. Do you have time for two quick questions, or shall I call back?"),
    ("en", "not_interested", "Fair enough. Would you mind if I asked you something first?"),
    ("nb", "price", "Jeg skjønner. Kan jeg stille deg et par spørsmål, så prisen passer det "
                    "dere trenger?"),
    ("nb", "timing", "Det forstår jeg godt. Skal jeg ta ett spørsmål nå, eller ringe deg "
                     "tilbake på torsdag kl. 9?"),
    ("nb", "not_interested", "Greit nok. Har du noe imot at jeg spør om én ting?"),
    ("nb", "stall", "Selvfølgelig. Har du tid til et kort spørsmål før vi legger på?"),
])
def test_asking_leave_to_explore_explores(lang: str, objection: str, text: str) -> None:
    assert _handled(text, lang, objection).explored


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Could I ask a few questions, you idiot?"),
    ("en", "Can I ask you a couple of questions? You need to decide today, though."),
    ("en", "By the way, could I ask a few questions about your fleet?"),
    ("nb", "Kan jeg stille et par spørsmål? Du må bestemme deg nå."),
    ("nb", "Kan jeg stille deg et par spørsmål, din tosk?"),
])
def test_asking_leave_rudely_pushily_or_off_the_point_explores_nothing(lang: str,
                                                                        text: str) -> None:
    assert not _handled(text, lang, "price").explored


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "not_interested", "Fair enough. Could I just ask what's behind that?"),
    ("en", "incumbent", "Understood. Can I still ask how they do on same-day delivery?"),
    ("en", "price", "Makes sense. I'd like to ask what you're comparing us with."),
    ("nb", "not_interested", "Det skjønner jeg. Kan jeg likevel spørre hvordan vinduene "
                             "fungerer om vinteren?"),
    ("nb", "price", "Forståelig. Kan jeg bare spørre hva som ligger bak tallet?"),
    ("nb", "incumbent", "Greit nok. Jeg vil gjerne spørre hva dere liker best med dem."),
])
def test_an_embedded_question_is_open_and_explores(lang: str, objection: str, text: str) -> None:
    a = analyse_reply(text, lang, {"objection": objection})
    assert a.question_form == "open"
    assert a.objection is not None and a.objection.explored


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "not_interested", "You're right, and I'm sorry for pushing. When would you start "
                             "looking at the renewal, so I ring you when it's useful?"),
    ("en", "sold_out", "Sorry about that. Where would you need them delivered, and by when?"),
    ("nb", "sold_out", "Beklager, det var kort av meg. Før du ringer noen andre: når trenger "
                       "du delene, og må det være original?"),
    ("nb", "timing", "Skjønner. Når går avtalen deres ut, sånn omtrent?"),
])
def test_a_question_word_with_its_verb_asks_even_before_a_comma(lang: str, objection: str,
                                                                text: str) -> None:
    assert _handled(text, lang, objection).explored


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "When parts are late, what happens to the car on the lift?"),
    ("en", "When you say fine, how do they do on same-day delivery?"),
    ("nb", "Når dere trenger deler, hvordan bestiller dere dem?"),
    ("nb", "Når du sier greit, hva mener du med det?"),
])
def test_a_leading_when_clause_is_still_not_the_question(lang: str, text: str) -> None:
    a = analyse_reply(text, lang)
    assert len(a.questions) == 1 and a.questions[0].form == "open"


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "price", "I hear you. Before we go further, is there anything else on your list?"),
    ("en", "stall", "Of course. Is that the only thing holding you back?"),
    ("en", "price", "Understood. Apart from the price, are there any other concerns?"),
    ("en", "complaint", "That's not acceptable. Was there anything more that went wrong?"),
    ("nb", "price", "Det skjønner jeg at du spør om. Før jeg svarer: er det noe mer enn "
                    "betalingstiden vi må løse for at vi blir enige?"),
    ("nb", "complaint", "Beklager. Var det noe mer som gjorde at dere sluttet å bestille?"),
    ("nb", "stall", "Selvfølgelig. Er det andre ting som gjør deg usikker?"),
    ("nb", "price", "Forstår. Er det det eneste som står i veien?"),
])
def test_asking_what_else_is_behind_it_isolates_the_objection(lang: str, objection: str,
                                                              text: str) -> None:
    assert _handled(text, lang, objection).explored


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Sure. Is there anything else I can help you with today?"),
    ("en", "Sure. Is there any more information you need from me?"),
    ("nb", "Klart det. Var det noe mer jeg kan hjelpe deg med i dag?"),
    ("nb", "Klart det. Er det noe mer informasjon dere trenger fra meg?"),
])
def test_the_helpdesk_anything_else_explores_nothing(lang: str, text: str) -> None:
    assert not _handled(text, lang, "authority").explored


@pytest.mark.parametrize(("lang", "text", "offers_choice"), [
    ("en", "Many start looking a year or two before the lease ends. When does yours run out?",
     False),
    ("en", "We'd need a week or so. Would Tuesday or Thursday suit you?", True),
    ("nb", "Mange begynner å se seg om et år eller to før kontrakten går ut – når går "
           "leieavtalen deres ut?", False),
    ("nb", "Passer tirsdag eller torsdag best?", True),
])
def test_an_estimate_is_no_choice(lang: str, text: str, offers_choice: bool) -> None:
    a = analyse_reply(text, lang, {"objection": "timing"})
    assert (a.questions[-1].form == "choice") is offers_choice
    assert ("alternative_choice" in a.closing.techniques) is offers_choice
    # A question about when the lease runs out explores the timing; offering two days closes.
    assert a.objection is not None and a.objection.explored is not offers_choice


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "stall", "Is it the delivery you're unsure about?"),
    ("en", "stall", "Of course. Is there something you'd like to be clearer on first?"),
    ("nb", "stall", "Selvfølgelig. Er det leveringen du er usikker på?"),
    ("nb", "price", "Jeg forstår. Er det prisen som er problemet, eller noe annet?"),
    ("nb", "stall", "Er det noe du gjerne vil ha klarere før du bestemmer deg?"),
    ("nb", "stall", "Selvfølgelig. Er det noe du lurer på?"),
    ("en", "stall", "Of course. Is there anything you'd like to know before you decide?"),
])
def test_pinning_down_the_hesitation_explores_it(lang: str, objection: str, text: str) -> None:
    assert _handled(text, lang, objection).explored


# -- acknowledging --------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "price", "I want to make it work for you. What's behind the sixty days?"),
    ("en", "price", "I'd really like to find something that works for both of us. What budget "
                    "did you have in mind?"),
    ("nb", "price", "Jeg vil gjerne få det til for deg. Hva ligger bak de 60 dagene?"),
    ("nb", "price", "Jeg vil finne en løsning som passer for dere. Hva har dere satt av?"),
    ("en", "incumbent", "It's good to have a supplier you can trust. What would you change?"),
    ("en", "incumbent", "That's great that you've got a carpenter you can rely on. What can't "
                        "he fix?"),
    ("nb", "incumbent", "Det er bra å ha en snekker man stoler på. Hva ville du endret?"),
    ("nb", "incumbent", "Så bra at dere har en leverandør dere kan stole på. Hva savner du?"),
    ("en", "send_info", "I respect that. Who else looks after the cleaning?"),
    ("nb", "send_info", "Det respekterer jeg. Vet du når det passer best å nå ham?"),
    ("nb", "send_info", "Det gjør jeg gjerne. Hva bør e-posten handle om?"),
    ("nb", "send_info", "Det sender jeg mer enn gjerne. Hva er viktigst for styret?"),
    ("en", "complaint", "That doesn't sound good. What did it mean for the customer?"),
    ("en", "complaint", "Ouch. What happened to the car?"),
    ("nb", "complaint", "Det høres ikke bra ut. Hva betydde det for dere og kunden?"),
    ("nb", "complaint", "Uff da. Hva skjedde med bilen?"),
])
def test_goodwill_validation_respect_and_empathy_acknowledge(lang: str, objection: str,
                                                             text: str) -> None:
    assert _handled(text, lang, objection).acknowledged


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "That's not acceptable, and I'll get the credit note to you today."),
    ("en", "That is unacceptable. Which order was it?"),
    ("nb", "Det er ikke greit, og den kreditnotaen sørger jeg for at du har i dag."),
    ("nb", "Det er helt uholdbart. Hvilken ordre gjelder det?"),
])
def test_siding_with_the_buyer_acknowledges_a_complaint(lang: str, text: str) -> None:
    assert _handled(text, lang, "complaint").acknowledged


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "That's not acceptable to us. We can't do sixty days."),
    ("nb", "Det er ikke greit å be om 60 dager."),
])
def test_not_acceptable_about_the_buyers_demand_is_no_acknowledgement(lang: str,
                                                                      text: str) -> None:
    assert not _handled(text, lang, "price").acknowledged


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "complaint", "That's not okay, but it's not our fault, the courier did it."),
    ("nb", "complaint", "Det er ikke greit, men det er ikke vår feil."),
    ("en", "price", "I want to make it work for you, so just sign today."),
    ("en", "incumbent", "It's good to have a supplier you trust, but trust me, you'll switch."),
    ("en", "send_info", "I respect that, you idiot."),
    ("nb", "price", "Jeg vil gjerne få det til for deg, så bare signer i dag."),
    ("nb", "incumbent", "Det er bra å ha en snekker man stoler på, men stol på meg, han er "
                        "ubrukelig."),
    ("nb", "send_info", "Det respekterer jeg, men du må bestemme deg nå."),
])
def test_the_same_words_pushed_or_blamed_acknowledge_nothing(lang: str, objection: str,
                                                             text: str) -> None:
    assert not _handled(text, lang, objection).acknowledged


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "That doesn't sound good. What did it cost you?"),
    ("en", "Doesn't sound good to me either."),
])
def test_a_sympathetic_doesnt_sound_good_is_no_trial_close(lang: str, text: str) -> None:
    assert not analyse_reply(text, lang).closing.attempt


@pytest.mark.parametrize(
    ("lang", "text", "prospect", "need"),
    [
        ("en", "Youre paying for it already, in your evenings and refunds. Try us for a month.",
         "That is more than our boxes cost. Not sure we can afford that.",
         "we lose evenings packing and refunds"),
        ("nb", "Dere betaler allerede for det, i kveldene og refusjonene. Prøv oss en måned.",
         "Det er mer enn vi har råd til.", "vi bruker kveldene på pakking og refusjoner"),
    ],
)
def test_tying_the_objection_to_a_stated_need_is_not_ignoring_it(
    lang: str, text: str, prospect: str, need: str
) -> None:
    a = analyse_reply(text, lang, {"objection": "price", "prospect_line": prospect,
                                   "stated_needs": (need,)})
    assert a.objection is not None
    assert a.objection.tied_to_need and not a.objection.ignoring
    assert not a.objection.acknowledged  # blunt: no credit it did not earn
