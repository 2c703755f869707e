"""Recording calls: a fake call pins the observer contract, the real engine proves the wiring."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from trainer.scenario.library import builtin_dir
from trainer.scenario.loader import load_file
from trainer.session import AttemptRecorder, start_recorded_call
from trainer.store import StoreError, open_store

CAR_PARTS = builtin_dir() / "en" / "cold-call-car-parts.yaml"


@dataclass
class FakeEntry:
    index: int
    speaker: str
    text: str
    node: str | None = None
    hint_used: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "speaker": self.speaker,
            "text": self.text,
            "node": self.node,
            "objection": None,
            "revealed": [],
            "hint_used": self.hint_used,
            "match": None,
            "fallback": None,
            "analysis": {"text": self.text, "politeness": {"score": 50.0}},
        }


@dataclass
class FakeOutcome:
    id: str
    result: str


@dataclass
class FakeScorecard:
    total: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "passed": self.total >= 70,
            "criteria": {
                "politeness": {"score": 80.0, "applicable": True},
                "objection_handling": {"score": 50.0, "applicable": False},
            },
        }


@dataclass
class FakeCall:
    """Speaks like the engine: entries as they happen, rewinds, then the end."""

    scenario: Any
    trainee: str
    seed: int
    observer: Any
    transcript: list[FakeEntry] = field(default_factory=list)

    def say(self, speaker: str, text: str) -> None:
        entry = FakeEntry(len(self.transcript), speaker, text, node="n")
        self.transcript.append(entry)
        self.observer.on_entry(entry)

    def rewind(self) -> None:
        removed = self.transcript[-2:]
        del self.transcript[-2:]
        self.observer.on_rewind(removed)

    def end(self) -> None:
        self.observer.on_end(FakeOutcome("meeting_booked", "win"))

    def scorecard(self) -> FakeScorecard:
        return FakeScorecard(81.0)


def test_recorder_with_a_fake_call(tmp_path: Path) -> None:
    loaded = load_file(CAR_PARTS)
    with open_store(str(tmp_path / "a.db")) as store:
        call, attempt_id = start_recorded_call(
            loaded, "Sam", "coach", store, seed=4, call_factory=FakeCall
        )
        assert isinstance(call, FakeCall) and call.seed == 4 and call.trainee == "Sam"
        call.say("prospect", "Hello?")
        call.say("trainee", "Buy now!")
        call.say("prospect", "No.")
        assert store.count_turns(attempt_id) == 3  # written as they happen
        call.rewind()
        call.say("trainee", "Hi, may I ask a question?")
        call.say("prospect", "Sure.")
        call.end()
        call.end()  # a second end is ignored, not an error
        detail = store.attempt(attempt_id)
    s = detail.summary
    assert (s.trainee, s.scenario_id, s.mode, s.outcome, s.result, s.total, s.passed) == (
        "Sam",
        "cold-call-car-parts",
        "coach",
        "meeting_booked",
        "win",
        81.0,
        True,
    )
    assert s.criteria == {"politeness": 80.0}  # not applicable → left out of the columns
    assert s.scenario_hash == loaded.content_hash
    assert detail.source_text == CAR_PARTS.read_text(encoding="utf-8")
    assert [(t["index"], t["text"], t["rewound"]) for t in detail.turns] == [
        (0, "Hello?", False),
        (1, "Buy now!", True),
        (2, "No.", True),
        (1, "Hi, may I ask a question?", False),
        (2, "Sure.", False),
    ]
    assert detail.turns[1]["meta"]["analysis"] == {"politeness": {"score": 50.0}}
    assert detail.scorecard is not None and detail.scorecard["total"] == 81.0


def test_recorder_needs_its_call_before_the_end(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as store:
        recorder = AttemptRecorder(store, "x")
        with pytest.raises(RuntimeError, match="call must be set"):
            recorder.on_end(FakeOutcome("x", "win"))


def test_real_engine_call_is_recorded_exactly(db_url: str) -> None:
    loaded = load_file(CAR_PARTS)
    replies = [
        "Hi Mike, this is Sam from PartsCo. Do you have a minute?",
        "We are the world leader in car parts, buy from us",
        "How do you order brake pads and filters today?",
    ]
    with open_store(db_url) as store:
        call, attempt_id = start_recorded_call(loaded, "Sam", "coach", store, seed=1)
        call.start()
        call.reply(replies[0])
        call.reply(replies[1])
        assert call.rewind()
        for text in replies[2:]:
            call.reply(text)
        if not call.finished:
            call.end()
        expected = [e.to_dict() for e in call.transcript]
        card = call.scorecard().to_dict()
        outcome = call.outcome
        detail = store.attempt(attempt_id)
    live = detail.live_turns()
    assert [(t["index"], t["speaker"], t["text"], t["node"]) for t in live] == [
        (e["index"], e["speaker"], e["text"], e["node"]) for e in expected
    ]
    rewound = [t for t in detail.turns if t["rewound"]]
    assert rewound and rewound[0]["text"] == replies[1]
    assert detail.summary.outcome == outcome.id and detail.summary.result == outcome.result
    assert detail.summary.total == pytest.approx(card["total"])
    assert detail.scorecard == card
    trainee_turns = [t for t in live if t["speaker"] == "trainee"]
    assert all("analysis" in t["meta"] and "match" in t["meta"] for t in trainee_turns)
    assert detail.summary.status == "finished"


class BrokenStore:
    """Fails every write after the first `ok` ones, like a server that went away."""

    def __init__(self, real: Any, ok: int) -> None:
        self.real, self.ok = real, ok

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.real, name)
        if name not in ("add_turn", "mark_rewound", "finish_attempt"):
            return attr

        def write(*args: Any, **kwargs: Any) -> Any:
            if self.ok <= 0:
                raise StoreError("server closed the connection")
            self.ok -= 1
            return attr(*args, **kwargs)

        return write


def test_store_failure_mid_call_raises_by_default(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as real:
        call, _ = start_recorded_call(
            load_file(CAR_PARTS), "Sam", "coach", BrokenStore(real, 1), call_factory=FakeCall
        )  # type: ignore[arg-type]
        call.say("prospect", "Hello?")
        with pytest.raises(StoreError, match="server closed"):
            call.say("trainee", "Hi")


def test_store_failure_mid_call_with_on_error_stops_recording(tmp_path: Path) -> None:
    errors: list[StoreError] = []
    with open_store(str(tmp_path / "a.db")) as real:
        call, attempt_id = start_recorded_call(
            load_file(CAR_PARTS),
            "Sam",
            "coach",
            BrokenStore(real, 2),  # type: ignore[arg-type]
            call_factory=FakeCall,
            on_error=errors.append,
        )
        for n in range(4):
            call.say("prospect" if n % 2 == 0 else "trainee", f"line {n}")
        call.end()
        assert len(errors) == 1 and not call.observer.recording
        detail = real.attempt(attempt_id)
    assert [t["text"] for t in detail.turns] == ["line 0", "line 1"]
    assert detail.summary.status == "in progress"
