"""A team library of thousands of scenario files: `list` with a cold and a warm index cache,
the app's start with a team folder, and the longest stall of the library screen's event loop,
each against the built-ins alone measured in the same run.

The stall is measured in a fresh headless app: once the library has painted, a task that
sleeps 2 ms at a time records the longest time between its wake-ups, while the checks after
the first paint run and finish, the folder watch ticks and the filter is typed in. "before"
puts back what the library did (every file checked again at every start, a scan of the whole
list per checked entry, the folder watch's scan on the event loop) to show what it cost.

    .venv/bin/python benchmarks/bench_library_scale.py [--runs 5] [--files 4000]
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_startup import TRAINER, make_team_folder, run_once  # noqa: E402

STALL = """
import asyncio, os, sys, time
from textual.widgets import DataTable, Input
from trainer.tui.app import TrainerApp
from trainer.tui.screens.library import LibraryScreen

if os.environ.get("BENCH_OLD"):
    def replace_one(self, entry):
        for entries in (self.entries, self.shown):
            for i, old in enumerate(entries):
                if old.key == entry.key:
                    entries[i] = entry

    def checks_done(self, checked):
        current = {e.key: e for e in self.entries}
        for entry in checked:
            if entry.key in current and not current[entry.key].checked:
                replace_one(self, entry)
        self.refresh_scores()

    def check_in_background(self):  # every file, every start
        from dataclasses import replace
        from trainer.tui.catalog import validated
        checked = [validated(replace(e, vetted=False)) for e in self.entries]
        import trainer.store
        self.app.call_from_thread(self._checks_done, checked)

    LibraryScreen._checks_done = checks_done
    LibraryScreen._check_in_background = check_in_background
    LibraryScreen._watch_tick = LibraryScreen.reload_changed

class Timed(TrainerApp):
    def on_mount(self):
        self.set_interval(0.005, self.check)
        self._watching = False

    def check(self):
        tables = self.screen.query("#scenarios")
        if not self._watching and tables and tables.first(DataTable).row_count:
            self._watching = True
            self.run_worker(self.watch(), group="bench")

    def type_filter(self, texts):
        # Typing as a person does, one change at a time, while the loop is watched.
        if isinstance(self.screen, LibraryScreen):
            self.screen.query_one("#filter", Input).value = texts[0]
        if texts[1:]:
            self.set_timer(0.1, lambda: self.type_filter(texts[1:]))
        else:
            self._typed = True

    async def watch(self):
        longest, last, start = 0.0, time.perf_counter(), time.perf_counter()
        self._typed = False
        self.set_timer(1.0, lambda: self.type_filter(["c", "co", "col", "cold", ""]))
        while True:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            longest = max(longest, now - last - 0.002)
            last = now
            checking = any(w.group == "library-checks" and not w.is_finished
                           for w in self.workers)
            if now - start > 3.5 and not checking and self._typed:
                break
        sys.stdout.write(f"STALL {longest * 1000:.1f} {now - start:.1f}\\n")
        sys.stdout.flush()
        self.exit()

folders = tuple(p for p in os.environ.get("BENCH_TEAM_DIR", "").split(os.pathsep) if p)
Timed(typing_delay=0, scenario_dirs=folders).run(headless=True, size=(120, 30))
"""


def _env(home: str, cache: str) -> dict[str, str]:
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config",
               XDG_DATA_HOME=f"{home}/data", XDG_CACHE_HOME=cache)
    env.pop("SALES_TRAINER_DB", None)
    env.pop("SALES_TRAINER_SCENARIOS", None)
    return env


def time_list(env: dict[str, str], folder: Path | None) -> float:
    args = [sys.executable, "-m", "trainer"]
    args += ["--scenarios", str(folder)] if folder else []
    start = time.perf_counter()
    subprocess.run([*args, "list"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def stall(env: dict[str, str], folder: Path | None, old: bool = False) -> tuple[float, float]:
    """(longest stall in ms, seconds watched) of one app start."""
    env = dict(env, BENCH_TEAM_DIR=str(folder or ""))
    if old:
        env["BENCH_OLD"] = "1"
    out = subprocess.run([sys.executable, "-c", STALL], env=env, check=True,
                         capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("STALL"))
    _, ms, seconds = line.split()
    return float(ms), float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=4000, help="the large team folder")
    parser.add_argument("--skip-cold-stall", action="store_true",
                        help="leave out the first starts (every file checked, a minute or more)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        config = Path(home, "config", "sales-trainer")
        config.mkdir(parents=True)
        (config / "config.toml").write_text('trainee = "Bench"\n', encoding="utf-8")
        sizes = {1000: Path(home, "k1"), args.files: Path(home, "big")}
        folders = {}
        for count, root in sizes.items():
            root.mkdir()
            folders[count] = make_team_folder(root, count)
        env = _env(home, f"{home}/cache")

        print("list (fresh process each)")
        time_list(env, None)
        cold = {n: time_list(env, f) for n, f in folders.items()}  # fills the cache
        alone = [time_list(env, None) for _ in range(args.runs)]
        warm = {n: [time_list(env, f) for _ in range(args.runs)] for n, f in folders.items()}
        alone_s = statistics.median(alone)
        print(f"  built-ins alone, warm        median {alone_s * 1000:7.0f} ms")
        for n in folders:
            w = statistics.median(warm[n])
            print(f"  {n:>5} team files, cold        {cold[n] * 1000:7.0f} ms  (no cache: "
                  f"what every run cost before)")
            print(f"  {n:>5} team files, warm      median {w * 1000:7.0f} ms  "
                  f"({w / alone_s:.2f}x built-ins alone; goal < 500 ms)")

        print("app start to the painted library (fresh process each)")
        team_env = dict(env, BENCH_TEAM_DIR=str(folders[1000]))
        run_once(TRAINER, env)
        run_once(TRAINER, team_env)  # fills the index cache for this folder
        base: list[float] = []
        team: list[float] = []
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            base.append(run_once(TRAINER, env))
            team.append(run_once(TRAINER, team_env))
        base_ms, team_ms = statistics.median(base) * 1000, statistics.median(team) * 1000
        print(f"  built-ins alone              median {base_ms:7.0f} ms")
        print(f"   1000 team files             median {team_ms:7.0f} ms  "
              f"({team_ms / base_ms:.2f}x; budget 1.50x)")

        print(f"longest stall of the library's event loop after the first paint, "
              f"{args.files} team files")
        big = folders[args.files]
        ms, _ = stall(env, None)
        print(f"  built-ins alone              {ms:7.1f} ms")
        if not args.skip_cold_stall:
            for old in (True, False):
                fresh = _env(home, tempfile.mkdtemp(dir=home))  # first start: checks all
                ms, seconds = stall(fresh, big, old=old)
                label = "before (old code)" if old else "now"
                print(f"  first start, {label:<24} {ms:7.1f} ms  (checks took {seconds:.0f} s)")
        stall(env, big)  # the first start checks every file and remembers the outcomes
        ms, seconds = stall(env, big, old=True)
        print(f"  next start, before (old code)  {ms:7.1f} ms  (checks took {seconds:.0f} s)")
        ms, seconds = stall(env, big)
        print(f"  next start, now              {ms:7.1f} ms  (goal < 50 ms; "
              f"watched {seconds:.1f} s)")


if __name__ == "__main__":
    main()
