"""Tone of single replies, in English and Bokmål alike: brush-offs, sarcasm, talking down,
shifting blame, deadline pressure and "yes, but" cost politeness whatever courtesy surrounds
them; "actually" in a question, "don't you think" and a grumbled "vel" are no such thing."""

from __future__ import annotations

import pytest

import scoring


def _names(text: str, lang: str) -> set[str]:
    return {m.name for m in scoring.analyse_reply(text, lang).politeness.markers}


@pytest.mark.parametrize(
    ("lang", "text", "marker"),
    [
        ("en", "Fine, your loss.", "dismissive"),
        ("nb", "Greit, det er ditt tap.", "dismissive"),
        ("en", "If you want cheap food, stay with them.", "dismissive"),
        ("nb", "Vil du ha billig mat, så får du bare bli hos dem.", "dismissive"),
        ("en", "Sure you will. Everyone says that.", "sarcasm"),
        ("nb", "Ja, det gjør dere sikkert. Det sier alle.", "sarcasm"),
        ("en", "You haven't even heard what it is. Great way to run a business.", "sarcasm"),
        ("nb", "Du har jo ikke engang hørt hva det er. Flott måte å drive bedrift på.", "sarcasm"),
        ("en", "Because you get what you pay for.", "condescension"),
        ("nb", "Fordi man får det man betaler for.", "condescension"),
        ("en", "Surely you know what ransomware is?", "condescension"),
        ("nb", "Men du vet vel hva løsepengevirus er?", "condescension"),
        ("en", "That's the courier's fault, not ours. You'll have to take it up with them.",
         "defensive"),
        ("nb", "Det er budfirmaets feil, ikke vår. Det må du ta opp med dem.", "defensive"),
        ("en", "Yeah, but that was a cheaper product.", "defensive"),
        ("nb", "Ja, men det var et billigere produkt.", "defensive"),
        ("en", "Just so you know, the offer ends at 5 today.", "pressure"),
        ("nb", "Bare så du vet det, tilbudet utløper klokka fem i dag.", "pressure"),
        ("en", "Shall I just put you down for them, so you don't have to think about it?",
         "pushy_courtesy"),
        ("nb", "Skal jeg bare sette deg opp på dem, så slipper du å tenke mer på det?",
         "pushy_courtesy"),
    ],
)
def test_a_hostile_move_is_heard_in_both_languages(lang: str, text: str, marker: str) -> None:
    assert marker in _names(text, lang)
    assert scoring.analyse_reply(text, lang).politeness.score < 50


@pytest.mark.parametrize(
    ("lang", "text", "marker"),
    [
        ("en", "Very sensible. I'll send you the references today.", "acknowledgement"),
        ("nb", "Veldig fornuftig. Jeg sender deg referansene i dag.", "acknowledgement"),
        ("en", "I'm sorry about that, we'll get it sorted today.", "reassurance"),
        ("nb", "Det er jeg lei meg for, og det skal ordnes i dag.", "reassurance"),
        ("en", "Oh no. How did that affect the tenants?", "acknowledgement"),
        ("nb", "Å nei. Hvordan påvirket det leietakerne?", "acknowledgement"),
        ("en", "That may well be true. What is included with them?", "acknowledgement"),
        ("nb", "Det kan godt hende. Hva er inkludert hos dem?", "acknowledgement"),
        ("en", "Oh, that's great to hear!", "acknowledgement"),
        ("nb", "Å, så flott å høre!", "acknowledgement"),
    ],
)
def test_agreeing_and_promising_the_fix_are_courteous(lang: str, text: str, marker: str) -> None:
    assert marker in _names(text, lang)


def test_actually_softens_a_question_and_insists_in_a_statement() -> None:
    assert "factuality" not in _names("Which checklists have actually been completed?", "en")
    assert "factuality" in _names("Ours actually works.", "en")
    assert "factuality" not in _names("Hvordan fungerer det egentlig hos dere?", "nb")


def test_dont_you_think_is_a_question_not_a_command() -> None:
    assert "bare_command" not in _names("Don't you think that's because of the site?", "en")
    assert "bare_command" in _names("Don't call me again.", "en")


def test_a_grumbled_vel_is_no_hedge() -> None:
    assert "hedge" not in _names("Ja vel. Da får jeg vel ringe noen andre.", "nb")


@pytest.mark.parametrize(
    ("lang", "text", "line"),
    [
        ("en", "No, that's not true, our product is better.", "It's too expensive."),
        ("nb", "Nei, det stemmer ikke, produktet vårt er bedre.", "Det er for dyrt."),
    ],
)
def test_arguing_with_the_objection_costs_the_reply_politeness(
    lang: str, text: str, line: str
) -> None:
    a = scoring.analyse_reply(text, lang, {"objection": "price", "prospect_line": line})
    assert a.objection is not None and a.objection.arguing
    assert "defensive" in {m.name for m in a.politeness.markers}
    assert a.politeness.score < 50


def test_a_call_charges_arguing_once_to_objection_handling() -> None:
    turns = [
        {"speaker": "prospect", "text": "It's too expensive.", "objection": "price"},
        {"speaker": "trainee", "text": "No, that's not true, our product is better."},
    ]
    card = scoring.grade_call(turns, None, (), "en")
    rules = [(e.rule, e.criterion) for e in card.evidence]
    assert ("objection_arguing", "objection_handling") in rules
    assert ("defensive", "politeness") not in rules


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("nb", "I morgen sender jeg avtalen."),
        ("nb", "På torsdag kommer jeg innom."),
        ("nb", "Det ordner jeg i dag."),
        ("en", "Tomorrow I'll send the agreement."),
        ("en", "I'll sort that today."),
    ],
)
def test_the_seller_owns_a_step_after_a_fronted_time_or_object(lang: str, text: str) -> None:
    assert scoring.analyse_reply(text, lang).closing.next_step.owner


@pytest.mark.parametrize(
    ("lang", "text", "line"),
    [
        ("en", "We have a great range of office chairs in stock.", "It's too expensive for us."),
        ("nb", "Vi har et flott utvalg av kontorstoler på lager.", "Det er for dyrt for oss."),
    ],
)
def test_talking_past_an_objection_costs_politeness(lang: str, text: str, line: str) -> None:
    a = scoring.analyse_reply(text, lang, {"objection": "price", "prospect_line": line})
    assert a.objection is not None and a.objection.ignoring
    assert "ignores_prospect" in {m.name for m in a.politeness.markers}


@pytest.mark.parametrize(
    ("lang", "text", "line"),
    [
        ("en", "That shouldn't have happened. I'll have a technician with you tomorrow by nine.",
         "The machine you sent us is broken."),
        ("nb", "Det skulle ikke ha skjedd. Jeg sørger for at en tekniker er hos dere i morgen "
         "innen klokka ni.", "Maskinen dere sendte oss er ødelagt."),
    ],
)
def test_offering_the_fix_for_a_complaint_reassures(lang: str, text: str, line: str) -> None:
    a = scoring.analyse_reply(text, lang, {"objection": "complaint", "prospect_line": line})
    assert a.objection is not None
    assert "fix_offered" in {m.name for m in a.objection.markers}
    assert "reassurance" in {m.name for m in a.politeness.markers}
    # owning and fixing it takes the complaint up: no "ignoring", no cost for it
    assert not a.objection.ignoring
    assert "ignores_prospect" not in {m.name for m in a.politeness.markers}


@pytest.mark.parametrize(
    ("lang", "text", "line"),
    [
        ("en", "Sadly yes. But I have a very similar model in stock. Shall I hold one for you?",
         "So the blue one is sold out?"),
        ("nb", "Ja, dessverre. Men jeg har en tilsvarende modell på lager. Skal jeg holde av en "
         "til deg?", "Så den blå er utsolgt?"),
    ],
)
def test_offering_an_alternative_takes_up_a_sold_out_objection(
    lang: str, text: str, line: str
) -> None:
    a = scoring.analyse_reply(text, lang, {"objection": "sold_out", "prospect_line": line})
    assert a.objection is not None and a.objection.alternative
    assert not a.objection.ignoring


@pytest.mark.parametrize(
    ("lang", "text", "line"),
    [
        ("en", "I'm really sorry, that's not acceptable, and it's on us.",
         "The cleaners didn't turn up again."),
        ("nb", "Det er jeg virkelig lei meg for, det er ikke akseptabelt, og det er vårt ansvar.",
         "Vaskerne kom ikke i dag heller."),
    ],
)
def test_siding_with_the_buyer_on_a_complaint_is_no_negative_tone(
    lang: str, text: str, line: str
) -> None:
    a = scoring.analyse_reply(text, lang, {"objection": "complaint", "prospect_line": line})
    assert "negative_tone" not in {m.name for m in a.politeness.markers}
    assert a.politeness.score > 50


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "You'd agree it makes sense to lock in the price now, wouldn't you?"),
        ("nb", "Men du vet vel hva løsepengevirus er?"),
        ("en", "Why would anyone pay less and get half the quality?"),
        ("nb", "Hvorfor skulle noen betale mindre og få halve kvaliteten?"),
    ],
)
def test_a_leading_question_in_a_conversation_costs_politeness(lang: str, text: str) -> None:
    ctx = {"prospect_line": "We're happy with what we have."}
    a = scoring.analyse_reply(text, lang, ctx)
    steer = [m for m in a.politeness.markers if m.name == "direct_question" and m.points < -3]
    assert steer and a.politeness.score < 50


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Wouldn't it be great to get that down to 20 minutes?"),
        ("nb", "Hadde det ikke vært fint å få det ned til 20 minutter?"),
    ],
)
def test_a_wished_for_outcome_is_no_push(lang: str, text: str) -> None:
    a = scoring.analyse_reply(text, lang, {"prospect_line": "It takes us an hour now."})
    assert not [m for m in a.politeness.markers if m.name == "direct_question"]


@pytest.mark.parametrize(
    ("lang", "text", "line"),
    [
        ("en", "Sorry to hear that. By the way, how many employees do you have?",
         "Our last supplier let us down badly."),
        ("nb", "Leit å høre. Forresten, hvor mange ansatte har dere?",
         "Den forrige leverandøren sviktet oss totalt."),
    ],
)
def test_by_the_way_after_the_buyer_spoke_earns_no_courtesy(
    lang: str, text: str, line: str
) -> None:
    a = scoring.analyse_reply(text, lang, {"prospect_line": line})
    assert "indirect" not in {m.name for m in a.politeness.markers}
    assert "indirect" in {m.name for m in scoring.analyse_reply(text, lang).politeness.markers}


@pytest.mark.parametrize(
    ("lang", "text", "marker", "found"),
    [
        # A blunt opening opens the reply, not a thought further on.
        ("en", "So what do you need?", "direct_start", True),
        ("nb", "Så hva trenger du?", "direct_start", True),
        ("en", "Thanks for that. And for the lorries we can fit acoustic glass.",
         "direct_start", False),
        ("nb", "Takk for det. Og for lastebilene kan vi sette inn lydglass.",
         "direct_start", False),
        ("en", "Thanks for that. And what does that cost you?", "direct_start", False),
        ("nb", "Takk for det. Men hva koster det dere?", "direct_start", False),
        ("en", "You need to decide today.", "second_person_start", True),
        ("nb", "Du må bestemme deg i dag.", "second_person_start", True),
        ("en", "Good. Your nephew can stay as the local contact too.",
         "second_person_start", False),
        ("nb", "Fint. Nevøen din kan fortsatt være lokal kontakt.",
         "second_person_start", False),
        # Giving the buyer's words back is listening.
        ("en", "You mentioned the floor is from 1985, how thick is it?", "second_person_start",
         False),
        ("nb", "Du nevnte at gulvet er fra 1985, hvor tykt er det?", "second_person_start",
         False),
        ("nb", "Dusjen er kald.", "second_person_start", False),
        # Talking down how they work now is a jab; "old-fashioned service" of our own is not.
        ("en", "Yeah, that's a pretty old-school way of doing it.", "belittling", True),
        ("nb", "Ja, det er en ganske gammeldags måte å gjøre det på.", "belittling", True),
        ("en", "We still offer an old-fashioned personal service.", "belittling", False),
        ("nb", "Vi tilbyr fortsatt gammeldags personlig service.", "belittling", False),
    ],
)
def test_a_blunt_opening_opens_the_reply(
    lang: str, text: str, marker: str, found: bool
) -> None:
    assert (marker in _names(text, lang)) is found
