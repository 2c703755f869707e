"""The lead's team view at scale: 100,000 attempts from 200 trainees in one team with five
assignments; times the view's data (standings and weakest criteria) and the screen opening
headless, against a bare SQL GROUP BY over the same attempts, in the same run.

    .venv-test/bin/python benchmarks/bench_team.py [--attempts 100000]
    SALES_TRAINER_BENCH_PG=postgresql+psycopg://... runs it on that (empty) database instead.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_scale  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--trainees", type=int, default=200)
    args = parser.parse_args()
    from trainer.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        templates = bench_scale._recorded_calls(folder)
        db = os.environ.get("SALES_TRAINER_BENCH_PG") or str(folder / "team.db")
        filled = bench_scale.fill(db, args.attempts, args.trainees, templates)
        with open_store(db) as store:
            store.add_team("Everyone", [f"Trainee {n:03d}" for n in range(args.trainees)])
            for source in templates["sources"]:
                store.assign(scenario_id=f"s-{source['hash'][:8]}", scenario_version=1,
                             scenario_hash=source["hash"], title="Assigned", by="lead",
                             source_text=source["text"], due=date(2030, 1, 1), mode="exam",
                             pass_mark=65, team="Everyone")
        import sqlalchemy as sa

        engine = sa.create_engine(db if "://" in db else f"sqlite:///{db}")
        with engine.connect() as conn:
            bare_start = time.perf_counter()
            conn.exec_driver_sql(
                "SELECT trainee, scenario_hash, max(total), count(*) FROM attempts "
                "WHERE ended_at IS NOT NULL GROUP BY trainee, scenario_hash").fetchall()
            conn.exec_driver_sql(
                "SELECT trainee, avg(needs_discovery), avg(politeness), "
                "avg(objection_handling), avg(closing) FROM attempts GROUP BY trainee").fetchall()
            bare = time.perf_counter() - bare_start
        engine.dispose()
        tracemalloc.start()
        start = time.perf_counter()
        with open_store(db) as store:
            standings = store.standings()
            store.weakest_criteria(sorted({s.trainee for s in standings}))
        data = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        screen = asyncio.run(_open_screen(db, folder))
    print(f"{engine.dialect.name}: {args.attempts:,} attempts, {args.trainees} trainees, 1 team, "
          f"{len(templates['sources'])} assignments (filled in {filled:.1f} s)")
    print(f"bare SQL GROUP BY (standings + criteria)  {bare:6.3f} s")
    print(f"standings + weakest criteria (store)      {data:6.3f} s  "
          f"({data / bare:.2f}x bare, peak +{peak:.1f} MiB)")
    print(f"team screen open, headless                {screen:6.3f} s  (goal < 1 s)")


async def _open_screen(db: str, folder: Path) -> float:
    from trainer.config import Config, ConfigFile
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.team import TeamScreen

    ConfigFile.load(folder / "cfg").save(Config(trainee="Lead"))
    app = TrainerApp(db_url=db, config_dir=folder / "cfg", typing_delay=0)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.store  # noqa: B018 - opened before the clock starts, as the library has done
        start = time.perf_counter()
        app.open_team()
        while not (isinstance(app.screen, TeamScreen) and app.screen.trainees):
            await pilot.pause(0.01)
        return time.perf_counter() - start


if __name__ == "__main__":
    main()
