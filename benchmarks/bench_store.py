"""Attempts store speed on SQLite, against bare sqlite3 doing the same work, in the same run.

- a turn write (its own committed transaction, as during a call) vs a bare sqlite3
  INSERT + COMMIT on a WAL file with the same durability;
- opening an existing database (checks and migration lookup) vs a bare sqlite3 connect + query;
- listing and reporting 2,000 attempts.

    .venv-test/bin/python benchmarks/bench_store.py [--turns 300] [--attempts 2000]
    SALES_TRAINER_BENCH_PG=postgresql+psycopg://... adds the same turn writes on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from trainer.store import AttemptDetail, AttemptSummary, open_store
from trainer.store.report import build


def _per_call(fn: object, n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        fn(i)  # type: ignore[operator]
    return (time.perf_counter() - start) / n


def bench_turns(url: str, n: int) -> float:
    with open_store(url) as store:
        attempt_id = store.start_attempt("Sam", "bench", 1, "0" * 64, "Bench", "en", "coach")
        return _per_call(
            lambda i: store.add_turn(
                attempt_id,
                i,
                "trainee",
                f"reply number {i}",
                "n",
                {"hint_used": False, "revealed": []},
            ),
            n,
        )


def bench_bare_turns(path: Path, n: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (a TEXT, seq INTEGER, idx INTEGER, s TEXT, x TEXT, meta TEXT)")

    def write(i: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES ('a', ?, ?, 'trainee', ?, '{}')", (i, i, f"r {i}"))
        conn.execute("COMMIT")

    try:
        return _per_call(write, n)
    finally:
        conn.close()


def bench_open(path: Path, runs: int) -> tuple[float, float]:
    def ours(_: int) -> None:
        open_store(str(path)).close()

    def bare(_: int) -> None:
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    return _per_call(ours, runs), _per_call(bare, runs)


def bench_report(path: Path, count: int) -> tuple[float, float]:
    from datetime import UTC, datetime, timedelta

    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    details = [
        AttemptDetail(
            AttemptSummary(
                id=f"a{i:06d}",
                trainee=f"trainee-{i % 25}",
                scenario_id=f"s-{i % 12}",
                scenario_version=1,
                title="T",
                language="en",
                mode="coach",
                started_at=t0 + timedelta(minutes=i),
                ended_at=t0 + timedelta(minutes=i + 1),
                outcome="x",
                result="win",
                total=float(i % 100),
                passed=i % 100 >= 70,
                criteria={"politeness": float(i % 90)},
                scenario_hash="0" * 64,
            ),
            [],
            {"total": float(i % 100)},
        )
        for i in range(count)
    ]
    with open_store(str(path)) as store:
        store.import_details(details)
        start = time.perf_counter()
        summaries = store.attempts()
        listed = time.perf_counter() - start
        start = time.perf_counter()
        for by in ("trainee", "scenario", "criterion"):
            build(summaries, by)  # type: ignore[arg-type]
        grouped = time.perf_counter() - start
    return listed, grouped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--attempts", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # Interleaved rounds: fsync time on a shared disk drifts, and both sides should see it.
        ours_runs, bare_runs = [], []
        for k in range(5):
            ours_runs.append(bench_turns(str(root / f"s{k}.db"), args.turns))
            bare_runs.append(bench_bare_turns(root / f"b{k}.db", args.turns))
        ours, bare = statistics.median(ours_runs), statistics.median(bare_runs)
        print(
            f"turn write   store {ours * 1e3:7.3f} ms   bare sqlite3 {bare * 1e3:7.3f} ms"
            f"   ratio {ours / bare:5.2f}"
        )
        opened, bare_open = bench_open(root / "s0.db", 30)
        print(
            f"open         store {opened * 1e3:7.3f} ms   bare sqlite3 {bare_open * 1e3:7.3f} ms"
            f"   ratio {opened / bare_open:5.2f}"
        )
        listed, grouped = bench_report(root / "report.db", args.attempts)
        print(
            f"{args.attempts} attempts: listed in {listed * 1e3:.1f} ms, "
            f"grouped 3 ways in {grouped * 1e3:.1f} ms"
        )
        pg = os.environ.get("SALES_TRAINER_BENCH_PG")
        if pg:
            on_pg = bench_turns(pg, args.turns)
            print(
                f"turn write   PostgreSQL {on_pg * 1e3:7.3f} ms   ratio to SQLite "
                f"{on_pg / ours:5.2f}"
            )


if __name__ == "__main__":
    main()
