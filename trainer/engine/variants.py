"""Calls that don't all read alike: the prospect's temper (a variant) and pooled bridges.

Both are picked from the call's seed, so `--seed` replays a call exactly, while two seeds give
two different buyers. Each pick has its own generator, so adding a variant to a scenario does
not change which lines the existing seeds pick elsewhere."""

from __future__ import annotations

import random

from trainer.diagnostics import TrainerError
from trainer.scenario.models import Line, Persona, Scenario


def choose(scenario: Scenario, seed: int, wanted: str | None) -> str | None:
    """The variant this call plays: the one asked for, or one picked by the seed."""
    if not scenario.variants:
        if wanted:
            raise TrainerError(f"scenario '{scenario.id}' has no variants (asked for '{wanted}')")
        return None
    if wanted:
        if wanted not in scenario.variants:
            known = ", ".join(sorted(scenario.variants))
            raise TrainerError(f"scenario '{scenario.id}' has no variant '{wanted}' ({known})")
        return wanted
    return random.Random(f"variant:{seed}").choice(sorted(scenario.variants))


def persona_for(scenario: Scenario, variant: str | None) -> Persona:
    persona = scenario.persona
    if variant is None:
        return persona
    change = scenario.variants[variant].persona
    updates = {k: v for k, v in change.model_dump().items() if v is not None}
    return persona.model_copy(update=updates)


def speaks(line: Line, variant: str | None) -> bool:
    return line.variant is None or (variant is not None and variant in line.variant)


def pick_from_pool(seed: int, node_id: str, targets: list[str]) -> str:
    """The one target of a pooled goto that this call takes; the same every time it passes."""
    if len(targets) == 1:
        return targets[0]
    return random.Random(f"pool:{seed}:{node_id}").choice(targets)
