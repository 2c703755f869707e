"""Where scenarios come from besides the built-in library: the team's folders.

Folders are named with `--scenarios DIR` (repeatable), `SALES_TRAINER_SCENARIOS` (several
separated by the platform's path separator) and `scenario_dirs` in config.toml, in that order;
a folder that is missing or not a folder is reported, never fatal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trainer.scenario.library import scenario_files

ENV_VAR = "SALES_TRAINER_SCENARIOS"


@dataclass
class TeamFolders:
    folders: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def files(self) -> list[tuple[Path, Path]]:
        """(file, its folder) for every scenario file under the folders, sorted, once each;
        files of shared blocks are not scenarios and are left out."""
        seen: set[tuple[int, int]] = set()
        found: list[tuple[Path, Path]] = []
        for folder in self.folders:
            try:
                paths = scenario_files(folder)
            except OSError as exc:
                self.problems.append(f"{folder}: cannot be read ({exc.strerror or exc})")
                continue
            for path in paths:
                # The same file reached twice (a link, folders that overlap) is listed once;
                # one stat tells it, where resolving every path costs a start noticeably.
                try:
                    status = path.stat()
                except OSError:
                    continue
                same = (status.st_dev, status.st_ino)
                if same in seen:
                    continue
                seen.add(same)
                found.append((path, folder))
        return found


def team_folders(given: Sequence[str] = (), configured: Iterable[str] = (),
                 environ: dict[str, str] | None = None) -> TeamFolders:
    env = os.environ if environ is None else environ
    named = [*given, *(p for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()),
             *configured]
    result = TeamFolders()
    seen: set[Path] = set()
    for raw in named:
        folder = Path(raw).expanduser()
        if not folder.is_dir():
            why = "does not exist" if not folder.exists() else "is not a folder"
            result.problems.append(f"scenario folder {folder} {why}; left out")
            continue
        real = folder.resolve()
        if real not in seen:
            seen.add(real)
            result.folders.append(folder)
    return result


def stamp(path: Path) -> tuple[int, int] | None:
    """Modification time and size: what tells a saved file from the one read before."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
