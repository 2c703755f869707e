"""The library's filter: an entry matches when every typed word is in its id, title, kind,
language, persona, company or tags ("error" and "broken" find files that do not load)."""

from __future__ import annotations

from trainer.tui.catalog import Entry


def _haystack(entry: Entry) -> str:
    if entry.info is None:
        return f"{entry.file} error broken".casefold()
    s = entry.info
    words = [s.id, s.title, s.kind, s.kind.replace("_", " "), s.language, s.persona, s.company,
             *s.tags]
    if entry.error:
        words += ["error", "broken"]
    return " ".join(words).casefold()


def matches(entry: Entry, query: str) -> bool:
    haystack = _haystack(entry)
    return all(word in haystack for word in query.casefold().split())


class Matcher:
    """`matches` over a whole list, remembering each entry's words: with thousands of files
    the filter must not rebuild them all on every key typed."""

    def __init__(self) -> None:
        self._words: dict[int, tuple[Entry, str]] = {}
        self._largest = 0  # the longest list filtered: the memo is kept to about its size

    def __call__(self, entries: list[Entry], query: str) -> list[Entry]:
        wanted = query.casefold().split()
        if not wanted:
            return list(entries)
        self._largest = max(self._largest, len(entries))
        if len(self._words) > 2 * self._largest + 1000:
            self._words.clear()  # entries replaced since (checked, reloaded)
        found = []
        for entry in entries:
            known = self._words.get(id(entry))
            if known is None or known[0] is not entry:
                known = self._words[id(entry)] = (entry, _haystack(entry))
            if all(word in known[1] for word in wanted):
                found.append(entry)
        return found
