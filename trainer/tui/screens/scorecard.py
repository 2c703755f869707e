"""After the call: the grade, and the evidence behind every point, turn by turn.

Every tab has the whole height below one headline line, so the transcript can be read at
80x24 and every column of the evidence table fits the width it is given."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tabs

from trainer.i18n import labels as label
from trainer.tui.keys import translate_app_keys, translate_keys
from trainer.tui.literal import literal
from trainer.tui.screens import scorecard_text as words
from trainer.tui.screens.scorecard_view import ScorecardView
from trainer.tui.widgets.bars import signed
from trainer.tui.widgets.footer import KeyFooter
from trainer.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

__all__ = ["ScorecardScreen", "ScorecardView"]

TURN_WIDTH, POINTS_WIDTH, RULE_MAX = 4, 5, 22
# DataTable pads each cell by one on both sides; the vertical scrollbar takes two more.
CELL_PADDING, SCROLLBAR = 2, 2
QUOTE_MIN = 12


def quote_width(total: int, rule_width: int) -> int:
    fixed = TURN_WIDTH + POINTS_WIDTH + rule_width + 4 * CELL_PADDING + SCROLLBAR
    return max(QUOTE_MIN, total - fixed)


class ScorecardScreen(Screen[None]):
    app: TrainerApp  # type: ignore[assignment]

    BINDINGS = [
        Binding("r", "retry", "keys.retry"),
        Binding("l", "library", "keys.library"),
        Binding("h", "history", "keys.history"),
        Binding("escape", "back", "keys.back"),
        Binding("t", "next_tab", "keys.next_tab"),
        *(Binding(str(n), f"show_tab({n - 1})", show=False) for n in range(1, 7)),
    ]

    TABS = ("tab-overview", "tab-evidence", "tab-transcript", "tab-needs", "tab-talk",
            "tab-answers")

    def __init__(self, view: ScorecardView) -> None:
        super().__init__()
        self.view = view
        self.t = self.app.messages(view.language)
        translate_keys(self, self.t)
        self.evidence: list[Any] = list(view.scorecard.evidence) if view.scorecard else []
        self._table_width = 0

    def compose(self) -> ComposeResult:
        v = self.view
        t = self.t
        yield Static(Text.assemble(
            (t("scorecard.title"), "bold"), literal(v.title, single_line=True),
            ("   ", ""), literal(v.trainee, "bold", single_line=True),
            ("  ", ""), (t(f"mode.{v.mode}").upper() if t.has(f"mode.{v.mode}")
                         else v.mode.upper(), "magenta"),
        ), id="topbar")
        yield Static(words.headline(v, t), id="summary")
        with TabbedContent(id="score-tabs"):
            with TabPane(t("scorecard.tab.overview"), id="tab-overview"):
                yield VerticalScroll(Static(words.overview(v, t), id="criteria"),
                                     classes="tab-scroll")
            with TabPane(t("scorecard.tab.evidence"), id="tab-evidence"):
                yield DataTable(id="evidence", cursor_type="row", zebra_stripes=True)
                yield Static(id="evidence-detail")
            with TabPane(t("scorecard.tab.transcript"), id="tab-transcript"):
                yield Transcript(follow=False, id="turns")
            with TabPane(t("scorecard.tab.needs"), id="tab-needs"):
                yield VerticalScroll(Static(words.needs(v, t)), classes="tab-scroll")
            with TabPane(t("scorecard.tab.talk"), id="tab-talk"):
                yield VerticalScroll(Static(words.talk(v, t)), classes="tab-scroll")
            with TabPane(t("scorecard.tab.answers"), id="tab-answers"):
                yield VerticalScroll(Static(words.answers(v, t)), classes="tab-scroll")
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        translate_app_keys(self, self.t)

    def on_mount(self) -> None:
        if self.view.scorecard is None:
            # An unfinished attempt has nothing to grade; what was said is all there is.
            self.query_one("#score-tabs", TabbedContent).active = "tab-transcript"
        self._fill_table()
        self._fill_turns()
        if self.evidence:
            self.query_one("#turns", Transcript).highlight(self.evidence[0].turn)
            self._show_detail(0)

    def on_resize(self) -> None:
        if self.size.width != self._table_width:
            self._fill_table()

    # -- content ----------------------------------------------------------------------------
    def _fill_table(self) -> None:
        table = self.query_one("#evidence", DataTable)
        row = table.cursor_row
        self._table_width = self.size.width
        rules = [label.rule(self.t, e.rule) for e in self.evidence]
        rule_width = min(RULE_MAX, max((len(r) for r in rules), default=4))
        width = quote_width(self._table_width or self.app.size.width, rule_width)
        table.clear(columns=True)
        t = self.t
        table.add_column(t("scorecard.col.turn"), key="turn", width=TURN_WIDTH)
        table.add_column(t("scorecard.col.quote"), key="quote", width=width)
        table.add_column(t("scorecard.col.rule"), key="rule", width=rule_width)
        table.add_column(t("scorecard.col.points"), key="points", width=POINTS_WIDTH)
        for item, rule in zip(self.evidence, rules, strict=True):
            table.add_row(
                Text(str(item.turn), justify="right"),
                literal(words.short(label.evidence_quote(t, item.rule, item.quote), width)),
                literal(words.short(rule, rule_width)),
                Text(signed(item.points), style="green" if item.points > 0 else "red",
                     justify="right"),
            )
        if self.evidence:
            table.move_cursor(row=min(max(row, 0), len(self.evidence) - 1), animate=False)

    def _fill_turns(self) -> None:
        pane = self.query_one("#turns", Transcript)
        notes = words.evidence_notes(self.evidence, self.t)
        for turn in self.view.turns:
            name = self.t("scorecard.you") if turn.speaker == "trainee" else self.view.prospect
            text = f"{turn.text}  {self.t('scorecard.rewound')}" if turn.rewound else turn.text
            pane.add_line(turn.speaker, name, text, turn.index)
            if turn.index is not None and turn.index in notes:
                pane.add_note(notes[turn.index], kind="evidence")

    def _show_detail(self, row: int) -> None:
        detail = self.query_one("#evidence-detail", Static)
        if 0 <= row < len(self.evidence):
            detail.update(words.evidence_detail(self.evidence[row], self.t))

    # -- events and keys --------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "evidence" and 0 <= event.cursor_row < len(self.evidence):
            self._show_detail(event.cursor_row)
            self.query_one("#turns", Transcript).highlight(self.evidence[event.cursor_row].turn)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter on a piece of evidence shows it where it was said.
        if event.data_table.id == "evidence" and 0 <= event.cursor_row < len(self.evidence):
            self.action_show_tab(self.TABS.index("tab-transcript"))
            self.query_one("#turns", Transcript).highlight(self.evidence[event.cursor_row].turn)

    def action_next_tab(self) -> None:
        active = self.query_one("#score-tabs", TabbedContent).active
        self.action_show_tab((self.TABS.index(active) + 1) % len(self.TABS))

    def action_show_tab(self, position: int) -> None:
        tabs = self.query_one("#score-tabs", TabbedContent)
        # Focus left inside the old pane would pull the tabs straight back to it.
        tabs.query_one(Tabs).focus()
        tabs.active = self.TABS[position % len(self.TABS)]
        pane = tabs.get_pane(tabs.active)
        focusable = pane.query("DataTable, Transcript, VerticalScroll").first()
        focusable.focus()

    def action_retry(self) -> None:
        if self.view.loaded is None:
            self.notify(self.t("scorecard.not_in_library"), severity="warning")
            return
        self.app.open_call(self.view.loaded, self.view.mode, replace=not self.view.read_only)

    def action_library(self) -> None:
        self.app.back_to_library()

    def action_history(self) -> None:
        if self.view.read_only:
            self.app.pop_screen()
        else:
            self.app.history_from_scorecard()

    def action_back(self) -> None:
        if self.view.read_only:
            self.app.pop_screen()
        else:
            self.app.back_to_library()
