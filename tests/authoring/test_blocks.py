"""Shared blocks: what `use:` copies in, every SCN code it can raise with the position on the
right side (the scenario's use, or the block file with the use named), and the frozen text."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.cli.validate_cmd import check_file
from trainer.scenario.loader import load_file, load_text

from .block_helpers import BLOCKS, SCENARIO, at, edit, findings, lay_out
from .helpers import run_validate

LOOPS = """\
language: en
blocks:
  loop:
    params: {product: "widgets", out: null}
    nodes:
      ask:
        say:
          - "Price for ${product}? Call me {name}, costs $${price}."
          - {text: "Back again.", when: {visits: {node: ask, gte: 2}}}
        branches:
          - intent: agree
            examples: ["Yes"]
            when: {not: {visits: {node: ask, gte: 3}}}
            goto: again
        fallback: {say: "Hm.", then: "${out}"}
      again:
        say: "Once more."
        goto: [ask, ask]
"""


def _loops(tmp_path: Path, uses: str) -> Path:
    scenario = edit(
        SCENARIO,
        """  - file: ../blocks/common.yaml
    block: price
    with: {product: brake pads, next: booked}
""",
        uses,
    )
    path = lay_out(tmp_path, scenario)
    (tmp_path / "blocks" / "loops.yaml").write_text(LOOPS, encoding="utf-8")
    return path


def test_a_block_is_filled_in_with_its_parameters_and_defaults(tmp_path: Path) -> None:
    loaded = load_file(lay_out(tmp_path))
    node = loaded.scenario.nodes["price"]
    assert node.say == "Your brake pads cost too much."
    assert node.branches[0].examples == ["I understand. What are you comparing us with?"]
    assert node.branches[0].goto == "booked"
    assert list(loaded.scenario.nodes) == ["opening", "price"]
    assert findings(tmp_path / "en" / "example.yaml") == []


def test_a_whole_value_takes_a_list_and_a_value_is_never_expanded_again(tmp_path: Path) -> None:
    scenario = edit(
        SCENARIO,
        "with: {product: brake pads, next: booked}",
        'with: {product: "${next}", next: booked, examples: ["Fair. Why?", "I see"]}',
    )
    node = load_file(lay_out(tmp_path, scenario)).scenario.nodes["price"]
    assert node.say == "Your ${next} cost too much."
    assert node.branches[0].examples == ["Fair. Why?", "I see"]


def test_a_prefix_renames_the_nodes_and_the_blocks_own_references(tmp_path: Path) -> None:
    path = _loops(
        tmp_path,
        """  - {file: ../blocks/loops.yaml, block: loop, with: {out: booked}}
  - file: ../blocks/loops.yaml
    block: loop
    prefix: two_
    with: {out: hang_up, product: "filters"}
""",
    )
    nodes = load_file(path).scenario.nodes
    assert list(nodes) == ["opening", "ask", "again", "two_ask", "two_again"]
    two = nodes["two_ask"]
    assert two.branches[0].goto == "two_again"
    assert two.branches[0].when is not None and two.branches[0].when.not_ is not None
    assert two.branches[0].when.not_.visits is not None
    assert two.branches[0].when.not_.visits.node == "two_ask"
    assert two.fallback is not None and two.fallback.then == "hang_up"
    assert nodes["two_again"].goto == ["two_ask", "two_ask"]
    line = two.say[1]  # type: ignore[index]
    assert line.when.visits.node == "two_ask"  # type: ignore[union-attr]
    # `{name}` is the prospect's slot placeholder and stays; `$${` writes a literal `${`.
    assert two.say[0] == "Price for filters? Call me {name}, costs ${price}."  # type: ignore[index]
    assert nodes["ask"].fallback is not None and nodes["ask"].fallback.then == "booked"


# (code, scenario edit, block-file edit, which file, text found at the position)
CASES = [
    (
        "SCN040",
        ("../blocks/common.yaml", "../blocks/missing.yaml"),
        None,
        "scenario",
        "file: ../blocks/missing",
    ),
    (
        "SCN041",
        ("../blocks/common.yaml", "../../../etc/passwd"),
        None,
        "scenario",
        "file: ../../../etc",
    ),
    (
        "SCN042",
        None,
        ("blocks:\n", "use:\n  - {file: other.yaml, block: x}\nblocks:\n"),
        "block",
        "use:\n",
    ),
    ("SCN043", ("block: price", "block: prices"), None, "scenario", "block: prices"),
    (
        "SCN044",
        ("{product: brake pads, next: booked}", "{product: brake pads}"),
        None,
        "scenario",
        "with: {product",
    ),
    ("SCN045", ("next: booked}", "next: booked, colour: red}"), None, "scenario", "colour"),
    ("SCN046", None, ("Your ${product}", "Your ${prodct}"), "block", 'say: "Your'),
    (
        "SCN047",
        (
            '    fallback: {say: "Sorry, who is this?", then: hang_up}\n',
            '    fallback: {say: "Sorry, who is this?", then: hang_up}\n'
            '  price: {say: "Too dear.", goto: hang_up}\n',
        ),
        None,
        "scenario",
        "file: ../blocks",
    ),
    (
        "SCN049",
        ("{product: brake pads,", "{product: [brake pads, filters],"),
        None,
        "scenario",
        "product: [brake",
    ),
    ("SCN051", None, ("language: en", "language: nb"), "scenario", "file: ../blocks"),
    ("SCN002", None, ("objection: price", "objection: prise"), "block", "objection: prise"),
    ("SCN010", None, ('goto: "${next}"', "goto: nowhere"), "block", "goto: nowhere"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_reported_on_its_side_with_both_locations(
    case: tuple[str, tuple[str, str] | None, tuple[str, str] | None, str, str], tmp_path: Path
) -> None:
    code, scenario_edit, block_edit, side, needle = case
    scenario = edit(SCENARIO, *scenario_edit) if scenario_edit else SCENARIO
    blocks = edit(BLOCKS, *block_edit) if block_edit else BLOCKS
    if code == "SCN010":  # a goto only the block names: the parameter is left unused
        scenario = edit(scenario, ", next: booked}", "}")
        blocks = edit(blocks, "      next: null\n", "")
    path = lay_out(tmp_path, scenario, blocks)
    found = [d for d in findings(path) if d.code == code]
    assert found, [d.format() for d in findings(path)]
    diag = found[0]
    use_site = at(scenario, "- file:", 2)
    if side == "scenario":
        assert Path(diag.file) == path
        assert (diag.line, diag.column) == at(scenario, needle), diag.format()
        if code not in ("SCN041", "SCN040"):
            assert "common.yaml" in diag.message
    else:
        assert Path(diag.file).resolve() == (tmp_path / "blocks" / "common.yaml").resolve()
        assert (diag.line, diag.column) == at(blocks, needle), diag.format()
        assert f"used at {path}:{use_site[0]}:{use_site[1]})" in diag.message, diag.message
    code_out, out = run_validate(str(path))
    assert code_out in (0, 1) and "Traceback" not in out and f" {code}: " in out


def test_a_wrong_value_given_under_with_is_reported_there(tmp_path: Path) -> None:
    scenario = edit(SCENARIO, "next: booked}", "next: booked, examples: [{a: 1}]}")
    path = lay_out(tmp_path, scenario)
    [diag] = findings(path)
    assert diag.code == "SCN002" and Path(diag.file) == path
    assert (diag.line, diag.column) == at(scenario, "{a: 1}")
    line, column = at(BLOCKS, '"${examples}"')
    assert "parameter 'examples' of block 'price' at " in diag.message
    assert f"common.yaml:{line}:{column - len('examples: ')})" in diag.message


def test_a_typo_in_a_required_parameter_is_reported_once(tmp_path: Path) -> None:
    scenario = edit(SCENARIO, "next: booked}", "nxt: booked}")
    [diag] = findings(lay_out(tmp_path, scenario))
    assert diag.code == "SCN045" and "did you mean 'next'?" in diag.message


def test_scenario_text_with_use_and_no_file_is_refused_plainly() -> None:
    for name in ("<string>", "example (published)"):
        with pytest.raises(Exception) as caught:
            load_text(SCENARIO, name)
        diags = getattr(caught.value, "diagnostics", None)
        assert diags and [d.code for d in diags] == ["SCN048"]
        assert (diags[0].line, diags[0].column) == at(SCENARIO, "use:")


def test_a_block_file_given_as_a_scenario_says_what_it_is(tmp_path: Path) -> None:
    lay_out(tmp_path)
    block_file = tmp_path / "blocks" / "common.yaml"
    with pytest.raises(Exception) as caught:
        load_file(block_file)
    assert [d.code for d in caught.value.diagnostics] == ["SCN042"]  # type: ignore[attr-defined]
    assert check_file(block_file) == []  # validate checks it as a block file: it is clean


def test_validate_on_a_block_file_finds_unused_and_undeclared_parameters(tmp_path: Path) -> None:
    lay_out(
        tmp_path,
        blocks=edit(
            edit(BLOCKS, "      next: null\n", "      next: null\n      colour: red\n"),
            "Your ${product}",
            "Your ${prodct}",
        ),
    )
    code, out = run_validate(str(tmp_path / "blocks"))
    assert code == 1 and "Traceback" not in out
    assert " warning SCN050: block 'price' declares parameter 'colour'" in out
    assert " error SCN046: block 'price' uses '${prodct}'" in out
    assert " warning SCN050: block 'price' declares parameter 'product'" in out


def test_validate_on_a_block_file_checks_its_nodes_where_it_can(tmp_path: Path) -> None:
    blocks = edit(BLOCKS, "objection: price", "objection: prise")
    lay_out(tmp_path, blocks=blocks)
    found = check_file(tmp_path / "blocks" / "common.yaml")
    assert [(d.code, d.line, d.column) for d in found] == [
        ("SCN002", *at(blocks, "objection: prise"))
    ]


def test_frozen_text_stands_alone_and_plays_the_same_scenario(tmp_path: Path) -> None:
    path = lay_out(tmp_path)
    loaded = load_file(path)
    frozen = loaded.frozen_text
    assert "use:" not in frozen and frozen.startswith("# yaml-language-server: $schema=")
    block_hash = hashlib.sha256(BLOCKS.encode("utf-8")).hexdigest()
    assert f"../blocks/common.yaml (sha256 {block_hash})" in frozen
    assert loaded.content_hash == hashlib.sha256(frozen.encode("utf-8")).hexdigest()
    (tmp_path / "blocks" / "common.yaml").unlink()
    again = load_text(frozen, "<stored scenario>")
    assert again.scenario == loaded.scenario
    assert again.frozen_text == frozen and again.content_hash == loaded.content_hash


def test_frozen_text_does_not_depend_on_how_the_file_was_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = lay_out(tmp_path)
    absolute = load_file(path).content_hash
    monkeypatch.chdir(tmp_path)
    assert load_file(Path("en") / "example.yaml").content_hash == absolute
    monkeypatch.chdir(tmp_path / "blocks")
    assert load_file(Path("..") / "en" / "example.yaml").content_hash == absolute


def test_a_changed_block_changes_the_hash_and_no_use_keeps_the_files_text(tmp_path: Path) -> None:
    path = lay_out(tmp_path)
    before = load_file(path).content_hash
    lay_out(tmp_path, blocks=edit(BLOCKS, "cost too much", "are too dear"))
    assert load_file(path).content_hash != before
    plain = tmp_path / "en" / "plain.yaml"
    plain.write_text(load_file(path).frozen_text, encoding="utf-8")
    loaded = load_file(plain)
    assert loaded.frozen_text == plain.read_text(encoding="utf-8")
    assert loaded.content_hash == hashlib.sha256(loaded.frozen_text.encode()).hexdigest()


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=40, deadline=None)
@given(product=TEXT, examples=st.lists(TEXT.filter(str.strip), min_size=1, max_size=4))
def test_any_text_is_put_in_verbatim_and_survives_the_frozen_copy(
    tmp_path_factory: pytest.TempPathFactory, product: str, examples: list[str]
) -> None:
    tmp_path = tmp_path_factory.mktemp("blocks")
    use = {
        "file": "../blocks/common.yaml",
        "block": "price",
        "with": {"product": product, "next": "booked", "examples": examples},
    }
    scenario = edit(
        SCENARIO,
        """  - file: ../blocks/common.yaml
    block: price
    with: {product: brake pads, next: booked}
""",
        yaml.safe_dump([use], allow_unicode=True),
    )
    loaded = load_file(lay_out(tmp_path, scenario))
    node = loaded.scenario.nodes["price"]
    assert node.say == f"Your {product} cost too much."
    assert node.branches[0].examples == examples
    assert load_text(loaded.frozen_text).scenario == loaded.scenario


def test_an_empty_use_keeps_the_files_text_as_the_frozen_copy() -> None:
    text = edit(
        SCENARIO,
        """  - file: ../blocks/common.yaml
    block: price
    with: {product: brake pads, next: booked}
""",
        "  []\n",
    ).replace("goto: price", "goto: booked")
    loaded = load_text(text)
    assert loaded.frozen_text == text and load_text(text).scenario == loaded.scenario
