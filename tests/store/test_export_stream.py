"""Export format 2 on SQLite and PostgreSQL: each scenario text once, before the first attempt
played on it; attempts read a batch at a time; import reads format 2 and format 1 files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.store import StoreError, listing, open_store

from .helpers import SOURCE, SOURCE_HASH, played

OTHER = "id: other\nversion: 2\n"
OTHER_HASH = hashlib.sha256(OTHER.encode("utf-8")).hexdigest()


def _cli(db: str, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], input=stdin)


def _two_versions(db: str) -> list[str]:
    """Attempts on two scenario texts, interleaved in time."""
    with open_store(db) as store:
        ids = [played(store, "Sam", turns=3)]
        other = store.start_attempt("Kim", "other", 2, OTHER_HASH, "Other", "en", "exam", OTHER)
        store.add_turn(other, 0, "prospect", "Hello?")
        ids += [other, played(store, "Kim", total=90.0), played(store, "Sam", finish=False)]
    return ids


def test_each_scenario_text_is_written_once_before_its_first_attempt(
    db_url: str, tmp_path: Path
) -> None:
    ids = _two_versions(db_url)
    result = _cli(db_url, "export")
    assert result.exit_code == 0 and "exported 4 attempts" in result.stderr
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(x["format"], x.get("hash") or x["attempt"]["id"]) for x in lines] == [
        ("sales-trainer-scenario", SOURCE_HASH),
        ("sales-trainer-attempt", ids[0]),
        ("sales-trainer-scenario", OTHER_HASH),
        ("sales-trainer-attempt", ids[1]),
        ("sales-trainer-attempt", ids[2]),
        ("sales-trainer-attempt", ids[3]),
    ]
    assert lines[0]["text"] == SOURCE and lines[2]["text"] == OTHER
    assert all(x["scenario_source"] is None for x in lines if "attempt" in x)
    copy = str(tmp_path / "copy.db")
    assert _cli(copy, "import", "-", stdin=result.stdout).stdout.strip() == "imported 4, skipped 0"
    with open_store(copy) as store:
        assert store.attempt(ids[0]).source_text == SOURCE
        assert store.attempt(ids[1]).source_text == OTHER
    assert _cli(copy, "export").stdout == result.stdout
    assert _cli(copy, "import", "-", stdin=result.stdout).stdout.strip() == "imported 0, skipped 4"


def test_format_1_files_with_the_text_on_every_line_still_import(db_url: str) -> None:
    lines = []
    for n, (text, digest) in enumerate([(SOURCE, SOURCE_HASH), (OTHER, OTHER_HASH)] * 2):
        lines.append(json.dumps({
            "format": "sales-trainer-attempt", "version": 1,
            "attempt": {"id": f"v1-{n}", "trainee": "Ola", "scenario_id": "demo",
                        "scenario_version": 1, "scenario_hash": digest, "title": "T",
                        "language": "en", "mode": "coach",
                        "started_at": f"2026-03-0{n + 1}T09:00:00+00:00"},
            "turns": [], "scorecard": None, "scenario_source": text,
        }))
    result = _cli(db_url, "import", "-", stdin="\n".join(lines) + "\n")
    assert result.stdout.strip() == "imported 4, skipped 0", result.output
    with open_store(db_url) as store:
        assert [store.attempt(f"v1-{n}").source_text for n in range(4)] == [SOURCE, OTHER] * 2


def _scenario_then_attempt(tmp_path: Path, change: Any) -> list[str]:
    first = str(tmp_path / "first.db")
    with open_store(first) as store:
        played(store)
    lines = _cli(first, "export").stdout.splitlines()
    data = json.loads(lines[0])
    change(data)
    return [json.dumps(data), lines[1]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(text="tampered"), "does not match its hash"),
        (lambda d: d.update(version=3), "format version 3 is newer"),
        (lambda d: d.update(version=1), "unknown format version 1"),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d.update(hash=7), "hash"),
    ],
)
def test_a_bad_scenario_line_is_refused_by_number_and_nothing_is_written(
    db_url: str, tmp_path: Path, change: Any, message: str
) -> None:
    lines = _scenario_then_attempt(tmp_path, change)
    result = _cli(db_url, "import", "-", stdin="\n".join(lines) + "\n")
    assert isinstance(result.exception, StoreError)
    assert "<stdin>:1:" in str(result.exception) and message in str(result.exception)
    with open_store(db_url) as store:
        assert store.attempts() == []


def test_an_attempt_whose_text_is_in_neither_file_nor_database_imports_without_it(
    db_url: str, tmp_path: Path
) -> None:
    """As with format 1 lines that carry no text: the attempt is kept, its scenario text is
    simply not known (the history screen then opens it with the library's copy)."""
    lines = _scenario_then_attempt(tmp_path, lambda d: None)
    result = _cli(db_url, "import", "-", stdin=lines[1] + "\n")
    assert result.stdout.strip() == "imported 1, skipped 0"
    attempt_id = json.loads(lines[1])["attempt"]["id"]
    with open_store(db_url) as store:
        assert store.attempt(attempt_id).source_text is None
        played(store)  # the text is now in the database...
    again = _cli(db_url, "export").stdout.splitlines()
    assert json.loads(again[0])["hash"] == SOURCE_HASH  # ...and exported once for both


def test_export_reads_attempts_a_batch_at_a_time(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "BATCH", 4)
    with open_store(db_url) as store:
        ids = [played(store, f"T{n}", turns=3) for n in range(10)]
        statements: list[str] = []
        sa.event.listen(store._engine, "before_cursor_execute",
                        lambda *args: statements.append(args[2]))
        exported = [d.id for d in store.export_rows()]
    assert exported == ids
    # One query for the attempts, one for each batch's turns, one for the scenario text: not
    # three per attempt.
    assert len([s for s in statements if "FROM turns" in s]) == 3
    assert len([s for s in statements if "FROM scenario_sources" in s]) == 1
    assert len(statements) <= 6, statements
