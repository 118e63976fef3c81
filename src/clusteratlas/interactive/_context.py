"""Geographic context on the HTML map, offline: neighbouring countries as land, town labels by zoom.

Without online tiles the map would show Algeria and Mauritania in the sea's colour and no
place name at any zoom. The neighbours come from the geography pack's context layer (the
one the figures draw); the towns from the gazetteer (:func:`clusteratlas._labels.town_labels`),
each labelled from a zoom its population reaches. Nothing is fetched.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from .._labels import town_labels
from ..geography import pack
from ._layers import DECIMALS, geojson

__all__ = ["CONTEXT_TOLERANCE", "LAND", "NEAR_DEGREES", "context_layer", "towns", "towns_layer"]

#: Simplification of the neighbours for the page, in degrees (about 2 km): context only.
CONTEXT_TOLERANCE = 0.02
#: A record counts for the nearest town within this many degrees (about 33 km): its place's name.
NEAR_DEGREES = 0.3
#: Places compared with every town at once, at most (a block of 155 towns x 20,000 places: 25 MB).
_BLOCK = 20_000
#: Land outside the territory, and its borders (the sea is the page's background).
LAND = {"fillColor": "#efebe3", "color": "#b4ad9f", "weight": 0.7, "fillOpacity": 1.0}
#: The neighbours are clipped to this box around the territory (lon, lat): the page carries
#: no more of Spain or Algeria than a reader can reach.
_BOX = (-22.0, 18.0, 3.0, 40.0)


def context_layer() -> Any:
    """Return the neighbouring countries as land: drawn under the regions, not interactive, not in the layer control.

    Returns
    -------
    folium.GeoJson
    """
    import folium
    import geopandas as gpd

    frame = gpd.read_file(pack().context)
    frame = frame[frame["kind"] == "country"].clip(_BOX).reset_index(drop=True)
    frame["geometry"] = frame.geometry.simplify(CONTEXT_TOLERANCE, preserve_topology=True)
    return folium.GeoJson(
        geojson(frame, ["name"]),
        name="context",
        style_function=lambda f: dict(LAND),
        interactive=False,
        control=False,
    )


def towns_layer(t: dict[str, str]) -> Any:
    """Return the town labels' layer, in the layer control; the page's script fills it by zoom.

    Parameters
    ----------
    t : dict
        The page's texts.

    Returns
    -------
    folium.FeatureGroup
    """
    import folium

    return folium.FeatureGroup(name=html.escape(t["towns_layer"]), show=True)


def towns(lang: str, points: pd.DataFrame | None = None) -> list[list[Any]]:
    """Return the towns to label, largest first, as ``[name, lat, lon, min_zoom, records]`` for the page's script.

    ``records`` counts the records whose place is nearer that town than any other, within
    :data:`NEAR_DEGREES`: the page labels the towns of the data first, whatever their size
    (Laayoune and Dakhla on a table of the south), the others from the zoom their size reaches.

    Parameters
    ----------
    lang : {"en", "fr"}
        The page's language (labels are the towns' display names in it,
        :func:`clusteratlas._labels.display_names`: Tanger, Fès, Mohammédia in French).
    points : pandas.DataFrame, optional
        The placed records (``lat``, ``lon``); none: every town counts 0.

    Returns
    -------
    list of list
    """
    table = town_labels(lang)[["name", "lat", "lon", "min_zoom"]].reset_index(drop=True)
    table["records"] = _records_near(table, points)
    table = table.round({"lat": DECIMALS, "lon": DECIMALS})
    rows: list[list[Any]] = table.to_dict("split")["data"]  # Python scalars, for the page's JSON
    return rows


def _records_near(towns: pd.DataFrame, points: pd.DataFrame | None) -> np.ndarray:
    """Count, for each town, the records whose place has it as nearest town within :data:`NEAR_DEGREES`."""
    out = np.zeros(len(towns), dtype=np.int64)
    if points is None or points.empty or towns.empty:
        return out
    # Places to a hundredth of a degree (1 km), counted once each; compared with the towns a block at a time.
    cells = points[["lat", "lon"]].astype(float).round(2).value_counts(sort=False).reset_index(name="n")
    town_lat, town_lon = towns["lat"].to_numpy(dtype=float), towns["lon"].to_numpy(dtype=float)
    for start in range(0, len(cells), _BLOCK):
        block = cells.iloc[start : start + _BLOCK]
        lat, lon = block["lat"].to_numpy()[:, None], block["lon"].to_numpy()[:, None]
        d2 = (lat - town_lat) ** 2 + ((lon - town_lon) * np.cos(np.radians(lat))) ** 2
        nearest = d2.argmin(axis=1)
        near = d2[np.arange(len(block)), nearest] <= NEAR_DEGREES**2
        np.add.at(out, nearest[near], block["n"].to_numpy(dtype=np.int64)[near])
    return out
