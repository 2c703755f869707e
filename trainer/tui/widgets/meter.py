"""The prospect's mood and patience, as a trainee would sense them on a real call."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.i18n import Messages, messages

MOOD_WORDS = ((-5, "hostile"), (-1, "annoyed"), (1, "neutral"), (4, "interested"), (11, "warm"))


def mood_word(mood: int, t: Messages | None = None) -> str:
    word = next(word for limit, word in MOOD_WORDS if mood < limit)
    return (t or messages("en"))(f"meter.{word}")


def mood_style(mood: int) -> str:
    return "red" if mood < -2 else "yellow" if mood < 2 else "green"


class Meter(Static):
    def show(self, mood: int, patience: int, patience_max: int, t: Messages | None = None,
             width: int = 10) -> None:
        t = t or messages("en")
        # Mood runs -10..10; the marker sits on a scale so both directions read at a glance.
        position = round((max(-10, min(10, mood)) + 10) / 20 * (width - 1))
        scale = Text(t("meter.mood"))
        scale.append("─" * position, style="dim")
        scale.append("●", style=f"bold {mood_style(mood)}")
        scale.append("─" * (width - 1 - position), style="dim")
        scale.append(f" {mood:+d}")
        word = Text(" " * len(t("meter.mood")) + mood_word(mood, t), style=mood_style(mood))
        left = max(0, patience)
        hearts = Text(t("meter.patience"))
        hearts.append("♥" * left, style="bold red" if left <= 1 else "bold magenta")
        hearts.append("♡" * max(0, patience_max - left), style="dim")
        hearts.append(f" {left}/{patience_max}")
        self.update(Text("\n").join([scale, word, hearts]))
