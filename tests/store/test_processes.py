"""Real processes against one SQLite file: a killed writer loses nothing, parallel writers wait."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from trainer.store import open_store

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys
    from trainer.store import open_store
    store = open_store(sys.argv[1])
    attempt_id = store.start_attempt("Sam", "demo", 1, "0" * 64, "Demo", "en", "coach")
    print("attempt", attempt_id, flush=True)
    for index in range(int(sys.argv[2])):
        store.add_turn(attempt_id, index, "trainee" if index % 2 else "prospect",
                       f"line {index}", node="n", meta={"i": index})
        print("written", index + 1, flush=True)
    sys.stdin.read()  # hold the store open until killed
    """
)

PLAYER = textwrap.dedent(
    """
    import sys
    from trainer.scenario.library import resolve
    from trainer.session import start_recorded_call
    from trainer.store import open_store
    store = open_store(sys.argv[1])
    call, attempt_id = start_recorded_call(resolve("cold-call-car-parts"), "Sam", "coach", store)
    call.start()
    print("attempt", attempt_id, store.count_turns(attempt_id), flush=True)
    for reply in ["Hi, this is Sam from PartsCo. Is now a good time?",
                  "How do you order brake pads today?"]:
        call.reply(reply)
        print("turns", store.count_turns(attempt_id), len(call.transcript), flush=True)
    sys.stdin.read()
    """
)

SAVER = textwrap.dedent(
    """
    import sys
    from trainer.store import open_store
    worker, count = sys.argv[2], int(sys.argv[3])
    store = open_store(sys.argv[1])
    for n in range(count):
        attempt_id = store.start_attempt(f"trainee-{worker}", f"scenario-{n % 3}", 1, "0" * 64,
                                         "Demo", "en", "exam")
        for index in range(3):
            store.add_turn(attempt_id, index, "trainee", f"{worker}/{n}/{index}")
        store.finish_attempt(attempt_id, "done", "win", {"total": float(n), "passed": False})
    store.close()
    print("saved", count, flush=True)
    """
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_killed_writer_loses_no_confirmed_turn(tmp_path: Path) -> None:
    path = tmp_path / "attempts.db"
    confirmed = 7
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(confirmed)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        attempt_id = proc.stdout.readline().split()[1]
        lines = [proc.stdout.readline().strip() for _ in range(confirmed)]
        assert lines[-1] == f"written {confirmed}", lines
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with open_store(str(path)) as store:
        detail = store.attempt(attempt_id)
    assert [t["text"] for t in detail.turns] == [f"line {i}" for i in range(confirmed)]
    assert detail.summary.status == "in progress"


def test_killed_recorded_call_keeps_its_transcript(tmp_path: Path) -> None:
    path = tmp_path / "attempts.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", PLAYER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        attempt_id = proc.stdout.readline().split()[1]
        counts = [proc.stdout.readline().split() for _ in range(2)]
        assert all(c[0] == "turns" and c[1] == c[2] for c in counts), counts
        written = int(counts[-1][1])
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with open_store(str(path)) as store:
        detail = store.attempt(attempt_id)
    assert len(detail.turns) == written >= 4
    assert [t["speaker"] for t in detail.turns].count("trainee") == 2
    assert detail.summary.status == "in progress"


def test_eight_processes_save_in_parallel_without_lock_errors(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    per_process, workers = 50, 8
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path), str(w), str(per_process)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            cwd=tmp_path,
        )
        for w in range(workers)
    ]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert "locked" not in err
        assert proc.returncode == 0, err
        assert out.strip() == f"saved {per_process}"
    with open_store(str(path)) as store:
        attempts = store.attempts()
        assert len(attempts) == workers * per_process
        assert len({a.id for a in attempts}) == workers * per_process
        assert all(a.status == "finished" for a in attempts)
        assert len(store.trainees()) == workers
        assert store.count_turns(attempts[0].id) == 3
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM turns").fetchone() == (workers * per_process * 3,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
