"""The town column of a register, read once per distinct value: the steps of :func:`~clusteratlas.geocode.geocode`.

Every distinct value of the ``city`` column is normalised once (:class:`CityNames`), every
distinct key resolved once (:func:`~clusteratlas.gazetteer.resolve_keys`, or the lookup
an engine built for the whole table), and the results are spread to the rows by their
factorize codes. Cells that say more than a town, and addresses, are read word by word by
:mod:`clusteratlas._cells`, again once per distinct text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._cells import not_recognised, read_rows, subplace_keys, write_rows
from ._text import strip_cells
from .aliases import Aliases
from .gazetteer import load_gazetteer, normalize_names, resolve_keys
from .geography import admin_table, at_sea, locate
from .records import NO_PLACE_CELLS, address_column

__all__ = [
    "LOST_TEXT",
    "OFFSHORE_KM",
    "SAYS_NONE",
    "THREADED_ROWS",
    "CityNames",
    "State",
    "as_strings",
    "hint_swapped",
    "lookup",
    "place_at_sea",
    "place_cities",
    "prefer_given_area",
    "read_addresses",
    "reread_cells",
    "say_at_sea",
    "spread_codes",
    "take_columns",
]

#: Note of a name made only of question marks or replacement characters.
LOST_TEXT = (
    "only question marks, as when Arabic or accented letters are saved in an encoding without them "
    "(Windows-1252): save the file as UTF-8 and read it again"
)
#: Coordinates at sea up to this far from the coast (km) are placed by the coastal town
#: their town cell names (a harbour's or a city's point rounded into the water).
OFFSHORE_KM = 10.0
#: A town cell that says more than a town: digits, separators, a spaced dash.
_SPACED = re.compile(r"[\d,;/()\[\]|]|\s[-–—]|[-–—]\s")
#: Every such cell holds one of these characters (a quick look first, by Arrow).
_MAY_SPACE = r"[\p{Nd},;/()\[\]|\-–—]"


@dataclass(frozen=True)
class State:
    """The placement being built, one array per output column (changed in place by the steps)."""

    lat: np.ndarray
    lon: np.ndarray
    province: np.ndarray
    region: np.ndarray
    status: np.ndarray
    precision: np.ndarray
    match: np.ndarray
    score: np.ndarray
    note: np.ndarray

    @classmethod
    def empty(cls, n: int) -> State:
        """Nothing placed yet: every row ``unresolved``."""
        return cls(
            lat=np.full(n, np.nan),
            lon=np.full(n, np.nan),
            province=np.full(n, None, dtype=object),
            region=np.full(n, None, dtype=object),
            status=np.full(n, "unresolved", dtype=object),
            precision=np.full(n, "none", dtype=object),
            match=np.full(n, "", dtype=object),
            score=np.full(n, np.nan),
            note=np.full(n, "", dtype=object),
        )

    def arrays(self) -> tuple[np.ndarray, ...]:
        """Return the nine arrays, in field order."""
        return (
            self.lat,
            self.lon,
            self.province,
            self.region,
            self.status,
            self.precision,
            self.match,
            self.score,
            self.note,
        )


@dataclass(frozen=True)
class CityNames:
    """The distinct values of a ``city`` column, each normalised once.

    Attributes
    ----------
    codes : numpy.ndarray
        For each row, the position of its value in ``uniques`` (-1: missing).
    uniques : numpy.ndarray
        The distinct values, as an object array.
    keys : numpy.ndarray
        The :func:`~clusteratlas.gazetteer.normalize_name` key of each of ``uniques``.
    """

    codes: np.ndarray
    uniques: np.ndarray
    keys: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> CityNames:
        """Factorize ``frame``'s ``city`` column (none: every row missing) and normalise its values."""
        if "city" not in frame:
            none = np.array([], dtype=object)
            return cls(np.full(len(frame), -1, dtype=np.intp), none, none)
        codes, uniques = pd.factorize(frame["city"], use_na_sentinel=True)
        values = np.asarray(uniques, dtype=object)
        return cls(np.asarray(codes, dtype=np.intp), values, np.asarray(normalize_names(values), dtype=object))

    def blank(self) -> np.ndarray:
        """Whether each distinct value is no name: not a string, only white space, or a cell that says none.

        A cell that says none is one of :data:`SAYS_NONE` (``N/A``, ``néant``), white space
        around it ignored; ``-`` or ``?`` have no name to look up and are said so.

        Cells are stripped as Python strips them, in C (:func:`~clusteratlas._text.strip_cells`).
        """
        if pd.api.types.infer_dtype(self.uniques, skipna=False) == "string":  # in C: the common case
            strings = np.ones(len(self.uniques), dtype=bool)
        else:
            strings = np.array([isinstance(u, str) for u in self.uniques], dtype=bool)
        stripped = strip_cells(pd.Series(np.where(strings, self.uniques, ""), dtype="str"))
        blank = (stripped.eq("") | stripped.str.casefold().isin(SAYS_NONE)).to_numpy(dtype=bool)
        return np.asarray(blank | ~strings, dtype=bool)

    def settled(self) -> np.ndarray:
        """Whether each row's town is a name placed as it is, so that its address is never read.

        An exact, alternate, alias or commune name of the gazetteer that is not also a
        quarter's or a site's (read again word by word, :func:`reread_cells`) places the
        record whatever else it says; every other town (missing, a typo, a text of several
        places) may leave it unplaced, for the address to place (:func:`read_addresses`).
        """
        exact = load_gazetteer().exact
        pos = exact.index.get_indexer(pd.Index(self.keys, dtype=object))
        found = (pos >= 0) & (exact["status"].to_numpy(dtype=object)[np.maximum(pos, 0)] != "unresolved")
        found &= ~pd.Series(self.keys, dtype=object).isin(subplace_keys()).to_numpy(dtype=bool)
        settled: np.ndarray = np.append(found, False)[self.codes]  # a missing town (-1) picks the trailing False
        return settled

    def spaced(self) -> np.ndarray:
        """Whether each row's cell says more than a town (digits, separators, a spaced dash)."""
        text = pd.Series(self.uniques, dtype="str").fillna("")
        per_value = text.str.contains(_MAY_SPACE, regex=True).to_numpy(dtype=bool).copy()  # in C, then Python's re
        some = np.flatnonzero(per_value)
        per_value[some] = text.iloc[some].astype(object).str.contains(_SPACED, regex=True).to_numpy(dtype=bool)
        per_value = np.append(per_value, False)
        return np.asarray(per_value[self.codes], dtype=bool)  # a missing value (-1) picks the trailing False


#: Town cells that say none and would otherwise be looked up (``N/A``, ``néant``): those of
#: :data:`~clusteratlas.records.NO_PLACE_CELLS` with letters; the others (``-``, ``?``) have no
#: name to look up and are "no place name given", as before.
SAYS_NONE = frozenset(c for c in NO_PLACE_CELLS if normalize_names([c])[0])


def lookup(keys: np.ndarray, resolved: pd.DataFrame | None) -> pd.DataFrame:
    """Return the resolutions of ``keys``, in order: from ``resolved`` where it has them, else resolved now."""
    gaz = load_gazetteer()
    if resolved is None:
        return resolve_keys(keys, gaz)
    pos = resolved.index.get_indexer(pd.Index(keys, dtype=object))
    known = pos >= 0
    if known.all():
        return resolved.iloc[pos].reset_index(drop=True)
    fresh = resolve_keys(keys[~known], gaz).set_axis(np.flatnonzero(~known))
    taken = resolved.iloc[pos[known]].set_axis(np.flatnonzero(known))
    return pd.concat([taken[list(fresh.columns)], fresh]).sort_index()


def place_cities(
    st: State, given: np.ndarray, names: CityNames, resolved: pd.DataFrame | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step 2: city names, each distinct key resolved once; return the notes and keys per row, and the keys."""
    n = len(given)
    status, match, score, note = st.status, st.match, st.score, st.note
    blank = np.append(names.blank(), True)
    todo = ~given & ~blank[names.codes]  # a missing value (-1) picks the trailing True
    city_note = np.full(n, "", dtype=object)
    key_of_row = np.full(n, -1)
    if not todo.any():
        return city_note, key_of_row, np.array([], dtype=object)
    kcodes, uniq_keys = pd.factorize(pd.Series(names.keys, dtype=object))
    city_keys = np.asarray(uniq_keys, dtype=object)
    idx = np.flatnonzero(todo)
    row_key = np.asarray(kcodes, dtype=int)[names.codes[idx]]
    table = lookup(city_keys, resolved)
    key_of_row[idx] = row_key
    status[idx] = table["status"].to_numpy(dtype=object)[row_key]
    match[idx] = table["match"].to_numpy(dtype=object)[row_key]
    score[idx] = table["score"].to_numpy(dtype=float)[row_key]
    note[idx] = table["note"].to_numpy(dtype=object)[row_key]
    _explain_lost_text(note, idx, names.uniques, names.codes[idx])
    city_note[idx] = note[idx]
    _spread_places(st, idx, row_key, table["place_id"].to_numpy(dtype=object))
    return city_note, key_of_row, city_keys


def _spread_places(st: State, idx: np.ndarray, row_key: np.ndarray, key_place: np.ndarray) -> None:
    """Give the rows ``idx`` their key's place: looked up once per distinct key, then spread."""
    places = load_gazetteer().places.reindex(pd.Index(key_place, dtype=object))
    k_city = (places["kind"] == "city").to_numpy(dtype=bool)
    k_lat, k_lon = np.full(len(key_place), np.nan), np.full(len(key_place), np.nan)
    k_lat[k_city] = places["lat"].to_numpy()[k_city].astype(float)
    k_lon[k_city] = places["lon"].to_numpy()[k_city].astype(float)
    found = pd.notna(key_place[row_key])
    placed, rk = idx[found], row_key[found]
    st.province[placed] = places["province_code"].to_numpy(dtype=object)[rk]
    st.region[placed] = places["region_code"].to_numpy(dtype=object)[rk]
    is_city = k_city[rk]
    st.precision[placed] = np.where(is_city, "city", "province")
    st.lat[placed[is_city]] = k_lat[rk][is_city]
    st.lon[placed[is_city]] = k_lon[rk][is_city]


def _explain_lost_text(note: np.ndarray, idx: np.ndarray, uniq: np.ndarray, codes: np.ndarray) -> None:
    """Say why a city of two or more "?" or "\ufffd" has no name: text lost to an encoding, not a blank cell."""
    text = pd.Series(np.asarray(uniq, dtype=object), dtype="string")
    lost = (text.str.contains("?", regex=False) | text.str.contains("\ufffd", regex=False)).fillna(False)
    some = np.flatnonzero(lost.to_numpy(dtype=bool))
    lost = lost.to_numpy(dtype=bool).copy()
    lost[some] = text.iloc[some].str.fullmatch(r"\s*[?\ufffd](?:\s*[?\ufffd])+\s*").fillna(False).to_numpy(dtype=bool)
    if lost.any():
        rows = lost[codes]
        note[idx[rows]] = LOST_TEXT


def reread_cells(
    frame: pd.DataFrame,
    st: State,
    names: CityNames,
    key_of_row: np.ndarray,
    keys: np.ndarray,
    areas: dict[str, np.ndarray],
    aliases: Aliases | None = None,
) -> None:
    """Step 2b: read again the town cells that say more than a town, or name a quarter or a site.

    A cell is read word by word (:mod:`clusteratlas._cells`) when its name was not found,
    when it is a fuzzy match but holds digits or separators ("Casablanca 20250"), or when
    it is also the name of a quarter or an industrial site (a homonym such as "Sidi
    Ghanem" is then decided by the row's region or province, or by dominance).
    """
    if "city" not in frame or not len(keys):
        return
    status = st.status
    key_subplace = pd.Series(keys, dtype=object).isin(subplace_keys()).to_numpy(dtype=bool)
    has_key = key_of_row >= 0
    fuzzy = status == "fuzzy"
    spaced = names.spaced() if fuzzy.any() else np.zeros(len(status), dtype=bool)
    again = has_key & ((status == "unresolved") | (fuzzy & spaced) | key_subplace[np.maximum(key_of_row, 0)])
    rows = np.flatnonzero(again & (st.note != LOST_TEXT))
    if not len(rows):
        return
    result = read_rows(frame["city"], rows, areas, what="town cell", aliases=aliases)
    placed = write_rows(st.arrays(), rows, result, status=None)
    key_of_row[placed] = -1  # decided here: neither moved by the region column nor given suggestions


def read_addresses(
    frame: pd.DataFrame, st: State, given: np.ndarray, areas: dict[str, np.ndarray], aliases: Aliases | None = None
) -> None:
    """Step 2c: records still unplaced are placed by the most specific place their address names.

    The address column is the first headed as one (:data:`~clusteratlas.records.ADDRESS_HEADERS`).
    Its names are those of a town cell: places, quarters, sites, the shipped sites and the
    user's ``aliases``. A record it leaves unplaced, with no town cell's reason, gets the
    note :func:`~clusteratlas._cells.not_recognised` (the address, the closest names, what to do).
    """
    column = address_column(list(frame.columns))
    if column is None:
        return
    text = frame[column].astype("string").fillna("").str.strip()
    rows = np.flatnonzero(~given & (st.status == "unresolved") & text.ne("").to_numpy(dtype=bool))
    if len(rows):
        found = read_rows(frame[column], rows, areas, what="address", aliases=aliases)
        write_rows(st.arrays(), rows, found, status="address")
        silent = rows[(st.status[rows] == "unresolved") & (st.note[rows] == "")]  # no town cell said why
        st.note[silent] = not_recognised(text.iloc[silent])


def prefer_given_area(st: State, key_of_row: np.ndarray, keys: np.ndarray, areas: dict[str, np.ndarray]) -> None:
    """Move a city shared by several places to the one inside the region or province the record gives.

    "Dakhla" with région "Souss-Massa" is the Dakhla of Souss-Massa, not the most populous
    Dakhla. Only places with exactly the record's key are considered (the same tiers as the
    lookup: primary, alternate or alias name, commune); worked on distinct (key, region,
    province) triples.
    """
    if not areas or not len(keys):
        return
    lat, lon, province, region, status, precision, match, score, note = st.arrays()
    none = np.full(len(status), None, dtype=object)
    want_r, want_p = areas.get("region", none), areas.get("province", none)
    off = ((want_r != None) & (region != want_r)) | ((want_p != None) & (province != want_p))  # noqa: E711
    by_name = pd.Series(status, dtype=object).isin(("exact", "alias", "commune")).to_numpy(dtype=bool)
    rows = np.flatnonzero(off & (key_of_row >= 0) & by_name)
    if not len(rows):
        return
    asked = pd.DataFrame({"key": keys[key_of_row[rows]], "want_r": want_r[rows], "want_p": want_p[rows]})
    gaz = load_gazetteer()
    names = gaz.names[gaz.names["key"].isin(asked["key"].unique())]
    cand = names.assign(province_code=gaz.places["province_code"].reindex(names["place_id"]).to_numpy())
    pairs = asked.drop_duplicates().merge(cand, on="key")
    inside = (pairs["want_r"].isna() | (pairs["region_code"] == pairs["want_r"])) & (
        pairs["want_p"].isna() | (pairs["province_code"] == pairs["want_p"])
    )
    pairs = pairs[inside].sort_values(["tier", "population", "place_id"], ascending=[True, False, True], kind="stable")
    pairs = pairs.drop_duplicates(["key", "want_r", "want_p"])
    if pairs.empty:
        return
    at = asked.merge(pairs, on=["key", "want_r", "want_p"], how="left")
    moved = at["place_id"].notna().to_numpy()
    at, rows = at[moved], rows[moved]
    places = gaz.places.reindex(at["place_id"])
    is_city = (places["kind"] == "city").to_numpy()
    province[rows] = places["province_code"].to_numpy(dtype=object)
    region[rows] = places["region_code"].to_numpy(dtype=object)
    precision[rows] = np.where(is_city, "city", "province")
    lat[rows] = np.where(is_city, pd.to_numeric(places["lat"], errors="coerce"), np.nan)
    lon[rows] = np.where(is_city, pd.to_numeric(places["lon"], errors="coerce"), np.nan)
    kind = at["name_type"].map({"primary": "exact", "alternate": "alias", "alias": "alias"}).fillna("commune")
    status[rows] = np.where(is_city, kind.to_numpy(dtype=object), "commune")
    match[rows] = at["name"].to_numpy(dtype=object)
    score[rows] = 100.0
    where = admin_table("region").set_index("region_code")["region"].reindex(at["region_code"]).to_numpy(dtype=object)
    column = np.where(at["want_r"].notna(), "region", "province").astype(object)
    said = "took the one in " + where.astype(str) + ", as the record's " + column + " column says"
    old = pd.Series(note[rows], dtype=object).str.replace("; took the most populous", "", regex=False)
    note[rows] = np.where(old != "", old + "; " + said, "another place is called this; " + said)


def place_at_sea(st: State, given: np.ndarray, names: CityNames, resolved: pd.DataFrame | None = None) -> None:
    """Step 1b: coordinates at sea off the coast of the town the town cell names are placed by that town.

    Points outside every province, at sea within :data:`OFFSHORE_KM` of the coast of a
    province (one nearest-province query for them all, :func:`~clusteratlas.geography.at_sea`),
    whose town cell names a town within twice that distance, get the town's province (the
    nearest coast may be the next province's: a point off Rabat is nearer Salé's), their
    coordinates kept, and the note "coordinates at sea, N km from <town>; placed by the
    town". Each distinct town is looked up once.
    """
    rows = np.flatnonzero(given & pd.isna(st.province) & (names.codes >= 0))
    if not len(rows):
        return
    province, _ = at_sea(st.lon[rows], st.lat[rows], OFFSHORE_KM)
    near = pd.notna(province)
    rows, province = rows[near], province[near]
    if not len(rows):
        return
    kcodes, keys = pd.factorize(pd.Series(names.keys[names.codes[rows]], dtype=object))
    place = lookup(np.asarray(keys, dtype=object), resolved)["place_id"].to_numpy(dtype=object)[kcodes]
    towns = load_gazetteer().places.reindex(pd.Index(place, dtype=object))
    t_lat = pd.to_numeric(towns["lat"], errors="coerce").to_numpy(dtype=float)
    t_lon = pd.to_numeric(towns["lon"], errors="coerce").to_numpy(dtype=float)
    dlon = (st.lon[rows] - t_lon) * np.cos(np.radians((st.lat[rows] + t_lat) / 2))
    km = np.hypot(dlon * 111.32, (st.lat[rows] - t_lat) * 110.57)
    with np.errstate(invalid="ignore"):
        ok = np.asarray(km <= 2 * OFFSHORE_KM, dtype=bool)  # the nearest coast may be the next province's
    at = rows[ok]
    st.province[at] = towns["province_code"].to_numpy(dtype=object)[ok]
    shown = np.char.mod("%.0f", np.maximum(km[ok], 1.0)).astype(object)
    st.note[at] = "coordinates at sea, " + shown + " km from " + towns["name"].to_numpy(dtype=object)[ok]
    st.note[at] = st.note[at] + "; placed by the town"


def hint_swapped(st: State, given: np.ndarray) -> None:
    """Step 1c: say so where coordinates placed nowhere would be in a province read the other way round.

    The record is not moved (a swap is a guess): its note gains "latitude and longitude
    swapped? …" naming the province the swapped point lies in.
    """
    rows = np.flatnonzero(given & pd.isna(st.province))
    if not len(rows):
        return
    swapped, _ = locate(st.lat[rows], st.lon[rows])  # longitude read as latitude and back
    inside = pd.notna(swapped)
    if not inside.any():
        return
    at = rows[inside]
    names = admin_table("province").set_index("province_code")["province"].reindex(swapped[inside])
    said = "latitude and longitude swapped? Read the other way round, the point is in " + names.astype(str)
    st.note[at] = np.where(st.note[at] != "", st.note[at] + "; ", "") + said.to_numpy(dtype=object)


def say_at_sea(st: State, given: np.ndarray) -> None:
    """Step 1b': coordinates still placed nowhere, at sea within :data:`OFFSHORE_KM` of the coast, say so.

    Their note "outside Morocco" becomes "at sea, 2 km off Tanger-Assilah; not placed" (the
    province of the nearest coast, one query for them all): a point rounded into the water
    is a record to correct, not one abroad. The record stays unplaced.
    """
    rows = np.flatnonzero(given & pd.isna(st.province))
    if not len(rows):
        return
    province, km = at_sea(st.lon[rows], st.lat[rows], OFFSHORE_KM)
    near = pd.notna(province)
    if not near.any():
        return
    names = admin_table("province").set_index("province_code")["province"].reindex(province[near])
    shown = np.char.mod("%.0f", np.maximum(km[near], 1.0)).astype(object)
    st.note[rows[near]] = "at sea, " + shown + " km off " + names.to_numpy(dtype=object) + "; not placed"


#: Records above which :func:`take_columns` spreads the columns with two threads.
THREADED_ROWS = 200_000


def unread_addresses(frame: pd.DataFrame, column: object, names: CityNames) -> pd.DataFrame:
    """Return ``frame`` with the address left out where the town places the record (:meth:`CityNames.settled`).

    Such an address is never read, so records of one town then share one location however
    many addresses they give: a register with an address per firm is placed town by town.
    """
    settled = names.settled() if column is not None else np.zeros(0, dtype=bool)
    if column is None or not settled.any():
        return frame
    out = frame.copy(deep=False)
    out[column] = frame[column].where(~settled)
    return out


def take_columns(placed: pd.DataFrame, codes: np.ndarray, columns: Sequence[str]) -> list[Any]:
    """Return the ``columns`` of ``placed`` (one row per location) taken to the records by their location ``codes``.

    Arrow's ``take`` runs without the GIL, so above :data:`THREADED_ROWS` records two
    threads share the columns; the arrays are the same either way.
    """
    if len(codes) < THREADED_ROWS:
        return [placed[col].array.take(codes) for col in columns]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="geocode-take") as pool:
        return list(pool.map(lambda col: placed[col].array.take(codes), columns))


def as_strings(values: np.ndarray) -> Any:
    """Return a string column of an object array of strings, converting each distinct value once."""
    codes, uniq = pd.factorize(values)
    return pd.array(np.asarray(uniq, dtype=object), dtype="str").take(codes)


def spread_codes(per_unique: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Values of ``per_unique`` taken by factorize ``codes``, NaN where the code is -1."""
    out = per_unique[np.maximum(codes, 0)] if len(per_unique) else np.full(len(codes), np.nan, dtype=object)
    return np.where(codes >= 0, out, np.nan)
