"""Horizontal bars drawn as text, so they read the same in snapshots and any terminal."""

from __future__ import annotations

from rich.text import Text

# The order criteria are shown in; their words come from the catalogue (trainer/i18n).
CRITERIA_ORDER = ("needs_discovery", "politeness", "objection_handling", "closing")


def bar(value: float, maximum: float, width: int, style: str = "") -> Text:
    filled = 0 if maximum <= 0 else round(max(0.0, min(value, maximum)) / maximum * width)
    text = Text("█" * filled, style=style or "bold")
    text.append("░" * (width - filled), style="dim")
    return text


def labelled_bar(label: str, value: float, maximum: float, width: int, suffix: str,
                 style: str = "", label_width: int = 16) -> Text:
    line = Text(label.ljust(label_width)[:label_width])
    line.append(" ")
    line.append_text(bar(value, maximum, width, style))
    line.append(f" {suffix}")
    return line


def score_style(score: float, pass_mark: float = 50) -> str:
    if score >= max(pass_mark, 75):
        return "bold green"
    if score >= pass_mark:
        return "bold yellow"
    return "bold red"


def signed(value: float) -> str:
    """Points as a trainee reads them: +4, -2, +13.3 (no false precision, no hidden halves)."""
    return f"{value:+.0f}" if float(value).is_integer() else f"{value:+.1f}"
