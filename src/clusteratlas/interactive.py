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
import contextlib
import hashlib
import html
import itertools
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._resources import atomic_write
from .aggregate import UNKNOWN
from .errors import InputError
from .export import json_value
from .geography import boundaries
from .mapspec import ZONE_STYLES, MapSpec, map_spec
from .records import LEVER_SHORT, LEVERS

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
ZONE_DASHES = {"-": "", "--": "10 5", ":": "2 4", "-.": "10 4 2 4"}


def _zone_style(j: int) -> dict[str, Any]:
    """Return the j-th zone's outline for Leaflet: the static figure's colour and dashes."""
    color, width, dashes = ZONE_STYLES[j % len(ZONE_STYLES)]
    return {"color": color, "weight": round(ZONE_WIDTH_PX * float(width), 1), "dash": ZONE_DASHES.get(str(dashes), "")}


WEB_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "regions_layer": "Regions: {title}",
        "provinces_layer": "Provinces (outline)",
        "zones_layer": "Zones",
        "clusters_layer": "Clusters",
        "filters": "Filters",
        "search": "Search names",
        "years": "Year of creation",
        "from": "from",
        "to": "to",
        "unknown_year": "Include records without a year",
        "labeling": "Labeling",
        "governance": "Governance",
        "reset": "Reset filters",
        "status": "{shown} of {total} records shown ({map} on the map)",
        "table": "Records ({n}); select a row to show it on the map",
        "not_on_map": "not on the map",
        "unnamed": "(no name)",
        "coarse_note": "Placed by province or region only: the marker stands at a point inside that area.",
        "uncertain_note": "Low-confidence location: see the sources and the note.",
        "levers": "Intervention levers",
        "sources": "Location sources",
        "yes": "yes",
        "no": "no",
        "unknown": "unknown",
        "uncertain": "Low-confidence location",
        "coarse": "Province or region only",
        "summary": "{placed} of {total} records placed; {unplaced}",
        "unplaced": "not placed: {names}",
        "all_placed": "all placed",
        "more": "and {n} more (see the table)",
        "footer": "clusteratlas. {source} Offline page: no network request is made.",
        "osm": "Map tiles © OpenStreetMap contributors (ODbL)",
    },
    "fr": {
        "regions_layer": "Régions : {title}",
        "provinces_layer": "Provinces (contours)",
        "zones_layer": "Zones",
        "clusters_layer": "Clusters",
        "filters": "Filtres",
        "search": "Chercher un nom",
        "years": "Année de création",
        "from": "de",
        "to": "à",
        "unknown_year": "Inclure les fiches sans année",
        "labeling": "Labellisation",
        "governance": "Gouvernance",
        "reset": "Réinitialiser",
        "status": "{shown} fiches sur {total} affichées ({map} sur la carte)",
        "table": "Fiches ({n}) ; choisir une ligne la montre sur la carte",
        "not_on_map": "hors carte",
        "unnamed": "(sans nom)",
        "coarse_note": "Placé à la province ou à la région seulement : le repère est un point de cette zone.",
        "uncertain_note": "Localisation peu sûre : voir les sources et la note.",
        "levers": "Leviers d'intervention",
        "sources": "Sources de la localisation",
        "yes": "oui",
        "no": "non",
        "unknown": "inconnu",
        "uncertain": "Localisation peu sûre",
        "coarse": "Province ou région seulement",
        "summary": "{placed} fiches placées sur {total} ; {unplaced}",
        "unplaced": "non placées : {names}",
        "all_placed": "toutes placées",
        "more": "et {n} autres (voir le tableau)",
        "footer": "clusteratlas. {source} Page hors ligne : aucune requête réseau.",
        "osm": "Fonds de carte © contributeurs OpenStreetMap (ODbL)",
    },
}

FIELDS = [
    ("year", {"en": "Year", "fr": "Année"}),
    ("sector", {"en": "Sector", "fr": "Secteur"}),
    ("sector_group", {"en": "Sector group", "fr": "Groupe sectoriel"}),
    ("governance", {"en": "Governance", "fr": "Gouvernance"}),
    ("financing", {"en": "Financing", "fr": "Financement"}),
    ("labeling", {"en": "Labeling", "fr": "Labellisation"}),
    ("city", {"en": "City", "fr": "Ville"}),
    ("province", {"en": "Province", "fr": "Province"}),
    ("region", {"en": "Region", "fr": "Région"}),
    ("geocode_precision", {"en": "Geocode precision", "fr": "Précision"}),
    ("location_confidence", {"en": "Location confidence", "fr": "Confiance"}),
    ("location_note", {"en": "Note", "fr": "Note"}),
]


@contextlib.contextmanager
def _numbered_ids() -> Iterator[None]:
    """Make branca/folium element ids a counter instead of random bytes, while building a map."""
    from branca.element import Element

    counter = itertools.count(1)
    original = Element.__dict__["_generate_id"]
    Element._generate_id = classmethod(lambda cls: f"{next(counter):04d}")
    try:
        yield
    finally:
        Element._generate_id = original


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


def _records(spec: MapSpec) -> list[dict[str, Any]]:
    """Return every record as a JSON-ready dict for the page, built column by column."""
    geo = spec.records
    placed = spec.points.reindex(geo.index)
    on_map = geo.index.isin(spec.points.index)
    n = len(geo)

    def column(name: str) -> list[Any]:
        return [_plain(v) for v in geo[name].tolist()] if name in geo else [None] * n

    columns: dict[str, list[Any]] = {k: column(k) for k, _ in FIELDS}
    for k in ("name", "full_name", "location_source"):
        columns[k] = [v or "" for v in column(k)]
    year = pd.to_numeric(geo["year"], errors="coerce") if "year" in geo else pd.Series(np.nan, index=geo.index)
    columns["year"] = [None if pd.isna(y) else int(y) for y in year.tolist()]
    lat = placed["lat"].to_numpy(dtype=float).round(5)
    lon = placed["lon"].to_numpy(dtype=float).round(5)
    columns["lat"] = [float(v) if ok else None for v, ok in zip(lat.tolist(), on_map, strict=True)]
    columns["lon"] = [float(v) if ok else None for v, ok in zip(lon.tolist(), on_map, strict=True)]
    category = placed["category"].astype(object)
    if not on_map.all():
        category[~on_map] = spec.categories(geo.loc[~on_map]).astype(object).to_numpy()
    columns["category"] = [str(c) for c in category.tolist()]
    columns["color"] = [spec.colors.get(c, "#9e9e9e") for c in columns["category"]]
    for flag in ("uncertain", "coarse"):
        columns[flag] = [bool(v) for v in placed[flag].fillna(False).astype(bool).tolist()]
    columns["labeling_key"] = [_key(v) for v in (geo["labeling"].tolist() if "labeling" in geo else [None] * n)]
    columns["governance_key"] = [_key(v) for v in (geo["governance"].tolist() if "governance" in geo else [None] * n)]
    levers = {c: [None if pd.isna(v) else bool(v) for v in geo[c].tolist()] for c in LEVERS if c in geo}
    columns["levers"] = [dict(zip(levers, values, strict=True)) for values in zip(*levers.values(), strict=True)]
    if not levers:
        columns["levers"] = [{} for _ in range(n)]
    columns["index"] = list(range(n))
    keys = list(columns)
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _checkboxes(name: str, legend: str, values: list[tuple[str, int]], colors: dict[str, str] | None = None) -> str:
    parts = [f"<fieldset><legend>{html.escape(legend)}</legend>"]
    for j, (value, count) in enumerate(values):
        ident = f"ca-{name}-{j}"
        swatch = ""
        if colors is not None:
            swatch = (
                f'<span class="ca-swatch ca-swatch-circle" aria-hidden="true" '
                f'style="--ca-color:{html.escape(colors.get(value, "#9e9e9e"))}"></span>'
            )
        parts.append(
            f'<label for="{ident}"><input type="checkbox" id="{ident}" name="{name}" '
            f'value="{html.escape(value, quote=True)}" checked> {swatch}{html.escape(value)} ({count})</label>'
        )
    parts.append("</fieldset>")
    return "".join(parts)


def _panel(records: list[dict[str, Any]], spec: MapSpec, t: dict[str, str]) -> str:
    def counts(key: str, order: list[str] | None = None) -> list[tuple[str, int]]:
        s = pd.Series([r[key] for r in records], dtype=object).value_counts()
        pairs = [(str(k), int(v)) for k, v in s.items()]
        if order is not None:  # the legend's order
            rank = {v: i for i, v in enumerate(order)}
            return sorted(pairs, key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
        return sorted(pairs, key=lambda kv: (kv[0] == UNKNOWN, -kv[1], kv[0]))

    years = [r["year"] for r in records if r["year"] is not None]
    lo, hi = (min(years), max(years)) if years else (2000, 2030)
    return (
        f'<form id="ca-filters" class="ca-panel" aria-label="{html.escape(t["filters"])}">'
        f'<p id="ca-status" class="ca-status" role="status" aria-live="polite"></p>'
        f'<label for="ca-search">{html.escape(t["search"])}</label>'
        f'<input type="search" id="ca-search" autocomplete="off">'
        + _checkboxes(
            "category",
            spec.category_title(),
            counts("category", list(spec.colors)),
            spec.colors,
        )
        + f"<fieldset><legend>{html.escape(t['years'])}</legend>"
        f'<label for="ca-year-from">{html.escape(t["from"])} <output id="ca-year-from-out">{lo}</output></label>'
        f'<input type="range" id="ca-year-from" min="{lo}" max="{hi}" step="1" value="{lo}">'
        f'<label for="ca-year-to">{html.escape(t["to"])} <output id="ca-year-to-out">{hi}</output></label>'
        f'<input type="range" id="ca-year-to" min="{lo}" max="{hi}" step="1" value="{hi}">'
        f'<label for="ca-year-unknown"><input type="checkbox" id="ca-year-unknown" checked> '
        f"{html.escape(t['unknown_year'])}</label></fieldset>"
        + _checkboxes("labeling", t["labeling"], counts("labeling_key"))
        + _checkboxes("governance", t["governance"], counts("governance_key"))
        + f'<p><button type="reset" id="ca-reset">{html.escape(t["reset"])}</button></p></form>'
    )


def _table(records: list[dict[str, Any]], t: dict[str, str], lang: str) -> str:
    cols = [
        ("name", {"en": "Name", "fr": "Nom"}),
        ("year", {"en": "Year", "fr": "Année"}),
        ("sector_group", {"en": "Sector group", "fr": "Groupe sectoriel"}),
        ("city", {"en": "City", "fr": "Ville"}),
        ("region", {"en": "Region", "fr": "Région"}),
        ("labeling", {"en": "Labeling", "fr": "Labellisation"}),
        ("governance", {"en": "Governance", "fr": "Gouvernance"}),
        ("location_confidence", {"en": "Confidence", "fr": "Confiance"}),
    ]
    head = "".join(f'<th scope="col">{html.escape(label[lang])}</th>' for _, label in cols)
    body = []
    for r in records:
        cells = []
        for key, _ in cols:
            value = r.get(key)
            text = "" if value is None else str(value)
            if key == "region" and r["lat"] is None:
                text = t["not_on_map"]
                cells.append(f'<td class="ca-offmap">{html.escape(text)}</td>')
            elif key == "name":
                cells.append(f'<th scope="row">{html.escape(text or t["unnamed"])}</th>')
            else:
                cells.append(f"<td>{html.escape(text)}</td>")
        attrs = f'data-index="{r["index"]}" tabindex="0"' if r["lat"] is not None else f'data-index="{r["index"]}"'
        body.append(f"<tr {attrs}>{''.join(cells)}</tr>")
    caption = html.escape(t["table"].format(n=len(records)))
    return (
        f'<div class="ca-table-wrap"><table id="ca-table" class="ca-table"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


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
    records = _records(spec)
    with _numbered_ids():
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
            f"{spec.legend_title()}: {lab} ({c} {spec.texts['clusters']}, {100 * s:.1f}%)"
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
        named = spec.zones[spec.zones["group"] != spec.zone_rest]
        zone_items = []
        for j, row in enumerate(named.itertuples(index=False)):
            part = zones_gdf[zones_gdf["region_code"].isin(row.regions)]
            if part.empty:
                continue
            outline = part.dissolve().boundary
            frame = outline.to_frame("geometry").set_geometry("geometry")
            frame["zone"] = row.label
            style = _zone_style(j)
            line = {"color": style["color"], "weight": style["weight"], "dashArray": style["dash"] or None}
            folium.GeoJson(
                _geojson(frame, ["zone"]),
                style_function=lambda f, line=line: {**line, "opacity": 0.95, "lineCap": "butt"},
                interactive=False,
            ).add_to(zone_layer)
            zone_items.append({"label": f"{row.label}: {row.count} ({100 * row.share:.1f}%)", "kind": "line", **style})
        zone_layer.add_to(m)
        cluster_layer = folium.FeatureGroup(name=html.escape(t["clusters_layer"]), show=True)
        cluster_layer.add_to(m)
        folium.LayerControl(collapsed=False, position="bottomright").add_to(m)
        # The opening view: all 12 regions and every placed record.
        west, south, east, north = (float(v) for v in zones_gdf.total_bounds)
        if not spec.points.empty:
            south, north = min(south, float(spec.points["lat"].min())), max(north, float(spec.points["lat"].max()))
            west, east = min(west, float(spec.points["lon"].min())), max(east, float(spec.points["lon"].max()))
        bounds = [[south, west], [north, east]]  # fitted by atlas.js, without animation

        counts = spec.points["category"].value_counts()
        point_items = [
            {"label": f"{c} ({counts.get(c, 0)})", "color": col, "kind": "circle"} for c, col in spec.colors.items()
        ]
        if spec.points["uncertain"].any():
            point_items.append(
                {
                    "label": f"{t['uncertain']} ({int(spec.points['uncertain'].sum())})",
                    "color": "#bbbbbb",
                    "kind": "diamond",
                }
            )
        if spec.points["coarse"].any():
            point_items.append(
                {"label": f"{t['coarse']} ({int(spec.points['coarse'].sum())})", "color": "#bbbbbb", "kind": "box"}
            )
        class_items = [
            {"label": f"{lab} ({n})", "color": c}
            for lab, c, n in zip(spec.classes.labels, spec.classes.colors, spec.classes.counts, strict=True)
        ]
        config = {
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
            "records": records,
            "fields": [[k, label[spec.lang]] for k, label in FIELDS],
            "levers": [[c, LEVER_SHORT[c]] for c in LEVERS if c in spec.records],
            "legends": {
                "classes": {"title": spec.legend_title(), "items": class_items} if choropleth else None,
                "points": {
                    "title": spec.category_title(),
                    "items": point_items,
                },
                "zones": {"title": spec.texts["zones"], "items": zone_items},
            },
        }
        _decorate(m, spec, records, config, t)
    return m


def _decorate(m: Any, spec: MapSpec, records: list[dict[str, Any]], config: dict[str, Any], t: dict[str, str]) -> None:
    root = m.get_root()
    js, css = _leaflet_assets()
    cluster_js, cluster_css = _markercluster_assets()
    images = "data: https://tile.openstreetmap.org" if config["tiles"] == "osm" else "data:"
    policy = CSP.format(images=images, scripts=_SCRIPT_HASHES)
    root.header.add_child(_text(f'<meta http-equiv="Content-Security-Policy" content="{policy}">'), name="ca_csp")
    root.header._children.move_to_end("ca_csp", last=False)
    root.header.add_child(_text(f"<style>{css}</style>"), name="leaflet_css")
    root.header.add_child(_text(f"<style>{_web_file('atlas.css')}</style>"), name="atlas_css")
    root.header.add_child(_text(f"<script>{js}</script>"), name="leaflet_js")
    root.header.add_child(_text(f"<style>{cluster_css}</style>"), name="markercluster_css")
    root.header.add_child(_text(f"<script>{cluster_js}</script>"), name="markercluster_js")
    root.header.add_child(_text(f"<title>{html.escape(spec.title)}</title>"), name="title")
    placed = sum(r["lat"] is not None for r in records)
    unplaced = [r["name"] or t["unnamed"] for r in records if r["lat"] is None]
    names = ", ".join(unplaced[:UNPLACED_LISTED])
    if len(unplaced) > UNPLACED_LISTED:
        names += " " + t["more"].format(n=len(unplaced) - UNPLACED_LISTED)
    summary = t["summary"].format(
        placed=placed,
        total=len(records),
        unplaced=t["unplaced"].format(names=names) if unplaced else t["all_placed"],
    )
    header = (
        f'<header class="ca-header"><h1>{html.escape(spec.title)}</h1><p>{html.escape(summary)}</p></header>'
        f"{_panel(records, spec, t)}"
    )
    root.html.add_child(_text(header), name="ca_header")
    root.html._children.move_to_end("ca_header", last=False)
    tail = (
        f"{_table(records, t, spec.lang)}"
        f'<footer class="ca-footer">{html.escape(t["footer"].format(source=spec.source))}</footer>'
        f'<script type="application/json" id="clusteratlas-config">{_json_for_script(config)}</script>'
    )
    root.html.add_child(_text(tail), name="ca_tail")
    root.script.add_child(_text(_web_file("atlas.js")), name="ca_script")


def render_map(m: folium.Map) -> str:
    """Render a map built by :func:`interactive_map` as one self-contained HTML page.

    The page's Content-Security-Policy allows exactly its own inline scripts (by their
    SHA-256), no eval, no inline event handler, no remote origin (but the tiles, if asked for).
    """
    page = str(m.get_root().render())
    # Ids are numbered (see _numbered_ids); folium still writes no date, so this is stable.
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
