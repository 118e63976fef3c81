"""Build the interactive map of a map specification: folium's map, our layers, data and page."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError
from ..geography import boundaries
from ..mapspec import MapSpec, map_spec
from ._assets import WEB_TEXTS
from ._columns import (
    SEARCH_COLUMNS,
    filter_columns,
    given_names,
    number_columns,
    popup_fields,
    table_columns,
)
from ._context import context_layer, towns, towns_layer
from ._data import page_data
from ._layers import new_map, province_layer, records_bounds, region_layer, view_bounds, zone_layer
from ._legend import category_patterns, class_hatches, legends
from ._page import decorate

if TYPE_CHECKING:
    import folium

__all__ = ["AGGREGATE_ABOVE", "CHOROPLETH", "MAX_ZOOM", "PAGE_SIZE", "TILES", "interactive_map"]

#: Texts the page's header and footer are written with in Python: not shipped to the script.
_SERVER_ONLY = frozenset(
    {
        *("summary", "summary_one", "summary_all_one", "summary_agrees", "unplaced", "unplaced_one"),
        *("all_placed", "more", "more_unlisted", "footer", "skip", "filters"),
    }
)

TILES = ("none", "osm")
CHOROPLETH = ("count", "share", "per-capita", "none")
#: The deepest zoom: the boundaries are simplified to about 1 km, which zoom 11 (about
#: 75 m a pixel) already shows more finely than they are drawn.
MAX_ZOOM = 11
#: Rows of the records table a page shows; search and filters apply to every record.
PAGE_SIZE = 100
#: Above this many records, the markers are one per place and category, with its count.
AGGREGATE_ABOVE = 5000


def interactive_map(
    spec: MapSpec | pd.DataFrame,
    m: folium.Map | None = None,
    *,
    choropleth: bool = True,
    tiles: str = "none",
    max_zoom: int = MAX_ZOOM,
) -> folium.Map:
    """Build the interactive map of a map specification (or of geocoded records).

    Parameters
    ----------
    spec : MapSpec or pandas.DataFrame
        From :func:`clusteratlas.map_spec`; geocoded records are turned into one with the
        defaults.
    m : folium.Map, optional
        Add the layers to this map; a new one otherwise.
    choropleth : bool, default True
        Shade the regions by the spec's classes; outlines only otherwise.
    tiles : {"none", "osm"}
        ``none`` (default) draws no tiles: the regions are the basemap and the page makes
        no network request. ``osm`` adds OpenStreetMap tiles, attributed, fetched online.
    max_zoom : int, default 11
        The deepest zoom allowed (5 to 18): 11 is about what the simplified boundaries
        support. Records at one place stay one cluster up to this zoom; a click there
        spreads them out ("spiderfy").

    Returns
    -------
    folium.Map
        Render it with :func:`~clusteratlas.interactive.write_map` for the self-contained page.
    """
    _check_options(tiles, max_zoom)
    if not isinstance(spec, MapSpec):
        spec = map_spec(spec)
    t = WEB_TEXTS[spec.lang]
    filters = filter_columns(spec)
    fields = popup_fields(spec)
    table = table_columns(spec, filters, fields)
    data, facts = page_data(spec, filters, [f[0] for f in (*fields, *table)])
    regions = boundaries("region", simplified=True)
    bounds = view_bounds(spec, regions)
    if m is None:
        m = new_map(bounds, max_zoom)
    m.default_js = []
    m.default_css = []
    layers = _add_layers(m, spec, regions, choropleth=choropleth, tiles=tiles, t=t)
    config = {
        "lang": spec.lang,
        "map": m.get_name(),
        "layers": {k: v.get_name() for k, v in layers.items()},
        "texts": {k: v for k, v in t.items() if k not in _SERVER_ONLY},  # what the script reads
        "tiles": tiles,
        "bounds": bounds,
        "records_bounds": records_bounds(spec),  # the opening view (atlas.js: openingView)
        **_contents(spec, facts, table, fields, choropleth=choropleth),
    }
    decorate(m, spec, data, config, t)
    return m


def _contents(
    spec: MapSpec, facts: dict[str, Any], table: list[list[str]], fields: list[list[str]], *, choropleth: bool
) -> dict[str, Any]:
    """Return what the page's script builds besides the map: filters, table, popup fields, search and legends."""
    return {
        "placed": facts["placed"],
        "filters": facts["filters"],
        "years": facts["years"],
        "table": table,
        "page_size": PAGE_SIZE,
        "aggregate_above": AGGREGATE_ABOVE,
        "fields": fields,
        # Written in the page's language by its script (Intl.NumberFormat), years excepted.
        "numbers": number_columns(spec, [f[0] for f in (*fields, *table)]),
        # The file's own "lat" kept beside ours, titled in the page's language: its name in our outputs.
        "given": given_names(spec, [f[0] for f in (*fields, *table)]),
        "search": [c for c in SEARCH_COLUMNS if c in spec.records],
        "legends": legends(spec, choropleth=choropleth),
        "patterns": category_patterns(spec),
        "class_hatches": class_hatches(),  # the choropleth classes' patterns (regions and their key)
        "towns": towns(spec.lang, spec.points),
    }


def _check_options(tiles: str, max_zoom: int) -> None:
    """Refuse unknown tiles and a maximum zoom outside 5..18, before any work."""
    if tiles not in TILES:
        msg = f"unknown tiles {tiles!r}; use none or osm."
        raise InputError(msg)
    if isinstance(max_zoom, bool) or not isinstance(max_zoom, int) or not 5 <= max_zoom <= 18:
        msg = f"max_zoom must be a whole number from 5 to 18, not {max_zoom!r}."
        raise InputError(msg)


def _add_layers(
    m: Any, spec: MapSpec, regions: Any, *, choropleth: bool, tiles: str, t: dict[str, str]
) -> dict[str, Any]:
    """Add the tiles (if asked for), the regions, provinces, zones and records' layers, and the layer control."""
    import folium

    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", attr=html.escape(t["osm"]), name="OpenStreetMap").add_to(m)
    context_layer().add_to(m)  # neighbouring countries as land, under everything
    layers = {
        "regions": region_layer(spec, regions, choropleth, t).add_to(m),
        "provinces": province_layer(t).add_to(m),
    }
    if len(spec.zones):  # no empty "Zones" entry in the layer control for a table without zones
        layers["zones"] = zone_layer(spec, regions, t).add_to(m)
    layers["towns"] = towns_layer(t).add_to(m)  # filled by the page's script, each town from its zoom
    # "Clusters" for the study, "Records" / "Fiches" otherwise
    layer_name = spec.texts["clusters"].capitalize()
    layers["clusters"] = folium.FeatureGroup(name=html.escape(layer_name), show=True).add_to(m)
    folium.LayerControl(collapsed=False, position="bottomright").add_to(m)
    return layers
