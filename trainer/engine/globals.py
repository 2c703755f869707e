"""Repeat / line check / goodbye / rudeness: replies the prospect understands wherever the
call is."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from trainer.engine.router import best_similarity, keyword_hits
from trainer.engine.text import normalise

GlobalIntent = Literal["repeat", "line_check", "goodbye", "rude", "early_close"]

# The routing similarity, with a high bar: a goodbye or a request to repeat is a short reply of
# its own, and a long reply that merely contains "bye" scores far lower (token_sort penalises
# the length) and stays with the node's branches.
THRESHOLD = 86.0
# A remark about the line is short: a longer reply that mentions "breaking up" says more.
PHRASE_MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class GlobalIntents:
    repeat: tuple[str, ...]
    repeat_say: str
    goodbye: tuple[str, ...]
    goodbye_say: str
    rude_words: tuple[str, ...]
    rude_say: str
    # Everyday phrases that contain a rude word ("so it doesn't get lost"): taken out first.
    rude_except: tuple[str, ...] = ()
    repeat_phrases: tuple[str, ...] = ()
    line_phrases: tuple[str, ...] = ()
    line_say: str = "{last}"
    # A concrete proposal before the storyline's close (early_close.py): not there yet.
    early_close_say: tuple[str, ...] = ()


@cache
def load(lang: str) -> GlobalIntents:
    name = lang if lang in ("en", "nb") else "en"
    text = resources.files("trainer.engine.global_intents").joinpath(f"{name}.yaml").read_text(
        encoding="utf-8"
    )
    data = yaml.safe_load(text)

    def norm(items: list[str]) -> tuple[str, ...]:
        return tuple(n for n in (normalise(i) for i in items) if n)

    return GlobalIntents(
        repeat=norm(data["repeat"]["examples"]),
        repeat_say=data["repeat"]["say"],
        goodbye=norm(data["goodbye"]["examples"]),
        goodbye_say=data["goodbye"]["say"],
        rude_words=norm(data["rude"]["words"]),
        rude_say=data["rude"]["say"],
        rude_except=norm(data["rude"].get("except", [])),
        repeat_phrases=norm(data["repeat"].get("phrases", [])),
        line_phrases=norm(data.get("line_check", {}).get("phrases", [])),
        line_say=data.get("line_check", {}).get("say", "{last}"),
        early_close_say=tuple(data.get("early_close", {}).get("say", [])),
    )


def best_conversational(reply: str, intents: GlobalIntents) -> tuple[GlobalIntent | None, float]:
    """The repeat/goodbye intent a normalised reply is, with its score, or (None, best)."""
    best: tuple[GlobalIntent | None, float] = (None, 0.0)
    if not reply:
        return best
    for intent, examples in (("repeat", intents.repeat), ("goodbye", intents.goodbye)):
        score = best_similarity(reply, examples)
        if score > best[1]:
            best = (intent, score)  # type: ignore[assignment]
    if best[1] < THRESHOLD:
        return (None, best[1])
    return best


def remark_about_the_line(reply: str, intents: GlobalIntents) -> GlobalIntent | None:
    """'line_check' for "can you hear me?", 'repeat' for "you're breaking up, say again?",
    found as phrases in a short normalised reply; None otherwise."""
    if not reply or len(reply.split()) > PHRASE_MAX_WORDS:
        return None
    text = f" {reply} "
    if any(f" {p} " in text for p in intents.line_phrases):
        return "line_check"
    if any(f" {p} " in text for p in intents.repeat_phrases):
        return "repeat"
    return None


def global_intent_for(
    reply: str, branch_won: bool, best_score: float, rude: bool, intents: GlobalIntents
) -> GlobalIntent | None:
    """The global intent a normalised reply is at a node, given the node's verdict."""
    conversational, score = best_conversational(reply, intents)
    if conversational is None and not branch_won:
        conversational = remark_about_the_line(reply, intents)
    # A global intent must not steal a reply that a branch of this node matches better.
    if conversational is not None and (not branch_won or score > best_score):
        return conversational
    # Reported even when a branch matched: the prospect objects, then answers it.
    return "rude" if rude else None


def is_rude(reply: str, intents: GlobalIntents) -> bool:
    text = f" {normalise(reply)} "
    for phrase in intents.rude_except:
        text = text.replace(f" {phrase} ", " ")
    return keyword_hits(text.strip(), intents.rude_words) > 0
