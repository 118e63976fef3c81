"""Exact duplicate records: rows that repeat an earlier row cell for cell, said and kept.

A register exported twice into one sheet, or a firm pasted again, repeats rows. They are
records as the file gives them, so they are counted as they are (never dropped), but a
warning names them, each with the row it repeats, and the table's provenance keeps the
count and the first pairs for the report.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import schema
from ..errors import ClusterAtlasWarning
from .rows import row_numbers

__all__ = ["DUPLICATES_LISTED", "duplicate_rows", "say_duplicates"]

#: How many repeated rows the warning and the report name before "and N more".
DUPLICATES_LISTED = 5


def duplicate_rows(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions of records that repeat an earlier record exactly, and the position each repeats.

    Rows whose name (else the first column) may repeat are found first (:func:`_may_repeat`);
    only they are then compared cell for cell, their columns factorized and combined
    (:func:`_row_codes`): vectorised and exact, a shared hash never taken for equality.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records.

    Returns
    -------
    tuple of numpy.ndarray
        ``(repeats, originals)``: positions in row order, and for each the position of the
        first record it equals.

    Examples
    --------
    >>> duplicate_rows(pd.DataFrame({"name": ["a", "b", "a"], "city": ["x", "y", "x"]}))
    (array([2]), array([0]))
    """
    none = np.array([], dtype=np.int64)
    if len(frame) < 2 or not len(frame.columns):
        return none, none
    first = frame.columns.get_loc("name") if "name" in frame else 0
    candidates = np.flatnonzero(_may_repeat(frame.iloc[:, first]))  # rows whose name (first cell) may repeat
    if not len(candidates):
        return none, none
    codes = _row_codes(frame.iloc[candidates])
    seen = np.zeros(len(candidates), dtype=bool)
    seen[np.unique(codes, return_index=True)[1]] = True
    repeats = np.flatnonzero(~seen)
    firsts = np.flatnonzero(seen)[codes]  # codes number the distinct rows by first appearance
    return candidates[repeats], candidates[firsts[repeats]]


def _may_repeat(column: pd.Series) -> np.ndarray:
    """Whether each cell may equal another cell of the column: every repeated value is flagged.

    A column of Arrow strings is keyed without hashing its strings: each value's length, first
    and last eight bytes, read from the Arrow buffers at once, combined (a value of at most 16
    bytes is keyed by all of them). Values with a key of their own are certainly unique; the
    others (repeats, and the few that share a key by chance) go to the exact comparison. Other
    columns are factorized.
    """
    values = column.array
    chunked = getattr(values, "_pa_array", None)
    if not isinstance(chunked, pa.ChunkedArray) or not pa.types.is_large_string(chunked.type):
        codes = pd.factorize(column, use_na_sentinel=False)[0]
        return np.asarray(np.bincount(codes)[codes] > 1, dtype=bool)
    key = _byte_keys(chunked.combine_chunks() if chunked.num_chunks else pa.array([], pa.large_string()))
    return repeated(key)


#: Most bits of a key :func:`repeated` counts buckets by (2**24 counts of 8 bytes).
_BUCKET_BITS = 24


def repeated(key: np.ndarray) -> np.ndarray:
    """Whether each 64-bit key equals another (``duplicated(keep=False)``), hashing only keys that may.

    The keys are counted by their top bits first (about four buckets a key, one ``bincount``):
    a key alone in its bucket is unique, and only the others are compared exactly. The
    buckets are at most :data:`_BUCKET_BITS` bits' worth (128 MB of counts): past 4M keys they
    fill up and more keys are compared exactly, with the same result.
    """
    out = np.zeros(len(key), dtype=bool)
    if len(key) < 2:
        return out
    bits = min(max(len(key).bit_length() + 2, 8), _BUCKET_BITS)
    bucket = (key >> np.uint64(64 - bits)).astype(np.intp)
    crowded = np.flatnonzero(np.bincount(bucket, minlength=1 << bits)[bucket] > 1)
    if len(crowded):
        out[crowded] = pd.Series(key[crowded], copy=False).duplicated(keep=False).to_numpy()
    return out


def _byte_keys(strings: pa.LargeStringArray) -> np.ndarray:
    """Return a 64-bit key of each string from its length and its first and last eight bytes (missing: one key)."""
    n = len(strings)
    _, offsets_buf, data_buf = strings.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[strings.offset : strings.offset + n + 1]
    data = np.zeros(int(offsets[-1]) + 16, dtype=np.uint8)  # zero padding: an 8-byte read never runs off
    if data_buf is not None and offsets[-1] > 0:
        data[: int(offsets[-1])] = np.frombuffer(data_buf, dtype=np.uint8)[: int(offsets[-1])]
    words = np.ndarray(shape=(len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))  # the 8 bytes from each byte on
    starts, lengths = offsets[:-1], np.diff(offsets)
    short = np.minimum(lengths, 8).astype(np.uint64) * np.uint64(8)
    mask = np.where(lengths >= 8, ~np.uint64(0), (np.uint64(1) << short) - np.uint64(1))
    head = words[starts] & mask
    tail = np.where(lengths > 8, words[np.maximum(offsets[1:] - 8, 0)], np.uint64(0))
    with np.errstate(over="ignore"):
        key = head * np.uint64(0x9E3779B97F4A7C15) ^ tail * np.uint64(0xC2B2AE3D27D4EB4F) ^ lengths.astype(np.uint64)
    if strings.null_count:
        key[np.asarray(strings.is_null())] = np.uint64(0xFFFF_FFFF_FFFF_FFFF)
    return key


def _row_codes(frame: pd.DataFrame) -> np.ndarray:
    """Return one code per row, equal for rows equal in every cell, numbered by first appearance.

    Each column is factorized once (missing cells one code) and the codes are combined column
    by column, refactorized before the combined key could overflow: exact, with no hashing.
    """
    key = np.zeros(len(frame), dtype=np.int64)
    top = 1
    for i in range(frame.shape[1]):
        codes, uniques = pd.factorize(frame.iloc[:, i], use_na_sentinel=False)
        if top * (len(uniques) + 1) >= 2**62:
            key, top = pd.factorize(key)[0].astype(np.int64), int(key.max(initial=0)) + 1
        key = key * (len(uniques) + 1) + codes.astype(np.int64)
        top *= len(uniques) + 1
    return np.asarray(pd.factorize(key)[0], dtype=np.int64)


def say_duplicates(frame: pd.DataFrame, *, stacklevel: int = 2) -> None:
    """Warn about the records that repeat an earlier one exactly, and keep the first pairs in the provenance.

    Only a table with a ``name`` column is checked: in a list of towns without names, equal
    rows are different records of the same town.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records from :func:`~clusteratlas.records.prepare_records`; their provenance gains
        ``duplicates`` (the count and the first :data:`DUPLICATES_LISTED` (row, row repeated)).
    stacklevel : int, default 2
        Passed to :func:`warnings.warn`.

    Warns
    -----
    ClusterAtlasWarning
        Naming the first repeated rows (as the file numbers them) and the rows they repeat.
    """
    if "name" not in frame:
        return
    repeats, originals = duplicate_rows(frame)
    if not len(repeats):
        return
    lines = row_numbers(frame, repeats[:DUPLICATES_LISTED])
    of = row_numbers(frame, originals[:DUPLICATES_LISTED])
    label = schema.row_label(frame)
    pairs = tuple((int(r), int(o)) for r, o in zip(lines, of, strict=True))
    shown = ", ".join(f"{label} {r} (same as {label} {o})" for r, o in pairs)
    more = f" and {len(repeats) - len(pairs)} more" if len(repeats) > len(pairs) else ""
    count = len(repeats)
    what = "record repeats" if count == 1 else "records repeat"
    msg = (
        f"{schema.source(frame)}: {count} {what} an earlier record exactly, every cell the same: {shown}{more}. "
        "They are counted as they are; remove the repeated rows from the file if they are the same firm."
    )
    warnings.warn(msg, ClusterAtlasWarning, stacklevel=stacklevel + 1)
    schema.set_provenance(frame, duplicates=(count, pairs))
