"""Which of the account manager's duties the library drills, per language and per sector:
the table `sales-trainer list --matrix` prints and the README shows (generated, not typed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

DUTIES = tuple(range(1, 12))
LANGUAGES = ("en", "nb")


class Coverable(Protocol):
    """What the tables need of a scenario: a loaded one, or what the index cache kept of it."""

    @property
    def language(self) -> str: ...
    @property
    def sector(self) -> str: ...
    @property
    def duties(self) -> Sequence[int]: ...


@dataclass(frozen=True)
class Covered:
    language: str
    sector: str
    duties: tuple[int, ...]


def matrix(scenarios: Iterable[Coverable]) -> str:
    """Two Markdown tables: duty × language, then sector × duty with each language's count."""
    listed = list(scenarios)
    by_lang: Counter[tuple[str, int]] = Counter()
    by_sector: Counter[tuple[str, int, str]] = Counter()
    sectors: set[str] = set()
    for s in listed:
        sector = s.sector or "(no sector)"
        sectors.add(sector)
        for duty in set(s.duties):
            by_lang[(s.language, duty)] += 1
            by_sector[(sector, duty, s.language)] += 1
    head = "| " + " | ".join(str(d) for d in DUTIES) + " |"
    rule = "|---" * (len(DUTIES) + 1) + "|"
    out = ["| duty " + head, rule]
    for lang in LANGUAGES:
        cells = " | ".join(str(by_lang[(lang, d)]) for d in DUTIES)
        out.append(f"| {lang} scenarios | {cells} |")
    out += ["", "| sector (en · nb) " + head, rule]
    for sector in sorted(sectors):
        cells = []
        for duty in DUTIES:
            counts = [by_sector[(sector, duty, lang)] for lang in LANGUAGES]
            cells.append(" · ".join(str(c) for c in counts) if any(counts) else "–")
        out.append(f"| {sector} | " + " | ".join(cells) + " |")
    return "\n".join(out)
