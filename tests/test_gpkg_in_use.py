"""A GeoPackage another program has open or is writing to is not replaced: that program's work is kept."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import _gpkglock, geocode
from clusteratlas.errors import OutputError
from clusteratlas.export import write_gpkg


def _records() -> pd.DataFrame:
    return geocode(pd.DataFrame({"name": ["a", "b"], "city": ["Tanger", "Fès"]}))


def _tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        return sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))


def _holder(path: Path, hold: str, ready: Path) -> subprocess.Popen[bytes]:
    """A process that opens ``path`` (``hold``: "open" idles on it, "write" holds the write lock) until killed."""
    code = f"""
import sqlite3, sys, time, pathlib
con = sqlite3.connect({str(path)!r}, isolation_level=None)
if {hold!r} == "write":
    con.execute("BEGIN EXCLUSIVE")
    con.execute("CREATE TABLE theirs (x INTEGER)")
else:
    con.execute("SELECT count(*) FROM sqlite_master").fetchone()
pathlib.Path({str(ready)!r}).write_text("ready")
time.sleep(60)
"""
    proc = subprocess.Popen([sys.executable, "-c", code])
    for _ in range(200):
        if ready.exists():
            return proc
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the holder did not start")


@pytest.mark.parametrize("hold", ["open", "write"])
def test_a_geopackage_another_program_has_open_is_not_replaced(tmp_path: Path, hold: str) -> None:
    path = tmp_path / "atlas.gpkg"
    write_gpkg(_records(), path, layer="first")
    before = (path.stat().st_ino, path.read_bytes())
    proc = _holder(path, hold, tmp_path / "ready")
    try:
        with pytest.raises(OutputError, match=r"atlas\.gpkg: not written: it is open in python.* \(pid \d+\).*close"):
            write_gpkg(_records(), path, layer="second")
    finally:
        proc.kill()
        proc.wait()
    assert (path.stat().st_ino, path.read_bytes()) == before
    # No file of ours is left (the holder, killed mid-transaction, leaves its own journal).
    assert {p.name for p in tmp_path.iterdir()} <= {"atlas.gpkg", "atlas.gpkg-journal", "ready"}


def test_a_program_holding_the_write_lock_is_waited_for_then_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where open files cannot be listed (no /proc), SQLite's lock still stops the replacement.
    path = tmp_path / "atlas.gpkg"
    write_gpkg(_records(), path, layer="first")
    monkeypatch.setattr(_gpkglock, "open_elsewhere", lambda _path: [])
    monkeypatch.setattr(_gpkglock, "LOCK_WAIT_S", 0.2)
    proc = _holder(path, "write", tmp_path / "ready")
    try:
        with pytest.raises(OutputError, match="another program is writing to it"):
            write_gpkg(_records(), path, layer="second")
    finally:
        proc.kill()
        proc.wait()
    assert "second" not in _tables(path)


def test_rows_left_in_a_write_ahead_log_are_carried_into_the_new_file(tmp_path: Path) -> None:
    # A program that wrote in WAL mode and ended without folding its log into the file:
    # the committed rows live in atlas.gpkg-wal; a byte copy of the file alone would drop them.
    path = tmp_path / "atlas.gpkg"
    write_gpkg(_records(), path, layer="first")
    code = f"""
import os, sqlite3
con = sqlite3.connect({str(path)!r}, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute("CREATE TABLE theirs (x INTEGER)")
con.execute("INSERT INTO theirs VALUES (42)")
os._exit(0)
"""
    subprocess.run([sys.executable, "-c", code], check=True)
    assert Path(f"{path}-wal").stat().st_size > 0
    write_gpkg(_records(), path, layer="second")
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT x FROM theirs").fetchall() == [(42,)]
    assert {"first", "second", "theirs"} <= set(_tables(path))


def test_a_lone_writer_is_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "atlas.gpkg"
    write_gpkg(_records(), path, layer="first")
    assert _gpkglock.open_elsewhere(path) == []
    write_gpkg(_records(), path, layer="second")
    assert {"first", "second"} <= set(_tables(path))
