"""export/import: a faithful round trip between backends, idempotence, and bad lines refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.cli.main import cli
from trainer.diagnostics import TrainerError
from trainer.store import AttemptDetail, AttemptSummary, StoreError, open_store
from trainer.store.transfer import VERSION, parse_line, to_line

from .helpers import played


def _cli(db: str, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], input=stdin)


def _ok(db: str, *args: str, stdin: str | None = None) -> Result:
    result = _cli(db, *args, stdin=stdin)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def _source_db(path: str) -> list[str]:
    with open_store(path) as store:
        ids = [
            played(store, "Sam", "demo", 62.5, turns=4, politeness=70.0),
            played(store, "Kim", "demo", 88.0, turns=3, mode="exam"),
            played(store, "Kim", "other", finish=False),
        ]
        rewound = played(store, "Sam", "other", finish=False, turns=3)
        store.mark_rewound(rewound, [1, 2])
        store.add_turn(rewound, 1, "trainee", "better — «æøå»", meta={"hint_used": True})
        ids.append(rewound)
    return ids


def test_round_trip_across_backends_is_exact(db_url: str, tmp_path: Path) -> None:
    first = str(tmp_path / "first.db")
    ids = _source_db(first)
    exported = _ok(first, "export").stdout
    lines = [json.loads(x) for x in exported.splitlines()]
    assert all(x["version"] == VERSION for x in lines)
    # The four attempts share one scenario version: its text is written once, before them.
    formats = [x["format"] for x in lines]
    assert formats == ["sales-trainer-scenario"] + ["sales-trainer-attempt"] * 4
    assert all(x["scenario_source"] is None for x in lines[1:])

    assert _ok(db_url, "import", "-", stdin=exported).stdout.strip() == "imported 4, skipped 0"
    assert _ok(db_url, "export").stdout == exported  # byte for byte, via the other backend
    with open_store(first) as a, open_store(db_url) as b:
        for attempt_id in ids:
            assert a.attempt(attempt_id) == b.attempt(attempt_id)
        assert a.best_scores("Kim") == b.best_scores("Kim") == {"demo": 88.0}


def test_import_is_idempotent(tmp_path: Path) -> None:
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    _source_db(first)
    out = tmp_path / "attempts.jsonl"
    result = _ok(first, "export", "--output", str(out))
    assert "exported 4 attempts" in result.stderr
    assert _ok(second, "import", str(out)).stdout.strip() == "imported 4, skipped 0"
    assert _ok(second, "import", str(out)).stdout.strip() == "imported 0, skipped 4"
    # A file holding the same attempt twice imports it once.
    line = out.read_text(encoding="utf-8").splitlines()[-1]
    doubled = tmp_path / "doubled.jsonl"
    doubled.write_text(f"{line}\n\n{line}\n", encoding="utf-8")
    third = str(tmp_path / "c.db")
    assert _ok(third, "import", str(doubled)).stdout.strip() == "imported 1, skipped 1"
    with open_store(second) as store:
        assert len(store.attempts()) == 4


def test_export_filters(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    _source_db(db)
    kim = [json.loads(x) for x in _ok(db, "export", "--trainee", "Kim").stdout.splitlines()]
    assert [r["attempt"]["trainee"] for r in kim[1:]] == ["Kim", "Kim"] and "text" in kim[0]
    other = _ok(db, "export", "--scenario", "other", "--trainee", "Sam").stdout.splitlines()
    assert len(other) == 2
    assert _ok(db, "export", "--since", "2999-01-01").stdout == ""


def _good_line(tmp_path: Path) -> str:
    db = str(tmp_path / "good.db")
    with open_store(db) as store:
        played(store)
    return _ok(db, "export").stdout.splitlines()[-1]


def _mutated(line: str, path: tuple[str, ...], value: object) -> str:
    data = json.loads(line)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda g: "{not json", "not JSON"),
        (lambda g: "[1, 2]", "not a JSON object"),
        (lambda g: _mutated(g, ("format",), "csv"), "not a sales-trainer attempt"),
        (lambda g: _mutated(g, ("version",), VERSION + 1), "newer than this sales-trainer"),
        (lambda g: _mutated(g, ("attempt", "mode"), "party"), "attempt.mode"),
        (lambda g: _mutated(g, ("attempt", "started_at"), "soon"), "attempt.started_at"),
        (lambda g: _mutated(g, ("turns",), [{"index": -1}]), "turns.0"),
        (lambda g: _mutated(g, ("scenario_source",), "tampered"), "does not match"),
        (lambda g: _mutated(g, ("attempt", "ended_at"), None), "total but no ended_at"),
        (lambda g: _mutated(g, ("surprise",), 1), "surprise"),
    ],
)
def test_a_bad_line_names_its_number_and_nothing_is_written(
    tmp_path: Path, bad: object, message: str
) -> None:
    good = _good_line(tmp_path)
    other = _mutated(good, ("attempt", "id"), "another-id")
    file = tmp_path / "in.jsonl"
    file.write_text("\n".join([good, other, bad(good)]) + "\n", encoding="utf-8")  # type: ignore[operator]
    target = str(tmp_path / "target.db")
    result = _cli(target, "import", str(file))
    assert isinstance(result.exception, StoreError)
    text = str(result.exception)
    assert f"{file}:3:" in text and message in text and "nothing was imported" in text
    with open_store(target) as store:
        assert store.attempts() == []


def test_many_bad_lines_are_summarised(tmp_path: Path) -> None:
    file = tmp_path / "junk.jsonl"
    file.write_text("\n".join(["junk"] * 12), encoding="utf-8")
    result = _cli(str(tmp_path / "t.db"), "import", str(file))
    assert isinstance(result.exception, StoreError)
    assert ":5: not JSON" in str(result.exception) and ":6:" not in str(result.exception)
    assert "and 7 more bad line(s)" in str(result.exception)


def test_unreadable_inputs(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    for args, message in [
        (("import", str(tmp_path / "missing.jsonl")), "no such file"),
        (("import", str(tmp_path)), "is a folder"),
        (("export", "--output", str(tmp_path / "no" / "x.jsonl")), "does not exist"),
    ]:
        result = _cli(db, *args)
        # Output files go through the one output path (trainer.cli.output): a TrainerError.
        assert isinstance(result.exception, TrainerError) and message in str(result.exception)
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(b'{"a": 1}\n{"name": "Bj\xf8rn"}\n')
    result = _cli(db, "import", str(latin1))
    assert isinstance(result.exception, StoreError)
    assert f"{latin1}:2: not UTF-8" in str(result.exception)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_line_is_parsed_or_refused_with_a_reason(text: str) -> None:
    try:
        parse_line(text)
    except ValueError as exc:
        assert str(exc)


_names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)


@settings(max_examples=100, deadline=None)
@given(
    trainee=_names,
    total=st.none() | st.floats(min_value=0, max_value=100),
    texts=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=6),
    seconds=st.integers(min_value=0, max_value=10**9),
)
def test_lines_round_trip(
    trainee: str, total: float | None, texts: list[str], seconds: int
) -> None:
    start = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds, microseconds=seconds)
    finished = total is not None
    detail = AttemptDetail(
        AttemptSummary(
            id="a-1",
            trainee=trainee,
            scenario_id="demo",
            scenario_version=2,
            title="T «x»",
            language="nb",
            mode="exam",
            started_at=start,
            ended_at=start + timedelta(minutes=3) if finished else None,
            outcome="won" if finished else None,
            result="win" if finished else None,
            total=total,
            passed=bool(total and total >= 70) if finished else None,
            criteria={"closing": total} if total is not None else {},
            scenario_hash="0" * 64,
        ),
        [
            {
                "index": i,
                "speaker": "trainee" if i % 2 else "prospect",
                "text": text,
                "node": None,
                "created_at": (start + timedelta(seconds=i)).isoformat(),
                "meta": {"hint_used": bool(i % 3)},
                "rewound": i == 1,
            }
            for i, text in enumerate(texts)
        ],
        {"total": total} if finished else None,
        None,
    )
    line = to_line(detail)
    assert "\n" not in line
    assert parse_line(line) == detail
