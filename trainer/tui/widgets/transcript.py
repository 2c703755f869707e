"""The conversation as it grows: prospect on the left, trainee on the right, notes in between."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Container, VerticalScroll
from textual.widgets import Static

from trainer.tui.literal import literal


class Bubble(Static):
    """What one speaker said in one go, headed by who said it."""

    def __init__(self, speaker: str, name: str, text: str, index: int | None = None) -> None:
        self.speaker, self.name_label, self.lines = speaker, name, [text]
        super().__init__(self._body(), classes=f"bubble -{speaker}")
        self.index = index

    def _body(self) -> Text:
        return Text.assemble(literal(self.name_label, "bold", single_line=True), "\n",
                             Text("\n").join(literal(line) for line in self.lines))

    def add(self, text: str) -> None:
        self.lines.append(text)
        self.update(self._body())


class Transcript(VerticalScroll):
    """During a call it follows the newest line; on the scorecard `highlight` picks one turn."""

    def __init__(self, *, follow: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.follow = follow

    def add_line(self, speaker: str, name: str, text: str, index: int | None = None,
                 *, join: bool = False) -> None:
        """`join` continues the last bubble when the same speaker is still talking."""
        last = self._last
        if join and last is not None and last.speaker == speaker:
            last.add(text)
        else:
            self._last = Bubble(speaker, name, text, index)
            self.mount(Container(self._last, classes=f"row -{speaker}"))
        if self.follow:
            self.call_after_refresh(self.scroll_end, animate=False)

    _last: Bubble | None = None

    def add_note(self, note: Text, kind: str = "coach") -> None:
        self._last = None
        self.mount(Static(note, classes=f"note -{kind}"))
        if self.follow:
            self.call_after_refresh(self.scroll_end, animate=False)

    def clear_lines(self) -> None:
        self._last = None
        self.remove_children()

    def highlight(self, index: int) -> None:
        target: Bubble | None = None
        for bubble in self.query(Bubble):
            bubble.set_class(bubble.index == index, "-highlight")
            if bubble.index == index:
                target = bubble
        if target is not None:
            self.call_after_refresh(self.scroll_to_center, target, animate=False)
