"""Checking and converting the values of our columns: coordinates, years (from dates) and levers.

Each check reads a whole column at once and reports every bad value of it in one
:class:`~clusteratlas.errors.InputError` that names the file, the rows and the column.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import schema
from ..errors import InputError
from .dates import parse_years
from .numeric import read_numbers
from .rows import describe_rows, describe_values
from .vocabulary import FALSE_CELLS, TRUE_CELLS, UNKNOWN_CELLS, names_a_date, yes_no_columns

__all__ = ["check_coordinates", "check_levers", "check_year"]

log = logging.getLogger("clusteratlas")


def check_coordinates(frame: pd.DataFrame) -> None:
    """Check ``lat`` and ``lon`` and make them numbers, in place.

    Raises
    ------
    InputError
        If only one of the two columns is given, a value is not a number or is out of range,
        or a record has one coordinate and not the other.
    """
    has_lat, has_lon = "lat" in frame, "lon" in frame
    if has_lat != has_lon:
        given, missing = ("lat", "lon") if has_lat else ("lon", "lat")
        msg = f"{schema.source(frame)}: there is a {given!r} column but no {missing!r} column; give both, or neither."
        raise InputError(msg)
    if not has_lat:
        return
    parsed = {}
    for col, bound in (("lat", 90.0), ("lon", 180.0)):
        values, bad, _ = read_numbers(frame[col], dots="decimal", units=False)
        out = np.flatnonzero((values.abs() > bound).to_numpy())
        if len(bad) or len(out):
            where = describe_values(frame, col, (bad, "not a number"), (out, f"outside ±{bound:g}°"))
            hint = " (are latitude and longitude swapped, or in a projected CRS?)" if len(out) else ""
            msg = f"{where}; write decimal degrees such as 33.57 or -7.59{hint}."
            raise InputError(msg)
        parsed[col] = values
    half = np.flatnonzero((parsed["lat"].isna() != parsed["lon"].isna()).to_numpy())
    if len(half):
        col = "lat" if parsed["lat"].isna().iat[int(half[0])] else "lon"
        msg = f"{describe_rows(frame, half, col)}: one coordinate is empty and the other is not; give both or neither."
        raise InputError(msg)
    frame["lat"], frame["lon"] = parsed["lat"], parsed["lon"]


def check_year(frame: pd.DataFrame) -> None:
    """Make ``year`` whole years (``Int64``, missing for unknown), from dates or years, in place.

    When the header names a date (``Date de création``, ``created`` …: one of
    :data:`~clusteratlas.records.DATE_HEADERS`), the dates are kept as written under it and
    ``year`` is added right after them (written as ``year``); a year column (``année``,
    ``year`` …) holding dates becomes their years. The header decides, not the cells, so that
    every chunk of a streamed file has the same columns.

    Raises
    ------
    InputError
        Naming every value that is neither a date nor a year, or outside
        :data:`~clusteratlas.records.YEARS`.
    """
    if "year" not in frame:
        return
    years, dated = parse_years(frame["year"], column="year", table=frame)
    header = schema.header(frame, "year")
    if not names_a_date(header) or header == "year":
        if dated:
            log.info(
                "%s, column %r: dates were read as their years; a column headed 'Date de création' "
                "(or date, created) keeps the dates in written records",
                schema.source(frame),
                header,
            )
        frame["year"] = years
        return
    frame.columns = pd.Index([header if c == "year" else c for c in frame.columns])
    frame.insert(frame.columns.get_loc(header) + 1, "year", years)
    given = schema.headers(frame)
    del given["year"]
    schema.set_provenance(frame, headers=given)


def check_levers(frame: pd.DataFrame) -> None:
    """Check the lever columns and make them booleans (``pd.NA`` for unknown), in place.

    The lever columns are the default profile's (:func:`~clusteratlas.records.vocabulary.yes_no_columns`).

    Raises
    ------
    InputError
        Naming the cells that are not true, false or empty.
    """
    for col in yes_no_columns():
        if col not in frame:
            continue
        raw = frame[col]
        if pd.api.types.is_bool_dtype(raw):
            frame[col] = raw.astype("boolean")
            continue
        text = raw.astype(str).str.strip().str.casefold()
        ok = text.isin(TRUE_CELLS | FALSE_CELLS | UNKNOWN_CELLS) | raw.isna()
        bad = np.flatnonzero((~ok).to_numpy())
        if len(bad):
            msg = f"{describe_rows(frame, bad, col)}: not true/false; write true, false, or leave it empty for unknown."
            raise InputError(msg)
        out = pd.Series(pd.NA, index=frame.index, dtype="boolean")
        out[text.isin(TRUE_CELLS)] = True
        out[text.isin(FALSE_CELLS)] = False
        frame[col] = out
