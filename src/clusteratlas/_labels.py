"""Towns' display names, one rule for every output, and the town labels of maps.

GeoNames gives the towns' points under a primary name readers often do not write ("Al Fqih
Ben Çalah", "La Güera", "Fes" beside "Tétouan"); the HCP communes give the official names
("Fquih Ben Salah", "Lagouira", "Fès") without points. A town is shown as:

- in French, the name ``data/geo/display_names.csv`` gives it (usual French names where the
  HCP's transliteration is not the usual one, "Mohammédia", "Taroudant", and HCP communes
  matched by hand; each row with its source); else the name of the commune of the same
  province that is the town's name or one of its GeoNames alternate names; else GeoNames'
  primary name;
- in English, the English exonym that file gives the few towns that have one (Tangier,
  Fez, Marrakesh); else its French name, accents included.

Figures, their keys and alt text, the map's town labels and the report all take their town
names from :func:`display_names` (through :func:`clusteratlas.mapspec._placenames.gazetteer_names`
and :func:`town_labels`). Everything comes from the loaded gazetteer
(:func:`clusteratlas.gazetteer.load_gazetteer`) and that one small file, with no network.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ._csvin import read_text_csv
from ._resources import data_path
from .gazetteer import load_gazetteer, normalize_names

__all__ = [
    "DISPLAY_FILE",
    "LABEL_POPULATION",
    "MIN_ZOOM",
    "curated_names",
    "display_names",
    "french_names",
    "province_names",
    "renamed",
    "search_names",
    "town_labels",
]

#: The curated display names: ``place_id``, ``fr``, ``en`` (empty: the rule's own), ``source``, ``note``.
DISPLAY_FILE = ("geo", "display_names.csv")

#: Towns of at least this many inhabitants are labelled.
LABEL_POPULATION = 20_000

#: (population, zoom): a town is labelled from the first zoom whose population it reaches.
MIN_ZOOM = ((500_000, 5), (150_000, 7), (50_000, 8), (LABEL_POPULATION, 9))


@functools.cache
def _towns() -> pd.DataFrame:
    """Each GeoNames town with a point: ``place_id``, ``geonames``, ``en``, ``fr``, ``lat``, ``lon``, ``population``.

    And ``hcp``: the name of its HCP commune ("" when none matched).
    """
    gazetteer = load_gazetteer()
    places = gazetteer.places.reset_index(drop=True)
    lat, lon = places["lat"].replace("", None).astype(float), places["lon"].replace("", None).astype(float)
    city = (places["kind"] == "city") & lat.notna()
    towns = places[city].assign(lat=lat[city], lon=lon[city])
    communes = places[places["kind"] == "commune"].assign(key=lambda f: normalize_names(f["name"]))
    names = gazetteer.names  # their keys made once; the curated aliases are no town's name
    names = names[(names["name_type"] != "alias") & names["place_id"].isin(towns["place_id"])]
    keys = pd.concat(
        [
            pd.DataFrame({"place_id": towns["place_id"], "key": normalize_names(towns["name"]), "rank": 0}),
            pd.DataFrame({"place_id": names["place_id"], "key": names["key"], "rank": 1}),
        ]
    ).merge(towns[["place_id", "province_code"]], on="place_id")
    french = (
        keys.merge(communes[["key", "province_code", "name", "population"]], on=["key", "province_code"])
        .sort_values(["place_id", "rank", "population"], ascending=[True, True, False], kind="stable")
        .drop_duplicates("place_id")
        .set_index("place_id")["name"]
    )
    own = pd.Series(towns["name"].to_numpy(), index=towns["place_id"].to_numpy())
    curated = curated_names().set_index("place_id")
    fr = curated["fr"][curated["fr"].ne("")].reindex(own.index).fillna(french.reindex(own.index)).fillna(own)
    en = curated["en"][curated["en"].ne("")].reindex(own.index).fillna(fr)
    out = pd.DataFrame(
        {
            "place_id": own.index.to_numpy(),
            "geonames": own.to_numpy(),
            "en": en.to_numpy(),
            "fr": fr.to_numpy(),
            "lat": towns["lat"].to_numpy(),
            "lon": towns["lon"].to_numpy(),
            "population": towns["population"].to_numpy(dtype=np.int64),
            "hcp": french.reindex(own.index).fillna("").to_numpy(dtype=object),  # its HCP commune's name
        }
    )
    return out.sort_values(["population", "geonames"], ascending=[False, True], kind="stable").reset_index(drop=True)


@functools.cache
def curated_names() -> pd.DataFrame:
    """Return ``data/geo/display_names.csv``: the towns whose display name is curated, with its source.

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``fr``, ``en`` (empty where the rule's own name stands), ``source``, ``note``.

    Examples
    --------
    >>> curated = curated_names().set_index("place_id")
    >>> curated.at["gn:2542051", "fr"], curated.at["gn:2530335", "en"]
    ('Mohammédia', 'Tangier')
    """
    return read_text_csv(data_path(*DISPLAY_FILE), keep_default_na=False)


@functools.cache
def display_names(lang: str) -> pd.Series:
    """Return every town's display name in ``lang``, indexed by its ``place_id`` (the module's rule).

    Parameters
    ----------
    lang : {"en", "fr"}

    Returns
    -------
    pandas.Series
        One name a GeoNames town (``gn:…``), str.

    Examples
    --------
    >>> fr, en = display_names("fr"), display_names("en")
    >>> fr["gn:2548830"], en["gn:2548830"], fr["gn:2548885"], en["gn:2548885"], en["gn:2542715"]
    ('Fquih Ben Salah', 'Fquih Ben Salah', 'Fès', 'Fez', 'Meknès')
    """
    towns = _towns()
    return pd.Series(towns["fr" if lang == "fr" else "en"].to_numpy(), index=towns["place_id"].to_numpy(), dtype=object)


@functools.cache
def _labels() -> pd.DataFrame:
    """Every labelled town once (one label a name: the most populous point of each), with ``min_zoom``."""
    towns = _towns()
    out = towns[towns["population"] >= LABEL_POPULATION].drop_duplicates("fr").reset_index(drop=True)
    return out.assign(min_zoom=_min_zoom(out["population"].to_numpy()))


@functools.cache
def renamed(lang: str) -> dict[str, str]:
    """Return the display name in ``lang`` of each town whose GeoNames primary name differs.

    The geocoder's ``geocode_match`` holds GeoNames' primary names: outputs show them through
    this (the most populous town of a name decides).

    Examples
    --------
    >>> renamed("en")["Al Fqih Ben Çalah"], renamed("en")["Fes"], "Casablanca" in renamed("en")
    ('Fquih Ben Salah', 'Fez', False)
    """
    towns = _towns()
    differ = towns[towns["geonames"] != towns[lang]].drop_duplicates("geonames")
    return dict(zip(differ["geonames"], differ[lang], strict=True))


def province_names(lang: str) -> dict[str, str]:
    """Return the display name in ``lang`` of each province named as its town is in HCP's spelling.

    A province bears the HCP name of its chief town ("Mohammadia"); where that town's display
    name is curated (``display_names.csv``: "Mohammédia", "Smara", "Fez" in English), the
    province is shown so too, and a figure does not name one place two ways.

    Examples
    --------
    >>> fr, en = province_names("fr"), province_names("en")
    >>> fr["Mohammadia"], fr["Es-Semara"], en["Fès"], "Casablanca" in fr
    ('Mohammédia', 'Smara', 'Fez', False)
    """
    towns = _towns()
    curated = towns[towns["place_id"].isin(curated_names()["place_id"]) & towns["hcp"].ne("")]
    differ = curated[curated["hcp"] != curated[lang]].drop_duplicates("hcp")
    return dict(zip(differ["hcp"], differ[lang], strict=True))


def french_names() -> dict[str, str]:
    """Return the French display name of each town whose GeoNames primary name differs ("Tangier": "Tanger").

    Examples
    --------
    >>> names = french_names()
    >>> names["Tangier"], names["Fes"], names["Marrakesh"], "Casablanca" in names
    ('Tanger', 'Fès', 'Marrakech', False)
    """
    return renamed("fr")


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """Return a column as stripped text ("" where missing or absent)."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[column].astype("string").fillna("").str.strip()


def search_names(frame: pd.DataFrame) -> pd.Series:
    """Return what a map's search finds each record by, beside its own cells: every name of its place.

    A placed record (its point to 1e-3 degree) is found by the name the geocoder matched, its
    town's display names in both languages (:func:`display_names`) and every spelling the
    table gives any record at the same place: "Mazagan" finds the rows written "El Jadida"
    too, and "Fès" the rows written "Fes". A record without a point keeps its match.

    Parameters
    ----------
    frame : pandas.DataFrame
        A geocoded table (``lat``, ``lon``, ``geocode_match``, ``city``; any may be absent).

    Returns
    -------
    pandas.Series
        One text a record, the names joined by " | " (``None`` where it has none), on ``frame``'s index.
    """
    match = _text(frame, "geocode_match")
    lat = pd.to_numeric(frame["lat"], errors="coerce").round(3) if "lat" in frame else np.nan
    lon = pd.to_numeric(frame["lon"], errors="coerce").round(3) if "lon" in frame else np.nan
    spots = pd.DataFrame({"lat": lat, "lon": lon}, index=frame.index)
    towns = _towns().sort_values("population", ascending=False, kind="stable")
    points = towns.assign(lat=towns["lat"].round(3), lon=towns["lon"].round(3)).drop_duplicates(["lat", "lon"])
    at = spots.reset_index(drop=True).merge(points[["lat", "lon", "fr", "en"]], how="left", on=["lat", "lon"])
    words = pd.concat(
        [
            pd.DataFrame({"lat": spots["lat"], "lon": spots["lon"], "word": match, "rank": 0}),
            pd.DataFrame({"lat": at["lat"], "lon": at["lon"], "word": at["fr"].fillna(""), "rank": 1}),
            pd.DataFrame({"lat": at["lat"], "lon": at["lon"], "word": at["en"].fillna(""), "rank": 1}),
            pd.DataFrame({"lat": spots["lat"], "lon": spots["lon"], "word": _text(frame, "city"), "rank": 2}),
        ],
        ignore_index=True,
    ).dropna(subset=["lat", "lon"])
    words = words[words["word"].ne("")].assign(key=lambda f: normalize_names(f["word"].astype(str)))
    words = words.sort_values(["lat", "lon", "rank", "word"], kind="stable").drop_duplicates(["lat", "lon", "key"])
    # One text a place, shared by reference by its records (objects: an Arrow string column copied it
    # to each of them, 28,000 characters to each of Casablanca's 26,000 rows in a 100,000-row register).
    pooled = words.groupby(["lat", "lon"], sort=False)["word"].agg(" | ".join).astype(object)
    pooled = pooled.rename("pooled").reset_index()
    found = spots.reset_index(drop=True).merge(pooled, how="left", on=["lat", "lon"])["pooled"]
    out = pd.Series(found.to_numpy(), index=frame.index, dtype=object)
    out = out.where(out.notna(), match.astype(object))
    return out.where(out.ne(""), None)  # compared as objects: astype(str) copied every text again


def _min_zoom(population: np.ndarray) -> np.ndarray:
    """Return the first zoom at which each town is labelled (:data:`MIN_ZOOM`)."""
    zoom = np.full(len(population), MIN_ZOOM[-1][1], dtype=np.int64)
    for least, level in reversed(MIN_ZOOM):
        zoom[population >= least] = level
    return zoom


def town_labels(lang: str) -> pd.DataFrame:
    """Return the towns to label on a map, largest first.

    Parameters
    ----------
    lang : {"en", "fr"}
        The page's language: the towns' display names in it (:func:`display_names`).

    Returns
    -------
    pandas.DataFrame
        ``name``, ``lat``, ``lon``, ``population`` and ``min_zoom`` (the first zoom at which
        the label shows), one row a town.

    Examples
    --------
    >>> fr = town_labels("fr").set_index("name")
    >>> "Tanger" in fr.index and "Fès" in fr.index and "Tangier" not in fr.index
    True
    >>> int(fr.at["Casablanca", "min_zoom"])
    5
    """
    table = _labels()
    name = table["fr"] if lang == "fr" else table["en"]
    return pd.DataFrame(
        {
            "name": name.to_numpy(),
            "lat": table["lat"].to_numpy(),
            "lon": table["lon"].to_numpy(),
            "population": table["population"].to_numpy(),
            "min_zoom": table["min_zoom"].to_numpy(),
        }
    )
