"""The readers, chosen by the file's suffix: a registry of name → reader, declared beside them.

Each :class:`Reader` reads a file's records as text under its own headers, with their
provenance (:func:`~clusteratlas.schema.set_provenance`); :func:`~clusteratlas.records.read_records`
then checks and converts them the same way whatever the file. A new input format is one
reader function and one entry in :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
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
        ``read(path, *, name_column=None, **{option: value})`` → records as text.
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
    if suffix not in _BY_SUFFIX:
        msg = f"{path}: unsupported file type {suffix or '(none)'!r}; use one of {', '.join(SUPPORTED)}."
        raise InputError(msg)
    return _BY_SUFFIX[suffix]


def _refuse_option(path: Path, reader: Reader, option: str, value: str | None) -> None:
    """Refuse ``sheet`` or ``layer`` for a file whose reader does not take it."""
    if value is None or reader.option == option:
        return
    owner = next(r for r in READERS.values() if r.option == option)
    msg = f"{path}: {option} {value!r} was asked for, but only {owner.kinds} have {_PLURAL[option]}."
    raise InputError(msg)


def read_table(
    path: Path, *, sheet: str | None = None, layer: str | None = None, name_column: str | None = None
) -> pd.DataFrame:
    """Read a file's records as text with the reader its suffix chooses.

    Parameters
    ----------
    path : Path
        The file (see :data:`SUPPORTED`).
    sheet, layer : str, optional
        The workbook's sheet, the GeoPackage's layer; refused for other files.
    name_column : str, optional
        The column that names the records.

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
    reader = reader_for(path)
    _refuse_option(path, reader, "sheet", sheet)
    _refuse_option(path, reader, "layer", layer)
    options = {reader.option: sheet if reader.option == "sheet" else layer} if reader.option else {}
    return reader.read(path, name_column=name_column, **options)
