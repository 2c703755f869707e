"""A better reply must outrank a worse one to the same prospect line (by `reply_score`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring import analyse_reply

PAIRS = Path(__file__).resolve().parents[1] / "data" / "scoring_pairs.jsonl"
ROWS = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_enough_pairs_in_both_languages() -> None:
    assert len(ROWS) >= 40
    assert sum(r["lang"] == "nb" for r in ROWS) >= 15


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['lang']}-{i}" for i, r in enumerate(ROWS)])
def test_better_reply_ranks_higher(row: dict[str, str]) -> None:
    ctx = {"prospect_line": row["prospect"], "objection": row.get("objection")}
    better = analyse_reply(row["better"], row["lang"], ctx)
    worse = analyse_reply(row["worse"], row["lang"], ctx)
    assert better.reply_score > worse.reply_score, (better.reply_score, worse.reply_score)
