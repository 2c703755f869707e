"""`misses`: a saved call's replies the prospect did not understand, with the nearest
branches and their scores, on SQLite and PostgreSQL; YAML ready to paste as examples."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from trainer.cli.main import cli
from trainer.store import open_store

REPLIES = [
    "hello there, blah widget fish",
    "Thanks. How do you order your parts at the moment?",
]


def _cli(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, *args], obj={})


def _play(db_url: str, tmp_path: Path) -> None:
    script = tmp_path / "r.txt"
    script.write_text("\n".join(REPLIES) + "\n", encoding="utf-8")
    done = _cli(db_url, "play", "cold-call-car-parts", "--script", str(script), "--save",
                "--trainee", "Ola")
    assert done.exit_code == 0, done.output


def test_an_unmatched_reply_shows_up_with_its_candidates(db_url: str, tmp_path: Path) -> None:
    _play(db_url, tmp_path)
    groups = json.loads(_cli(db_url, "misses", "--format", "json").output)
    assert len(groups) == 1
    [group] = groups
    assert group["scenario"] == "cold-call-car-parts" and group["node"] == "opening"
    [reply] = group["replies"]
    assert reply["text"] == REPLIES[0] and reply["trainee"] == "Ola"
    assert len(reply["candidates"]) == 2
    assert reply["candidates"][0][0] == group["nearest"]
    assert reply["candidates"][0][1] >= reply["candidates"][1][1]
    text = _cli(db_url, "misses", "cold-call-car-parts").output
    assert REPLIES[0] in text and REPLIES[1] not in text
    pasted = yaml.safe_load(_cli(db_url, "misses", "--format", "yaml").output)
    assert pasted == [REPLIES[0]]
    assert "No misses" in _cli(db_url, "misses", "another-scenario").output
    assert "No misses" in _cli(db_url, "misses", "--since", "2999-01-01").output


def test_a_turn_with_damaged_meta_is_left_out(db_url: str, tmp_path: Path) -> None:
    _play(db_url, tmp_path)
    with open_store(db_url) as store:
        assert len(store.misses()) == 1
    import sqlalchemy as sa

    engine = sa.create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.exec_driver_sql("UPDATE turns SET meta = '[1]' WHERE speaker = 'trainee'")
    engine.dispose()
    with open_store(db_url) as store:
        assert store.misses() == []
    bad = _cli(db_url, "misses", "--since", "yesterday")
    assert bad.exit_code != 0 and "not a date" in str(bad.exception)
