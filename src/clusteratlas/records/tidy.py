"""Tables as agencies export them: blank rows and columns between blocks, a totals row at the end.

A register exported from a spreadsheet often has empty rows or columns between its blocks
(a row of separators only, ``;;;;``, in a CSV) and ends with a totals row ("Total",
"TOTAL GÉNÉRAL", "Ensemble", "Totaux"). None of these is a record: the readers leave them
out, and say so for a totals row, with its row.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import schema
from ..errors import ClusterAtlasWarning, InputError
from ..gazetteer import normalize_name
from .rows import keep_rows, row_numbers
from .vocabulary import LOCATION_COLUMNS, canonical_column

__all__ = ["TOTALS", "check_cells", "drop_blank_columns", "drop_blank_rows", "drop_totals", "refuse_nul_cells"]

#: What the first cell of a totals row says (case, accents, spaces and punctuation ignored);
#: "Total" followed by a number ("Total : 411") too.
TOTALS = ("total", "totaux", "totals", "total général", "grand total", "sous-total", "ensemble", "somme")
_TOTAL_KEYS = frozenset(normalize_name(t) for t in TOTALS)
_TOTAL_NUMBER = re.compile(r"(?:grand|sous)?total(?:general)?\d+")


def _empty(cells: pd.Series) -> np.ndarray:
    """Whether each cell is empty or only spaces."""
    return np.asarray(cells.astype("string").fillna("").str.strip().eq("").to_numpy(), dtype=bool)


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Whether each record's every cell is empty; a column at a time, on the records still blank (few)."""
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        blank[rows[~_empty(frame[column].iloc[rows])]] = False
    return blank


def drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Leave out the records whose every cell is empty (rows of separators only); ``frame`` if none is."""
    blank = _blank_rows(frame)
    return keep_rows(frame, ~blank) if blank.any() else frame


def drop_blank_columns(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Leave out the columns with no name in the header (``names``, in order) and no cell filled."""
    unnamed = [c for j, c in enumerate(frame.columns) if j < len(names) and not names[j].strip()]
    empty = [c for c in unnamed if _empty(frame[c]).all()]
    return frame.drop(columns=empty) if empty else frame


def _is_totals(frame: pd.DataFrame, i: int) -> str | None:
    """Return the first cell of record ``i`` if it is a totals row (a totals word and no location), else ``None``."""
    cells = [str(v).strip() for v in frame.iloc[i].tolist()]
    first = next((c for c in cells if c), "")
    key = normalize_name(first)
    if not (key in _TOTAL_KEYS or _TOTAL_NUMBER.fullmatch(key)):
        return None
    located = [c for c in frame.columns if canonical_column(c) in LOCATION_COLUMNS]
    if any(normalize_name(frame[c].iat[i]) not in ("", key) for c in located):
        return None  # a record named "Ensemble …" somewhere is a record
    return first


def drop_totals(frame: pd.DataFrame, *, stacklevel: int = 2) -> pd.DataFrame:
    """Leave out the totals rows at the end of the records, with one warning naming them and their rows.

    A totals row is one of the last records whose first filled cell is a totals word
    (:data:`TOTALS`, or "Total" and a number) and whose location columns are empty (or say
    the same word).

    Parameters
    ----------
    frame : pandas.DataFrame
        Records as read, under the file's headers, with their provenance.
    stacklevel : int, default 2
        Passed to :func:`warnings.warn`, for the warning to point at the caller's caller.

    Returns
    -------
    pandas.DataFrame
        ``frame`` without its totals rows (``frame`` itself if it has none).

    Warns
    -----
    ClusterAtlasWarning
        Once, naming the rows left out and what they said; the table's provenance keeps
        them too (:func:`clusteratlas.schema.left_out`: each row and its first cells).
    """
    found: list[tuple[int, str]] = []
    i = len(frame) - 1
    while i >= 0 and (said := _is_totals(frame, i)) is not None:
        found.insert(0, (i, said))
        i -= 1
    if not found:
        return frame
    lines = row_numbers(frame, [p for p, _ in found])
    label = schema.row_label(frame)
    shown = ", ".join(f"{label} {int(n)} ({said!r})" for n, (_, said) in zip(lines, found, strict=True))
    what = "is a totals row, not a record" if len(found) == 1 else "are totals rows, not records"
    msg = f"{schema.source(frame)}: {shown} {what}; left out."
    warnings.warn(msg, ClusterAtlasWarning, stacklevel=stacklevel + 1)
    out = keep_rows(frame, np.arange(len(frame)) < found[0][0])
    cells = [_first_cells(frame, p) for p, _ in found]  # for the report: which rows, and what they said
    schema.set_provenance(out, left_out=tuple(zip((int(n) for n in lines), cells, strict=True)))
    return out


def _first_cells(frame: pd.DataFrame, i: int, k: int = 4) -> tuple[str, ...]:
    """Return the first ``k`` filled cells of record ``i``, as written."""
    cells = (str(v).strip() for v in frame.iloc[i].tolist() if not pd.isna(v))
    return tuple(c for c in cells if c)[:k]


def check_cells(frame: pd.DataFrame, source: str = "the DataFrame") -> None:
    """Refuse cells that are containers (a dict, a list, a set): a record's cell is text, a number or a date.

    Each column of objects is factorized (in C); only a column that can't be, having
    unhashable cells, is searched for its first such cell, to name it.

    Raises
    ------
    InputError
        Naming the column, the row and the kind of value, and how to fix it.
    """
    for i, column in enumerate(frame.columns):
        cells = frame.iloc[:, i]
        if cells.dtype != object:
            continue
        try:
            pd.factorize(cells)
        except TypeError:
            bad = cells.map(lambda v: isinstance(v, dict | list | set | bytearray))
            row = int(np.flatnonzero(bad.to_numpy(dtype=bool))[0]) if bad.any() else 0
            kind = type(cells.iloc[row]).__name__
            msg = (
                f"{source}: column {str(column)!r}, row {row + 1} holds a {kind}, not a cell value; "
                "give text, numbers or dates (json.dumps it to keep it as text)."
            )
            raise InputError(msg) from None


def refuse_nul_cells(chunk: pd.DataFrame, source: str, first_record: int) -> None:
    """Refuse a chunk of text records holding a NUL in a cell or header (searched a column at a time, in C).

    For readers that see a file a chunk at a time (``--chunksize``), where the whole file's
    bytes are never searched at once; ``first_record`` numbers the chunk's records from 1.

    Raises
    ------
    InputError
        Naming the file, the record and the column.
    """
    for i, column in enumerate(chunk.columns):
        if "\x00" in str(column):
            msg = f"{source}: its header holds a NUL byte, so it looks binary or damaged; save it again as text."
            raise InputError(msg)
        has = chunk.iloc[:, i].astype("string").str.contains("\x00", regex=False).fillna(False).to_numpy(dtype=bool)
        if has.any():
            row = first_record + int(np.flatnonzero(has)[0])
            msg = (
                f"{source}: record {row}, column {str(column)!r} holds a NUL byte, so the file looks binary or "
                "damaged; save it again as text."
            )
            raise InputError(msg)
