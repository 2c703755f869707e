"""The house rules on imports: scoring is pure, the engine knows nothing of the TUI,
headless commands never load Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for file in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[file.relative_to(ROOT)] = names
    return found


def _violations(package: str, forbidden: tuple[str, ...], skip: str | None = None) -> list[str]:
    bad = []
    for file, names in _imports(package).items():
        if skip and str(file).startswith(skip):
            continue
        for name in sorted(names):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{file} imports {name}")
    return bad


def test_scoring_is_pure() -> None:
    forbidden = (
        "trainer",
        "textual",
        "sqlalchemy",
        "click",
        "platformdirs",
        "rich",
        "os",
        "subprocess",
        "socket",
        "sqlite3",
        "shutil",
        "pathlib",
    )
    assert _violations("scoring", forbidden) == []


def test_engine_knows_nothing_of_the_ui_or_store() -> None:
    assert _violations("trainer/engine", ("textual", "rich", "trainer.tui", "trainer.store")) == []


def test_only_the_tui_imports_textual() -> None:
    assert _violations("trainer", ("textual",), skip="trainer/tui") == []


def test_scenario_format_and_store_do_not_reach_up() -> None:
    assert _violations("trainer/scenario", ("trainer.tui", "trainer.engine", "trainer.store")) == []
    assert _violations("trainer/store", ("trainer.tui", "textual")) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["validate", "--help"],
        ["play", "--help"],
        ["check", "--help"],
        ["score", "--help"],
        ["report", "--help"],
    ],
)
def test_headless_commands_do_not_import_textual(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from trainer.cli.main import cli\n"
        f"try:\n    cli.main(args={argv!r}, prog_name='sales-trainer', standalone_mode=False)\n"
        "except SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('TEXTUAL' if loaded else 'CLEAN')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("CLEAN"), out.stdout
