"""The respond step of LAER and the moves that only look like handling an objection, in
English and Bokmål: a reframe or a straight price answer responds; a close pushed over an
unhandled objection, an address asked for, a message left or a helpdesk wrap-up moves nothing
forward; scripted empathy acknowledges nothing; sympathy followed by blame is blame."""

from __future__ import annotations

import pytest

import scoring
from scoring import ObjectionResponse, analyse_reply, grade_call


def _handled(text: str, lang: str, objection: str, prospect: str = "") -> ObjectionResponse:
    a = analyse_reply(text, lang, {"objection": objection, "prospect_line": prospect or None})
    assert a.objection is not None
    return a.objection


def _names(response: ObjectionResponse) -> set[str]:
    return {m.name for m in response.markers}


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "incumbent", "Which is exactly why you plan now and not in December. Thursday at 2?"),
    ("en", "price", "Honestly, you can't afford not to. What does a lost day cost you?"),
    ("en", "incumbent", "I'm not asking you to switch tomorrow, I'm asking for an hour."),
    ("nb", "incumbent", "Og det er nettopp derfor du planlegger nå. Torsdag klokka 14?"),
    ("nb", "price", "Poenget er at dere ikke har råd til å la være."),
    ("nb", "incumbent", "Jeg ber deg ikke bytte i morgen, jeg ber om en time."),
])
def test_a_reframe_responds_and_is_not_ignoring(lang: str, objection: str, text: str) -> None:
    response = _handled(text, lang, objection, "We're tied to our carrier until the new year.")
    assert "responded" in _names(response)
    assert not response.ignoring


@pytest.mark.parametrize(("lang", "prospect", "text", "responds"), [
    ("en", "Fine, but what does it cost?", "About three hundred pounds per person a month.", True),
    ("en", "Fine, but what does it cost?", "It's 7,800 with installation.", True),
    ("en", "Fine, but what does it cost?", "I can do fifteen percent off, so 6,600.", False),
    ("en", "Fine, but what does it cost?", "On a scale of one to ten, how ready are you?", False),
    ("nb", "Greit, men hva koster det?", "Rundt tre hundre kroner per ansatt i måneden.", True),
    ("nb", "Greit, men hva koster det?", "Det blir 7 800 med montering.", True),
    ("nb", "Greit, men hva koster det?", "Jeg kan gi deg femten prosent rabatt, altså 6 600.",
     False),
    ("nb", "Greit, men hva koster det?", "Hva trenger du for å komme til en ti?", False),
])
def test_a_straight_answer_to_what_it_costs_responds_a_discount_does_not(
    lang: str, prospect: str, text: str, responds: bool
) -> None:
    assert ("responded" in _names(_handled(text, lang, "price", prospect))) is responds


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Everyone says that. Shall I put you down for a starter pack this week?"),
    ("nb", "Det sier alle. Skal jeg sette deg opp på en startpakke denne uka?"),
])
def test_a_close_pushed_over_an_unhandled_objection_is_no_step_forward(lang: str,
                                                                       text: str) -> None:
    response = _handled(text, lang, "incumbent", "We use Autoline and we're happy with them.")
    assert not response.moved_forward
    assert response.ignoring


@pytest.mark.parametrize(("lang", "objection", "text"), [
    ("en", "send_info", "Of course. I'll email you our brochure. What's the best address for you?"),
    ("en", "send_info", "Absolutely. Which email should I use?"),
    ("en", "timing", "That makes sense. Could you tell him Ben called? He can reach me on 0161 555 "
                     "0142."),
    ("en", "complaint", "I'm sorry about that. Is there anything else I can help you with today?"),
    ("nb", "send_info", "Selvfølgelig. Jeg sender brosjyren. Hvilken adresse er best å bruke?"),
    ("nb", "send_info", "Absolutt. Hva er e-postadressen din?"),
    ("nb", "timing", "Det skjønner jeg. Kan du si til ham at Ben ringte? Han kan nå meg på "
                     "900 11 222."),
    ("nb", "complaint", "Det er jeg lei meg for. Er det noe mer jeg kan hjelpe deg med i dag?"),
])
def test_taking_a_detail_leaving_a_message_or_wrapping_up_explores_and_advances_nothing(
    lang: str, objection: str, text: str
) -> None:
    response = _handled(text, lang, objection, "Just send me something.")
    assert not response.explored
    assert not response.moved_forward


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Of course, I'll send it over this afternoon."),
    ("nb", "Det gjør jeg. Du får det i løpet av uka."),
])
def test_doing_what_was_asked_is_weak_but_not_ignoring(lang: str, text: str) -> None:
    response = _handled(text, lang, "send_info", "Send it by email and we'll see.")
    assert not response.ignoring
    assert not response.moved_forward


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "I understand your frustration. Unfortunately that's not something I can arrange."),
    ("en", "I do apologise for any inconvenience. Your call is important to us."),
    ("nb", "Jeg forstår frustrasjonen din. Dessverre er det ikke noe jeg kan ordne."),
    ("nb", "Beklager ulempene. Samtalen din er viktig for oss."),
])
def test_scripted_empathy_acknowledges_nothing(lang: str, text: str) -> None:
    assert not _handled(text, lang, "complaint", "The line's been down since eight!").acknowledged


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Oh no, sorry to hear that. Transit damage is really the courier's responsibility, so "
           "you'll need to take it up with the courier."),
    ("nb", "Å nei, så leit å høre. Dessverre er transportskader transportørens ansvar, så det er "
           "egentlig dem du må ta det med."),
])
def test_sympathy_then_blame_is_blame(lang: str, text: str) -> None:
    response = _handled(text, lang, "complaint", "Four of the twelve desks arrived bent.")
    names = _names(response)
    assert "blaming" in names
    assert not names & {"acknowledged", "apologised"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "That's a fair question after this morning. What would you need to feel confident "
           "in it? I'll call you on Friday at ten to check it's running well."),
    ("nb", "Det er et helt rimelig spørsmål etter i dag. Hva trenger du for å føle deg trygg på "
           "den igjen? Jeg ringer deg fredag klokka ti for å høre at den går som den skal."),
])
def test_the_whole_sequence_in_one_reply_earns_more_than_its_parts(lang: str, text: str) -> None:
    response = _handled(text, lang, "trust", "Why should I trust this machine again?")
    assert "full_sequence" in _names(response)
    # heard and asked, but ending on the question: no step of its own, no bonus
    asked_only = text.rsplit("?", 1)[0] + "?"
    assert "full_sequence" not in _names(_handled(asked_only, lang, "trust"))


def test_you_have_every_reason_acknowledges_in_bokmal_as_in_english() -> None:
    assert _handled("You're right to be frustrated.", "en", "complaint").acknowledged
    assert _handled("Du har all grunn til å være irritert.", "nb", "complaint").acknowledged


def test_a_stressed_en_reads_as_en() -> None:
    a = analyse_reply("Så på en skala fra én til ti, hvor klar er du?", "nb")
    assert a.closing.attempt


def test_which_is_why_typed_without_a_question_mark_is_no_question() -> None:
    a = analyse_reply("Which is exactly why you plan now and not in December.", "en")
    assert a.questions == []


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_an_objection_the_buyer_hung_up_on_keeps_at_most_25(lang: str) -> None:
    objection = {"en": "We're happy with our supplier.", "nb": "Vi er fornøyd med leverandøren."}
    reply = {
        "en": "That makes sense, it's good to have someone you trust. What do you like most "
              "about them?",
        "nb": "Det gir mening, det er bra å ha en man stoler på. Hva liker du best med dem?",
    }
    turns = [
        {"speaker": "prospect", "text": objection[lang], "objection": "incumbent"},
        {"speaker": "trainee", "text": reply[lang]},
    ]
    won = grade_call(turns, lang=lang, outcome="win").criteria["objection_handling"]
    lost = grade_call(turns, lang=lang, outcome="hung_up").criteria["objection_handling"]
    assert won.score > 25
    assert lost.score == 25
    assert any(e.rule == "objection_not_overcome:hung_up" for e in lost.evidence)


@pytest.mark.parametrize(("lang", "hollow", "plain"), [
    ("en", "I totally hear you, that's a great pain point. Our value proposition is best-in-class.",
     "I hear you. Running out of towels at the weekend sounds stressful."),
    ("en", "I do apologise for any inconvenience. Your call is important to us.",
     "I'm sorry the line is down on your deadline day."),
    ("nb", "Jeg hører deg, det er et kjempegodt smertepunkt. Verdiforslaget er best i klassen.",
     "Jeg hører deg. Å gå tom for håndklær i helgene høres slitsomt ut."),
    ("nb", "Beklager ulempene. Samtalen din er viktig for oss.",
     "Jeg er lei meg for at linja er nede på fristdagen deres."),
])
def test_jargon_and_scripted_validation_ring_hollow(lang: str, hollow: str, plain: str) -> None:
    scripted = analyse_reply(hollow, lang)
    assert scripted.has("hollow")
    assert scripted.politeness.score < analyse_reply(plain, lang).politeness.score


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Thanks for taking the time for the demo on Tuesday. How did the team find it?"),
    ("nb", "Takk for sist, og takk for at dere tok dere tid til demoen på tirsdag."),
])
def test_thanks_for_a_past_meeting_proposes_no_step(lang: str, text: str) -> None:
    step = analyse_reply(text, lang).closing.next_step
    assert not (step.action or step.time)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Of course. I'll send you the updated quote and be in touch."),
    ("nb", "Da lar jeg dere jobbe i fred, og så tar jeg kontakt igjen om en stund."),
])
def test_a_follow_up_with_no_time_is_vague(lang: str, text: str) -> None:
    closing = analyse_reply(text, lang).closing
    assert closing.vague
    assert not closing.next_step.time


def test_casual_ill_owns_the_step_and_a_price_is_no_time() -> None:
    casual = analyse_reply("try us for a month. ill send the onboarding form today, yes?", "en")
    assert casual.closing.next_step.owner
    assert not analyse_reply("price is 2.10 per order plus postage", "en").closing.next_step.time


def test_an_estimate_made_after_inversion_has_its_owner_in_bokmal() -> None:
    step = analyse_reply("Da lager jeg et overslag som styret kan se på.", "nb").closing.next_step
    assert step.owner and step.action


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Yes, every weekday after six, so your staff won't be disturbed. How does that sound?"),
    ("nb", "Ja, hver ukedag etter klokka seks, så de ansatte ikke blir forstyrret. Hva synes du "
           "om det?"),
])
def test_a_standing_schedule_is_no_step_time(lang: str, text: str) -> None:
    assert not analyse_reply(text, lang).closing.next_step.time


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Shall I go ahead and place the order for 45 shirts so you have them by March 1st?"),
    ("nb", "Skal jeg gå videre og legge inn bestillingen på 45 skjorter, så dere har dem innen "
           "1. mars?"),
    ("en", "Let's do a 30-minute demo with your own shift data. What day next week works?"),
    ("nb", "Da tar vi en demo på 30 minutter med deres egne vaktdata. Hvilken dag neste uke "
           "passer?"),
])
def test_the_same_close_is_a_close_in_both_languages(lang: str, text: str) -> None:
    assert analyse_reply(text, lang).closing.attempt


def test_a_wh_question_with_youd_want_inside_is_open_not_leading() -> None:
    a = analyse_reply("So I send you something useful, what's the one thing you'd want it to "
                      "cover?", "en")
    assert [q.form for q in a.questions] == ["open"]
    assert analyse_reply("You'd want the best for your staff, right?", "en").questions[0].form \
        == "leading"


def test_so_i_dont_waste_your_time_is_courtesy_not_an_implication() -> None:
    a = analyse_reply("So I don't waste any of it, could you walk me through how your team "
                      "handles orders today?", "en")
    assert a.questions[0].spin == "situation"
    assert analyse_reply("How much stock goes to waste each week?", "en").questions[0].spin \
        == "implication"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "I can get the right chairs delivered next Friday. Does that work?"),
    ("nb", "Jeg kan få riktige stoler levert fredag neste uke. Passer det?"),
])
def test_i_can_get_it_delivered_owns_the_step_in_both_languages(lang: str, text: str) -> None:
    step = analyse_reply(text, lang).closing.next_step
    assert step.owner and step.time


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "We'll credit the delivery charge, and you get ten percent back."),
    ("nb", "Frakten krediterer vi, og du får ti prosent tilbake."),
])
def test_crediting_the_charge_is_a_fix_for_a_complaint(lang: str, text: str) -> None:
    response = _handled(text, lang, "complaint", "We paid up front and waited three weeks.")
    assert "fix_offered" in _names(response)
    assert not response.ignoring


@pytest.mark.parametrize(("lang", "prospect", "text"), [
    ("en", "Okay. That sounds good. What happens now?",
     "I'll email you a written confirmation by 3 today, and I'll call you on Thursday "
     "afternoon to check everything is in place."),
    ("nb", "Ok. Det høres bra ut. Hva skjer nå?",
     "Nå sender jeg deg en skriftlig bekreftelse på e-post innen klokka 15, og jeg ringer deg "
     "torsdag ettermiddag for å høre at alt er på plass."),
])
def test_answering_what_happens_now_with_the_plan_is_not_ignoring(
    lang: str, prospect: str, text: str
) -> None:
    assert not analyse_reply(text, lang, {"prospect_line": prospect}).ignores_prospect


@pytest.mark.parametrize(
    ("lang", "text", "discount"),
    [
        ("en", "We can do a free survey, does Tuesday at two work?", False),
        ("nb", "Vi kan ta en gratis befaring, passer tirsdag kl 14?", False),
        ("en", "I can do the fitting for free if you order today.", True),
        ("nb", "Jeg kan gi deg gratis frakt hvis du bestiller i dag.", True),
    ],
)
def test_a_free_visit_is_a_step_not_a_price_cut(lang: str, text: str, discount: bool) -> None:
    context = scoring.ReplyContext(prospect_line="It's a lot of money.", objection="price")
    analysis = scoring.analyse_reply(text, lang, context=context)
    assert analysis.objection is not None
    assert ("discounting" in {m.name for m in analysis.objection.markers}) is discount


@pytest.mark.parametrize(
    ("lang", "objection", "prospect", "text"),
    [
        ("en", "complaint", "Two days off work and nobody even rang me!",
         "two days off work and nobody rang you, i'd be fuming too. thats our failure."),
        ("nb", "complaint", "To dager fri fra jobb, og ingen ringte meg engang!",
         "to dager fri og ingen ringte deg, jeg hadde vært rasende selv. det er vår svikt."),
        ("en", "incumbent", "We're happy with the supplier we have.",
         "That's good to hear. What happens if the compressor stops mid-production?"),
        ("nb", "incumbent", "Vi er fornøyd med leverandøren vi har.",
         "Det er bra å høre. Hva skjer hvis kompressoren stopper midt i produksjonen?"),
    ],
)
def test_siding_with_the_buyer_acknowledges_in_both_languages(
    lang: str, objection: str, prospect: str, text: str
) -> None:
    context = scoring.ReplyContext(prospect_line=prospect, objection=objection)
    response = scoring.analyse_reply(text, lang, context=context).objection
    assert response is not None and response.acknowledged


def test_a_reply_tied_to_a_need_is_quoted_in_the_trainee_s_words() -> None:
    context = scoring.ReplyContext(
        prospect_line="We can't take an increase this year.", objection="price",
        stated_needs=("The budget is frozen and any increase needs Mark's sign-off.",),
    )
    reply = "If you sign for two years, the increase drops to 3 percent."
    response = scoring.analyse_reply(reply, "en", context=context).objection
    assert response is not None
    tie = next(m.words for m in response.markers if m.name == "tied_to_need")
    assert all(word in reply for word in tie.split(", "))
