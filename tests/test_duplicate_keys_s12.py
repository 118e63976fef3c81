"""Repeated records found through byte keys of the name column (``records.duplicates._may_repeat``).

The keys (length, first and last eight bytes) only pick the rows worth comparing; the
comparison stays exact. Checked against pandas' own ``duplicated`` on hostile strings: empty,
missing, multi-byte, 7/8/9/16/17 bytes long, equal heads or tails, sliced and chunked arrays.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from clusteratlas.records.duplicates import _byte_keys, _may_repeat, duplicate_rows

ALPHABET = ["a", "b", "é", "ش", "1", " ", "=", "\U0001f600", "\x00"]


def _values(rng: random.Random, n: int) -> list[str | None]:
    out: list[str | None] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.08:
            out.append(None)
        elif r < 0.3 and out:
            out.append(rng.choice(out))
        else:
            size = rng.choice([0, 1, 3, 7, 8, 9, 15, 16, 17, 30])
            head = "firm 000"[: min(size, 8)] if rng.random() < 0.5 else ""  # shared heads
            out.append(head + "".join(rng.choice(ALPHABET) for _ in range(max(size - len(head), 0))))
    return out


def _expected(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    filled = frame.astype(object).where(frame.notna(), "\ufffe<NA>")
    first = filled.groupby(list(filled.columns), sort=False, dropna=False).ngroup().to_numpy()
    seen: dict[int, int] = {}
    reps, origs = [], []
    for i, g in enumerate(first):
        if g in seen:
            reps.append(i)
            origs.append(seen[g])
        else:
            seen[g] = i
    return np.asarray(reps, dtype=np.int64), np.asarray(origs, dtype=np.int64)


@pytest.mark.parametrize("seed", range(40))
def test_repeats_are_pandas_duplicates(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([2, 3, 5, 17, 100, 1000])
    names = _values(rng, n)
    other = [rng.choice(["x", "y", None]) for _ in range(n)]
    frame = pd.DataFrame({"name": pd.Series(names, dtype="str"), "city": pd.Series(other, dtype="str")})
    for part in (frame, frame.iloc[1:].reset_index(drop=True)):  # a slice: an Arrow offset
        reps, origs = duplicate_rows(part)
        want_r, want_o = _expected(part)
        np.testing.assert_array_equal(reps, want_r)
        np.testing.assert_array_equal(origs, want_o)


def test_every_repeated_name_is_flagged_on_chunked_arrays() -> None:
    rng = random.Random(7)
    names = _values(rng, 3000)
    chunks = pa.chunked_array([pa.array(names[:1000], pa.large_string()), pa.array(names[1000:], pa.large_string())])
    column = pd.Series(pd.arrays.ArrowStringArray(chunks))
    may = _may_repeat(column)
    repeated = pd.Series(names, dtype=object).fillna("\ufffe").duplicated(keep=False).to_numpy()
    assert not (repeated & ~may).any()  # a repeat is never missed
    assert may.sum() <= repeated.sum() + 30  # and few unique names are sent to the exact check


def test_keys_tell_strings_of_up_to_sixteen_bytes_apart() -> None:
    words = pa.array(["", "a", "a\x00", "abcdefgh", "abcdefgi", "abcdefghabcdefgh", "abcdefghabcdefgi", None])
    keys = _byte_keys(words.cast(pa.large_string()))
    assert len(set(keys.tolist())) == len(keys)


def test_other_columns_are_factorized() -> None:
    column = pd.Series([1, 2, 1, 3])
    np.testing.assert_array_equal(_may_repeat(column), [True, False, True, False])
