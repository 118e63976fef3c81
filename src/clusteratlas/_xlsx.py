"""Spreadsheets that lose nothing: the ``--excel`` CSV's numbers and the ``.xlsx`` workbook.

Both take the column types of :func:`clusteratlas._gis.column_kinds`, as the geodata
formats do. The ``--excel`` CSV writes the numbers of every numeric column (also the ones
written ``2 880`` or ``12.5``) as numbers, so that they get decimal commas; codes and other
text are written as they are (a CSV cell is never a formula, so a spreadsheet that reads a
code of digits as a number on double-click still does: the workbook is the file for that).
The workbook holds typed cells (numbers, booleans, dates; codes and every other text as
text, never a formula), a frozen header row and filters, the headers of the columns we add
in the page's language, and pinned dates, so the same records give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._gis import column_kinds, layer_name, typed_frame
from ._notes import names_in, notes_in
from ._resources import atomic_path
from .errors import ClusterAtlasWarning
from .presentation import catalogue, texts
from .schema import source

__all__ = [
    "COLUMN_TITLES",
    "MATCHED",
    "MAX_CELL",
    "NOTES",
    "OUR_WORDS",
    "excel_frame",
    "our_words",
    "write_xlsx",
    "xlsx_headers",
]

#: Headers of the columns we add, per language (the workbook's header row).
COLUMN_TITLES = catalogue("columns")
#: Our columns whose values are our words (the geocoder's statuses and precisions): written in
#: the workbook's language (``address`` is ``adresse``, ``city`` is ``ville``), the user's values as they are.
OUR_WORDS = ("geocode_status", "geocode_precision")
#: Our column of notes: written in the workbook's language part by part (:mod:`clusteratlas._notes`),
#: the user's words and values in them kept as written.
NOTES = "geocode_note"
#: Our column of the names matched: a gazetteer name in the workbook's language ("Tanger") where
#: the status says the gazetteer gave it; the user's own alias as written.
MATCHED = "geocode_match"
_GAZETTEER_MATCHES = ("exact", "alias", "fuzzy", "commune", "address")
#: The longest text a spreadsheet cell holds (Excel's limit).
MAX_CELL = 32_767
#: Text a spreadsheet would read as a number or a date: digits and separators only.
_NUMBER_LIKE = r"[+-]?\d[\d .,/:-]*"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
#: The date the workbook says it was created and modified: fixed, so the bytes are too.
_PINNED = dt.datetime(2000, 1, 1)


def excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return records for the ``--excel`` CSV: every column of numbers as numbers (decimal commas).

    Parameters
    ----------
    frame : pandas.DataFrame
        Records (or any table) under the headers they are written with.

    Returns
    -------
    pandas.DataFrame
        The table with every column of kind integer or real (:func:`column_kinds`) as
        numbers, its header with the unit its cells carried; the other columns as they were.
    """
    kinds = column_kinds(frame)
    numeric = [c for c in frame.columns if kinds[str(c)] in ("integer", "real")]
    if not numeric:
        return frame
    typed = typed_frame(frame[numeric])  # the headers gain the unit the cells carried: "Taux (%)"
    out = frame.copy()
    for i, col in enumerate(numeric):
        out[col] = typed.iloc[:, i].set_axis(out.index)  # Int64 stays whole: 2880, not 2880,0
    return out.rename(columns=dict(zip(numeric, typed.columns, strict=True)))


def our_words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return records with the values of :data:`OUR_WORDS` in ``lang`` (``frame`` itself in English).

    Each column is translated by its distinct values (the ``status`` catalogue); a value the
    catalogue does not know stays as it is. Notes are written part by part
    (:func:`clusteratlas._notes.notes_in`), and the gazetteer's names matched in the language
    (:func:`clusteratlas._notes.names_in`).

    Examples
    --------
    >>> frame = pd.DataFrame({"geocode_status": ["address", "fuzzy"], "geocode_precision": ["city", "odd"]})
    >>> our_words(frame, "fr").to_dict("list")
    {'geocode_status': ['adresse', 'nom approché'], 'geocode_precision': ['ville', 'odd']}
    >>> our_words(pd.DataFrame({"geocode_note": ["not in the gazetteer"]}), "fr")["geocode_note"].tolist()
    ['absent du répertoire des lieux']
    """
    columns = [c for c in (*OUR_WORDS, NOTES) if c in frame.columns]
    if lang == "en" or not columns:
        return frame
    words = texts("status", lang)
    out = frame.copy()
    if MATCHED in out.columns and "geocode_status" in out.columns:  # gazetteer names, not the user's alias
        named = frame["geocode_status"].isin(_GAZETTEER_MATCHES).to_numpy(dtype=bool)
        out.loc[named, MATCHED] = names_in(out.loc[named, MATCHED], lang)
    for column in columns:
        values = out[column]
        if column == NOTES:
            out[column] = notes_in(values, lang).astype(values.dtype)
            continue
        out[column] = values.map(words).where(values.isin(list(words)), values)
    return out


def xlsx_headers(frame: pd.DataFrame, lang: str) -> list[str]:
    """Return the workbook's headers: the user's as they are, ours in ``lang`` (English where a name is taken)."""
    titles = COLUMN_TITLES[lang]
    names = [str(c) for c in frame.columns]
    out = []
    for name in names:
        title = titles.get(name, name)
        out.append(title if title == name or title not in names else name)
    return out


def _cell_text(column: pd.Series, name: str) -> pd.Series:
    """Return a text column's cells fit for a workbook: control characters shown, at most :data:`MAX_CELL` long."""
    text = column.astype(object).where(column.notna(), None)
    filled = text.dropna().astype(str)
    shown = filled.str.replace(_ILLEGAL, lambda m: f"\\x{ord(m.group()):02x}", regex=True)
    long = shown.str.len() > MAX_CELL
    if long.any():
        warnings.warn(
            ClusterAtlasWarning(
                f"column {name!r}: {int(long.sum())} cells longer than {MAX_CELL:,} characters (a spreadsheet's "
                "limit) are cut there in the workbook, ending with '…'; the CSV and geodata outputs keep them whole."
            ),
            stacklevel=3,
        )
        shown[long] = shown[long].str.slice(0, MAX_CELL - 1) + "…"
    text[shown.index] = shown
    return text


def _columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[np.ndarray]]:
    """Return the typed records and each column's cells as Python values (``None`` missing), text fit for a workbook."""
    kinds = column_kinds(frame)
    typed = typed_frame(frame)
    out = []
    for i, name in enumerate(frame.columns):
        values = typed.iloc[:, i]
        if kinds[str(name)] == "text":
            values = _cell_text(values, str(name))
        out.append(values.astype(object).where(values.notna(), None).to_numpy(dtype=object))
    return typed, out


def _normalised_zip(raw: bytes, path: Path) -> None:
    """Write a workbook's zip again with fixed timestamps and permissions (byte-for-byte reproducible)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                data = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            dst.writestr(fixed, data)


#: How the workbook shows dates and times, by language (typed cells either way): French day first.
#: The French locale tag (``[$-40C]``) keeps LibreOffice in another locale from reordering them
#: (it shows ``dd/mm/yyyy`` as 03/12/2015 for 12 March in en-US; Excel reads the tag too).
DATE_FORMATS = {"fr": {"date": "[$-40C]dd/mm/yyyy", "datetime": "[$-40C]dd/mm/yyyy hh:mm:ss"}}


def _sheet_rows(ws: Any, columns: list[np.ndarray], kinds: list[str], lang: str = "en") -> None:
    """Append the records to a write-only sheet, text cells as text even when they start with ``=``.

    Date cells are shown as :data:`DATE_FORMATS` gives for ``lang`` (ISO otherwise).
    """
    from openpyxl.cell import WriteOnlyCell

    texts = [i for i, k in enumerate(kinds) if k == "text"]
    shown = DATE_FORMATS.get(lang, {})
    dates = [(i, shown[k]) for i, k in enumerate(kinds) if k in shown]
    for row in zip(*columns, strict=True):
        cells: list[Any] = list(row)
        for i in texts:
            value = cells[i]
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value)
                cell.data_type = "s"
                cells[i] = cell
        for i, fmt in dates:
            if cells[i] is not None:
                cell = WriteOnlyCell(ws, cells[i])
                cell.number_format = fmt
                cells[i] = cell
        ws.append(cells)


def write_xlsx(frame: pd.DataFrame, path: str | Path, *, lang: str = "en") -> Path:
    """Write records as an Excel workbook, atomically: typed cells, a frozen header row and filters.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records under the headers they are written with (the user's own).
    path : str or Path
        Where to write (``.xlsx``).
    lang : str, default "en"
        The language of the headers of the columns we add (``region_code`` → ``Code région``)
        and of the values that are our words (:data:`OUR_WORDS`, :data:`NOTES`).

    Returns
    -------
    Path
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    frame = our_words(frame, lang)
    kinds = list(column_kinds(frame).values())
    typed, columns = _columns(frame)
    wb = Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = _PINNED
    wb.properties.creator = "clusteratlas"
    ws = wb.create_sheet(layer_name(source(frame))[:31])
    ws.freeze_panes = "A2"
    width = max(len(frame.columns), 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(width)}{len(frame) + 1}"
    header = []
    for title in xlsx_headers(typed, lang):
        cell = WriteOnlyCell(ws, _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", title)[:MAX_CELL])
        cell.data_type = "s"
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    _sheet_rows(ws, columns, kinds, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    with atomic_path(path) as tmp:
        _normalised_zip(buffer.getvalue(), tmp)
    return path
