"""A yes/no question in a modal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from trainer.i18n import Messages, messages
from trainer.tui.keys import translate_keys
from trainer.tui.literal import literal


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "keys.yes"),
        Binding("n,escape", "answer(False)", "keys.no"),
    ]

    def __init__(self, question: str, yes: str = "", no: str = "",
                 t: Messages | None = None) -> None:
        super().__init__()
        t = t or messages("en")
        translate_keys(self, t)
        self.question = question
        self.yes, self.no = yes or t("keys.yes"), no or t("keys.no")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="error", id="yes")
                yield Button(self.no, variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
