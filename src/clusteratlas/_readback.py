"""Our own outputs read back as they were written: placements kept, not placed again.

A file that :func:`clusteratlas.export.write_records` wrote (CSV, GeoJSON, GeoPackage,
GeoParquet) carries every column geocoding adds. Geocoding it again would take its points
as given coordinates: a record placed at its province's centre would come back as an exact
point, a record placed by its region only would lose that. :func:`as_geocoded` gives such
a table back as the geocoded table it was written from (the columns' types, the user's
columns first), so its precision, status and score stay what they were.
"""

from __future__ import annotations

import pandas as pd

from ._csvout import unescape_cells
from .geocode import PRECISIONS, STATUSES
from .schema import GEOCODE_COLUMNS, copy_provenance

__all__ = ["as_geocoded"]

#: Columns of codes and place names (``string`` dtype, missing when unplaced).
_PLACES = ("region_code", "region", "province_code", "province")
#: Columns of words (``str`` dtype, ``""`` when empty).
_WORDS = ("geocode_status", "geocode_precision", "geocode_match", "geocode_note")


def _text(column: pd.Series) -> pd.Series:
    """Return a column's cells as stripped text, ``""`` for missing."""
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


def as_geocoded(records: pd.DataFrame) -> pd.DataFrame | None:
    """Return records read from one of our outputs as the geocoded table, or ``None`` if they are not one.

    They are one when they have every column of :data:`clusteratlas.schema.GEOCODE_COLUMNS`,
    every status and precision is one geocoding writes, and every record with a region has
    a point unless its precision is ``none``.

    Parameters
    ----------
    records : pandas.DataFrame
        Records as :func:`clusteratlas.read_records` reads them (text, ``lat``/``lon`` numbers).

    Returns
    -------
    pandas.DataFrame or None
        The user's columns in their order, then the geocoding columns with the types
        :func:`clusteratlas.geocode` gives them; the records' provenance kept.
    """
    if not all(c in records for c in GEOCODE_COLUMNS):
        return None
    status, precision = _text(records["geocode_status"]), _text(records["geocode_precision"])
    if not (status.isin(STATUSES).all() and precision.isin(PRECISIONS).all()):
        return None
    lat = pd.to_numeric(records["lat"], errors="coerce").astype(float)
    lon = pd.to_numeric(records["lon"], errors="coerce").astype(float)
    score = pd.to_numeric(_text(records["geocode_score"]).replace("", None), errors="coerce").astype(float)
    placed = _text(records["region_code"]).ne("")
    if (placed & (lat.isna() | lon.isna()) & precision.ne("none")).any():
        return None
    out = records[[c for c in records.columns if c not in GEOCODE_COLUMNS]].copy()
    for col in out.columns:  # the user's cells as written: our CSV's "'" before a formula taken off
        out[col] = unescape_cells(out[col])
    out["lat"], out["lon"] = lat.to_numpy(), lon.to_numpy()
    for col in _PLACES:
        text = _text(records[col])
        out[col] = pd.array(text.where(text.ne(""), None).to_numpy(dtype=object), dtype="string")
    for col in _WORDS:
        out[col] = _text(records[col]).astype("str").to_numpy()
    out["geocode_score"] = score.to_numpy()
    out = out[[c for c in out.columns if c not in GEOCODE_COLUMNS] + list(GEOCODE_COLUMNS)]
    copy_provenance(out, records)
    return out
