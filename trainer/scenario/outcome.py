"""What full validation (and, for a team's file, lint) made of one scenario file, in a form the
index cache can keep: so neither `list` nor the library validates again a file whose content,
block files and checking code are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from trainer.diagnostics import Diagnostic, ScenarioError

if TYPE_CHECKING:
    from trainer.scenario.index_cache import Depends, IndexCache
    from trainer.scenario.loader import LoadedScenario

FACET = "check"
# What the checks are made of: a change to any of it (a new release, or an edit while
# developing) checks every file again.
_CHECKING_CODE = ("lint", "scenario", "engine", "diagnostics.py", "graph.py")
_TEXT_FIELDS = ("id", "title", "kind", "language", "persona", "company", "sector")


@cache
def checker_version() -> str:
    """The app's version and a fingerprint of the code that validates and lints."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("sales-trainer")
    except PackageNotFoundError:
        release = "unknown"
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(release.encode(), digest_size=8)
    for name in _CHECKING_CODE:
        base = root / name
        paths = sorted(base.rglob("*.py")) if base.is_dir() else [base]
        for path in paths:
            try:
                status = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(root)}:{status.st_size}:{status.st_mtime_ns};"
                          .encode())
    return f"{release}+{digest.hexdigest()}"


@dataclass(frozen=True)
class Outcome:
    """`problems` say why the file does not load (empty when it does); `fields` are the loaded
    scenario's table and coverage fields; `findings` are lint errors (None: not linted)."""

    problems: tuple[Diagnostic, ...] = ()
    fields: dict[str, Any] | None = None
    findings: tuple[Diagnostic, ...] | None = None

    @property
    def loads(self) -> bool:
        return self.fields is not None


def scenario_fields(loaded: LoadedScenario) -> dict[str, Any]:
    s = loaded.scenario
    return {"id": s.id, "title": s.title, "kind": s.kind.value, "language": s.language,
            "difficulty": s.difficulty, "tags": list(s.tags), "persona": s.persona.name,
            "company": s.persona.company, "sector": s.sector, "duties": list(s.duties)}


def error_findings(loaded: LoadedScenario) -> tuple[Diagnostic, ...]:
    from trainer.lint import lint

    return tuple(d for d in lint(loaded) if d.severity == "error")


def to_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "problems": [d.to_dict() for d in outcome.problems],
        "fields": outcome.fields,
        "findings": (None if outcome.findings is None
                     else [d.to_dict() for d in outcome.findings]),
    }


def _diagnostics(raw: object) -> tuple[Diagnostic, ...] | None:
    if not isinstance(raw, list):
        return None
    names = {f.name for f in fields(Diagnostic)}
    found = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != names:
            return None
        d = Diagnostic(**item)
        texts = (d.code, d.severity, d.message, d.file)
        if not all(isinstance(t, str) for t in texts) or not all(
                isinstance(n, int) and not isinstance(n, bool) for n in (d.line, d.column)):
            return None
        found.append(d)
    return tuple(found)


def _fields_ok(raw: object) -> bool:
    if not isinstance(raw, dict):
        return False
    try:
        texts_ok = all(isinstance(raw[k], str) for k in _TEXT_FIELDS)
        ints = [raw["difficulty"], *raw["duties"]]
        return (texts_ok and all(isinstance(t, str) for t in raw["tags"])
                and all(isinstance(n, int) and not isinstance(n, bool) for n in ints))
    except (KeyError, TypeError):
        return False


def from_json(raw: object) -> Outcome | None:
    """The outcome stored, or None when the cache entry is damaged."""
    if not isinstance(raw, dict):
        return None
    problems = _diagnostics(raw.get("problems"))
    loaded_fields = raw.get("fields")
    findings = None if raw.get("findings") is None else _diagnostics(raw.get("findings"))
    if problems is None or (raw.get("findings") is not None and findings is None):
        return None
    if loaded_fields is not None and not _fields_ok(loaded_fields):
        return None
    if loaded_fields is not None and problems:
        return None  # a file either loads or has problems
    return Outcome(problems, loaded_fields, findings)


def cached(cache: IndexCache, file: Path) -> tuple[Outcome, Depends] | None:
    hit = cache.get(file, FACET, checker_version())
    if hit is None:
        return None
    outcome = from_json(hit[0])
    return (outcome, hit[1]) if outcome is not None else None


def remember(cache: IndexCache, file: Path, outcome: Outcome, depends: Depends) -> None:
    cache.put(file, FACET, to_json(outcome), depends, checker_version())


def check(file: Path, *, lint: bool) -> tuple[Outcome, Depends, LoadedScenario | None]:
    """Validate (and lint) one file now. Errors other than a scenario's own (an unreadable
    file) are raised: they are not the file's content, so they are not remembered."""
    from trainer.scenario.loader import load_file
    from trainer.scenario.sources import stamp

    try:
        loaded = load_file(file)
    except ScenarioError as exc:
        used = [Path(p) for p in getattr(exc, "depends", ())]
        depends = tuple((str(p), stamp(p)) for p in dict.fromkeys(used))
        return Outcome(tuple(exc.diagnostics)), depends, None
    used = [f.path for f in loaded.expansion.files] if loaded.expansion is not None else []
    depends = tuple((str(p), stamp(Path(p))) for p in dict.fromkeys(used))
    findings = error_findings(loaded) if lint else None
    return Outcome((), scenario_fields(loaded), findings), depends, loaded


# Fewer files than this are checked in this process; more in other processes, where the
# garbage a check leaves (thousands of short-lived objects per file, freed only by full
# collections) cannot freeze the app's screen, and several cores share the work.
IN_PROCESS_BELOW = 64
Checked = tuple[Outcome | None, "Depends", str | None]


def _check_one(job: tuple[str, bool]) -> tuple[dict[str, Any] | None, list[Any], str | None]:
    """One file's (outcome as JSON, block files, error not about the file's content)."""
    from trainer.diagnostics import TrainerError

    file, lint = job
    try:
        outcome, depends, _ = check(Path(file), lint=lint)
    except TrainerError as exc:
        return None, [], str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must never take the caller down
        return None, [], f"{type(exc).__name__}: {exc}"
    return to_json(outcome), list(depends), None


def check_many(jobs: list[tuple[Path, bool]]) -> Iterator[Checked]:
    """(outcome, block files, other error) of each (file, lint it), in order."""
    args = [(str(f), lint) for f, lint in jobs]
    if len(args) < IN_PROCESS_BELOW:
        results: Iterable[tuple[Any, list[Any], str | None]] = map(_check_one, args)
        yield from (_decoded(r) for r in results)
        return
    workers = max(1, min(4, (os.cpu_count() or 2) - 1))
    size = -(-len(args) // workers)
    chunks = [args[i:i + size] for i in range(0, len(args), size)]
    children = [_start(chunk) for chunk in chunks]
    for chunk, child in zip(chunks, children, strict=True):
        yield from (_decoded(r) for r in _results(chunk, child))


def _start(chunk: list[tuple[str, bool]]) -> subprocess.Popen[str] | None:
    # A plain child process, not multiprocessing: that needs a real stderr (the app's is
    # captured) and must not fork an app whose threads are mid-step.
    try:
        child = subprocess.Popen([sys.executable, "-m", "trainer.scenario.outcome"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
    except OSError:
        return None
    assert child.stdin is not None
    # Written from a thread: a child whose output pipe is full must not block this one.
    threading.Thread(target=_feed, args=(child.stdin, json.dumps(chunk)), daemon=True).start()
    return child


def _feed(pipe: IO[str], text: str) -> None:
    try:
        pipe.write(text)
        pipe.close()
    except OSError:
        pass  # the child is gone; its files are checked here instead


def _results(chunk: list[tuple[str, bool]],
             child: subprocess.Popen[str] | None) -> Iterator[tuple[Any, list[Any], str | None]]:
    """The child's answers in order; files it did not answer for are checked here."""
    done = 0
    if child is not None:
        assert child.stdout is not None
        for line in child.stdout:
            try:
                raw, depends, error = json.loads(line)
            except ValueError:
                break
            yield raw, depends, error
            done += 1
        child.wait()
    yield from map(_check_one, chunk[done:])


def _serve() -> None:
    """The child's side: (file, lint) pairs as JSON on stdin, one answer a line on stdout."""
    for job in json.loads(sys.stdin.read()):
        sys.stdout.write(json.dumps(_check_one((job[0], job[1]))) + "\n")
        sys.stdout.flush()


def _decoded(result: tuple[Any, list[Any], str | None]) -> Checked:
    raw, depends, error = result
    blocks = tuple((str(p), tuple(s) if s else None) for p, s in depends)
    return (from_json(raw) if raw is not None else None), blocks, error  # type: ignore[return-value]


def checked_all(files: list[Path], path: Path | None) -> list[Outcome]:
    """Outcomes of `files` (not linted), validating only those the cache cannot answer for."""
    from trainer.scenario.index_cache import IndexCache

    store = IndexCache(path)
    found: list[Outcome] = []
    try:
        for file in files:
            hit = cached(store, file)
            if hit is None:
                outcome, depends, _ = check(file, lint=False)
                remember(store, file, outcome, depends)
                hit = outcome, depends
            found.append(hit[0])
    finally:
        store.save()
    return found


if __name__ == "__main__":
    _serve()
