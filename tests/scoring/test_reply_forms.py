"""Question form and SPIN kind of single replies, in English and Bokmål alike: questions that
answer themselves lead, a starter that asks for a name is closed, Bokmål's verb-first
condition is no question, and a one-letter word ends a sentence."""

from __future__ import annotations

import pytest

import scoring


def _main(text: str, lang: str) -> scoring.Question:
    questions = scoring.analyse_reply(text, lang).questions
    assert questions, text
    return max(reversed(questions), key=lambda q: q.spin is not None)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Why would anyone pay less and get half the quality?"),
        ("nb", "Hvorfor skulle noen betale mindre og få halve kvaliteten?"),
        ("en", "Wouldn't it be great to get that down to 20 minutes?"),
        ("nb", "Hadde det ikke vært fint å få det ned til 20 minutter?"),
        ("nb", "Men du vet vel hva løsepengevirus er?"),
        ("nb", "Billig alarm blir dyrt innbrudd, det skjønner vel du også?"),
    ],
)
def test_a_question_that_answers_itself_leads(lang: str, text: str) -> None:
    assert _main(text, lang).form == "leading"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Wouldn't it be great to get that down to 20 minutes?"),
        ("nb", "Hadde det ikke vært fint å få det ned til 20 minutter?"),
    ],
)
def test_a_wished_for_outcome_is_need_payoff_in_both_languages(lang: str, text: str) -> None:
    assert _main(text, lang).spin == "need_payoff"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Could you tell me who looks after the cleaning contract?"),
        ("nb", "Kan du si meg hvem som har ansvaret for renholdsavtalen?"),
        ("en", "Can you tell me which days it was?"),
        ("nb", "Kan du fortelle meg hvilke dager det var?"),
    ],
)
def test_a_starter_that_asks_for_a_name_or_a_day_is_closed(lang: str, text: str) -> None:
    q = _main(text, lang)
    assert (q.form, q.factual) == ("closed", True)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Could you tell me how you handle deliveries today?"),
        ("nb", "Kan du fortelle meg hvordan dere håndterer leveranser i dag?"),
    ],
)
def test_a_starter_that_asks_how_stays_open(lang: str, text: str) -> None:
    assert _main(text, lang).form == "open"


def test_bokmal_verb_first_then_sa_is_a_condition_not_a_question() -> None:
    a = scoring.analyse_reply("Vil du ha billig mat, så får du bare bli hos dem.", "nb")
    assert a.questions == []
    assert scoring.analyse_reply("Vil du ha billig mat?", "nb").questions


@pytest.mark.parametrize(
    ("lang", "text", "spin"),
    [
        ("en", "Before I let you go, may I ask what makes it a no right now?", "problem"),
        ("nb", "Før jeg lar deg gå, kan jeg spørre hva som gjør at det er et nei akkurat nå?",
         "problem"),
        ("en", "May I ask what matters most to you besides price?", "situation"),
        ("nb", "Kan jeg spørre hva som er viktigst for dere utenom pris?", "situation"),
    ],
)
def test_asking_leave_to_ask_what_is_still_discovery(lang: str, text: str, spin: str) -> None:
    q = _main(text, lang)
    assert (q.form, q.spin) == ("open", spin)


def test_a_one_letter_word_ends_a_sentence_before_a_capital() -> None:
    a = scoring.analyse_reply(
        "Det er en merkbar forskjell, det er jeg enig i. Kan jeg spørre hva som er viktigst?", "nb"
    )
    assert len(a.sentences) == 2 and a.questions[0].form == "open"
    # an initial is still no sentence end
    assert len(scoring.analyse_reply("J. Smith called.", "en").sentences) == 1


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "What are the priorities the board is pushing you hardest on this year?"),
        ("nb", "Hva er prioriteringene styret presser deg mest på i år?"),
    ],
)
def test_pushing_hardest_is_no_problem_question(lang: str, text: str) -> None:
    assert _main(text, lang).spin == "situation"
