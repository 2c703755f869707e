"""An objection talked past and then answered one reply later earns its moves, less a charge;
one never returned to stays ignored; a reply that only mentions the topic is no return."""

from __future__ import annotations

import pytest
from scoring_calls import P, T

from scoring import grade_call
from scoring.objection_return import LATE

PRICE = {
    "en": ("You're probably more expensive than what I pay now.",
           "How about we meet on Thursday at ten at your garage?",
           "Maybe.",
           "I get that price matters. Apart from list price, what do late parts cost you today?",
           "Our prices are on the website."),
    "nb": ("Dere er sikkert dyrere enn det jeg betaler nå.",
           "Skal vi møtes på torsdag klokka ti hos dere?",
           "Kanskje.",
           "Jeg skjønner at prisen betyr mye. Hva koster forsinkelsene dere i dag, utenom prisen?",
           "Prisene våre står på nettsiden."),
}


def _objection_points(card: object) -> list[tuple[int, str, float]]:
    return [(e.turn, e.rule, e.points) for e in card.evidence  # type: ignore[attr-defined]
            if e.criterion == "objection_handling" and e.points]


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_coming_back_to_an_ignored_objection_earns_its_moves_less_the_delay(lang: str) -> None:
    objection, past_it, maybe, back, _ = PRICE[lang]
    late = grade_call([P("Hi.", objection="price"), T(past_it), P(maybe), T(back)], None, (),
                      lang)
    never = grade_call([P("Hi.", objection="price"), T(past_it), P(maybe), T("Great.")], None,
                       (), lang)
    at_once = grade_call([P("Hi.", objection="price"), T(back)], None, (), lang)
    rules = {rule for _, rule, _ in _objection_points(late)}
    assert "objection_answered_late" in rules and "objection_ignoring" not in rules
    assert all(turn == 3 for turn, _, _ in _objection_points(late))
    assert "objection_ignoring" in {rule for _, rule, _ in _objection_points(never)}
    oh = "objection_handling"
    assert never.criteria[oh].score < late.criteria[oh].score < at_once.criteria[oh].score
    assert at_once.criteria[oh].score - late.criteria[oh].score == pytest.approx(-LATE)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_reply_that_only_names_the_topic_is_no_return(lang: str) -> None:
    objection, past_it, maybe, _, topic_only = PRICE[lang]
    card = grade_call([P("Hi.", objection="price"), T(past_it), P(maybe), T(topic_only)], None,
                      (), lang)
    assert "objection_ignoring" in {rule for _, rule, _ in _objection_points(card)}


def test_the_window_closes_after_two_replies() -> None:
    objection, past_it, maybe, back, _ = PRICE["en"]
    card = grade_call([P("Hi.", objection="price"), T(past_it), P(maybe), T("Right."), P(maybe),
                       T("Okay."), P(maybe), T(back)], None, (), "en")
    assert "objection_answered_late" not in {rule for _, rule, _ in _objection_points(card)}


@pytest.mark.parametrize("question", [
    "who do you buy your brake parts from today?",
    "Which supplier do you use at the moment?",
])
def test_a_short_situation_question_is_not_keyword_stuffing(question: str) -> None:
    card = grade_call([P("Hi."), T(question)], None, (), "en")
    assert "keyword_stuffing" not in {e.rule for e in card.evidence}


@pytest.mark.parametrize(("reply", "lang", "seller"), [
    ("Hi Karen, Alex from Brightwell.", "en", "Brightwell Windows"),
    ("hi jason, alex from tenby plant, got a minute?", "en", "Tenby Plant Hire"),
    ("Hello Priya, Alex speaking, have you got a minute?", "en", "Harlow Office"),
    ("hei henrik, ole fra vindusverket", "nb", "Vindusverket"),
    ("Hei, Kari fra Bjørnstad Vinduer.", "nb", "Bjørnstad Vinduer AS"),
    ("God morgen Linn, Jonas i Nordisk Verktøymaskin.", "nb", "Nordisk Verktøymaskin"),
])
def test_a_name_and_the_sellers_company_introduce_the_caller(reply: str, lang: str,
                                                             seller: str) -> None:
    card = grade_call([P("Hello?"), T(reply)], {"weights": {"needs_discovery": 25,
                      "politeness": 25, "objection_handling": 25, "closing": 25},
                      "must": ["introduces_self"]}, (), lang, seller=seller)
    assert "introduces_self" not in card.must_broken


def test_the_sellers_company_alone_introduces_no_one_who_is_not_calling() -> None:
    card = grade_call([P("Hello?"), T("I read about the delays at the port.")],
                      {"weights": {"needs_discovery": 25, "politeness": 25,
                                   "objection_handling": 25, "closing": 25},
                       "must": ["introduces_self"]}, (), "en", seller="Brightwell")
    assert "introduces_self" in card.must_broken


TRUST = {
    "en": ("Where does the patient data sit? The last system we saw was hosted abroad.",
           "We're not like that, everything's UK-hosted and encrypted, so reception gets "
           "their mornings back.",
           "Okay... that's a lot.",
           "Sorry, I got carried away there. What would you need to be sure of about the data?"),
    "nb": ("Hvor ligger pasientdataene? Det forrige systemet vi så på lå i utlandet.",
           "Vi er ikke sånn, alt ligger i Norge og er kryptert, så resepsjonen får morgenene "
           "tilbake.",
           "Ok ... det var mye.",
           "Beklager, jeg ble revet med. Hva trenger du å være trygg på når det gjelder dataene?"),
}


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_coming_back_after_an_answer_that_neither_acknowledged_nor_asked_counts_too(
    lang: str,
) -> None:
    objection, dump, pause, back = TRUST[lang]
    need = "reception mornings" if lang == "en" else "resepsjonen morgenene"
    turns = [P(objection, objection="trust"), T(dump), P(pause), T(back)]
    late = grade_call(turns, None, [{"id": "mornings", "fact": need, "cues": []}], lang)
    alone = grade_call(turns[:2], None, [{"id": "mornings", "fact": need, "cues": []}], lang)
    oh = "objection_handling"
    assert "objection_answered_late" in {r for _, r, _ in _objection_points(late)}
    assert late.criteria[oh].score > alone.criteria[oh].score
