"""Notices scenario files that changed, appeared or went away in the team folders, by their
size and modification time, and scenarios whose shared block files (`use:`) changed; the
library polls it so an author sees an edit on save."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.scenario.sources import TeamFolders, stamp

if TYPE_CHECKING:
    from trainer.tui.catalog import Entry


class FolderWatch:
    def __init__(self, team: TeamFolders) -> None:
        self.team = team
        self.stamps: dict[Path, tuple[int, int] | None] = {}
        self.folder_of: dict[Path, Path] = {}
        for file, folder in team.files():
            self.stamps[file] = stamp(file)
            self.folder_of[file] = folder

    def changes(self) -> tuple[list[tuple[Path, Path]], list[Path]]:
        """(changed or new files with their folder, files that are gone) since the last call."""
        if not self.team.folders:
            return [], []
        now = {file: folder for file, folder in self.team.files()}
        changed: list[tuple[Path, Path]] = []
        for file, folder in now.items():
            current = stamp(file)
            if file not in self.stamps or self.stamps[file] != current:
                changed.append((file, folder))
            self.stamps[file] = current
            self.folder_of[file] = folder
        gone = [file for file in self.stamps if file not in now]
        for file in gone:
            del self.stamps[file]
            self.folder_of.pop(file, None)
        return changed, gone

    @staticmethod
    def stale(entries: Iterable[Entry]) -> list[Entry]:
        """Entries read from a file whose block files changed (or appeared or went away)
        since: each entry remembers the stamps its blocks had when it was read."""
        now: dict[str, tuple[int, int] | None] = {}  # one stat per block file, not per use

        def changed(path: str, then: tuple[int, int] | None) -> bool:
            if path not in now:
                now[path] = stamp(Path(path))
            return now[path] != then

        return [e for e in entries if any(changed(path, then) for path, then in e.depends)]
