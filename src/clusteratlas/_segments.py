"""Texts read segment by segment, each distinct segment once.

A register's addresses are nearly all distinct ("Lot 45, ZI Sidi Ghanem, Marrakech", "Lot 46,
ZI Sidi Ghanem, Marrakech"), but their segments (cut at commas, brackets, slashes and
spaced dashes) are not: a few thousand quarters, zones and towns, and street segments that
name no place. Every step of reading places out of a text that looks at one segment at a
time (its words, its runs of words, the runs another covers) is done once per distinct
segment by :func:`by_segment`, and its rows are given to every text that has the segment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._subplaces import load_subplaces
from .gazetteer import normalize_names

__all__ = [
    "MAX_WORDS",
    "MIN_KEY",
    "Reading",
    "by_segment",
    "runs_of_words",
    "segments",
    "street_context",
    "words_of",
]

#: Longest run of words looked up as one name.
MAX_WORDS = 8
#: Runs shorter than this many letters are looked up only when they fill their segment.
MIN_KEY = 4
#: Where a text is cut into segments: punctuation that separates parts, and spaced dashes.
_SEGMENT = r"[,;/|()\[\]\n\r\t]+|\s+[-–—]+\s*|\s*[-–—]+\s+"
#: A word: letters and digits (apostrophes and inner hyphens cut words; keys join them back).
_WORD = r"[^\W_]+"


def segments(texts: pd.Series, pattern: str) -> pd.DataFrame:
    """Cut texts at ``pattern``: one row per segment, in order.

    Parameters
    ----------
    texts : pandas.Series
        Strings, indexed by their position (any integers).
    pattern : str
        The regular expression segments are cut at.

    Returns
    -------
    pandas.DataFrame
        ``text`` (the text's index), ``seg`` (the segment's number in its text, from 0) and
        ``segment`` (its string).
    """
    cut = texts.str.split(pattern, regex=True).explode()
    out = pd.DataFrame({"text": cut.index.to_numpy(), "segment": cut.to_numpy(dtype=object)})
    out["seg"] = out.groupby("text").cumcount()
    return out


class Reading(NamedTuple):
    """The rows :func:`by_segment` gives texts, and which texts read alike."""

    rows: pd.DataFrame
    #: Per text with rows (by its index), the first text whose rows come from the same
    #: segments in the same order: every row of one is a row of the other but for ``text``
    #: and ``seg``, so the two read alike.
    alike: pd.Series


def by_segment(
    texts: pd.Series, pattern: str, read: Callable[[pd.Series], pd.DataFrame], *, every_text: bool = True
) -> Reading:
    """Read each distinct segment of ``texts`` once, and give its rows to each text that has it.

    Parameters
    ----------
    texts : pandas.Series
        Strings (missing: empty), indexed by their position.
    pattern : str
        The regular expression segments are cut at.
    read : callable
        Reads a Series of distinct segments (indexed 0, 1, …) as texts of one segment: it
        returns rows with ``text`` (the segment's index) and ``seg`` (0), and whatever else;
        each text's rows must depend on that text alone.
    every_text : bool, default True
        False: rows only for the first text of those that read alike (:attr:`Reading.alike`).

    Returns
    -------
    Reading
        ``rows``: ``read``'s rows for each segment of each text, texts and segments in order
        and each segment's rows in ``read``'s order, ``text`` and ``seg`` those of the text;
        ``alike``: the first text that reads as each text.
    """
    cut = segments(texts.astype("string").fillna(""), pattern)
    codes, uniq = pd.factorize(cut["segment"].fillna("").to_numpy(dtype=object))
    found = read(pd.Series(np.asarray(uniq, dtype=object), dtype=object))
    if found.empty or (found["seg"].to_numpy() != 0).any():  # none, or segments the pattern cuts again
        whole = read(texts) if not found.empty else found
        return Reading(whole, pd.Series(whole["text"].unique(), index=whole["text"].unique()))
    owner = found["text"].to_numpy(dtype=np.int64)
    order = np.argsort(owner, kind="stable")
    counts = np.bincount(owner, minlength=len(uniq))
    starts = np.cumsum(counts) - counts
    has = counts[codes] > 0
    alike = _first_alike(cut["text"].to_numpy()[has], codes[has], len(uniq))
    if not every_text:
        has &= cut["text"].map(alike).to_numpy() == cut["text"].to_numpy()
    cut, codes = cut[has], codes[has]
    each = counts[codes]  # rows of each text's segment
    offset = np.arange(int(each.sum())) - np.repeat(np.cumsum(each) - each, each)
    out = found.iloc[order[np.repeat(starts[codes], each) + offset]].reset_index(drop=True)
    out["text"] = np.repeat(cut["text"].to_numpy(), each)
    out["seg"] = np.repeat(cut["seg"].to_numpy(dtype=np.int64), each)
    return Reading(out, alike)


def _first_alike(text: np.ndarray, code: np.ndarray, n_codes: int) -> pd.Series:
    """Per text, the first text with the same sequence of segment codes (``text`` grouped, in order).

    Exact and vectorised: the sequences are numbered position by position, each number
    combined with the next code and numbered again (no hash that could collide).
    """
    t, names = pd.factorize(text)
    start = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])
    pos = np.arange(len(t)) - np.repeat(start, np.diff(np.r_[start, len(t)]))
    key = np.zeros(len(names), dtype=np.int64)
    for j in range(int(pos.max(initial=-1)) + 1):
        at = pos == j
        value = np.zeros(len(names), dtype=np.int64)
        value[t[at]] = code[at] + 1
        key = np.asarray(pd.factorize(key * (n_codes + 1) + value)[0], dtype=np.int64)
    first = np.unique(key, return_index=True)[1]  # keys number the sequences by first appearance
    return pd.Series(np.asarray(names)[first[key]], index=np.asarray(names))


def words_of(texts: pd.Series) -> pd.DataFrame:
    """Cut distinct texts into segments and words: one row per word, in order, with its key."""
    seg = segments(texts, _SEGMENT)
    words = seg["segment"].astype("string").fillna("").str.findall(_WORD).explode()
    out = pd.DataFrame(
        {
            "text": seg["text"].to_numpy()[words.index.to_numpy()],
            "seg": seg["seg"].to_numpy()[words.index.to_numpy()],
            "word": words.to_numpy(dtype=object),
        }
    ).dropna(subset=["word"])
    uniq, inverse = np.unique(out["word"].to_numpy(dtype=str), return_inverse=True)
    out["key"] = np.asarray(normalize_names(uniq.tolist()), dtype=object)[inverse.ravel()]
    out = out[out["key"] != ""].reset_index(drop=True)
    out["pos"] = out.groupby(["text", "seg"]).cumcount()
    out["n"] = out.groupby(["text", "seg"])["pos"].transform("size")
    return out


def street_context(words: pd.DataFrame) -> np.ndarray:
    """Whether each word follows a street word ("rue", "route") in its segment, with no number since."""
    sub = load_subplaces()
    key = words["key"].to_numpy(dtype=object)
    state = np.where(pd.Series(key, dtype=object).isin(sub.streets).to_numpy(dtype=bool), 1.0, np.nan)
    state[np.char.isdigit(key.astype(str))] = 0.0
    filled = pd.Series(state).groupby([words["text"], words["seg"]]).shift(1)
    filled = filled.groupby([words["text"], words["seg"]]).ffill()
    return np.asarray(filled.fillna(0.0).to_numpy() == 1.0, dtype=bool)


def runs_of_words(words: pd.DataFrame, street: np.ndarray) -> pd.DataFrame:
    """Every run of one to :data:`MAX_WORDS` words of a segment (not after a street word), with its key."""
    key = words["key"].to_numpy(dtype=object)
    shown = words["word"].to_numpy(dtype=object)
    group = words["text"].to_numpy() * 100_000 + words["seg"].to_numpy()
    found = []
    for n in range(1, MAX_WORDS + 1):
        start = np.flatnonzero((words["pos"].to_numpy() + n <= words["n"].to_numpy()) & ~street)
        if not len(start):
            break
        run_key, run_words = key[start].copy(), shown[start].copy()
        for j in range(1, n):
            same = group[start + j] == group[start]
            run_key = np.where(same, run_key + key[start + j], run_key)
            run_words = np.where(same, run_words + " " + shown[start + j], run_words)
        whole = words["n"].to_numpy()[start] == n
        lengths = np.fromiter((len(k) for k in run_key), dtype=np.int64, count=len(run_key))
        keep = (lengths >= MIN_KEY) | whole
        found.append(
            pd.DataFrame(
                {
                    "text": words["text"].to_numpy()[start[keep]],
                    "seg": words["seg"].to_numpy()[start[keep]],
                    "first": words["pos"].to_numpy()[start[keep]],
                    "last": words["pos"].to_numpy()[start[keep]] + n - 1,
                    "key": run_key[keep],
                    "words": run_words[keep],
                }
            )
        )
    return pd.concat(found, ignore_index=True)
