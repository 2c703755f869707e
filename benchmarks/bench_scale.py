"""Team-lead reading at scale: 100,000 attempts from 200 trainees, on SQLite and PostgreSQL.

Fills a database fast (bulk inserts through SQLAlchemy Core, executemany) with attempts made
from real recorded calls: their turns and scorecards as the engine wrote them, and the
scenario texts (20 and 29 KB, 24 KB on average) kept once each in scenario_sources. Then
times, each in a fresh process and against a bare script doing the same job in the same run:

- `attempts` (the newest 50) and `attempts --trainee`;
- `report --by trainee|scenario|criterion` vs a bare SQL GROUP BY with the same aggregates;
- `export` vs a bare script writing the very same lines (checked byte for byte);
- the app's history screen: open, filter, sort by score, next page (App.run_test, headless).

Each row prints the time of the work (imports done before the clock starts), the ratio to
the bare script, the wall time of the whole command as a user runs it, and the peak memory
the work added to the process (peak RSS minus RSS before it).

    .venv-test/bin/python benchmarks/bench_scale.py [--attempts 100000] [--trainees 200]
        [--sizes 10000,100000]   # the same at several sizes: memory should stay flat
    SALES_TRAINER_BENCH_PG=postgresql+psycopg://user@host/db adds PostgreSQL (the user must
    be allowed to create databases; a scratch database is made and dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCENARIOS = ("cold-call-car-parts", "closing-contract-follow-up")
GRADERS = ("2026.10.01", "2026.11.30")
CHUNK = 2_000


# -- filling a database ---------------------------------------------------------------------


def _recorded_calls(folder: Path) -> dict[str, Any]:
    """Real attempts to copy: three calls (strong, middling, weak) on each scenario."""
    from tests.tui.playing import STRONG
    from tests.tui.stored import MIDDLING, WEAK

    db = folder / "templates.db"
    for n, replies in enumerate((STRONG, MIDDLING, WEAK)):
        script = folder / f"replies-{n}.txt"
        script.write_text("\n".join(replies) + "\n", encoding="utf-8")
        for scenario in SCENARIOS:
            subprocess.run(
                [sys.executable, "-m", "trainer", "--db", str(db), "play", scenario,
                 "--script", str(script), "--save", "--trainee", "Template"],
                check=True, capture_output=True, cwd=ROOT,
            )
    import sqlalchemy as sa

    from trainer.store.schema import attempts, scenario_sources, turns

    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        found = {
            "attempts": [dict(r._mapping) for r in conn.execute(sa.select(attempts))],
            "sources": [dict(r._mapping) for r in conn.execute(sa.select(scenario_sources))],
        }
        for a in found["attempts"]:
            query = sa.select(turns).where(turns.c.attempt_id == a["id"]).order_by(turns.c.seq)
            a["turns"] = [dict(r._mapping) for r in conn.execute(query)]
    engine.dispose()
    return found


def fill(url: str, count: int, trainees: int, templates: dict[str, Any]) -> float:
    import sqlalchemy as sa

    from trainer.store import open_store
    from trainer.store.schema import attempts, scenario_sources, turns

    open_store(url).close()  # the schema, by the migrations
    engine = sa.create_engine(url if "://" in url else f"sqlite:///{url}")
    rng = random.Random(7)
    start = time.perf_counter()
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(sa.insert(scenario_sources), templates["sources"])
    for first in range(0, count, CHUNK):
        rows, turn_rows = [], []
        for i in range(first, min(first + CHUNK, count)):
            template = rng.choice(templates["attempts"])
            attempt_id = f"{i:08d}-0000-4000-8000-{rng.getrandbits(48):012x}"
            started = t0 + timedelta(minutes=5 * i + rng.randrange(5), seconds=rng.random())
            row = {k: v for k, v in template.items() if k != "turns"}
            row.update(id=attempt_id, trainee=f"Trainee {i % trainees:03d}", started_at=started)
            if rng.random() < 0.03:  # left unfinished
                row.update(ended_at=None, outcome=None, result=None, total=None, passed=None,
                           scorecard=None, grader=None, needs_discovery=None, politeness=None,
                           objection_handling=None, closing=None)
            else:
                total = round(min(100.0, max(0.0, template["total"] + rng.gauss(0, 12))), 1)
                grader = GRADERS[0] if i < count // 2 else GRADERS[1]
                card = dict(template["scorecard"], total=total, passed=total >= 65,
                            grader=grader)
                row.update(ended_at=started + timedelta(minutes=6), total=total,
                           passed=total >= 65, scorecard=card, grader=grader)
            rows.append(row)
            for t in template["turns"]:
                turn_rows.append(dict(t, attempt_id=attempt_id,
                                      created_at=started + timedelta(seconds=20 * t["seq"])))
        with engine.begin() as conn:
            conn.execute(sa.insert(attempts), rows)
            conn.execute(sa.insert(turns), turn_rows)
    if engine.dialect.name == "postgresql":  # as autovacuum leaves a table after a load
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE attempts")
            conn.exec_driver_sql("VACUUM ANALYZE turns")
    engine.dispose()
    return time.perf_counter() - start


# -- one measurement, in a process of its own ---------------------------------------------


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _cli(url: str, *args: str) -> Callable[[], None]:
    from trainer.cli.main import cli

    def run() -> None:
        with open(os.devnull, "w") as sink:
            saved, sys.stdout = sys.stdout, sink
            try:
                cli.main(["--db", url, *args], standalone_mode=False)
            finally:
                sys.stdout = saved

    return run


def _history(url: str, steps: list[str]) -> Callable[[], dict[str, float]]:
    from textual.widgets import Input

    from trainer.store import open_store
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.history import HistoryScreen

    async def drive() -> dict[str, float]:
        times: dict[str, float] = {}
        store = open_store(url)
        folder = Path(tempfile.mkdtemp())
        (folder / "config.toml").write_text('trainee = "Trainee 007"\n', encoding="utf-8")
        app = TrainerApp([], store, config_dir=folder)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for step in steps:
                start = time.perf_counter()
                if step == "open":
                    app.open_history()
                elif step == "filter":
                    app.screen.query_one("#history-filter", Input).value = "trainee 042"
                elif step == "sort":
                    app.screen.sort_by("score")  # type: ignore[attr-defined]
                elif step == "page":
                    await pilot.press("pagedown")
                await pilot.pause()
                assert isinstance(app.screen, HistoryScreen)
                times[step] = time.perf_counter() - start
        store.close()
        return times

    return lambda: asyncio.run(drive())


def child(op: str, url: str, out: str) -> None:
    """Runs one operation; prints {seconds, rss_kib, peak_kib} as JSON."""
    import trainer.cli.attempts_cmd  # noqa: F401 - imported before the clock starts
    import trainer.cli.report_cmd  # noqa: F401
    import trainer.cli.transfer_cmd  # noqa: F401
    import trainer.store.report  # noqa: F401

    kind, _, arg = op.partition(":")
    work: Callable[[], Any]
    if kind == "attempts":
        work = _cli(url, "attempts", *(["--trainee", arg] if arg else []))
    elif kind == "report":
        work = _cli(url, "report", "--by", arg)
    elif kind == "export":
        work = _cli(url, "export", "-o", out)
    elif kind == "bare-report":
        work = lambda: bare_report(url, arg)  # noqa: E731
    elif kind == "bare-export":
        work = lambda: bare_export(url, out)  # noqa: E731
    elif kind == "history":
        work = _history(url, arg.split(","))
    else:
        raise SystemExit(f"unknown operation {op}")
    before = _rss_kib("VmRSS")
    start = time.perf_counter()
    extra = work()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss_kib": before, "peak_kib": _rss_kib("VmHWM"),
                      "steps": extra if isinstance(extra, dict) else None}))


# -- the bare scripts -------------------------------------------------------------------------


def _connect(url: str) -> Any:
    if "://" not in url:
        import sqlite3

        return sqlite3.connect(url)
    import psycopg
    import sqlalchemy as sa

    parsed = sa.make_url(url)
    return psycopg.connect(parsed.set(drivername="postgresql").render_as_string(False))


def bare_report(url: str, by: str) -> None:
    """The aggregates a report shows, straight from the driver: count, best, average and pass
    rate per group (no latest, no trend, no checks)."""
    conn = _connect(url)
    passed = "CASE WHEN passed THEN 100.0 ELSE 0.0 END"
    if by == "criterion":
        parts = ", ".join(f"count({c}), max({c}), avg({c})" for c in
                          ("needs_discovery", "politeness", "objection_handling", "closing"))
        sql = f"SELECT count(*), {parts} FROM attempts WHERE total IS NOT NULL"
    else:
        key = "trainee" if by == "trainee" else "scenario_id"
        sql = (f"SELECT {key}, count(*), count(total), max(total), avg(total), avg({passed}) "
               f"FROM attempts GROUP BY {key} ORDER BY {key}")
    with open(os.devnull, "w") as sink:
        for row in conn.execute(sql).fetchall():
            print(row, file=sink)
    conn.close()


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def bare_export(url: str, out: str) -> None:
    """The same lines as `export`, by the driver and json alone: attempts a batch at a time,
    their turns in one query per batch, each scenario text once."""
    conn = _connect(url)
    sqlite = "://" not in url
    mark = "?" if sqlite else "%s"
    crit = ("needs_discovery", "politeness", "objection_handling", "closing")
    cols = ("id, trainee, scenario_id, scenario_version, title, language, mode, started_at, "
            "ended_at, outcome, result, total, passed, scenario_hash, scorecard, "
            + ", ".join(crit))
    order = "started_at, id DESC" if sqlite else 'started_at, id COLLATE "C" DESC'
    cursor = conn.cursor(name="export") if not sqlite else conn.cursor()
    cursor.execute(f"SELECT {cols} FROM attempts ORDER BY {order}")
    written: set[str] = set()
    with open(out, "w", encoding="utf-8") as handle:
        while batch := cursor.fetchmany(500):
            ids = [r[0] for r in batch]
            found: dict[str, list[Any]] = {}
            marks = ", ".join([mark] * len(ids))
            for t in conn.execute(
                "SELECT attempt_id, idx, speaker, text, node, created_at, meta, rewound "
                f"FROM turns WHERE attempt_id IN ({marks}) ORDER BY attempt_id, seq", ids
            ):
                found.setdefault(t[0], []).append(t)
            for r in batch:
                digest = r[13]
                if digest not in written:
                    text = conn.execute(
                        f"SELECT text FROM scenario_sources WHERE hash = {mark}", (digest,)
                    ).fetchone()[0]
                    handle.write(_dump({"format": "sales-trainer-scenario", "version": 2,
                                        "hash": digest, "text": text}) + "\n")
                    written.add(digest)
                attempt = {
                    "id": r[0], "trainee": r[1], "scenario_id": r[2], "scenario_version": r[3],
                    "title": r[4], "language": r[5], "mode": r[6], "started_at": _iso(r[7]),
                    "ended_at": _iso(r[8]), "outcome": r[9], "result": r[10], "total": r[11],
                    "passed": None if r[12] is None else bool(r[12]),
                    "criteria": {n: v for n, v in zip(crit, r[15:], strict=True)
                                 if v is not None},
                    "scenario_hash": digest,
                }
                turns = [{"index": t[1], "speaker": t[2], "text": t[3], "node": t[4],
                          "created_at": _iso(t[5]), "meta": _json(t[6]), "rewound": bool(t[7])}
                         for t in found.get(r[0], [])]
                handle.write(_dump({"format": "sales-trainer-attempt", "version": 2,
                                    "attempt": attempt, "turns": turns,
                                    "scorecard": _json(r[14]), "scenario_source": None}) + "\n")
    conn.close()


# -- the run ----------------------------------------------------------------------------------


def measure(op: str, url: str, out: str = os.devnull) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", op, url, out],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{op} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def wall(url: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "trainer", "--db", url, *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def _mib(found: dict[str, Any]) -> str:
    return f"{(found['peak_kib'] - found['rss_kib']) / 1024:7.1f} MiB"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def bench(name: str, url: str, folder: Path) -> Iterator[str]:
    yield f"  {'operation':28} {'work':>8} {'bare':>8} {'ratio':>6} {'wall':>7} {'+peak mem':>12}"
    rows: list[tuple[str, tuple[str, ...], str | None]] = [
        ("attempts:", ("attempts",), None),
        ("attempts:Trainee 042", ("attempts", "--trainee", "Trainee 042"), None),
        ("report:trainee", ("report", "--by", "trainee"), "bare-report:trainee"),
        ("report:scenario", ("report", "--by", "scenario"), "bare-report:scenario"),
        ("report:criterion", ("report", "--by", "criterion"), "bare-report:criterion"),
    ]
    for op, args, bare_op in rows:
        ours = measure(op, url)
        bare = measure(bare_op, url) if bare_op else None
        ratio = f"{ours['seconds'] / bare['seconds']:6.2f}" if bare else "     -"
        yield (f"  {op.rstrip(':'):28} {ours['seconds']:8.3f} "
               f"{bare['seconds'] if bare else float('nan'):8.3f} {ratio} "
               f"{wall(url, *args):7.2f} {_mib(ours)}")
        if bare:
            yield f"  {'  bare ' + bare_op:28} {'':8} {'':8} {'':6} {'':7} {_mib(bare)}"
    ours_file, bare_file = folder / f"{name}-export.jsonl", folder / f"{name}-bare.jsonl"
    ours = measure("export", url, str(ours_file))
    bare = measure("bare-export", url, str(bare_file))
    same = "identical" if _digest(ours_file) == _digest(bare_file) else "DIFFERENT"
    size = ours_file.stat().st_size / 1e9
    yield (f"  {'export':28} {ours['seconds']:8.3f} {bare['seconds']:8.3f} "
           f"{ours['seconds'] / bare['seconds']:6.2f} {'':7} {_mib(ours)}"
           f"   ({size:.2f} GB, {same} to the bare script's)")
    yield f"  {'  bare export':28} {'':8} {'':8} {'':6} {'':7} {_mib(bare)}"
    ours_file.unlink()
    bare_file.unlink()
    found = measure("history:open,filter,sort,page", url)
    steps = found["steps"]
    yield (f"  history screen: open {steps['open']:.3f} s, filter {steps['filter']:.3f} s, "
           f"sort by score {steps['sort']:.3f} s, next page {steps['page']:.3f} s; "
           f"+peak mem {_mib(found).strip()}")


def _pg_database(admin: str, name: str, drop: bool = False) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return sa.make_url(admin).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--sizes", help="comma-separated attempt counts (instead of --attempts)")
    parser.add_argument("--trainees", type=int, default=200)
    parser.add_argument("--child", nargs=3, metavar=("OP", "URL", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [args.attempts]
    pg = os.environ.get("SALES_TRAINER_BENCH_PG")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        templates = _recorded_calls(folder)
        for size in sizes:
            backends = [("sqlite", str(folder / f"scale-{size}.db"))]
            if pg:
                backends.append(("postgresql", _pg_database(pg, f"bench_scale_{os.getpid()}")))
            for name, url in backends:
                took = fill(url, size, args.trainees, templates)
                print(f"{name}: {size:,} attempts from {args.trainees} trainees "
                      f"(filled in {took:.0f} s)", flush=True)
                for line in bench(name, url, folder):
                    print(line, flush=True)
                if name == "postgresql":
                    _pg_database(pg, f"bench_scale_{os.getpid()}", drop=True)  # type: ignore[arg-type]
                else:
                    Path(url).unlink()


if __name__ == "__main__":
    main()
