"""`sales-trainer play --script` and `sales-trainer check`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.diagnostics import TrainerError
from trainer.scenario.library import resolve

ROOT = Path(__file__).resolve().parents[2]
STARTER = resolve("cold-call-car-parts")
GOOD_REPLIES = STARTER.scenario.tests[0].replies


def invoke(args: list[str], stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, args, input=stdin, obj={})


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "replies.txt"
    path.write_text("# a strong call\n\n" + "\n".join(GOOD_REPLIES) + "\n", encoding="utf-8")
    return path


def test_play_script_prints_transcript_decisions_outcome_and_score(script: Path) -> None:
    result = invoke(["play", "cold-call-car-parts", "--script", str(script), "--trainee", "Sam"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Mike Dawson: " in out and "Sam: Hi Mike" in out
    assert "→ introduce_and_ask_permission (score " in out and "runner-up pitch_first" in out
    assert "needs revealed:" in out
    assert "Outcome: meeting_booked (win)" in out
    assert "Score: " in out and "Path: opening → permission_given" in out


def test_play_script_json_is_one_document(script: Path) -> None:
    result = invoke(["play", "cold-call-car-parts", "--script", str(script), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["outcome"]["id"] == "meeting_booked"
    assert len(doc["steps"]) == len(GOOD_REPLIES)
    assert doc["steps"][0]["match"]["intent"] == "introduce_and_ask_permission"
    assert doc["path"][0] == "opening" and doc["scorecard"]["total"] > 0
    assert {e["speaker"] for e in doc["transcript"]} == {"trainee", "prospect"}


def test_play_reads_stdin_and_fallbacks_are_explained() -> None:
    stdin = "what's the weather like in Bergen\n"
    result = invoke(["play", "cold-call-car-parts", "--script", "-"], stdin=stdin)
    assert result.exit_code == 0, result.output
    assert re.search(r"fallback: below threshold \(best .* < threshold \d+", result.output)
    assert "The script ran out at node 'opening'" in result.output
    assert "Outcome: ended_early (neutral)" in result.output


def test_same_seed_same_output(script: Path) -> None:
    first = invoke(["play", "cold-call-car-parts", "--script", str(script), "--seed", "5"])
    second = invoke(["play", "cold-call-car-parts", "--script", str(script), "--seed", "5"])
    assert first.output == second.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["play", "cold-call-car-part", "--script", "-"], "hi\n", "did you mean"),
        (["play", "cold-call-car-parts", "--script", "/no/such/file.txt"], None, "does not exist"),
        (["play", "cold-call-car-parts", "--script", "-"], "\n# only a comment\n\n", "no replies"),
        (["play", "cold-call-car-parts"], "", "--script"),
    ],
)
def test_play_bad_input_is_a_clear_error(args: list[str], stdin: str | None, message: str) -> None:
    result = invoke(args, stdin)
    assert isinstance(result.exception, TrainerError)
    assert message in str(result.exception)


def test_errors_are_one_line_and_exit_2() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "play", "cold-call-car-part", "--script", "-"],
        input="hi\n", capture_output=True, text=True, cwd=ROOT,
    )
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "did you mean" in out.stderr
    assert "Traceback" not in out.stderr


def test_check_passes_on_the_starter_scenario() -> None:
    result = invoke(["check", STARTER.file])
    assert result.exit_code == 0, result.output
    assert "✓ a strong rep books the meeting" in result.output
    assert "3 test(s): 3 passed, 0 failed" in result.output


def _with_tests(tmp_path: Path, tests: list[dict[str, object]]) -> Path:
    data = yaml.safe_load(Path(STARTER.file).read_text(encoding="utf-8"))
    data["tests"] = tests
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_check_shows_where_a_path_diverged(tmp_path: Path) -> None:
    path = _with_tests(tmp_path, [{
        "name": "expects the wrong route",
        "replies": [GOOD_REPLIES[0], "what's the weather like in Bergen"],
        "expect": {"path": ["opening", "permission_given", "current_supplier"]},
    }])
    result = invoke(["check", str(path)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "✗ expects the wrong route" in out
    assert "path diverged at position 3: expected 'current_supplier'" in out
    assert "step 2: \"what's the weather like in Bergen\" at node 'permission_given'" in out
    assert re.search(r"fallback: below threshold \(best .* < threshold \d+", out)
    assert "0 passed, 1 failed" in out


def test_check_explains_a_wrong_outcome_and_a_chosen_branch(tmp_path: Path) -> None:
    path = _with_tests(tmp_path, [{
        "name": "expects a win from a pitch",
        "replies": ["We are the world leaders in car parts and we have the best prices"],
        "expect": {"outcome": "meeting_booked", "path": ["opening", "permission_given"]},
    }])
    result = invoke(["check", str(path), "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    failures = doc["scenarios"][0]["tests"][0]["failures"]
    assert {f["what"] for f in failures} == {"outcome", "path"}
    path_failure = next(f for f in failures if f["what"] == "path")
    assert any("→ pitch_first (score" in line and "runner-up" in line
               for line in path_failure["detail"])


def test_check_unusable_scenario_prints_diagnostics_and_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nnodes: [\n", encoding="utf-8")
    result = invoke(["check", str(broken), STARTER.file])
    assert result.exit_code == 2
    assert f"{broken}:" in result.output and "SCN001" in result.output
    assert "1 unusable scenario file(s)" in result.output


def test_check_needs_something_to_check() -> None:
    result = invoke(["check"])
    assert isinstance(result.exception, TrainerError)


def test_check_accepts_a_builtin_id() -> None:
    result = invoke(["check", "cold-call-car-parts", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["passed"] == 3


def test_play_on_a_terminal_opens_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    import trainer.cli.play_cmd as play_cmd
    import trainer.tui.launch as launch

    opened: list[tuple[str, str | None, str | None]] = []
    monkeypatch.setattr(play_cmd, "interactive", lambda: True)
    monkeypatch.setattr(launch, "run_call", lambda loaded, db_url, variant=None, lang=None:
                        opened.append((loaded.scenario.id, db_url, variant)))
    result = CliRunner().invoke(cli, ["--db", "sqlite:///x.db", "play", "cold-call-car-parts"])
    assert result.exit_code == 0, result.output
    assert opened == [("cold-call-car-parts", "sqlite:///x.db", None)]


def test_play_names_the_variant_it_played_and_refuses_an_unknown_one(
    tmp_path: Path,
) -> None:
    from tests.engine.test_variants import SCENARIO

    path = tmp_path / "variants-test.yaml"
    path.write_text(yaml.safe_dump(SCENARIO, sort_keys=False), encoding="utf-8")
    script = tmp_path / "replies.txt"
    script.write_text("Hi Mike, Sam from NordParts\n", encoding="utf-8")
    played = invoke(["play", str(path), "--script", str(script), "--variant", "hurried"])
    assert played.exit_code == 0, played.output
    assert "variant hurried" in played.output and "Yeah? Make it quick." in played.output
    unknown = invoke(["play", str(path), "--script", str(script), "--variant", "grumpy"])
    # The entry point prints a TrainerError as one line (see the tests of `main`).
    assert isinstance(unknown.exception, TrainerError)
    assert "no variant 'grumpy'" in str(unknown.exception)


def test_a_criterion_the_call_never_tested_is_not_applicable() -> None:
    pitch = "I'm a representative of a Canadian company, we are world leaders.\n" * 2
    result = invoke(["play", "cold-call-car-parts", "--script", "-"], stdin=pitch)
    assert result.exit_code == 0, result.output
    assert "Outcome: hang_up (loss)" in result.output
    assert "objection_handling n/a" in result.output and "needs_discovery 0" in result.output
