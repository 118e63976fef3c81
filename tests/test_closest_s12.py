"""The suggestions of an unplaced address's note (:mod:`clusteratlas._closest`): bounded and unchanged.

The closest names used to come from one similarity matrix of every address against every
name, sorted whole: 16,000 distinct unplaced addresses took 5 s and 600 MB. They now come in
blocks, sparse; these tests hold them to the whole-matrix reference, block edges included.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA

from clusteratlas import _cells, _closest
from clusteratlas.gazetteer import normalize_names


def _reference(keys: list[str], pool: np.ndarray, label: np.ndarray, places: np.ndarray, least: float) -> np.ndarray:
    """The whole-matrix algorithm the blocks replace."""
    sim = process.cdist(keys, pool.tolist(), scorer=OSA.normalized_similarity, dtype=np.float64, workers=1)
    top = np.argsort(-sim, axis=1, kind="stable")[:, :24]
    picks = pd.DataFrame({"row": np.repeat(np.arange(len(keys)), top.shape[1]), "at": top.ravel()})
    picks = picks[sim[picks["row"], picks["at"]] >= least]
    picks = picks.assign(place=places[picks["at"]])
    picks = picks.drop_duplicates(["row", "place"]).groupby("row", sort=False).head(3)
    joined = pd.Series(label[picks["at"]], dtype=object).groupby(picks["row"].to_numpy(), sort=False).agg(", ".join)
    out = np.full(len(keys), "", dtype=object)
    out[joined.index.to_numpy(dtype=np.intp)] = joined.to_numpy(dtype=object)
    return out


def _keys(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    table = _cells._candidates().drop_duplicates("key")
    real = table["key"].astype(str).tolist()
    out = []
    for _ in range(n):
        key = rng.choice(real)
        kind = rng.random()
        if kind < 0.4 and len(key) > 3:
            i = rng.randrange(len(key))
            key = key[:i] + rng.choice("aeiouxz") + key[i + 1 :]
        elif kind < 0.6:
            key = key + str(rng.randrange(1000))
        elif kind < 0.7:
            key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(0, 25)))
        out.append(key)
    return out


@pytest.mark.parametrize(("seed", "block"), [(1, 7), (2, 64), (3, 2048)])
def test_blocks_give_the_whole_matrix_answer(seed: int, block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_closest, "BLOCK", block)
    table = _cells._candidates().drop_duplicates("key")
    pool = table["key"].to_numpy(dtype=object)
    label = table["own"].astype(str).to_numpy(dtype=object)
    places = table["place_id"].to_numpy(dtype=object)
    keys = _keys(seed, 300)
    got = _closest.closest_names(keys, pool, label, places, least=0.7)
    want = _reference(keys, pool, label, places, 0.7)
    np.testing.assert_array_equal(got, want)
    assert (got != "").sum() > 100  # most slips get names


def test_ties_keep_pool_order_and_three_places() -> None:
    pool = np.array(["aaaa", "aaab", "aaac", "aaad", "aaae"], dtype=object)
    places = np.array(["p1", "p1", "p2", "p3", "p4"], dtype=object)
    label = np.array(["A", "A2", "C", "D", "E"], dtype=object)
    keys = ["aaaz", "", "zzzz"]
    got = _closest.closest_names(keys, pool, label, places, least=0.7)
    assert got.tolist() == _reference(keys, pool, label, places, 0.7).tolist() == ["A, C, D", "", ""]


def test_many_addresses_in_bounded_memory() -> None:
    keys = normalize_names([f"Lot {i} Zone Industrielle Sidi {i % 97}" for i in range(20_000)])
    notes = _cells._closest_places(keys)
    assert len(notes) == 20_000  # in blocks: 20,000 × 4,770 similarities are never held at once
