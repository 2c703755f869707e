"""Rudeness in a Norwegian call: a trainee who repeats the prospect's own complaint words is
listening, not being rude; swearing and insults aimed at the prospect still cost patience.

Driven through `Call.reply`, the path a real call takes: the engine's own rude-word list
(trainer/engine/global_intents/nb.yaml) and the grader's profanity and insult markers together
decide `global_intent == "rude"`.
"""

from __future__ import annotations

import pytest

from tests.engine.engine_scenario import BASE, scenario
from trainer.engine import Call
from trainer.engine.globals import load as load_globals
from trainer.engine.mood import RUDE_PATIENCE
from trainer.engine.text import normalise

# What Randi (kaldsamtale-vinduer) and Ingrid (reklamasjon-mobler) say, in one line.
COMPLAINT = (
    "Det er styret som får kjeften hver vinter, og beboerne er sinte. Vi har fått klage på "
    "klage, servicen har vært dårlig, og det er en skandale. Jeg er skikkelig forbanna."
)

NB = {
    **BASE,
    "id": "rudeness-nb",
    "language": "nb",
    "seller": {"company": "Klimavindu", "product": "vinduer"},
    "persona": {"name": "Randi Aune", "company": "Lerkendal borettslag", "patience": 4, "mood": 0},
    "needs": [{"id": "klager", "fact": "Beboerne klager på trekk.", "cues": ["trekk"]}],
    "start": "klage",
    "nodes": {
        "klage": {
            "say": COMPLAINT,
            "model_answer": "Det skjønner jeg godt. Hva klager beboerne mest på?",
            "branches": [
                {
                    # Every echo below lands here, so a change in patience can only come from
                    # the tone of the reply, never from a miss.
                    "intent": "lytter",
                    "keywords": ["kjeft", "kjeften", "sint", "sinte", "klage", "klager",
                                 "dårlig", "skandale", "forbanna", "lytter"],
                    "goto": "klage",
                },
            ],
            "fallback": {"say": "Hva mener du?", "retries": 5, "then": "hang_up"},
        },
    },
    "outcomes": {"hang_up": {"result": "loss", "say": "Ha det."}},
}

# (the prospect's word, a trainee reply that repeats it)
ECHOES = [
    ("kjeften", "Får styret mye kjeft fra beboerne om vinduene?"),
    ("kjeften", "du får kjeft av styret, skjønner jeg"),
    ("kjeften", "Jeg skjønner at det er dere i styret som får kjeften når det trekker."),
    ("sinte", "Jeg skjønner godt at beboerne er sinte. Hva er det de klager mest på?"),
    ("sinte", "Det er helt forståelig at du er sint, det hadde jeg også vært."),
    ("klage", "Hvor mange klager har dere fått i vinter?"),
    ("klage", "Klage på klage, sier du. Hva handler de om?"),
    ("dårlig", "Jeg hører at servicen har vært dårlig. Hva var det som skjedde?"),
    ("dårlig", "Servicen har vært dårlig, og det beklager jeg."),
    ("skandale", "En skandale, sier du? Fortell meg hva som skjedde."),
    ("forbanna", "Jeg skjønner godt at du er forbanna, og det har du grunn til."),
]

RUDE = [
    "Hold kjeft og hør på meg.",
    "Du er en idiot.",
    "Ikke vær så dum, dette er et godt tilbud.",
    "Faen, du skjønner jo ingenting.",
    "Drit og dra, da.",
    "Det er du som er forbanna teit.",
    "Slutt å klage, din tulling.",
]


def _call() -> Call:
    call = Call(scenario(**NB))
    call.start()
    return call


def test_the_test_scenario_speaks_norwegian() -> None:
    call = _call()
    assert call.scenario.language == "nb"
    assert call.transcript[0].text == COMPLAINT


@pytest.mark.parametrize(("word", "reply"), ECHOES)
def test_echoing_the_prospects_own_words_is_not_rude(word: str, reply: str) -> None:
    assert word in normalise(COMPLAINT).split()  # the word really is hers
    call = _call()
    res = call.reply(reply)
    rude_say = load_globals("nb").rude_say
    assert res.global_intent != "rude", reply
    assert rude_say not in res.lines, reply
    assert not res.analysis.rude, reply
    assert res.match is not None and res.match.intent == "lytter", reply
    assert res.patience_delta == 0 and call.patience == 4, reply
    assert res.mood_delta >= 0, reply


def test_the_reviewed_echo_keeps_the_patience_it_had() -> None:
    # "kjeft" on its own used to cost mood -3 and patience 4 -> 1.
    call = _call()
    call.reply("Får styret mye kjeft fra beboerne om vinduene?")
    call.reply("du får kjeft av styret, skjønner jeg")
    assert call.patience == 4
    assert call.mood >= 0


@pytest.mark.parametrize("reply", RUDE)
def test_swearing_and_insults_at_the_prospect_are_still_rude(reply: str) -> None:
    call = _call()
    res = call.reply(reply)
    assert res.global_intent == "rude", reply
    assert res.lines[0] == load_globals("nb").rude_say
    assert res.patience_delta <= RUDE_PATIENCE
    assert call.patience <= 4 + RUDE_PATIENCE


def test_her_own_word_in_an_insult_is_still_rude() -> None:
    # "kjeften" and "forbanna" are hers; telling her to shut up or calling her names is not
    # an echo.
    call = _call()
    assert call.reply("Hold kjeft, da.").global_intent == "rude"
    call = _call()
    assert call.reply("Du er en forbanna idiot.").global_intent == "rude"


def test_the_rude_word_list_keeps_only_the_phrase_not_the_word() -> None:
    words = load_globals("nb").rude_words
    assert "hold kjeft" in words
    assert "kjeft" not in words
    assert "forbanna" not in words
