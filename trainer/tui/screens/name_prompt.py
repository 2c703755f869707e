"""Asks the trainee's name once; the app remembers it in the config file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.config import MAX_NAME, clean_name
from trainer.tui.keys import translate_keys
from trainer.tui.literal import literal


class NamePrompt(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "keys.cancel")]

    def __init__(self, current: str = "", lang: str | None = None) -> None:
        super().__init__()
        self.current = current
        self.t = self.app.messages(lang)
        translate_keys(self, self.t)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.t("name.question")), classes="dialog-title")
            yield Static(literal(self.t("name.why")), classes="dialog-text")
            yield Input(self.current, placeholder=self.t("name.example"), max_length=MAX_NAME,
                        id="name")
            yield Static("", id="name-error", classes="dialog-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = clean_name(event.value)
        if not name:
            self.query_one("#name-error", Static).update(literal(self.t("name.empty")))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        # The first time there is no name to fall back on, so the prompt stays until answered.
        if self.current:
            self.dismiss(None)
