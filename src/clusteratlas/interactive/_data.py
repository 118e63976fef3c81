"""The records as the page carries them: compact columns, places, categories and filters.

Every column is one array (dictionary-encoded when values repeat); coordinates are codes
into a list of distinct places. Up to :data:`LIST_ALL_UP_TO` records the page carries every
record; above, one unit per distinct place, category, year and filter value, with its
count, and the first :data:`LISTED` records for the table: it grows with places and values,
not rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._labels import search_names
from ..aggregate import locale_key
from ..mapspec import MapSpec
from ..presentation import texts
from ..records import address_column
from ..schema import json_value
from ._assets import WEB_TEXTS
from ._columns import SEARCH_COLUMNS, category_title, column_title, record_names
from ._study import lever_columns, lever_labels

__all__ = ["LISTED", "LIST_ALL_UP_TO", "coordinates_text", "encode", "page_data", "record_details"]

#: Up to this many records the page carries every record (listed in the table, searched by
#: name); above, it carries counts by place, category, year and filter value, and lists the
#: first :data:`LISTED` records (the full list is the user's own table).
LIST_ALL_UP_TO = 10_000
#: Records listed in the table of a page above :data:`LIST_ALL_UP_TO` records.
LISTED = 1000


def _plain(value: Any) -> Any:
    """Return a cell as JSON for the page; anything but None, bool, numbers and text becomes text."""
    out = json_value(value)
    return out if out is None or isinstance(out, bool | int | float | str) else str(out)


def encode(values: pd.Series) -> dict[str, Any]:
    """Encode one column compactly for the page.

    Parameters
    ----------
    values : pandas.Series

    Returns
    -------
    dict
        ``{"k": v}`` if constant, ``{"d": values, "c": codes}`` (dictionary-encoded, -1 for
        missing) if values repeat, ``{"v": [...]}`` otherwise.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    plain = [_plain(v) for v in uniques.tolist()] if len(uniques) else []
    if not len(values) or (len(plain) <= 1 and (codes >= 0).all()):
        return {"k": plain[0] if plain else None}
    if not plain:
        return {"k": None}
    if 2 * len(plain) <= len(values):
        return {"d": plain, "c": codes.tolist()}
    return {"v": [plain[c] if c >= 0 else None for c in codes.tolist()]}


def _keys(geo: pd.DataFrame, column: str, unknown: str) -> pd.Series:
    """Return a filter's values: the column's text, trimmed, ``unknown`` when empty (vectorised)."""
    if column not in geo:
        return pd.Series(unknown, index=geo.index, dtype=object)
    text = geo[column].astype("string").str.strip()
    return text.where(text.notna() & text.ne(""), unknown).astype(object)


def _years(geo: pd.DataFrame) -> pd.Series:
    """Return the records' years as numbers (NaN when missing or not a number)."""
    if "year" not in geo:
        return pd.Series(np.nan, index=geo.index)
    return pd.to_numeric(geo["year"], errors="coerce")


def _record_columns(
    geo: pd.DataFrame, shown: list[str], lang: str, levers: list[str], where: tuple[np.ndarray, list[list[float]]]
) -> dict[str, dict[str, Any]]:
    """Return the records' own columns for the table, the popups and the search (and years, ``levers``).

    The geocoder's precisions are written in the page's language ("ville" for ``city``);
    records of one name at different places carry what tells them apart (``detail``:
    :func:`record_details`; ``where``: each record's place code and the places).
    """
    cols: dict[str, dict[str, Any]] = {}
    words = dict(texts("status", lang))
    names = record_names(geo)
    cols["name"] = encode(names)  # "feature 22" where a record has no name, as messages say
    detail = record_details(geo, names, where, lang)
    if detail.notna().any():
        cols["detail"] = encode(detail.astype(object).where(detail.notna(), None))
    for k in dict.fromkeys(("full_name", "location_source", *shown, *SEARCH_COLUMNS)):
        if k in geo and k not in ("year", "name"):
            values = geo[k].map(words).fillna(geo[k]) if k == "geocode_precision" else geo[k]
            values = search_names(geo) if k == "geocode_match" else values  # the town's every name, for search
            cols[k] = encode(values.astype(object).where(values.notna(), None))
    cols["year"] = encode(_years(geo).round().astype("Int64"))
    for c in levers:
        cols[c] = encode(geo[c].astype(object).where(geo[c].notna(), None))
    return cols


def coordinates_text(places: np.ndarray, lang: str) -> np.ndarray:
    """Write places' coordinates as a reader tells two places apart: "32.3394, -6.3608" ("32,3394 ; -6,3608").

    Parameters
    ----------
    places : numpy.ndarray
        ``(n, 2)`` latitudes and longitudes.
    lang : {"en", "fr"}

    Returns
    -------
    numpy.ndarray
        Text, one per place (vectorised; four decimals: about 10 m).
    """
    lat = np.char.mod("%.4f", np.asarray(places, dtype=float).reshape(-1, 2)[:, 0])
    lon = np.char.mod("%.4f", np.asarray(places, dtype=float).reshape(-1, 2)[:, 1])
    if lang == "fr":
        return np.char.add(np.char.add(np.char.replace(lat, ".", ","), "\u202f; "), np.char.replace(lon, ".", ","))
    return np.char.add(np.char.add(lat, ", "), lon)


def record_details(
    geo: pd.DataFrame, names: pd.Series, where: tuple[np.ndarray, list[list[float]]], lang: str
) -> pd.Series:
    """Return what tells apart records of one name at different places; missing for the others.

    Eleven records named "Béni Mellal" at eleven points were eleven identical popups and
    rows: each now carries its address when its file gives one that no other of them shares,
    else its coordinates.

    Parameters
    ----------
    geo : pandas.DataFrame
        The records.
    names : pandas.Series
        Their names as the page writes them (:func:`record_names`).
    where : tuple
        Each record's place code (-1: not on the map) and the places' ``[lat, lon]``.
    lang : {"en", "fr"}

    Returns
    -------
    pandas.Series
        Text or missing, indexed like ``geo``.
    """
    place, places = where
    frame = pd.DataFrame({"name": names.astype(str).str.strip().str.casefold().to_numpy(), "place": place})
    shared = (frame.groupby("name")["place"].transform("nunique") > 1).to_numpy() & (place >= 0)
    out = pd.Series(pd.NA, index=geo.index, dtype="string")
    if not shared.any():
        return out
    coords = coordinates_text(np.asarray(places, dtype=float)[place[shared]], lang)
    detail = pd.Series(coords, index=geo.index[shared], dtype="string")
    column = address_column(list(geo.columns))
    if column is not None:
        address = geo.loc[shared, column].astype("string").str.strip()
        pairs = pd.DataFrame({"name": frame["name"].to_numpy()[shared], "address": address.str.casefold().to_numpy()})
        own = address.fillna("").ne("").to_numpy() & ~pairs.duplicated(keep=False).to_numpy()
        detail = detail.where(~own, address)
    out[shared] = detail.to_numpy()
    return out


def _place_codes(spec: MapSpec) -> tuple[np.ndarray, list[list[float]]]:
    """Return each record's place (a code, -1 when not on the map) and the distinct places.

    Places are numbered in order of first appearance (vectorised: no loop over records).
    """
    geo = spec.records
    placed = spec.points[["lat", "lon"]].reindex(geo.index)
    lat = placed["lat"].to_numpy(dtype=float).round(5)
    lon = placed["lon"].to_numpy(dtype=float).round(5)
    on_map = geo.index.isin(spec.points.index) & ~np.isnan(lat) & ~np.isnan(lon)
    codes = np.full(len(geo), -1, dtype=np.int64)
    found, uniques = pd.factorize(lat[on_map] + 1j * lon[on_map])  # one number per place
    codes[on_map] = found
    places = np.column_stack([uniques.real, uniques.imag]).tolist() if len(uniques) else []
    return codes, places


def _categories(spec: MapSpec) -> tuple[list[str], np.ndarray]:
    """Return the categories (the spec's colours' order, then any other) and each record's code."""
    geo = spec.records
    on_map = geo.index.isin(spec.points.index)
    category = spec.points["category"].reindex(geo.index).astype(object)
    if not on_map.all():
        category[~on_map] = spec.categories(geo.loc[~on_map]).astype(object).to_numpy()
    text = category.astype(str)
    order = list(spec.colors)
    cats = order + sorted(set(text.unique()) - set(order))
    return cats, np.asarray(pd.Categorical(text, categories=cats).codes, dtype=np.int64)


def _filters(
    spec: MapSpec, columns: list[str], cats: list[str], cat_codes: np.ndarray
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Return the page's filters (the points' categories first) and each filter's codes per record."""
    geo = spec.named(spec.records)  # the values as the page names them
    counts = np.bincount(cat_codes, minlength=len(cats))
    filters: list[dict[str, Any]] = [
        {
            "name": "category",
            "column": "category",
            "title": category_title(spec),
            "values": [[c, int(counts[j]), spec.colors.get(c, "#9e9e9e")] for j, c in enumerate(cats) if counts[j]],
        }
    ]
    codes: dict[str, Any] = {}
    unknown = WEB_TEXTS[spec.lang]["unknown_value"]
    for column in columns:
        keys = _keys(geo, column, unknown)
        values = sorted(
            ((str(k), int(v)) for k, v in keys.value_counts().items()),
            key=lambda kv: (kv[0] == unknown, -kv[1], locale_key(kv[0]), kv[0]),
        )
        names = [v for v, _ in values]
        codes["f:" + column] = (names, np.asarray(pd.Categorical(keys, categories=names).codes, dtype=np.int64))
        filters.append(
            {
                "name": column,
                "column": "f:" + column,
                "title": column_title(spec, column),
                "values": [[v, c, None] for v, c in values],
            }
        )
    return filters, codes


def page_data(spec: MapSpec, filter_columns: list[str], shown: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the records as compact columns for the page, and the numbers the page states.

    Parameters
    ----------
    spec : MapSpec
    filter_columns : list of str
        The data's own categorical columns, each a filter.
    shown : list of str
        The columns the table and the popups show.

    Returns
    -------
    data : dict
        What the page's script reads as ``CONFIG.data``.
    facts : dict
        ``filters``, ``years`` (the range) and ``placed`` (records on the map).
    """
    geo = spec.records
    place, places = _place_codes(spec)
    cats, cat_codes = _categories(spec)
    filters, filter_codes = _filters(spec, filter_columns, cats, cat_codes)
    points = spec.points[["uncertain", "coarse"]].reindex(geo.index)
    flags = {f: points[f].astype("boolean").fillna(False).to_numpy(dtype=bool) for f in ("uncertain", "coarse")}
    years = _years(geo).dropna()
    facts = {
        "filters": filters,
        "years": [int(years.min()), int(years.max())] if len(years) else [2000, 2030],
        "placed": int((place >= 0).sum()),
    }
    data: dict[str, Any] = {
        "n": len(geo),
        "places": places,
        "place_names": _place_names(spec, place),
        "levers": lever_labels(spec, lever_columns(spec)),
    }
    data["place_details"] = _told_apart(data["place_names"], places, spec.lang)
    if len(geo) > LIST_ALL_UP_TO:
        data.update(_units(spec, shown, (place, places), (cats, cat_codes), filter_codes, flags))
        return data, facts
    cols = _record_columns(spec.named(geo), shown, spec.lang, lever_columns(spec), (place, places))
    cols["place"] = {"c": place.tolist()}
    cols["category"] = {"d": cats, "c": cat_codes.tolist()}
    for flag, values in flags.items():
        cols[flag] = encode(pd.Series(values))
    for key, (names, codes) in filter_codes.items():
        cols[key] = {"d": names, "c": codes.tolist()}
    data["columns"] = cols
    return data, facts


def _units(
    spec: MapSpec,
    shown: list[str],
    where: tuple[np.ndarray, list[list[float]]],
    category: tuple[list[str], np.ndarray],
    filter_codes: dict[str, Any],
    flags: dict[str, np.ndarray],
) -> dict[str, Any]:
    """Return a large table's records as units: one per place, category, year, flag and filter value.

    Each unit carries its number of records (``w``); the names and other free text are
    left out (they are in the user's table), but for the first :data:`LISTED` records,
    listed with every column and their unit (``listed``). Places carry the words search
    finds them by (:func:`_place_words`).
    """
    geo = spec.records
    place = where[0]
    year = _years(geo).round().astype("Int64")
    keys = pd.DataFrame(
        {
            "place": place,
            "category": category[1],
            "year": year.fillna(-(10**9)).to_numpy(dtype=np.int64),
            **flags,
            **{k: codes for k, (_, codes) in filter_codes.items()},
        }
    )
    grouped = keys.groupby(list(keys.columns), sort=True)
    unit = grouped.ngroup().to_numpy()
    units = grouped.size().reset_index(name="w")
    cols: dict[str, dict[str, Any]] = {
        "place": {"c": units["place"].tolist()},
        "category": {"d": category[0], "c": units["category"].tolist()},
        "year": encode(units["year"].where(units["year"] > -(10**9)).astype("Int64")),
        "w": encode(units["w"]),
        **{f: encode(units[f]) for f in flags},
        **{k: {"d": names, "c": units[k].tolist()} for k, (names, _) in filter_codes.items()},
    }
    listed = geo.iloc[:LISTED]
    return {
        "n": len(units),
        "total": len(geo),
        "columns": cols,
        "place_words": _place_words(spec, place),
        "listed": {
            "n": len(listed),
            "unit": unit[:LISTED].tolist(),
            "columns": _record_columns(
                spec.named(listed), shown, spec.lang, lever_columns(spec), (place[:LISTED], where[1])
            ),
        },
    }


def _place_names(spec: MapSpec, place: np.ndarray) -> list[str]:
    """Return each place's name: the gazetteer's in the page's language, else the data's most frequent.

    The gazetteer's name is the figures' (else the data's most frequent town, province or region).
    The markers and clusters are named by it ("10 records: Casablanca, Rabat …"): "Tanger" on a
    French page, never a register's "Tangier", "kasablanka" or "کلمیم".
    """
    geo = spec.records
    on = place >= 0
    n = int(place.max()) + 1 if on.any() else 0
    names = [""] * n
    given = spec.points["place"].reindex(geo.index) if "place" in spec.points else pd.Series(dtype=object)
    sources = {"place": given, **{column: geo[column] for column in ("city", "province", "region") if column in geo}}
    for values in sources.values():
        if all(names) or len(values) != len(geo):
            continue
        # Distinct spellings first: a register has a few thousand, not a million.
        codes, uniques = pd.factorize(values.to_numpy()[on])
        pairs = pd.DataFrame({"place": place[on], "code": codes})
        counts = pairs[codes >= 0].value_counts(sort=False).reset_index(name="n")
        counts["text"] = pd.Series(uniques, dtype=object).astype("string").str.strip().to_numpy()[counts["code"]]
        counts = counts[counts["text"].notna() & counts["text"].ne("")]
        counts = counts.groupby(["place", "text"], as_index=False)["n"].sum()
        counts = counts.sort_values(["place", "n", "text"], ascending=[True, False, True], kind="stable")
        for k, text in counts.drop_duplicates("place").set_index("place")["text"].items():
            names[int(k)] = names[int(k)] or str(text)
    return names


def _told_apart(names: list[str], places: list[list[float]], lang: str) -> dict[str, str]:
    """Return what tells apart places of one name (eleven "Béni Mellal"): their coordinates, by place code.

    A place's symbol is then named "Béni Mellal (32.3394, -6.3608): Textile (3)".
    """
    text = pd.Series(names, dtype=object)
    shared = np.flatnonzero((text.ne("") & text.duplicated(keep=False)).to_numpy())
    if not len(shared):
        return {}
    coords = coordinates_text(np.asarray(places, dtype=float)[shared], lang)
    return dict(zip((str(k) for k in shared.tolist()), (str(c) for c in coords), strict=True))


def _place_words(spec: MapSpec, place: np.ndarray) -> dict[str, Any]:
    """Return the words search finds each place by: its towns, matched places, provinces and regions.

    Returns
    -------
    dict
        ``{"d": words, "c": [codes of each place's words]}``: the distinct words once, sorted.
    """
    geo = spec.records
    on = place >= 0
    n = int(place.max()) + 1 if on.any() else 0
    pairs = []
    for column in (c for c in SEARCH_COLUMNS if c in geo and c not in ("name", "full_name")):
        values = search_names(geo) if column == "geocode_match" else geo[column]  # the town's every name
        codes, uniques = pd.factorize(values.to_numpy()[on])  # distinct spellings, not rows
        texts = pd.Series(uniques, dtype=object).astype("string").str.strip()
        found = np.unique(np.stack([place[on][codes >= 0], codes[codes >= 0]], axis=1), axis=0)
        pairs.append(pd.DataFrame({"place": found[:, 0], "text": texts.to_numpy()[found[:, 1]]}))
    if not pairs:
        return {"d": [], "c": [[] for _ in range(n)]}
    every = pd.concat(pairs, ignore_index=True)
    every = every[every["text"].notna() & every["text"].ne("")].drop_duplicates()
    codes, words = pd.factorize(every["text"].astype(str), sort=True)
    per: list[list[int]] = [[] for _ in range(n)]
    for p, c in sorted(zip(every["place"].tolist(), codes.tolist(), strict=True)):
        per[int(p)].append(int(c))
    return {"d": [str(w) for w in words], "c": per}
