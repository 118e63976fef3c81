"""Reading records: :func:`read_records` reads a file, :func:`prepare_records` checks a table.

Whatever the file, its records are read as text (:mod:`clusteratlas.records.readers`), then
renamed to our vocabulary and checked the same way, every problem of a kind reported in one
message that names the file, the rows and the column.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import schema
from ..errors import InputError
from .duplicates import say_duplicates
from .readers import read_table
from .roles import chosen_columns, place_hint, say_unread
from .values import check_coordinates, check_levers, check_year
from .vocabulary import check_header, check_location, column_renames

__all__ = ["prepare_records", "read_records"]

log = logging.getLogger("clusteratlas")


def read_records(
    path: str | Path,
    *,
    sheet: str | None = None,
    layer: str | None = None,
    name_column: str | None = None,
    city_column: str | None = None,
    province_column: str | None = None,
    region_column: str | None = None,
) -> pd.DataFrame:
    """Read cluster records from a file and check them.

    Parameters
    ----------
    path : str or Path
        A CSV (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16 or UTF-32 with a
        BOM, or Windows-1252/Latin-1), XLSX, GeoJSON, GeoPackage or Parquet file (Parquet
        cells are read as text, then checked as a CSV's). Title rows above the header are
        skipped when the header is within the first :data:`~clusteratlas.records.HEADER_ROWS` rows.
    sheet, layer : str, optional
        The workbook's sheet, the GeoPackage's layer to read; needed when several hold data.
    name_column : str, optional
        The column that names the records, as the file's header writes it (case and accents
        ignored). By default a column of ``SYNONYMS["name"]`` (``name``, ``nom`` …), else the
        first of :data:`~clusteratlas.records.NAME_FALLBACKS` (``Nom de la zone``, ``Raison
        sociale``, ``Company`` …); with none, a warning says so and records are shown by their row.
    city_column, province_column, region_column : str, optional
        The town's, province's and region's column, as for ``name_column``: other columns
        that would mean it keep their own header.

    Returns
    -------
    pandas.DataFrame
        One row per record, in file order, with recognised columns renamed to the canonical
        vocabulary (see :data:`~clusteratlas.records.SYNONYMS`), ``lat``/``lon``/``year`` as
        numbers and lever columns as booleans (``pd.NA`` for unknown). A column headed as a date
        (``Date de création``, ``created`` …) is kept as written and ``year``, the year of
        each date, follows it. :func:`~clusteratlas.records.row_numbers` gives each record's row.

    Raises
    ------
    InputError
        If the file is missing, not a regular file, of an unsupported kind, empty, malformed,
        has several sheets or layers and none is named, repeats a location column or has
        none, or holds values that can't be read; the message names the file, rows and column.

    Warns
    -----
    ClusterAtlasWarning
        When some rows of a UTF-8 file are not valid UTF-8 (they are read as Windows-1252), and
        when records repeat an earlier one exactly (they are kept and counted; see
        :func:`~clusteratlas.records.duplicates.say_duplicates`).
    """
    chosen = chosen_columns(name=name_column, city=city_column, province=province_column, region=region_column)
    frame = read_table(Path(path), sheet=sheet, layer=layer, chosen=chosen)
    return _checked(prepare_records(frame, chosen=chosen))


def _checked(frame: pd.DataFrame) -> pd.DataFrame:
    """Refuse prepared records with no location; say the columns not read, a missing name and duplicates."""
    check_location(frame, hint=place_hint(list(frame.columns)))
    say_unread(frame)
    if "name" not in frame:
        _say_unnamed(frame)
    say_duplicates(frame, stacklevel=3)
    return frame


def _say_unnamed(frame: pd.DataFrame) -> None:
    given = schema.headers(frame)
    found = ", ".join(repr(str(given.get(c, c))) for c in frame.columns)
    log.warning(
        "%s: no column names the records (found %s), so they are shown by row; call one "
        "name or nom, or choose it with `name_column`",
        schema.source(frame),
        found,
    )


def prepare_records(
    frame: pd.DataFrame, *, name_column: str | None = None, chosen: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Rename recognised columns, and check and convert their values.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records as read (strings), or built in Python.
    name_column : str, optional
        The column that names the records, as its header says (case and accents ignored);
        by default one of ``SYNONYMS["name"]``, else of
        :data:`~clusteratlas.records.NAME_FALLBACKS`.
    chosen : mapping, optional
        Our column -> its header, for each column the user chose (``name_column`` among them).

    Returns
    -------
    pandas.DataFrame
        A new frame; see :func:`read_records`.

    Raises
    ------
    InputError
        If two columns mean the same, the header repeats a column, there are no records, or
        coordinates, years or levers hold values that can't be read.
    """
    source = schema.source(frame)
    frame = frame.copy()
    schema.set_provenance(frame, source=source, row_offset=schema.row_offset(frame))
    frame.columns = [str(c).strip() for c in frame.columns]
    chosen = {**(chosen or {}), **({"name": name_column} if name_column is not None else {})}
    check_header(list(frame.columns), source, chosen=chosen)
    rename = column_renames([str(c) for c in frame.columns], source, chosen)
    frame = frame.rename(columns=rename)
    schema.set_provenance(frame, headers={v: k for k, v in rename.items()}, prepared=True)
    if frame.columns.duplicated().any():
        dup = sorted(set(frame.columns[frame.columns.duplicated()]))
        msg = f"{source}: the header repeats column(s) {dup}; give every column a distinct name."
        raise InputError(msg)
    if len(frame) == 0:
        msg = f"{source}: the file has a header but no records; add one row per record."
        raise InputError(msg)
    check_coordinates(frame)
    check_year(frame)
    check_levers(frame)
    return frame
