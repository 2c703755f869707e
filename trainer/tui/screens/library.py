"""The first screen: pick a scenario, read how it is graded, choose coach or exam, start."""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from trainer.diagnostics import TrainerError
from trainer.i18n.labels import kind_words
from trainer.tui.catalog import (
    Entry,
    assigned_entries,
    checked_and_remembered,
    published_entries,
    validated,
)
from trainer.tui.keys import translate_app_keys, translate_keys
from trainer.tui.library_filter import Matcher
from trainer.tui.literal import literal
from trainer.tui.watch import WatchesFolders
from trainer.tui.widgets.footer import KeyFooter
from trainer.tui.widgets.preview import ScenarioPreview, stars

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp
    from trainer.tui.watch import FolderWatch

MAX_ROWS = 300  # rows in the table; the rest are reached by typing in the filter
WATCH_SECONDS = 1.0  # how soon a saved scenario file shows in the library
KIND_COLUMN = 13  # "follow up" plus padding
# Columns under which the preview goes under the list instead of beside it.
NARROW = 72
FIXED_COLUMNS = 6 + 7 + 6 + 3  # lang, level, best (with padding), title padding + scrollbar


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class LibraryScreen(WatchesFolders, Screen[None]):
    app: TrainerApp  # type: ignore[assignment]

    AUTO_FOCUS = "#filter"
    BINDINGS = [
        Binding("f2", "toggle_mode", "keys.coach_exam"),
        Binding("f3", "history", "keys.history"),
        Binding("f4", "change_name", "keys.name"),
        Binding("f6", "prospect", "keys.prospect"),
        Binding("f7", "team", "keys.team"),
        Binding("f8", "app.toggle_theme", "keys.theme"),
        Binding("down", "cursor(1)", "Next", show=False),
        Binding("up", "cursor(-1)", "Previous", show=False),
        Binding("slash", "focus_filter", "Filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        # The library has no scenario of its own: the trainee's language, else English.
        self.t = self.app.messages()
        translate_keys(self, self.t)
        self.shown: list[Entry] = []
        self.hidden = 0  # entries matching the filter beyond MAX_ROWS
        # scenario id -> replies not understood in recorded calls (None while counting)
        self.misses: dict[str, int | None] = {}
        self.best: dict[str, float] = {}
        # The trainee's open assignments, listed first (see catalog.assigned_entries).
        self.assigned: list[Entry] = []
        # Scenarios the team published to the database (see catalog.published_entries).
        self.published: list[Entry] = []
        self._wide = True
        self._title_width = 0
        self._applied_query = ""
        self._row_before_click: int | None = None
        self._watch: FolderWatch | None = None
        self._matching = Matcher()
        self._scanning = False  # a scan of the team folders is running in a thread
        self._scan_lock = threading.Lock()  # the timer's scan and a direct reload_changed

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        # No select-all on focus: a letter typed on the list moves here and must not be replaced
        # by the next one.
        yield Input(placeholder=self.t("library.filter"), id="filter",
                    select_on_focus=False)
        with Horizontal(id="library-body"):
            yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="preview-scroll"):
                yield ScenarioPreview(id="preview")
        yield KeyFooter()

    def on_key(self, event: events.Key) -> None:
        # Typing is filtering, wherever the focus is: a letter typed on the list goes to the
        # filter, never to a command ("equipment" must not quit the app or switch the mode).
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus or not event.is_printable or not event.character:
            return
        if event.character == "/":
            return  # the slash binding focuses the filter
        event.stop()
        event.prevent_default()
        filter_input.focus()
        filter_input.insert_text_at_cursor(event.character)

    def on_screen_resume(self) -> None:
        translate_app_keys(self, self.t)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.show_mode()
        self.fill()
        self.query_one("#filter", Input).focus()
        if self.app.config.trainee is None:
            self.call_after_refresh(self.app.change_name)
        for problem in self.app.team.problems:
            self.notify(problem, severity="warning", markup=False)
        if self.app.team.folders:
            self.set_interval(WATCH_SECONDS, self._watch_tick)
        # Validation and the store cost imports; they run after the first paint, in a thread
        # so typing in the filter stays responsive meanwhile.
        if all(e.checked or e.vetted for e in self.entries) and self.app.store_ready:
            self.refresh_scores()
        else:
            self.call_after_refresh(self.set_timer, 0.05, self._start_checks)

    def _start_checks(self) -> None:
        # What start-up built (the app, thousands of entries) lives as long as the app: the
        # garbage collector need not walk it again (a full collection holds the screen for
        # as long as it walks; about 40 % of the objects are these at 4,000 files).
        gc.freeze()
        # The scenario in view first, so its preview appears at once; the rest in a thread.
        current, again = self.current(), []
        if current is not None and not current.checked and not current.vetted:
            self._replace(validated(current))
            self.show_preview()
            # Checked here but not remembered: the thread checks it again and remembers it,
            # so the next start need not check it on the screen's thread.
            again = [current]
        self.run_worker(lambda: self._check_in_background(again), thread=True,
                        group="library-checks")

    def _replace(self, entry: Entry) -> None:
        self._replace_all({entry.key: entry})

    def _replace_all(self, fresh: dict[str, Entry]) -> None:
        """Swap in checked entries, in the full list and in the rows shown: one pass over each
        list, however many entries come back (a team folder can hold thousands)."""
        for entries in (self.entries, self.shown):
            for i, old in enumerate(entries):
                new = fresh.get(old.key)
                if new is not None:
                    entries[i] = new

    def _check_in_background(self, again: list[Entry]) -> None:
        # Files an earlier run checked clean, as they are now, are not checked again: they
        # are loaded when highlighted or started.
        todo = again + [e for e in self.entries if not e.checked and not e.vetted]
        checked = checked_and_remembered(todo)
        try:  # the import is the slow part; opening the store stays on the UI thread
            import trainer.store  # noqa: F401
        except ImportError:
            pass

        self.app.call_from_thread(self._checks_done, checked)

    def _checks_done(self, checked: list[Entry]) -> None:
        # A file reloaded since the check began is newer than what the check read.
        current = {e.key: e for e in self.entries}
        self._replace_all({e.key: e for e in checked
                           if e.key in current and not current[e.key].checked})
        self.refresh_scores()

    @property
    def entries(self) -> list[Entry]:
        return self.app.entries()

    def show_mode(self) -> None:
        mode, t = self.app.mode, self.t
        self.query_one("#topbar", Static).update(Text.assemble(
            (t("library.title"), "bold"), f"   {t('library.trainee')} ",
            literal(self.app.trainee, "bold"), f"   {t('library.mode')} ",
            (t(f"mode.{mode}").upper(), "bold magenta"), (" (F2)", "dim"),
            (f"   {t('library.enter_to_start')}", "dim"),
        ))
        self.show_preview()

    def refresh_scores(self) -> None:
        store = self.app.store
        if store is None and self.app.store_warning:
            self.notify(self.app.store_warning, severity="warning", markup=False)
            self.app.store_warning = None
        had_assignments = bool(self.assigned)
        try:
            self.best = dict(store.best_scores(self.app.trainee)) if store is not None else {}
            self.assigned = (assigned_entries(store, self.app.trainee)
                             if store is not None else [])
            self.published = published_entries(store) if store is not None else []
        except TrainerError as exc:  # a broken store must not block practising
            self.notify(self.t("library.cant_read_scores", error=exc), severity="warning",
                        markup=False)
            self.best = {}
        self.fill()
        if self.assigned and not had_assignments:  # what is due comes first, in view
            self.query_one("#scenarios", DataTable).move_cursor(row=0)
            self.show_preview()

    @property
    def wide(self) -> bool:
        return self._layout()[0]

    def _layout(self) -> tuple[bool, int]:
        """Whether the kind column fits, and the title width; the preview takes 40%, or sits
        under the list on a narrow terminal."""
        width = self.app.size.width
        table = width - 2 if width < NARROW else width - max(28, width * 4 // 10) - 1
        room = table - FIXED_COLUMNS
        wide = room - KIND_COLUMN >= 28
        return wide, max(12, min(44, room - (KIND_COLUMN if wide else 0)))

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        if self._layout() != (self._wide, self._title_width):
            self.fill()

    def fill(self) -> None:
        table = self.query_one("#scenarios", DataTable)
        query = self.query_one("#filter", Input).value
        current = self.current()
        shown = self._matching(self.published + self.entries, query)
        chosen = self.app.lang_choice or self.app.config.language
        if chosen:
            # A trainee who chose a language sees the calls in it first.
            shown.sort(key=lambda e: (e.info is None or e.info.language != chosen))
        # What the trainee was assigned comes before everything else, soonest due first.
        shown = self._matching(self.assigned, query) + shown
        # A team library can hold thousands of files: the table shows the first rows and says
        # how many more there are, so the screen opens as fast as the built-ins alone.
        self.hidden = max(0, len(shown) - MAX_ROWS)
        self.shown = shown[:MAX_ROWS]
        self._applied_query = query
        self._wide, self._title_width = self._layout()
        table.clear(columns=True)
        # On narrow terminals the kind moves to the preview so titles stay readable.
        t = self.t
        table.add_column(t("library.col_scenario"), key="title", width=self._title_width)
        if self._wide:
            table.add_column(t("library.col_kind"), key="kind")
        table.add_column(t("library.col_lang"), key="lang")
        table.add_column(t("library.col_level"), key="level")
        table.add_column(t("library.col_best"), key="best")
        for entry in self.shown:
            table.add_row(*self._cells(entry), key=entry.key)
        if self.hidden:
            more = Text(t("library.more", count=self.hidden), style="dim italic")
            table.add_row(*([more] + [Text("")] * (len(table.columns) - 1)), key="#more")
        if current in self.shown:
            table.move_cursor(row=self.shown.index(current))
        self.show_preview()

    def _cells(self, entry: Entry) -> list[Text]:
        width = self._title_width
        if entry.info is None or entry.error:
            name = entry.file.rsplit("/", 1)[-1]
            cells = [literal(_shorten(f"⚠ {name}", width), "red"), Text("error", "red"),
                     Text(""), Text(""), Text("")]
        else:
            s = entry.info
            best = self.best.get(s.id)
            cells = [
                self._title(entry, width),
                literal(kind_words(self.t, s.kind)),
                literal(s.language),
                Text(stars(s.difficulty), style="yellow"),
                Text(f"{best:.0f}" if best is not None else "–", justify="right"),
            ]
        return cells if self._wide else [cells[0], *cells[2:]]

    def _title(self, entry: Entry, width: int) -> Text:
        assert entry.info is not None
        if entry.folder is not None and entry.assigned is None:
            return Text.assemble(("▸ ", "green"), literal(_shorten(entry.info.title, width - 2)))
        if entry.origin is not None and entry.assigned is None:
            return Text.assemble(("◆ ", "cyan"), literal(_shorten(entry.info.title, width - 2)))
        if entry.assigned is None:
            return literal(_shorten(entry.info.title, width))
        due = self.t("library.due", date=entry.assigned.due.strftime("%d.%m"))
        return Text.assemble((due + " ", "bold yellow"),
                             literal(_shorten(entry.info.title, max(4, width - len(due) - 1))))

    def current(self) -> Entry | None:
        table = self.query_one("#scenarios", DataTable)
        if not self.shown or table.row_count == 0 or table.cursor_row >= len(self.shown):
            return None
        row = max(table.cursor_row, 0)
        return self.shown[row]

    def show_preview(self) -> None:
        entry = self.current()
        if entry is not None and not entry.checked:
            # Known good from an earlier run, or still waiting for the background check:
            # checking one file is quick, and only the one in view is checked here.
            entry = validated(entry)
            self._replace(entry)
        best = self.best.get(entry.info.id) if entry and entry.info else None
        variant = self.app.variant_choice.get(entry.info.id) if entry and entry.info else None
        preview = self.query_one("#preview", ScenarioPreview)
        preview.misses = self.misses.get(entry.info.id) if entry and entry.info else None
        preview.show(entry, self.app.mode, best, variant, self.t)
        self.refresh_bindings()
        if entry and entry.info and entry.info.id not in self.misses and self.app.store_ready:
            self.misses[entry.info.id] = None  # asked once per scenario while the screen lives
            self.run_worker(lambda: self._count_misses(entry.info.id), thread=True,
                            group="library-misses")

    def _count_misses(self, scenario_id: str) -> None:
        """How many recorded replies at this scenario the prospect did not understand: read in
        a thread, since it reads every trainee turn of the scenario."""
        store = self.app.store
        if store is None:
            return
        try:
            count = sum(1 for _ in store.iter_misses(scenario_id))
        except TrainerError:
            return
        self.app.call_from_thread(self._misses_counted, scenario_id, count)

    def _misses_counted(self, scenario_id: str, count: int) -> None:
        self.misses[scenario_id] = count
        entry = self.current()
        if entry and entry.info and entry.info.id == scenario_id and count:
            self.show_preview()

    def _variants(self) -> list[str]:
        entry = self.current()
        if entry is None or entry.loaded is None:
            return []
        return list(entry.loaded.scenario.variants)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "prospect":
            return bool(self._variants())  # only scenarios with tempers to choose from
        return True

    def action_prospect(self) -> None:
        """Cycle the prospect's temper for the highlighted scenario: any (by seed), then each."""
        entry, options = self.current(), self._variants()
        if entry is None or entry.info is None or not options:
            return
        choices: list[str | None] = [None, *options]
        now = self.app.variant_choice.get(entry.info.id)
        nxt = choices[(choices.index(now) + 1) % len(choices)]
        if nxt is None:
            self.app.variant_choice.pop(entry.info.id, None)
        else:
            self.app.variant_choice[entry.info.id] = nxt
        self.show_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.fill()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_preview()

    # Enter in the filter or on the table starts the call. Both arrive as messages after the
    # keys typed before them, so the filter is always applied first.
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.action_start()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._row_before_click = self.query_one("#scenarios", DataTable).cursor_row

    def on_click(self, event: events.Click) -> None:
        # The click bubbles here after the table's RowSelected: forget the row it started on.
        self._row_before_click = None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # A click on another row only previews it; a click on the row in view starts it.
        before, self._row_before_click = self._row_before_click, None
        if before is None or before == event.cursor_row:
            self.action_start()

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#scenarios", DataTable)
        if table.row_count:
            table.move_cursor(row=min(max(table.cursor_row + step, 0), table.row_count - 1))

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_start(self) -> None:
        if self.query_one("#filter", Input).value != self._applied_query:
            self.fill()  # Enter typed right after the filter text, before its Changed event
        entry = self.current()
        if entry is not None and not entry.checked:
            entry = validated(entry)
            self._replace(entry)
        if entry is None:
            self.notify(self.t("library.no_selection"), severity="warning")
        elif entry.loaded is None:
            self.notify(self.t("library.cant_play", error=entry.error), severity="error",
                        markup=False)
        else:
            self.app.open_call(entry.loaded)

    def action_toggle_mode(self) -> None:
        self.app.toggle_mode()

    def action_history(self) -> None:
        self.app.open_history()

    def action_team(self) -> None:
        self.app.open_team()

    def action_change_name(self) -> None:
        self.app.change_name()
