"""Which columns the page shows, where, and under which title: popups, table and filters.

Our columns are titled in the page's language (the ``fields`` catalogue section); the
user's keep the header they wrote (:func:`clusteratlas.schema.headers`).
"""

from __future__ import annotations

import pandas as pd

from ..aggregate import is_category
from ..mapspec import MapSpec
from ..presentation import catalogue
from ..records import SYNONYMS
from ..schema import GEOCODE_COLUMNS, headers
from ._assets import WEB_TEXTS
from ._study import is_lever

__all__ = [
    "FIELDS",
    "OUR_COLUMNS",
    "TABLE_COLUMNS",
    "category_title",
    "column_title",
    "filter_columns",
    "table_columns",
]

#: Our columns and their titles per language, in popup order (the ``fields`` catalogue section).
_FIELD_TITLES = catalogue("fields")
FIELDS = [(key, {lang: titles[key] for lang, titles in _FIELD_TITLES.items()}) for key in _FIELD_TITLES["en"]]
#: The table's columns: the name, then these when the data have them.
TABLE_COLUMNS = ("year", "sector_group", "city", "region", "labeling", "governance", "location_confidence")
#: Columns the geocoder adds, the study's provenance columns, names, places and years: never a filter.
OUR_COLUMNS = frozenset(
    {
        *GEOCODE_COLUMNS,
        "location_source",
        "location_confidence",
        "location_note",
        "name",
        "full_name",
        "city",
        "year",
        "index",
    }
)


def filter_columns(spec: MapSpec) -> list[str]:
    """Return the data's own categorical columns (:func:`~clusteratlas.aggregate.is_category`).

    The points' category column has its own filter; columns we add are not filters.

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    list of str
    """
    geo = spec.records
    out = []
    for column in geo.columns:
        if column in OUR_COLUMNS or column == spec.color_by or is_lever(column) or not isinstance(column, str):
            continue
        if not pd.api.types.is_bool_dtype(geo[column]) and is_category(geo[column]):
            out.append(column)
    return out


def column_title(spec: MapSpec, column: str) -> str:
    """Return a column's title: ours in the page's language, the user's as written in their file.

    Parameters
    ----------
    spec : MapSpec
    column : str

    Returns
    -------
    str
    """
    written = headers(spec.records)
    for key, label in (*FIELDS, ("name", {lang: titles["name"] for lang, titles in WEB_TEXTS.items()})):
        if key == column and (column not in written or written[column] == column):
            return label[spec.lang]
    return str(written.get(column, column))


def category_title(spec: MapSpec) -> str:
    """Return the points' title: the spec's, or the user's own header for their column.

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    str
    """
    written = headers(spec.records)
    if spec.color_by in written and written[spec.color_by] != spec.color_by:
        return str(written[spec.color_by])
    return spec.category_title()


def table_columns(spec: MapSpec, filters: list[str]) -> list[list[str]]:
    """Return the table's columns as ``[key, title]``: the name, then the columns the data have.

    Parameters
    ----------
    spec : MapSpec
    filters : list of str
        From :func:`filter_columns`: the user's own categorical columns, listed last.

    Returns
    -------
    list
    """
    geo = spec.records
    cols = [["name", column_title(spec, "name")]]
    for key in TABLE_COLUMNS:
        if key in geo and (key == "region" or geo[key].notna().any()):
            cols.append([key, column_title(spec, key)])
    if spec.color_by in geo and spec.color_by not in TABLE_COLUMNS:  # the points' colours
        cols.insert(2, [spec.color_by, column_title(spec, spec.color_by)])
    known = {k for k, _ in FIELDS} | set(TABLE_COLUMNS) | set(SYNONYMS)
    # The user's own categorical columns (the study's are above or in the popup).
    cols += [[c, column_title(spec, c)] for c in filters if c not in known]
    return cols
