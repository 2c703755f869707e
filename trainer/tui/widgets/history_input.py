"""An Input that recalls earlier replies with up/down, like a shell."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class HistoryInput(Input):
    BINDINGS = [
        Binding("up", "recall(-1)", "Previous reply", show=False),
        Binding("down", "recall(1)", "Next reply", show=False),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.past: list[str] = []
        self._position = 0
        self._draft = ""

    def remember(self, text: str) -> None:
        if text and (not self.past or self.past[-1] != text):
            self.past.append(text)
        self._position = len(self.past)
        self._draft = ""

    def action_recall(self, step: int) -> None:
        if not self.past:
            return
        if self._position == len(self.past):
            self._draft = self.value
        self._position = min(max(self._position + step, 0), len(self.past))
        self.value = self._draft if self._position == len(self.past) else self.past[self._position]
        self.cursor_position = len(self.value)
