"""Geocoding cluster records to Moroccan places, provinces and regions, offline.

Every record is kept, in order. Each distinct name is resolved once, however many rows
carry it; the rest is array work.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._cells import NOT_RECOGNISED, settle_typos
from ._listing import CONFLICTS_LISTED as CONFLICTS_LISTED
from ._listing import LABEL_WIDTH as LABEL_WIDTH
from ._listing import NOTE_WIDTH as NOTE_WIDTH
from ._listing import bracketed as bracketed
from ._listing import conflict_listing as conflict_listing
from ._listing import conflict_message as conflict_message
from ._listing import placed_conflicts as placed_conflicts
from ._listing import record_line as record_line
from ._listing import shorten as shorten
from ._subplaces import admin_name
from ._towns import (
    SAYS_NONE,
    CityNames,
    State,
    as_strings,
    hint_swapped,
    place_at_sea,
    place_cities,
    prefer_given_area,
    read_addresses,
    reread_cells,
    say_at_sea,
    spread_codes,
    take_columns,
    unread_addresses,
)
from .aliases import Aliases, apply_aliases, combine, describe, load_aliases, shipped_sites
from .errors import RegionConflictWarning, UnresolvedError, UnresolvedWarning
from .gazetteer import NOT_FOUND, Match, normalize_names, not_found_notes
from .geography import admin_table, locate, pack, representative_point
from .records import address_column, note_postal_codes, prepare_records, row_numbers
from .schema import (
    GEOCODE_COLUMNS,
    copy_provenance,
    count_placed,
    header,
    headers,
    is_placed,
    is_prepared,
    row_label,
    set_provenance,
)

if TYPE_CHECKING:
    import geopandas as gpd

#: Every value ``geocode_status`` takes.
STATUSES = (
    "given",
    "exact",
    "alias",
    "user_alias",
    "fuzzy",
    "commune",
    "address",
    "conflict",
    "province",
    "region",
    "unresolved",
)
#: Statuses of a record placed by its city name (those a stated region or province can contradict).
BY_NAME = ("exact", "alias", "fuzzy", "commune", "address")
#: Every value ``geocode_precision`` takes, finest first.
PRECISIONS = ("point", "site", "quarter", "city", "province", "region", "none")
#: Unplaced records the warning lists (and whose unknown names get suggestions).
LISTED = 20


def _distinct_keys(
    values: pd.Series, factorized: tuple[np.ndarray, Any] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Factorize raw values, then their keys (each distinct value normalised once).

    Returns
    -------
    row_to_key : numpy.ndarray
        For each row, the position of its key in ``keys`` (-1 for a missing value).
    keys : numpy.ndarray
        The distinct keys.
    """
    codes, uniques = factorized if factorized is not None else pd.factorize(values, use_na_sentinel=True)
    kcodes, kuniques = pd.factorize(pd.Series(normalize_names(uniques), dtype=object))
    per_unique = np.asarray(kcodes, dtype=int)
    row_to_key = np.where(codes >= 0, per_unique[np.maximum(codes, 0)], -1)
    return row_to_key, np.asarray(kuniques, dtype=object)


def _resolve_unique(
    values: pd.Series, resolver: Callable[[str], Any], factorized: tuple[np.ndarray, Any] | None = None
) -> tuple[np.ndarray, list[Any]]:
    """Resolve each distinct key of ``values`` once with ``resolver``."""
    row_to_key, keys = _distinct_keys(values, factorized)
    return row_to_key, [resolver(str(k)) for k in keys]


def geocode(
    records: pd.DataFrame,
    *,
    strict: bool = False,
    aliases: str | Path | Aliases | None = None,
    resolved: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Place each record at a point, a city, a province or a region of Morocco.

    Rows with ``lat``/``lon`` keep them (status ``given``) and are placed by
    point-in-polygon; outside Morocco they are kept, flagged, and in no region. Rows with a
    ``city`` are matched against the gazetteer: exact name, alternate name or alias, HCP
    commune (province precision), then a typo-tolerant match. Rows with only a
    ``province`` or ``region`` (or whose city is not found) are placed at that precision.
    A city name several places share goes to the one inside the region or province the
    record gives; a city outside them keeps its place with status ``conflict``, noted.

    Parameters
    ----------
    records : pandas.DataFrame
        From :func:`clusteratlas.read_records`, or any frame with some of the columns
        ``city``, ``lat``/``lon``, ``province``, ``region``.
    strict : bool, default False
        Raise :class:`UnresolvedError` instead of warning when some rows can't be placed.
    aliases : str, Path or Aliases, optional
        Your own names for places the gazetteer lacks (industrial zones, ports, quarters):
        a CSV read by :func:`clusteratlas.aliases.load_aliases`. They come before the
        industrial sites clusteratlas ships; rows placed through them have
        ``geocode_status`` ``user_alias`` (``alias`` for shipped sites).
    resolved : pandas.DataFrame, optional
        City keys already resolved: :func:`~clusteratlas.gazetteer.resolve_keys`' table
        indexed by key (a lookup built once for a whole table, see
        :mod:`clusteratlas.engines`). Keys it lacks are resolved as usual.

    Returns
    -------
    pandas.DataFrame
        The records, same rows and order, with :data:`GEOCODE_COLUMNS`.

    Warns
    -----
    UnresolvedWarning
        Once, listing the unresolved rows with the closest suggestions.
    RegionConflictWarning
        Once, counting the rows placed outside the region or province they state.
    """
    return _geocoded(records, strict, aliases, resolved, counting=False)


#: The columns a count of records reads (:func:`geocode_to_count`).
COUNTED = ["lat", "lon", "region_code", "province_code", "geocode_status"]
#: The columns a warning reads of the records it lists (unplaced, in conflict, placed through an alias).
LISTED_ONLY = ["geocode_match", "geocode_note"]


def geocode_to_count(
    records: pd.DataFrame, *, strict: bool = False, aliases: str | Path | Aliases | None = None
) -> pd.DataFrame:
    """Geocode records to be counted (``shares``): :func:`geocode`, with its warnings and errors, in fewer columns.

    Every record gets :data:`COUNTED`; :data:`LISTED_ONLY` are filled only for the records a
    warning may list (unplaced, in conflict, placed through an alias), "" for the others; the
    region's and province's names, ``geocode_precision`` and ``geocode_score`` are left out.
    Spreading all eleven columns to a million records costs a tenth of a count's time, and a
    count reads codes. Not a table to write or show: :func:`geocode` gives that one.

    Parameters
    ----------
    records : pandas.DataFrame
        As for :func:`geocode`.
    strict, aliases
        As for :func:`geocode`.

    Returns
    -------
    pandas.DataFrame
        The records, same rows and order, with the columns above.
    """
    return _geocoded(records, strict, aliases, None, counting=True)


def _geocoded(
    records: pd.DataFrame,
    strict: bool,
    aliases: str | Path | Aliases | None,
    resolved: pd.DataFrame | None,
    *,
    counting: bool,
) -> pd.DataFrame:
    """:func:`geocode` (every column) or :func:`geocode_to_count` (``counting``)."""
    frame = records if is_prepared(records) else prepare_records(records)
    user = aliases if isinstance(aliases, Aliases) or aliases is None else load_aliases(aliases)
    table = combine(user, shipped_sites())
    work, hit, names = _with_aliases(frame, table)
    out = _place_each_once(work, names, resolved, table, hit if counting else None)
    _keep_given(out, frame)
    # Our columns last, in one order, whatever the aliases or the file held.
    ours = [c for c in GEOCODE_COLUMNS if c in out]
    ordered = out[[c for c in out.columns if c not in GEOCODE_COLUMNS] + ours]
    copy_provenance(ordered, out)
    out = ordered
    _say_aliases(out, frame, table, hit)
    _report_unresolved(out, strict=strict)
    _report_conflicts(out)
    return out


def _say_aliases(out: pd.DataFrame, frame: pd.DataFrame, table: Aliases, hit: np.ndarray) -> None:
    """Give the rows placed through an alias their status, the alias as match, and the alias's note (in place).

    The ``city`` column gets the user's text back (not the alias's target). A row in
    conflict with its own region or province keeps the status ``conflict``; where the
    province or region it disagrees with is the alias's, the note says so ("the alias
    'Tanger Med' gives province Fahs-Anjra"), not that a column the user may not have does.
    """
    rows = np.flatnonzero(hit >= 0)
    if not len(rows):
        return
    if "city" in frame:
        out["city"] = frame["city"]  # the user's text, not the alias target
    placed = is_placed(out)[rows]
    origin = table.table["origin"].to_numpy()[hit[rows]]
    status = out["geocode_status"].to_numpy(dtype=object).copy()
    note = out["geocode_note"].to_numpy(dtype=object).copy()
    match = out["geocode_match"].to_numpy(dtype=object).copy()
    taken = placed & (out["geocode_status"].to_numpy()[rows] != "conflict")
    keep = rows[taken]
    status[keep] = np.where(origin[taken] == "user", "user_alias", "alias")
    # The alias is the match where it placed the row (not where an address placed it more finely).
    named = rows[taken | (match[rows] == table.table["target"].to_numpy(dtype=object)[hit[rows]])]
    match[named] = table.table["alias"].to_numpy(dtype=object)[hit[named]]
    # One description per alias used, then spread to its rows (no work per row).
    used, inverse = np.unique(hit[rows], return_inverse=True)
    said = np.array([describe(table, int(j)) for j in used], dtype=object)[inverse.ravel()]
    had = note[rows] != ""
    note[rows] = np.where(had, said + "; " + note[rows].astype(str), said)
    for j in used:  # each alias that gave a province or region once, its rows at once
        level, alias = table.table["kind"].iat[int(j)], table.table["alias"].iat[int(j)]
        if level in ("province", "region"):
            at = rows[hit[rows] == j]
            text = pd.Series(note[at], dtype=object).str.replace(
                f"the {level} column says ", f"the alias {alias!r} gives {level} ", regex=False
            )
            note[at] = text.to_numpy(dtype=object)
    out["geocode_status"] = as_strings(status)
    out["geocode_match"] = as_strings(match)
    out["geocode_note"] = as_strings(note)


#: Columns the geocoder writes over; a user's own values of them are kept beside (see _keep_given):
#: every column it adds, so that a file's own ``region_code`` or ``geocode_status`` is never lost.
_OVERWRITTEN = tuple(GEOCODE_COLUMNS)


def _keep_given(out: pd.DataFrame, given: pd.DataFrame) -> None:
    """Keep the user's own region, province and coordinates, under their header, beside ours.

    The geocoder's ``region``, ``province``, ``lat`` and ``lon`` are the placement; a file's
    ``région`` or ``latitude`` column is the user's statement and is kept as written: under
    its own header, or ``"<header> (given)"`` where that header is ours ignoring case
    (``Province``, ``LAT``, ``Geocode_Note``): GeoPackage and SQLite column names ignore
    case, so every format gets the same names.
    """
    given_headers = headers(given)
    ours = {c.casefold() for c in _OVERWRITTEN}
    for col in _OVERWRITTEN:
        if col not in given:
            continue
        name = header(given, col)
        name = f"{name} (given)" if name.casefold() in ours or name in out else name
        at = int(out.columns.get_loc(col)) if col in out else len(out.columns)  # a count may lack ours
        out.insert(at, _free(name, out), given[col].to_numpy())
        given_headers.pop(col, None)
    # A column of the file that is ours but for case (``Region_Code``) was read under its own header.
    for col in [c for c in out.columns if str(c).casefold() in ours and c not in _OVERWRITTEN]:
        out.rename(columns={col: _free(f"{col} (given)", out)}, inplace=True)
    set_provenance(out, headers=given_headers)


def _free(name: str, out: pd.DataFrame) -> str:
    """Return ``name``, or ``"<name> 2"`` (3, …) when ``out`` has it: a geocoded table geocoded again keeps both."""
    if name not in out:
        return name
    return next(f"{name} {i}" for i in range(2, len(out.columns) + 3) if f"{name} {i}" not in out)


def user_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with the user's columns under their file's own headers (for writing).

    :func:`clusteratlas.read_records` renames recognised headers to one vocabulary
    (``nom`` → ``name``) so that every function reads them alike; written files give them
    back as the user wrote them. The columns the geocoder adds keep their names.
    """
    rename = {c: h for c, h in headers(frame).items() if c in frame and c not in GEOCODE_COLUMNS and h not in frame}
    return frame.rename(columns=rename) if rename else frame


def _with_aliases(frame: pd.DataFrame, table: Aliases) -> tuple[pd.DataFrame, np.ndarray, CityNames]:
    """Apply the aliases (:func:`~clusteratlas.aliases.apply_aliases`); return the records, the hits, their cities.

    The ``city`` column is normalised once, for the aliases and the geocoder; again only
    when an alias rewrote some city (its target).
    """
    names = CityNames.of(frame)
    work, hit = apply_aliases(frame, table, keys=names.keys if _strings_only(frame) else None, codes=names.codes)
    return work, hit, CityNames.of(work) if (hit >= 0).any() else names


def _strings_only(frame: pd.DataFrame) -> bool:
    """Whether the ``city`` column holds only strings (a string dtype), so aliases may reuse its keys."""
    return "city" in frame and isinstance(frame["city"].dtype, pd.StringDtype)


#: The columns a record's placement depends on (with an address column, see ``records.address_column``).
_LOCATION = ("city", "lat", "lon", "region", "province")


def _place_each_once(
    frame: pd.DataFrame,
    names: CityNames,
    resolved: pd.DataFrame | None,
    aliases: Aliases | None = None,
    counting: np.ndarray | None = None,
) -> pd.DataFrame:
    """Place each distinct location once, then give every record its location's placement.

    A record's placement depends only on its location columns (city, region, province,
    address); the steps run on one row per distinct combination of them, in the order they
    first appear, and each output column is taken to the rows by the rows' codes. Records
    with coordinates are placed row by row. ``counting``: each record's alias (-1: none),
    for :func:`geocode_to_count`'s columns (:func:`_spread_counted`).
    """
    address = address_column(list(frame.columns))
    cols = [c for c in frame.columns if c in _LOCATION or c == address]
    if _has_points(frame):
        return note_postal_codes(_place(frame.copy(deep=False), names, resolved, aliases=aliases))
    located = unread_addresses(frame, address, names)  # an address the town makes moot is no location
    codes = _location_codes(located, cols, names)
    first = np.empty(int(codes.max(initial=-1)) + 1, dtype=np.intp)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # each location's first record
    places = located[cols].iloc[first].reset_index(drop=True)  # only the location columns taken
    placed = _place(places, CityNames(names.codes[first], names.uniques, names.keys), resolved, codes, aliases)
    out = frame.copy(deep=False)
    if counting is not None:
        return note_postal_codes(_spread_counted(out, placed, codes, counting))
    taken = take_columns(placed, codes, GEOCODE_COLUMNS)
    for col, values in zip(GEOCODE_COLUMNS, taken, strict=True):  # in the order _finish writes them
        out[col] = values
    return note_postal_codes(out)


def _spread_counted(out: pd.DataFrame, placed: pd.DataFrame, codes: np.ndarray, hit: np.ndarray) -> pd.DataFrame:
    """Give the records :data:`COUNTED`, and :data:`LISTED_ONLY` where a warning may list them ("" elsewhere).

    A column of the file named as one of ours that is left out goes too (:func:`_keep_given`
    keeps the file's own beside ours).
    """
    out = out.drop(columns=[c for c in GEOCODE_COLUMNS if c in out and c not in COUNTED + LISTED_ONLY])
    for col, values in zip(COUNTED, take_columns(placed, codes, COUNTED), strict=True):
        out[col] = values
    status = placed["geocode_status"].to_numpy(dtype=object)
    listed = placed["region_code"].isna().to_numpy(dtype=bool) | (status == "conflict")
    rows = np.where(listed[codes] | (hit >= 0), codes, len(placed))  # the others take the "" appended
    for col in LISTED_ONLY:
        values = pd.concat([placed[col], pd.Series([""], dtype=placed[col].dtype)], ignore_index=True)
        out[col] = values.array.take(rows)
    return out


def _has_points(frame: pd.DataFrame) -> bool:
    """Whether some record gives both coordinates."""
    if "lat" not in frame or "lon" not in frame:
        return False
    lat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
    lon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
    return bool((~(np.isnan(lat) | np.isnan(lon))).any())


def _location_codes(frame: pd.DataFrame, cols: list[str], names: CityNames) -> np.ndarray:
    """Return each record's location number (by its ``cols``' values), in the order locations first appear."""
    if cols == ["city"]:
        codes = np.where(names.codes >= 0, names.codes, len(names.uniques))  # a missing city: one more location
        return np.asarray(pd.factorize(codes)[0], dtype=np.intp)
    if not cols:
        return np.zeros(len(frame), dtype=np.intp)
    groups = frame[cols].groupby(cols, dropna=False, sort=False).ngroup()
    return np.asarray(groups.to_numpy(), dtype=np.intp)


def _place(
    frame: pd.DataFrame,
    names: CityNames,
    resolved: pd.DataFrame | None = None,
    rows: np.ndarray | None = None,
    aliases: Aliases | None = None,
) -> pd.DataFrame:
    """Place prepared records (a copy, changed in place): the steps of :func:`geocode`.

    ``rows``: when ``frame`` holds distinct locations, the location of each record (the
    warning's first records, and so the suggestions, follow the records' order).
    ``aliases``: the call's, for the names inside town cells and addresses.
    """
    st = State.empty(len(frame))
    given = _place_given(frame, st)
    city_note, key_of_row, city_keys = place_cities(st, given, names, resolved)
    if given.any():
        place_at_sea(st, given, names, resolved)
        say_at_sea(st, given)
        hint_swapped(st, given)
    areas = _given_areas(frame)
    reread_cells(frame, st, names, key_of_row, city_keys, areas, aliases)
    if areas:
        settle_typos(st.arrays(), key_of_row, city_keys, areas)
        prefer_given_area(st, key_of_row, city_keys, areas)
    read_addresses(frame, st, given, areas, aliases)
    by_column = _place_admin(frame, st, city_note)
    return _finish(frame, st, (key_of_row, city_keys, rows), areas, by_column)


def _given_areas(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return the region and province codes each record's own columns give (None where blank or unknown)."""
    areas = {}
    for level in ("region", "province"):
        if level not in frame:
            continue
        stated = frame[level].astype("string").fillna("").to_numpy(dtype=object)
        row_key, results = _resolve_unique(pd.Series(stated, dtype=object), functools.partial(admin_name, level=level))
        codes = np.array([r[0] for r in results] + [None], dtype=object)
        areas[level] = codes[row_key]  # a missing value (-1) picks the trailing None
    return areas


def _place_given(frame: pd.DataFrame, st: State) -> np.ndarray:
    """Step 1: coordinates given, placed by point-in-polygon; return which rows had them."""
    n = len(frame)
    lat, lon, province, _region, status, precision, _match, _score, note = st.arrays()
    given = np.zeros(n, dtype=bool)
    if "lat" in frame and "lon" in frame:
        glat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
        glon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
        given = ~(np.isnan(glat) | np.isnan(glon))
        if given.any():
            codes, snapped = locate(glon[given], glat[given])
            lat[given], lon[given] = glat[given], glon[given]
            province[given] = codes
            status[given] = "given"
            precision[given] = "point"
            idx = np.flatnonzero(given)
            note[idx[snapped]] = "just outside the boundaries; placed in the nearest province"
            note[idx[pd.isna(codes)]] = f"outside {pack().country}: kept, placed in no region"
    return given


def _place_admin(frame: pd.DataFrame, st: State, city_note: np.ndarray) -> np.ndarray:
    """Step 3: province or region columns, for rows still unplaced; return the column that placed each row ("")."""
    _lat, _lon, province, region, status, precision, match, score, note = st.arrays()
    by_column = np.full(len(status), "", dtype=object)
    for level in ("province", "region"):
        if level not in frame:
            continue
        cells = frame[level].astype("string").fillna("").str.strip()
        need = (status == "unresolved") & (cells.ne("") & ~cells.str.casefold().isin(SAYS_NONE)).to_numpy()
        if not need.any():
            continue
        row_key, results = _resolve_unique(frame.loc[need, level], functools.partial(admin_name, level=level))
        codes = np.array([r[0] for r in results], dtype=object)[row_key]
        how = np.array([r[1] for r in results], dtype=object)[row_key]
        scr = np.array([r[2] for r in results], dtype=float)[row_key]
        idx = np.flatnonzero(need)
        ok = codes != None  # noqa: E711
        target = province if level == "province" else region
        target[idx[ok]] = codes[ok]
        by_column[idx[ok]] = level
        status[idx[ok]] = level
        precision[idx[ok]] = level
        match[idx[ok]] = frame[level].to_numpy()[idx[ok]]
        score[idx[ok]] = scr[ok]
        had_city = city_note[idx[ok]] != ""
        prior = pd.Series(note[idx[ok]], dtype=object)
        had_address = prior.str.startswith(NOT_RECOGNISED).to_numpy(dtype=bool)
        fell = np.where(prior != "", prior + "; placed by its " + level, "")  # the province column's reason
        said = np.where(had_address, "address not recognised; placed by its " + level, fell)
        note[idx[ok]] = np.where(had_city, "city not found; placed by its " + level, said)
        cell = frame[level].astype("string").to_numpy(dtype=object)[idx[~ok]]
        why = how[~ok] + ": " + pd.Series(cell, dtype=object).map(repr).to_numpy(dtype=object)
        note[idx[~ok]] = np.where(note[idx[~ok]] != "", note[idx[~ok]], why)

    nothing = (status == "unresolved") & (note == "")
    note[nothing] = "no location given (no coordinates, city, province or region)"
    return by_column


def _finish(
    frame: pd.DataFrame,
    st: State,
    keys: tuple[np.ndarray, np.ndarray, np.ndarray | None],
    areas: dict[str, np.ndarray],
    by_column: np.ndarray,
) -> pd.DataFrame:
    """Step 4: province -> region, a point for coarse placements, notes, and the output columns.

    ``keys``: each row's position among the city keys, the keys, and the records' rows
    (see :func:`_place`); ``by_column``: the column that placed each row (:func:`_place_admin`).
    """
    lat, lon, province, region, status, precision, match, score, note = st.arrays()
    prov_table = admin_table("province").set_index("province_code")
    reg_table = admin_table("region").set_index("region_code")
    has_prov = province != None  # noqa: E711
    p_codes, p_uniq = pd.factorize(province, use_na_sentinel=True)
    region_of = spread_codes(prov_table["region_code"].reindex(p_uniq).to_numpy(dtype=object), p_codes)
    region[has_prov] = region_of[has_prov]
    coarse = np.isnan(lat) & (status != "unresolved") & (status != "given")
    for mask, codes_of, level in (
        (coarse & has_prov, province, "province"),
        (coarse & ~has_prov & pd.notna(region), region, "region"),
    ):
        if mask.any():
            uniq, inverse = np.unique(codes_of[mask].astype(str), return_inverse=True)
            pts = np.array([representative_point(str(c), level) for c in uniq])  # type: ignore[arg-type]
            lon[mask], lat[mask] = pts[inverse.ravel(), 0], pts[inverse.ravel(), 1]
    _suggest_listed(note, region, *keys)
    _flag_conflicts(st, areas, by_column)

    frame["lat"], frame["lon"] = lat, lon
    # Code and name columns: built on the distinct codes, then taken per row.
    r_codes, r_uniq = pd.factorize(region, use_na_sentinel=True)
    frame["region_code"] = pd.array(r_uniq, dtype="string").take(r_codes, allow_fill=True)
    frame["region"] = pd.array(reg_table["region"].reindex(r_uniq).to_numpy(), dtype="string").take(
        r_codes, allow_fill=True
    )
    frame["province_code"] = pd.array(p_uniq, dtype="string").take(p_codes, allow_fill=True)
    frame["province"] = pd.array(prov_table["province"].reindex(p_uniq).to_numpy(), dtype="string").take(
        p_codes, allow_fill=True
    )
    frame["geocode_status"] = as_strings(status)
    frame["geocode_precision"] = as_strings(precision)
    frame["geocode_match"] = as_strings(match)
    frame["geocode_score"] = score
    frame["geocode_note"] = as_strings(note)
    return frame


def _flag_conflicts(st: State, areas: dict[str, np.ndarray], by_column: np.ndarray) -> None:
    """Note where a record's own region or province column disagrees with where it was placed.

    One rule for every way of placing but coordinates: a record placed by its city, an
    alias, a site, its address or its province column outside the region or province it
    states gets the status ``conflict`` (its place, precision, match and score are kept):
    one of the two is wrong, and :func:`geocode` warns with their count. A record placed
    by a column is not compared with that column itself; one placed by its coordinates
    keeps the status ``given``, with the note.
    """
    _lat, _lon, province, region, status, _precision, _match, _score, note = st.arrays()
    for level, placed in (("region", region), ("province", province)):
        want = areas.get(level)
        if want is None:
            continue
        clash = np.flatnonzero((want != None) & (placed != None) & (want != placed) & (by_column != level))  # noqa: E711
        if not len(clash):
            continue
        names = admin_table("region" if level == "region" else "province").set_index(f"{level}_code")[level]
        stated = names.reindex(want[clash]).to_numpy(dtype=object).astype(str)
        found = names.reindex(placed[clash]).to_numpy(dtype=object).astype(str)
        extra = f"the {level} column says " + stated + "; the place is in " + found
        had = note[clash] != ""
        note[clash] = np.where(had, note[clash].astype(str) + "; " + extra, extra)
        status[clash[status[clash] != "given"]] = "conflict"


def _suggest_listed(
    note: np.ndarray, region: np.ndarray, key_of_row: np.ndarray, keys: np.ndarray, rows: np.ndarray | None = None
) -> None:
    """Add the closest gazetteer names to the notes of the unknown names the warning lists.

    Suggestions cost a comparison with every gazetteer name, so only the first
    :data:`LISTED` unplaced records get them (with every record sharing their name), in
    bulk. ``rows``: each record's position in the arrays, when they hold distinct locations.
    """
    unplaced_at = pd.isna(region)
    listed = np.flatnonzero(unplaced_at)[:LISTED] if rows is None else rows[np.flatnonzero(unplaced_at[rows])[:LISTED]]
    wanted = key_of_row[listed][(key_of_row[listed] >= 0) & (note[listed] == NOT_FOUND)]
    if not len(wanted):
        return
    wanted = np.unique(wanted)
    text = np.full(len(keys), "", dtype=object)
    text[wanted] = not_found_notes(keys[wanted].tolist())
    rows = (key_of_row >= 0) & (note == NOT_FOUND)
    rows[rows] = text[key_of_row[rows]] != ""
    note[rows] = text[key_of_row[rows]]


def unplaced(geocoded: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """Return the records placed in no region: unresolved names and points outside Morocco alike.

    Parameters
    ----------
    geocoded : pandas.DataFrame
        From :func:`geocode`.
    limit : int, optional
        Return only the first ``limit`` of them.

    Returns
    -------
    pandas.DataFrame
        ``who`` (the name, else the file row such as "row 7"), ``city`` and ``reason``
        (the geocode note), indexed like ``geocoded``. Names and cities longer than
        :data:`LABEL_WIDTH` characters are cut with "…" (the records keep them whole).
    """
    bad = np.flatnonzero(~is_placed(geocoded))[:limit]
    label = row_label(geocoded)
    rows = geocoded.iloc[bad]
    blank = pd.Series("", index=rows.index, dtype="string")
    names = shorten(rows["name"].astype("string").fillna("")) if "name" in rows else blank
    lines = row_numbers(geocoded, bad)  # the lines an editor shows (title rows, blank lines…)
    who = [n or f"{label} {r}" for n, r in zip(names, lines, strict=True)]
    city = shorten(rows["city"].astype("string").fillna("").str.strip()) if "city" in rows else blank
    return pd.DataFrame(
        {"who": who, "city": city.astype(str), "reason": rows["geocode_note"].astype(str)}, index=rows.index
    )


def unrecognised_address(notes: pd.Series) -> pd.Series:
    """Return the address each geocode note says is not recognised ("" for other notes).

    Parameters
    ----------
    notes : pandas.Series
        ``geocode_note`` values.

    Returns
    -------
    pandas.Series
        The address as the note quotes it (cut at 100 characters), indexed like ``notes``.
    """
    text = notes.astype("string").fillna("")
    said = text.str.extract(_QUOTED_ADDRESS, expand=False)
    return said.fillna("").astype("string")


#: The address an unrecognised-address note quotes.
_QUOTED_ADDRESS = "^" + NOT_RECOGNISED + r"'(.*?)'(?:; |$)"


def unplaced_message(count: int, total: int, parts: list[str]) -> str:
    """Return the warning about ``count`` of ``total`` records not placed, the first :data:`LISTED` in ``parts``.

    Every engine words it so (:func:`geocode`, and :class:`clusteratlas.stream.Unplaced`
    over chunks and partitions).

    Parameters
    ----------
    count : int
        Records not placed in the whole table.
    total : int
        Records in the whole table.
    parts : list of str
        The first of them listed (``name (city 'x': reason)``).

    Returns
    -------
    str
    """
    more = f"; and {count - LISTED} more" if count > LISTED else ""
    return f"{count} of {total} records could not be placed: {'; '.join(parts)}{more}"


def _report_unresolved(frame: pd.DataFrame, *, strict: bool) -> None:
    count = len(frame) - count_placed(frame)
    if not count:
        return
    bad = unplaced(frame, limit=LISTED)
    parts = [record_line(who, city, reason) for who, city, reason in bad.itertuples(index=False)]
    msg = unplaced_message(count, len(frame), parts)
    if strict:
        raise UnresolvedError(msg)
    warnings.warn(msg, UnresolvedWarning, stacklevel=3)


def _report_conflicts(frame: pd.DataFrame) -> None:
    """Warn once when records are placed outside the region or province their own columns give."""
    count = int(placed_conflicts(frame).sum())
    if not count:
        return
    msg = conflict_message(count, len(frame), conflict_listing(frame, CONFLICTS_LISTED))
    warnings.warn(msg, RegionConflictWarning, stacklevel=3)


def to_geodataframe(geocoded: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return geocoded records as a GeoDataFrame of points in EPSG:4326 (empty geometry when unplaced)."""
    import geopandas as gpd

    lon = geocoded["lon"].to_numpy(dtype=float)
    lat = geocoded["lat"].to_numpy(dtype=float)
    geometry = gpd.points_from_xy(lon, lat, crs="EPSG:4326")
    geometry[np.isnan(lon)] = None
    return gpd.GeoDataFrame(geocoded.copy(), geometry=geometry, crs="EPSG:4326")


__all__ = [
    "GEOCODE_COLUMNS",
    "PRECISIONS",
    "STATUSES",
    "Match",
    "geocode",
    "geocode_to_count",
    "placed_conflicts",
    "to_geodataframe",
    "unplaced",
    "unrecognised_address",
    "user_headers",
]
