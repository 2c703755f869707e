"""What a strong rep might say at one moment of a call.

The one source for the coach's hint during a call and the scorecard's model answers after it,
so the two can never disagree, and the place that knows when a reply already says what the
model answer says (then offering the model answer as an "improvement" would be an insult).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rapidfuzz import fuzz

from trainer.engine.text import fill
from trainer.engine.understanding.canon import Canoniser
from trainer.scenario.models import Scenario

# Canonical words shared this much (token-set ratio, 0-100) and the reply is the model answer
# in the trainee's own words: "Would Tuesday at ten suit you?" against "Does Tuesday at 10
# work for you?" scores in the high 80s, a different move in the 40s.
SAME_AS_ANSWER = 80


def base_values(scenario: Scenario, trainee: str) -> dict[str, Any]:
    """The names every scenario text may use, whatever the call's state."""
    persona = scenario.persona
    return {
        "trainee": trainee,
        "prospect": persona.name,
        "prospect_company": persona.company,
        "company": scenario.seller.company,
        "product": scenario.seller.product,
    }


def advice(scenario: Scenario, node_id: str | None, values: Mapping[str, Any]) -> str | None:
    """The node's model answer (or, where it has none, its hint), filled in; None when the
    author left this moment without advice."""
    if node_id is None or node_id not in scenario.nodes:
        return None
    node = scenario.nodes[node_id]
    text = node.model_answer or node.hint
    if not text:
        return None
    return fill(text, {**scenario.variables, **values})


def already_said(reply: str, answer: str, language: str) -> bool:
    """True when the reply is the model answer in other words (casual typing, inflection and
    synonyms set aside), so there is nothing to learn from being shown it again."""
    canon = Canoniser(language)
    said, model = " ".join(canon.words(reply)), " ".join(canon.words(answer))
    if not said or not model:
        return False
    return fuzz.token_set_ratio(said, model) >= SAME_AS_ANSWER


def improvements(
    scenario: Scenario, trainee: str, turns: Mapping[int, tuple[str | None, str]],
    weakest: list[int],
) -> dict[int, str | None]:
    """For each weak turn (its index -> the node it answered and what the trainee said): the
    advice to show, or None when the reply already was that advice. A turn the author gave no
    advice for is left out."""
    values = base_values(scenario, trainee)
    out: dict[int, str | None] = {}
    for index in weakest:
        if index not in turns:
            continue
        node, said = turns[index]
        answer = advice(scenario, node, values)
        if answer is None:
            continue
        out[index] = None if already_said(said, answer, scenario.language) else answer
    return out
