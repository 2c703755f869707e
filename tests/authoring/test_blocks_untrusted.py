"""A scenario from a team folder is untrusted: its `use:` may only read .yaml/.yml files inside
its own folder or its parent folder (symlinks followed), with the scenario limits, and the
filled-in scenario may not grow past the loader's limits. Every refusal is a finding with a
position, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trainer.scenario import blocks as blocks_module
from trainer.scenario.loader import MAX_BYTES

from .block_helpers import BLOCKS, SCENARIO, at, edit, findings, lay_out
from .helpers import run_validate


def _using(tmp_path: Path, ref: str, blocks: str | None = BLOCKS) -> Path:
    return lay_out(tmp_path, edit(SCENARIO, "../blocks/common.yaml", ref), blocks)


def _only(path: Path) -> tuple[str, str, int, int]:
    found = findings(path)
    assert len(found) == 1, [d.format() for d in found]
    [diag] = found
    code, out = run_validate(str(path))
    assert code == 1 and "Traceback" not in out and diag.code in out
    return diag.code, diag.message, diag.line, diag.column


@pytest.mark.parametrize(
    "ref", ["../../../etc/passwd", "../../../../../../etc/hosts", "../../outside.yaml"]
)
def test_a_path_out_of_the_folders_is_refused_unread(tmp_path: Path, ref: str) -> None:
    root = tmp_path / "team"
    root.mkdir()
    (tmp_path / "outside.yaml").write_text(BLOCKS, encoding="utf-8")
    path = _using(root, ref)
    code, message, line, column = _only(path)
    assert code == "SCN041" and "outside the scenario's folder" in message
    assert (line, column) == at(path.read_text(encoding="utf-8"), "file: ")


def test_an_absolute_path_is_refused_even_to_an_allowed_file(tmp_path: Path) -> None:
    lay_out(tmp_path)
    for ref in (str(tmp_path / "blocks" / "common.yaml"), "/etc/passwd", "C:\\blocks\\x.yaml"):
        code, message, _, _ = _only(_using(tmp_path, ref))
        assert code == "SCN041" and "absolute path" in message, (ref, message)


def test_a_symlink_is_followed_and_must_stay_inside(tmp_path: Path) -> None:
    root = tmp_path / "team"
    root.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "common.yaml").write_text(BLOCKS, encoding="utf-8")
    path = lay_out(root)
    link = root / "blocks" / "linked.yaml"
    link.symlink_to(outside / "common.yaml")
    path.write_text(edit(SCENARIO, "../blocks/common.yaml", "../blocks/linked.yaml"))
    code, message, _, _ = _only(path)
    assert code == "SCN041" and "outside" in message
    # A link that stays inside is fine; one to a device is refused before anything is read.
    link.unlink()
    link.symlink_to(root / "blocks" / "common.yaml")
    assert findings(path) == []
    link.unlink()
    link.symlink_to("/dev/zero")
    assert _only(path)[0] == "SCN041"


def test_only_regular_yaml_files_are_read(tmp_path: Path) -> None:
    lay_out(tmp_path)
    (tmp_path / "blocks" / "notes.txt").write_text(BLOCKS, encoding="utf-8")
    (tmp_path / "blocks" / "disguised.yaml").symlink_to(tmp_path / "blocks" / "notes.txt")
    (tmp_path / "blocks" / "folder.yaml").mkdir()
    for ref, why in (
        ("../blocks/notes.txt", "not a .yaml"),
        ("../blocks/disguised.yaml", "not a .yaml"),
        ("../blocks/folder.yaml", "not a regular file"),
    ):
        code, message, _, _ = _only(_using(tmp_path, ref))
        assert code == "SCN041" and why in message, (ref, message)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "blocks" / "pipe.yaml")
        code, message, _, _ = _only(_using(tmp_path, "../blocks/pipe.yaml"))
        assert code == "SCN041" and "not a regular file" in message


def test_a_symlink_loop_is_a_finding(tmp_path: Path) -> None:
    lay_out(tmp_path)
    loop = tmp_path / "blocks" / "loop.yaml"
    loop.symlink_to(loop)
    code, _, _, _ = _only(_using(tmp_path, "../blocks/loop.yaml"))
    assert code in ("SCN040", "SCN041")


def test_a_block_file_over_the_size_limit_is_refused_in_the_block_file(tmp_path: Path) -> None:
    huge = BLOCKS + "# " + "x" * MAX_BYTES + "\n"
    path = lay_out(tmp_path, blocks=huge)
    code, message, line, column = _only(path)
    assert code == "SCN005" and "limit" in message
    assert f"(block file used at {path}:11:5)" in message


def test_a_block_file_that_is_not_utf8_or_binary_is_refused(tmp_path: Path) -> None:
    path = lay_out(tmp_path)
    block_file = tmp_path / "blocks" / "common.yaml"
    for data, words in (
        (BLOCKS.encode("latin-1", "replace") + "æ".encode("latin-1"), "UTF-8"),
        (b"blocks:\x00\n", "NUL"),
    ):
        block_file.write_bytes(data)
        code, message, _, _ = _only(path)
        assert code == "SCN005" and words in message


def test_an_alias_bomb_in_a_block_file_is_refused(tmp_path: Path) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        bomb.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    blocks = edit(BLOCKS, "blocks:\n", "\n".join(bomb) + "\nblocks:\n")
    path = lay_out(tmp_path, blocks=blocks)
    code, message, line, column = _only(path)
    assert code == "SCN001" and "aliases expand" in message
    assert (line, column) == at(blocks, "*a")


def test_a_long_value_used_many_times_is_refused_before_it_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = "\n".join(f'          - "${{product}} {i}"' for i in range(400))
    blocks = edit(BLOCKS, 'say: "Your ${product} cost too much."', "say:\n" + many)
    scenario = edit(SCENARIO, "product: brake pads", "product: " + "p" * 20_000)

    def never(*_: object) -> None:
        raise AssertionError("the oversized block was built")

    monkeypatch.setattr(blocks_module, "fill", never)
    code, message, line, column = _only(lay_out(tmp_path, scenario, blocks))
    assert code == "SCN005" and "MB of text" in message
    assert (line, column) == at(scenario, "file:")


def test_many_uses_cannot_add_more_values_than_aliases_may(tmp_path: Path) -> None:
    items = ", ".join(f'"x{i}"' for i in range(2_000))
    blocks = edit(BLOCKS, "      next: null\n", f"      next: null\n      many: [{items}]\n")
    blocks = edit(blocks, "objection: price\n", 'objection: price\n        hint: "${next}"\n')
    blocks += '      long:\n        say: "${many}"\n        goto: hang_up\n'
    uses = "".join(
        f"  - {{file: ../blocks/common.yaml, block: price, prefix: p{i}_, "
        f"with: {{product: a, next: booked}}}}\n"
        for i in range(40)
    )
    scenario = edit(
        SCENARIO,
        """  - file: ../blocks/common.yaml
    block: price
    with: {product: brake pads, next: booked}
""",
        uses,
    )
    code, message, _, _ = _only(lay_out(tmp_path, scenario, blocks))
    assert code == "SCN005" and "values from blocks" in message


def test_a_block_file_that_uses_blocks_is_refused(tmp_path: Path) -> None:
    blocks = edit(BLOCKS, "blocks:\n", "use:\n  - {file: common.yaml, block: price}\nblocks:\n")
    path = lay_out(tmp_path, blocks=blocks)
    code, message, line, column = _only(path)
    assert code == "SCN042" and "cannot use other blocks" in message
    assert (line, column) == at(blocks, "use:")


def test_a_scenario_as_block_file_is_not_a_block_file(tmp_path: Path) -> None:
    path = _using(tmp_path, "plain.yaml")
    (tmp_path / "en" / "plain.yaml").write_text(
        edit(SCENARIO, "use:\n", "unused:\n"), encoding="utf-8"
    )
    code, message, _, _ = _only(path)
    assert code == "SCN042" and "not a block file" in message
