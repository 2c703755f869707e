"""The scenarios the library lists.

Listing is two-step so the first screen paints fast: a quick read of each file's YAML gives
the table its rows, then full validation (pydantic) runs after the first paint and turns any
file that fails it into an error row. A broken file never stops the library.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.diagnostics import Diagnostic, ScenarioError, TrainerError

if TYPE_CHECKING:
    from trainer.scenario.index_cache import Depends, IndexCache
    from trainer.scenario.loader import LoadedScenario
    from trainer.scenario.outcome import Outcome


@dataclass(frozen=True)
class Info:
    """What the table shows; read without validating the whole file."""

    id: str
    title: str
    kind: str
    language: str
    difficulty: int
    tags: tuple[str, ...] = ()
    persona: str = ""
    company: str = ""


@dataclass(frozen=True)
class Assigned:
    """What the library says of a scenario assigned to the trainee."""

    id: str
    due: date
    mode: str
    pass_mark: int | None
    status: str
    by: str


@dataclass(frozen=True)
class Entry:
    file: str
    info: Info | None = None
    loaded: LoadedScenario | None = None
    error: str | None = None
    assigned: Assigned | None = None
    # Where a scenario that is not built in comes from ("published v3 by kari").
    origin: str | None = None
    # The team folder a scenario file was found in (see trainer/scenario/sources.py).
    folder: str | None = None
    # The shared block files (`use:`) it was read with, each with its size and mtime then, so
    # a changed block reloads the scenarios made with it.
    depends: tuple[tuple[str, tuple[int, int] | None], ...] = ()
    # Fully checked (and, for a team's file, linted) clean in an earlier run, this content
    # with these block files: not checked again in the background, only loaded when needed.
    vetted: bool = False

    @property
    def key(self) -> str:
        if self.assigned:
            return f"assigned:{self.assigned.id}"
        return f"published:{self.file}" if self.origin else self.file

    @property
    def checked(self) -> bool:
        return self.loaded is not None or self.error is not None


INFO_FIELDS = ("id", "title", "kind", "language", "difficulty", "tags", "persona", "company")


def info_of(loaded: LoadedScenario) -> Info:
    s = loaded.scenario
    return Info(s.id, s.title, s.kind.value, s.language, s.difficulty, tuple(s.tags),
                s.persona.name, s.persona.company)


# `use` is read too: the files it names are what the cached row also depends on.
HEADER_KEYS = frozenset({"id", "title", "kind", "language", "difficulty", "tags", "persona",
                         "use"})
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def header_text(text: str) -> str:
    """Only the top-level blocks the table needs; parsing whole files would double start-up."""
    kept: list[str] = []
    keep = False
    for line in text.splitlines():
        top = _TOP_KEY.match(line)
        if top:
            keep = top.group(1) in HEADER_KEYS
        elif line and not line[0].isspace() and not line.startswith("#"):
            keep = False
        if keep:
            kept.append(line)
    return "\n".join(kept)


def quick_entry(file: Path) -> Entry:
    import yaml

    try:
        loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(header_text(file.read_text(encoding="utf-8")), Loader=loader)
        persona = data.get("persona") or {}
        info = Info(
            str(data["id"]), str(data["title"]), str(data["kind"]), str(data["language"]),
            int(data["difficulty"]), tuple(str(t) for t in data.get("tags") or ()),
            str(persona.get("name", "")), str(persona.get("company", "")),
        )
    except Exception:  # noqa: BLE001 - full validation will say exactly what is wrong
        return validated(Entry(str(file)))
    return Entry(str(file), info, depends=_used_files(file, data.get("use")))


def _used_files(file: Path, uses: object) -> tuple[tuple[str, tuple[int, int] | None], ...]:
    """The block files a scenario's `use:` names, as they are now (not read: only their
    stamps are taken; the loader decides whether one may be read)."""
    from trainer.scenario.sources import stamp

    if not isinstance(uses, list):
        return ()
    refs = dict.fromkeys(u["file"] for u in uses if isinstance(u, dict)
                         and isinstance(u.get("file"), str))
    paths = [file.parent / ref for ref in refs]
    return tuple((str(p), stamp(p)) for p in paths)


def _stamped(paths: Iterable[Path]) -> tuple[tuple[str, tuple[int, int] | None], ...]:
    from trainer.scenario.sources import stamp

    return tuple((str(p), stamp(p)) for p in dict.fromkeys(paths))


def _first(diagnostics: tuple[Diagnostic, ...]) -> str:
    more = len(diagnostics) - 1
    first = diagnostics[0].format() if diagnostics else ""
    return first + (f" (+{more} more)" if more > 0 else "")


def with_outcome(entry: Entry, outcome: Outcome, depends: Depends) -> Entry:
    """The entry as a full check came out (now, or remembered from an earlier run for the
    same content): an error row, or one known good whose scenario is loaded when needed."""
    if not outcome.loads:
        # A scenario broken by its block file must come back when the block is fixed.
        return replace(entry, error=_first(outcome.problems), depends=depends)
    assert outcome.fields is not None
    info = Info(**{k: outcome.fields[k] for k in INFO_FIELDS})
    info = replace(info, tags=tuple(info.tags))
    if entry.folder is not None:
        if outcome.findings is None:
            return entry  # not linted yet: a team's file must be
        if outcome.findings:
            # A team's file is being written as they go: one that loads but no longer lints
            # (a goto to a node that isn't there) shows its findings rather than a broken call.
            return replace(entry, info=info, error=_first(outcome.findings), depends=depends)
    return replace(entry, info=info, vetted=True, depends=depends)


def checked_entry(entry: Entry) -> tuple[Entry, Outcome | None, Depends]:
    """The entry fully checked now, with the outcome to remember (None: not worth it — an
    error that is not the file's content, or lint skipped for a file known to be clean)."""
    from trainer.scenario.outcome import check

    lint = entry.folder is not None and not entry.vetted
    try:
        outcome, depends, loaded = check(Path(entry.file), lint=lint)
    except TrainerError as exc:
        return replace(entry, error=str(exc)), None, ()
    except Exception as exc:  # noqa: BLE001 - one bad file must never take the library down
        return replace(entry, error=f"{type(exc).__name__}: {exc}"), None, ()
    if loaded is None or outcome.findings:
        return with_outcome(entry, outcome, depends), outcome, depends
    entry = replace(entry, info=info_of(loaded), loaded=loaded, depends=depends)
    return entry, (outcome if lint or entry.folder is None else None), depends


def validated(entry: Entry) -> Entry:
    if entry.checked:
        return entry
    return checked_entry(entry)[0]


def checked_and_remembered(entries: list[Entry], path: Path | None = None) -> list[Entry]:
    """Check each entry now and remember the outcomes in the index cache, so the next start
    checks only the files that changed. Good entries come back known good but not loaded
    (thousands held at once fill memory and make every garbage collection slow); many files
    are checked in other processes (see outcome.check_many)."""
    from trainer.scenario.index_cache import IndexCache, default_path
    from trainer.scenario.outcome import check_many, remember

    cache = IndexCache(path or default_path())
    jobs = [(Path(e.file), e.folder is not None and not e.vetted) for e in entries]
    found: list[Entry] = []
    for entry, (file, lint), (outcome, depends, error) in zip(entries, jobs, check_many(jobs),
                                                             strict=True):
        if outcome is None:
            found.append(replace(entry, error=error or "cannot be checked"))
            continue
        if lint or entry.folder is None:
            remember(cache, file, outcome, depends)
        found.append(with_outcome(entry, outcome, depends))
    cache.save()
    return found


def load_entries(files: Iterable[Path]) -> list[Entry]:
    return [validated(Entry(str(file))) for file in files]


def quick_entries(files: Iterable[Path]) -> list[Entry]:
    return [quick_entry(file) for file in files]


def _cached_info(raw: object) -> Info | None:
    if not isinstance(raw, dict):
        return None
    try:
        fields = dict(raw)
        fields["tags"] = tuple(fields.get("tags", ()))
        info = Info(**fields)
    except (TypeError, ValueError):
        return None
    # A hand-edited or damaged cache must not reach the table with the wrong types.
    texts = (info.id, info.title, info.kind, info.language, info.persona, info.company)
    if not all(isinstance(t, str) for t in texts) or not all(isinstance(t, str) for t in info.tags):
        return None
    if not isinstance(info.difficulty, int) or isinstance(info.difficulty, bool):
        return None
    return info


def cached_entries(files: list[Path], path: Path | None,
                   read: Callable[[Path], Entry] = quick_entry) -> list[Entry]:
    """Entries for `files`, reading (with `read`) only the files the index cache (see
    trainer/scenario/index_cache.py) doesn't know as they are now."""
    from trainer.scenario.index_cache import IndexCache

    cache = IndexCache(path)
    entries = _entries(cache, files, read)
    cache.save()
    return entries


def _entries(cache: IndexCache, files: list[Path], read: Callable[[Path], Entry]) -> list[Entry]:
    entries: list[Entry] = []
    for file in files:
        hit = cache.get(file, "info")
        info = _cached_info(hit[0]) if hit is not None else None
        if hit is not None and info is not None:
            entry = Entry(str(file), info, depends=hit[1])
        else:
            entry = read(file)
            if entry.info is not None and not entry.error:
                info_data = asdict(entry.info)
                info_data["tags"] = list(info_data["tags"])  # as JSON will hand it back
                cache.put(file, "info", info_data, entry.depends)
        entries.append(entry)
    return entries


def builtin_entries(team: list[tuple[Path, Path]] | None = None) -> list[Entry]:
    """The built-in scenarios, then the team folders' files (each marked with its folder);
    one cache for all, so a warm start reads no YAML at all."""
    from trainer.scenario.index_cache import IndexCache, default_path
    from trainer.scenario.library import builtin_files
    from trainer.scenario.outcome import cached

    files = builtin_files()
    team = team or []
    cache = IndexCache(default_path())
    entries = _entries(cache, files + [f for f, _ in team], quick_entry)
    folders = [None] * len(files) + [str(folder) for _, folder in team]
    found: list[Entry] = []
    for entry, folder in zip(entries, folders, strict=True):
        entry = replace(entry, folder=folder) if folder else entry
        # What an earlier run's check said of this very content: not checked again.
        hit = None if entry.checked else cached(cache, Path(entry.file))
        found.append(with_outcome(entry, *hit) if hit is not None else entry)
    cache.save()
    return found


def from_loaded(scenarios: Iterable[LoadedScenario]) -> list[Entry]:
    return [Entry(s.file, info_of(s), s) for s in scenarios]


def assigned_entries(store: Any, trainee: str) -> list[Entry]:
    """The trainee's assignments, each at the version it was assigned in (its frozen text),
    soonest due first; certified ones are left to the rest of the library."""
    from trainer.scenario.loader import load_text

    found: list[Entry] = []
    for standing in store.standings(trainee=trainee):
        a = standing.assignment
        if standing.status == "certified":
            continue
        text = store.assigned_source(a)
        if text is None:
            continue
        marker = Assigned(a.id, a.due, a.mode, a.pass_mark, standing.status, a.created_by)
        try:
            loaded = load_text(text, file=f"{a.scenario_id} (assigned)")
        except (ScenarioError, TrainerError) as exc:
            found.append(Entry(f"{a.scenario_id} (assigned)", error=str(exc), assigned=marker))
            continue
        found.append(Entry(loaded.file, info_of(loaded), loaded, assigned=marker))
    return found


def published_entries(store: Any) -> list[Entry]:
    """The latest version of each scenario published to the database (see `publish`)."""
    from trainer.scenario.loader import load_text

    found: list[Entry] = []
    for item in store.published():
        text = store.published_text(item)
        if text is None:
            continue
        origin = f"v{item.version}, {item.published_by}"
        name = f"{item.scenario_id} (published)"
        try:
            loaded = load_text(text, file=name)
        except (ScenarioError, TrainerError) as exc:
            found.append(Entry(name, error=str(exc), origin=origin))
            continue
        found.append(Entry(loaded.file, info_of(loaded), loaded, origin=origin))
    return found
