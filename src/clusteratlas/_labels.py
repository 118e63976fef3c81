"""Town labels for maps: the gazetteer's towns with coordinates, named as the page's language names them.

GeoNames gives the towns' points under an English-leaning primary name ("Tangier", "Fes",
"Marrakesh"); the HCP communes give the French official names ("Tanger", "Fès",
"Marrakech") without points. A French label is the name of the urban commune of the same
province that is the town's name or one of its GeoNames alternate names; an English label
is GeoNames' primary name. Both come from the loaded gazetteer
(:func:`clusteratlas.gazetteer.load_gazetteer`: its places and their GeoNames names), with no
network and no second reading of its files.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .gazetteer import load_gazetteer, normalize_names

__all__ = ["LABEL_POPULATION", "MIN_ZOOM", "french_names", "town_labels"]

#: Towns of at least this many inhabitants are labelled.
LABEL_POPULATION = 20_000

#: (population, zoom): a town is labelled from the first zoom whose population it reaches.
MIN_ZOOM = ((500_000, 5), (150_000, 7), (50_000, 8), (LABEL_POPULATION, 9))


@functools.cache
def _towns() -> pd.DataFrame:
    """Every GeoNames town with a point: ``en`` (its primary name), ``fr``, ``lat``, ``lon``, ``population``."""
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
    out = pd.DataFrame(
        {
            "en": towns["name"].to_numpy(),
            "fr": french.reindex(own.index).fillna(own).to_numpy(),
            "lat": towns["lat"].to_numpy(),
            "lon": towns["lon"].to_numpy(),
            "population": towns["population"].to_numpy(dtype=np.int64),
        }
    )
    return out.sort_values(["population", "en"], ascending=[False, True], kind="stable").reset_index(drop=True)


@functools.cache
def _labels() -> pd.DataFrame:
    """Every labelled town once (one label a name: the most populous point of each), with ``min_zoom``."""
    towns = _towns()
    out = towns[towns["population"] >= LABEL_POPULATION].drop_duplicates("fr").reset_index(drop=True)
    return out.assign(min_zoom=_min_zoom(out["population"].to_numpy()))


@functools.cache
def french_names() -> dict[str, str]:
    """Return the French name of each town whose GeoNames primary name differs ("Tangier": "Tanger").

    Examples
    --------
    >>> names = french_names()
    >>> names["Tangier"], names["Fes"], names["Marrakesh"], "Casablanca" in names
    ('Tanger', 'Fès', 'Marrakech', False)
    """
    towns = _towns()
    differ = towns[towns["en"] != towns["fr"]].drop_duplicates("en")
    return dict(zip(differ["en"], differ["fr"], strict=True))


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
        The page's language: GeoNames' primary names in English, the HCP communes' official
        names in French.

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
