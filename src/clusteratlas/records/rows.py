"""Naming rows: the line of the file a record starts on, and messages that name bad values.

Messages about values name the file, the column as the user wrote its header, and the first
rows as a text editor or a spreadsheet numbers them, with their values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import schema

__all__ = ["describe_rows", "describe_values", "keep_rows", "row_numbers"]


def row_numbers(frame: pd.DataFrame, positions: np.ndarray | Sequence[int]) -> np.ndarray:
    """Return the file row (the line a text editor shows, or the spreadsheet row) of records.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records from :func:`~clusteratlas.records.read_records` (their provenance says where
        each record starts: :func:`~clusteratlas.schema.row_offset`,
        :func:`~clusteratlas.schema.row_jumps`).
    positions : array of int
        Positions of records in ``frame`` (0-based).

    Returns
    -------
    numpy.ndarray
        One row number per position: ``row_offset`` plus the position, plus the lines taken by
        title rows, blank lines and multi-line quoted cells before it.
    """
    pos = np.asarray(positions, dtype=np.int64)
    out = pos + schema.row_offset(frame)
    jumps = schema.row_jumps(frame)
    if jumps and len(pos):
        at = np.array([p for p, _ in jumps], dtype=np.int64)
        extra = np.array([d for _, d in jumps], dtype=np.int64)
        k = np.searchsorted(at, pos, side="right") - 1
        out += np.where(k >= 0, extra[np.maximum(k, 0)], 0)
    return out


def describe_rows(
    frame: pd.DataFrame, rows: np.ndarray, column: str, limit: int = 3, why: Sequence[str] | None = None
) -> str:
    """Name the file, the column and the first ``limit`` rows of ``rows``, with their values.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records, with their provenance.
    rows : numpy.ndarray
        Positions of the bad records, in the order to name them.
    column : str
        Our name of the column (the message gives the user's header).
    limit : int, default 3
        Rows named; the others are counted.
    why : sequence of str, optional
        What is wrong with each row's value, said after it.

    Returns
    -------
    str
        Such as ``firms.csv, column 'Année': row 4 ('20150') and 2 more``.
    """
    label = schema.row_label(frame)
    header = schema.header(frame, column)
    lines = row_numbers(frame, rows[:limit])
    reasons = [f": {w}" for w in why[:limit]] if why is not None else [""] * len(lines)
    shown = ", ".join(
        f"{label} {int(n)} ({frame[column].iat[int(i)]!r}{w})"
        for i, n, w in zip(rows[:limit], lines, reasons, strict=True)
    )
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"{schema.source(frame)}, column {header!r}: {shown}{more}"


def describe_values(frame: pd.DataFrame, column: str, *kinds: tuple[np.ndarray, str]) -> str:
    """Name every bad value of a column at once, in row order: ``kinds`` are (positions, what is wrong).

    With one kind of problem it is said once after the rows; with several, after each value.
    """
    present = [(np.asarray(rows, dtype=np.int64), why) for rows, why in kinds if len(rows)]
    if len(present) == 1:
        rows, why = present[0]
        return f"{describe_rows(frame, rows, column)}: {why}"
    rows = np.concatenate([r for r, _ in present])
    whys = np.concatenate([np.full(len(r), why, dtype=object) for r, why in present])
    order = np.argsort(rows, kind="stable")
    return describe_rows(frame, rows[order], column, why=[str(w) for w in whys[order]])


def keep_rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """Return the records ``keep`` says, renumbered from 0, their provenance still giving each one's file row.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records with their provenance (see :func:`row_numbers`).
    keep : numpy.ndarray
        One boolean per record.

    Returns
    -------
    pandas.DataFrame
        The kept records; :func:`row_numbers` gives each the row it had in ``frame``.
    """
    keep = np.asarray(keep, dtype=bool)
    lines = row_numbers(frame, np.arange(len(frame)))[keep]
    out = frame[keep].reset_index(drop=True)
    schema.copy_provenance(out, frame)
    extra = lines - schema.row_offset(frame) - np.arange(len(lines))
    change = np.flatnonzero(np.diff(extra, prepend=0))
    schema.set_provenance(out, row_jumps=tuple((int(p), int(extra[p])) for p in change))
    return out
