from __future__ import annotations

import pytest

from trainer.engine.needs import asked_needs, cue_matches
from trainer.engine.text import normalise
from trainer.scenario.models import Need

NEEDS = [
    Need(id="late", fact="Late.", cues=["delivery", "late", "lead time"]),
    Need(id="cash", fact="Cash.", cues=["pay", "invoice", "payment terms"]),
]


@pytest.mark.parametrize(
    ("cue", "question", "expected"),
    [
        ("delivery", "how are your deliveries", True),
        ("delivery", "who delivers your parts", True),
        ("late", "are parts ever late", True),
        ("lead time", "what lead times do you get", True),
        ("pay", "how do you pay for them", True),
        ("pay", "do you use paypal", False),  # short cues only as whole words
        ("invoice", "do you get invoiced", True),
        ("late", "do you like chocolate", False),
        ("delivery", "what do you believe", False),
        ("payment terms", "what are your terms", False),
        ("invoice", "how is the voice quality", False),
        # a much shorter word is not a truncated cue, while compounds still match
        ("dugg", "har du noe", False),
        ("frakt", "hva koster fraktkostnadene", True),
        ("klar", "kl 10 passer det", False),
        ("samme", "sam her, har du tid", False),
    ],
)
def test_cue_matching(cue: str, question: str, expected: bool) -> None:
    assert cue_matches(normalise(cue).split(), normalise(question).split()) is expected


def test_only_questions_reveal_and_only_once() -> None:
    assert [n.id for n in asked_needs(["How are your deliveries?"], NEEDS, [])] == ["late"]
    assert asked_needs(["How are your deliveries?"], NEEDS, ["late"]) == []
    assert asked_needs([], NEEDS, []) == []
    both = asked_needs(["When do deliveries arrive and how do you pay?"], NEEDS, [])
    assert [n.id for n in both] == ["late", "cash"]


@pytest.mark.parametrize(
    ("lang", "fact", "line", "states"),
    [
        # one sentence of a two-sentence fact, said on its own, states the need
        ("nb", "Finansieringsbeviset vårt gikk ut forrige uke. Vi har snakket med banken, men "
         "har ikke fått nytt ennå.", "Problemet er at finansieringsbeviset vårt gikk ut forrige "
         "uke. Kan du be selger vente?", True),
        ("en", "Our proof of finance ran out last week. The bank has not sent a new one yet.",
         "The thing is, our proof of finance ran out last week. Can the seller wait?", True),
        # a line that shares a few words with the fact does not
        ("en", "Our proof of finance ran out last week. The bank has not sent a new one yet.",
         "We spoke to the bank last week about the flat.", False),
    ],
)
def test_a_line_that_says_a_sentence_of_a_need_states_the_need(
    lang: str, fact: str, line: str, states: bool
) -> None:
    from trainer.engine.discovery import Discovery
    from trainer.engine.understanding.canon import Canoniser

    discovery = Discovery([Need(id="finance", fact=fact, cues=["finance"])], Canoniser(lang))
    assert (discovery.volunteered(line, []) == ["finance"]) is states
