"""Attempts as JSON lines: one attempt per line (attempt, turns, scorecard), and each scenario
version's text once, on a line of its own before the first attempt played on it.

Every line names its format and version so a file can be checked before anything is written,
and a file from a newer sales-trainer is refused instead of half understood. Files of format
version 1, which repeat the scenario text on every attempt line, are read as they were.
Lines are read one at a time within a byte budget (no export line can be longer than
LINE_BYTES), so an import holds one line in memory, whatever the size of the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any, BinaryIO

from pydantic import ValidationError
from pydantic_core import from_json

from trainer.store import models
from trainer.store.errors import StoreError
from trainer.store.models import (
    FORMAT,
    SCENARIO_FORMAT,
    VERSION,
    Record,
    ScenarioLine,
    describe,
)
from trainer.store.records import AttemptDetail, AttemptSummary
from trainer.store.rows import label, summary_of, turn_of, turn_rows

__all__ = [
    "FORMAT",
    "VERSION",
    "ScenarioText",
    "dump",
    "lines_of",
    "parse_any",
    "parse_line",
    "read_records",
    "to_line",
]

MAX_REPORTED = 5
# One import reads at most this many lines: an endless stream of blank or bad lines stops.
MAX_LINES = 10_000_000
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class ScenarioText:
    """A scenario line: the text of the scenario version whose sha256 is `hash`."""

    hash: str
    text: str


Line = AttemptDetail | ScenarioText


_FIELDS = tuple(f.name for f in fields(AttemptSummary))


def _attempt_of(summary: AttemptSummary) -> dict[str, Any]:
    # AttemptSummary.to_dict() without "status" and without asdict's deep copy, which was
    # a good part of an export's time: the same keys in the same order.
    data = {name: getattr(summary, name) for name in _FIELDS}
    data["started_at"] = summary.started_at.isoformat()
    data["ended_at"] = summary.ended_at.isoformat() if summary.ended_at else None
    data["criteria"] = dict(summary.criteria)
    return data


def record_of(detail: AttemptDetail) -> dict[str, Any]:
    attempt = _attempt_of(detail.summary)
    return {
        "format": FORMAT,
        "version": VERSION,
        "attempt": attempt,
        "turns": detail.turns,
        "scorecard": detail.scorecard,
        "scenario_source": detail.source_text,
    }


def _json(data: dict[str, Any]) -> str:
    # allow_nan=False: NaN and Infinity are not JSON, and no reader should have to guess.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def to_line(detail: AttemptDetail) -> str:
    """One attempt line, with the scenario text the detail carries (None leaves it out)."""
    return _json(record_of(detail))


def scenario_line(scenario_hash: str, text: str) -> str:
    return _json({"format": SCENARIO_FORMAT, "version": VERSION, "hash": scenario_hash,
                  "text": text})


def lines_of(detail: AttemptDetail, written: set[str]) -> list[str]:
    """The lines for one attempt: its scenario's text first if no line before it had that
    text (`written` holds their hashes and is updated), then the attempt without the text."""
    found = []
    source, digest = detail.source_text, detail.summary.scenario_hash
    if source is not None and digest not in written:
        found.append(scenario_line(digest, source) + "\n")
        written.add(digest)
    record = record_of(detail)
    record["scenario_source"] = None
    found.append(_json(record) + "\n")
    return found


def _detail(record: Record, scorecard: Any) -> AttemptDetail:
    a = record.attempt
    if record.scenario_source is not None:
        digest = hashlib.sha256(record.scenario_source.encode("utf-8")).hexdigest()
        if digest != a.scenario_hash:
            raise ValueError("scenario_source does not match its hash (attempt.scenario_hash)")
    turns = [turn_of(t) for t in record.turns]
    card = scorecard if record.scorecard is not None else None
    return AttemptDetail(summary_of(a), turns, card, record.scenario_source)


def check_detail(detail: AttemptDetail) -> AttemptDetail:
    """An attempt handed over in code, checked exactly like an import line; ValueError if bad."""
    try:
        record = Record.model_validate(record_of(detail))
    except ValidationError as exc:
        raise ValueError(describe(exc)) from None
    except (AttributeError, TypeError) as exc:  # not an AttemptDetail of the right types
        raise ValueError(f"not an attempt ({exc})") from None
    return _detail(record, detail.scorecard)


def parse_line(text: str | bytes) -> AttemptDetail:
    """One line → an attempt; ValueError with a short reason when the line is not one."""
    found = parse_any(text)
    if not isinstance(found, AttemptDetail):
        raise ValueError("a scenario line, not an attempt")
    return found


def parse_any(text: str | bytes) -> Line:
    """One line → an attempt or a scenario text; ValueError with a short reason otherwise."""
    try:
        # Rust's parser: nesting is capped (no RecursionError), NaN/Infinity and lone
        # surrogates are refused, huge numbers are an error rather than a hang.
        data = from_json(text, allow_inf_nan=False)
    except ValueError as exc:
        raise ValueError(f"not JSON ({_why(text, exc)})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("format") not in (FORMAT, SCENARIO_FORMAT):
        shown = data.get("format")
        shown = shown[:40] if isinstance(shown, str) else type(shown).__name__
        raise ValueError(f"not a sales-trainer attempt (format is {shown!r})")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ValueError(
            f"format version {version} is newer than this sales-trainer reads ({VERSION})"
        )
    if data["format"] == SCENARIO_FORMAT:
        return _scenario(data)
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        raise ValueError(describe(exc)) from None
    if not 1 <= record.version <= VERSION:
        raise ValueError(f"unknown format version {record.version}")
    return _detail(record, data.get("scorecard"))


def _scenario(data: dict[str, Any]) -> ScenarioText:
    try:
        line = ScenarioLine.model_validate(data)
    except ValidationError as exc:
        raise ValueError(describe(exc)) from None
    if not 2 <= line.version <= VERSION:  # scenario lines came with version 2
        raise ValueError(f"unknown format version {line.version}")
    if hashlib.sha256(line.text.encode("utf-8")).hexdigest() != line.hash:
        raise ValueError("the scenario text does not match its hash")
    return ScenarioText(line.hash, line.text)


def _why(text: str | bytes, exc: ValueError) -> str:
    try:  # only a bad line pays for the second parse
        from_json(text, allow_inf_nan=True)
    except ValueError:
        return str(exc)
    return f"NaN or Infinity is not a JSON number; {exc}"


def _lines(stream: BinaryIO, name: str, cap: int) -> Iterator[tuple[int, bytes | str]]:
    """(number, raw line) while lines fit in `cap` bytes, or (number, reason) for one that
    does not, which ends the reading: where its end is, only reading all of it would tell."""
    number = 0
    while True:
        try:
            raw = stream.readline(cap + 1)
        except OSError as exc:
            raise StoreError(
                f"{name}: cannot read: {exc.strerror or exc} — nothing was imported"
            ) from None
        if not raw:
            return
        number += 1
        if len(raw) > cap and not raw.endswith(b"\n"):
            yield number, f"line is longer than {cap:,} bytes, more than any export writes"
            return
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        yield number, raw


def read_records(
    stream: BinaryIO,
    name: str,
    *,
    line_bytes: int | None = None,
    max_lines: int | None = None,
) -> Iterator[Line]:
    """The attempts and scenario texts of an export file, read and checked one line at a time.

    Attempts are yielded while every line so far is good. From the first bad line on nothing
    more is yielded; the rest is still checked, to name up to MAX_REPORTED bad lines, and
    then StoreError is raised, so a caller writing in one transaction rolls it all back.
    """
    cap = models.LINE_BYTES if line_bytes is None else line_bytes
    most = MAX_LINES if max_lines is None else max_lines
    problems: list[str] = []
    bad = 0

    def note(number: int, reason: str) -> None:
        nonlocal bad
        bad += 1
        if len(problems) < MAX_REPORTED:  # the count goes on; the messages stop
            problems.append(f"{name}:{number}: {reason}")

    for number, raw in _lines(stream, name, cap):
        if number > most:
            note(number, f"more than {most:,} lines; reading stopped")
            break
        if isinstance(raw, str):
            note(number, raw)
            break
        if not raw.strip():
            continue
        try:
            detail = parse_any(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            note(number, f"not UTF-8 text (byte {exc.start + 1} of the line)")
            continue
        except ValueError as exc:
            note(number, str(exc))
            continue
        if not bad:
            yield detail
    if bad:
        shown = "; ".join(problems[:MAX_REPORTED])
        rest = bad - min(bad, MAX_REPORTED)
        extra = f"; and {rest} more bad line(s)" if rest > 0 else ""
        raise StoreError(f"{shown}{extra} — nothing was imported")


def dump(details: Iterable[AttemptDetail]) -> Iterator[str]:
    """An export file's lines: each scenario text once, before the first attempt that uses it."""
    written: set[str] = set()
    for detail in details:
        yield from lines_of(detail, written)


def import_lines(
    lines: Iterable[Line],
    checked: bool,
    *,
    save: Callable[[str, str], None],
    insert: Callable[[AttemptDetail], bool],
    add_turns: Callable[[list[dict[str, Any]]], Any],
) -> tuple[int, int]:
    """Writes the lines of an import through the store's own statements (one transaction,
    the caller's); (imported, skipped) where skipped attempts were already there."""
    imported = skipped = 0
    saved: set[str] = set()  # a bounded memory of the scenario texts already written

    def keep(digest: str, text: str) -> None:
        if digest not in saved:
            save(digest, text)
            if len(saved) > 64:
                saved.clear()
            saved.add(digest)

    for given in lines:
        if isinstance(given, ScenarioText):
            text = given if checked else _checked_text(given)
            keep(text.hash, text.text)
            continue
        try:
            detail = given if checked else check_detail(given)
        except ValueError as exc:
            which = label(getattr(getattr(given, "summary", None), "id", "?"))
            raise StoreError(f"attempt {which}: {exc} — nothing was imported") from None
        if detail.source_text is not None:
            keep(detail.summary.scenario_hash, detail.source_text)
        if not insert(detail):
            skipped += 1
            continue
        rows = turn_rows(detail)
        if rows:
            add_turns(rows)
        imported += 1
    return imported, skipped


def _checked_text(given: ScenarioText) -> ScenarioText:
    data = {"format": SCENARIO_FORMAT, "version": VERSION, "hash": given.hash,
            "text": given.text}
    try:
        return _scenario(data)
    except ValueError as exc:
        which = label(given.hash)
        raise StoreError(f"scenario text {which}: {exc} — nothing was imported") from None
