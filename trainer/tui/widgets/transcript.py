"""The conversation as it grows: prospect on the left, trainee on the right, notes in between."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Container, VerticalScroll
from textual.widgets import Static

from trainer.tui.literal import literal


class Bubble(Static):
    """One spoken line, headed by who said it."""

    def __init__(self, speaker: str, name: str, text: str, index: int | None = None) -> None:
        body = Text.assemble(literal(name, "bold", single_line=True), "\n", literal(text))
        super().__init__(body, classes=f"bubble -{speaker}")
        self.index = index


class Transcript(VerticalScroll):
    """Scrolls to the newest line; `highlight` marks one turn (used on the scorecard)."""

    def add_line(self, speaker: str, name: str, text: str, index: int | None = None) -> None:
        row = Container(Bubble(speaker, name, text, index), classes=f"row -{speaker}")
        self.mount(row)
        self.call_after_refresh(self.scroll_end, animate=False)

    def add_note(self, note: Text, kind: str = "coach") -> None:
        self.mount(Static(note, classes=f"note -{kind}"))
        self.call_after_refresh(self.scroll_end, animate=False)

    def clear_lines(self) -> None:
        self.remove_children()

    def highlight(self, index: int) -> None:
        target: Bubble | None = None
        for bubble in self.query(Bubble):
            bubble.set_class(bubble.index == index, "-highlight")
            if bubble.index == index:
                target = bubble
        if target is not None:
            self.scroll_to_center(target, animate=False)
