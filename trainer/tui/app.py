"""The application shell: shared services (config, store, clock) and screen navigation."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from trainer.config import MODES, THEMES, Config, ConfigFile
from trainer.diagnostics import TrainerError
from trainer.i18n import Messages, messages, resolve_language
from trainer.tui.crash_guard import CrashGuard

if TYPE_CHECKING:
    from trainer.engine import Call
    from trainer.scenario.loader import LoadedScenario
    from trainer.store import Store
    from trainer.tui.catalog import Entry

# Set by `sales-trainer serve` for the app it runs in each browser tab.
SERVED_ENV = "SALES_TRAINER_SERVED"
DEFAULT_TYPING_DELAY = 0.035  # seconds per character the prospect "types", capped per line



class TrainerApp(CrashGuard, App[None]):
    """Every dependency can be injected so tests run without the user's files or real time."""

    TITLE = "Sales call trainer"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f8", "toggle_theme", "keys.theme", show=False),
        # Shown in every footer: a new hire should never have to guess how to leave.
        Binding("ctrl+q", "quit", "keys.quit", priority=True),
    ]

    def __init__(
        self,
        scenarios: list[LoadedScenario] | None = None,
        store: Store | None = None,
        *,
        db_url: str | None = None,
        config_dir: Path | None = None,
        typing_delay: float | None = None,
        seed: int | None = None,
        clock: Callable[[], float] | None = None,
        now: Callable[[], datetime] | None = None,
        start_with: LoadedScenario | None = None,
        entries: list[Entry] | None = None,
        start_variant: str | None = None,
        lang: str | None = None,
        scenario_dirs: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self._scenarios = scenarios
        self._entries = entries
        self._store = store
        self._store_opened = store is not None
        self.store_warning: str | None = None
        self.db_url = db_url
        self.config_file = ConfigFile.load(config_dir)
        if os.environ.get(SERVED_ENV) == "1":
            self.config_file = self.config_file.session_only()
        no_delay = os.environ.get("SALES_TRAINER_NO_DELAY") == "1"
        self.typing_delay = 0.0 if no_delay else (
            DEFAULT_TYPING_DELAY if typing_delay is None else max(0.0, typing_delay))
        self.seed = seed
        self.clock: Callable[[], float] = clock or time.monotonic
        self.now: Callable[[], datetime] = now or (lambda: datetime.now().astimezone())
        self.start_with = start_with
        self.lang_choice = lang  # --lang; else the config's language; else per scenario
        from trainer.scenario.sources import team_folders

        self.team = team_folders(scenario_dirs, self.config.scenario_dirs)
        # scenario id -> the prospect's temper the trainee chose; absent: the seed picks
        self.variant_choice: dict[str, str] = {}
        if start_with is not None and start_variant:
            self.variant_choice[start_with.scenario.id] = start_variant
        self.theme = self.config.theme

    # -- settings ---------------------------------------------------------------------------
    def messages(self, scenario_lang: str | None = None) -> Messages:
        """The catalogue for a screen: the trainee's chosen language, else the scenario's."""
        return messages(resolve_language(self.lang_choice or self.config.language, scenario_lang))

    @property
    def config(self) -> Config:
        return self.config_file.config

    def update_config(self, **changes: str | None) -> None:
        warning = self.config_file.save(self.config.with_changes(**changes))
        if warning:
            self.notify(warning, severity="warning", markup=False)

    @property
    def bound_trainee(self) -> str | None:
        """On a shared database with roles the server records each user under their database
        name; None where the trainee chooses their own."""
        if self._store is None:
            return None
        try:
            return self._store.bound_user or None
        except TrainerError:
            return None

    @property
    def trainee(self) -> str:
        return self.bound_trainee or self.config.trainee or "Trainee"

    @property
    def mode(self) -> str:
        return self.config.mode

    # -- services ---------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        from trainer.tui.catalog import builtin_entries, from_loaded

        if self._entries is None:
            self._entries = (
                from_loaded(self._scenarios) if self._scenarios is not None
                else builtin_entries(self.team.files())
            )
        return self._entries

    @property
    def store_ready(self) -> bool:
        """True once opening the store has been tried, so reading it costs no import."""
        return self._store_opened

    @property
    def store(self) -> Store | None:
        """The attempts store, opened on first use; None (with a warning) if it can't be."""
        if not self._store_opened:
            self._store_opened = True
            try:
                from trainer.store import open_store

                self._store = open_store(self.db_url)
            except (ImportError, TrainerError) as exc:  # practise unrecorded rather than crash
                self.store_warning = f"attempts are not being saved: {exc}"
                self._store = None
        return self._store

    def next_seed(self) -> int:
        return self.seed if self.seed is not None else random.randrange(2**31)

    # -- navigation -------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        from trainer.tui.screens.library import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        if self.config_file.warning:
            self.notify(self.config_file.warning, severity="warning", markup=False, timeout=8)
        if self.start_with is not None:
            self.call_after_refresh(self.open_call, self.start_with)

    def open_call(self, loaded: LoadedScenario, mode: str | None = None,
                  replace: bool = False) -> None:
        """Start a call; `replace` swaps it for the current screen (a retry from a scorecard)."""
        from trainer.tui.screens.call import CallScreen

        mode = mode or self.mode
        try:
            call, attempt_id = self.begin_call(loaded, mode)
        except TrainerError as exc:  # e.g. a scenario whose start node does not exist
            self.notify(self.messages(loaded.scenario.language)("call.cant_start", error=exc),
                        severity="error", markup=False)
            return
        screen = CallScreen(loaded, mode, call, attempt_id)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_history(self) -> None:
        from trainer.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def open_team(self) -> None:
        from trainer.tui.screens.team import TeamScreen

        if not isinstance(self.screen, TeamScreen):
            self.push_screen(TeamScreen())

    def back_to_library(self) -> None:
        from trainer.tui.screens.call import CallScreen
        from trainer.tui.screens.library import LibraryScreen

        if isinstance(self.screen, CallScreen) and not self.screen.done:
            self.screen.action_end_call()  # a call in progress is only left after asking
            return

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()
        if isinstance(self.screen, LibraryScreen):
            self.screen.refresh_scores()

    def history_from_scorecard(self) -> None:
        self.back_to_library()
        self.open_history()

    def begin_call(self, loaded: LoadedScenario, mode: str) -> tuple[Call, str | None]:
        """A new call, recorded in the store when one is open."""
        seed = self.next_seed()
        variant = self.variant_choice.get(loaded.scenario.id)
        store = self.store
        if store is not None:
            try:
                from trainer.session import start_recorded_call

                call, attempt_id = start_recorded_call(loaded, self.trainee, mode, store, seed=seed,
                                                       variant=variant)
            except TrainerError as exc:  # practise unrecorded rather than not at all
                self.notify(self.messages(loaded.scenario.language)("call.not_saved", error=exc),
                            severity="warning",
                            markup=False)
            else:
                from trainer.tui.guarded_recording import GuardedObserver

                call.observer = GuardedObserver(call.observer, self._recording_failed)
                return call, attempt_id
        from trainer.engine import Call

        return Call(loaded.scenario, trainee=self.trainee, seed=seed, variant=variant), None

    def _recording_failed(self, error: TrainerError) -> None:
        self.notify(self.messages()("call.saving_stopped", error=error),
                    severity="error", markup=False, timeout=10)

    def action_toggle_theme(self) -> None:
        theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self.theme = theme
        self.update_config(theme=theme)

    def watch_app_focus(self, focus: bool) -> None:
        # A screen opened while the app had no focus (a browser tab not yet clicked) never got
        # its first field focused, and Textual only restores the widget focused before the
        # blur, on the screen of that time: without this, the name prompt ignores typing.
        if focus and self.screen.focused is None:
            self.screen.focus_next()

    def toggle_mode(self) -> None:
        mode = MODES[1] if self.mode == MODES[0] else MODES[0]
        self.update_config(mode=mode)
        from trainer.tui.screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.show_mode()

    def change_name(self) -> None:
        from trainer.tui.screens.name_prompt import NamePrompt

        bound = self.bound_trainee
        if bound:
            # The server would refuse any other name: asking for one would only mislead.
            self.notify(self.messages()("name.bound", name=bound), markup=False)
            return

        def remember(name: str | None) -> None:
            if name:
                self.update_config(trainee=name)
                from trainer.tui.screens.library import LibraryScreen

                for screen in self.screen_stack:
                    if isinstance(screen, LibraryScreen):
                        screen.show_mode()
                        screen.refresh_scores()

        # Straight into a call (`play <id>`): asked in the language of that call.
        lang = self.start_with.scenario.language if self.start_with is not None else None
        self.push_screen(NamePrompt(self.config.trainee or "", lang), remember)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        t = getattr(screen, "t", None) or self.messages()
        for name, action in (("history", self.open_history), ("team", self.open_team),
                             ("mode", self.toggle_mode),
                             ("theme", self.action_toggle_theme), ("name", self.change_name),
                             ("library", self.back_to_library)):
            yield SystemCommand(t(f"palette.{name}.title"), t(f"palette.{name}.help"), action)
