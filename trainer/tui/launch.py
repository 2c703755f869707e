"""Entry points the command line calls; Textual is imported only from here on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.scenario.loader import LoadedScenario


def run_library(db_url: str | None) -> None:
    from trainer.tui.app import TrainerApp

    TrainerApp(db_url=db_url).run()


def run_call(loaded: LoadedScenario, db_url: str | None) -> None:
    """Open a call on `loaded` straight away; leaving it lands in the library."""
    from trainer.tui.app import TrainerApp

    TrainerApp(db_url=db_url, start_with=loaded).run()
