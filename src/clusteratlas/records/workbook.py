"""The workbook reader: one sheet of an ``.xlsx``/``.xlsm`` file, below its header.

The sheet is the one named, else the only one that holds cells; title rows above the
header are skipped (see :func:`~clusteratlas.records.header.find_header`), blank rows are
left out, and provenance says on which spreadsheet row each record is.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from .._resources import check_input_file
from ..errors import InputError
from .header import HEADER_SCAN, find_header, header_names, say_titles, unique_names
from .tidy import drop_totals
from .vocabulary import MAX_COLUMNS, check_header

__all__ = ["MAX_CELLS", "MAX_PART_BYTES", "MAX_RATIO", "read_workbook"]

_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"  # how a date cell reads as text
#: The most bytes a part of the workbook (a sheet, the shared strings) may hold unpacked.
MAX_PART_BYTES = 1 << 30
#: Parts bigger than :data:`_RATIO_FROM` bytes unpacked may not be packed more than this many
#: times: an exported sheet packs about ten times, a zip bomb thousands.
MAX_RATIO = 100
_RATIO_FROM = 20 << 20
#: The most cells (rows times columns, from the first row to the last filled cell) a sheet may span.
MAX_CELLS = 20_000_000
_SHOWN = 5  # cells named in a message


def _check_parts(path: Path) -> None:
    """Refuse an empty file, or a workbook whose parts unpack to more than :data:`MAX_PART_BYTES` (or pack tightly)."""
    if path.is_file() and path.stat().st_size == 0:
        msg = f"{path}: the file is empty; give a header row (name, city, …) and one row per record."
        raise InputError(msg)
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
            kind = _other_kind(path, z)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        kind = _other_kind(path, None)
        why = kind or type(err).__name__
        msg = f"{path}: cannot be read as an Excel workbook ({why}); save it again as .xlsx or CSV."
        raise InputError(msg) from err
    if kind:
        raise InputError(f"{path}: cannot be read as an Excel workbook ({kind}); save it again as .xlsx or CSV.")
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > MAX_PART_BYTES or (part.file_size > _RATIO_FROM and ratio > MAX_RATIO):
            msg = (
                f"{path}: its part {part.filename!r} unpacks to {part.file_size:,} bytes from {part.compress_size:,} "
                f"(at most {MAX_PART_BYTES:,} bytes, or {MAX_RATIO} times packed above {_RATIO_FROM:,}), as a zip "
                "bomb does; save the sheet again as .xlsx or CSV."
            )
            raise InputError(msg)


def _other_kind(path: Path, book: zipfile.ZipFile | None) -> str:
    """Name what a file given as a workbook really is, when it is another kind of spreadsheet ("" if not)."""
    if book is not None:
        names = set(book.namelist())
        if "mimetype" in names and "content.xml" in names:
            return "it is an OpenDocument spreadsheet (.ods), as LibreOffice saves them"
        return "" if "[Content_Types].xml" in names else "it is a zip archive, not an Excel workbook"
    with path.open("rb") as f:
        head = f.read(8)
    if head == bytes.fromhex("d0cf11e0a1b11ae1"):  # an OLE2 compound document
        return "it is an Excel 97-2003 .xls file or an encrypted workbook"
    return ""


@contextmanager
def _opened_book(path: Path) -> Iterator[Any]:
    """Open a workbook read-only, values as last saved; damaged files are an :class:`InputError`.

    The file is opened here and closed at the end whatever happens (openpyxl, given a path,
    leaves it open when the workbook is damaged).
    """
    import openpyxl

    _check_parts(path)
    with path.open("rb") as handle:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's notes on styles and extensions it skips
                book = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        except Exception as err:  # openpyxl raises many types for damaged files
            msg = f"{path}: cannot be read as an Excel workbook ({type(err).__name__}); save it again as .xlsx or CSV."
            raise InputError(msg) from err
        try:
            yield book
        finally:
            book.close()


def _parsed_rows(sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Yield the rows a sheet's XML holds, as openpyxl parses them: (row, its cells), only the cells present.

    Unlike ``iter_rows``, no row is padded to the declared dimension (a blank cell declared at
    XFD1048576 costs nothing); a formula cell with no saved value is marked ``data_type`` "formula".
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["data_type"] = "formula"
            return cell

    book = sheet.parent
    with sheet._get_source() as src, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser = _Parser(
            src,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


def _has_cells(sheet: object) -> bool:
    if not hasattr(sheet, "_get_source"):  # a chart sheet
        return False
    return any(_text(c["value"]) for _, row in _parsed_rows(sheet) for c in row)


def _text(value: object) -> str:
    """Return a cell as text, as pandas reads it with ``dtype=str`` (whole floats as integers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _named_sheet(names: list[str], path: Path, sheet: str) -> str:
    """Return the sheet named ``sheet``, or the only one named so but for case and spaces ("entreprises")."""
    if sheet in names:
        return sheet
    same = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    if len(same) == 1:
        return same[0]
    msg = f"{path}: has no sheet {sheet!r}; its sheets are {', '.join(repr(n) for n in names)}."
    raise InputError(msg)


def _choose_sheet(book: Any, path: Path, sheet: str | None) -> str:
    """Return the sheet asked for, else the only visible one with cells (the first when none has any)."""
    names = [str(n) for n in book.sheetnames]
    if sheet is not None:
        return _named_sheet(names, path, sheet)
    filled = [n for n in names if _has_cells(book[n])]
    shown = [n for n in filled if getattr(book[n], "sheet_state", "visible") == "visible"]
    filled = shown or filled  # hidden sheets (lookup tables, old versions) are not chosen
    if len(filled) > 1:
        msg = (
            f"{path}: has {len(filled)} sheets with data ({', '.join(repr(n) for n in filled)}); "
            "name the one to read with `sheet`."
        )
        raise InputError(msg)
    return filled[0] if filled else names[0]


def _letters(column: int) -> str:
    """Return a column's letters (1 → A, 28 → AB)."""
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _collect(
    rows: Iterator[tuple[int, list[dict[str, Any]]]], where: str
) -> tuple[list[int], list[int], list[str], list[tuple[int, int]]]:
    """Return the filled cells' rows, columns and text, and the (row, column) of unsaved formulas.

    A cell past :data:`MAX_COLUMNS` is refused; a formula with no saved value is read as empty
    and refused later unless its row is a totals row (:func:`_refuse_unsaved`).
    """
    rs: list[int] = []
    cs: list[int] = []
    texts: list[str] = []
    uncached: list[tuple[int, int]] = []
    for r, row in rows:
        for c in row:
            if c["data_type"] == "formula":
                uncached.append((r, c["column"]))
                continue
            text = _text(c["value"])
            if not text:
                continue
            if c["column"] > MAX_COLUMNS:
                msg = (
                    f"{where}: cell {_letters(c['column'])}{r} is past the {MAX_COLUMNS:,} columns a table "
                    "may have; keep the columns you need."
                )
                raise InputError(msg)
            rs.append(r)
            cs.append(c["column"])
            texts.append(text)
    return rs, cs, texts, uncached


def _refuse_unsaved(uncached: list[tuple[int, int]], where: str, totals: set[int]) -> None:
    """Refuse the formulas with no saved value outside the totals rows (``totals``: their sheet rows)."""
    cells = [f"{_letters(c)}{r}" for r, c in uncached if r not in totals]
    if cells:
        more = f" and {len(cells) - _SHOWN:,} more" if len(cells) > _SHOWN else ""
        msg = (
            f"{where}: cell(s) {', '.join(cells[:_SHOWN])}{more} hold a formula with no saved value; open "
            "the workbook in Excel or LibreOffice and save it, so its values are stored, or paste values over them."
        )
        raise InputError(msg)


def _grid(rows: Iterator[tuple[int, list[dict[str, Any]]]], where: str) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """Return the filled cells as a grid of text (row i is the sheet's row i + 1), and the unsaved formulas."""
    rs, cs, texts, uncached = _collect(rows, where)
    height, width = max(rs, default=0), max(cs, default=0)
    if height * width > MAX_CELLS:
        msg = (
            f"{where}: spans {height:,} rows by {width:,} columns, more than the {MAX_CELLS:,} cells a sheet "
            "may have; keep the cells you need."
        )
        raise InputError(msg)
    grid = np.full((height, width), "", dtype=object)
    values = np.empty(len(texts), dtype=object)
    values[:] = texts
    grid[np.asarray(rs, dtype=np.intp) - 1, np.asarray(cs, dtype=np.intp) - 1] = values
    return pd.DataFrame(grid), uncached


def _sheet_cells(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str, int, list[tuple[int, int]]]:
    """Return the chosen sheet's cells as text (empty as ``""``), its name, the sheet count and unsaved formulas."""
    check_input_file(path)
    chosen = sheet
    with _opened_book(path) as book:
        count = len(book.sheetnames)
        try:
            chosen = _choose_sheet(book, path, sheet)  # reads the sheets' cells to find those with data
            raw, uncached = _grid(_parsed_rows(book[chosen]), f"{path} (sheet {chosen!r})")
        except InputError:
            raise
        except Exception as err:  # openpyxl on damaged sheet XML: bad cell references, values
            which = f"sheet {chosen!r}" if chosen is not None else "a sheet"
            msg = f"{path}: {which} cannot be read ({type(err).__name__}); save it again as .xlsx or CSV."
            raise InputError(msg) from err
    raw = raw.replace(regex=_MIDNIGHT, value=r"\1")  # a date cell is its date, not its midnight
    if raw.empty:
        msg = f"{path}: sheet {chosen!r} is empty; give a header row (name, city, …) and one row per record."
        raise InputError(msg)
    return raw, chosen, count, uncached


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


def read_workbook(path: Path, *, sheet: str | None = None, chosen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a workbook's records as text, below the header of its sheet.

    Parameters
    ----------
    path : Path
        An ``.xlsx`` or ``.xlsm`` file.
    sheet : str, optional
        The sheet to read; needed when more than one visible sheet holds cells (hidden
        sheets are read only when named, or when no visible sheet has cells).
    chosen : mapping, optional
        Our column -> the header the user chose for it (no conflict with its synonyms).

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
    raw, sheet_name, count, uncached = _sheet_cells(path, sheet)
    head = [(i + 1, raw.iloc[i].tolist()) for i in range(min(HEADER_SCAN, len(raw)))]
    source = f"{path} (sheet {sheet_name!r})" if count > 1 else str(path)
    k = find_header(head, source, "row")
    header = header_names(head, k)
    check_header(header, source, chosen=chosen)
    say_titles(source, "row", k + 1)
    frame = _records_below(raw, k, header)
    schema.set_provenance(frame, source=source)
    if not uncached:
        return drop_totals(frame, stacklevel=4)
    with warnings.catch_warnings(record=True) as said:  # said only once the formulas are known to be totals
        warnings.simplefilter("always")
        out = drop_totals(frame, stacklevel=4)
    _refuse_unsaved(uncached, f"{path} (sheet {sheet_name!r})", {r for r, _ in schema.left_out(out)})
    for w in said:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return out
