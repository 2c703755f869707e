"""Notices scenario files that changed, appeared or went away in the team folders, by their
size and modification time, and scenarios whose shared block files (`use:`) changed; the
library polls it so an author sees an edit on save."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.scenario.sources import TeamFolders, stamp

if TYPE_CHECKING:
    from threading import Lock

    from trainer.tui.catalog import Entry

Changes = tuple[list["Entry"], set[str]]
# Files reloaded at once that are loaded: an author's save reloads a few; a shared block
# saved reloads thousands, which are checked in other processes and loaded again only when
# needed (see catalog.checked_and_remembered).
KEEP_LOADED = 50


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


def scan(watch: FolderWatch, entries: list[Entry]) -> Changes | None:
    """(Entries read and checked again, files gone) since the last scan: files saved or new,
    and scenarios whose block files changed — a block can be used by thousands of them, so
    this is slow and the library runs it in a thread. None when nothing changed."""
    from trainer.tui.catalog import Entry, checked_and_remembered, validated

    saved, gone = watch.changes()
    saved_files = {str(f) for f, _ in saved}
    changed: list[tuple[str, str | None]] = [(str(f), str(d)) for f, d in saved]
    changed += [(e.file, e.folder) for e in watch.stale(entries) if e.file not in saved_files]
    if not changed and not gone:
        return None
    again = [Entry(f, folder=d) for f, d in changed]
    if len(again) > KEEP_LOADED:
        fresh = checked_and_remembered(again)
    else:
        fresh = [validated(e) for e in again]
    return fresh, {str(f) for f in gone}


def merged(entries: list[Entry], fresh: list[Entry], gone: set[str]) -> list[Entry]:
    """The entries with the fresh ones in their place (new files at the end) and the gone
    ones left out: one pass, with no scan per file."""
    by_file = {e.file: e for e in fresh}
    kept = [by_file.pop(e.file, e) for e in entries if e.file not in gone]
    return kept + list(by_file.values())


class WatchesFolders:
    """The library's side of watching: its timer scans in a thread; `reload_changed` scans at
    once (what a test or an explicit reload wants)."""

    app: Any
    _watch: FolderWatch | None
    _scanning: bool
    _scan_lock: Lock

    if TYPE_CHECKING:  # what the screen it is mixed into provides
        @property
        def entries(self) -> list[Entry]: ...
        def fill(self) -> None: ...
        def run_worker(self, *args: Any, **kwargs: Any) -> Any: ...

    def reload_changed(self) -> None:
        """An author saved a file in a team folder: show it as it now is (its findings, with
        file:line:column, if it no longer lints), without restarting the app."""
        found = self._scan()
        if found is not None:
            self._apply_changes(*found)

    def _watch_tick(self) -> None:
        # Statting thousands of files, and checking the scenarios a saved block file changed,
        # would freeze the screen: the timer's scan runs in a thread, one at a time.
        if not self._scanning:
            self._scanning = True
            self.run_worker(self._scan_in_background, thread=True, group="library-watch")

    def _scan_in_background(self) -> None:
        try:
            found = self._scan()
        finally:
            self._scanning = False
        if found is not None:
            self.app.call_from_thread(self._apply_changes, *found)

    def _scan(self) -> Changes | None:
        with self._scan_lock:
            if self._watch is None:  # first tick: note how the files are now
                self._watch = FolderWatch(self.app.team)
                return None
            return scan(self._watch, list(self.entries))

    def _apply_changes(self, fresh: list[Entry], gone: set[str]) -> None:
        entries = self.app.entries()
        entries[:] = merged(entries, fresh, gone)
        self.fill()
