"""Typo candidates through deletion neighbourhoods: the same pairs, in the same order, as ``cdist`` in blocks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusteratlas import _typos
from clusteratlas.gazetteer import _typo_pool

#: Letters a typo may bring in: Latin, accented, Arabic, a NUL and a space.
_LETTERS = [*"abcdefghijklmnopqrstuvwxyzéèçâ", "\u0645", "\u0631", "\x00", " ", "-"]


def _slip(key: str, rng: np.random.Generator) -> str:
    """One random edit of ``key``: a letter inserted, dropped, changed, or two neighbours swapped."""
    kind = int(rng.integers(4))
    at = int(rng.integers(len(key) + (kind == 0))) if key else 0
    letter = str(rng.choice(_LETTERS))
    if kind == 0 or not key:
        return key[:at] + letter + key[at:]
    if kind == 1:
        return key[:at] + key[at + 1 :]
    if kind == 2:
        return key[:at] + letter + key[at + 1 :]
    at = min(at, len(key) - 2)
    return key[:at] + key[at + 1 : at + 2] + key[at : at + 1] + key[at + 2 :] if len(key) > 1 else key


def _typed(keys: np.ndarray, n: int, seed: int) -> np.ndarray:
    """``n`` names as a register types them: zero to three slips of a gazetteer key, and junk."""
    rng = np.random.default_rng(seed)
    out = []
    for key in rng.choice(keys, size=n):
        text = str(key)
        for _ in range(int(rng.choice([0, 1, 1, 1, 2, 2, 3]))):
            text = _slip(text, rng)
        out.append(text)
    junk = ["", "a", "ab", "\x00", "\x00ab", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "é" * 5, "x" * 200]
    return np.array(out + junk, dtype=object)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("cutoff", [1, 2])
def test_deletion_neighbourhoods_give_cdists_pairs_in_its_order(seed: int, cutoff: int) -> None:
    pool = _typo_pool()
    queries = _typed(pool.keys, 3000, seed)
    typed = _typos._forms(queries)
    for form, among in (("raw", None), ("skel", np.flatnonzero(pool.by_ear))):
        old = _typos._near_by_cdist(typed[form], pool.forms[form], cutoff, among)
        new = _typos._near_by_deletions(typed[form], pool.forms[form], cutoff, among)
        assert len(old) > 1000  # the typos found their names
        pd.testing.assert_frame_equal(new.reset_index(drop=True), old.reset_index(drop=True), check_dtype=False)


def test_typo_candidates_and_decisions_are_those_of_cdist(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = _typo_pool()
    queries = _typed(pool.keys, 4000, 7)
    new = _typos.typo_candidates(queries, pool)
    monkeypatch.setattr(_typos, "_DELETIONS", 0)  # every distance by cdist, as before the index
    old = _typos.typo_candidates(queries, pool)
    pd.testing.assert_frame_equal(new, old)
    pd.testing.assert_frame_equal(_typos.decide(new, pool), _typos.decide(old, pool))
    assert (_typos.decide(new, pool)["status"] == "fuzzy").sum() > 1000


def test_hashes_shared_by_chance_only_add_pairs_the_check_drops(monkeypatch: pytest.MonkeyPatch) -> None:
    queries = np.array(["abcd", "abce", "bbcd", "abc", "abdc", "xyz", "abcdef"], dtype=object)
    choices = np.array(["abcd", "zzzz", "abcde"], dtype=object)
    expected = [[0, 0, 0], [0, 2, 1], [1, 0, 1], [1, 2, 1], [4, 0, 1], [6, 2, 1], [3, 0, 1]]  # "abc": a shorter band
    assert _typos._near_by_deletions(queries, choices, 1).to_numpy().tolist() == expected
    real = _typos._deletion_hashes

    def colliding(*args: object) -> tuple[np.ndarray, ...]:
        owners, hashes = real(*args)  # type: ignore[arg-type]
        return owners, np.zeros_like(hashes)  # every string hashes alike: every pair a candidate

    monkeypatch.setattr(_typos, "_deletion_hashes", colliding)
    assert _typos._near_by_deletions(queries, choices, 1).to_numpy().tolist() == expected
    assert _typos._near_by_cdist(queries, choices, 1).to_numpy().tolist() == expected


def test_the_pools_hashes_are_those_a_search_would_make_and_give_the_same_pairs() -> None:
    """The choices hashed once with the pool (prebuilt) are hashed with the weights every search uses."""
    assert np.array_equal(_typos._hash_weights(200)[:31], _typos._hash_weights(30))  # draws do not depend on how many
    pool = _typo_pool()
    queries = _typos._forms(_typed(pool.keys, 2000, 11))
    for form, among in (("raw", None), ("skel", np.flatnonzero(pool.by_ear))):
        kept, fresh = pool.hashed[form], _typos.ChoiceHashes.of(pool.forms[form], among)
        assert np.array_equal(kept.ranked, fresh.ranked) and np.array_equal(kept.owner, fresh.owner)
        assert np.array_equal(kept.top, fresh.top) and np.array_equal(kept.among, fresh.among)
        with_kept = _typos._near_by_deletions(queries[form], pool.forms[form], 1, among, kept)
        without = _typos._near_by_deletions(queries[form], pool.forms[form], 1, among)
        assert len(without) > 500
        pd.testing.assert_frame_equal(with_kept, without)
