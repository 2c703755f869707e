"""Attempts as JSON lines: one attempt per line (attempt, turns, scorecard, scenario text).

Every line names its format and version so a file can be checked before anything is written,
and a file from a newer sales-trainer is refused instead of half understood. Lines are read
one at a time within a byte budget (no export line can be longer than LINE_BYTES), so an
import holds one line in memory, whatever the size of the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from pydantic import ValidationError
from pydantic_core import from_json

from trainer.store import models
from trainer.store.errors import StoreError
from trainer.store.models import FORMAT, VERSION, Record, describe
from trainer.store.records import AttemptDetail
from trainer.store.rows import summary_of, turn_of

__all__ = ["FORMAT", "VERSION", "dump", "parse_line", "read_records", "to_line"]

MAX_REPORTED = 5
# One import reads at most this many lines: an endless stream of blank or bad lines stops.
MAX_LINES = 10_000_000
_BOM = b"\xef\xbb\xbf"


def record_of(detail: AttemptDetail) -> dict[str, Any]:
    attempt = detail.summary.to_dict()
    attempt.pop("status")
    return {
        "format": FORMAT,
        "version": VERSION,
        "attempt": attempt,
        "turns": detail.turns,
        "scorecard": detail.scorecard,
        "scenario_source": detail.source_text,
    }


def to_line(detail: AttemptDetail) -> str:
    # allow_nan=False: NaN and Infinity are not JSON, and no reader should have to guess.
    return json.dumps(record_of(detail), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


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
    try:
        # Rust's parser: nesting is capped (no RecursionError), NaN/Infinity and lone
        # surrogates are refused, huge numbers are an error rather than a hang.
        data = from_json(text, allow_inf_nan=False)
    except ValueError as exc:
        raise ValueError(f"not JSON ({_why(text, exc)})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("format") != FORMAT:
        shown = data.get("format")
        shown = shown[:40] if isinstance(shown, str) else type(shown).__name__
        raise ValueError(f"not a sales-trainer attempt (format is {shown!r})")
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ValueError(
            f"format version {version} is newer than this sales-trainer reads ({VERSION})"
        )
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        raise ValueError(describe(exc)) from None
    if record.version != VERSION:
        raise ValueError(f"unknown format version {record.version}")
    return _detail(record, data.get("scorecard"))


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
) -> Iterator[AttemptDetail]:
    """The attempts of an export file, read and checked one line at a time.

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
            detail = parse_line(raw.decode("utf-8"))
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
    for detail in details:
        yield to_line(detail) + "\n"
