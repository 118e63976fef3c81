"""Session 13's faster paths give what the paths they replace gave."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from clusteratlas.gazetteer import normalize_name, normalize_names
from clusteratlas.records import duplicates
from clusteratlas.records.duplicates import repeated

HOSTILE = [
    "Fès",
    "ÉCOLE",
    "Ksar\x00x",
    "",
    " ",
    "ﬁ",
    "Ǆ",
    "İstanbul",
    "طنجة",
    "Sidi\u00a0Slimane",
    "a\u0301",
    "ß",
    "x" * 300,
]


class _Named(str):
    """A string subclass (as some readers give)."""


def test_normalize_names_equals_one_by_one() -> None:
    rnd = random.Random(3)
    others: list[object] = [None, np.nan, 3.0, 7, pd.NA, b"bytes", _Named("Salé"), np.str_("Rabat")]
    for _ in range(300):
        values = [rnd.choice(HOSTILE + others) for _ in range(rnd.randint(0, 12))]
        expected = [normalize_name(v) for v in values]
        assert normalize_names(values) == expected, values
        assert normalize_names(np.array(values, dtype=object)) == expected, values
        assert normalize_names(iter(values)) == expected, values


def test_normalize_names_of_string_arrays() -> None:
    values = pd.Series(["Fès", None, "Kénitra"], dtype="str")
    assert normalize_names(values) == ["fes", "", "kenitra"]
    assert normalize_names(np.array(["Fès", "Salé"])) == ["fes", "sale"]  # a fixed-width numpy array


def test_repeated_keys_equal_pandas_duplicated() -> None:
    rng = np.random.default_rng(11)
    for n in [0, 1, 2, 3, 17, 1000, 100_000]:
        for spread in [2, 50, 2**20, 2**63]:
            key = rng.integers(0, spread, n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
            key[: n // 10] = np.uint64(0xFFFF_FFFF_FFFF_FFFF)  # the key of missing names
            expected = pd.Series(key).duplicated(keep=False).to_numpy()
            np.testing.assert_array_equal(repeated(key), expected)


def test_repeated_keys_with_few_buckets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the bucket bound most keys share a bucket: they are compared exactly, with the same result."""
    monkeypatch.setattr(duplicates, "_BUCKET_BITS", 8)
    rng = np.random.default_rng(12)
    key = rng.integers(0, 2**63, 50_000, dtype=np.uint64)
    key[::7] = key[3]
    np.testing.assert_array_equal(repeated(key), pd.Series(key).duplicated(keep=False).to_numpy())
