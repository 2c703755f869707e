"""Entry points the command line calls; Textual is imported only from here on."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.scenario.loader import LoadedScenario
    from trainer.tui.app import TrainerApp


def run_library(db_url: str | None, lang: str | None = None,
                scenario_dirs: tuple[str, ...] = ()) -> None:
    from trainer.tui.app import TrainerApp

    _run(TrainerApp(db_url=db_url, lang=lang, scenario_dirs=scenario_dirs))


def run_call(loaded: LoadedScenario, db_url: str | None, variant: str | None = None,
             lang: str | None = None) -> None:
    """Open a call on `loaded` straight away; leaving it lands in the library."""
    from trainer.tui.app import TrainerApp

    _run(TrainerApp(db_url=db_url, start_with=loaded, start_variant=variant, lang=lang))


def _run(app: TrainerApp) -> None:
    """Run the app; a crash ends the process with status 1 (its message is already shown)."""
    from trainer.tui.crash_guard import tolerate_undecodable_input

    tolerate_undecodable_input()
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
