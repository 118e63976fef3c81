"""The readers, chosen by the file's suffix: a registry of name → reader, declared beside them.

Each :class:`Reader` reads a file's records as text under its own headers, with their
provenance (:func:`~clusteratlas.schema.set_provenance`); :func:`~clusteratlas.records.read_records`
then checks and converts them the same way whatever the file. A new input format is one
reader function and one entry in :data:`READERS`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .._resources import check_input_file
from ..errors import InputError
from .delimited import read_delimited
from .parquet import read_parquet
from .vector import read_vector
from .workbook import read_workbook

__all__ = ["READERS", "SUPPORTED", "Reader", "read_table", "reader_for"]


@dataclass(frozen=True)
class Reader:
    """A reader of one kind of file: the function, the suffixes it reads, the option it takes.

    Attributes
    ----------
    read : callable
        ``read(path, *, chosen=None, **{option: value})`` → records as text.
    suffixes : tuple of str
        The file suffixes (lower case, with the dot) this reader is chosen for.
    option : str or None
        ``"sheet"`` or ``"layer"`` when the reader takes one, named in messages.
    kinds : str
        What its files are called in messages (``"Excel workbooks (.xlsx, .xlsm)"``).
    """

    read: Callable[..., pd.DataFrame]
    suffixes: tuple[str, ...]
    option: str | None = None
    kinds: str = ""


#: Every reader, by name, in the order :data:`SUPPORTED` lists their suffixes (a plain
#: name → reader dict, as mapclassify's classifiers: :func:`reader_for` chooses by suffix).
READERS: dict[str, Reader] = {
    "csv": Reader(read_delimited, (".csv", ".tsv", ".txt")),
    "xlsx": Reader(read_workbook, (".xlsx", ".xlsm"), "sheet", "Excel workbooks (.xlsx, .xlsm)"),
    "vector": Reader(read_vector, (".geojson", ".json", ".gpkg"), "layer", ".geojson, .json, .gpkg files"),
    "parquet": Reader(read_parquet, (".parquet",)),
}

#: The suffixes of the files :func:`~clusteratlas.records.read_records` reads.
SUPPORTED: tuple[str, ...] = tuple(s for r in READERS.values() for s in r.suffixes)
_BY_SUFFIX = {s: r for r in READERS.values() for s in r.suffixes}
_PLURAL = {"sheet": "sheets", "layer": "layers"}


def reader_for(path: Path) -> Reader:
    """Return the reader of a file, chosen by its suffix (case ignored).

    Raises
    ------
    InputError
        If no reader reads the suffix; the message lists those that are read.
    """
    suffix = path.suffix.lower()
    if suffix in _SAVE_AS:
        msg = (
            f"{path}: unsupported file type {suffix!r}: {_SAVE_AS[suffix]}, which clusteratlas does not read; "
            "open it and save it as .xlsx (Excel 2007-365) or CSV (UTF-8), then give that file."
        )
        raise InputError(msg)
    if suffix not in _BY_SUFFIX:
        msg = f"{path}: unsupported file type {suffix or '(none)'!r}; use one of {', '.join(SUPPORTED)}."
        raise InputError(msg)
    return _BY_SUFFIX[suffix]


#: Spreadsheets clusteratlas does not read, and what they are: their message says how to save them.
_SAVE_AS = {
    ".ods": "an OpenDocument spreadsheet (LibreOffice Calc)",
    ".fods": "a flat OpenDocument spreadsheet (LibreOffice Calc)",
    ".xlsb": "an Excel binary workbook",
    ".numbers": "an Apple Numbers spreadsheet",
}


#: The first bytes of an Excel 97-2003 workbook (an OLE2 compound file) and of a zip archive (.xlsx).
_OLE, _ZIP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"
#: Text formats: a workbook under one of these suffixes was renamed.
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".geojson", ".json")


def _refuse_misnamed(path: Path) -> None:
    """Refuse, saying what to do, Excel's lock file, an .xls workbook, and a workbook renamed as text.

    Raises
    ------
    InputError
        Naming what the file is and what to give instead.
    """
    if path.name.startswith("~$"):
        msg = (
            f"{path}: an Excel lock file (Excel writes a '~$' file beside a workbook it has open), not a "
            "workbook; close the workbook in Excel and give the workbook itself."
        )
        raise InputError(msg)
    suffix = path.suffix.lower()
    if suffix not in (".xls", *_TEXT_SUFFIXES):
        return
    with path.open("rb") as f:
        head = f.read(8)
    if suffix == ".xls" or head == _OLE:
        msg = (
            f"{path}: unsupported file type {suffix!r}: an Excel 97-2003 workbook (.xls), which clusteratlas "
            "does not read; open it in Excel or LibreOffice and save it as .xlsx (or CSV)."
        )
        raise InputError(msg)
    if head.startswith(_ZIP) and _is_workbook(path):
        msg = f"{path}: this is an Excel workbook, not a {suffix} text file: rename it .xlsx."
        raise InputError(msg)


def _is_workbook(path: Path) -> bool:
    """Say whether a zip archive is an Excel workbook (it holds ``xl/workbook.xml``)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _refuse_option(path: Path, reader: Reader, option: str, value: str | None) -> None:
    """Refuse ``sheet`` or ``layer`` for a file whose reader does not take it."""
    if value is None or reader.option == option:
        return
    owner = next(r for r in READERS.values() if r.option == option)
    msg = f"{path}: {option} {value!r} was asked for, but only {owner.kinds} have {_PLURAL[option]}."
    raise InputError(msg)


def read_table(
    path: Path, *, sheet: str | None = None, layer: str | None = None, chosen: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Read a file's records as text with the reader its suffix chooses.

    Parameters
    ----------
    path : Path
        The file (see :data:`SUPPORTED`).
    sheet, layer : str, optional
        The workbook's sheet, the GeoPackage's layer; refused for other files.
    chosen : mapping, optional
        Our column -> the header the user chose for it (``name``, ``city``, ``province``, ``region``).

    Returns
    -------
    pandas.DataFrame
        The records as text, under the file's headers, with their provenance.

    Raises
    ------
    InputError
        If the file is missing or not a regular file, its suffix is not read, ``sheet`` or
        ``layer`` does not apply to it, or its reader refuses it.
    """
    check_input_file(path)
    _refuse_misnamed(path)
    reader = reader_for(path)
    _refuse_option(path, reader, "sheet", sheet)
    _refuse_option(path, reader, "layer", layer)
    options = {reader.option: sheet if reader.option == "sheet" else layer} if reader.option else {}
    return reader.read(path, chosen=chosen, **options)
