"""The lead's view: trainees × assignments with status and best score, the criterion that holds
each trainee back, and (Enter on a cell) that trainee's attempts at that scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from trainer.diagnostics import TrainerError
from trainer.i18n.labels import criterion
from trainer.tui.keys import translate_app_keys, translate_keys
from trainer.tui.literal import literal
from trainer.tui.screens.history import date_text, played_scenario
from trainer.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from trainer.store.teams import Standing
    from trainer.tui.app import TrainerApp

STYLES = {"certified": "bold green", "failed exam": "bold red", "overdue": "bold red",
          "practising": "yellow", "not started": "dim"}
HEAD_WIDTH = 18


class TeamScreen(Screen[None]):
    app: TrainerApp  # type: ignore[assignment]

    AUTO_FOCUS = "#team-grid"
    BINDINGS = [Binding("escape", "back", "keys.library")]

    def __init__(self) -> None:
        super().__init__()
        self.t = self.app.messages()
        translate_keys(self, self.t)
        self.standings: list[Standing] = []
        self.trainees: list[str] = []
        self.columns: list[Any] = []  # the assignments, in column order

    def compose(self) -> ComposeResult:
        yield Static(id="team-title")
        yield DataTable(id="team-grid", cursor_type="cell", zebra_stripes=True)
        yield Static(id="team-hint")
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        translate_app_keys(self, self.t)

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        store, t = self.app.store, self.t
        title = self.query_one("#team-title", Static)
        if store is None:
            title.update(literal(t("history.no_store"), "bold"))
            return
        try:
            self.standings = store.standings()
            weakest = store.weakest_criteria(sorted({s.trainee for s in self.standings}))
        except TrainerError as exc:
            title.update(literal(t("team.cant_read", error=exc)))
            return
        self.trainees = sorted({s.trainee for s in self.standings}, key=str.casefold)
        self.columns = list({s.assignment.id: s.assignment for s in self.standings}.values())
        title.update(Text.assemble((t("team.title"), "bold"), "   ", (t(
            "team.counts", trainees=len(self.trainees), assignments=len(self.columns)), "dim")))
        self._fill(weakest)

    def _fill(self, weakest: dict[str, tuple[str, float]]) -> None:
        t = self.t
        grid = self.query_one("#team-grid", DataTable)
        grid.clear(columns=True)
        grid.header_height = 2  # each assignment's title over its due date
        hint = self.query_one("#team-hint", Static)
        if not self.columns:
            hint.update(literal(t("team.empty")))
            return
        hint.update(Text(t("team.hint"), style="dim"))
        grid.add_column(t("team.col_trainee"), key="trainee")
        for a in self.columns:
            head = f"{_cut(a.title, HEAD_WIDTH)}\n{t('library.due', date=a.due.isoformat())}"
            grid.add_column(Text(head), key=a.id)
        grid.add_column(t("team.col_weakest"), key="weakest")
        cells = {(s.trainee, s.assignment.id): s for s in self.standings}
        for name in self.trainees:
            row: list[Text] = [literal(name, "bold")]
            for a in self.columns:
                standing = cells.get((name, a.id))
                row.append(self._cell(standing))
            weak = weakest.get(name)
            row.append(Text.assemble(criterion(t, weak[0]), f" {weak[1]:.0f}")
                       if weak else Text("–", style="dim"))
            grid.add_row(*row, key=name, height=None)

    def _cell(self, standing: Standing | None) -> Text:
        if standing is None:
            return Text("")
        words = self.t(f"status.{standing.status.replace(' ', '_')}")
        best = f" {standing.best:.0f}" if standing.best is not None else ""
        return Text(words + best, style=STYLES.get(standing.status, ""))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        column = event.coordinate.column - 1
        row = event.coordinate.row
        if not 0 <= column < len(self.columns) or not 0 <= row < len(self.trainees):
            return
        self.app.push_screen(TeamAttemptsScreen(self.trainees[row], self.columns[column]))

    def action_back(self) -> None:
        self.app.pop_screen()


class TeamAttemptsScreen(Screen[None]):
    """One trainee's attempts at one assigned scenario, newest first; Enter opens one."""

    app: TrainerApp  # type: ignore[assignment]

    AUTO_FOCUS = "#team-attempts"
    BINDINGS = [Binding("escape", "back", "keys.back")]
    LIMIT = 200

    def __init__(self, trainee: str, assignment: Any) -> None:
        super().__init__()
        self.t = self.app.messages()
        translate_keys(self, self.t)
        self.trainee = trainee
        self.assignment = assignment
        self.found: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static(id="team-attempts-title")
        yield DataTable(id="team-attempts", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        t, a = self.t, self.assignment
        self.query_one("#team-attempts-title", Static).update(Text.assemble(
            literal(self.trainee, "bold"), " · ", literal(a.title), " ",
            (t("team.version", version=a.scenario_version), "dim")))
        table = self.query_one("#team-attempts", DataTable)
        for key in ("date", "mode", "score", "outcome", "pass"):
            table.add_column(t(f"history.col.{key}"), key=key)
        store = self.app.store
        if store is None:
            return
        try:
            self.found = store.attempts(trainee=self.trainee, scenario=a.scenario_id,
                                        limit=self.LIMIT)
        except TrainerError as exc:
            self.notify(t("history.cant_read", error=exc), severity="error", markup=False)
            return
        lang = t.lang
        for s in self.found:
            score = Text(f"{s.total:.0f}" if s.total is not None else "–", justify="right")
            passed = "✓" if s.passed else ("✗" if s.passed is False else "")
            table.add_row(date_text(s.started_at, lang=lang), t(f"mode.{s.mode}"), score,
                          literal(s.outcome or t("history.unfinished")), passed, key=s.id)
        if not self.found:
            self.notify(t("history.none"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        store = self.app.store
        if store is None or not 0 <= event.cursor_row < len(self.found):
            return
        from trainer.tui.screens.scorecard import ScorecardScreen
        from trainer.tui.screens.scorecard_view import ScorecardView

        try:
            detail = store.attempt(self.found[event.cursor_row].id)
        except TrainerError as exc:
            self.notify(self.t("history.cant_open", error=exc), severity="error", markup=False)
            return
        loaded = played_scenario(detail.source_text)
        self.app.push_screen(ScorecardScreen(ScorecardView.from_stored(detail, loaded)))

    def action_back(self) -> None:
        self.app.pop_screen()


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
