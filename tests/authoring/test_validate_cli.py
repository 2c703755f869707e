"""`sales-trainer validate`: output formats, exit codes, folders, the built-in library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli.list_cmd import list_scenarios
from trainer.cli.validate_cmd import validate

from .helpers import MINIMAL, ROOT, STARTER, edit, run_validate, run_validate_json, scenario_dir

LINE = r"^.+:\d+:\d+: (error|warning) SCN\d{3}: .+$"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    file = _write(scenario_dir(tmp_path), "example.yaml", MINIMAL)
    code, out = run_validate(str(file))
    assert code == 0
    assert out.strip() == "1 file, 0 errors, 0 warnings"


def test_errors_exit_one_with_one_line_each(tmp_path: Path) -> None:
    text = edit("goto: booked", "goto: bookd")
    text = edit("closing: 25}", "closing: 5}", text)
    file = _write(scenario_dir(tmp_path), "example.yaml", text)
    code, out = run_validate(str(file))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[-1] == "1 file, 2 errors, 1 warning"
    assert f"{file}:17:9: error SCN010: " in lines[0]
    assert any(" error SCN019: " in line for line in lines)
    assert any(" warning SCN021: " in line for line in lines)


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    file = _write(scenario_dir(tmp_path), "other.yaml", MINIMAL)
    assert run_validate(str(file))[0] == 0
    code, out = run_validate(str(file), "--strict")
    assert code == 1
    assert "warning SCN028" in out


def test_folder_is_searched_recursively_and_all_files_reported(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    _write(folder, "example.yaml", MINIMAL)
    _write(folder / "deeper", "broken.yml", "id: [unclosed\n")
    _write(folder, "notes.txt", "not a scenario")
    code, data = run_validate_json(str(tmp_path))
    assert code == 1
    assert data["summary"] == {"files": 2, "errors": 1, "warnings": 0, "exit_code": 1}
    [finding] = data["findings"]
    assert finding["code"] == "SCN001" and finding["file"].endswith("broken.yml")
    assert finding["line"] == 2


def test_json_document_shape(tmp_path: Path) -> None:
    file = _write(scenario_dir(tmp_path), "example.yaml", edit("goto: booked", "goto: bookd"))
    code, data = run_validate_json(str(file))
    assert code == 1
    assert set(data) == {"findings", "unusable", "files", "summary"}
    first = data["findings"][0]
    assert set(first) == {"code", "severity", "message", "file", "line", "column"}
    assert (first["code"], first["line"], first["column"]) == ("SCN010", 17, 9)


def test_missing_path_exits_two(tmp_path: Path) -> None:
    code, out = run_validate(str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "no such file or folder" in out


def test_empty_folder_exits_two(tmp_path: Path) -> None:
    code, out = run_validate(str(tmp_path))
    assert code == 2
    assert "no .yaml or .yml files" in out


def test_missing_path_beside_a_good_file_still_reports_both(tmp_path: Path) -> None:
    file = _write(scenario_dir(tmp_path), "example.yaml", edit("goto: booked", "goto: bookd"))
    code, out = run_validate(str(file), str(tmp_path / "gone"))
    assert code == 2
    assert "SCN010" in out and "gone: no such file or folder" in out


def test_schema_file_is_skipped(tmp_path: Path) -> None:
    folder = scenario_dir(tmp_path)
    file = _write(folder, "example.yaml", MINIMAL)
    code, out = run_validate(str(file), str(tmp_path / "scenario.schema.json"))
    assert code == 0 and out.startswith("1 file,")


def test_no_arguments_is_a_usage_error() -> None:
    result = CliRunner().invoke(validate, [])
    assert result.exit_code == 2
    assert "--builtin" in result.output


def test_builtin_library_validates() -> None:
    code, data = run_validate_json("--builtin")
    assert data["summary"]["files"] >= 1
    assert data["summary"]["errors"] == 0, data["findings"]
    assert code == 0


def test_same_file_twice_is_checked_once() -> None:
    code, data = run_validate_json(str(STARTER), str(STARTER.parent))
    assert data["files"].count(str(STARTER)) == 1


@pytest.mark.parametrize("argv", [["validate", "--help"], ["validate", str(STARTER)]])
def test_validate_never_imports_textual(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from trainer.cli.main import cli\n"
        f"try:\n    cli.main(args={argv!r}, prog_name='sales-trainer')\n"
        "except SystemExit:\n    pass\n"
        "print('TEXTUAL' if any(m.split('.')[0] == 'textual' for m in sys.modules) else 'CLEAN')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().endswith("CLEAN"), out.stdout + out.stderr


def test_entry_point_prints_no_traceback_for_a_bad_file(tmp_path: Path) -> None:
    file = _write(tmp_path, "bad.yaml", "\x00\x01binary")
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", str(file)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 1
    assert f"{file}:1:1: error SCN005:" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_list_shows_builtins() -> None:
    result = CliRunner().invoke(list_scenarios, [])
    assert result.exit_code == 0
    assert "cold-call-car-parts" in result.output
    header = result.output.splitlines()[0].split()
    assert header == ["ID", "LANG", "KIND", "DIFF", "TITLE"]


def test_list_json() -> None:
    import json

    result = CliRunner().invoke(list_scenarios, ["--format", "json"])
    entries = json.loads(result.output)
    starter = next(e for e in entries if e.get("id") == "cold-call-car-parts")
    assert starter["language"] == "en" and starter["kind"] == "cold_call"
    assert starter["difficulty"] == 2 and starter["title"].startswith("Cold call")


def test_list_reports_broken_builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from trainer.scenario import library

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "example.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "en" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    monkeypatch.setattr(library, "builtin_dir", lambda: tmp_path)
    result = CliRunner().invoke(list_scenarios, [])
    assert result.exit_code == 0
    assert "example" in result.output
    assert "BROKEN en/broken.yaml:2:1: error SCN001" in result.output
    data = json.loads(CliRunner().invoke(list_scenarios, ["--format", "json"]).output)
    assert [e["broken"] for e in data] == [True, False]


def test_ignore_leaves_out_a_code(tmp_path: Path) -> None:
    file = _write(scenario_dir(tmp_path), "other.yaml", MINIMAL)
    code, out = run_validate(str(file), "--strict", "--ignore", "scn028")
    assert code == 0
    assert "SCN028" not in out


def test_ignore_rejects_unknown_codes(tmp_path: Path) -> None:
    file = _write(scenario_dir(tmp_path), "example.yaml", MINIMAL)
    result = CliRunner().invoke(validate, [str(file), "--ignore", "SCN999"])
    assert result.exit_code == 2
    assert "unknown code SCN999" in result.output
