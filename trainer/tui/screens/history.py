"""Every recorded attempt, for trainees and team leads: filter, sort, open, see the trend."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Sparkline, Static

from trainer.diagnostics import TrainerError
from trainer.tui.keys import translate_app_keys, translate_keys
from trainer.tui.literal import literal
from trainer.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

COLUMNS = ("date", "trainee", "scenario", "mode", "score", "outcome", "pass")
SCENARIO_WIDTH = 26
NARROW = 100


def when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def date_text(value: Any, short: bool = False, lang: str = "en") -> str:
    moment = when(value)
    if moment is None:
        return "?"
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    if lang == "nb":  # 30.11.2026 14.30, as Norwegians write it
        return moment.strftime("%d.%m.%y %H.%M" if short else "%d.%m.%Y %H.%M")
    return moment.strftime("%y-%m-%d %H:%M" if short else "%Y-%m-%d %H:%M")


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def sort_key(attempt: Any, column: str) -> Any:
    moment = when(attempt.started_at)
    keys: dict[str, Any] = {
        "date": moment.timestamp() if moment else 0.0,
        "trainee": attempt.trainee.casefold(),
        "scenario": (attempt.title or attempt.scenario_id).casefold(),
        "mode": attempt.mode,
        "score": attempt.total if attempt.total is not None else -1.0,
        "outcome": attempt.outcome or "",
        "pass": {True: 2, False: 1}.get(attempt.passed, 0),
    }
    return keys[column]


def haystack(attempt: Any) -> str:
    return " ".join(str(x) for x in (
        attempt.trainee, attempt.title, attempt.scenario_id, attempt.mode, attempt.outcome or
        "unfinished", attempt.result or "", "pass" if attempt.passed else "fail",
        date_text(attempt.started_at),
    )).casefold()


def played_scenario(source_text: str | None) -> Any:
    """The scenario exactly as it was played, from the copy the store keeps with the attempt."""
    if not source_text:
        return None
    from trainer.scenario.loader import load_text

    try:
        return load_text(source_text, "<stored scenario>")
    except TrainerError:
        return None


class HistoryScreen(Screen[None]):
    app: TrainerApp  # type: ignore[assignment]

    AUTO_FOCUS = "#history-filter"
    BINDINGS = [
        Binding("f5", "sort", "keys.sort"),
        Binding("f6", "reverse", "keys.reverse"),
        Binding("escape", "back", "keys.library"),
        Binding("down", "cursor(1)", "Next", show=False),
        Binding("up", "cursor(-1)", "Previous", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.t = self.app.messages()
        translate_keys(self, self.t)
        self.all: list[Any] = []
        self.shown: list[Any] = []
        self.sort_column = "date"
        self.reverse = True
        self.narrow = False
        self._row_before_click: int | None = None
        self._applied_query = ""

    def compose(self) -> ComposeResult:
        yield Static(Text(self.t("history.title"), "bold"), id="topbar")
        yield Input(placeholder=self.t("history.filter"), id="history-filter")
        yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="trend"):
            yield Static(id="trend-label")
            yield Sparkline([], id="sparkline")
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        translate_app_keys(self, self.t)

    def on_mount(self) -> None:
        store = self.app.store
        if store is None:
            self.notify(self.t("history.no_store"), severity="warning")
        else:
            try:
                self.all = list(store.attempts())
            except TrainerError as exc:  # show the problem, keep the app alive
                self.notify(self.t("history.cant_read", error=exc), severity="error",
                            markup=False)
        self.fill()
        self.query_one("#history-filter", Input).focus()

    def fill(self) -> None:
        table = self.query_one("#attempts", DataTable)
        self._applied_query = self.query_one("#history-filter", Input).value
        query = self._applied_query.casefold().split()
        rows = [a for a in self.all if all(w in haystack(a) for w in query)]
        self.shown = sorted(rows, key=lambda a: sort_key(a, self.sort_column),
                            reverse=self.reverse)
        self.narrow = self.app.size.width < NARROW
        table.clear(columns=True)
        for key in COLUMNS:
            width = (12 if self.narrow else SCENARIO_WIDTH) if key == "scenario" else None
            table.add_column(self.t(f"history.col.{key}"), key=key, width=width)
        for attempt in self.shown:
            table.add_row(*self._cells(attempt), key=attempt.id)
        for key in COLUMNS:
            arrow = (" ▼" if self.reverse else " ▲") if key == self.sort_column else ""
            table.columns[key].label = Text(self.t(f"history.col.{key}") + arrow)  # type: ignore[index]
        table.refresh()
        self.show_trend()

    def on_resize(self) -> None:
        if self.is_mounted and self.narrow != (self.app.size.width < NARROW):
            self.fill()

    def _cells(self, a: Any) -> list[Text]:
        narrow = self.narrow
        title = _cut(a.title or a.scenario_id, 12 if narrow else SCENARIO_WIDTH)
        if a.total is None:
            score, outcome = Text("–", justify="right"), Text(self.t("history.unfinished"), "dim")
            passed = Text("")
        else:
            score = Text(f"{a.total:.0f}", justify="right")
            # The result in the trainee's words; the author's outcome id stays searchable.
            key = f"scorecard.result.{a.result}"
            said = self.t(key) if self.t.has(key) else (a.outcome or "").replace("_", " ")
            outcome = literal(_cut(said, 12 if narrow else 20),
                              {"win": "green", "loss": "red"}.get(a.result or "", "yellow"))
            passed = (Text(self.t("scorecard.pass"), "bold green") if a.passed
                      else Text(self.t("scorecard.fail"), "bold red"))
        mode = self.t(f"mode.{a.mode}") if self.t.has(f"mode.{a.mode}") else a.mode
        return [Text(date_text(a.started_at, narrow, self.t.lang)),
                literal(_cut(a.trainee, 12 if narrow else 24), single_line=True),
                literal(title), Text(mode), score, outcome, passed]

    def current(self) -> Any | None:
        table = self.query_one("#attempts", DataTable)
        if not self.shown or table.row_count == 0:
            return None
        return self.shown[min(max(table.cursor_row, 0), len(self.shown) - 1)]

    def show_trend(self) -> None:
        attempt = self.current()
        label = self.query_one("#trend-label", Static)
        spark = self.query_one("#sparkline", Sparkline)
        if attempt is None:
            label.update(Text(self.t("history.none"), "dim"))
            spark.data = []
            return
        mine = sorted((a for a in self.all if a.trainee == attempt.trainee and a.total is not None),
                      key=lambda a: sort_key(a, "date"))
        totals = [float(a.total) for a in mine]
        text = Text.assemble(self.t("history.trend"), literal(attempt.trainee, "bold",
                                                              single_line=True))
        if totals:
            from trainer.store.report import trend

            change = trend(totals)  # the one definition, shared with `report` and `show`
            text.append(self.t("history.scored", count=len(totals), first=f"{totals[0]:.0f}",
                               last=f"{totals[-1]:.0f}",
                               trend="–" if change is None else f"{change:+.1f}"))
        label.update(text)
        spark.data = totals

    # -- events and keys --------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "history-filter":
            self.fill()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_trend()

    # Enter in the filter or on the table opens the attempt; a click on another row only
    # selects it (the same rule as the library).
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "history-filter":
            self.action_open()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._row_before_click = self.query_one("#attempts", DataTable).cursor_row

    def on_click(self, event: events.Click) -> None:
        # The click bubbles here after the table's RowSelected: forget the row it started on.
        self._row_before_click = None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        before, self._row_before_click = self._row_before_click, None
        if before is None or before == event.cursor_row:
            self.action_open()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.reverse = not self.reverse
        else:
            self.sort_column, self.reverse = column, column in ("date", "score")
        self.fill()

    def action_sort(self) -> None:
        keys = list(COLUMNS)
        self.sort_by(keys[(keys.index(self.sort_column) + 1) % len(keys)])

    def action_reverse(self) -> None:
        self.sort_by(self.sort_column)

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#attempts", DataTable)
        if table.row_count:
            table.move_cursor(row=min(max(table.cursor_row + step, 0), table.row_count - 1))

    def action_open(self) -> None:
        if self.query_one("#history-filter", Input).value != self._applied_query:
            self.fill()
        attempt, store = self.current(), self.app.store
        if attempt is None or store is None:
            return
        from trainer.tui.screens.scorecard import ScorecardScreen
        from trainer.tui.screens.scorecard_view import ScorecardView

        try:
            detail = store.attempt(attempt.id)
        except TrainerError as exc:  # a damaged row must not close the app
            self.notify(self.t("history.cant_open", error=exc), severity="error", markup=False)
            return
        loaded = played_scenario(detail.source_text) or self._library_scenario(attempt.scenario_id)
        self.app.push_screen(ScorecardScreen(ScorecardView.from_stored(detail, loaded)))

    def _library_scenario(self, scenario_id: str) -> Any:
        from trainer.tui.catalog import validated

        return next((validated(e).loaded for e in self.app.entries()
                     if e.info and e.info.id == scenario_id), None)

    def action_back(self) -> None:
        self.app.pop_screen()
