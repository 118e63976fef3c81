"""Geographic context on the HTML map, offline: neighbouring countries as land, town labels by zoom.

Without online tiles the map would show Algeria and Mauritania in the sea's colour and no
place name at any zoom. The neighbours come from the geography pack's context layer (the
one the figures draw); the towns from the gazetteer (:func:`clusteratlas._labels.town_labels`),
each labelled from a zoom its population reaches. Nothing is fetched.
"""

from __future__ import annotations

import html
from typing import Any

from .._labels import town_labels
from ..geography import pack
from ._layers import DECIMALS, geojson

__all__ = ["CONTEXT_TOLERANCE", "LAND", "context_layer", "towns", "towns_layer"]

#: Simplification of the neighbours for the page, in degrees (about 2 km): context only.
CONTEXT_TOLERANCE = 0.02
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


def towns(lang: str) -> list[list[Any]]:
    """Return the towns to label, largest first, as ``[name, lat, lon, min_zoom]`` for the page's script.

    Parameters
    ----------
    lang : {"en", "fr"}
        The page's language (French labels are the HCP communes' names: Tanger, Fès).

    Returns
    -------
    list of list
    """
    table = town_labels(lang)[["name", "lat", "lon", "min_zoom"]].round({"lat": DECIMALS, "lon": DECIMALS})
    rows: list[list[Any]] = table.to_dict("split")["data"]  # Python scalars, for the page's JSON
    return rows
