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
from .export import number, percent
from .geocode import GEOCODE_COLUMNS
from .geography import boundaries, pack
from .mapspec import LegendItem, MapSpec, map_spec, zone_outline
from .presentation import catalogue
from .records import LEVER_SHORT, LEVERS, SYNONYMS
from .schema import json_value

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
#: Up to this many records the page carries every record (listed in the table, searched by
#: name); above, it carries counts by place, category, year and filter value, and lists the
#: first :data:`LISTED` records (the full list is the user's own table).
LIST_ALL_UP_TO = 10_000
#: Records listed in the table of a page above :data:`LIST_ALL_UP_TO` records.
LISTED = 1000
#: The table's columns: the name, then these when the data have them.
#: What :func:`write_map` writes (the ``map_formats`` registry reads this).
FORMATS = (".html", ".htm")
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


def _record_columns(geo: pd.DataFrame, table: list[list[str]]) -> dict[str, dict[str, Any]]:
    """Return the records' own columns for the table and the popups (names, fields, years, levers)."""
    cols: dict[str, dict[str, Any]] = {}
    shown = ("name", "full_name", "location_source", *(k for k, _ in FIELDS), *(k for k, _ in table))
    for k in dict.fromkeys(shown):
        if k in geo and k != "year":
            cols[k] = _encode(geo[k].astype(object).where(geo[k].notna(), None))
    cols["year"] = _encode(_years(geo).round().astype("Int64"))
    for c in (c for c in LEVERS if c in geo):
        cols[c] = _encode(geo[c].astype(object).where(geo[c].notna(), None))
    return cols


def _years(geo: pd.DataFrame) -> pd.Series:
    """Return the records' years as numbers (NaN when missing or not a number)."""
    if "year" not in geo:
        return pd.Series(np.nan, index=geo.index)
    return pd.to_numeric(geo["year"], errors="coerce")


def _place_codes(spec: MapSpec) -> tuple[np.ndarray, list[list[float]]]:
    """Return each record's place (a code, -1 when not on the map) and the distinct places.

    Places are numbered in order of first appearance (vectorised: no loop over records).
    """
    geo = spec.records
    placed = spec.points[["lat", "lon"]].reindex(geo.index)
    lat = placed["lat"].to_numpy(dtype=float).round(5)
    lon = placed["lon"].to_numpy(dtype=float).round(5)
    on_map = geo.index.isin(spec.points.index) & ~np.isnan(lat) & ~np.isnan(lon)
    codes = np.full(len(geo), -1, dtype=np.int64)
    found, uniques = pd.factorize(lat[on_map] + 1j * lon[on_map])  # one number per place
    codes[on_map] = found
    places = np.column_stack([uniques.real, uniques.imag]).tolist() if len(uniques) else []
    return codes, places


def _categories(spec: MapSpec) -> tuple[list[str], np.ndarray]:
    """Return the categories (the spec's colours' order, then any other) and each record's code."""
    geo = spec.records
    on_map = geo.index.isin(spec.points.index)
    category = spec.points["category"].reindex(geo.index).astype(object)
    if not on_map.all():
        category[~on_map] = spec.categories(geo.loc[~on_map]).astype(object).to_numpy()
    text = category.astype(str)
    order = list(spec.colors)
    cats = order + sorted(set(text.unique()) - set(order))
    return cats, np.asarray(pd.Categorical(text, categories=cats).codes, dtype=np.int64)


def _filters(
    spec: MapSpec, columns: list[str], cats: list[str], cat_codes: np.ndarray
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Return the page's filters (the points' categories first) and each filter's codes per record."""
    geo = spec.records
    counts = np.bincount(cat_codes, minlength=len(cats))
    filters: list[dict[str, Any]] = [
        {
            "name": "category",
            "column": "category",
            "title": _category_title(spec),
            "values": [[c, int(counts[j]), spec.colors.get(c, "#9e9e9e")] for j, c in enumerate(cats) if counts[j]],
        }
    ]
    codes: dict[str, Any] = {}
    unknown = WEB_TEXTS[spec.lang]["unknown_value"]
    for column in columns:
        keys = _keys(geo, column, unknown)
        values = sorted(
            ((str(k), int(v)) for k, v in keys.value_counts().items()),
            key=lambda kv: (kv[0] == unknown, -kv[1], locale_key(kv[0]), kv[0]),
        )
        names = [v for v, _ in values]
        codes["f:" + column] = (names, np.asarray(pd.Categorical(keys, categories=names).codes, dtype=np.int64))
        filters.append(
            {
                "name": column,
                "column": "f:" + column,
                "title": _column_title(spec, column),
                "values": [[v, c, None] for v, c in values],
            }
        )
    return filters, codes


def _data(spec: MapSpec, filter_columns: list[str], table: list[list[str]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the records as compact columns for the page, and the numbers the page states.

    Every column is one array (dictionary-encoded when values repeat); coordinates are codes
    into a list of distinct places. Up to :data:`LIST_ALL_UP_TO` records, the page carries
    every record; above, it carries one row per distinct combination of place, category,
    year and filter values, with its count (see :func:`_units`), and the first
    :data:`LISTED` records for the table: it grows with places and values, not rows.
    """
    geo = spec.records
    place, places = _place_codes(spec)
    cats, cat_codes = _categories(spec)
    filters, filter_codes = _filters(spec, filter_columns, cats, cat_codes)
    points = spec.points[["uncertain", "coarse"]].reindex(geo.index)
    flags = {f: points[f].astype("boolean").fillna(False).to_numpy(dtype=bool) for f in ("uncertain", "coarse")}
    years = _years(geo).dropna()
    levers = [c for c in LEVERS if c in geo]
    facts = {
        "filters": filters,
        "years": [int(years.min()), int(years.max())] if len(years) else [2000, 2030],
        "placed": int((place >= 0).sum()),
    }
    data: dict[str, Any] = {"n": len(geo), "places": places, "levers": [[c, LEVER_SHORT[c]] for c in levers]}
    if len(geo) > LIST_ALL_UP_TO:
        data.update(_units(spec, table, place, (cats, cat_codes), filter_codes, flags))
        return data, facts
    cols = _record_columns(geo, table)
    cols["place"] = {"c": place.tolist()}
    cols["category"] = {"d": cats, "c": cat_codes.tolist()}
    for flag, values in flags.items():
        cols[flag] = _encode(pd.Series(values))
    for key, (names, codes) in filter_codes.items():
        cols[key] = {"d": names, "c": codes.tolist()}
    data["columns"] = cols
    return data, facts


def _units(
    spec: MapSpec,
    table: list[list[str]],
    place: np.ndarray,
    category: tuple[list[str], np.ndarray],
    filter_codes: dict[str, Any],
    flags: dict[str, np.ndarray],
) -> dict[str, Any]:
    """Return a large table's records as units: one per place, category, year, flag and filter value.

    Each unit carries its number of records (``w``); the names and other free text are
    left out (they are in the user's table), but for the first :data:`LISTED` records,
    listed with every column and their unit (``listed``). Places carry a name (their
    most frequent city) so search finds them.
    """
    geo = spec.records
    year = _years(geo).round().astype("Int64")
    keys = pd.DataFrame(
        {
            "place": place,
            "category": category[1],
            "year": year.fillna(-(10**9)).to_numpy(dtype=np.int64),
            **flags,
            **{k: codes for k, (_, codes) in filter_codes.items()},
        }
    )
    grouped = keys.groupby(list(keys.columns), sort=True)
    unit = grouped.ngroup().to_numpy()
    units = grouped.size().reset_index(name="w")
    cols: dict[str, dict[str, Any]] = {
        "place": {"c": units["place"].tolist()},
        "category": {"d": category[0], "c": units["category"].tolist()},
        "year": _encode(units["year"].where(units["year"] > -(10**9)).astype("Int64")),
        "w": _encode(units["w"]),
        **{f: _encode(units[f]) for f in flags},
        **{k: {"d": names, "c": units[k].tolist()} for k, (names, _) in filter_codes.items()},
    }
    listed = geo.iloc[:LISTED]
    return {
        "n": len(units),
        "total": len(geo),
        "columns": cols,
        "place_names": _place_names(spec, place),
        "listed": {"n": len(listed), "unit": unit[:LISTED].tolist(), "columns": _record_columns(listed, table)},
    }


def _place_names(spec: MapSpec, place: np.ndarray) -> list[str]:
    """Return each place's name for search: its most frequent ``city`` (else its region), by place."""
    geo = spec.records
    on = place >= 0
    n = int(place.max()) + 1 if on.any() else 0
    for column in ("city", "province", "region"):
        if column in geo:
            # Distinct spellings first: a register has a few thousand, not a million.
            codes, uniques = pd.factorize(geo[column].to_numpy()[on])
            pairs = pd.DataFrame({"place": place[on], "code": codes})
            counts = pairs[codes >= 0].value_counts(sort=False).reset_index(name="n")
            counts["text"] = pd.Series(uniques, dtype=object).astype("string").str.strip().to_numpy()[counts["code"]]
            counts = counts[counts["text"].notna() & counts["text"].ne("")]
            if counts.empty:
                continue
            counts = counts.groupby(["place", "text"], as_index=False)["n"].sum()
            counts = counts.sort_values(["place", "n", "text"], ascending=[True, False, True], kind="stable")
            top = counts.drop_duplicates("place").set_index("place")["text"]
            return [str(top.get(k, "")) for k in range(n)]
    return [""] * n


def _category_title(spec: MapSpec) -> str:
    """Return the points' title: the spec's, or the user's own header for their column."""
    headers = spec.records.attrs.get("headers") or {}
    if spec.color_by in headers and headers[spec.color_by] != spec.color_by:
        return str(headers[spec.color_by])
    return spec.category_title()


def _table_columns(spec: MapSpec, filter_columns: list[str]) -> list[list[str]]:
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
    cols += [[c, _column_title(spec, c)] for c in filter_columns if c not in known]
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

    _check_options(tiles, max_zoom)
    if not isinstance(spec, MapSpec):
        spec = map_spec(spec)
    t = WEB_TEXTS[spec.lang]
    filter_columns = _filter_columns(spec)
    table = _table_columns(spec, filter_columns)
    data, facts = _data(spec, filter_columns, table)
    regions = boundaries("region", simplified=True)
    bounds = _view_bounds(spec, regions)
    if m is None:
        m = _new_map(bounds, max_zoom)
    m.default_js = []
    m.default_css = []
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", attr=html.escape(t["osm"]), name="OpenStreetMap").add_to(m)
    layers = {
        "regions": _region_layer(spec, regions, choropleth, t).add_to(m),
        "provinces": _province_layer(t).add_to(m),
    }
    layers["zones"] = _zone_layer(spec, regions, t).add_to(m)
    # "Clusters" for the study, "Records" / "Fiches" otherwise
    layer_name = spec.texts["clusters"].capitalize()
    layers["clusters"] = folium.FeatureGroup(name=html.escape(layer_name), show=True).add_to(m)
    folium.LayerControl(collapsed=False, position="bottomright").add_to(m)
    config = {
        "lang": spec.lang,
        "map": m.get_name(),
        "layers": {k: v.get_name() for k, v in layers.items()},
        "texts": t,
        "tiles": tiles,
        "bounds": bounds,
        "placed": facts["placed"],
        "filters": facts["filters"],
        "years": facts["years"],
        "table": table,
        "page_size": PAGE_SIZE,
        "aggregate_above": AGGREGATE_ABOVE,
        "fields": [[k, _column_title(spec, k)] for k, _ in FIELDS],
        "legends": _legends(spec, choropleth=choropleth),
    }
    _decorate(m, spec, data, config, t)
    return m


def _check_options(tiles: str, max_zoom: int) -> None:
    """Refuse unknown tiles and a maximum zoom outside 5..18, before any work."""
    if tiles not in TILES:
        msg = f"unknown tiles {tiles!r}; use none or osm."
        raise InputError(msg)
    if isinstance(max_zoom, bool) or not isinstance(max_zoom, int) or not 5 <= max_zoom <= 18:
        msg = f"max_zoom must be a whole number from 5 to 18, not {max_zoom!r}."
        raise InputError(msg)


def _view_bounds(spec: MapSpec, regions: Any) -> list[list[float]]:
    """Return the opening view, [[south, west], [north, east]]: every region and placed record."""
    west, south, east, north = (float(v) for v in regions.total_bounds)
    if not spec.points.empty:
        south, north = min(south, float(spec.points["lat"].min())), max(north, float(spec.points["lat"].max()))
        west, east = min(west, float(spec.points["lon"].min())), max(east, float(spec.points["lon"].max()))
    return [[south, west], [north, east]]  # fitted by atlas.js, without animation


def _new_map(bounds: list[list[float]], max_zoom: int) -> folium.Map:
    """Return an empty map centred on ``bounds`` at the pack's zoom (atlas.js fits them when the page opens)."""
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


def _region_layer(spec: MapSpec, regions: Any, choropleth: bool, t: dict[str, str]) -> Any:
    """Return the regions' layer: shaded by the spec's classes (or blank), with a tooltip each."""
    import folium

    regions = regions.merge(
        spec.regions[["region_code", "count", "share", "value", "color", "label"]], on="region_code"
    )
    regions["tooltip"] = [
        f"{spec.legend_title()}: {lab} ({number(c, spec.lang)} {spec.texts['clusters']}, {percent(s, spec.lang)})"
        for lab, c, s in zip(regions["label"], regions["count"], regions["share"], strict=True)
    ]
    regions["fill"] = regions["color"] if choropleth else "#f7f7f7"
    # Leaflet's layer control writes layer names as HTML: they are escaped here.
    layer = folium.FeatureGroup(name=html.escape(t["regions_layer"].format(title=spec.legend_title())), show=True)
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
    ).add_to(layer)
    return layer


def _province_layer(t: dict[str, str]) -> Any:
    """Return the province outlines' layer (hidden at first)."""
    import folium

    layer = folium.FeatureGroup(name=html.escape(t["provinces_layer"]), show=False)
    folium.GeoJson(
        _province_lines(), style_function=lambda f: {"color": "#8a8a8a", "weight": 0.6}, interactive=False
    ).add_to(layer)
    return layer


def _zone_layer(spec: MapSpec, regions: Any, t: dict[str, str]) -> Any:
    """Return the zones' outline layer: one line per outlined zone among the spec's legend items."""
    import folium
    import geopandas as gpd

    layer = folium.FeatureGroup(name=html.escape(t["zones_layer"]), show=True)
    for item in spec.legend_items():
        if not regions["region_code"].isin(item.regions).any():  # only outlined zones have regions
            continue
        frame = gpd.GeoSeries([zone_outline(item.regions)], crs="EPSG:4326").to_frame("geometry")
        frame["zone"] = item.label
        style = _zone_style(item)
        line = {"color": style["color"], "weight": style["weight"], "dashArray": style["dash"] or None}
        folium.GeoJson(
            _geojson(frame, ["zone"]),
            style_function=lambda f, line=line: {**line, "opacity": 0.95, "lineCap": "butt"},
            interactive=False,
        ).add_to(layer)
    return layer


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
        listed += " " + t["more"].format(n=number(unplaced - UNPLACED_LISTED, spec.lang))
    summary = t["summary"].format(
        placed=number(config["placed"], spec.lang),
        total=number(len(spec.records), spec.lang),
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
    from .registry import MAP_FORMATS, output_format

    path = Path(path)
    output_format(MAP_FORMATS, path)
    text = render_map(m)
    with atomic_write(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path
