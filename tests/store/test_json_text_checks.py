"""Export skips re-measuring JSON whose stored text is short and plain (models.py); these
tests hold it to that: whatever the quick look lets through, the full check passes, and a
stored meta the full check refuses is still refused, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import from_json

from trainer.store import open_store
from trainer.store.models import JSON_DEPTH, META_BYTES, check_json, plain_json_text

from .helpers import played

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
_JSON = st.recursive(_LEAVES, lambda x: st.lists(x) | st.dictionaries(st.text(max_size=8), x),
                     max_leaves=40)
_NUMBER_TEXT = st.from_regex(r"-?[0-9]{1,25}(\.[0-9]{1,5})?([eE][+-]?[0-9]{1,4})?",
                             fullmatch=True)


@settings(max_examples=400, deadline=None)
@given(value=_JSON, numbers=st.lists(_NUMBER_TEXT, max_size=4), budget=st.sampled_from(
    [64, 512, META_BYTES]))
def test_what_the_quick_look_lets_through_passes_the_full_check(
    value: object, numbers: list[str], budget: int
) -> None:
    text = '{"v": ' + json.dumps(value) + ', "n": [' + ", ".join(numbers) + "]}"
    try:
        parsed = from_json(text, allow_inf_nan=False)
    except ValueError:
        return
    if plain_json_text(text, budget):
        check_json(parsed, budget)  # never raises


@pytest.mark.parametrize(
    "text",
    [
        '{"n": 1234567890123456789}',  # 19 digits: may be past 64 bits
        '{"x": 1e400}',  # Infinity once parsed
        '{"x": 2E+308}',
        "{" + '"a":[' * (JSON_DEPTH - 1) + "1" + "]" * (JSON_DEPTH - 1) + "}",
    ],
)
def test_the_quick_look_leaves_risky_text_to_the_full_check(text: str) -> None:
    assert not plain_json_text(text, META_BYTES)


def test_short_plain_text_is_let_through() -> None:
    text = '{"score": 87.5, "why": ["e123 is a word", "12345"], "n": 123456789012345678}'
    assert plain_json_text(text, META_BYTES)
    assert not plain_json_text(text, len(text) * 18 - 1)  # too long to be sure of the size


BAD_META = [
    '{"n": 100000000000000000000}',
    '{"x": 1e400}',
    '{"a": ' + "[" * 40 + "]" * 40 + "}",
    '{"x": "' + "y" * (META_BYTES + 10) + '"}',
]


@pytest.mark.parametrize("meta", BAD_META, ids=["big-int", "infinity", "deep", "too-long"])
def test_a_stored_meta_the_models_refuse_is_still_left_out_of_an_export(
    db_url: str, meta: str
) -> None:
    with open_store(db_url) as store:
        good, bad = played(store, "Good"), played(store, "Bad")
    engine = sa.create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # past the lock on finished attempts
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        value = "CAST(:m AS json)" if engine.dialect.name == "postgresql" else ":m"
        conn.execute(sa.text(f"UPDATE turns SET meta = {value} WHERE attempt_id = :a"),
                     {"m": meta, "a": bad})
    engine.dispose()
    with open_store(db_url) as store:
        assert [d.id for d in store.export_rows()] == [good]
        assert store.skipped_count == 1 and "meta" in store.skipped[0]
