"""One attempt, end to end: who, what, how it ended, every turn with the points it earned or
lost and the words that earned them, and the scorecard. Built once, rendered as text, JSON or
a self-contained HTML page; every name and reply is untrusted text and is made inert."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from trainer.render import lines, strict_json, visible
from trainer.store.records import AttemptDetail

CRITERIA = ("needs_discovery", "politeness", "objection_handling", "closing")


@dataclass(frozen=True)
class TurnView:
    index: int | None
    speaker: str
    text: str
    rewound: bool
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class AttemptView:
    summary: dict[str, Any]
    turns: list[TurnView]
    scorecard: dict[str, Any] | None
    # The trainee's scores on this scenario, oldest first, for the one definition of trend.
    history: list[float] = field(default_factory=list)

    @property
    def grader(self) -> str:
        return str((self.scorecard or {}).get("grader") or "")

    @property
    def trend(self) -> float | None:
        from trainer.store.report import trend

        return trend(self.history)

    @classmethod
    def of(cls, detail: AttemptDetail, history: list[float] | None = None) -> AttemptView:
        card = detail.scorecard or {}
        by_turn: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for item in card.get("evidence", []) or []:
            if isinstance(item, dict) and isinstance(item.get("turn"), int):
                by_turn[item["turn"]].append(item)
        turns = [
            TurnView(
                index=None if t.get("rewound") else t.get("index"),
                speaker=str(t.get("speaker", "?")),
                text=str(t.get("text", "")),
                rewound=bool(t.get("rewound")),
                evidence=[] if t.get("rewound") else by_turn.get(t.get("index", -1), []),
            )
            for t in detail.turns
        ]
        return cls(detail.summary.to_dict(), turns, detail.scorecard, list(history or []))


def _points(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "?"
    return f"{number:+.0f}" if number.is_integer() else f"{number:+.1f}"


def _headline(v: AttemptView) -> list[str]:
    s = v.summary
    total = "unfinished" if s.get("total") is None else f"{s['total']:.1f}/100"
    verdict = "" if s.get("passed") is None else (" passed" if s["passed"] else " not passed")
    return [
        f"Attempt {s['id']}",
        f"{s['trainee']} · {s['title']} ({s['scenario_id']} v{s['scenario_version']}) · "
        f"{s['mode']} · {s['language']}",
        f"Started {s['started_at']}" + (f", ended {s['ended_at']}" if s.get("ended_at") else ""),
        f"Score {total}{verdict}" + (f" · outcome {s['outcome']} ({s['result']})"
                                     if s.get("outcome") else ""),
        f"Graded by grader {v.grader}" if v.grader else "Graded before grader versions were kept",
        f"Trend on this scenario: {'–' if v.trend is None else f'{v.trend:+.1f}'}"
        f" over {len(v.history)} scored attempt{'' if len(v.history) == 1 else 's'}",
    ]


def as_text(v: AttemptView) -> str:
    out = [visible(line) for line in _headline(v)]
    card = v.scorecard or {}
    criteria = card.get("criteria") or {}
    if criteria:
        out.append("  " + " · ".join(
            f"{name} {c.get('score', 0):.0f}" if c.get("applicable", True) else f"{name} n/a"
            for name, c in criteria.items() if isinstance(c, dict)))
    if card.get("must_broken"):
        out.append("  must-rules broken: " + visible(", ".join(card["must_broken"])))
    out.append("")
    for turn in v.turns:
        who = "Trainee" if turn.speaker == "trainee" else "Prospect"
        mark = " (rewound)" if turn.rewound else ""
        number = f"{turn.index:>3}" if turn.index is not None else "  -"
        out.append(f"{number} {who}{mark}: {visible(turn.text)}")
        for e in turn.evidence:
            quote = f" “{visible(e.get('quote', ''))}”" if e.get("quote") else ""
            out.append(f"      {_points(e.get('points'))} {visible(e.get('rule', ''))}"
                       f" [{visible(e.get('criterion', ''))}]{quote}")
    return lines("\n".join(out))


def as_json(v: AttemptView) -> str:
    return strict_json({
        "summary": v.summary,
        "turns": [{"index": t.index, "speaker": t.speaker, "text": t.text,
                   "rewound": t.rewound, "evidence": t.evidence} for t in v.turns],
        "scorecard": v.scorecard,
        "trend": v.trend,
        "scored_attempts": len(v.history),
    }, indent=2)


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem;margin-bottom:.2rem} .meta{color:#555;margin:.1rem 0}
table{border-collapse:collapse;margin:1rem 0} td,th{padding:.2rem .6rem;text-align:left}
.turn{margin:.6rem 0;padding:.4rem .7rem;border-radius:6px}
.prospect{background:#eef3fb;border-left:4px solid #4a78c2}
.trainee{background:#eef8ef;border-left:4px solid #3b9a4a;margin-left:3rem}
.rewound{opacity:.5;text-decoration:line-through}
.who{font-weight:600;font-size:.85rem;color:#444} ul{margin:.3rem 0 .1rem 1rem;padding:0}
li{font-size:.85rem;list-style:none} .plus{color:#1d7a2e} .minus{color:#b3261e}
"""


def as_html(v: AttemptView) -> str:
    e = html.escape
    s = v.summary
    head = _headline(v)
    card = v.scorecard or {}
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>{e(head[0])}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{e(s['title'])}</h1>"]
    parts += [f"<p class='meta'>{e(line)}</p>" for line in head[1:]]
    criteria = card.get("criteria") or {}
    if criteria:
        parts.append("<table><tr><th>Criterion</th><th>Score</th></tr>")
        for name, c in criteria.items():
            if isinstance(c, dict):
                score = f"{c.get('score', 0):.0f}" if c.get("applicable", True) else "n/a"
                parts.append(f"<tr><td>{e(name.replace('_', ' '))}</td><td>{e(score)}</td></tr>")
        parts.append("</table>")
    if card.get("must_broken"):
        parts.append(f"<p><b>Must-rules broken:</b> {e(', '.join(card['must_broken']))}</p>")
    for turn in v.turns:
        css = "trainee" if turn.speaker == "trainee" else "prospect"
        who = "Trainee" if turn.speaker == "trainee" else "Prospect"
        text_css = " rewound" if turn.rewound else ""
        number = f"#{turn.index} " if turn.index is not None else ""
        parts.append(f"<div class='turn {css}'><div class='who'>{e(number + who)}</div>"
                     f"<div class='{text_css.strip()}'>{e(turn.text)}</div>")
        if turn.evidence:
            parts.append("<ul>")
            for item in turn.evidence:
                pts = _points(item.get("points"))
                sign = "plus" if not pts.startswith("-") else "minus"
                quote = f" “{e(str(item.get('quote', '')))}”" if item.get("quote") else ""
                parts.append(f"<li><span class='{sign}'>{e(pts)}</span> "
                             f"{e(str(item.get('rule', '')).replace('_', ' '))}{quote}</li>")
            parts.append("</ul>")
        parts.append("</div>")
    parts.append("</body></html>\n")
    return "".join(parts)
