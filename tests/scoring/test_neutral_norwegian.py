"""Neutral Norwegian business lines cost no politeness points.

A trainee who repeats the buyer's complaint ("krav", "sint", "ødelagt", "kjeft", "dårlig"),
names a problem or an error, or is called Søren, is doing the job: none of these lines may
earn a rude, hostile or impolite marker. The markers that judge how a sentence is built rather
than its words (a sentence opening with "Du", a bare what-question) are not what this file is
about; they are the same in every language.
"""

from __future__ import annotations

import pytest

from scoring import Rubric, Turn, analyse_reply, grade_call
from scoring.politeness import HOSTILE

# Markers that say a word in the reply was rude, hostile or impolite.
IMPOLITE = frozenset({"profanity", "insult", "negative_tone", "factuality"}) | HOSTILE

# (what the buyer just said, or None; the trainee's reply)
NEUTRAL: list[tuple[str | None, str]] = [
    ("Vi har et krav om dokumentasjon fra alle.", "Jeg forstår at du har et krav."),
    (None, "Hvilke krav har dere til leverandøren?"),
    ("Vi krever dokumentasjon fra alle.",
     "Dere krever dokumentasjon, forstår jeg. Hvordan gjør dere det i dag?"),
    ("Nå blir jeg faktisk sint.", "Det er helt forståelig at du er sint."),
    ("Jeg er sint, rett og slett.", "Jeg skjønner at du er sint, og det har du all grunn til."),
    ("Stolene kom ødelagt.", "Varen kom ødelagt, det beklager jeg."),
    ("Det er bare rot med ordren.",
     "Det har blitt mye rot med ordren deres, og det rydder jeg opp i."),
    ("Leveransene kommer alltid sent.", "Hva skyldes forsinkelsene, tror du?"),
    (None, "Hei, dette er Søren fra Klimavindu."),
    ("Søren Holm her.", "Takk, Søren. Hvordan fungerer leveransene i dag?"),
    ("Det er styret som får kjeften.", "Får styret mye kjeft fra beboerne om vinduene?"),
    ("Det er styret som får kjeften.", "Du får kjeft av styret, skjønner jeg."),
    ("Det er styret som får kjeften.", "Jeg skjønner at det er dere i styret som får kjeften."),
    ("Beboerne klager hele vinteren.", "Hva er det beboerne klager mest på?"),
    ("Leveransen var dårlig.", "Jeg hører at leveransen var dårlig, og det beklager jeg."),
    (None, "Hva er det som fungerer dårlig med dagens løsning?"),
    (None, "Er dette et dårlig tidspunkt?"),
    (None, "Ringer jeg på et dårlig tidspunkt?"),
    (None, "Hvilket problem er størst for dere i dag?"),
    ("Fakturaen var feil igjen.", "Det er en feil fra vår side, og den retter jeg i dag."),
    ("Noe var feil med leveransen.", "Hva var feil med leveransen?"),
    (None, "Hvordan fungerer det egentlig hos dere?"),
    (None, "Jeg ser at dere har ansatt mange i det siste. Hvordan fungerer lokalene?"),
    ("Det er en skandale.", "Det var en skandale, det skjønner jeg godt at du synes."),
    ("Det har vært mye hodebry.", "Hvor mye hodebry har det gitt dere i år?"),
    ("Jeg er skikkelig forbanna.", "Jeg skjønner godt at du er forbanna."),
    ("Dere er sikkert dyrere.", "Det er ikke så rart at du lurer på det."),
    (None, "Hvor mange reklamasjoner har dere hatt i år?"),
]

# The same lexicon still hears real rudeness and insistence.
STILL_COUNTED: list[tuple[str, str]] = [
    ("Dette er din skyld.", "negative_tone"),
    ("Det er ikke vår skyld.", "negative_tone"),
    ("Det var et dårlig spørsmål.", "negative_tone"),
    ("For søren, hør nå her.", "profanity"),
    ("Du er en idiot.", "insult"),
    ("Egentlig er vi billigere.", "factuality"),
    ("Hva gjør du egentlig?", "factuality"),
    ("Det er egentlig dem du må ta det med.", "factuality"),
]


def test_there_are_enough_lines() -> None:
    assert len(NEUTRAL) >= 20


@pytest.mark.parametrize(("prospect", "reply"), NEUTRAL)
def test_a_neutral_line_earns_no_impolite_marker(prospect: str | None, reply: str) -> None:
    a = analyse_reply(reply, "nb", {"prospect_line": prospect})
    bad = [(m.name, m.words) for m in a.politeness.markers if m.name in IMPOLITE]
    assert not bad, (reply, bad)
    assert not a.rude, reply
    assert all(m.points >= 0 for m in a.politeness.markers if m.name in IMPOLITE)


def test_a_call_made_of_neutral_lines_loses_no_politeness_points() -> None:
    turns: list[Turn] = []
    for prospect, reply in NEUTRAL:
        turns.append(Turn("prospect", prospect or "Ja?"))
        turns.append(Turn("trainee", reply))
    rubric = Rubric(weights=Rubric.default().weights, must=("no_profanity",))
    card = grade_call(turns, rubric, [], "nb")
    lost = [
        (e.turn, e.rule, e.quote)
        for e in card.criteria["politeness"].evidence
        if e.rule in IMPOLITE and e.points < 0
    ]
    assert not lost, lost
    assert "no_profanity" not in card.must_broken


@pytest.mark.parametrize(("reply", "marker"), STILL_COUNTED)
def test_real_blame_swearing_insults_and_insistence_still_count(reply: str, marker: str) -> None:
    names = {m.name for m in analyse_reply(reply, "nb").politeness.markers}
    assert marker in names, (reply, names)


def test_a_name_is_not_an_oath() -> None:
    a = analyse_reply("Hei, dette er Søren fra Klimavindu. Passer det med to minutter?", "nb")
    names = {m.name for m in a.politeness.markers}
    assert {"greeting", "self_introduction", "asking_permission"} <= names
    assert not a.rude


def test_morna_is_no_greeting() -> None:
    reply = analyse_reply("Morna, dette er Sam fra Deleriet.", "nb")
    names = {m.name for m in reply.politeness.markers}
    assert "greeting" not in names
    assert "self_introduction" in names


def test_jeg_ser_acknowledges_only_on_its_own() -> None:
    def ack(text: str) -> bool:
        markers = analyse_reply(text, "nb").politeness.markers
        return any(m.name == "acknowledgement" for m in markers)

    assert ack("Jeg ser. Hva betyr det for dere?")
    assert ack("Jeg ser, det er krevende.")
    assert not ack("Jeg ser at dere har ansatt mange.")


def test_the_natural_word_for_fair_acknowledges() -> None:
    for text in ("Det er ikke så rart – vi er nye i Bergen.", "Godt spørsmål.", "Forståelig."):
        names = {m.name for m in analyse_reply(text, "nb").politeness.markers}
        assert "acknowledgement" in names, text


def test_inflected_headaches_are_problem_questions() -> None:
    for text in ("Hva er den største hodepinen med leveransene i dag?",
                 "Hva gir mest hodebry i hverdagen?"):
        spins = {q.spin for q in analyse_reply(text, "nb").questions}
        assert "problem" in spins, text
