"""Every recorded attempt, for trainees and team leads: filter, sort, open, see the trend.

The store filters, sorts and counts in SQL and the table holds one page of PAGE rows, so the
screen opens and filters as fast with a hundred thousand attempts as with ten: PageDown and
PageUp (or the arrows past the last or first row) move between pages.
"""

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
PAGE = 200  # rows in the table at once
SPARK = 120  # latest scores the sparkline draws
CACHED = 256  # trainees whose scores are kept while the screen is open


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
        Binding("pagedown", "page(1)", "keys.next_page", priority=True),
        Binding("pageup", "page(-1)", "keys.previous_page", priority=True),
        Binding("down", "cursor(1)", "Next", show=False),
        Binding("up", "cursor(-1)", "Previous", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.t = self.app.messages()
        translate_keys(self, self.t)
        self.shown: list[Any] = []  # the page in the table
        self.matching = 0  # attempts matching the filter, counted by the store
        self.page_start = 0  # of the page's first row
        self.sort_column = "date"
        self.reverse = True
        self.narrow = False
        self._row_before_click: int | None = None
        self._applied_query = ""
        self._counted: str | None = None  # the filter self.matching was counted for
        self._scores: dict[str, Any] = {}

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
        if self.app.store is None:
            self.notify(self.t("history.no_store"), severity="warning")
        self.fill()
        self.query_one("#history-filter", Input).focus()

    def fill(self, offset: int = 0, cursor: int = 0) -> None:
        """Reads the page at `offset` for the filter and sort as they are, and shows it."""
        self._applied_query = self.query_one("#history-filter", Input).value
        self.page_start = offset
        self.shown = self._read_page()
        self.narrow = self.app.size.width < NARROW
        table = self.query_one("#attempts", DataTable)
        table.clear(columns=True)
        for key in COLUMNS:
            width = (12 if self.narrow else SCENARIO_WIDTH) if key == "scenario" else None
            table.add_column(self.t(f"history.col.{key}"), key=key, width=width)
        for attempt in self.shown:
            table.add_row(*self._cells(attempt), key=attempt.id)
        for key in COLUMNS:
            arrow = (" ▼" if self.reverse else " ▲") if key == self.sort_column else ""
            table.columns[key].label = Text(self.t(f"history.col.{key}") + arrow)  # type: ignore[index]
        if self.shown:
            table.move_cursor(row=min(max(cursor, 0), len(self.shown) - 1))
        table.refresh()
        self._show_range()
        self.refresh_bindings()
        self.show_trend()

    def _read_page(self) -> list[Any]:
        store = self.app.store
        if store is None:
            self.matching = 0
            return []
        from trainer.store.listing import Listing

        chosen = Listing(words=tuple(self._applied_query.split()), sort=self.sort_column,
                         descending=self.reverse)
        try:
            page = [listed.summary for listed in store.page(chosen, self.page_start, PAGE)]
            if self._counted != self._applied_query:  # sorting and paging keep the count
                # A first page that is not full holds them all (and the damaged ones it
                # skipped): no second pass over the table to count them.
                short = self.page_start == 0 and len(page) < PAGE
                self.matching = len(page) + store.skipped_count if short else store.count(chosen)
                self._counted = self._applied_query
            return page
        except TrainerError as exc:  # show the problem, keep the app alive
            self.notify(self.t("history.cant_read", error=exc), severity="error", markup=False)
            self.matching, self._counted = 0, None
            return []

    def _show_range(self) -> None:
        title = Text(self.t("history.title"), "bold")
        if self.matching > PAGE:
            last = min(self.page_start + len(self.shown), self.matching)
            title.append("   " + self.t("history.range", first=self.t.number(self.page_start + 1),
                                        last=self.t.number(last),
                                        total=self.t.number(self.matching)), "dim")
        elif self.matching:
            title.append("   " + self.t.plural("history.count", self.matching), "dim")
        self.query_one("#topbar", Static).update(title)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The page keys are shown only when there is more than one page.
        if action == "page":
            return self.matching > PAGE
        return True

    def action_page(self, step: int) -> None:
        offset = self.page_start + step * PAGE
        if 0 <= offset < self.matching:
            self.fill(offset)

    def on_resize(self) -> None:
        if self.is_mounted and self.narrow != (self.app.size.width < NARROW):
            self.fill(self.page_start, self.query_one("#attempts", DataTable).cursor_row)

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
        scores = self._scores_of(attempt.trainee)
        totals = scores.recent if scores is not None else []
        text = Text.assemble(self.t("history.trend"), literal(attempt.trainee, "bold",
                                                              single_line=True))
        if scores is not None and totals:
            from trainer.store.report import trend

            change = trend(totals)  # the one definition, shared with `report` and `show`
            first = scores.first if scores.first is not None else totals[0]
            text.append(self.t("history.scored", count=scores.count, first=f"{first:.0f}",
                               last=f"{totals[-1]:.0f}",
                               trend="–" if change is None else f"{change:+.1f}"))
        label.update(text)
        spark.data = totals

    def _scores_of(self, trainee: str) -> Any:
        """The trainee's scores from the store (count, first, latest SPARK), kept while the
        screen is open: moving the cursor through one trainee's rows asks once."""
        if trainee not in self._scores:
            store = self.app.store
            if store is None:
                return None
            try:
                found = store.scores(trainee, SPARK)
            except TrainerError as exc:
                self.notify(self.t("history.cant_read", error=exc), severity="error",
                            markup=False)
                return None
            if len(self._scores) >= CACHED:
                self._scores.clear()
            self._scores[trainee] = found
        return self._scores[trainee]

    # -- events and keys --------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        # A change already overtaken by later typing is skipped: only the latest is read.
        if event.input.id == "history-filter" and event.value == event.input.value:
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
        if not table.row_count:
            return
        row = table.cursor_row + step
        if row >= table.row_count and self.page_start + PAGE < self.matching:
            self.fill(self.page_start + PAGE)  # on to the next page's first row
        elif row < 0 and self.page_start > 0:
            self.fill(self.page_start - PAGE, PAGE - 1)  # back to the previous page's last row
        else:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

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
