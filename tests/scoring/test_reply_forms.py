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


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Would it help if I reserved your usual monthly quantity so it's always set aside?"),
        ("nb", "Ville det hjelpe om jeg reserverte den faste mengden deres, så den står klar?"),
        ("en", "Would you like me to hold two for you until Friday, so you don't lose them?"),
        ("nb", "Vil du at jeg skal holde av to til deg til fredag, så du ikke mister dem?"),
    ],
)
def test_a_question_carrying_the_sellers_own_step_is_no_discovery(lang: str, text: str) -> None:
    a = scoring.analyse_reply(text, lang)
    assert a.closing.attempt and all(q.spin is None for q in a.questions)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "What has that turnover meant for your front desk?"),
        ("nb", "Hva har den utskiftningen betydd for resepsjonen deres?"),
    ],
)
def test_what_has_it_meant_is_implication(lang: str, text: str) -> None:
    assert _main(text, lang).spin == "implication"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Hi, could you put me through to whoever handles your cleaning contract, please?"),
        ("nb", "Hei, kan du sette meg over til den som håndterer renholdsavtalen deres?"),
    ],
)
def test_asking_to_be_put_through_is_no_discovery(lang: str, text: str) -> None:
    assert _main(text, lang).spin is None


@pytest.mark.parametrize(
    ("lang", "text", "close"),
    [
        ("en", "If those two days went back to your team, would that be worth looking into?",
         False),
        ("nb", "Hvis teamet ditt fikk de to dagene tilbake, ville det vært verdt å se nærmere på?",
         False),
        ("en", "If we start with one team, would that work for you?", True),
        ("nb", "Hvis vi starter med ett team, passer det for deg?", True),
    ],
)
def test_a_trial_after_a_hypothesis_about_the_buyer_asks_its_worth(
    lang: str, text: str, close: bool
) -> None:
    assert scoring.analyse_reply(text, lang).closing.attempt is close


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Ten years with the same supplier?"),
        ("nb", "Ti år med samme leverandør?"),
    ],
)
def test_naming_the_supplier_is_not_yet_a_situation_question(lang: str, text: str) -> None:
    assert _main(text, lang).spin is None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "My pleasure, thanks for having me. So how does all that sound to you?"),
        ("nb", "Bare hyggelig, takk for at jeg fikk komme. Så hvordan høres det ut for deg?"),
    ],
)
def test_a_trial_close_asking_how_it_lands_stays_open(lang: str, text: str) -> None:
    a = scoring.analyse_reply(text, lang)
    assert a.closing.attempt
    (q,) = a.questions
    assert (q.form, q.spin) == ("open", None)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Shall I book the demo for Thursday at 10? Who else should be there?"),
        ("nb", "Skal jeg booke demoen til torsdag klokka ti? Hvem andre bør være med?"),
    ],
)
def test_beside_a_close_a_situation_question_arranges_the_step(lang: str, text: str) -> None:
    a = scoring.analyse_reply(text, lang)
    assert a.closing.attempt and all(q.spin is None for q in a.questions)


def test_a_bokmal_date_does_not_end_the_sentence() -> None:
    a = scoring.analyse_reply("Vi kan levere 15. mai, passer det for deg?", "nb")
    assert len(a.sentences) == 1 and a.closing.next_step.time
    assert len(scoring.analyse_reply("Det er 15. Passer det?", "nb").sentences) == 2


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Sorry to bother you, do you have two minutes for me?"),
        ("nb", "Hvor mange bremser bytter dere i uka?"),
    ],
)
def test_a_courtesy_or_a_part_is_no_problem_cue(lang: str, text: str) -> None:
    assert _main(text, lang).spin != "problem"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("whats bothering you most?", "what's bothering you most?"),
        ("hows it going with the new supplier?", "how's it going with the new supplier?"),
        ("whos your supplier at the moment?", "who's your supplier at the moment?"),
        ("isnt that a problem for you?", "isn't that a problem for you?"),
    ],
)
def test_a_question_typed_without_apostrophes_has_the_written_form(
    typed: str, written: str
) -> None:
    def forms(text: str) -> list[tuple[str, str | None]]:
        return [(q.form, q.spin) for q in scoring.analyse_reply(text, "en").questions]

    assert forms(typed) == forms(written)
