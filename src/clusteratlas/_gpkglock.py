"""Keep a GeoPackage's other users' work: refuse to replace one another program holds or has open.

A GeoPackage clusteratlas adds a layer to is copied, written and moved onto its name
(:func:`clusteratlas._gis.write_gpkg_layer`). Done while QGIS or a script edits the same file,
that move would throw their work away: their edits go to the file that no longer has the
name. :func:`held_geopackage` is the guard around the whole copy-write-move:

- another process with the file open (found in ``/proc`` where there is one: QGIS keeps a
  GeoPackage open while a layer of it is in the project) is an error naming it;
- SQLite's write lock is taken for the whole run (``BEGIN IMMEDIATE``; a program that holds
  it already is an error after two seconds), so nothing commits into the file while it is
  being copied;
- a write-ahead log left beside the file (``-wal``: committed rows not yet in the file
  itself) is folded in first, and a hot journal (``-journal``: an interrupted write) rolled
  back, by SQLite, so the copy has every committed row and no half-written one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

__all__ = ["LOCK_WAIT_S", "held_geopackage", "open_elsewhere"]

#: Seconds to wait for another program's write to finish before giving up.
LOCK_WAIT_S = 2.0


def open_elsewhere(path: Path) -> list[str]:
    """Return the other processes that have ``path`` open, as ``"name (pid N)"``; empty where unknown.

    Parameters
    ----------
    path : Path
        An existing file.

    Returns
    -------
    list of str
        Read from ``/proc/*/fd`` (Linux; the processes the user may see); empty on systems
        without ``/proc``.
    """
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return []
    target = path.stat()
    found: list[str] = []
    me = os.getpid()
    for entry in sorted(proc.glob("[0-9]*"), key=lambda p: int(p.name)):
        if int(entry.name) == me or not _holds(entry, (target.st_dev, target.st_ino)):
            continue
        found.append(f"{_process_name(entry)} (pid {entry.name})")
    return found


def _holds(proc: Path, inode: tuple[int, int]) -> bool:
    """Say whether the process ``proc`` has a descriptor on the file ``inode`` (device, inode)."""
    with contextlib.suppress(OSError):
        for fd in (proc / "fd").iterdir():
            with contextlib.suppress(OSError):
                st = fd.stat()
                if (st.st_dev, st.st_ino) == inode:
                    return True
    return False


def _process_name(proc: Path) -> str:
    """Return a process's command name, or ``"a process"``."""
    try:
        return (proc / "comm").read_text(encoding="utf-8", errors="replace").strip() or "a process"
    except OSError:
        return "a process"


@contextlib.contextmanager
def held_geopackage(path: Path) -> Iterator[None]:
    """Hold an existing GeoPackage's write lock while the body copies, writes and replaces it.

    Parameters
    ----------
    path : Path
        A GeoPackage that exists.

    Yields
    ------
    None
        With SQLite's write lock held and the file's log folded in.

    Raises
    ------
    OutputError
        If another process has the file open or holds its lock; the file is left untouched.
    """
    others = open_elsewhere(path)
    if others:
        raise _in_use(path, f"it is open in {', '.join(others[:3])}")
    try:
        con = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=LOCK_WAIT_S, isolation_level=None)
    except sqlite3.Error as err:
        raise _in_use(path, f"SQLite cannot open it ({err})") from err
    try:
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise _in_use(path, f"another program is writing to it ({err})") from err
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        con.close()


def _in_use(path: Path, why: str) -> OutputError:
    """Return the error for a GeoPackage another program is using."""
    msg = (
        f"{path}: not written: {why}, and replacing it now would lose that program's work; "
        "close the file there (in QGIS, remove its layers from the project) and run again, "
        "or write to a new .gpkg file."
    )
    return OutputError(errno.EBUSY, msg, str(path))
