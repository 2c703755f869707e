"""Remembers what was learnt about each scenario file between runs, keyed by the file's content
hash and those of the shared block files it uses (`use:`).

Each file's row holds named facets: the library's quick table fields ("info") and the outcome
of full validation ("check", see trainer/scenario/outcome.py). A facet is used only while the
file and its block files are as they were when it was written. Size and mtime are compared
first (one stat per file, so a warm start reads no scenario file); when they differ the content
hash decides, so a file that was touched but not changed (a checkout, a copy) is not read again.

The cache is a convenience shared by the app and the `list` command: a damaged or unreadable
cache is ignored, and one that cannot be written is simply not there next time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

VERSION = 3
Stamp = tuple[int, int] | None
Depends = tuple[tuple[str, Stamp], ...]


def default_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sales-trainer")) / "library-index.json"


def _stamp(path: str) -> Stamp:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def content_hash(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        return None


def _as_stamp(raw: object) -> Stamp | bool:
    """A stored stamp, or False when it is not one (a damaged cache)."""
    if raw is None:
        return None
    if (isinstance(raw, list) and len(raw) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in raw)):
        return raw[0], raw[1]
    return False


def _read(path: Path | None) -> dict[str, dict[str, object]]:
    # One row a line: parsing (and writing) a few megabytes in one call would hold the
    # interpreter that long, and a background save would freeze the screen meanwhile.
    if path is None:
        return {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or json.loads(lines[0]) != {"version": VERSION}:
            return {}
        found: dict[str, dict[str, object]] = {}
        for line in lines[1:]:
            item = json.loads(line)
            if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) \
                    and isinstance(item[1], dict):
                found[item[0]] = item[1]
        return found
    except (OSError, ValueError):
        return {}


def scenario_stamps(path: Path | None = None) -> dict[str, Stamp]:
    """The scenario files the cache has rows for, with their stamps then: a file still so
    stamped is still a scenario (not a block file), so listing a folder need not read it."""
    try:
        rows = _read(path or default_path())
    except Exception:  # noqa: BLE001 - no cache dir (platformdirs) is no cache
        return {}
    found: dict[str, Stamp] = {}
    for key, row in rows.items():
        stamp = _as_stamp(row.get("stamp"))
        if stamp:
            found[key] = stamp
    return found


class IndexCache:
    """One run's view of the cache file: look facets up, put new ones, save once at the end."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known = _read(path)
        self.rows: dict[str, dict[str, object]] = {}  # rows of the files looked at this run
        self.dirty = False
        self._blocks: dict[str, tuple[Stamp, str | None]] = {}  # block file -> (stamp, hash) now

    # -- files -----------------------------------------------------------------------------

    def _row(self, file: str) -> dict[str, object]:
        """The file's row as it is now: the stored one if its content is unchanged, else a new
        empty one stamped and hashed before the caller reads the file."""
        row = self.rows.get(file)
        if row is not None:
            return row
        now, hit = _stamp(file), self.known.get(file)
        if hit is not None and _as_stamp(hit.get("stamp")) == now and now is not None:
            row = hit
        else:
            digest = content_hash(file)
            if hit is not None and digest is not None and hit.get("hash") == digest:
                row = dict(hit, stamp=list(now) if now else None)  # touched, not changed
            else:
                row = {"stamp": list(now) if now else None, "hash": digest, "facets": {}}
            self.dirty = True
        if not isinstance(row.get("facets"), dict):
            row = dict(row, facets={})
            self.dirty = True
        self.rows[file] = row
        return row

    def _block_now(self, path: str) -> tuple[Stamp, str | None]:
        if path not in self._blocks:
            self._blocks[path] = (_stamp(path), content_hash(path))
        return self._blocks[path]

    def _blocks_now(self, raw: object) -> Depends | None:
        """The block files a facet was written with, stamped as they are now; None when one
        of them changed (or the entry is damaged)."""
        if not isinstance(raw, list):
            return None
        found: list[tuple[str, Stamp]] = []
        for item in raw:
            if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
                return None
            then = _as_stamp(item[1])
            if then is False:
                return None
            now = _stamp(item[0])
            if now != then and self._block_now(item[0])[1] != item[2]:
                return None
            found.append((item[0], now))
        return tuple(found)

    # -- facets ----------------------------------------------------------------------------

    def get(self, file: Path | str, facet: str, version: str = "") -> tuple[object, Depends] | None:
        """(data, block files with their stamps now) of a facet still true of the file."""
        row = self._row(str(file))
        facets = row["facets"]
        stored = facets.get(facet) if isinstance(facets, dict) else None
        if not isinstance(stored, dict) or stored.get("version") != version:
            return None
        depends = self._blocks_now(stored.get("blocks"))
        if depends is None:
            return None
        return stored.get("data"), depends

    def put(self, file: Path | str, facet: str, data: object, depends: Iterable[tuple[str, Stamp]],
            version: str = "") -> None:
        """Remember a facet of the file as read after `get` missed (stamp and hash were taken
        then, before the read)."""
        row = self._row(str(file))
        blocks = [[p, list(s) if s else None, self._block_now(p)[1]] for p, s in depends]
        facets = dict(row["facets"])  # type: ignore[call-overload]
        facets[facet] = {"version": version, "blocks": blocks, "data": data}
        self.rows[str(file)] = dict(row, facets=facets)
        self.dirty = True

    def save(self) -> None:
        """Write what changed. Files another run listed (a team folder given only then) keep
        their rows while they exist, so starting with and without a folder reads nothing again."""
        if self.path is None:
            return
        files = dict(self.rows)
        for key, hit in self.known.items():
            if key not in files:
                if os.path.exists(key):
                    files[key] = hit
                else:
                    self.dirty = True
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            lines = [json.dumps({"version": VERSION})]
            lines += [json.dumps([key, row]) for key, row in files.items()]
            tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # no cache next time; the library itself is unaffected
        self.known, self.dirty = files, False
