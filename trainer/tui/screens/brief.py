"""The seller brief: who the trainee is calling for and the facts they may rely on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.tui.keys import translate_keys
from trainer.tui.literal import literal

if TYPE_CHECKING:
    from trainer.i18n import Messages
    from trainer.scenario.models import Scenario


def brief_lines(scenario: Scenario, t: Messages) -> list[Text]:
    """The brief as lines of text; shared by the library preview and the call's brief."""
    seller = scenario.seller
    lines = [Text.assemble((t("brief.you_sell"), "dim"), literal(seller.company, "bold"),
                           (" — " if seller.product else "", "dim"), literal(seller.product))]
    for fact in seller.facts:
        lines.append(Text.assemble(" • ", literal(" ".join(fact.split()))))
    return lines


class BriefScreen(ModalScreen[None]):
    """Opened from the call with F2; the call waits underneath, nothing is lost."""

    BINDINGS = [Binding("escape,f2", "close", "keys.back")]

    def __init__(self, scenario: Scenario, t: Messages) -> None:
        super().__init__()
        self.scenario = scenario
        self.t = t
        translate_keys(self, t)

    def compose(self) -> ComposeResult:
        t = self.t
        parts: list[Text] = [Text(t("brief.title"), style="bold"), Text("")]
        parts += brief_lines(self.scenario, t)
        if not self.scenario.seller.facts:
            parts += [Text(""), Text(t("brief.no_facts"), style="dim")]
        parts += [Text(""), Text(t("brief.close"), style="dim")]
        with VerticalScroll(classes="dialog"):
            yield Static(Group(*parts), id="brief")

    def action_close(self) -> None:
        self.dismiss(None)
