"""Courtesy words do not make a reply polite when the prospect says they were not heard or
were put off, or when the reply shifts the blame (en and nb alike)."""

from __future__ import annotations

import pytest

from scoring import analyse_reply, grade_call


def _call(lang: str, lines: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"speaker": who, "text": text} for who, text in lines]


def politeness_evidence(lang: str, lines: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    card = grade_call(_call(lang, lines), lang=lang)
    return [(e.turn, e.rule, e.quote) for e in card.criteria["politeness"].evidence
            if e.rule.startswith("prospect_")]


@pytest.mark.parametrize(
    ("lang", "reaction", "rule"),
    [
        ("en", "No, that's not what I said at all.", "prospect_not_heard"),
        ("en", "I just told you: it's the timing.", "prospect_not_heard"),
        ("en", "You haven't answered my question.", "prospect_not_heard"),
        ("en", "Thanks for nothing.", "prospect_put_off"),
        ("en", "That's not good enough.", "prospect_put_off"),
        ("nb", "Det var ikke det jeg sa.", "prospect_not_heard"),
        ("nb", "Jeg sa jo at det er tidspunktet.", "prospect_not_heard"),
        ("nb", "Du har ikke svart på spørsmålet mitt.", "prospect_not_heard"),
        ("nb", "Takk for ingenting.", "prospect_put_off"),
        ("nb", "Så det er vår feil at dere ikke kom?", "prospect_put_off"),
    ],
)
def test_a_prospect_who_was_not_heard_costs_the_reply_before(
    lang: str, reaction: str, rule: str
) -> None:
    polite = ("Thank you so much, I really appreciate your time. What matters most to you?"
              if lang == "en" else
              "Tusen takk, jeg setter stor pris på tiden din. Hva er viktigst for deg?")
    found = politeness_evidence(
        lang, [("prospect", "Hello?"), ("trainee", polite), ("prospect", reaction)]
    )
    assert [(turn, r) for turn, r, _ in found] == [(1, rule)]
    quote = found[0][2]
    assert quote and quote.casefold() in reaction.casefold()  # the prospect's own words


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "That's great, thanks. Unbelievable value for the price."),
        ("en", "As you say, the timing matters. Good question."),
        ("nb", "Utrolig bra, takk skal du ha."),
        ("nb", "Det høres bra ut, vi tar et møte."),
    ],
)
def test_a_pleased_prospect_costs_nothing(lang: str, line: str) -> None:
    reply = "Shall we meet on Tuesday?" if lang == "en" else "Skal vi møtes på tirsdag?"
    assert politeness_evidence(lang, [("trainee", reply), ("prospect", line)]) == []


def test_the_opening_complaint_is_not_held_against_anyone() -> None:
    lines = [("prospect", "That's not good enough! Unbelievable."), ("trainee", "I'm sorry.")]
    assert politeness_evidence("en", lines) == []


def test_at_most_three_reactions_count() -> None:
    lines = []
    for _ in range(5):
        lines += [("trainee", "Sure."), ("prospect", "That's not what I said.")]
    assert len(politeness_evidence("en", lines)) == 3


@pytest.mark.parametrize(
    ("lang", "reply"),
    [
        ("en", "Well, it's been cold, so it's not really our fault."),
        ("en", "Heating is the contractor's job, not ours. I can't promise anything."),
        ("en", "These things happen, I'm afraid."),
        ("nb", "Det er ikke egentlig vår feil at det ble kaldt."),
        ("nb", "Det står i avtalen at dere skal sørge for tilgang."),
        ("nb", "Sånt skjer av og til, vi har mange kunder å betjene."),
        ("nb", "Jeg kan legge inn en beskjed, men jeg kan ikke love noe."),
    ],
)
def test_shifting_the_blame_is_defensive(lang: str, reply: str) -> None:
    names = [m.name for m in analyse_reply(reply, lang).politeness.markers]
    assert "defensive" in names


@pytest.mark.parametrize(
    ("lang", "reply"),
    [
        ("en", "That was our mistake, and I'm sorry. I'll fix it today."),
        ("nb", "Det var vår feil, og det beklager jeg. Jeg ordner det i dag."),
    ],
)
def test_owning_the_fault_is_not_defensive(lang: str, reply: str) -> None:
    names = [m.name for m in analyse_reply(reply, lang).politeness.markers]
    assert "defensive" not in names
