"""The scenarios the library lists: each file either loaded or carrying the reason it failed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from trainer.diagnostics import ScenarioError, TrainerError
from trainer.scenario.loader import LoadedScenario, load_file


@dataclass(frozen=True)
class Entry:
    file: str
    loaded: LoadedScenario | None = None
    error: str | None = None

    @property
    def key(self) -> str:
        return self.loaded.scenario.id if self.loaded else f"!{self.file}"


def load_entries(files: Iterable[Path]) -> list[Entry]:
    """Load every file; a broken one becomes an error entry instead of stopping the library."""
    entries: list[Entry] = []
    for file in files:
        try:
            entries.append(Entry(str(file), load_file(file)))
        except ScenarioError as exc:
            first = exc.diagnostics[0].format() if exc.diagnostics else str(exc)
            more = len(exc.diagnostics) - 1
            entries.append(Entry(str(file), error=first + (f" (+{more} more)" if more > 0 else "")))
        except TrainerError as exc:
            entries.append(Entry(str(file), error=str(exc)))
        except Exception as exc:  # noqa: BLE001 - one bad file must never take the library down
            entries.append(Entry(str(file), error=f"{type(exc).__name__}: {exc}"))
    return entries


def builtin_entries() -> list[Entry]:
    from trainer.scenario.library import builtin_files

    return load_entries(builtin_files())


def from_loaded(scenarios: Iterable[LoadedScenario]) -> list[Entry]:
    return [Entry(s.file, s) for s in scenarios]
