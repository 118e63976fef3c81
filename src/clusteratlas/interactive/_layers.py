"""The map and its layers: regions (shaded by the spec's classes), province outlines, zones.

Boundaries come from the geography pack (:func:`clusteratlas.geography.boundaries`); what
they show comes from the map specification.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import numpy as np

from ..geography import boundaries, pack
from ..mapspec import MapSpec, zone_outline
from ..presentation import number, percent
from ._legend import zone_style

if TYPE_CHECKING:
    import folium

__all__ = [
    "DECIMALS",
    "OUTLINE_TOLERANCE",
    "geojson",
    "new_map",
    "province_layer",
    "records_bounds",
    "region_layer",
    "rounded",
    "view_bounds",
    "zone_layer",
]

#: Extra simplification of the province outline layer, in degrees (about 2.2 km): it is a
#: thin reference layer, and this halves its bytes.
OUTLINE_TOLERANCE = 0.02
#: Decimals of coordinates in the page (1e-3 degree is about 110 m, under the 1.1 km
#: simplification of the boundaries).
DECIMALS = 3


def rounded(obj: Any) -> Any:
    """Return coordinates (nested lists of floats) rounded to :data:`DECIMALS`.

    Parameters
    ----------
    obj : Any
        A float, or a list or tuple of them (nested).

    Returns
    -------
    Any
        The same shape, tuples as lists.
    """
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [rounded(o) for o in obj]
    return obj


def _feature(geom: Any, properties: dict[str, Any]) -> dict[str, Any]:
    """Return one GeoJSON feature, its coordinates rounded."""
    from shapely.geometry import mapping

    g = mapping(geom)
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": g["type"], "coordinates": rounded(g["coordinates"])},
    }


def geojson(frame: Any, props: list[str]) -> dict[str, Any]:
    """Return a GeoDataFrame's rows as a GeoJSON feature collection.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
    props : list of str
        The columns each feature carries as properties.

    Returns
    -------
    dict
    """
    rows = zip(frame[props].to_dict(orient="records"), frame.geometry, strict=True)
    return {"type": "FeatureCollection", "features": [_feature(geom, row) for row, geom in rows]}


def _province_lines() -> dict[str, Any]:
    """Return province boundaries as lines, each shared edge once (half the bytes of polygons)."""
    import shapely

    provinces = boundaries("province", simplified=True)
    lines = shapely.line_merge(shapely.union_all(shapely.boundary(np.asarray(provinces.geometry.values))))
    # Outlines only: each merged edge is simplified on its own (its ends, the junctions, stay put).
    lines = shapely.simplify(lines, OUTLINE_TOLERANCE)
    return {"type": "FeatureCollection", "features": [_feature(lines, {})]}


def view_bounds(spec: MapSpec, regions: Any) -> list[list[float]]:
    """Return the opening view, ``[[south, west], [north, east]]``: every region and placed record.

    Parameters
    ----------
    spec : MapSpec
    regions : geopandas.GeoDataFrame
        The regions drawn.

    Returns
    -------
    list
    """
    west, south, east, north = (float(v) for v in regions.total_bounds)
    if not spec.points.empty:
        south, north = min(south, float(spec.points["lat"].min())), max(north, float(spec.points["lat"].max()))
        west, east = min(west, float(spec.points["lon"].min())), max(east, float(spec.points["lon"].max()))
    return [[south, west], [north, east]]  # fitted by atlas.js, without animation


def records_bounds(spec: MapSpec) -> list[list[float]] | None:
    """Return the placed records' bounds, ``[[south, west], [north, east]]``: the opening view.

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    list or None
        None when no record is placed (the page then opens on every region).
    """
    if spec.points.empty:
        return None
    lat, lon = spec.points["lat"].astype(float), spec.points["lon"].astype(float)
    return [
        [round(float(lat.min()), DECIMALS), round(float(lon.min()), DECIMALS)],
        [round(float(lat.max()), DECIMALS), round(float(lon.max()), DECIMALS)],
    ]


def new_map(bounds: list[list[float]], max_zoom: int) -> folium.Map:
    """Return an empty map centred on ``bounds`` at the pack's zoom (atlas.js fits them when the page opens).

    Parameters
    ----------
    bounds : list
        ``[[south, west], [north, east]]``.
    max_zoom : int
        The deepest zoom allowed.

    Returns
    -------
    folium.Map
    """
    import folium

    (south, west), (north, east) = bounds
    return folium.Map(
        location=[round((south + north) / 2, DECIMALS), round((west + east) / 2, DECIMALS)],
        zoom_start=pack().web_zoom,
        tiles=None,
        control_scale=False,
        height="72vh",
        width="100%",
        zoom_snap=0.25,
        # Map options (folium's min_zoom/max_zoom go to its tile layer only).
        minZoom=3,
        maxZoom=max_zoom,
    )


def region_layer(spec: MapSpec, regions: Any, choropleth: bool, t: dict[str, str]) -> Any:
    """Return the regions' layer: shaded by the spec's classes (or blank), with a tooltip each.

    Parameters
    ----------
    spec : MapSpec
    regions : geopandas.GeoDataFrame
        The pack's regions.
    choropleth : bool
        Shade by the spec's classes; a light grey otherwise.
    t : dict
        The page's texts.

    Returns
    -------
    folium.FeatureGroup
    """
    import folium

    regions = regions.merge(
        spec.regions[["region_code", "count", "share", "value", "color", "label"]], on="region_code"
    )
    regions["tooltip"] = [
        t["region_tooltip"].format(
            title=spec.legend_title(),
            value=lab,
            count=number(c, spec.lang),
            unit=spec.texts["clusters"],
            share=percent(s, spec.lang),
        )
        for lab, c, s in zip(regions["label"], regions["count"], regions["share"], strict=True)
    ]
    regions["fill"] = regions["color"] if choropleth else "#f7f7f7"
    # The class's pattern (more classes than greys; a specialised class), drawn over its fill by atlas.js.
    index = spec.regions.set_index("region_code")["class_index"] if "class_index" in spec.regions else None
    regions["pattern"] = [
        spec.classes.pattern(int(index[c])) if choropleth and index is not None and c in index.index else ""
        for c in regions["region_code"]
    ]
    # Leaflet's layer control writes layer names as HTML: they are escaped here.
    layer = folium.FeatureGroup(name=html.escape(t["regions_layer"].format(title=spec.legend_title())), show=True)
    folium.GeoJson(
        geojson(regions, ["region_code", "region", "fill", "pattern", "tooltip"]),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#4d4d4d",
            "weight": 1,
            "fillOpacity": 0.85,
        },
        name="regions",
        smooth_factor=0.5,
    ).add_to(layer)
    return layer


def province_layer(t: dict[str, str]) -> Any:
    """Return the province outlines' layer (hidden at first).

    Parameters
    ----------
    t : dict
        The page's texts.

    Returns
    -------
    folium.FeatureGroup
    """
    import folium

    layer = folium.FeatureGroup(name=html.escape(t["provinces_layer"]), show=False)
    folium.GeoJson(
        _province_lines(), style_function=lambda f: {"color": "#8a8a8a", "weight": 0.6}, interactive=False
    ).add_to(layer)
    return layer


def zone_layer(spec: MapSpec, regions: Any, t: dict[str, str]) -> Any:
    """Return the zones' outline layer: one line per outlined zone among the spec's legend items.

    Parameters
    ----------
    spec : MapSpec
    regions : geopandas.GeoDataFrame
        The pack's regions.
    t : dict
        The page's texts.

    Returns
    -------
    folium.FeatureGroup
    """
    import folium
    import geopandas as gpd

    layer = folium.FeatureGroup(name=html.escape(t["zones_layer"]), show=True)
    for item in spec.legend_items():
        if not regions["region_code"].isin(item.regions).any():  # only outlined zones have regions
            continue
        frame = gpd.GeoSeries([zone_outline(item.regions)], crs="EPSG:4326").to_frame("geometry")
        frame["zone"] = item.label
        style = zone_style(item)
        line = {"color": style["color"], "weight": style["weight"], "dashArray": style["dash"] or None}
        folium.GeoJson(
            geojson(frame, ["zone"]),
            style_function=lambda f, line=line: {**line, "opacity": 0.95, "lineCap": "butt"},
            interactive=False,
        ).add_to(layer)
    return layer
