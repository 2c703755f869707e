"""`sales-trainer score`: analyse replies given as JSON lines, or grade a whole transcript."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

import click
import yaml

from trainer.diagnostics import TrainerError


def _line_result(n: int, raw: str) -> tuple[dict[str, Any], bool]:
    from scoring import ScoringInputError, analyse_reply, available_languages

    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        return {"line": n, "error": f"not JSON: {exc.msg} at column {exc.colno}"}, False
    if not isinstance(row, dict):
        return {"line": n, "error": "each line must be a JSON object"}, False
    text = row.get("text")
    if not isinstance(text, str):
        return {"line": n, "error": "missing 'text' (a string)"}, False
    lang = row.get("lang", "en")
    if lang not in available_languages():
        return {
            "line": n,
            "error": f"unsupported lang {lang!r}; use {' or '.join(available_languages())}",
        }, False
    context = {
        "prospect_line": row.get("prospect"),
        "objection": row.get("objection"),
        "prospect_name": row.get("prospect_name"),
    }
    try:
        a = analyse_reply(text, lang, context)
    except ScoringInputError as exc:
        return {"line": n, "error": str(exc)}, False
    step = a.closing.next_step
    return {
        "line": n,
        "politeness": a.politeness.score,
        "question_form": a.question_form,
        "closing_attempt": a.closing.attempt,
        "next_step": {"action": step.action, "time": step.time, "owner": step.owner},
        "reply_score": a.reply_score,
        "details": a.to_dict(),
    }, True


def _score_lines(stream: IO[str]) -> int:
    failed = False
    for n, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        result, ok = _line_result(n, raw)
        failed = failed or not ok
        click.echo(json.dumps(result, ensure_ascii=False))
    return 1 if failed else 0


def _load_transcript(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TrainerError(f"{path}: cannot read transcript ({exc.strerror or exc})") from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise TrainerError(
            f"{path}{where}: not valid YAML/JSON ({str(exc).splitlines()[0]})"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list) or not data["turns"]:
        raise TrainerError(f"{path}: a transcript needs a non-empty 'turns' list")
    return data


def _grade(path: Path) -> Any:
    from scoring import NeedSpec, Rubric, ScoringInputError, Turn, grade_call

    data = _load_transcript(path)
    rubric: Rubric | None = None
    needs: list[NeedSpec] = []
    lang = data.get("lang")
    name = None
    if data.get("scenario"):
        from trainer.scenario.library import resolve

        scenario = resolve(str(data["scenario"])).scenario
        rubric = Rubric(
            weights=dict(scenario.rubric.weights),
            pass_mark=scenario.rubric.pass_mark,
            must=tuple(scenario.rubric.must),
        )
        needs = [NeedSpec(n.id, n.fact, tuple(n.cues)) for n in scenario.needs]
        lang = lang or scenario.language
        name = scenario.persona.name
    turns = []
    for i, t in enumerate(data["turns"]):
        if not isinstance(t, dict) or not isinstance(t.get("text"), str):
            raise TrainerError(f"{path}: turn {i + 1} needs 'speaker' and 'text'")
        revealed = t.get("revealed")
        try:
            turns.append(
                Turn(
                    speaker=t.get("speaker"),
                    text=t["text"],
                    node=t.get("node"),
                    objection=t.get("objection"),
                    revealed=tuple(revealed) if revealed is not None else None,
                    hint_used=bool(t.get("hint_used", False)),
                )
            )
        except TypeError as exc:
            raise TrainerError(f"{path}: turn {i + 1}: {exc}") from exc
    try:
        return grade_call(turns, rubric, needs, lang or "en", prospect_name=name)
    except ScoringInputError as exc:
        raise TrainerError(f"{path}: {exc}") from exc


def _render(card: Any) -> str:
    lines = []
    for crit, c in card.criteria.items():
        note = "" if c.applicable else "  (no opportunity; weight shared out)"
        lines.append(f"{crit:20s} {c.score:5.1f}  weight {c.weight:5.1f}{note}")
    verdict = "PASS" if card.passed else "FAIL"
    lines.append(f"{'total':20s} {card.total:5.1f}  {verdict} (pass mark {card.pass_mark})")
    if card.must_broken:
        lines.append("must-rules broken: " + ", ".join(card.must_broken))
    if card.needs_found or card.needs_missed:
        found = ", ".join(card.needs_found) or "-"
        missed = ", ".join(card.needs_missed) or "-"
        lines.append(f"needs found: {found}; missed: {missed}")
    t = card.talk
    lines.append(
        f"talk: trainee share {t.trainee_share:.0%}, {t.questions} questions"
        f" ({t.open_share:.0%} open), longest reply {t.longest_reply_words} words,"
        f" {t.turns} replies"
    )
    lines.append("evidence:")
    for e in card.evidence:
        lines.append(f'  turn {e.turn} "{e.quote}" {e.rule} {e.points:+g}  [{e.criterion}]')
    if card.weakest_turns:
        lines.append("weakest turns: " + ", ".join(str(i) for i in card.weakest_turns))
    return "\n".join(lines)


@click.command(name="score")
@click.argument("transcript", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--jsonl",
    "jsonl",
    is_flag=False,
    flag_value="-",
    default=None,
    metavar="[FILE|-]",
    help="Analyse one reply per JSON line from FILE (or stdin with '-').",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scorecard as JSON.")
def score(transcript: Path | None, jsonl: str | None, as_json: bool) -> None:
    """Score replies (JSON lines) or grade a whole TRANSCRIPT (YAML or JSON).

    A JSON line is {"text": ..., "lang": "en"|"nb", "prospect": optional, "objection": optional}.
    A transcript is {scenario: optional id, lang: en|nb, turns: [{speaker, text, objection?}]}.
    """
    if jsonl is not None:
        if jsonl == "-":
            code = _score_lines(sys.stdin)
        else:
            try:
                with open(jsonl, encoding="utf-8") as fh:
                    code = _score_lines(fh)
            except OSError as exc:
                raise TrainerError(f"{jsonl}: cannot read ({exc.strerror or exc})") from exc
        sys.exit(code)
    if transcript is None:
        raise click.UsageError("give a TRANSCRIPT file, or --jsonl [FILE|-]")
    card = _grade(transcript)
    if as_json:
        click.echo(json.dumps(card.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_render(card))
