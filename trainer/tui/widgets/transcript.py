"""The conversation as it grows: prospect on the left, trainee on the right, notes in between."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Container, VerticalScroll
from textual.widget import Widget
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
    """During a call it follows the newest line; on the scorecard `highlight` picks one turn.

    A new width rewraps every bubble, so the same scroll offset would show other lines: the
    transcript remembers which line was at the top (or that it was at the bottom) and goes
    back there after a resize."""

    def __init__(self, *, follow: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.follow = follow
        self._anchor: tuple[Widget, int] | None = None
        self._at_end = follow
        self._laid_out_width = 0

    def on_mount(self) -> None:
        if self.follow:
            # Textual keeps an anchored view at the bottom while new lines are laid out, so a
            # long reply and the answer under it are on screen however late their layout lands.
            self.anchor()

    def _following(self) -> bool:
        # Anchored and not scrolled away by the reader (Textual 8.2 keeps the flag private).
        return self.is_anchored and not self._anchor_released

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.size.width == self._laid_out_width:
            self._remember()

    def _remember(self) -> None:
        self._at_end = self._following() or self.scroll_y >= self.max_scroll_y - 1
        top = round(self.scroll_y)
        self._anchor = None
        for child in self.children:
            region = child.virtual_region_with_margin
            if region.bottom > top:
                self._anchor = (child, top - region.y)
                break

    def on_resize(self) -> None:
        self.call_after_refresh(self._restore)

    def _restore(self) -> None:
        self._laid_out_width = self.size.width
        anchor = self._anchor
        if self._at_end or self._following():
            self.scroll_end(animate=False, immediate=True)
        elif anchor is not None and anchor[0].parent is self:
            child, offset = anchor
            region = child.virtual_region_with_margin
            self.scroll_to(y=region.y + min(offset, max(region.height - 1, 0)), animate=False,
                           immediate=True)
        self._remember()

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
