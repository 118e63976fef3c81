"""Checking and converting the values of our columns: coordinates, years and levers.

Each check reads a whole column at once and reports every bad value of it in one
:class:`~clusteratlas.errors.InputError` that names the file, the rows and the column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from ..errors import InputError
from .rows import describe_rows, describe_values
from .study import LEVERS

__all__ = ["FALSE_CELLS", "TRUE_CELLS", "UNKNOWN_CELLS", "YEARS", "check_coordinates", "check_levers", "check_year"]

#: Cells read as true, false and unknown (casefolded, spaces around them ignored).
TRUE_CELLS = frozenset({"true", "yes", "oui", "1", "x", "×", "✓", "vrai", "y"})
FALSE_CELLS = frozenset({"false", "no", "non", "0", "faux", "n"})
UNKNOWN_CELLS = frozenset({"", "-", "–", "—", "na", "n/a", "nan", "unknown", "inconnu", "?"})
#: Creation years outside these bounds are errors (typos such as 20150 or -2015).
YEARS = (1900, 2100)


def _numbers(frame: pd.DataFrame, column: str) -> tuple[pd.Series, np.ndarray]:
    """Parse a column as numbers (decimal comma accepted); return values and bad rows."""
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw):
        return raw.astype(float), np.array([], dtype=int)
    values = pd.to_numeric(raw, errors="coerce").astype(float)
    # Only the cells that did not parse are looked at again (decimal commas, "-", blanks).
    idx = np.flatnonzero(values.isna().to_numpy())
    if len(idx):
        text = raw.iloc[idx].astype(str).str.strip()
        text = text.where(~text.str.fullmatch(r"-?\d+,\d+"), text.str.replace(",", ".", regex=False))
        empty = text.str.casefold().isin(UNKNOWN_CELLS)
        again = pd.to_numeric(text.where(~empty), errors="coerce")
        values.iloc[idx] = again.to_numpy(dtype=float)
        return values, idx[(again.isna() & ~empty).to_numpy()]
    return values, idx


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
        values, bad = _numbers(frame, col)
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
    """Check ``year`` and make it whole numbers (``Int64``, missing for unknown), in place.

    Raises
    ------
    InputError
        Naming every value that is not a year or is outside :data:`YEARS`.
    """
    if "year" not in frame:
        return
    values, bad = _numbers(frame, "year")
    frac = np.flatnonzero((values.notna() & (values % 1 != 0)).to_numpy())
    bad = np.union1d(bad, frac).astype(int)
    low, high = YEARS
    out = np.flatnonzero((values.notna() & ((values < low) | (values > high))).to_numpy())
    out = np.setdiff1d(out, bad)
    if len(bad) or len(out):
        where = describe_values(frame, "year", (bad, "not a year"), (out, f"outside {low}–{high}"))
        msg = (
            f"{where}; write the four-digit year the cluster was created (such as 2014), or leave it empty if unknown."
        )
        raise InputError(msg)
    frame["year"] = values.astype("Int64")


def check_levers(frame: pd.DataFrame) -> None:
    """Check the lever columns and make them booleans (``pd.NA`` for unknown), in place.

    Raises
    ------
    InputError
        Naming the cells that are not true, false or empty.
    """
    for col in LEVERS:
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
