"""The Parquet reader: (Geo)Parquet tables, their cells written as text and checked as a CSV's."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema
from .._resources import check_input_file
from ..errors import InputError
from .header import unique_names
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
    columns = {}
    for name, i in zip(unique_names([str(c) for c in frame.columns]), range(frame.shape[1]), strict=True):
        s = frame.iloc[:, i]
        columns[name] = s.astype(object).where(s.notna(), "").astype(str)
    out = pd.DataFrame(columns, index=frame.index)
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


def _geo_columns(meta: dict[bytes, bytes], source: str) -> list[str]:
    """Return the geometry columns a GeoParquet ``geo`` metadata names, or say why it can't be read."""
    try:
        geo = json.loads(meta[b"geo"])
    except (ValueError, UnicodeDecodeError) as err:
        msg = f"{source}: its GeoParquet 'geo' metadata is not JSON ({err}); rewrite the file, or drop that metadata."
        raise InputError(msg) from err
    columns = geo.get("columns", {}) if isinstance(geo, dict) else None
    if not isinstance(columns, dict):
        msg = (
            f"{source}: its GeoParquet 'geo' metadata is not an object with a 'columns' object; "
            "rewrite the file, or drop that metadata."
        )
        raise InputError(msg)
    return [str(c) for c in columns]


def drop_geometry(table: Any, source: str = "the Parquet file") -> Any:
    """Drop the WKB geometry columns of a GeoParquet table (``pyarrow.Table`` or batch).

    GeoParquet files written by :func:`clusteratlas.export.write_parquet` keep ``lat`` and
    ``lon`` beside their geometry; the geometry, binary, is not a record's cell. A column
    the metadata names as geometry but that holds no binary data is a record's column, and
    is kept.

    Raises
    ------
    InputError
        If the ``geo`` metadata is not JSON, or not an object with a ``columns`` object.
    """
    import pyarrow as pa

    meta = table.schema.metadata or {}
    if b"geo" not in meta:
        return table
    named = set(_geo_columns(meta, source))
    binary = (pa.types.is_binary, pa.types.is_large_binary, pa.types.is_binary_view)
    names = [f.name for f in table.schema if f.name in named and any(is_(f.type) for is_ in binary)]
    return table.drop_columns(names) if names else table


def _text_columns(table: Any, source: str) -> Any:
    """Cast binary columns to text (refused if not UTF-8), so none is lost or shown as bytes."""
    import pyarrow as pa

    for i, field in enumerate(table.schema):
        if pa.types.is_binary(field.type) or pa.types.is_large_binary(field.type):
            try:
                text = table.column(i).cast(pa.string())
            except pa.ArrowInvalid as err:
                msg = (
                    f"{source}: column {field.name!r} holds binary data that is not UTF-8 text; "
                    "write it as text (a string column), or drop it."
                )
                raise InputError(msg) from err
            table = table.set_column(i, field.name, text)
    return table


def _to_frame(table: Any) -> pd.DataFrame:
    """Return the Arrow table as a frame; a named pandas index written into the file comes back as columns."""
    frame = table.to_pandas(integer_object_nulls=True)  # integers with gaps stay integers ("1", not "1.0")
    named = [n for n in frame.index.names if n is not None]
    if named:
        frame = frame.reset_index(level=named)
        frame.index = pd.RangeIndex(len(frame))
    return frame


def read_parquet(path: Path, *, chosen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a Parquet file's records as text (its geometry columns dropped).

    Parameters
    ----------
    path : Path
        A ``.parquet`` file.
    chosen : mapping, optional
        Our column -> the header the user chose for it (no conflict with its synonyms).

    Returns
    -------
    pandas.DataFrame
        One record per row, as strings; messages number them as records from 1.

    Raises
    ------
    InputError
        If the file is not valid Parquet, repeats a recognised column, holds binary data
        that is not UTF-8 text, or has ``geo`` metadata that is not GeoParquet's.
    """
    pfile = parquet_file(path)
    try:
        table = pfile.read()
    except Exception as err:
        raise _unreadable(path, err) from err
    table = _text_columns(drop_geometry(table, str(path)), str(path))
    check_header(table.column_names, str(path), chosen=chosen)
    if len(set(table.column_names)) < table.num_columns:  # repeated names numbered, as a CSV's
        table = table.rename_columns(unique_names(table.column_names))
    try:
        frame = as_strings(_to_frame(table))
    except (ValueError, TypeError, NotImplementedError) as err:  # Arrow's errors derive from these
        msg = f"{path}: a column can't be read as text ({str(err)[:200]}); write its values as text or numbers."
        raise InputError(msg) from err
    schema.set_provenance(frame, row_label="record", row_offset=1, source=str(path))
    return frame
