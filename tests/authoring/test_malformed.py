"""Malformed scenario files: `validate` exits non-zero, points at file:line:col with the right
code, and never shows a traceback."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from trainer.diagnostics import ScenarioError
from trainer.scenario.loader import load_file, load_text

from .helpers import MINIMAL, edit, run_validate, run_validate_json, scenario_dir

BRANCH = """      - intent: introduce
        examples: ["Hi Mike, this is Sam from NordParts"]
        goto: booked
"""


@dataclass(frozen=True)
class Bad:
    name: str
    content: bytes
    code: str
    where: tuple[int, int] | None = None  # expected line, column of the first such finding
    words: str = ""  # expected in that finding's message


def _text(old: str, new: str) -> bytes:
    return edit(old, new).encode("utf-8")


def _billion_laughs() -> bytes:
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"lol{level}: &l{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _condition_bomb() -> bytes:
    # Aliases inside fields the models accept, so validation would walk every copy.
    whens = ["&c0 {mood: {gte: 0}}"]
    for level in range(1, 8):
        refs = ", ".join([f"*c{level - 1}"] * 9)
        whens.append(f"&c{level} {{all: [{refs}]}}")
    lines = "".join(f"      - text: line {i}\n        when: {w}\n" for i, w in enumerate(whens))
    return edit('    say: "Dawson Motors, Mike speaking."\n', "    say:\n" + lines).encode()


def _deep_block() -> bytes:
    body = "".join(" " * i + f"k{i}:\n" for i in range(1500)) + " " * 1500 + "end\n"
    return ("description:\n" + "".join("  " + line + "\n" for line in body.splitlines())).encode()


def _garbage() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(4096))


MISSING_TITLE = MINIMAL.replace("title: Example call\n", "")
LOOP = edit(
    BRANCH,
    BRANCH + '      - intent: chat\n        examples: ["How is business?"]\n        goto: chat\n',
    edit(
        "outcomes:\n",
        '  chat:\n    say: "Busy."\n    branches:\n      - intent: more\n'
        '        examples: ["And the weather?"]\n        goto: chat\n'
        '    fallback: {say: "Sorry?", then: chat}\noutcomes:\n',
    ),
)

CASES = [
    Bad("unclosed-bracket", b"id: [unclosed\ntitle: x\n", "SCN001", (2, 6)),
    Bad(
        "colon-in-text",
        _text("title: Example call", "title: Example: call"),
        "SCN001",
        (4, 15),
        "quotes",
    ),
    Bad(
        "tab-indentation",
        _text('    say: "Dawson', '\tsay: "Dawson'),
        "SCN001",
        (13, 1),
        "tab character",
    ),
    Bad("unknown-anchor", _text("title: Example call", "title: *nowhere"), "SCN001", (4, 8)),
    Bad("two-documents", (MINIMAL + "---\nid: second\n").encode(), "SCN001", (24, 1)),
    Bad("unhashable-key", b"? [a, b]\n: c\n", "SCN001"),
    Bad(
        "deep-flow-nesting", b"description: " + b"[" * 5000 + b"]" * 5000, "SCN001", words="nesting"
    ),
    Bad("deep-block-nesting", _deep_block(), "SCN001", words="nesting depth"),
    Bad("billion-laughs", _billion_laughs(), "SCN001", (2, 12), "aliases expand"),
    Bad("alias-bomb-in-conditions", _condition_bomb(), "SCN001", (17, 26), "aliases expand"),
    Bad(
        "self-referencing-alias",
        _text("persona: {name: Mike}", "persona: {name: Mike}\ntags: &t [a, *t]"),
        "SCN001",
        (10, 14),
        "refers to the value that contains it",
    ),
    Bad(
        "wrong-type-difficulty",
        _text("difficulty: 1", "difficulty: hard"),
        "SCN002",
        (7, 1),
        "difficulty",
    ),
    Bad(
        "out-of-range-difficulty",
        _text("difficulty: 1", "difficulty: 9"),
        "SCN002",
        (7, 1),
        "difficulty",
    ),
    Bad(
        "unknown-top-level-key",
        _text("title: Example call", "titel: Example call"),
        "SCN002",
        (4, 1),
        "did you mean 'title'",
    ),
    Bad(
        "unknown-nested-key",
        _text("examples: [", "exmaples: ["),
        "SCN002",
        (16, 9),
        "did you mean 'examples'",
    ),
    Bad("missing-title", MISSING_TITLE.encode(), "SCN002", (2, 1), "missing required key 'title'"),
    Bad(
        "say-is-a-number",
        _text('say: "Dawson Motors, Mike speaking."', "say: 42"),
        "SCN002",
        (13, 5),
    ),
    Bad("bad-id-pattern", _text("id: example", "id: Has Spaces"), "SCN002", (2, 1), "pattern"),
    Bad(
        "condition-with-two-keys",
        _text(
            "        goto: booked\n",
            "        when: {mood: {gt: 0}, need: x}\n        goto: booked\n",
        ),
        "SCN002",
        (17, 9),
        "exactly one",
    ),
    Bad(
        "branch-without-matcher",
        _text('        examples: ["Hi Mike, this is Sam from NordParts"]\n', ""),
        "SCN002",
        (15, 9),
        "needs examples, keywords or acts",
    ),
    Bad("top-level-list", b"- id: a\n- id: b\n", "SCN002", (1, 1), "not a list"),
    Bad("top-level-scalar", b"just some words\n", "SCN002", (1, 1), "single text value"),
    Bad("null-document", b"~\n", "SCN002", (1, 1), "empty document"),
    Bad(
        "duplicate-key",
        _text("language: en\n", "language: en\nlanguage: nb\n"),
        "SCN003",
        (6, 1),
        "duplicate key 'language'",
    ),
    Bad(
        "duplicate-node",
        _text("outcomes:\n", '  opening:\n    say: "Again."\n    goto: booked\noutcomes:\n'),
        "SCN003",
        (19, 3),
        "'opening'",
    ),
    Bad(
        "python-object-tag",
        _text("title: Example call", "title: !!python/object:os.system {}"),
        "SCN004",
        (4, 8),
        "!!python/object",
    ),
    Bad("custom-tag", _text("title: Example call", "title: !secret x"), "SCN004", (4, 8)),
    Bad("empty-file", b"", "SCN005", (1, 1), "empty"),
    Bad(
        "comment-only",
        b"# yaml-language-server: $schema=../scenario.schema.json\n# todo\n",
        "SCN005",
        (1, 1),
        "empty",
    ),
    Bad("whitespace-only", b"   \n\n  \n", "SCN005", (1, 1), "empty"),
    Bad(
        "five-megabytes",
        b"description: " + b"x" * (5 * 1024 * 1024) + b"\n",
        "SCN005",
        (1, 1),
        "MB",
    ),
    Bad("binary-garbage", _garbage(), "SCN005"),
    Bad(
        "nul-bytes",
        MINIMAL.encode().replace(b"Example call", b"Example\x00call"),
        "SCN005",
        (4, 15),
        "NUL",
    ),
    Bad(
        "latin-1",
        MINIMAL.encode().replace(b"Example call", "Eksempel på".encode("latin-1")),
        "SCN005",
        (4, 18),
        "0xe5",
    ),
    Bad("utf-16", MINIMAL.encode("utf-16"), "SCN005", (1, 1), "UTF-16"),
    Bad(
        "missing-target",
        _text("goto: booked", "goto: bookd"),
        "SCN010",
        (17, 9),
        "did you mean 'booked'",
    ),
    Bad("unescapable-loop", LOOP.encode(), "SCN025", (22, 3), "no way out"),
    Bad(
        "dead-end",
        _text("outcomes:\n", '  stuck:\n    say: "Hm."\noutcomes:\n').replace(
            b"goto: booked", b"goto: stuck"
        ),
        "SCN012",
        (19, 3),
        "dead end",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_malformed_file_is_reported_not_raised(case: Bad, tmp_path: Path) -> None:
    file = scenario_dir(tmp_path) / "example.yaml"
    file.write_bytes(case.content)
    code, out = run_validate(str(file))
    assert code == 1, out
    assert "Traceback" not in out
    pattern = rf"^{re.escape(str(file))}:(\d+):(\d+): error {case.code}: (.*)$"
    hits = [hit for hit in re.findall(pattern, out, re.M) if case.words in hit[2]]
    assert hits, out
    line, column, message = hits[0]
    if case.where is not None:
        assert (int(line), int(column)) == case.where, out
    assert case.words in message


def test_there_are_at_least_thirty_malformed_cases() -> None:
    assert len(CASES) >= 30


def test_several_errors_in_one_file_are_all_reported(tmp_path: Path) -> None:
    text = edit("difficulty: 1", "difficulty: hard")
    text = edit("title: Example call", "titel: Example call", text)
    text = edit("examples: [", "exmaples: [", text)
    text = edit("language: en", "language: de", text)
    file = scenario_dir(tmp_path) / "example.yaml"
    file.write_text(text, encoding="utf-8")
    code, data = run_validate_json(str(file))
    assert code == 1
    places = [(f["code"], f["line"]) for f in data["findings"]]
    assert places == [("SCN002", 2), ("SCN002", 4), ("SCN002", 5), ("SCN002", 7), ("SCN002", 16)]
    assert "missing required key 'title'" in data["findings"][0]["message"]
    assert "did you mean 'title'" in data["findings"][1]["message"]


def test_several_lint_errors_in_one_file_are_all_reported(tmp_path: Path) -> None:
    text = edit("goto: booked", "goto: bookd")
    text = edit("then: hang_up", "then: hangup", text)
    text = edit("closing: 25}", "closing: 20}", text)
    text = edit('say: "Dawson Motors, Mike speaking."', 'say: "Hi {nobody}"', text)
    file = scenario_dir(tmp_path) / "example.yaml"
    file.write_text(text, encoding="utf-8")
    code, data = run_validate_json(str(file))
    assert code == 1
    assert sorted(f["code"] for f in data["findings"] if f["severity"] == "error") == [
        "SCN010",
        "SCN010",
        "SCN018",
        "SCN019",
    ]


def test_bom_loads_fine(tmp_path: Path) -> None:
    file = scenario_dir(tmp_path) / "example.yaml"
    file.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert run_validate(str(file)) == (0, "1 file, 0 errors, 0 warnings\n")
    assert load_file(file).has_schema_header


def test_crlf_loads_fine_and_keeps_line_numbers(tmp_path: Path) -> None:
    file = scenario_dir(tmp_path) / "example.yaml"
    file.write_bytes(MINIMAL.replace("\n", "\r\n").encode())
    assert run_validate(str(file))[0] == 0
    file.write_bytes(edit("goto: booked", "goto: bookd").replace("\n", "\r\n").encode())
    code, data = run_validate_json(str(file))
    assert code == 1
    assert (data["findings"][0]["line"], data["findings"][0]["column"]) == (17, 9)


def test_missing_file_and_folder_for_the_loader(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as missing:
        load_file(tmp_path / "nope.yaml")
    assert missing.value.diagnostics[0].code == "SCN005"
    with pytest.raises(ScenarioError) as folder:
        load_file(tmp_path)
    assert "folder" in folder.value.diagnostics[0].message


def test_ordinary_aliases_are_welcome(tmp_path: Path) -> None:
    shared = BRANCH.replace('examples: ["Hi', 'examples: &hello ["Hi')
    again = "      - intent: introduce_again\n        examples: *hello\n        goto: booked\n"
    text = edit(BRANCH, shared + again)
    loaded = load_text(text, "example.yaml")
    branches = loaded.scenario.nodes["opening"].branches
    assert branches[0].examples == branches[1].examples


def test_many_list_items_without_aliases_are_not_an_alias_bomb() -> None:
    examples = ", ".join(f'"example number {k}"' for k in range(60_000))
    text = edit('examples: ["Hi Mike, this is Sam from NordParts"]', f"examples: [{examples}]")
    assert len(load_text(text).scenario.nodes["opening"].branches[0].examples) == 60_000
