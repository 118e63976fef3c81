"""Reading CSV text with every cell as a string, at the C parser's speed.

``pandas.read_csv(dtype=str)`` turns each parsed cell into a Python string and then into
pandas' string array, cell by cell: on a million records that is five times the parse
itself. Asking for Arrow strings instead lets pandas hand the parsed cells to Arrow in one
step; the columns are then given pandas' own string dtype (``"str"``), which wraps the same
Arrow data. The cells, the missing values and the dtype are those of ``dtype=str``.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pyarrow as pa

__all__ = ["SPLIT_BYTES", "TEXT", "read_text_csv", "read_text_halves", "text_columns"]

#: The dtype to give ``pandas.read_csv`` for columns read as text (see :func:`text_columns`).
TEXT = pd.ArrowDtype(pa.string())


def text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Give the Arrow string columns of ``frame`` pandas' string dtype, as ``dtype=str`` reads them."""
    frame = _text_index(frame)
    arrow = [c for c, dtype in zip(frame.columns, frame.dtypes, strict=True) if dtype == TEXT]
    if not arrow:
        return frame
    if frame.columns.is_unique:
        return frame.astype(dict.fromkeys(arrow, "str"))
    out = frame.copy(deep=False)
    for j, dtype in enumerate(frame.dtypes):
        if dtype == TEXT:
            out.isetitem(j, frame.iloc[:, j].astype("str"))
    return out


def _text_index(frame: pd.DataFrame) -> pd.DataFrame:
    """Give an index ``pandas.read_csv`` made of cells (rows wider than the header) the string dtype."""
    index = frame.index
    if isinstance(index, pd.MultiIndex):
        levels = [level.astype("str") if level.dtype == TEXT else level for level in index.levels]
        return frame.set_axis(index.set_levels(levels), axis=0)
    if index.dtype == TEXT:
        return frame.set_axis(index.astype("str"), axis=0)
    return frame


def read_text_csv(source: Any, **options: Any) -> pd.DataFrame:
    """Read a CSV as ``pandas.read_csv(source, dtype=str, **options)`` does, in a fifth of the time.

    Parameters
    ----------
    source : path or file-like
        What ``pandas.read_csv`` reads.
    **options
        Further ``pandas.read_csv`` options (not ``dtype``, nor ``chunksize``).

    Returns
    -------
    pandas.DataFrame
        Every column of pandas' string dtype.
    """
    return text_columns(pd.read_csv(source, dtype=TEXT, **options))


#: CSV bytes from which :func:`read_text_halves` parses a file's two halves in two threads.
SPLIT_BYTES = 8 * 2**20


def read_text_halves(data: bytes, **options: Any) -> pd.DataFrame | None:
    """Read CSV bytes as :func:`read_text_csv` does, its two halves parsed by two threads; None when it can't.

    pandas' tokenizer runs without the GIL. The bytes are cut at the first line end past their
    middle; the second half is read under a copy of the header line. The result is the
    whole file's when both halves parse and agree (same columns, same dtypes, no index made
    of cells): a cut inside a quoted cell leaves the first half's quote open, which pandas
    refuses. Otherwise (a parser error, a header on several lines, a small file) None, and
    the caller reads the bytes whole, as before, so its errors name the right line.

    Parameters
    ----------
    data : bytes
        The CSV's UTF-8, header line first.
    **options
        As for :func:`read_text_csv` (``sep``, …), the same for both halves.

    Returns
    -------
    pandas.DataFrame or None
    """
    header_end = data.find(b"\n") + 1
    cut = data.find(b"\n", len(data) // 2) + 1
    if len(data) < SPLIT_BYTES or not 0 < header_end < cut < len(data):
        return None
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="csv-half") as pool:
        halves = list(pool.map(lambda part: _half(part, options), (data[:cut], data[:header_end] + data[cut:])))
    first, second = halves
    if first is None or second is None:
        return None
    same = list(first.columns) == list(second.columns) and first.dtypes.equals(second.dtypes)
    ranges = isinstance(first.index, pd.RangeIndex) and isinstance(second.index, pd.RangeIndex)
    return pd.concat(halves, ignore_index=True) if same and ranges else None


def _half(data: bytes, options: dict[str, Any]) -> pd.DataFrame | None:
    """Read one half of :func:`read_text_halves`; None where pandas refuses it."""
    try:
        return read_text_csv(io.BytesIO(data), **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
