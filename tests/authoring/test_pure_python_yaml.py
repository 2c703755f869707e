"""libyaml is optional in PyYAML wheels: every built-in file must read the same with the
pure-Python parser the loader falls back to."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "scenarios").rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_builtin_file_reads_the_same_without_libyaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no libyaml")
    assert pure == yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506
