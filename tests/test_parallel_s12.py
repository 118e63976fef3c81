"""Typo keys resolved by two processes at once (:mod:`clusteratlas._parallel`): the same result as one.

The fork pays only on large registers (:data:`~clusteratlas._parallel.FORK_KEYS` keys), so the
tests lower the threshold and compare the two paths on keys generated from real places with
one slip each, plus non-places and hostile strings.
"""

from __future__ import annotations

import os
import random
import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import _parallel, gazetteer
from clusteratlas.gazetteer import load_gazetteer, normalize_names, resolve_keys


def _slipped(seed: int, n: int) -> np.ndarray:
    """Keys of real places with one slip each (a letter dropped, doubled or changed), and some that name nothing."""
    rng = random.Random(seed)
    names = sorted(set(load_gazetteer().places["name"].astype(str)))
    out = []
    for _ in range(n):
        key = normalize_names([rng.choice(names)])[0] or "x"
        i = rng.randrange(len(key))
        slip = rng.choice(["drop", "double", "change", "none", "junk"])
        if slip == "drop":
            key = key[:i] + key[i + 1 :]
        elif slip == "double":
            key = key[:i] + key[i] + key[i:]
        elif slip == "change":
            key = key[:i] + rng.choice("aeioubkmrtz") + key[i + 1 :]
        elif slip == "junk":
            key = "".join(rng.choice("qxzjw'<>=+") for _ in range(rng.randrange(1, 12)))
        out.append(key)
    return np.asarray(sorted(set(out)), dtype=object)


_REAL_CORE_FREE = _parallel._core_free


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test process may keep other tests' idle threads, and CI keeps both cores busy; a benchmark's does not."""
    monkeypatch.setattr(_parallel, "_alone", lambda: True)
    monkeypatch.setattr(_parallel, "_core_free", lambda: True)


def _halves_and_whole(func, keys, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(_parallel, "FORK_KEYS", 2)
    shared = _parallel.in_two(func, keys)
    monkeypatch.setenv("CLUSTERATLAS_PROCESSES", "1")
    whole = _parallel.in_two(func, keys)
    return shared, whole


def test_two_halves_are_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _parallel.may_fork()  # Linux with two cores, as CI and the benchmarks run
    keys = np.arange(1001)
    shared, whole = _halves_and_whole(lambda k: (k * 3).tolist(), keys, monkeypatch)
    assert len(shared) == 2 and len(whole) == 1
    assert shared[0] + shared[1] == whole[0]
    assert shared[1][0] == 3 * 500  # the child worked on the second half


def test_few_keys_stay_in_one_process() -> None:
    assert len(_parallel.in_two(lambda k: list(k), np.arange(10))) == 1
    assert _parallel.FORK_KEYS >= 10_000  # the fork's cost is paid only where it saves more


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_resolve_keys_in_two_processes_equals_one(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = _slipped(seed, 1500)
    monkeypatch.setenv("CLUSTERATLAS_PROCESSES", "1")
    one = resolve_keys(keys)
    monkeypatch.delenv("CLUSTERATLAS_PROCESSES")
    monkeypatch.setattr(_parallel, "FORK_KEYS", 50)
    calls: list[int] = []
    real = _parallel.in_two

    def counted(func, queries, **kw):  # type: ignore[no-untyped-def]
        out = real(func, queries, **kw)
        calls.append(len(out))
        return out

    monkeypatch.setattr(gazetteer, "in_two", counted)
    two = resolve_keys(keys)
    assert calls and calls[0] == 2  # the typo step was shared
    pd.testing.assert_frame_equal(one, two)
    assert (two["status"] == "fuzzy").sum() > 100  # the slips were really matched


def test_a_failing_child_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fragile(k: np.ndarray) -> list[int]:
        if _parallel._IN_CHILD:
            raise RuntimeError("child only")
        return (k + 1).tolist()

    monkeypatch.setattr(_parallel, "FORK_KEYS", 2)
    out = _parallel.in_two(fragile, np.arange(100))
    assert out[0] + out[-1] == list(range(1, 101)) and len(out) == 2


def test_an_error_is_raised_by_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "FORK_KEYS", 2)
    pid = os.getpid()

    def broken(k: np.ndarray) -> list[int]:
        raise ValueError(f"in {os.getpid()}")

    with pytest.raises(ValueError, match=f"in {pid}"):
        _parallel.in_two(broken, np.arange(100))


def test_the_child_says_nothing(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(_parallel, "FORK_KEYS", 2)

    def noisy(k: np.ndarray) -> int:
        if _parallel._IN_CHILD:
            warnings.warn("from the child", UserWarning, stacklevel=1)
            print("child stdout")
        return int(k.sum())

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        out = _parallel.in_two(noisy, np.arange(10))
    assert sum(out) == 45
    captured = capfd.readouterr()
    assert "from the child" not in captured.err


def test_off_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLUSTERATLAS_PROCESSES", "1")
    assert not _parallel.may_fork()


def test_never_forks_beside_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.undo()  # the real _alone
    before = threading.active_count()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert threading.active_count() == before + 1
        assert not _parallel._alone()
        assert not _parallel.may_fork()
        assert _parallel.in_two(lambda k: list(k), np.arange(50_000)) == [list(range(50_000))]
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(_parallel, "_alone", lambda: True)
    monkeypatch.setattr(_parallel, "_core_free", lambda: True)
    assert _parallel.may_fork()


def test_a_busy_machine_keeps_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel.os, "getloadavg", lambda: (2.5, 2.0, 2.0))
    monkeypatch.setattr(_parallel.os, "sched_getaffinity", lambda pid: {0, 1})
    assert not _REAL_CORE_FREE()
    monkeypatch.setattr(_parallel.os, "getloadavg", lambda: (1.1, 2.0, 2.0))  # a benchmark's own process
    assert _REAL_CORE_FREE()
    monkeypatch.setattr(_parallel.os, "sched_getaffinity", lambda pid: {0})
    assert not _REAL_CORE_FREE()
