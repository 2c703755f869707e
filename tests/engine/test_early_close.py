"""A meeting proposed before the storyline's close: the prospect is not there yet, and says
so, with no patience lost; a node that can take a close, or a scenario without acts, decides
as before."""

from __future__ import annotations

import pytest

from trainer.engine import Call
from trainer.scenario.library import resolve

from .engine_scenario import scenario


@pytest.mark.parametrize(
    ("scenario_id", "opening", "proposal"),
    [
        ("cold-call-car-parts", "hi mike, sam from nordparts, got two minutes?",
         "Could I pop in on Thursday at ten to show you our catalogue?"),
        ("kaldsamtale-vinduer", "Hei Randi, dette er Sam fra Klimavindu, har du et par minutter?",
         "Kan jeg komme innom på en gratis befaring tirsdag kl 14?"),
    ],
)
def test_a_proposal_during_discovery_is_too_early_not_a_miss(
    scenario_id: str, opening: str, proposal: str
) -> None:
    call = Call(resolve(scenario_id).scenario, "Sam", seed=0)
    call.start()
    call.reply(opening)
    node, patience = call.node_id, call.patience
    result = call.reply(proposal)
    assert result.global_intent == "early_close"
    assert result.fallback is None and result.match is None
    assert call.node_id == node and call.patience == patience
    assert len(result.lines) == 1
    # The scorecard still sees a close that got no yes.
    assert any(t.text == proposal for t in call.scoring_turns())


def test_a_node_that_takes_a_close_routes_it_as_before() -> None:
    s = resolve("cold-call-car-parts").scenario
    call = Call(s, "Sam", seed=0)
    call.start()
    for reply in s.tests[0].replies[:-1]:
        call.reply(reply)
    last = call.reply(s.tests[0].replies[-1])
    assert last.global_intent != "early_close"
    assert call.finished


def test_a_scenario_without_close_acts_keeps_its_fallback() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    call.reply("Hi Mike, this is Sam from NordParts, do you have two minutes?")
    result = call.reply("Could I come by on Thursday at ten to show you the range?")
    assert result.global_intent != "early_close"


def test_with_every_need_out_a_proposal_brings_out_the_prospect_s_concern() -> None:
    s = resolve("kaldsamtale-vinduer").scenario
    call = Call(s, "Sam", seed=0)
    call.start()
    for reply in (
        "hei randi, dette er sam fra klimavindu i trondheim. vi jobber med vindusskifte i "
        "borettslag, har du et par minutter?",
        "så bra, da er dere jo allerede i gang med å tenke på det. hvordan merker beboerne at "
        "vinduene er gamle, er det trekk eller høye strømregninger?",
        "det høres slitsomt ut for beboerne. hvis dere venter noen år til, hva tror du det "
        "betyr for felleskostnadene og for karmene som allerede råtner?",
        "2,4 millioner er mye. hvordan ser styret på finansieringen av et sånt prosjekt?",
    ):
        call.reply(reply)
    assert set(call.revealed) >= {n.id for n in s.needs}
    patience = call.patience
    result = call.reply("på en gratis befaring måler vi vinduene og lager et regnestykke til "
                        "styret. passer det tirsdag neste uke kl 10?")
    assert result.global_intent == "early_close"
    assert s.nodes[call.node_id].objection is not None
    assert call.patience == patience
