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

import numpy as np
import pandas as pd

__all__ = ["by_segment", "segments"]


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


def by_segment(texts: pd.Series, pattern: str, read: Callable[[pd.Series], pd.DataFrame]) -> pd.DataFrame:
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

    Returns
    -------
    pandas.DataFrame
        ``read``'s rows for each segment of each text, texts and segments in order and each
        segment's rows in ``read``'s order, ``text`` and ``seg`` those of the text.
    """
    cut = segments(texts.astype("string").fillna(""), pattern)
    codes, uniq = pd.factorize(cut["segment"].fillna("").to_numpy(dtype=object))
    found = read(pd.Series(np.asarray(uniq, dtype=object), dtype=object))
    if found.empty:
        return found
    if (found["seg"].to_numpy() != 0).any():  # a segment the pattern cuts again: read the texts whole
        return read(texts)
    owner = found["text"].to_numpy(dtype=np.int64)
    order = np.argsort(owner, kind="stable")
    counts = np.bincount(owner, minlength=len(uniq))
    starts = np.cumsum(counts) - counts
    each = counts[codes]  # rows of each text's segment
    offset = np.arange(int(each.sum())) - np.repeat(np.cumsum(each) - each, each)
    out = found.iloc[order[np.repeat(starts[codes], each) + offset]].reset_index(drop=True)
    out["text"] = np.repeat(cut["text"].to_numpy(), each)
    out["seg"] = np.repeat(cut["seg"].to_numpy(dtype=np.int64), each)
    return out
