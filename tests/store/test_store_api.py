"""The store's API on both backends: what goes in comes back exactly, rewinds keep turns."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from trainer.store import AttemptDetail, StoreError, open_store
from trainer.store.schema import turns

from .helpers import SOURCE, SOURCE_HASH, played, scorecard


def test_attempt_round_trip(db_url: str) -> None:
    with open_store(db_url) as store:
        attempt_id = store.start_attempt(
            "Sam", "demo", 3, SOURCE_HASH, "Demo call", "en", "exam", source_text=SOURCE
        )
        store.add_turn(attempt_id, 0, "prospect", "Karen speaking.", node="opening")
        store.add_turn(
            attempt_id,
            1,
            "trainee",
            "Hi Karen, it's Sam — æøå «quotes»",
            node="opening",
            meta={
                "match": {"intent": "intro", "score": 88.5},
                "hint_used": True,
                "revealed": ["toner"],
            },
        )
        card = scorecard(82.5, needs_discovery=90.0, politeness=75.0, closing=60.0)
        store.finish_attempt(attempt_id, "meeting_booked", "win", card)

    with open_store(db_url) as store:
        detail = store.attempt(attempt_id)
    assert isinstance(detail, AttemptDetail)
    s = detail.summary
    assert (s.trainee, s.scenario_id, s.scenario_version, s.title, s.language, s.mode) == (
        "Sam",
        "demo",
        3,
        "Demo call",
        "en",
        "exam",
    )
    assert (s.outcome, s.result, s.total, s.passed) == ("meeting_booked", "win", 82.5, True)
    assert s.criteria == {"needs_discovery": 90.0, "politeness": 75.0, "closing": 60.0}
    assert s.status == "finished" and s.ended_at is not None and s.ended_at >= s.started_at
    assert s.started_at.tzinfo is not None
    assert detail.scorecard == card
    assert detail.source_text == SOURCE
    assert [(t["index"], t["speaker"], t["text"], t["node"]) for t in detail.turns] == [
        (0, "prospect", "Karen speaking.", "opening"),
        (1, "trainee", "Hi Karen, it's Sam — æøå «quotes»", "opening"),
    ]
    assert detail.turns[1]["meta"]["match"] == {"intent": "intro", "score": 88.5}
    assert detail.turns[0]["meta"] is None


def test_rewind_marks_turns_and_keeps_them(db_url: str) -> None:
    with open_store(db_url) as store:
        attempt_id = played(store, turns=4, finish=False)
        store.mark_rewound(attempt_id, [2, 3])
        store.add_turn(attempt_id, 2, "prospect", "again", node="x")
        store.mark_rewound(attempt_id, [2])
        store.add_turn(attempt_id, 2, "prospect", "third time", node="x")
        detail = store.attempt(attempt_id)
    assert [(t["index"], t["text"], t["rewound"]) for t in detail.turns] == [
        (0, "line 0", False),
        (1, "line 1", False),
        (2, "line 2", True),
        (3, "line 3", True),
        (2, "again", True),
        (2, "third time", False),
    ]
    assert [t["text"] for t in detail.live_turns()] == ["line 0", "line 1", "third time"]


def test_unfinished_attempts_are_kept_and_shown_in_progress(db_url: str) -> None:
    with open_store(db_url) as store:
        attempt_id = played(store, finish=False)
        [summary] = store.attempts()
    assert summary.id == attempt_id
    assert summary.status == "in progress"
    assert summary.total is None and summary.ended_at is None and summary.outcome is None


def test_listing_filters_and_best_scores(db_url: str) -> None:
    with open_store(db_url) as store:
        a = played(store, "Sam", "demo", 60.0)
        b = played(store, "Sam", "demo", 80.0)
        c = played(store, "Sam", "other", 55.0)
        d = played(store, "Kim", "demo", 90.0)
        played(store, "Kim", "other", finish=False)
        assert [x.id for x in store.attempts(trainee="Sam")] == [c, b, a]  # newest first
        assert [x.id for x in store.attempts(scenario="demo")] == [d, b, a]
        assert [x.id for x in store.attempts(trainee="Sam", scenario="demo", limit=1)] == [b]
        assert store.best_scores("Sam") == {"demo": 80.0, "other": 55.0}
        assert store.best_scores("Kim") == {"demo": 90.0}
        assert store.best_scores("Nobody") == {}
        assert store.trainees() == ["Kim", "Sam"]
        now = datetime.now(UTC)
        assert len(store.attempts(since=now - timedelta(hours=1))) == 5
        assert store.attempts(since=now + timedelta(hours=1)) == []
        assert store.attempts(until=now - timedelta(hours=1)) == []
        # A naive datetime is taken as UTC.
        assert len(store.attempts(until=(now + timedelta(hours=1)).replace(tzinfo=None))) == 5


def test_finished_attempts_cannot_change(db_url: str) -> None:
    with open_store(db_url) as store:
        attempt_id = played(store)
        with pytest.raises(StoreError, match="already finished"):
            store.add_turn(attempt_id, 9, "trainee", "late")
        with pytest.raises(StoreError, match="already finished"):
            store.finish_attempt(attempt_id, "x", "win", scorecard(99))
        with pytest.raises(StoreError, match="already finished"):
            store.mark_rewound(attempt_id, [0])
        assert store.count_turns(attempt_id) == 2


def test_bad_arguments_are_store_errors(db_url: str) -> None:
    with open_store(db_url) as store:
        with pytest.raises(StoreError, match="mode"):
            store.start_attempt("Sam", "demo", 1, SOURCE_HASH, "T", "en", "practice")
        with pytest.raises(StoreError, match="does not match its hash"):
            store.start_attempt("Sam", "demo", 1, "0" * 64, "T", "en", "coach", source_text=SOURCE)
        with pytest.raises(StoreError, match="no attempt"):
            store.add_turn("no-such-id", 0, "trainee", "hi")
        with pytest.raises(StoreError, match="no attempt"):
            store.attempt("no-such-id")
        attempt_id = played(store, finish=False)
        with pytest.raises(StoreError, match="speaker"):
            store.add_turn(attempt_id, 5, "narrator", "hi")
        with pytest.raises(StoreError, match="result"):
            store.finish_attempt(attempt_id, "x", "draw", scorecard(50))
        with pytest.raises(StoreError, match="total"):
            store.finish_attempt(attempt_id, "x", "win", {"passed": True})
        assert store.attempt(attempt_id).summary.status == "in progress"


def test_one_snapshot_per_scenario_text(db_url: str) -> None:
    with open_store(db_url) as store:
        first = played(store)
        second = played(store, trainee="Kim")
        assert store.attempt(first).source_text == store.attempt(second).source_text == SOURCE
        assert store.scenario_source(SOURCE_HASH) == SOURCE
        assert store.scenario_source("f" * 64) is None


def test_sqlite_settings(tmp_path: Path) -> None:
    path = tmp_path / "attempts.db"
    with open_store(str(path)) as store:
        played(store)
        with store._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # The foreign key is enforced: a turn cannot point at a missing attempt.
    with open_store(str(path)) as store, pytest.raises(sa.exc.IntegrityError):
        with store._engine.begin() as conn:
            conn.execute(
                sa.insert(turns).values(
                    attempt_id="missing",
                    seq=0,
                    idx=0,
                    speaker="trainee",
                    text="x",
                    created_at=datetime.now(UTC),
                    rewound=False,
                )
            )


def test_import_details_refuses_a_snapshot_under_the_wrong_hash(db_url: str) -> None:
    with open_store(db_url) as store:
        detail = store.attempt(played(store))
    wrong = AttemptDetail(
        replace(detail.summary, id="other-id"), detail.turns, detail.scorecard, "tampered"
    )
    with open_store(db_url) as store:
        with pytest.raises(StoreError, match="does not match its hash"):
            store.import_details([wrong])
        assert [s.id for s in store.attempts()] == [detail.id]
        assert store.scenario_source(SOURCE_HASH) == SOURCE
