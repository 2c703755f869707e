"""Remembers the table fields of each scenario file between runs, keyed by size and mtime —
the file's own and those of the shared block files it uses (`use:`).

With a warm cache the library paints without importing a YAML parser at all; a file that
changed, or whose block file changed, is simply read again. The cache is a convenience: any
problem with it is ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.tui.catalog import Entry, Info

VERSION = 1


def default_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sales-trainer")) / "library-index.json"


def _stamp(file: Path) -> list[int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def _read(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _info(raw: object) -> Info | None:
    from trainer.tui.catalog import Info

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


def _blocks(raw: object) -> list[tuple[str, list[int] | None]] | None:
    """The block files a cached row was read with; None when the cache is damaged."""
    if not isinstance(raw, list):
        return None
    found: list[tuple[str, list[int] | None]] = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            return None
        if item[1] is not None and not (
            isinstance(item[1], list)
            and len(item[1]) == 2
            and all(isinstance(n, int) for n in item[1])
        ):
            return None
        found.append((item[0], item[1]))
    return found


def cached_entries(files: list[Path], path: Path, read: object) -> list[Entry]:
    """Entries for `files`, reading (with `read`) only the files the cache doesn't know."""
    from trainer.tui.catalog import Entry

    known = _read(path)
    fresh: dict[str, dict[str, object]] = {}
    entries: list[Entry] = []
    for file in files:
        key, stamp = str(file), _stamp(file)
        hit = known.get(key)
        blocks = _blocks(hit.get("blocks", [])) if isinstance(hit, dict) else None
        valid = (
            isinstance(hit, dict)
            and hit.get("stamp") == stamp
            and blocks is not None
            and all(_stamp(Path(p)) == s for p, s in blocks)
        )
        info = _info(hit.get("info")) if valid and isinstance(hit, dict) else None
        if info is not None and blocks is not None:
            depends = tuple((p, tuple(s) if s else None) for p, s in blocks)
            entry = Entry(key, info, depends=depends)  # type: ignore[arg-type]
        else:
            entry = read(file)  # type: ignore[operator]
        entries.append(entry)
        if entry.info is not None and not entry.error and stamp is not None:
            info_data = asdict(entry.info)
            info_data["tags"] = list(info_data["tags"])  # as JSON will hand it back
            fresh[key] = {
                "stamp": stamp,
                "info": info_data,
                "blocks": [[p, list(s) if s else None] for p, s in entry.depends],
            }
    # Files listed by another start (a team folder given only then) keep their rows while
    # they exist, so starting with and without a folder does not read every file again.
    listed = {str(f) for f in files}
    for key, hit in known.items():
        if key not in listed and key not in fresh and os.path.exists(key):
            fresh[key] = hit
    if fresh != known:
        _write(path, fresh)
    return entries


def _write(path: Path, files: dict[str, dict[str, object]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": VERSION, "files": files}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # no cache next time; the library itself is unaffected
