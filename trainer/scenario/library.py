"""Finding scenarios: the built-in library shipped in the `scenarios` package, or paths."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.diagnostics import TrainerError

if TYPE_CHECKING:
    from trainer.scenario.loader import LoadedScenario

SUFFIXES = (".yaml", ".yml")


def builtin_dir() -> Path:
    return Path(str(resources.files("scenarios")))


def builtin_files() -> list[Path]:
    return sorted(p for p in builtin_dir().rglob("*") if p.suffix in SUFFIXES and p.is_file())


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; folders searched recursively for .yaml/.yml files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        else:
            yield path


def resolve(ref: str) -> LoadedScenario:
    """A path to a scenario file, or the id of a built-in scenario."""
    # Imported here so that listing files (the app's first paint) does not load pydantic models.
    from trainer.scenario.loader import load_file

    path = Path(ref)
    if path.suffix in SUFFIXES or path.exists():
        return load_file(path)
    for file in builtin_files():
        if file.stem == ref:
            return load_file(file)
    known = sorted(f.stem for f in builtin_files())
    from rapidfuzz import process

    guess = process.extractOne(ref, known, score_cutoff=60)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    raise TrainerError(f"no scenario file or built-in scenario called '{ref}'{hint}",
                       key="errors.no_scenario_guess" if guess else "errors.no_scenario",
                       ref=ref, guess=guess[0] if guess else "")
