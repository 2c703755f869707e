"""Next-step parts of single replies, in English and Bokmål alike: the verb of a step names its
action, the buyer named as the one who acts owns it, a farewell names no time, and literature
sent on request is a continuation, not an advance."""

from __future__ import annotations

import pytest

import scoring
from scoring.close_points import best_close_value


def _step(text: str, lang: str) -> tuple[bool, bool, bool]:
    s = scoring.analyse_reply(text, lang).closing.next_step
    return s.action, s.owner, s.time


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Shall I just reserve twenty for you before they're gone?"),
        ("nb", "Skal jeg bare reservere tjue til deg før de blir borte?"),
        ("en", "How many pallets a week should I plan for on that route?"),
        ("nb", "Hvor mange paller i uka skal jeg planlegge for på den strekningen?"),
        ("en", "Shall I just put you down now?"),
        ("nb", "Skal jeg bare sette deg opp nå?"),
    ],
)
def test_the_verb_of_a_proposed_step_is_its_action(lang: str, text: str) -> None:
    action, owner, _ = _step(text, lang)
    assert action and owner


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "OK, I can do 20% off if you sign today."),
        ("nb", "Ok, jeg kan gi deg 20 % rabatt hvis du signerer i dag."),
        ("en", "Do you want to start it on Monday with the night shift?"),
        ("nb", "Vil du starte på mandag med nattskiftet?"),
    ],
)
def test_the_buyer_named_as_the_one_who_acts_owns_the_step(lang: str, text: str) -> None:
    assert _step(text, lang) == (True, True, True)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Would it help if I reserved your usual monthly quantity for you?"),
        ("nb", "Ville det hjelpe om jeg reserverte den faste månedsmengden deres?"),
        ("en", "Then how about I come up to Trondheim next Tuesday?"),
        ("nb", "Hva med at jeg kommer opp til Trondheim neste tirsdag?"),
        ("en", "If we can show you the integration working, would that be enough to go ahead?"),
        ("nb", "Hvis vi kan vise dere integrasjonen, er det da nok til at dere vil gå videre?"),
    ],
)
def test_the_seller_owns_a_step_in_either_word_order(lang: str, text: str) -> None:
    action, owner, _ = _step(text, lang)
    assert action and owner


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Thanks for picking up, and have a good afternoon."),
        ("nb", "Takk for at du tok telefonen, og ha en fin ettermiddag."),
    ],
)
def test_a_farewell_names_no_time(lang: str, text: str) -> None:
    a = scoring.analyse_reply(text, lang)
    assert not a.closing.next_step.time and not a.closing.attempt and not a.closing.vague


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "I'll send the summary tonight, and let's talk on Monday."),
        ("nb", "Da sender jeg oppsummeringen i kveld, og så snakkes vi på mandag."),
    ],
)
def test_talking_on_a_named_day_is_no_brush_off(lang: str, text: str) -> None:
    a = scoring.analyse_reply(text, lang)
    assert not a.closing.vague
    assert a.closing.next_step.action and a.closing.next_step.time


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "What if we set up a trial with five chairs for three weeks?"),
        ("nb", "Hva om vi setter opp en prøveperiode med fem stoler i tre uker?"),
    ],
)
def test_what_if_we_proposes(lang: str, text: str) -> None:
    assert scoring.analyse_reply(text, lang).closing.attempt


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Sure. So I send you something useful, what matters most to you when you choose?"),
        ("nb", "Gjerne. Så jeg sender deg noe nyttig, hva er viktigst for deg når du velger?"),
    ],
)
def test_an_i_will_inside_an_open_discovery_question_proposes_nothing(lang: str, text: str) -> None:
    assert _step(text, lang) == (False, False, False)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Of course. I'll email you our brochure. What's the best address for you?"),
        ("nb", "Selvfølgelig. Jeg sender deg brosjyren vår. Hvilken adresse passer best?"),
    ],
)
def test_literature_without_a_time_earns_no_close(lang: str, text: str) -> None:
    a = scoring.analyse_reply(text, lang)
    assert a.closing.next_step.action  # the coach still hears what will be done
    assert best_close_value(a) == 0.0


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "It costs 89,000. Would you like to order?"),
        ("nb", "Den koster 89 000. Vil du bestille?"),
    ],
)
def test_a_bare_ask_to_order_is_the_close_not_a_planned_step(lang: str, text: str) -> None:
    a = scoring.analyse_reply(text, lang)
    assert a.closing.attempt
    assert _step(text, lang) == (False, False, False)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "What if we came to your next board meeting and showed the figures?"),
        ("nb", "Hva om vi kom på neste styremøte og viste regnestykket?"),
    ],
)
def test_a_step_put_as_a_question_is_no_discovery(lang: str, text: str) -> None:
    (q,) = scoring.analyse_reply(text, lang).questions
    assert q.spin is None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "I'll make sure a technician is with you tomorrow."),
        ("nb", "Jeg sørger for at en tekniker er hos dere i morgen."),
    ],
)
def test_make_sure_names_the_owner_in_both_languages(lang: str, text: str) -> None:
    assert _step(text, lang) == (True, True, True)


@pytest.mark.parametrize(
    ("lang", "text", "spin"),
    [
        ("en", "How satisfied are you with the deliveries?", "problem"),
        ("nb", "Hvor fornøyde er dere med leveransene?", "problem"),
        ("en", "How much do you lose when a truck stands still?", "implication"),
        ("nb", "Hvor mye mister dere når en bil står stille?", "implication"),
    ],
)
def test_spin_cues_match_in_both_languages(lang: str, text: str, spin: str) -> None:
    (q,) = scoring.analyse_reply(text, lang).questions
    assert q.spin == spin


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "I'll set up your account this afternoon."),
        ("nb", "Jeg setter opp kontoen din i ettermiddag."),
        ("en", "We can swap the machine on Saturday."),
        ("nb", "Vi kan bytte maskinen på lørdag."),
    ],
)
def test_the_owners_verb_names_the_action(lang: str, text: str) -> None:
    assert _step(text, lang) == (True, True, True)


def test_an_implied_action_is_named_but_not_scored_as_a_concrete_step() -> None:
    a = scoring.analyse_reply("We can swap the machine on Saturday.", "en")
    step = a.closing.next_step
    assert step.action and step.implied and not step.concrete
    b = scoring.analyse_reply("We can swap the machine at the site visit on Saturday.", "en")
    assert b.closing.next_step.concrete
    assert best_close_value(b) > best_close_value(a)


@pytest.mark.parametrize(
    ("lang", "text", "vague"),
    [
        ("en", "I'll get back to you.", True),
        ("nb", "Jeg kommer tilbake til deg.", True),
        ("en", "I'll get back to you by Thursday with the figures.", False),
        ("nb", "Jeg kommer tilbake til deg innen torsdag med tallene.", False),
    ],
)
def test_getting_back_by_a_named_day_is_no_brush_off(lang: str, text: str, vague: bool) -> None:
    assert scoring.analyse_reply(text, lang).closing.vague is vague


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Trust me. Sign up for the trial today."),
        ("nb", "Stol på meg. Meld dere på prøveperioden i dag."),
        ("en", "The offer ends at four, so it pays to say yes now."),
        ("nb", "Tilbudet gjelder til klokka fire, så det lønner seg å si ja nå."),
        ("en", "It makes sense to lock in the old price before it goes up."),
        ("nb", "Det lønner seg å låse prisen før den går opp."),
    ],
)
def test_being_told_to_commit_is_a_close(lang: str, text: str) -> None:
    assert scoring.analyse_reply(text, lang).closing.attempt


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Could we let you take just the peaks in November and December, as a trial?"),
        ("nb", "Kunne du tenke deg å la oss ta toppene i november og desember, som en prøve?"),
        ("en", "Shall we start the pilot in early March?"),
        ("nb", "Skal vi starte piloten tidlig i mars?"),
    ],
)
def test_a_month_is_the_time_of_a_step(lang: str, text: str) -> None:
    assert scoring.analyse_reply(text, lang).closing.next_step.time


@pytest.mark.parametrize(
    ("lang", "text", "timed"),
    [
        ("en", "Shall I activate a licence for you now?", True),
        ("nb", "Skal jeg aktivere en lisens til deg nå?", True),
        ("en", "I'll put the order through right away.", True),
        ("nb", "Jeg legger inn bestillingen med en gang.", True),
        ("en", "Now, how do you handle deliveries?", False),
        ("nb", "Nå, hvordan håndterer dere leveranser?", False),
    ],
)
def test_now_times_only_a_proposed_step(lang: str, text: str, timed: bool) -> None:
    a = scoring.analyse_reply(text, lang)
    assert a.closing.next_step.time is timed
    assert not a.closing.vague
