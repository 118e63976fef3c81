"""The workbook reader: one sheet of an ``.xlsx``/``.xlsm`` file, below its header.

The sheet is the one named, else the only one that holds cells; title rows above the
header are skipped (see :func:`~clusteratlas.records.header.find_header`), blank rows are
left out, and provenance says on which spreadsheet row each record is.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema
from .._resources import check_input_file
from ..errors import InputError
from .header import HEADER_SCAN, find_header, header_names, say_titles, unique_names
from .tidy import drop_totals
from .vocabulary import check_header

__all__ = ["read_workbook"]

_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"  # how pandas writes a date cell read as text


def _has_cells(sheet: object) -> bool:
    rows = getattr(sheet, "iter_rows", None)
    if rows is None:  # a chart sheet
        return False
    return any(any(v is not None and str(v).strip() for v in row) for row in rows(values_only=True))


def _choose_sheet(book: pd.ExcelFile, path: Path, sheet: str | None) -> str:
    """Return the sheet asked for, else the only visible one with cells (the first when none has any)."""
    names = [str(n) for n in book.sheet_names]
    if sheet is not None:
        if sheet not in names:
            msg = f"{path}: has no sheet {sheet!r}; its sheets are {', '.join(repr(n) for n in names)}."
            raise InputError(msg)
        return sheet
    filled = [n for n in names if _has_cells(book.book[n])]
    shown = [n for n in filled if getattr(book.book[n], "sheet_state", "visible") == "visible"]
    filled = shown or filled  # hidden sheets (lookup tables, old versions) are not chosen
    if len(filled) > 1:
        msg = (
            f"{path}: has {len(filled)} sheets with data ({', '.join(repr(n) for n in filled)}); "
            "name the one to read with `sheet`."
        )
        raise InputError(msg)
    return filled[0] if filled else names[0]


def _sheet_cells(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str, int]:
    """Return every cell of the chosen sheet as text (empty as ``""``), its name, and the workbook's sheet count."""
    check_input_file(path)
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as err:  # openpyxl raises many types for damaged files
        msg = f"{path}: cannot be read as an Excel workbook ({type(err).__name__}); save it again as .xlsx or CSV."
        raise InputError(msg) from err
    with book:
        count = len(book.sheet_names)
        chosen = _choose_sheet(book, path, sheet)
        try:
            raw = pd.read_excel(book, sheet_name=chosen, header=None, dtype=str, keep_default_na=False)
        except Exception as err:
            msg = f"{path}: sheet {chosen!r} cannot be read ({type(err).__name__}); save it again as .xlsx or CSV."
            raise InputError(msg) from err
    raw = raw.fillna("").astype(str)
    raw = raw.replace(regex=_MIDNIGHT, value=r"\1")  # a date cell is its date, not its midnight
    if raw.empty:
        msg = f"{path}: sheet {chosen!r} is empty; give a header row (name, city, …) and one row per record."
        raise InputError(msg)
    return raw, chosen, count


def _records_below(raw: pd.DataFrame, k: int, header: list[str]) -> pd.DataFrame:
    """Return the rows below the header that are not blank, under it; provenance gives their rows."""
    data = raw.iloc[k + 1 :]
    keep = ~(data.apply(lambda col: col.str.strip().eq("")).all(axis=1)).to_numpy() if len(data) else np.zeros(0, bool)
    frame = pd.DataFrame(data.to_numpy()[keep], columns=unique_names(header)) if header else pd.DataFrame()
    empty = [c for c, h in zip(frame.columns, header, strict=True) if not h and not frame[c].str.strip().any()]
    frame = frame.drop(columns=empty)
    extra = np.flatnonzero(keep) - np.arange(int(keep.sum()))
    change = np.flatnonzero(np.diff(extra, prepend=0))
    schema.set_provenance(frame, row_offset=k + 2, row_jumps=tuple((int(p), int(extra[p])) for p in change))
    return frame


def read_workbook(path: Path, *, sheet: str | None = None, name_column: str | None = None) -> pd.DataFrame:
    """Read a workbook's records as text, below the header of its sheet.

    Parameters
    ----------
    path : Path
        An ``.xlsx`` or ``.xlsm`` file.
    sheet : str, optional
        The sheet to read; needed when more than one visible sheet holds cells (hidden
        sheets are read only when named, or when no visible sheet has cells).
    name_column : str, optional
        The column that names the records (no conflict with the ``name`` synonyms).

    Returns
    -------
    pandas.DataFrame
        The records as strings, under the sheet's headers (group lines above it read in, see
        :func:`~clusteratlas.records.header.header_names`), with their provenance (the source
        names the sheet when the workbook has several); blank rows, unnamed empty columns and
        a totals row at the end left out.

    Raises
    ------
    InputError
        If the workbook can't be read, has no such sheet, several sheets with cells and none
        named, an empty sheet, or repeats a recognised column.

    Warns
    -----
    ClusterAtlasWarning
        When a totals row was left out.
    """
    raw, chosen, count = _sheet_cells(path, sheet)
    head = [(i + 1, raw.iloc[i].tolist()) for i in range(min(HEADER_SCAN, len(raw)))]
    source = f"{path} (sheet {chosen!r})" if count > 1 else str(path)
    k = find_header(head, source, "row")
    header = header_names(head, k)
    check_header(header, source, name_column=name_column)
    say_titles(source, "row", k + 1)
    frame = _records_below(raw, k, header)
    schema.set_provenance(frame, source=source)
    return drop_totals(frame, stacklevel=4)
