"""The closest names to keys no place matched: the suggestions of an unplaced record's note.

A register's unplaced addresses can be tens of thousands of distinct texts. Each is compared
only with the name keys (a few thousand) whose length allows the least similarity, keys of
one length at a time in blocks of :data:`BLOCK`, so memory stays bounded whatever the table's
size; only the pairs at least that similar are kept (sparse), so no block is sorted whole.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["BLOCK", "closest_names"]

#: Keys compared with the pool at once (a block's similarities: BLOCK × pool × 8 bytes).
BLOCK = 2048


def closest_names(
    keys: Sequence[str], pool: np.ndarray, labels: np.ndarray, places: np.ndarray, *, least: float, among: int = 24
) -> np.ndarray:
    """Return, per key, the labels of up to three places whose keys are near it, joined by ", " (``""``: none).

    A key's candidates are the ``among`` pool keys most similar to it (OSA, normalised; ties
    in pool order), of those at least ``least`` similar; each place is named once, by its
    most similar key, and the first three places are kept.

    Parameters
    ----------
    keys : sequence of str
        Normalised keys.
    pool : numpy.ndarray
        The name keys, distinct.
    labels, places : numpy.ndarray
        Per pool key, the label shown and the place it names.
    least : float
        The least similarity (0 to 1) of a suggestion.
    among : int, default 24
        How many most similar pool keys are looked at per key.

    Returns
    -------
    numpy.ndarray
        One string per key, in order.
    """
    key_len = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    pool_len = np.fromiter((len(p) for p in pool), dtype=np.int64, count=len(pool))
    row, at, sim = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
    for length in np.unique(key_len).tolist():
        # Only names whose length allows the similarity: d >= |len - len'| and sim = 1 - d / longer.
        near = np.flatnonzero(np.abs(pool_len - length) <= (1.0 - least) * np.maximum(pool_len, length) + 1e-9)
        mine = np.flatnonzero(key_len == length)
        for start in range(0, len(mine) if len(near) else 0, BLOCK):
            block = mine[start : start + BLOCK]
            r, a, s = _similar([keys[i] for i in block], pool[near].tolist(), least)
            row.append(block[r])
            at.append(near[a])
            sim.append(s)
    r, a, s = np.concatenate(row), np.concatenate(at), np.concatenate(sim)
    order = np.lexsort((a, -s, r))  # per key: most similar first, then pool order
    r, a = r[order], a[order]
    rank = np.arange(len(r)) - np.searchsorted(r, r, side="left")
    picks = pd.DataFrame({"row": r, "at": a})[rank < among]
    picks = picks.assign(place=places[picks["at"].to_numpy()])
    picks = picks.drop_duplicates(["row", "place"]).groupby("row", sort=False).head(3)
    joined = pd.Series(labels[picks["at"].to_numpy()], dtype=object).groupby(picks["row"].to_numpy(), sort=False)
    said = joined.agg(", ".join)
    out = np.full(len(keys), "", dtype=object)
    out[said.index.to_numpy(dtype=np.intp)] = said.to_numpy(dtype=object)
    return out


def _similar(block: list[str], choices: list[str], least: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the (key, choice, similarity) of a block's pairs at least ``least`` similar (OSA, normalised)."""
    scores = process.cdist(block, choices, scorer=OSA.normalized_similarity, score_cutoff=least, dtype=np.float64)
    r, a = np.nonzero(scores >= least)
    return r, a, scores[r, a]
