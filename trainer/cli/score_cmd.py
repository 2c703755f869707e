"""`sales-trainer score`: analyse replies given as JSON lines, or grade a whole transcript."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from trainer.cli.inputs import (
    KIB,
    MIB,
    InputError,
    Limits,
    Line,
    iter_lines,
    load_yaml,
    loads_json,
    one_line,
    read_text,
    stdin_bytes,
)
from trainer.diagnostics import TrainerError

if TYPE_CHECKING:
    from trainer.records import Transcript

# Budgets, read when used (not bound as defaults) so tests can lower them. A transcript of
# MAX_TURNS replies fits easily in 1 MiB; a JSON line holds one reply of at most 20,000
# characters plus its context.
TRANSCRIPT_MAX_BYTES = 1 * MIB
JSONL_MAX_LINE_BYTES = 256 * KIB
# Lines are scored as they stream in, so this only has to stop an endless source
# (`--jsonl /dev/zero`), not bound memory.
JSONL_MAX_TOTAL_BYTES = 1024 * MIB
LIMITS = Limits(max_depth=16, max_values=50_000, max_text_bytes=4 * MIB)
_C1 = re.compile(r"[\x7f-\x9f]")


def _json_text(data: Any, indent: int | None = None) -> str:
    # json.dumps escapes C0 controls but not DEL or C1 (U+009B is CSI to some terminals).
    out = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def _line_result(line: Line) -> tuple[dict[str, Any], bool]:
    n = line.number
    if line.text is None:
        return {"line": n, "error": line.error or "unreadable line"}, False
    try:
        return _analyse_line(n, line.text)
    except Exception as exc:  # one line's failure must not lose the others
        return {"line": n, "error": f"internal error: {type(exc).__name__}"}, False


def _analyse_line(n: int, raw: str) -> tuple[dict[str, Any], bool]:
    from pydantic import ValidationError

    from scoring import ScoringInputError, analyse_reply
    from trainer.records import ReplyLine, describe_error

    try:
        row = loads_json(raw, LIMITS)
    except InputError as exc:
        where = f" at column {exc.column}" if exc.column is not None else ""
        return {"line": n, "error": exc.message + where}, False
    if not isinstance(row, dict):
        return {"line": n, "error": "each line must be a JSON object"}, False
    try:
        reply = ReplyLine.model_validate(row)
    except ValidationError as exc:
        return {"line": n, "error": describe_error(exc)}, False
    try:
        a = analyse_reply(reply.text, reply.lang, reply.context())
    except ScoringInputError as exc:
        return {"line": n, "error": one_line(str(exc))}, False
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


def _score_lines(stream: BinaryIO, name: str) -> int:
    failed = False
    lines = iter_lines(
        stream,
        max_line_bytes=JSONL_MAX_LINE_BYTES,
        max_total_bytes=JSONL_MAX_TOTAL_BYTES,
        name=name,
    )
    for line in lines:
        if line.text is not None and not line.text.strip():
            continue
        result, ok = _line_result(line)
        try:
            out = _json_text(result)
        except ValueError:  # a non-finite number from the scorer: report, never emit NaN
            out, ok = _json_text({"line": line.number, "error": "internal error: NaN"}), False
        failed = failed or not ok
        click.echo(out)
    return 1 if failed else 0


def _load_transcript(path: Path) -> Transcript:
    from pydantic import ValidationError

    from trainer.records import Transcript, describe_error

    name = str(path)
    text = read_text(path, TRANSCRIPT_MAX_BYTES, "transcript")
    try:
        if path.suffix.lower() == ".json":
            data = loads_json(text, LIMITS)
        else:
            data = load_yaml(text, LIMITS)
    except InputError as exc:
        raise exc.named(name) from None
    if not isinstance(data, dict):
        raise InputError("a transcript needs a non-empty 'turns' list", name=name)
    try:
        return Transcript.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_error(exc), name=name) from None


def _grade(path: Path) -> Any:
    from scoring import NeedSpec, Rubric, ScoringInputError, grade_call

    transcript = _load_transcript(path)
    rubric: Rubric | None = None
    needs: list[NeedSpec] = []
    lang = transcript.lang
    name = None
    kind: str | None = None
    if transcript.scenario:
        from trainer.scenario.library import resolve

        try:
            scenario = resolve(transcript.scenario).scenario
        except TrainerError as exc:
            # A scenario file's findings come one per line; this message has to stay one.
            found = str(exc).splitlines() or ["cannot be used"]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            msg = f"scenario {transcript.scenario!r}: {found[0]}{more}"
            raise InputError(msg, name=str(path)) from None
        rubric = Rubric(
            weights=dict(scenario.rubric.weights),
            pass_mark=scenario.rubric.pass_mark,
            must=tuple(scenario.rubric.must),
        )
        needs = [NeedSpec(n.id, n.fact, tuple(n.cues)) for n in scenario.needs]
        lang = lang or scenario.language
        name = scenario.persona.name
        kind = scenario.kind.value
    turns = [t.to_turn() for t in transcript.turns]
    try:
        return grade_call(
            turns,
            rubric,
            needs,
            lang or "en",
            prospect_name=name,
            outcome=transcript.outcome,
            kind=kind,
        )
    except ScoringInputError as exc:
        raise InputError(str(exc), name=str(path)) from exc


def _shown(text: str) -> str:
    """A quote from the user's transcript, safe to print: no escape sequences, no line breaks."""
    return one_line(text, limit=10_000)


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
        found = _shown(", ".join(card.needs_found)) or "-"
        missed = _shown(", ".join(card.needs_missed)) or "-"
        lines.append(f"needs found: {found}; missed: {missed}")
    t = card.talk
    lines.append(
        f"talk: trainee share {t.trainee_share:.0%}, {t.questions} questions"
        f" ({t.open_share:.0%} open), longest reply {t.longest_reply_words} words,"
        f" {t.turns} replies"
    )
    lines.append("evidence:")
    for e in card.evidence:
        quote = _shown(e.quote)
        lines.append(f'  turn {e.turn} "{quote}" {e.rule} {e.points:+g}  [{e.criterion}]')
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

    A JSON line is {"text": ..., "lang": "en"|"nb", "prospect": optional, "objection": optional};
    a bad line is reported with its number and the others are still scored.
    A transcript is {scenario: optional id, lang: en|nb, turns: [{speaker, text, objection?}]},
    at most 1 MiB and 1,000 turns; types are strict ("no" is not a boolean).
    """
    if jsonl is not None:
        if jsonl == "-":
            code = _score_lines(stdin_bytes(), "stdin")
        else:
            try:
                fh = open(jsonl, "rb")  # closed below; lines stream from it
            except OSError as exc:
                raise InputError(f"cannot read ({exc.strerror or exc})", name=jsonl) from None
            with fh:
                code = _score_lines(fh, jsonl)
        sys.exit(code)
    if transcript is None:
        raise click.UsageError("give a TRANSCRIPT file, or --jsonl [FILE|-]")
    card = _grade(transcript)
    if as_json:
        click.echo(_json_text(card.to_dict(), indent=2))
    else:
        click.echo(_render(card))
