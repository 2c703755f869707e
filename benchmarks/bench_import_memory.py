"""Peak memory of `import` against the size of the file: it must not grow with the file.

One real attempt is played and exported, then copied (with fresh ids) into a small file (the
baseline) and a large one; each is imported into an empty SQLite database by its own
`sales-trainer` process, and that process's peak RSS (wait4's ru_maxrss) and time are printed.
Streaming keeps the peak near the baseline's; reading the whole file (as before) grew it by
about 7.6 times the file size.

    .venv-test/bin/python benchmarks/bench_import_memory.py [--attempts 6000] [--baseline 300]

It exits 1 if the large import's peak is more than --slack MiB above the baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPLIES = [
    "Hi Mike, this is Sam from NordParts. Do you have two minutes?",
    "How do you order your parts at the moment?",
    "What works less well than you'd like with your current supplier?",
]


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    env.pop("SALES_TRAINER_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def one_line(work: Path) -> str:
    replies = work / "replies.txt"
    replies.write_text("\n".join(REPLIES) + "\n", encoding="utf-8")
    db = str(work / "source.db")
    _cli("--db", db, "play", "cold-call-car-parts", "--script", str(replies), "--save", home=work)
    return _cli("--db", db, "export", home=work).stdout.splitlines()[0]


def write_file(path: Path, line: str, count: int) -> int:
    record = json.loads(line)
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(count):
            record["attempt"]["id"] = str(uuid.uuid4())
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path.stat().st_size


def measure(file: Path, db: Path, home: Path) -> tuple[float, float]:
    """Peak RSS (MiB) and seconds of one import, in a process of its own."""
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "trainer", "--db", str(db), "import", str(file)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        assert child.stderr is not None
        raise SystemExit(f"import failed: {child.stderr.read().decode(errors='replace')}")
    return usage.ru_maxrss / 1024, seconds  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=6000, help="lines in the large file")
    parser.add_argument("--baseline", type=int, default=300, help="lines in the small file")
    parser.add_argument("--slack", type=float, default=25.0, help="MiB allowed above baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        line = one_line(work)
        rows = []
        for name, count in (("baseline", args.baseline), ("large", args.attempts)):
            file = work / f"{name}.jsonl"
            size = write_file(file, line, count)
            peak, seconds = measure(file, work / f"{name}.db", work)
            rows.append((name, count, size / 2**20, peak, seconds))
            file.unlink()
    print(f"{'file':<9} {'attempts':>8} {'size MiB':>9} {'peak RSS MiB':>13} {'seconds':>8}")
    for name, count, size, peak, seconds in rows:
        print(f"{name:<9} {count:>8} {size:>9.1f} {peak:>13.1f} {seconds:>8.1f}")
    (_, _, small_size, small_peak, _), (_, _, big_size, big_peak, _) = rows
    growth = big_peak - small_peak
    print(
        f"peak grew {growth:+.1f} MiB for {big_size - small_size:.0f} MiB more file "
        f"({growth / max(big_size - small_size, 1e-9):.3f} MiB per MiB; before streaming ~7.6)"
    )
    if growth > args.slack:
        print(f"FAIL: more than {args.slack} MiB above the baseline")
        raise SystemExit(1)
    print("ok: memory does not grow with the file")


if __name__ == "__main__":
    main()
