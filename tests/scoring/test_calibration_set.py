"""The coach-labelled calibration set (tests/data/calibration): frozen before the grader was
run on it, so its labels are never edited to fit the grader."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parents[1] / "data" / "calibration"
HEADER = re.compile(rb"^# frozen: sha256 ([0-9a-f]{64}) of every line below this one;[^\n]*\n")


def _load(name: str) -> list[dict[str, object]]:
    raw = (FOLDER / name).read_bytes()
    data = yaml.safe_load(raw)
    key = "calls" if name.startswith("calls") else "replies"
    items: list[dict[str, object]] = data[key]
    return items


def test_every_file_matches_its_frozen_checksum() -> None:
    files = sorted(FOLDER.glob("*.yaml"))
    assert len(files) == 5
    for path in files:
        raw = path.read_bytes()
        match = HEADER.match(raw)
        assert match, f"{path.name}: no frozen header"
        body = raw[match.end() :]
        assert hashlib.sha256(body).hexdigest() == match.group(1).decode(), path.name


def test_the_set_has_the_size_and_spread_asked_for() -> None:
    calls = [c for n in ("calls_en.yaml", "calls_nb.yaml", "calls_mirrored.yaml") for c in _load(n)]
    replies = [r for n in ("replies.yaml", "replies_mirrored.yaml") for r in _load(n)]
    assert sum(c["lang"] == "en" for c in calls) >= 24
    assert sum(c["lang"] == "nb" for c in calls) >= 24
    ids = {c["id"] for c in calls}
    mirrored = [c for c in calls if c.get("mirror")]
    assert len(mirrored) >= 16 and all(c["mirror"] in ids for c in mirrored)
    types = {c["type"] for c in calls}
    for wanted in (
        "excellent",
        "good_but_flawed",
        "polite_but_passive",
        "pushy",
        "rude_but_competent",
        "keyword_stuffer",
        "complaint_well",
        "complaint_badly",
    ):
        assert wanted in types
    assert len(replies) >= 300
    for c in calls:
        coach = c["coach"]
        assert isinstance(coach, dict) and coach["pass"] == (coach["overall"] >= 70), c["id"]
    for r in replies:
        coach = r["coach"]
        assert isinstance(coach, dict) and 1 <= coach["politeness"] <= 5, r["id"]
