"""A small scenario written for the engine tests: every feature, few words."""

from __future__ import annotations

from typing import Any

import yaml

from trainer.scenario.loader import load_text
from trainer.scenario.models import Scenario

BASE: dict[str, Any] = {
    "id": "engine-test",
    "version": 1,
    "title": "Engine test",
    "language": "en",
    "kind": "cold_call",
    "difficulty": 1,
    "seller": {"company": "NordParts", "product": "brake pads"},
    "persona": {"name": "Mike", "company": "Dawson Motors", "patience": 4, "mood": 0},
    "variables": {"interest": 0},
    "needs": [
        {"id": "late", "fact": "Deliveries are late.", "cues": ["delivery", "late", "supplier"]},
        {"id": "cash", "fact": "We pay up front.", "cues": ["payment", "invoice"]},
    ],
    "settings": {"match_threshold": 60, "margin": 5, "max_turns": 10},
    "start": "opening",
    "nodes": {
        "opening": {
            "say": ["Dawson Motors, {prospect} speaking.", "Yeah, {prospect_company}."],
            "model_answer": "Hi {prospect}, {trainee} from {company}. Got two minutes?",
            "branches": [
                {
                    "intent": "introduce",
                    "examples": ["Hi Mike, this is Sam from NordParts, do you have two minutes?"],
                    "keywords": ["minutes"],
                    "effects": {"mood": 1, "add": {"interest": 1}},
                    "say": "Sure.",
                    "goto": "bridge",
                },
                {
                    "intent": "pitch",
                    "examples": ["We have the cheapest brake pads in the country"],
                    "goto": "pitched",
                },
            ],
            "fallback": {"say": "Who is this?", "retries": 2, "then": "hang_up"},
        },
        "bridge": {"say": "Let me close the door.", "goto": "listening"},
        "listening": {
            "say": [
                {"text": "Go on then.", "once": True},
                {"text": "What now?", "when": {"visits": {"node": "listening", "gte": 2}}},
                "I'm listening.",
            ],
            "pick": "sequence",
            "objection": "timing",
            "model_answer": "How do you order your parts today?",
            "branches": [
                {
                    "intent": "ask_setup",
                    "examples": ["How do you order your parts today?"],
                    "effects": {"set": {"asked": True}},
                    "goto": "listening",
                },
                {
                    "intent": "close",
                    "examples": ["Can we book a meeting on Thursday?"],
                    "when": {"var": {"var": "interest", "gte": 2}},
                    "goto": "win",
                },
                {
                    "intent": "close_early",
                    "examples": ["Can we book a meeting on Thursday?"],
                    "when": {"var": {"var": "interest", "lt": 2}},
                    "goto": "polite_end",
                },
            ],
            "fallback": {"say": "Sorry?", "retries": 1, "then": "polite_end"},
        },
        "pitched": {
            "say": "Not interested.",
            "branches": [
                {"intent": "apologise", "examples": ["Sorry, I will be quick"], "goto": "listening"}
            ],
        },
    },
    "outcomes": {
        "win": {"result": "win", "say": "See you Thursday."},
        "polite_end": {"result": "neutral", "say": "Bye now."},
        "hang_up": {"result": "loss", "say": "I'm hanging up."},
    },
    "rubric": {
        "weights": {
            "needs_discovery": 25, "politeness": 25, "objection_handling": 25, "closing": 25
        },
        "pass_mark": 70,
    },
}


def scenario(**changes: Any) -> Scenario:
    """The test scenario with top-level keys replaced, validated like a real file."""
    data = {**BASE, **changes}
    return load_text(yaml.safe_dump(data, allow_unicode=True), "engine-test.yaml").scenario
