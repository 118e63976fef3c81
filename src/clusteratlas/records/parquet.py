"""The Parquet reader: (Geo)Parquet tables, their cells written as text and checked as a CSV's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema
from .._resources import check_input_file
from ..errors import InputError
from .vocabulary import check_header

__all__ = ["as_strings", "drop_geometry", "parquet_file", "read_parquet"]


def _unreadable(path: Path, err: Exception) -> InputError:
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return InputError(f"{path}: cannot be read as Parquet ({first}); check the file is valid Parquet.")


def as_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a frame's cells as strings, missing values as ``""``, as CSV input reads them.

    Parquet columns are typed (numbers, booleans, dates); writing them as strings lets
    :func:`~clusteratlas.records.prepare_records` check and convert them exactly as it does a
    CSV's cells.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table as read (any dtypes).

    Returns
    -------
    pandas.DataFrame
        The same table with string columns, as ``pandas.read_csv(dtype=str)`` gives.
    """
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        s = frame[col]
        text = s.astype(object).where(s.notna(), "").astype(str)
        out[str(col)] = text
    schema.copy_provenance(out, frame)
    return out


def parquet_file(path: Path) -> Any:
    """Open a Parquet file (a ``pyarrow.parquet.ParquetFile``), or say why it can't be read.

    Raises
    ------
    InputError
        If the file is missing or is not valid Parquet.
    """
    import pyarrow.parquet as pq

    check_input_file(path)
    try:
        return pq.ParquetFile(path)
    except Exception as err:  # pyarrow's ArrowInvalid and OSError for damaged files
        raise _unreadable(path, err) from err


def drop_geometry(table: Any) -> Any:
    """Drop the WKB geometry columns of a GeoParquet table (``pyarrow.Table`` or batch).

    GeoParquet files written by :func:`clusteratlas.export.write_parquet` keep ``lat`` and
    ``lon`` beside their geometry; the geometry, binary, is not a record's cell.
    """
    meta = table.schema.metadata or {}
    if b"geo" not in meta:
        return table
    geo = json.loads(meta[b"geo"])
    names = [c for c in geo.get("columns", {}) if c in table.schema.names]
    return table.drop_columns(names) if names else table


def read_parquet(path: Path, *, name_column: str | None = None) -> pd.DataFrame:
    """Read a Parquet file's records as text (its geometry columns dropped).

    Parameters
    ----------
    path : Path
        A ``.parquet`` file.
    name_column : str, optional
        The column that names the records (no conflict with the ``name`` synonyms).

    Returns
    -------
    pandas.DataFrame
        One record per row, as strings; messages number them as records from 1.

    Raises
    ------
    InputError
        If the file is not valid Parquet or repeats a recognised column.
    """
    pfile = parquet_file(path)
    try:
        table = pfile.read()
    except Exception as err:
        raise _unreadable(path, err) from err
    frame = as_strings(drop_geometry(table).to_pandas())
    check_header(list(frame.columns), str(path), name_column=name_column)
    schema.set_provenance(frame, row_label="record", row_offset=1, source=str(path))
    return frame
