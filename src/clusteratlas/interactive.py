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
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._resources import atomic_write
from .aggregate import UNKNOWN, is_category, locale_key
from .errors import InputError
from .export import json_value, number, percent
from .geocode import GEOCODE_COLUMNS
from .geography import boundaries
from .mapspec import LegendItem, MapSpec, map_spec
from .presentation import catalogue
from .records import LEVER_SHORT, LEVERS, SYNONYMS

if TYPE_CHECKING:
    import folium

TILES = ("none", "osm")
#: Extra simplification of the province outline layer, in degrees (about 2.2 km): it is a
#: thin reference layer, and this halves its bytes.
OUTLINE_TOLERANCE = 0.02
CHOROPLETH = ("count", "share", "per-capita", "none")
#: Decimals of coordinates in the page (1e-3 degree is about 110 m, under the 1.1 km
#: simplification of the boundaries).
DECIMALS = 3
#: The page's Content-Security-Policy: nothing but its own inline scripts (their hashes
#: replace the placeholder when the page is rendered), inline styles (Leaflet positions
#: everything with them), and data: images (Leaflet's, inlined).
CSP = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src {images}; "
    "connect-src 'none'; font-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
_SCRIPT_HASHES = "'sha256-@@clusteratlas-script-hashes@@'"
#: The deepest zoom: the boundaries are simplified to about 1 km, which zoom 11 (about
#: 75 m a pixel) already shows more finely than they are drawn.
MAX_ZOOM = 11
#: Unplaced records named in the page's header; the table lists them all.
UNPLACED_LISTED = 10
#: Zone outlines on screen: the static figures' styles (mapspec.ZONE_STYLES: colour, width
#: in pt, matplotlib dashes), widths scaled for a screen and dashes as SVG dash arrays.
ZONE_WIDTH_PX = 2.2
#: Rows of the records table a page shows; search and filters apply to every record.
PAGE_SIZE = 100
#: Above this many records, the markers are one per place and category, with its count.
AGGREGATE_ABOVE = 5000
#: The table's columns: the name, then these when the data have them.
TABLE_COLUMNS = ("year", "sector_group", "city", "region", "labeling", "governance", "location_confidence")
ZONE_DASHES = {"-": "", "--": "10 5", ":": "2 4", "-.": "10 4 2 4"}


def _zone_style(item: LegendItem) -> dict[str, Any]:
    """Return a zone's outline for Leaflet: the static figure's colour and dashes (from its legend item)."""
    weight = round(ZONE_WIDTH_PX * item.line_width, 1)
    return {"color": item.color, "weight": weight, "dash": ZONE_DASHES.get(item.line_style, "")}


def _legends(spec: MapSpec, *, choropleth: bool) -> dict[str, Any]:
    """Return the legends of the page: the spec's legend items (the figures draw the same ones)."""
    items: dict[str, list[dict[str, Any]]] = {"classes": [], "points": [], "zones": []}
    for item in spec.legend_items():
        if item.marker == "patch":
            entry: dict[str, Any] = {"label": item.text, "color": item.color}
        elif item.marker == "line":
            entry = {"label": item.text, "kind": "line", **_zone_style(item)}
        elif item.marker == "blank":
            entry = {"label": item.text, "kind": "blank", "color": "transparent"}
        else:
            entry = {"label": item.text, "color": item.color, "kind": item.marker}
        items["points" if item.group in ("categories", "flags") else item.group].append(entry)
    titles = spec.legend_titles()
    return {
        "classes": {"title": titles["classes"], "items": items["classes"]} if choropleth else None,
        "points": {"title": titles["points"], "items": items["points"]},
        "zones": {"title": titles["zones"], "items": items["zones"]},
    }


#: The HTML map's texts per language (a view of the ``web`` catalogue section).
WEB_TEXTS = catalogue("web")

#: Our columns and their titles per language, in popup order (the ``fields`` catalogue section).
_FIELD_TITLES = catalogue("fields")
FIELDS = [(key, {lang: titles[key] for lang, titles in _FIELD_TITLES.items()}) for key in _FIELD_TITLES["en"]]


def _text(text: str) -> Any:
    """Return a branca element that writes ``text`` as it is.

    ``Element(text)`` would compile ``text`` as a Jinja template, so a record named
    ``{{ ... }}`` would run as template code when the page is rendered: the text is
    passed as a template *variable* instead.
    """
    from branca.element import Element

    element = Element("{{ this.text }}")
    element.text = text
    return element


def _web_file(name: str) -> str:
    return (resources.files("clusteratlas") / "_web" / name).read_text(encoding="utf-8")


def _leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS from the installed xstatic package, images inlined as data URIs."""
    try:
        import xstatic.pkg.leaflet as xleaflet
    except ImportError as err:  # pragma: no cover - a dependency
        msg = "xstatic-leaflet is not installed; reinstall clusteratlas."
        raise InputError(msg) from err
    base = Path(xleaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        path = base / match.group(1)
        if not path.is_file():
            return "none"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", css)
    return js, css


def _markercluster_assets() -> tuple[str, str]:
    """Leaflet.markercluster's JS and CSS from the installed xstatic package."""
    try:
        import xstatic.pkg.leaflet_markercluster as xcluster
    except ImportError as err:  # pragma: no cover - a dependency
        msg = "xstatic-leaflet-markercluster is not installed; reinstall clusteratlas."
        raise InputError(msg) from err
    base = Path(xcluster.BASE_DIR)
    js = (base / "leaflet.markercluster.js").read_text(encoding="utf-8")
    css = (base / "MarkerCluster.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    return js, css


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [_round(o) for o in obj]
    return obj


def _geojson(frame: Any, props: list[str]) -> dict[str, Any]:
    from shapely.geometry import mapping

    feats = []
    for row, geom in zip(frame[props].to_dict(orient="records"), frame.geometry, strict=True):
        g = mapping(geom)
        feats.append(
            {
                "type": "Feature",
                "properties": row,
                "geometry": {"type": g["type"], "coordinates": _round(g["coordinates"])},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _province_lines() -> dict[str, Any]:
    """Province boundaries as lines, each shared edge once (half the bytes of polygons)."""
    import shapely

    provinces = boundaries("province", simplified=True)
    lines = shapely.line_merge(shapely.union_all(shapely.boundary(np.asarray(provinces.geometry.values))))
    # Outlines only: each merged edge is simplified on its own (its ends, the junctions, stay put).
    lines = shapely.simplify(lines, OUTLINE_TOLERANCE)
    g = shapely.geometry.mapping(lines)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": g["type"], "coordinates": _round(g["coordinates"])},
            }
        ],
    }


def _json_for_script(obj: Any) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' can end the element or start markup."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _plain(value: Any) -> Any:
    """Return a cell as JSON for the page; anything but None, bool, numbers and text becomes text."""
    out = json_value(value)
    return out if out is None or isinstance(out, bool | int | float | str) else str(out)


def _key(value: Any) -> str:
    text = "" if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else str(value)
    return text.strip() or UNKNOWN


def _encode(values: pd.Series) -> dict[str, Any]:
    """Encode one column compactly for the page.

    ``{"k": v}`` if constant, ``{"d": values, "c": codes}`` (dictionary-encoded, -1 for
    missing) if values repeat, ``{"v": [...]}`` otherwise.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    plain = [_plain(v) for v in uniques.tolist()] if len(uniques) else []
    if not len(values) or (len(plain) <= 1 and (codes >= 0).all()):
        return {"k": plain[0] if plain else None}
    if not plain:
        return {"k": None}
    if 2 * len(plain) <= len(values):
        return {"d": plain, "c": codes.tolist()}
    return {"v": [plain[c] if c >= 0 else None for c in codes.tolist()]}


def _keys(geo: pd.DataFrame, column: str, unknown: str = UNKNOWN) -> pd.Series:
    """Return a filter's values: the column's text, trimmed, ``Unknown`` when empty (vectorised)."""
    if column not in geo:
        return pd.Series(unknown, index=geo.index, dtype=object)
    text = geo[column].astype("string").str.strip()
    return text.where(text.notna() & text.ne(""), unknown).astype(object)


#: Columns the geocoder adds, the study's provenance columns, names, places and years: never a filter.
OUR_COLUMNS = frozenset(
    {
        *GEOCODE_COLUMNS,
        "location_source",
        "location_confidence",
        "location_note",
        "name",
        "full_name",
        "city",
        "year",
        "index",
    }
)


def _filter_columns(spec: MapSpec) -> list[str]:
    """Return the data's own categorical columns (:func:`~clusteratlas.aggregate.is_category`).

    The points' category column has its own filter; columns we add are not filters.
    """
    geo = spec.records
    out = []
    for column in geo.columns:
        if column in OUR_COLUMNS or column == spec.color_by or column in LEVERS or not isinstance(column, str):
            continue
        if not pd.api.types.is_bool_dtype(geo[column]) and is_category(geo[column]):
            out.append(column)
    return out


def _data(spec: MapSpec) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the records as compact columns for the page, and the numbers the page states.

    Every column is one array (dictionary-encoded when values repeat); coordinates are codes
    into a list of distinct places, so the page grows with places and categories, not rows.
    """
    geo = spec.records
    placed = spec.points.reindex(geo.index)
    on_map = geo.index.isin(spec.points.index)
    n = len(geo)
    cols: dict[str, dict[str, Any]] = {}
    shown = ("name", "full_name", "location_source", *(k for k, _ in FIELDS), *(k for k, _ in _table_columns(spec)))
    for k in dict.fromkeys(shown):
        if k in geo and k != "year":
            cols[k] = _encode(geo[k].astype(object).where(geo[k].notna(), None))
    year = pd.to_numeric(geo["year"], errors="coerce") if "year" in geo else pd.Series(np.nan, index=geo.index)
    year_int = year.round().astype("Int64")
    cols["year"] = _encode(year_int)
    lat = placed["lat"].to_numpy(dtype=float).round(5)
    lon = placed["lon"].to_numpy(dtype=float).round(5)
    where = pd.Series([f"{a!r},{b!r}" for a, b in zip(lat.tolist(), lon.tolist(), strict=True)], index=geo.index)
    codes, uniques = pd.factorize(where.where(on_map, None), use_na_sentinel=True)
    places = [[float(x) for x in u.split(",")] for u in uniques.tolist()]
    cols["place"] = {"c": codes.tolist()}
    category = placed["category"].astype(object)
    if not on_map.all():
        category[~on_map] = spec.categories(geo.loc[~on_map]).astype(object).to_numpy()
    order = list(spec.colors)
    extra = sorted(set(category.astype(str).unique()) - set(order))
    cats = order + extra
    cols["category"] = {"d": cats, "c": pd.Categorical(category.astype(str), categories=cats).codes.tolist()}
    for flag in ("uncertain", "coarse"):
        cols[flag] = _encode(placed[flag].fillna(False).astype(bool))
    levers = [c for c in LEVERS if c in geo]
    for c in levers:
        cols[c] = _encode(geo[c].astype(object).where(geo[c].notna(), None))
    filters: list[dict[str, Any]] = []
    counts = category.astype(str).value_counts()
    filters.append(
        {
            "name": "category",
            "column": "category",
            "title": _category_title(spec),
            "values": [[c, int(counts.get(c, 0)), spec.colors.get(c, "#9e9e9e")] for c in cats if counts.get(c, 0)],
        }
    )
    for column in _filter_columns(spec):
        unknown = WEB_TEXTS[spec.lang]["unknown_value"]
        keys = _keys(geo, column, unknown)
        key_counts = keys.value_counts()
        values = sorted(
            ((str(k), int(v)) for k, v in key_counts.items()),
            key=lambda kv: (kv[0] == unknown, -kv[1], locale_key(kv[0]), kv[0]),
        )
        cols["f:" + column] = {
            "d": [v for v, _ in values],
            "c": pd.Categorical(keys, categories=[v for v, _ in values]).codes.tolist(),
        }
        filters.append(
            {
                "name": column,
                "column": "f:" + column,
                "title": _column_title(spec, column),
                "values": [[v, c, None] for v, c in values],
            }
        )
    years = year.dropna()
    span = [int(years.min()), int(years.max())] if len(years) else [2000, 2030]
    data = {"n": n, "columns": cols, "places": places, "levers": [[c, LEVER_SHORT[c]] for c in levers]}
    facts = {"filters": filters, "years": span, "placed": int(on_map.sum())}
    return data, facts


def _category_title(spec: MapSpec) -> str:
    """Return the points' title: the spec's, or the user's own header for their column."""
    headers = spec.records.attrs.get("headers") or {}
    if spec.color_by in headers and headers[spec.color_by] != spec.color_by:
        return str(headers[spec.color_by])
    return spec.category_title()


def _table_columns(spec: MapSpec) -> list[list[str]]:
    """Return the table's columns as [key, title]: the name, then the columns the data have."""
    geo = spec.records
    cols = [["name", _column_title(spec, "name")]]
    for key in TABLE_COLUMNS:
        if key in geo and (key == "region" or geo[key].notna().any()):
            cols.append([key, _column_title(spec, key)])
    if spec.color_by in geo and spec.color_by not in TABLE_COLUMNS:  # the points' colours
        cols.insert(2, [spec.color_by, _column_title(spec, spec.color_by)])
    known = {k for k, _ in FIELDS} | set(TABLE_COLUMNS) | set(SYNONYMS)
    # The user's own categorical columns (the study's are above or in the popup).
    cols += [[c, _column_title(spec, c)] for c in _filter_columns(spec) if c not in known]
    return cols


def _column_title(spec: MapSpec, column: str) -> str:
    """Return a column's title: ours in the page's language, the user's as written in their file."""
    headers = spec.records.attrs.get("headers") or {}
    for key, label in (*FIELDS, ("name", {lang: titles["name"] for lang, titles in WEB_TEXTS.items()})):
        if key == column and (column not in headers or headers[column] == column):
            return label[spec.lang]
    return str(headers.get(column, column))


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
        Render it with :func:`write_map` for the self-contained page.
    """
    import folium

    if tiles not in TILES:
        msg = f"unknown tiles {tiles!r}; use none or osm."
        raise InputError(msg)
    if isinstance(max_zoom, bool) or not isinstance(max_zoom, int) or not 5 <= max_zoom <= 18:
        msg = f"max_zoom must be a whole number from 5 to 18, not {max_zoom!r}."
        raise InputError(msg)
    if not isinstance(spec, MapSpec):
        spec = map_spec(spec)
    t = WEB_TEXTS[spec.lang]
    data, facts = _data(spec)
    if m is None:
        m = folium.Map(
            location=[31.8, -7.0],
            zoom_start=5,
            tiles=None,
            control_scale=False,
            height="72vh",
            width="100%",
            zoom_snap=0.25,
            # Map options (folium's min_zoom/max_zoom go to its tile layer only).
            minZoom=3,
            maxZoom=max_zoom,
        )
    m.default_js = []
    m.default_css = []
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", attr=html.escape(t["osm"]), name="OpenStreetMap").add_to(m)
    regions = boundaries("region", simplified=True).merge(
        spec.regions[["region_code", "count", "share", "value", "color", "label"]], on="region_code"
    )
    regions["tooltip"] = [
        f"{spec.legend_title()}: {lab} ({number(c, spec.lang)} {spec.texts['clusters']}, {percent(s, spec.lang)})"
        for lab, c, s in zip(regions["label"], regions["count"], regions["share"], strict=True)
    ]
    regions["fill"] = regions["color"] if choropleth else "#f7f7f7"
    # Leaflet's layer control writes layer names as HTML: they are escaped here.
    region_layer = folium.FeatureGroup(
        name=html.escape(t["regions_layer"].format(title=spec.legend_title())), show=True
    )
    folium.GeoJson(
        _geojson(regions, ["region_code", "region", "fill", "tooltip"]),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#4d4d4d",
            "weight": 1,
            "fillOpacity": 0.85,
        },
        name="regions",
        smooth_factor=0.5,
    ).add_to(region_layer)
    region_layer.add_to(m)
    province_layer = folium.FeatureGroup(name=html.escape(t["provinces_layer"]), show=False)
    folium.GeoJson(
        _province_lines(), style_function=lambda f: {"color": "#8a8a8a", "weight": 0.6}, interactive=False
    ).add_to(province_layer)
    province_layer.add_to(m)
    zone_layer = folium.FeatureGroup(name=html.escape(t["zones_layer"]), show=True)
    zones_gdf = boundaries("region", simplified=True)
    for item in spec.legend_items():
        part = zones_gdf[zones_gdf["region_code"].isin(item.regions)]  # only outlined zones have regions
        if part.empty:
            continue
        outline = part.dissolve().boundary
        frame = outline.to_frame("geometry").set_geometry("geometry")
        frame["zone"] = item.label
        style = _zone_style(item)
        line = {"color": style["color"], "weight": style["weight"], "dashArray": style["dash"] or None}
        folium.GeoJson(
            _geojson(frame, ["zone"]),
            style_function=lambda f, line=line: {**line, "opacity": 0.95, "lineCap": "butt"},
            interactive=False,
        ).add_to(zone_layer)
    zone_layer.add_to(m)
    layer_name = spec.texts["clusters"].capitalize()  # "Clusters" for the study, "Records" / "Fiches" otherwise
    cluster_layer = folium.FeatureGroup(name=html.escape(layer_name), show=True)
    cluster_layer.add_to(m)
    folium.LayerControl(collapsed=False, position="bottomright").add_to(m)
    # The opening view: all 12 regions and every placed record.
    west, south, east, north = (float(v) for v in zones_gdf.total_bounds)
    if not spec.points.empty:
        south, north = min(south, float(spec.points["lat"].min())), max(north, float(spec.points["lat"].max()))
        west, east = min(west, float(spec.points["lon"].min())), max(east, float(spec.points["lon"].max()))
    bounds = [[south, west], [north, east]]  # fitted by atlas.js, without animation

    config = {
        "lang": spec.lang,
        "map": m.get_name(),
        "layers": {
            "regions": region_layer.get_name(),
            "provinces": province_layer.get_name(),
            "zones": zone_layer.get_name(),
            "clusters": cluster_layer.get_name(),
        },
        "texts": t,
        "tiles": tiles,
        "bounds": bounds,
        "placed": facts["placed"],
        "filters": facts["filters"],
        "years": facts["years"],
        "table": _table_columns(spec),
        "page_size": PAGE_SIZE,
        "aggregate_above": AGGREGATE_ABOVE,
        "fields": [[k, _column_title(spec, k)] for k, _ in FIELDS],
        "legends": _legends(spec, choropleth=choropleth),
    }
    _decorate(m, spec, data, config, t)
    return m


def _template(name: str) -> Any:
    """Return a page fragment from ``_web/`` as a Jinja2 template that escapes every value."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
    return env.from_string(_web_file(name))


def _decorate(m: Any, spec: MapSpec, data: dict[str, Any], config: dict[str, Any], t: dict[str, str]) -> None:
    from markupsafe import Markup

    root = m.get_root()
    js, css = _leaflet_assets()
    cluster_js, cluster_css = _markercluster_assets()
    images = "data: https://tile.openstreetmap.org" if config["tiles"] == "osm" else "data:"
    head = _template("head.html.j2").render(
        # Our constant, no data in it: its quotes stay quotes.
        policy=Markup(CSP.format(images=images, scripts=_SCRIPT_HASHES)),
        title=spec.title,
        # Our own files and the packages' assets, not data: written as they are.
        styles=[Markup(css), Markup(_web_file("atlas.css")), Markup(cluster_css)],
        scripts=[Markup(js), Markup(cluster_js)],
    )
    root.header.add_child(_text(head), name="ca_head", index=0)
    names = _unplaced_names(spec, data)
    unplaced = len(spec.records) - config["placed"]
    listed = ", ".join(names[:UNPLACED_LISTED])
    if unplaced > UNPLACED_LISTED:
        listed += " " + t["more"].format(n=unplaced - UNPLACED_LISTED)
    summary = t["summary"].format(
        placed=config["placed"],
        total=len(spec.records),
        unplaced=t["unplaced"].format(names=listed) if unplaced else t["all_placed"],
    )
    top = _template("body_top.html.j2").render(title=spec.title, summary=summary, filters=t["filters"])
    root.html.add_child(_text(top), name="ca_header", index=0)
    end = _template("body_end.html.j2").render(
        footer=t["footer"].format(source=spec.source),
        pages=t["pages"],
        config=Markup(_json_for_script({**config, "data": data})),
    )
    root.html.add_child(_text(end), name="ca_tail")
    root.script.add_child(_text(_web_file("atlas.js")), name="ca_script")


def _unplaced_names(spec: MapSpec, data: dict[str, Any]) -> list[str]:
    """Return the names of the first unplaced records (the header lists ten)."""
    geo = spec.records
    off = ~geo.index.isin(spec.points.index)
    head = geo.loc[off].head(UNPLACED_LISTED)
    if "name" not in head:
        return [WEB_TEXTS[spec.lang]["unnamed"]] * len(head)
    return [str(v) if isinstance(v, str) and v else WEB_TEXTS[spec.lang]["unnamed"] for v in head["name"].tolist()]


#: Element ids as folium defines them (``var map_<hex> =``, ``let ...``, ``id="map_<hex>"``): random hex.
_ID_DEFINITION = re.compile(r"(?:\b(?:var|let|const) |\bid=\")[a-z_]+_([0-9a-f]{32})\b")


def _number_ids(page: str) -> str:
    """Replace folium's random element ids by a counter, in order of first appearance.

    Only the ids folium defines are renumbered (found where it declares them): a record
    holding some other 32-digit hex text is left as it is.
    """
    defined = set(_ID_DEFINITION.findall(page))
    if not defined:
        return page
    order: dict[str, str] = {}
    for hexid in re.findall(r"_([0-9a-f]{32})\b", page):
        if hexid in defined and hexid not in order:
            order[hexid] = f"{len(order) + 1:04d}"
    pattern = re.compile("|".join(re.escape(h) for h in order))
    return pattern.sub(lambda mt: order[mt.group(0)], page)


#: The page's root element in each language (the page's config names its language).
_HTML_TAG = {"en": '<html lang="en">', "fr": '<html lang="fr">'}


def render_map(m: folium.Map) -> str:
    """Render a map built by :func:`interactive_map` as one self-contained HTML page.

    The page's Content-Security-Policy allows exactly its own inline scripts (by their
    SHA-256), no eval, no inline event handler, no remote origin (but the tiles, if asked for).
    Element ids are numbered (see :func:`_number_ids`), so the same map gives the same bytes.
    """
    page = _number_ids(str(m.get_root().render()))
    lang = re.search(r'id="clusteratlas-config">\{"lang":"([a-z]{2})"', page)
    if lang and lang.group(1) in _HTML_TAG and page.count("<html>", 0, 200) == 1:
        page = page.replace("<html>", _HTML_TAG[lang.group(1)], 1)
    if _SCRIPT_HASHES in page:
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
            for body in re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
        )
        page = page.replace(_SCRIPT_HASHES, hashes, 1)
    return page


def write_map(m: folium.Map, path: str | Path) -> Path:
    """Write the self-contained page atomically; refuse anything but ``.html``/``.htm``."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        msg = f"{path}: cannot write {path.suffix or 'a file without extension'!r} maps; use .html."
        raise InputError(msg)
    text = render_map(m)
    with atomic_write(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path
