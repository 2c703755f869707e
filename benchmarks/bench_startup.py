"""Time to the first painted library screen, against a bare Textual app, in the same run.

Each run is a fresh Python process (imports are most of the cost), headless at 80x24. The
child prints a marker once the screen is painted (for the trainer: the library table has its
rows, after a refresh); the time from spawning the process to reading the marker is measured.

    .venv-test/bin/python benchmarks/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKER = """
import sys

def painted(app):
    if not getattr(app, "_painted", False):
        app._painted = True
        sys.stdout.write("PAINTED\\n")
        sys.stdout.flush()
        app.exit()
"""

BARE = (
    MARKER
    + """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")

    def on_mount(self):
        self.set_interval(0.005, self.check)

    def check(self):
        if self.query(Static):
            self.call_after_refresh(painted, self)

Bare().run(headless=True, size=(80, 24))
"""
)

WIDGETS = (
    MARKER
    + """
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Static

class Same(App):
    BINDINGS = [Binding(k, "bell", k) for k in ("f2", "f3", "f4", "f8")]

    def compose(self):
        yield Static("top")
        yield Input(placeholder="filter")
        with Horizontal():
            yield DataTable()
            with VerticalScroll():
                yield Static("preview")
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        for c in ("Scenario", "Lang", "Level", "Best"):
            table.add_column(c)
        for i in range(16):  # the size of the built-in library
            table.add_row(f"Scenario {i}", "en", "**", "-")
        self.call_after_refresh(painted, self)

Same().run(headless=True, size=(80, 24))
"""
)

TRAINER = (
    MARKER
    + """
from textual.widgets import DataTable
from trainer.tui.app import TrainerApp

class Timed(TrainerApp):
    def on_mount(self):  # Textual runs TrainerApp.on_mount too (handlers run along the MRO)
        self.set_interval(0.005, self.check)

    def check(self):
        tables = self.screen.query("#scenarios")
        if tables and tables.first(DataTable).row_count:
            self.call_after_refresh(painted, self)

import os
folders = tuple(p for p in os.environ.get("BENCH_TEAM_DIR", "").split(os.pathsep) if p)
Timed(typing_delay=0, scenario_dirs=folders).run(headless=True, size=(80, 24))
"""
)


def make_team_folder(root: Path, count: int) -> Path:
    """`count` scenario files (copies of the built-ins under new ids), as a team might have."""
    from trainer.scenario.library import builtin_files

    folder = root / "team"
    folder.mkdir()
    sources = [f.read_text(encoding="utf-8") for f in builtin_files()]
    for n in range(count):
        text = sources[n % len(sources)]
        old_id = next(line for line in text.splitlines() if line.startswith("id: "))
        (folder / f"team-{n:04d}.yaml").write_text(
            text.replace(old_id, f"id: team-{n:04d}", 1), encoding="utf-8")
    return folder


def run_once(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    for line in child.stdout:
        if "PAINTED" in line:
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"child exited without painting (code {child.wait()})")
    child.stdout.read()
    if child.wait() != 0:
        raise SystemExit(f"child failed with code {child.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--team-files", type=int, default=1000,
                        help="Scenario files in a team folder for the last comparison.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(
            os.environ,
            HOME=home,
            XDG_CONFIG_HOME=f"{home}/config",
            XDG_DATA_HOME=f"{home}/data",
            XDG_CACHE_HOME=f"{home}/cache",
        )
        env.pop("SALES_TRAINER_DB", None)
        config = Path(home, "config", "sales-trainer")
        config.mkdir(parents=True)
        (config / "config.toml").write_text('trainee = "Bench"\n', encoding="utf-8")
        team_env = dict(env, BENCH_TEAM_DIR=str(make_team_folder(Path(home), args.team_files)))
        run_once(BARE, env)  # warm the file cache and bytecode for both sides
        run_once(TRAINER, env)
        run_once(TRAINER, team_env)  # the first start with the folder fills the index cache
        bare: list[float] = []
        same: list[float] = []
        trainer: list[float] = []
        team: list[float] = []
        for _ in range(args.runs):  # interleaved, so machine noise hits every side alike
            bare.append(run_once(BARE, env))
            same.append(run_once(WIDGETS, env))
            trainer.append(run_once(TRAINER, env))
            team.append(run_once(TRAINER, team_env))
    bare_ms = statistics.median(bare) * 1000
    same_ms = statistics.median(same) * 1000
    trainer_ms = statistics.median(trainer) * 1000
    print(f"runs per side              {args.runs}")
    print(f"bare Textual app (Static)  median {bare_ms:7.1f} ms  (min {min(bare) * 1000:.1f})")
    print(f"same widgets, no trainer   median {same_ms:7.1f} ms  (min {min(same) * 1000:.1f})")
    print(
        f"trainer library screen     median {trainer_ms:7.1f} ms  (min {min(trainer) * 1000:.1f})"
    )
    print(f"ratio vs bare app          {trainer_ms / bare_ms:.2f}x  (budget 1.30x)")
    print(f"ratio vs same widgets      {trainer_ms / same_ms:.2f}x  (the trainer's own cost)")
    team_ms = statistics.median(team) * 1000
    print(f"with {args.team_files} team files      median {team_ms:7.1f} ms  "
          f"(min {min(team) * 1000:.1f})")
    print(f"ratio vs built-ins alone   {team_ms / trainer_ms:.2f}x  (budget 1.50x)")


if __name__ == "__main__":
    main()
