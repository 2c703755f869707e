"""Asks the trainee's name once; the app remembers it in the config file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.config import MAX_NAME, clean_name
from trainer.tui.literal import literal


class NamePrompt(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal("What's your name?"), classes="dialog-title")
            yield Static(
                literal("Your attempts and best scores are saved under this name."),
                classes="dialog-text",
            )
            yield Input(self.current, placeholder="e.g. Sam Berg", max_length=MAX_NAME, id="name")
            yield Static("", id="name-error", classes="dialog-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = clean_name(event.value)
        if not name:
            self.query_one("#name-error", Static).update(literal("Please type a name."))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        # The first time there is no name to fall back on, so the prompt stays until answered.
        if self.current:
            self.dismiss(None)
