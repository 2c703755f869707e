"""Finding scenarios: the built-in library shipped in the `scenarios` package, or paths."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.diagnostics import TrainerError

if TYPE_CHECKING:
    from trainer.scenario.loader import LoadedScenario

SUFFIXES = (".yaml", ".yml")
_TOP_ID = re.compile(r"^\ufeff?id\s*:", re.M)
_TOP_BLOCKS = re.compile(r"^\ufeff?blocks\s*:", re.M)
# file -> (mtime, size, is a block file): listing folders must not read every file each time.
_KINDS: dict[Path, tuple[int, int, bool]] = {}
_SEEDED = False


def is_block_text(text: str) -> bool:
    """A file whose top level has `blocks:` and no `id:` holds shared blocks, not a call."""
    # A scenario names its id near the top, so the search usually stops within a few lines.
    return _TOP_ID.search(text) is None and _TOP_BLOCKS.search(text) is not None


def is_block_file(path: Path) -> bool:
    """True for a block file (see is_block_text); a file that cannot be read is left to the
    loader, which says what is wrong with it."""
    try:
        status = path.stat()
        known = _KINDS.get(path)
        if known is not None and known[:2] == (status.st_mtime_ns, status.st_size):
            return known[2]
        with path.open("rb") as handle:
            data = handle.read(2 * 1024 * 1024)  # the loader's size limit
    except OSError:
        return False
    kind = is_block_text(data.decode("utf-8", "replace"))
    _KINDS[path] = (status.st_mtime_ns, status.st_size, kind)
    return kind


def _seed_kinds() -> None:
    """Files the index cache has rows for are scenarios while unchanged: a warm start then
    reads none of them to tell scenarios from block files."""
    global _SEEDED
    if _SEEDED:
        return
    _SEEDED = True
    from trainer.scenario.index_cache import scenario_stamps

    for key, (mtime, size) in scenario_stamps().items():  # type: ignore[misc]
        _KINDS.setdefault(Path(key), (mtime, size, False))


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files under a folder, recursively; files of shared blocks are left out."""
    _seed_kinds()
    return sorted(p for p in folder.rglob("*")
                  if p.suffix in SUFFIXES and p.is_file() and not is_block_file(p))


def builtin_dir() -> Path:
    return Path(str(resources.files("scenarios")))


def builtin_files() -> list[Path]:
    return scenario_files(builtin_dir())


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; folders searched recursively for .yaml/.yml scenario files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from scenario_files(path)
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
