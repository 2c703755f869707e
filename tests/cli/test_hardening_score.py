"""`score` against hostile or unlucky input (findings B10, B12, B13, B29, B30, B31): every bad
record is named and the rest go on, reading stops at a byte budget, types are strict."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.cli import inputs, score_cmd
from trainer.cli.inputs import InputError, Limits, load_yaml, loads_json, read_script_replies
from trainer.cli.main import cli
from trainer.diagnostics import TrainerError

GOOD = json.dumps({"text": "Hi Mike, this is Sam from NordParts. Do you have two minutes?"})
TURN = {"speaker": "trainee", "text": "Could you tell me how you order parts today?"}


def invoke(args: list[str], stdin: bytes | str | None = None) -> Result:
    return CliRunner().invoke(cli, args, input=stdin)


def rows(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def refused(result: Result) -> str:
    """The one-line message `main` prints for an input error (never another exception)."""
    assert isinstance(result.exception, TrainerError), result.exception
    message = str(result.exception)
    assert message and "\n" not in message and "Traceback" not in message
    return message


def transcript(tmp_path: Path, body: str | bytes, suffix: str = ".json") -> Path:
    path = tmp_path / f"t{suffix}"
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return path


def zero_link(tmp_path: Path, name: str) -> Path:
    # Only a symlink in a temp dir, and only ever read: /dev itself is never touched.
    link = tmp_path / name
    os.symlink("/dev/zero", link)
    return link


# --- B12: one bad JSON line never stops the run --------------------------------------------

BAD_LINES = {
    "prospect_not_text": b'{"text":"hello","prospect":123}',
    "prospect_name_not_text": b'{"text":"hello","prospect_name":42}',
    "lone_surrogate": b'{"text":"\\ud800 hi"}',
    "deep_nesting": b"[" * 100_000 + b"]" * 100_000,
    "deep_object": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    "huge_number": b'{"text":1' + b"0" * 5000 + b"}",
    "not_utf8": b'{"text":"caf\xe9"}',
    "nan": b'{"text":"hi","x":NaN}',
    "infinity": b'{"text":"hi","x":-Infinity}',
    "float_overflow": b'{"text":"hi","x":1e999}',
    "duplicate_key": b'{"text":"hi","text":"again"}',
    "not_object": b"[1, 2]",
    "text_list": b'{"text":["a"]}',
    "bad_lang": b'{"text":"hi","lang":["en"]}',
    "bad_objection": b'{"text":"hi","objection":"weather"}',
    "text_too_long": b'{"text":"' + b"a" * 20_001 + b'"}',
    "not_json": b"not json",
}


@pytest.mark.parametrize("bad", BAD_LINES.values(), ids=list(BAD_LINES))
def test_b12_one_bad_jsonl_line_does_not_stop_the_run(tmp_path: Path, bad: bytes) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(GOOD.encode() + b"\n" + bad + b"\n" + GOOD.encode() + b"\n")
    result = invoke(["score", "--jsonl", str(src)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = rows(result)
    assert result.exit_code == 1
    assert [r["line"] for r in out] == [1, 2, 3]
    assert "error" not in out[0] and "error" not in out[2]
    assert out[1]["error"] and "internal error" not in out[1]["error"]


def test_b12_invalid_utf8_line_loses_neither_the_lines_before_nor_after() -> None:
    stdin = b'{"text":"hello"}\n{"text":"caf\xe9"}\n{"text":"after"}\n'
    out = rows(invoke(["score", "--jsonl", "-"], stdin))
    assert [("error" in r) for r in out] == [False, True, False]
    assert "UTF-8" in out[1]["error"] and "0xE9" in out[1]["error"]


def test_b12_an_overlong_line_is_reported_and_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(score_cmd, "JSONL_MAX_LINE_BYTES", 1024)
    stdin = GOOD + "\n" + json.dumps({"text": "x" * 5000}) + "\n" + GOOD + "\n"
    out = rows(invoke(["score", "--jsonl", "-"], stdin))
    assert [r["line"] for r in out] == [1, 2, 3]
    assert "longer than 1 KiB" in out[1]["error"] and "error" not in out[2]


def test_b12_reasons_name_the_field_and_type() -> None:
    out = rows(invoke(["score", "--jsonl", "-"], BAD_LINES["prospect_not_text"] + b"\n"))
    assert out[0]["error"] == "prospect: Input should be a valid string"


def test_b12_output_is_strict_json_and_safe_for_a_terminal() -> None:
    line = json.dumps({"text": "Hi \x1b]0;TITLE\x07 there \u009b2J ok?"}, ensure_ascii=False)
    result = invoke(["score", "--jsonl", "-"], line + "\n")
    assert result.exit_code == 0
    assert not any(ch in result.stdout for ch in ("\x1b", "\x07", "\u009b"))
    json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"emitted {c}"))


def test_b12_bad_lines_in_the_existing_format_still_report_line_numbers() -> None:
    stdin = "\n".join([GOOD, "", "   ", "{", GOOD]) + "\n"
    out = rows(invoke(["score", "--jsonl", "-"], stdin))
    assert [r["line"] for r in out] == [1, 4, 5]
    assert out[1]["error"].startswith("not JSON:")


# --- B29: a UTF-8 BOM ---------------------------------------------------------------------


def test_b29_a_bom_at_the_start_of_jsonl_is_not_a_bad_line(tmp_path: Path) -> None:
    out = rows(invoke(["score", "--jsonl", "-"], b"\xef\xbb\xbf" + GOOD.encode() + b"\n"))
    assert len(out) == 1 and "error" not in out[0]
    src = tmp_path / "bom.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + GOOD.encode() + b"\r\n" + GOOD.encode() + b"\r\n")
    result = invoke(["score", "--jsonl", str(src)])
    assert result.exit_code == 0 and len(rows(result)) == 2


def test_b29_a_bom_in_a_transcript_is_dropped_and_utf16_is_named(tmp_path: Path) -> None:
    body = json.dumps({"lang": "en", "turns": [TURN]}).encode()
    result = invoke(["score", str(transcript(tmp_path, b"\xef\xbb\xbf" + body))])
    assert result.exit_code == 0, result.output
    utf16 = transcript(tmp_path, body.decode().encode("utf-16"), ".yaml")
    assert "UTF-16" in refused(invoke(["score", str(utf16)]))


# --- B13: bad transcripts give one line, never a traceback ------------------------------

BAD_TRANSCRIPTS = {
    "not_utf8.yaml": (b'lang: en\nturns:\n  - {speaker: trainee, text: "caf\xe9"}\n', "UTF-8"),
    "deep_flow.yaml": (("lang: en\nturns: " + "[" * 5000 + "]" * 5000).encode(), "nest"),
    "deep_block.yaml": ("".join("  " * i + "a:\n" for i in range(200)).encode(), "nested"),
    "deep.json": (('{"turns": ' + "[" * 5000 + "]" * 5000 + "}").encode(), "nested"),
    "lang_list.json": (b'{"lang":["en"],"turns":[{"speaker":"trainee","text":"hi"}]}', "lang"),
    "nested_revealed.json": (
        b'{"turns":[{"speaker":"trainee","text":"hi","revealed":[["a"]]}]}',
        "turn 1: revealed[0]",
    ),
    "surrogate.json": (b'{"turns":[{"speaker":"trainee","text":"\\ud800 hi"}]}', "surrogate"),
    "surrogate.yaml": (b'turns: [{speaker: trainee, text: "\\ud800 hi"}]\n', "YAML"),
    "recursive.yaml": (b"turns: &a [{speaker: trainee, text: hi, revealed: *a}]\n", "alias"),
    "huge_int.yaml": (b"turns: [{speaker: trainee, text: hi}]\nx: 1" + b"0" * 5000, "YAML"),
    "date_text.yaml": (b"turns: [{speaker: trainee, text: 2024-01-01}]\n", "date"),
    "nan.yaml": (b"turns: [{speaker: trainee, text: hi}]\nlang: .nan\n", "finite"),
    "two_docs.yaml": (b"turns: []\n---\nturns: []\n", "YAML"),
    "list.yaml": (b"- a\n", "turns"),
    "unknown_key.json": (b'{"turns":[{"speaker":"trainee","text":"hi","hint":1}]}', "hint"),
    "int_key.yaml": (b"turns: [{speaker: trainee, text: hi}]\n1: x\n", "key"),
    "NaN.json": (b'{"turns":[{"speaker":"trainee","text":"hi"}],"x":NaN}', "NaN"),
    "bad_scenario.json": (
        b'{"scenario":"no-such\\u001b[2J","turns":[{"speaker":"trainee","text":"hi"}]}',
        "no-such",
    ),
}


@pytest.mark.parametrize("name", list(BAD_TRANSCRIPTS))
def test_b13_a_bad_transcript_gives_one_line_not_a_traceback(tmp_path: Path, name: str) -> None:
    body, needle = BAD_TRANSCRIPTS[name]
    path = tmp_path / name
    path.write_bytes(body)
    message = refused(invoke(["score", str(path)]))
    assert message.startswith(str(path)) and needle in message, message
    assert "\x1b" not in message


def test_b13_positions_are_given_for_encoding_and_syntax_errors(tmp_path: Path) -> None:
    path = transcript(tmp_path, BAD_TRANSCRIPTS["not_utf8.yaml"][0], ".yaml")
    assert f"{path}:3:34: not UTF-8" in refused(invoke(["score", str(path)]))


def test_b13_an_unknown_scenario_is_one_line(tmp_path: Path) -> None:
    body = json.dumps({"scenario": "no-such-scenario", "turns": [TURN]})
    assert "no-such-scenario" in refused(invoke(["score", str(transcript(tmp_path, body))]))


def test_b13_quotes_in_the_text_scorecard_carry_no_escape_sequences(tmp_path: Path) -> None:
    text = "Hi Mike \x1b]52;c;aGk=\x07 could we meet on Thursday at 10?\nfake row"
    path = transcript(tmp_path, json.dumps({"turns": [{"speaker": "trainee", "text": text}]}))
    result = invoke(["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "fake row" not in "".join(line[:10] for line in result.stdout.splitlines())


# --- B30: no silent coercion ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("hint_used", "no", "turn 1: hint_used: Input should be a valid boolean"),
        ("hint_used", 1, "hint_used"),
        ("revealed", "abc", "turn 1: revealed: Input should be a valid list"),
        ("revealed", {"a": 1}, "revealed"),
        ("text", 123, "turn 1: text: Input should be a valid string"),
        ("speaker", "coach", "speaker"),
        ("objection", 5, "objection"),
        ("node", ["a"], "node"),
    ],
)
def test_b30_transcript_fields_are_not_coerced(
    tmp_path: Path, field: str, value: Any, needle: str
) -> None:
    body = json.dumps({"lang": "en", "turns": [{**TURN, field: value}]})
    assert needle in refused(invoke(["score", str(transcript(tmp_path, body))]))


def test_b30_real_booleans_and_need_lists_still_count(tmp_path: Path) -> None:
    def total(turn: dict[str, Any]) -> float:
        path = transcript(tmp_path, json.dumps({"lang": "en", "turns": [turn]}))
        result = invoke(["score", str(path), "--json"])
        assert result.exit_code == 0, result.output
        return float(json.loads(result.stdout)["total"])

    assert total({**TURN, "hint_used": True}) < total({**TURN, "hint_used": False})
    yaml_text = "turns:\n  - {speaker: trainee, text: hi, hint_used: no}\n"
    yaml_path = transcript(tmp_path, yaml_text, ".yaml")
    assert invoke(["score", str(yaml_path)]).exit_code == 0  # YAML's own `no` is a boolean


# --- B31 and B10: sizes are budgets --------------------------------------------------------


def test_b31_more_than_the_turn_limit_is_refused(tmp_path: Path) -> None:
    body = json.dumps({"turns": [TURN] * 1001})
    assert "at most 1000" in refused(invoke(["score", str(transcript(tmp_path, body))]))


def test_b31_aliased_turns_are_counted_each_time_and_refused_fast(tmp_path: Path) -> None:
    body = "t: &t {speaker: trainee, text: hi}\nturns: [" + ", ".join(["*t"] * 60_000) + "]\n"
    start = time.perf_counter()
    message = refused(invoke(["score", str(transcript(tmp_path, body, ".yaml"))]))
    assert "alias" in message and time.perf_counter() - start < 3


def test_b31_aliased_text_counts_its_bytes_each_time() -> None:
    doc = "a: &s " + "x" * 1000 + "\nb: [" + ", ".join(["*s"] * 200) + "]\n"
    with pytest.raises(InputError, match="text"):
        load_yaml(doc, Limits(max_text_bytes=100_000))
    assert len(load_yaml(doc, Limits(max_text_bytes=300_000))["b"]) == 200


def test_b31_a_full_length_transcript_is_graded(tmp_path: Path) -> None:
    body = json.dumps({"turns": [TURN] * 1000})
    assert invoke(["score", str(transcript(tmp_path, body))]).exit_code == 0


def test_b10_transcript_reading_stops_at_the_budget_whatever_stat_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(score_cmd, "TRANSCRIPT_MAX_BYTES", 64 * 1024)
    message = refused(invoke(["score", str(zero_link(tmp_path, "zero.yaml"))]))
    assert "over the 64 KiB limit" in message
    big = transcript(tmp_path, json.dumps({"turns": [TURN] * 2000}))
    assert "limit" in refused(invoke(["score", str(big)]))


def test_b10_an_endless_jsonl_source_stops_at_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(score_cmd, "JSONL_MAX_TOTAL_BYTES", 1024 * 1024)
    assert "1 MiB" in refused(invoke(["score", "--jsonl", str(zero_link(tmp_path, "z.jsonl"))]))
    # The lines before the endless one are scored and printed first.
    result = invoke(["score", "--jsonl", "-"], GOOD.encode() + b"\n" + b"x" * (2 * 1024 * 1024))
    assert "1 MiB" in refused(result)
    assert rows(result)[0]["line"] == 1 and "error" not in rows(result)[0]


def test_b10_script_reading_stops_at_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TrainerError, match="over the 1 KiB limit"):
        read_script_replies(str(zero_link(tmp_path, "zero.txt")), max_bytes=1024)
    monkeypatch.setattr(inputs, "SCRIPT_MAX_BYTES", 1024)
    big = tmp_path / "big.txt"
    big.write_text("Hello there, how do you order parts?\n" * 100, encoding="utf-8")
    with pytest.raises(TrainerError, match="limit"):
        read_script_replies(str(big))
    small = tmp_path / "small.txt"
    small.write_bytes(b"\xef\xbb\xbf# a comment\n\nHi Mike\n  second  \n")
    assert read_script_replies(str(small)) == ["Hi Mike", "second"]
    small.write_bytes(b"ok\ncaf\xe9\n")
    with pytest.raises(TrainerError, match=r"not UTF-8.*line 2"):
        read_script_replies(str(small))


# --- the strict readers themselves ---------------------------------------------------------


def test_b12_strict_json_reader_limits() -> None:
    assert loads_json('{"a": [1, 2.5, "x", null, true]}') == {"a": [1, 2.5, "x", None, True]}
    for text, needle in (
        ("NaN", "NaN"),
        ('{"a": 1, "a": 2}', "duplicate"),
        ("1" * 40, "digits"),
        ("[" * 40 + "]" * 40, "nested"),
        ('"\\udc80"', "surrogate"),
    ):
        with pytest.raises(InputError, match=needle):
            loads_json(text)
    with pytest.raises(InputError, match="values"):
        loads_json(json.dumps(list(range(100))), Limits(max_values=50))


# --- fuzz: no traceback, no good line lost ------------------------------------------------

# Run `SCORE_FUZZ_EXAMPLES=10000 pytest -k fuzz tests/cli/test_hardening_score.py` for the long
# run (about a minute each); the default keeps the suite fast and deterministic.
EXAMPLES = int(os.environ.get("SCORE_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_nasty = st.sampled_from(["\ud800", "a\udc80b", "\x1b[2J", "\u009b1m", "\ufeff", "1" * 5000])
_json_leaf = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | _nasty
_json_value = st.recursive(
    _json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_line_fields = st.fixed_dictionaries(
    {},
    optional={
        "text": _json_value | st.text(max_size=60),
        "lang": st.sampled_from(["en", "nb", "sv", ""]) | _json_value,
        "prospect": _json_value | st.text(max_size=40),
        "prospect_name": _json_value,
        "objection": st.sampled_from(["price", "timing", "nope"]) | _json_value,
    },
)


def _encode(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False)  # floats may give NaN/Infinity: bad lines
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8


_bad_line = (
    _line_fields.map(_encode)
    | _json_value.map(_encode)
    | st.binary(max_size=40).filter(lambda b: b"\n" not in b)
)
_good_line = st.text(max_size=60).map(
    lambda t: _encode({"text": t.encode("utf-8", "replace").decode("utf-8"), "lang": "en"})
)


def _counts_as_blank(raw: bytes, first: bool) -> bool:
    body = raw.removeprefix(b"\xef\xbb\xbf") if first else raw
    try:
        return not body.rstrip(b"\r").decode("utf-8").strip()
    except UnicodeDecodeError:
        return False


@FUZZ
@given(st.lists(st.tuples(st.booleans(), _good_line, _bad_line), min_size=1, max_size=6))
def test_b12_fuzz_jsonl_no_traceback_and_no_good_line_lost(
    picks: list[tuple[bool, bytes, bytes]],
) -> None:
    lines = [good if use_good else bad for use_good, good, bad in picks]
    result = invoke(["score", "--jsonl", "-"], b"\n".join(lines) + b"\n")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    out = rows(result)
    expected = [n for n, raw in enumerate(lines, 1) if not _counts_as_blank(raw, n == 1)]
    assert [r["line"] for r in out] == expected
    for n, (use_good, _, _) in enumerate(picks, 1):
        if use_good:
            assert "error" not in next(r for r in out if r["line"] == n)
    assert not any("internal error" in r.get("error", "") for r in out)


_turn = st.fixed_dictionaries(
    {"speaker": st.sampled_from(["trainee", "prospect"]) | _json_value, "text": _json_value},
    optional={
        "objection": st.sampled_from(["price", "stall"]) | _json_value,
        "revealed": st.lists(st.text(max_size=5), max_size=3) | _json_value,
        "hint_used": st.booleans() | _json_value,
        "node": _json_value,
    },
)
_transcript = st.fixed_dictionaries(
    {"turns": st.lists(_turn, max_size=4) | _json_value},
    optional={"lang": st.sampled_from(["en", "nb"]) | _json_value},
)


@FUZZ
@given(
    st.one_of(_transcript.map(_encode), _json_value.map(_encode), st.binary(max_size=80)),
    st.sampled_from([".json", ".yaml"]),
)
def test_b13_fuzz_transcripts_never_give_a_traceback(body: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"t{suffix}"
        path.write_bytes(body)
        result = invoke(["score", str(path)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        refused(result)
    else:
        assert result.exit_code == 0 and "total" in result.stdout
