"""A pure function of many distinct keys, run on two halves at once by two processes.

Resolving a register's distinct names is the one step of a large job that is neither
reading (Arrow, threaded) nor numpy: it is Python over tens of thousands of keys, held by
the interpreter's lock. On a machine with two cores or more, :func:`in_two` forks the
process once and lets the child work on the second half of the keys while the parent works
on the first; the child sends its result back pickled through a pipe. The two halves'
results, put together by the caller, are the whole's: only functions that treat each key
on its own are run this way, and tests compare both paths.

Forking is used only where it is safe and pays: on Linux (``fork`` copies the loaded
gazetteer for free), with two usable cores or more and a load average below their number
(on a busy machine the child only takes turns with the parent), for :data:`FORK_KEYS` keys
or more, from a process running no other thread, and never from a child. ``CLUSTERATLAS_PROCESSES=1``
turns it off. A child that fails, for any reason, changes nothing: the parent then works on
the second half itself, so an error is raised by the parent, as in a run without a child.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
import warnings
from collections.abc import Callable
from typing import TypeVar, cast

import numpy as np

__all__ = ["FORK_KEYS", "in_two", "may_fork"]

T = TypeVar("T")

#: Keys at or above which :func:`in_two` shares the work with a child process (below, the
#: fork and the pickled result cost more than the half they save).
FORK_KEYS = 20_000

#: Set in a child, so that it never forks again.
_IN_CHILD = False


def may_fork() -> bool:
    """Whether :func:`in_two` may fork here: Linux, a free core, one thread, not a child, not turned off.

    A process running other threads (a threaded scheduler, a notebook's kernel) is never
    forked: a lock another thread holds would stay held in the child.
    """
    if _IN_CHILD or sys.platform != "linux" or os.environ.get("CLUSTERATLAS_PROCESSES", "") == "1":
        return False
    return _alone() and _core_free()


def _core_free() -> bool:
    """Whether a second core is usable and free: two cores or more, and a load average below their number.

    On a machine already busy the child would only take turns with the parent, and the
    fork, its copied pages and the pickled result would cost more than its half saves.
    """
    cores = len(os.sched_getaffinity(0))
    return cores >= 2 and os.getloadavg()[0] < cores


def _alone() -> bool:
    """Whether this process runs one Python thread (this one)."""
    return threading.active_count() == 1


def in_two(func: Callable[[np.ndarray], T], keys: np.ndarray, *, least: int | None = None) -> list[T]:
    """Return ``func`` of the two halves of ``keys``, worked on at once; or ``[func(keys)]``.

    Parameters
    ----------
    func : callable
        A pure function of an array of keys, treating each key on its own; its result must
        pickle. It runs in a forked child on the second half, so it must not write files or
        warn (the child's warnings are not seen).
    keys : numpy.ndarray
        The keys.
    least : int, optional
        Fewer keys than this are worked on whole, in this process (default :data:`FORK_KEYS`).

    Returns
    -------
    list
        ``[func(keys[:h]), func(keys[h:])]`` with ``h = len(keys) // 2`` when the work was
        shared, else ``[func(keys)]``. The caller puts the halves together.
    """
    if len(keys) < max(FORK_KEYS if least is None else least, 2) or not may_fork():
        return [func(keys)]
    half = len(keys) // 2
    read_end, write_end = os.pipe()
    gc.freeze()  # the objects alive now are never collected in the child: their pages stay shared
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read_end)
        os.close(write_end)
        return [func(keys)]
    if pid == 0:  # the child: work, send, leave without running the parent's exit handlers
        _child(func, keys[half:], read_end, write_end)
    gc.unfreeze()
    os.close(write_end)
    try:
        first = func(keys[:half])
    finally:
        second = _collect(pid, read_end)
    return [first, cast(T, second) if second is not None else func(keys[half:])]


def _child(func: Callable[[np.ndarray], T], keys: np.ndarray, read_end: int, write_end: int) -> None:
    """Work on ``keys`` in the forked child and write the pickled result; exit 0 only when it was all sent."""
    global _IN_CHILD
    _IN_CHILD = True
    code = 1
    try:
        warnings.simplefilter("ignore")  # the parent says what there is to say; a child never prints
        os.close(read_end)
        with os.fdopen(write_end, "wb") as out:
            out.write(pickle.dumps(func(keys), protocol=pickle.HIGHEST_PROTOCOL))
        code = 0
    finally:
        os._exit(code)


def _collect(pid: int, read_end: int) -> object | None:
    """Read the child's result and reap it; None when it failed (its half is then redone here)."""
    with os.fdopen(read_end, "rb") as inp:
        data = inp.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        result: object = pickle.loads(data)
    except Exception:  # a truncated or unreadable result: redo the half
        return None
    return result
