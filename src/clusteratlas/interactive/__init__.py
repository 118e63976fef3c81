"""Self-contained interactive HTML maps (folium/Leaflet), offline and safe to share.

The page carries Leaflet's and Leaflet.markercluster's JavaScript and CSS inline (from the
``xstatic-leaflet`` and ``xstatic-leaflet-markercluster`` packages), the simplified
boundaries, the records and a small script of our own: no CDN, no tile request unless
``tiles="osm"``. Every value from the data is written by the script
with ``textContent``; the data travel as JSON in a ``<script type="application/json">``
element with ``<``, ``>`` and ``&`` escaped, so a name like ``</script><script>`` is text.
The same :class:`~clusteratlas.mapspec.MapSpec` as the static figures decides classes,
colours and legend text. Element ids are numbered, not random: the same input gives the
same bytes.

The page grows with places and distinct values, not rows: above :data:`AGGREGATE_ABOVE`
records a marker stands for a place and category (with its count); above
:data:`LIST_ALL_UP_TO` the records travel as counts by place, category, year and filter
value, with the first :data:`LISTED` records listed in the table (the page says the full
list is the user's own table), so a million-row table makes a page of about 1 MB.

Modules, one job each:

- :mod:`.build`: :func:`interactive_map`, from a map specification to a folium map;
- :mod:`.write`: :func:`render_map` (one page, the same bytes every time) and :func:`write_map`;
- ``_layers``: the map and its regions, provinces and zones layers;
- ``_data``: the records as compact columns, places, categories and filters;
- ``_columns``: which columns the popups, the table and the filters show, and their titles;
- ``_legend``: the legends, from the specification's legend items;
- ``_page``: the page around the map (head, header, table, footer, script);
- ``_assets``: our ``_web/`` files and texts, Leaflet's and markercluster's assets;
- ``_study``: the study's lever columns (the one place the map names them).
"""

from __future__ import annotations

from ._assets import WEB_TEXTS
from ._columns import FIELDS, TABLE_COLUMNS
from ._data import LIST_ALL_UP_TO, LISTED
from ._layers import DECIMALS
from .build import AGGREGATE_ABOVE, CHOROPLETH, MAX_ZOOM, PAGE_SIZE, TILES, interactive_map
from .write import FORMATS, render_map, write_map

__all__ = [
    "AGGREGATE_ABOVE",
    "CHOROPLETH",
    "DECIMALS",
    "FIELDS",
    "FORMATS",
    "LISTED",
    "LIST_ALL_UP_TO",
    "MAX_ZOOM",
    "PAGE_SIZE",
    "TABLE_COLUMNS",
    "TILES",
    "WEB_TEXTS",
    "interactive_map",
    "render_map",
    "write_map",
]
