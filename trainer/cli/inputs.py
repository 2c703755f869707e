"""Reading what a user hands a command (a file, stdin, JSON lines) within a byte budget, and
parsing it strictly.

Every size here is a budget in bytes that the reading itself enforces: `stat()` says 0 for
`/dev/zero` or a pipe, so a cap on the reported size stops nothing. Text must be UTF-8 (a BOM
at the start is dropped, as editors on Windows write one); JSON must be JSON (no NaN or
Infinity, no duplicate keys); YAML may not nest deeper than a limit or refer to itself, and
every value is counted each time an alias repeats it. Errors are `InputError`: one line,
located, never a traceback.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

import yaml

from trainer.diagnostics import TrainerError

try:
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

KIB = 1024
MIB = 1024 * KIB
BOM = b"\xef\xbb\xbf"
# Looked up when a script is read (not bound as a default) so tests can lower it.
SCRIPT_MAX_BYTES = 1 * MIB
_CHUNK = 64 * KIB
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: str, limit: int = 300) -> str:
    """`text` made safe for a one-line message: control characters (newlines, ESC) escaped."""
    safe = _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def human_size(n: int) -> str:
    if n >= 1024 * MIB and n % (1024 * MIB) == 0:
        return f"{n // (1024 * MIB)} GiB"
    if n >= MIB and n % MIB == 0:
        return f"{n // MIB} MiB"
    if n >= KIB and n % KIB == 0:
        return f"{n // KIB} KiB"
    return f"{n:,} bytes"


class InputError(TrainerError):
    """Input refused. `str()` is the whole one-line message; the parts stay for callers that
    place the position themselves (a JSON-lines result already names its line)."""

    def __init__(
        self,
        message: str,
        *,
        name: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.name = name
        self.line = line
        self.column = column
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = f":{self.line}:{self.column}" if self.line is not None else ""
        if self.name is None:
            text = f"{self.message} (line {self.line}, column {self.column})" if where else ""
            return one_line(text or self.message)
        return one_line(f"{self.name}{where}: {self.message}")

    def named(self, name: str) -> InputError:
        return InputError(self.message, name=name, line=self.line, column=self.column)


@dataclass(frozen=True, slots=True)
class Limits:
    """What one parsed document may hold. Aliases count again each time they are used, so a
    small file cannot stand for a huge one."""

    max_depth: int = 32
    max_values: int = 100_000
    max_text_bytes: int = 4 * MIB  # UTF-8 bytes of every key and string, added up
    max_int_digits: int = 30


DEFAULT_LIMITS = Limits()


# --- reading ------------------------------------------------------------------------------


def stdin_bytes() -> BinaryIO:
    """The binary stdin, so that bytes are decoded here (strictly), not by the locale."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a replaced text stream without a buffer (some test harnesses)
        import io

        return io.BytesIO(sys.stdin.read().encode("utf-8", "surrogateescape"))
    return buffer  # type: ignore[no-any-return]


def _read_upto(stream: BinaryIO, limit: int) -> bytes:
    # In chunks: read(n) on a buffered file allocates n bytes up front, even for a tiny file.
    parts: list[bytes] = []
    left = limit
    while left > 0:
        chunk = stream.read(min(left, _CHUNK))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def read_capped(stream: BinaryIO, max_bytes: int, name: str, what: str = "input") -> bytes:
    """All of `stream`, or InputError once it passes `max_bytes`: never more is held."""
    try:
        data = _read_upto(stream, max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {what} ({exc.strerror or exc})", name=name) from None
    if len(data) > max_bytes:
        raise InputError(
            f"the {what} is over the {human_size(max_bytes)} limit",
            name=name,
        )
    return data


def read_bytes(source: str | Path, max_bytes: int, what: str = "input") -> bytes:
    """The bytes of a file ('-' is stdin), read up to the budget whatever its size claims."""
    if str(source) == "-":
        return read_capped(stdin_bytes(), max_bytes, "stdin", what)
    name = str(source)
    try:
        with open(source, "rb") as fh:
            return read_capped(fh, max_bytes, name, what)
    except OSError as exc:
        raise InputError(f"cannot read {what} ({exc.strerror or exc})", name=name) from None


def text_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def decode_utf8(data: bytes, name: str | None = None, *, strip_bom: bool = True) -> str:
    """Strict UTF-8 (no lone or encoded surrogates); a leading BOM is dropped."""
    if strip_bom and data.startswith(BOM):
        data = data[len(BOM) :]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("the text is UTF-16; save it as UTF-8", name=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = text_position(data, exc.start)
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02X})",
            name=name,
            line=line,
            column=column,
        ) from None


def read_text(source: str | Path, max_bytes: int, what: str = "input") -> str:
    name = "stdin" if str(source) == "-" else str(source)
    return decode_utf8(read_bytes(source, max_bytes, what), name)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a stream: its text, or why it has none (too long, not UTF-8)."""

    number: int
    text: str | None
    error: str | None = None


def iter_lines(
    stream: BinaryIO, *, max_line_bytes: int, max_total_bytes: int, name: str = "input"
) -> Iterator[Line]:
    """The lines of a stream, each decoded on its own so one bad line spoils only itself.

    A line longer than `max_line_bytes` is reported and skipped; the whole stream may not pass
    `max_total_bytes` (InputError then, after the lines before it were handed out).
    """
    total = 0
    number = 0

    def count(n: int) -> None:
        nonlocal total
        total += n
        if total > max_total_bytes:
            raise InputError(
                f"more than {human_size(max_total_bytes)} of input; stopped at line {number}",
                name=name,
            )

    try:
        while True:
            raw = stream.readline(max_line_bytes + 1)
            if not raw:
                return
            number += 1
            count(len(raw))
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                while True:  # skip the rest of the line, still within the stream's budget
                    rest = stream.readline(_CHUNK)
                    count(len(rest))
                    if not rest or rest.endswith(b"\n"):
                        break
                yield Line(number, None, f"line is longer than {human_size(max_line_bytes)}")
                continue
            body = raw.rstrip(b"\n").rstrip(b"\r")
            try:
                yield Line(number, decode_utf8(body, strip_bom=number == 1))
            except InputError as exc:
                where = f" at column {exc.column}" if exc.column is not None else ""
                yield Line(number, None, exc.message + where)
    except OSError as exc:
        raise InputError(
            f"read failed at line {number} ({exc.strerror or exc})", name=name
        ) from None


def read_script_replies(source: str, max_bytes: int | None = None) -> list[str]:
    """The replies of a `play --script` file ('-' for stdin), within a byte budget.

    One reply per line; blank lines and '#' comments are skipped.
    """
    cap = SCRIPT_MAX_BYTES if max_bytes is None else max_bytes
    label = "stdin" if source == "-" else f"'{source}'"
    try:
        if source == "-":
            data = _read_upto(stdin_bytes(), cap + 1)
        else:
            with open(source, "rb") as fh:
                data = _read_upto(fh, cap + 1)
    except FileNotFoundError:
        raise TrainerError(one_line(f"script file '{source}' does not exist"),
                           key="errors.script_missing", source=one_line(source)) from None
    except IsADirectoryError:
        raise TrainerError(one_line(f"script {label} is a folder, not a file of replies"),
                           key="errors.script_folder", label=one_line(label)) from None
    except OSError as exc:
        msg = f"cannot read script file {label}: {exc.strerror or exc}"
        raise TrainerError(one_line(msg)) from None
    if len(data) > cap:
        raise TrainerError(one_line(f"script {label} is over the {human_size(cap)} limit"))
    try:
        text = decode_utf8(data)
    except InputError as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line is not None else ""
        raise TrainerError(one_line(f"script {label}: {exc.message}{where}")) from None
    replies = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not replies:
        raise TrainerError(
            one_line(
                f"the script {label} has no replies (blank lines and '#' comments are skipped)"
            ),
            key="errors.script_empty", label=one_line(label),
        )
    return replies


# --- parsing ------------------------------------------------------------------------------


class _Refused(ValueError):
    """Raised from inside json's hooks; carries the message to show."""


def _refuse_constant(name: str) -> NoReturn:
    raise _Refused(f"{name} is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"duplicate key {key!r}")
        out[key] = value
    return out


def _int_parser(limits: Limits) -> Callable[[str], int]:
    def parse(digits: str) -> int:
        if len(digits.lstrip("-")) > limits.max_int_digits:
            raise _Refused(f"a number has more than {limits.max_int_digits} digits")
        return int(digits)

    return parse


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"{text[:20]} is out of range for a number")
    return value


def loads_json(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Strict JSON: no NaN/Infinity, no duplicate keys, bounded depth, numbers and size."""
    try:
        value = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_int_parser(limits),
            parse_float=_parse_float,
            object_pairs_hook=_unique_keys,
        )
    except _Refused as exc:
        raise InputError(f"not JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise InputError(f"nested deeper than {limits.max_depth} levels") from None
    except ValueError as exc:  # e.g. Python's own cap on digits in an int
        raise InputError(f"not JSON: {one_line(str(exc), 120)}") from None
    check_tree(value, limits)
    return value


def _yaml_error(exc: yaml.YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable"])[0]
    if mark is None:
        return InputError(f"not valid YAML ({problem})")
    return InputError(f"not valid YAML ({problem})", line=mark.line + 1, column=mark.column + 1)


def _check_events(text: str, limits: Limits) -> None:
    """Depth and self-reference, from the event stream: nothing is built yet, and the parser
    keeps an explicit stack, so a thousand '[' cannot exhaust Python's."""
    depth = 0
    open_anchors: list[str | None] = []
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                mark = event.start_mark
                raise InputError(
                    f"nested deeper than {limits.max_depth} levels",
                    line=mark.line + 1,
                    column=mark.column + 1,
                )
            open_anchors.append(event.anchor)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            open_anchors.pop()
        elif isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
            mark = event.start_mark
            raise InputError(
                "an alias refers to the value that contains it",
                line=mark.line + 1,
                column=mark.column + 1,
            )


def load_yaml(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """One YAML document (safe tags only), bounded like `loads_json`."""
    try:
        _check_events(text, limits)
        value = yaml.load(text, Loader=_YamlLoader)  # a safe loader
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    except (ValueError, OverflowError) as exc:  # an int past Python's digit cap, a bad date
        raise InputError(f"not valid YAML ({one_line(str(exc), 120)})") from None
    check_tree(value, limits)
    return value


_KINDS = {"date": "a date", "datetime": "a date and time", "bytes": "binary data", "set": "a set"}


def _where(path: tuple[str | int, ...]) -> str:
    if not path:
        return ""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return f"at {text.lstrip('.')}: "


def check_tree(value: Any, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse what no record may hold: non-JSON types, lone surrogates, non-finite or huge
    numbers, non-text keys, too deep, too many values or too much text. Iterative, and it
    stops at the first budget passed, so a cyclic or alias-blown value ends it early."""
    values = 1
    size = 0
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 1, ())]

    def text_bytes(s: str, path: tuple[str | int, ...]) -> int:
        try:
            return len(s.encode("utf-8"))
        except UnicodeEncodeError as exc:
            bad = f"\\u{ord(s[exc.start]):04x}"
            raise InputError(f"{_where(path)}a lone surrogate ({bad}) is not text") from None

    while stack:
        item, depth, path = stack.pop()
        if depth > limits.max_depth:
            raise InputError(f"{_where(path)}nested deeper than {limits.max_depth} levels")
        if isinstance(item, str):
            size += text_bytes(item, path)
        elif item is None or isinstance(item, bool):
            pass
        elif isinstance(item, int):
            if abs(item) >= 10**limits.max_int_digits:
                raise InputError(f"{_where(path)}a number has too many digits")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise InputError(f"{_where(path)}{item} is not a finite number")
        elif isinstance(item, dict):
            values += len(item)
            for key, child in item.items():
                if not isinstance(key, str):
                    raise InputError(f"{_where(path)}the key {key!r} is not text")
                size += text_bytes(key, path)
                stack.append((child, depth + 1, (*path, key)))
        elif isinstance(item, list):
            values += len(item)
            stack.extend((child, depth + 1, (*path, i)) for i, child in enumerate(item))
        else:
            kind = _KINDS.get(type(item).__name__, f"a {type(item).__name__}")
            raise InputError(f"{_where(path)}{kind} is not allowed here; quote it to make it text")
        if values > limits.max_values:
            raise InputError(
                f"more than {limits.max_values:,} values (an alias counts each time it is used)"
            )
        if size > limits.max_text_bytes:
            raise InputError(
                f"more than {human_size(limits.max_text_bytes)} of text"
                " (an alias counts each time it is used)"
            )
