"""Which columns the page shows, where, and under which title: popups, table and filters.

Our columns are titled in the page's language (the ``fields`` catalogue section); the
user's keep the header they wrote (:func:`clusteratlas.schema.headers`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..aggregate import is_category
from ..mapspec import MapSpec
from ..presentation import catalogue
from ..records import SYNONYMS, address_column, profile_headers, row_numbers
from ..schema import GEOCODE_COLUMNS, headers, row_label
from ._assets import WEB_TEXTS
from ._study import is_lever

__all__ = [
    "FIELDS",
    "GEOCODED_FIELDS",
    "OUR_COLUMNS",
    "SEARCH_COLUMNS",
    "TABLE_COLUMNS",
    "category_title",
    "column_title",
    "filter_columns",
    "given_names",
    "has_values",
    "number_columns",
    "popup_fields",
    "record_names",
    "table_columns",
]

#: Our columns and their titles per language, in popup order (the ``fields`` catalogue section).
_FIELD_TITLES = catalogue("fields")
FIELDS = [(key, {lang: titles[key] for lang, titles in _FIELD_TITLES.items()}) for key in _FIELD_TITLES["en"]]
#: The table's columns: the name, then these when the data have them (a profile lists its own, ``[map] table``).
TABLE_COLUMNS = ("year", "city", "region", "location_confidence")
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
#: What geocoding found that the popups show, after the record's own columns.
GEOCODED_FIELDS = ("province", "region", "geocode_precision")
#: Columns the popups show apart (a heading, the sources list) or never (the geocoder's workings).
_APART = frozenset({"name", "full_name", "location_source", "index", *GEOCODE_COLUMNS})
#: Columns the search box reads: the records' names and places (the place geocoding matched too).
SEARCH_COLUMNS = ("name", "full_name", "city", "geocode_match", "province", "region")
#: How the geocoded table names a file's own column that has one of our names (``geocode._keep_given``).
_GIVEN = " (given)"
#: Rows looked at first when asking whether a column holds anything.
_FIRST_ROWS = 1000


def has_values(values: pd.Series) -> bool:
    """Say whether a column holds anything but missing values and blank text.

    Parameters
    ----------
    values : pandas.Series

    Returns
    -------
    bool
    """
    present = values.dropna()
    if present.empty:
        return False
    if pd.api.types.is_numeric_dtype(present) or pd.api.types.is_bool_dtype(present):
        return True
    if present.iloc[:_FIRST_ROWS].astype(str).str.strip().ne("").any():  # a large table: no full scan
        return True
    return bool(present.astype(str).str.strip().ne("").any())


def record_names(geo: pd.DataFrame) -> pd.Series:
    """Return each record's name for the page: its own, else what messages call it ("feature 22", "row 7").

    A file with no name column, or a record whose name is blank, is shown by its file row or
    feature number, as the command line's warnings show it, never as "(no name)".

    Parameters
    ----------
    geo : pandas.DataFrame
        Records (with their provenance: :func:`~clusteratlas.schema.row_label`).

    Returns
    -------
    pandas.Series
        Text, indexed like ``geo``.
    """
    numbers = pd.Series(row_numbers(geo, np.arange(len(geo))), index=geo.index).astype(str)
    fallback = (row_label(geo) + " " + numbers).astype(object)
    if "name" not in geo:
        return fallback
    text = geo["name"].astype("string")
    blank = (text.isna() | text.str.strip().eq("")).to_numpy(dtype=bool)
    return text.astype(object).where(~blank, fallback)


def popup_fields(spec: MapSpec) -> list[list[str]]:
    """Return the popups' fields as ``[key, title]``: the record's columns, then where geocoding put it.

    The record's own columns come in the table's order under the user's headers (ours in the
    page's language when the file used our names); a column empty in every record is left out.

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    list
    """
    geo = spec.records
    own = [
        c
        for c in geo.columns
        if isinstance(c, str) and c not in _APART and not is_lever(spec, c) and has_values(geo[c])
    ]
    found = [c for c in GEOCODED_FIELDS if c in geo and has_values(geo[c])]
    return [[c, column_title(spec, c)] for c in (*own, *found)]


def number_columns(spec: MapSpec, keys: list[str]) -> list[str]:
    """Return which of ``keys`` hold numbers, written in the page's language (years are not).

    Parameters
    ----------
    spec : MapSpec
    keys : list of str
        Columns the page shows.

    Returns
    -------
    list of str
    """
    geo = spec.records
    return [
        k
        for k in dict.fromkeys(keys)
        if k in geo and k != "year" and pd.api.types.is_numeric_dtype(geo[k]) and not pd.api.types.is_bool_dtype(geo[k])
    ]


def filter_columns(spec: MapSpec) -> list[str]:
    """Return the data's own categorical columns (:func:`~clusteratlas.aggregate.is_category`).

    The points' category column has its own filter; columns we add are not filters, nor
    the address column (free text: a filter of its values would be a wall of checkboxes).

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    list of str
    """
    geo = spec.records
    out = []
    address = address_column(list(geo.columns))  # free text, whatever its values
    for column in geo.columns:
        if column in OUR_COLUMNS or column in (spec.color_by, address) or is_lever(spec, column):
            continue
        if not isinstance(column, str):
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
    if column in written and written[column] != column:
        return str(written[column])
    given = _given(column)
    if given is not None:  # the file's own "lat" kept beside ours: "Lat (du fichier)" on a French page
        return WEB_TEXTS[spec.lang]["given"].format(title=column_title(spec, given))
    for key, label in (*FIELDS, ("name", {lang: titles["name"] for lang, titles in WEB_TEXTS.items()})):
        if key == column:
            return label[spec.lang]
    return spec.heading(column)  # the profile's label, else the name made readable ("vocation" -> "Vocation")


def _given(column: str) -> str | None:
    """Return which of our columns ``column`` is the file's own copy of (``"lat (given)"``: ``"lat"``), else None."""
    if not column.endswith(_GIVEN):
        return None
    base = column[: -len(_GIVEN)].casefold()
    return base if base in GEOCODE_COLUMNS else None


def given_names(spec: MapSpec, keys: list[str]) -> dict[str, str]:
    """Return the columns among ``keys`` that are the file's own copy of one of ours, by their name in our outputs.

    A French page titles the file's own ``lat`` kept beside ours "Lat (du fichier)"; its name in
    the geocoded table, ``lat (given)``, is the title's tooltip.

    Parameters
    ----------
    spec : MapSpec
    keys : list of str
        Columns the page shows.

    Returns
    -------
    dict
        ``{column: its name in the geocoded table}``.
    """
    return {k: k for k in dict.fromkeys(keys) if _given(k) is not None and column_title(spec, k) != k}


def category_title(spec: MapSpec) -> str:
    """Return the points' title, as the figures' legend gives it (:meth:`~clusteratlas.mapspec.MapSpec.category_title`).

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    str
    """
    return spec.category_title()  # the figures' legend title: the user's header, its first letter capitalised


def table_columns(spec: MapSpec, filters: list[str], fields: list[list[str]]) -> list[list[str]]:
    """Return the table's columns as ``[key, title]``: the name, then the columns the data have.

    Parameters
    ----------
    spec : MapSpec
    filters : list of str
        From :func:`filter_columns`: the user's own categorical columns, listed after ours.
    fields : list
        From :func:`popup_fields`: their numbers are listed last.

    Returns
    -------
    list
    """
    geo = spec.records
    listed = spec.profile.table if spec.profile is not None and spec.profile.table else TABLE_COLUMNS
    ours = (k for k in listed if k in geo and (k == "region" or has_values(geo[k])))
    cols = [[k, column_title(spec, k)] for k in ("name", *ours)]
    if spec.color_by in geo and spec.color_by not in listed:  # the points' colours
        cols.insert(2, [spec.color_by, column_title(spec, spec.color_by)])
    # The user's own categorical columns (the profile's are above or in the popup), then numbers.
    known = {k for k, _ in FIELDS} | {*TABLE_COLUMNS, *listed} | set(SYNONYMS) | set(profile_headers())
    known.add(spec.color_by)
    own = dict.fromkeys((*filters, *number_columns(spec, [f[0] for f in fields])))
    return cols + [[c, column_title(spec, c)] for c in own if c not in known]
