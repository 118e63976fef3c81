"""QGIS styles for our GeoPackages: the records and the regions drawn as our figures draw them.

A GeoPackage that ``geocode -o x.gpkg`` writes carries, in GeoPackage's ``layer_styles``
table (the schema QGIS reads and writes), a default style for each of our layers, in QGIS's
own format (QML) and as an OGC Styled Layer Descriptor (SLD 1.1, for GeoServer, ArcGIS Pro
and QGIS alike):

- the records layer: one colour per category of the map's point colour column, the
  colours, order and legend text of the static figures (:func:`clusteratlas.map_spec`),
  a circle for each record (a diamond when its location is of low confidence, a square when
  it is placed by province or region only), sized by the figures' rule (:mod:`.static._sizing`):
  every record of a place drawn at its place's symbol, whose area is in the ratio of the
  place's records (or ``size_by`` total) to the largest place's, the largest at the radius a
  174 mm figure gives it; and the records' names as labels;
- a ``<layer>_regions`` layer beside it: the regions with their counts, shares and
  choropleth class, filled with the figures' classes, colours and legend labels.

The styles are built from the same :class:`~clusteratlas.mapspec.MapSpec` as the figures,
so QGIS opens the file looking like our PNG. ``update_time`` is fixed (:data:`STYLE_TIME`),
so the same records give the same bytes.
"""

from __future__ import annotations

import sqlite3
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ._gis import GPKG_TIME, layer_name, write_gpkg_layer
from .geocode import user_headers
from .geography import boundaries
from .mapspec import ALL_RECORDS, OTHER_LABEL, UNKNOWN_LABEL, MapOptions, MapSpec, map_spec
from .mapspec.points import place_count, size_unit
from .schema import source
from .static._places import crowding, group_places
from .static._sizing import REFERENCE_WIDTH_MM, Sizing, figure_sizing

__all__ = [
    "STYLES_TABLE",
    "STYLE_COLUMNS",
    "STYLE_TIME",
    "Rule",
    "point_rules",
    "points_sizing",
    "qml",
    "region_rules",
    "regions_frame",
    "size_expression",
    "sld",
    "write_styled_gpkg",
    "write_styles",
]

#: GeoPackage's table of layer styles, as QGIS names it.
STYLES_TABLE = "layer_styles"
#: Its columns, QGIS's schema, after the ``id`` key.
STYLE_COLUMNS = (
    "f_table_catalog",
    "f_table_schema",
    "f_table_name",
    "f_geometry_column",
    "styleName",
    "styleQML",
    "styleSLD",
    "useAsDefault",
    "description",
    "owner",
    "ui",
    "update_time",
)
#: The styles' ``update_time``: fixed, so that the same records give the same bytes.
STYLE_TIME = GPKG_TIME
_QGIS_VERSION = "3.22.16-Białowieża"
#: QGIS's element of a layer's label settings (QGIS's word, not the study's column of that name:
#: tests/test_profile.py lists this line as the one exception to its scan).
_QML_LABELS = "labeling"
_QML_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
_OUTLINE = "#1a1a1a"
_REGION_EDGE = "#666666"
_LABEL_FONT = "DejaVu Sans"
#: The figures' text size (pt) and the pixels of a point in SLD (OGC's 0.28 mm pixel).
_LABEL_PT = 7.0
_PX_PER_PT = 0.3528 / 0.28
_NS = {"sld": "http://www.opengis.net/sld", "se": "http://www.opengis.net/se", "ogc": "http://www.opengis.net/ogc"}
for _prefix, _uri in {**_NS, "xlink": "http://www.w3.org/1999/xlink"}.items():
    ET.register_namespace("" if _prefix == "sld" else _prefix, _uri)


@dataclass(frozen=True)
class Rule:
    """One entry of a style: what it selects, how it is drawn, its legend text.

    Attributes
    ----------
    label : str
        The legend text (the figure's: "Chimie (2)", "1–2 (3 regions)").
    color : str
        Fill colour, hex.
    expression : str
        QGIS's filter expression; ``ELSE`` for the features no other rule takes, ``""`` for all.
    field : str
        The field compared (for SLD), ``""`` for all features.
    value : str or None
        The value the field equals (SLD); ``None`` with a field: empty or missing.
    pattern : str
        A choropleth class's pattern (``Classes.patterns``): drawn over the fill as black
        diagonal lines, as on the figures; ``""``: none.
    """

    label: str
    color: str
    expression: str
    field: str = ""
    value: str | None = None
    pattern: str = ""


def _quote_field(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def point_rules(spec: MapSpec, field: str) -> list[Rule]:
    """Return the rules of the records layer: one per category of ``spec``, in its legend's order.

    ``field`` is the colour column's name in the layer. A missing or empty value is the
    figure's "Unknown"; "Other" (categories beyond the palette) takes every other value.
    """
    items = [i for i in spec.legend_items() if i.group == "categories"]
    if spec.color_by == ALL_RECORDS or not field:
        return [Rule(item.text, item.color, "") for item in items]
    quoted = _quote_field(field)
    text = f"trim(to_string({quoted}))"
    rules = []
    for (category, color), item in zip(spec.colors.items(), items, strict=True):
        if category == OTHER_LABEL:
            continue
        if category == UNKNOWN_LABEL:
            rules.append(Rule(item.text, color, f"{quoted} IS NULL OR {text} = ''", field, None))
        else:
            rules.append(Rule(item.text, color, f"{text} = {_quote_text(category)}", field, category))
    other = [item for category, item in zip(spec.colors, items, strict=True) if category == OTHER_LABEL]
    return rules + [Rule(item.text, item.color, "ELSE") for item in other]


def region_rules(spec: MapSpec) -> list[Rule]:
    """Return the rules of the regions layer: one per choropleth class (``class_index``), with its legend text."""
    items = [i for i in spec.legend_items() if i.group == "classes"]
    return [
        Rule(item.text, item.color, f'"class_index" = {k}', "class_index", str(k), spec.classes.pattern(k))
        for k, item in enumerate(items)
    ]


def regions_frame(spec: MapSpec) -> Any:
    """Return the regions of ``spec`` as a GeoDataFrame: boundaries, counts, shares, value and class.

    Columns: ``region_code`` and ``region`` (text), ``count`` (integer), ``share`` and
    ``value`` (real), ``class`` (the legend's label) and ``class_index`` (integer), then
    the geometry (the print copy of the boundaries, EPSG:4326).
    """
    import geopandas as gpd

    shapes = boundaries("region", simplified=True)[["region_code", "geometry"]]
    table = spec.regions.assign(region_code=spec.regions["region_code"].astype(str))
    labels = pd.Series(spec.classes.labels, dtype=object)
    out = pd.DataFrame(
        {
            "region_code": table["region_code"].astype(object),
            "region": table["region"].astype(str).astype(object),
            "count": pd.array(table["count"].round(), dtype="Int64"),
            "share": table["share"].astype(float),
            "value": pd.to_numeric(table["value"], errors="coerce").astype(float),
            "class": labels.reindex(table["class_index"].to_numpy()).to_numpy(),
            "class_index": pd.array(table["class_index"], dtype="Int64"),
        }
    )
    merged = out.merge(shapes.assign(region_code=shapes["region_code"].astype(str)), on="region_code", how="inner")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=shapes.crs).to_crs("EPSG:4326")


def _color(hex_color: str) -> str:
    """Return a hex colour as QGIS writes colours: ``r,g,b,a``."""
    h = hex_color.lstrip("#")
    return ",".join(str(int(h[i : i + 2], 16)) for i in (0, 2, 4)) + ",255"


def _options(parent: ET.Element, values: Mapping[str, str]) -> None:
    """Write a symbol layer's properties, as QGIS 3 writes them (``Option`` map) and as before (``prop``)."""
    option_map = ET.SubElement(parent, "Option", type="Map")
    for key, value in values.items():
        ET.SubElement(option_map, "Option", name=key, type="QString", value=value)
    for key, value in values.items():
        ET.SubElement(parent, "prop", k=key, v=value)


def _data_defined(parent: ET.Element, expressions: Mapping[str, str]) -> None:
    """Write QGIS's data-defined properties: each property an expression."""
    outer = ET.SubElement(ET.SubElement(parent, "data_defined_properties"), "Option", type="Map")
    ET.SubElement(outer, "Option", name="name", type="QString", value="")
    props = ET.SubElement(outer, "Option", name="properties", type="Map") if expressions else None
    for key, expression in expressions.items():
        prop = ET.SubElement(props, "Option", name=key, type="Map")  # type: ignore[arg-type]
        ET.SubElement(prop, "Option", name="active", type="bool", value="true")
        ET.SubElement(prop, "Option", name="expression", type="QString", value=expression)
        ET.SubElement(prop, "Option", name="type", type="int", value="3")
    if props is None:
        ET.SubElement(outer, "Option", name="properties")
    ET.SubElement(outer, "Option", name="type", type="QString", value="collection")


@dataclass(frozen=True)
class _Look:
    """How a layer's features are drawn: the kind of symbol, its size and its data-defined shape or size."""

    kind: str  # "marker" or "fill"
    size_pt: float = 0.0
    shape: str = ""  # a QGIS expression giving the marker's shape
    size: str = ""  # a QGIS expression giving the marker's size in points


def _symbol(symbols: ET.Element, name: str, color: str, look: _Look, pattern: str = "") -> None:
    """Write one QGIS symbol: a simple marker, or a simple fill (with a class's pattern over it)."""
    symbol = ET.SubElement(symbols, "symbol", type=look.kind, name=name, alpha="1", clip_to_extent="1", force_rhr="0")
    _data_defined(symbol, {})
    layer = ET.SubElement(
        symbol, "layer", attrib={"class": "SimpleMarker" if look.kind == "marker" else "SimpleFill"}, enabled="1"
    )
    layer.set("pass", "0")
    layer.set("locked", "0")
    if look.kind == "marker":
        props = {
            "color": _color(color),
            "name": "circle",
            "outline_color": _color(_OUTLINE),
            "outline_style": "solid",
            "outline_width": "0.5",
            "outline_width_unit": "Point",
            "scale_method": "diameter",
            "size": f"{look.size_pt:.2f}",
            "size_unit": "Point",
        }
        dd = {k: v for k, v in (("name", look.shape), ("size", look.size)) if v}
    else:
        props = {
            "color": _color(color),
            "outline_color": _color(_REGION_EDGE),
            "outline_style": "solid",
            "outline_width": "0.4",
            "outline_width_unit": "Point",
            "style": "solid",
        }
        dd = {}
    _options(layer, props)
    _data_defined(layer, dd)
    if pattern and look.kind == "fill":
        _pattern_layer(symbol, name)


#: A class pattern's lines, as on the figures (:mod:`clusteratlas.static._patterns`): black,
#: 0.35 pt wide, 45°, about 2.8 pt apart ("///" at matplotlib's hatch density).
_PATTERN_PT = {"line_width": 0.35, "distance": 2.8, "angle": 45.0}


def _pattern_layer(symbol: ET.Element, name: str) -> None:
    """Write QGIS's line pattern fill layer (black diagonal lines) over a class's fill."""
    layer = ET.SubElement(symbol, "layer", attrib={"class": "LinePatternFill"}, enabled="1")
    layer.set("pass", "0")
    layer.set("locked", "0")
    width = f"{_PATTERN_PT['line_width']:.2f}"
    props = {
        "angle": f"{_PATTERN_PT['angle']:g}",
        "color": _color("#000000"),
        "distance": f"{_PATTERN_PT['distance']:g}",
        "distance_unit": "Point",
        "line_width": width,
        "line_width_unit": "Point",
        "offset": "0",
        "offset_unit": "Point",
    }
    _options(layer, props)
    _data_defined(layer, {})
    line = ET.SubElement(layer, "symbol", type="line", name=f"@{name}@1", alpha="1", clip_to_extent="1", force_rhr="0")
    _data_defined(line, {})
    simple = ET.SubElement(line, "layer", attrib={"class": "SimpleLine"}, enabled="1")
    simple.set("pass", "0")
    simple.set("locked", "0")
    line_props = {"line_color": _color("#000000"), "line_style": "solid", "line_width": width}
    _options(simple, {**line_props, "line_width_unit": "Point"})
    _data_defined(simple, {})


def _label_settings(root: ET.Element, field: str) -> None:
    """Write QGIS's labels of a field: the figures' type, a white halo, placed around the point, no overlaps."""
    root.set("labelsEnabled", "1")
    settings = ET.SubElement(ET.SubElement(root, _QML_LABELS, type="simple"), "settings", calloutType="simple")
    style = ET.SubElement(
        settings,
        "text-style",
        fieldName=field,
        isExpression="0",
        fontFamily=_LABEL_FONT,
        fontSize=f"{_LABEL_PT:g}",
        fontSizeUnit="Point",
        textColor=_color(_OUTLINE),
        textOpacity="1",
        namedStyle="Book",
    )
    ET.SubElement(
        style,
        "text-buffer",
        bufferDraw="1",
        bufferSize="0.8",
        bufferSizeUnits="Point",
        bufferColor="255,255,255,255",
        bufferOpacity="1",
    )
    ET.SubElement(settings, "placement", placement="6", dist="1", distUnits="Point", priority="5")
    ET.SubElement(settings, "rendering", obstacle="1", drawLabels="1", displayAll="0", upsidedownLabels="0")


def qml(rules: list[Rule], look: _Look, *, label_field: str = "", key: str = "") -> str:
    """Return a QGIS style (QML) drawing ``rules`` with a rule-based renderer.

    Parameters
    ----------
    rules : list of Rule
        The legend's entries, in order.
    look : _Look
        The symbols' kind and size.
    label_field : str
        A field to label the features with; none when empty.
    key : str
        Makes the rules' keys (QGIS's identifiers) unique to the layer, and the same each run.
    """
    root = ET.Element("qgis", version=_QGIS_VERSION, styleCategories="Symbology|Labeling", labelsEnabled="0")
    renderer = ET.SubElement(
        root, "renderer-v2", type="RuleRenderer", symbollevels="0", enableorderby="0", forceraster="0"
    )
    ids = [f"{{{uuid.uuid5(uuid.NAMESPACE_URL, f'clusteratlas:{key}:{i}')}}}" for i in range(len(rules) + 1)]
    parent = ET.SubElement(renderer, "rules", key=ids[0])
    symbols = ET.SubElement(renderer, "symbols")
    for i, rule in enumerate(rules):
        attrs = {"key": ids[i + 1], "symbol": str(i), "label": rule.label}
        if rule.expression:
            attrs["filter"] = rule.expression
        ET.SubElement(parent, "rule", attrs)
        _symbol(symbols, str(i), rule.color, look, rule.pattern)
    if label_field:
        _label_settings(root, label_field)
    return "\n".join((_QML_DOCTYPE, ET.tostring(root, encoding="unicode"), ""))  # escaped by ElementTree


def _se(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_NS['se']}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _ogc(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_NS['ogc']}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _sld_filter(rule_element: ET.Element, rule: Rule) -> None:
    """Write a rule's OGC filter: equal to a value, empty or missing, or the else-filter."""
    if rule.expression == "ELSE":
        _se(rule_element, "ElseFilter")
        return
    if not rule.field:
        return
    condition = _ogc(rule_element, "Filter")
    if rule.value is None:
        either = _ogc(condition, "Or")
        _ogc(_ogc(either, "PropertyIsNull"), "PropertyName", rule.field)
        condition = either
    equal = _ogc(condition, "PropertyIsEqualTo")
    _ogc(equal, "PropertyName", rule.field)
    _ogc(equal, "Literal", rule.value or "")


def _sld_symbolizer(rule_element: ET.Element, color: str, look: _Look) -> None:
    """Write a rule's symbolizer: the marker (a circle) or the fill, with their outlines."""
    if look.kind == "marker":
        graphic = _se(_se(rule_element, "PointSymbolizer"), "Graphic")
        mark = _se(graphic, "Mark")
        _se(mark, "WellKnownName", "circle")
        paint = mark
    else:
        paint = _se(rule_element, "PolygonSymbolizer")
    _se(_se(paint, "Fill"), "SvgParameter", color, name="fill")
    stroke = _se(paint, "Stroke")
    _se(stroke, "SvgParameter", _OUTLINE if look.kind == "marker" else _REGION_EDGE, name="stroke")
    width = 0.5 if look.kind == "marker" else 0.4
    _se(stroke, "SvgParameter", f"{width * _PX_PER_PT:.2f}", name="stroke-width")
    if look.kind == "marker":
        _se(graphic, "Size", f"{look.size_pt * _PX_PER_PT:.2f}")


def _sld_pattern(rule_element: ET.Element) -> None:
    """Write a class's pattern as a second polygon symbolizer: black diagonal lines (QGIS's ``horline`` turned 45°)."""
    graphic = _se(_se(_se(rule_element, "PolygonSymbolizer"), "Fill"), "GraphicFill")
    graphic = _se(graphic, "Graphic")
    mark = _se(graphic, "Mark")
    _se(mark, "WellKnownName", "horline")
    stroke = _se(mark, "Stroke")
    _se(stroke, "SvgParameter", "#000000", name="stroke")
    _se(stroke, "SvgParameter", f"{_PATTERN_PT['line_width'] * _PX_PER_PT:.2f}", name="stroke-width")
    _se(graphic, "Size", f"{_PATTERN_PT['distance'] * _PX_PER_PT:.2f}")
    _se(graphic, "Rotation", f"{_PATTERN_PT['angle']:g}")


def _sld_labels(style: ET.Element, field: str) -> None:
    """Write a rule that labels every feature with ``field``, with a white halo."""
    rule = _se(style, "Rule")
    _se(rule, "Name", field)
    text = _se(rule, "TextSymbolizer")
    label = _se(text, "Label")
    _ogc(label, "PropertyName", field)
    font = _se(text, "Font")
    _se(font, "SvgParameter", _LABEL_FONT, name="font-family")
    _se(font, "SvgParameter", f"{_LABEL_PT * _PX_PER_PT:.0f}", name="font-size")
    halo = _se(text, "Halo")
    _se(halo, "Radius", "1")
    _se(_se(halo, "Fill"), "SvgParameter", "#ffffff", name="fill")
    _se(_se(text, "Fill"), "SvgParameter", _OUTLINE, name="fill")


def sld(layer: str, rules: list[Rule], look: _Look, *, label_field: str = "") -> str:
    """Return an OGC Styled Layer Descriptor 1.1 of ``rules``: the same classes, colours and legend text as the QML.

    SLD has no data-defined marker shape: every record is a circle here (QML draws the
    low-confidence and coarse ones as diamonds and squares).
    """
    root = ET.Element(f"{{{_NS['sld']}}}StyledLayerDescriptor", version="1.1.0")
    named = ET.SubElement(root, f"{{{_NS['sld']}}}NamedLayer")
    _se(named, "Name", layer)
    user = ET.SubElement(named, f"{{{_NS['sld']}}}UserStyle")
    _se(user, "Name", layer)
    style = _se(user, "FeatureTypeStyle")
    for rule in rules:
        element = _se(style, "Rule")
        _se(element, "Name", rule.label)
        _se(_se(element, "Description"), "Title", rule.label)
        _sld_filter(element, rule)
        _sld_symbolizer(element, rule.color, look)
        if rule.pattern:
            _sld_pattern(element)
    if label_field:
        _sld_labels(style, label_field)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def points_sizing(spec: MapSpec) -> Sizing:
    """Return the sizing of the figure of ``spec`` at 174 mm: its places' records (or ``size_by`` totals), crowding."""
    if spec.points.empty:
        return figure_sizing(pd.Series([1.0]).to_numpy(), REFERENCE_WIDTH_MM)
    places, _ = group_places(spec.points)
    return figure_sizing(places["area"].to_numpy(), REFERENCE_WIDTH_MM, crowding(place_count(spec.points)))


def size_expression(sizing: Sizing, value: str) -> str:
    """Return QGIS's expression of a record's symbol diameter (pt): its place's symbol, as the figures size it.

    ``value`` is each record's part of its place's area (``1``, or its ``size_by`` value in
    records' worth); the place is the records at the same point (``geom_to_wkt($geometry)``).
    """
    area = f"sum({value}, group_by := geom_to_wkt($geometry))"
    return f"2 * max({sizing.max_pt:.4f} * sqrt({area} / {sizing.top:.6g}), {sizing.min_pt:.4f})"


def _points_look(spec: MapSpec, fields: Mapping[str, str]) -> _Look:
    """Return the records' symbols: sized as the figures size their places; diamonds and squares as they flag them."""
    shape = "CASE"
    if "geocode_precision" in fields:
        shape += f" WHEN {_quote_field(fields['geocode_precision'])} IN ('province', 'region') THEN 'square'"
    if "location_confidence" in fields:
        shape += f" WHEN lower({_quote_field(fields['location_confidence'])}) = 'low' THEN 'diamond'"
    shape = "" if shape == "CASE" else shape + " ELSE 'circle' END"
    sizing = points_sizing(spec)
    value = "1"
    if spec.size_by is not None and spec.size_by in fields:
        unit = size_unit(spec.points, spec.size_by) if len(spec.points) else 1.0  # the figures' one record
        value = f"max(coalesce(to_real({_quote_field(fields[spec.size_by])}), 0), 0) / {unit or 1.0:.6g}"
    one = 2 * float(sizing.radii(pd.Series([1.0]).to_numpy())[0])  # a one-record place: the static size, SLD's
    return _Look("marker", one, shape, size_expression(sizing, value))


def style_rows(spec: MapSpec, layer: str, fields: Mapping[str, str], regions: str) -> list[tuple[Any, ...]]:
    """Return the ``layer_styles`` rows of the records layer and of the regions layer, in :data:`STYLE_COLUMNS` order.

    ``fields`` maps the table's columns (``name``, ``sector``) to their names in the layer.
    """
    field = fields.get(spec.color_by, "")
    look = _points_look(spec, fields)
    label = fields.get("name", "")
    points = point_rules(spec, field)
    fill = _Look("fill")
    classes = region_rules(spec)
    what = spec.category_title()
    return [
        _row(layer, qml(points, look, label_field=label, key=layer), sld(layer, points, look, label_field=label), what),
        _row(regions, qml(classes, fill, key=regions), sld(regions, classes, fill), spec.legend_title()),
    ]


def _row(table: str, qml_text: str, sld_text: str, description: str) -> tuple[Any, ...]:
    return ("", "", table, "geom", table, qml_text, sld_text, 1, description, "", None, STYLE_TIME)


def write_styles(path: Path, rows: list[tuple[Any, ...]]) -> None:
    """Put style rows into a GeoPackage's ``layer_styles`` (made if missing), replacing those of the same tables.

    The table is QGIS's schema, registered in ``gpkg_contents`` as an attribute table; the
    styles of other layers are kept.
    """
    con = sqlite3.connect(path)
    try:
        with con:
            columns = ", ".join(f'"{c}"' for c in STYLE_COLUMNS)
            con.execute(
                f'CREATE TABLE IF NOT EXISTS "{STYLES_TABLE}" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
                '"f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256), '
                '"f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, '
                '"useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30), "update_time" DATETIME)'
            )
            con.execute(
                "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                "VALUES (?, 'attributes', ?, '', ?)",
                (STYLES_TABLE, STYLES_TABLE, STYLE_TIME),
            )
            tables = [row[2] for row in rows]
            marks = ", ".join("?" * len(tables))
            con.execute(f'DELETE FROM "{STYLES_TABLE}" WHERE "f_table_name" IN ({marks})', tables)
            con.executemany(f'INSERT INTO "{STYLES_TABLE}" ({columns}) VALUES ({", ".join("?" * 12)})', rows)
    finally:
        con.close()


def write_styled_gpkg(
    geocoded: pd.DataFrame, path: str | Path, *, layer: str | None = None, options: MapOptions | None = None
) -> Path:
    """Write geocoded records as a GeoPackage that QGIS opens styled as our figures, atomically.

    The records layer (see :func:`clusteratlas.export.write_gpkg`), a ``<layer>_regions``
    layer of the regions with their counts, shares and classes, and both layers' default
    styles in ``layer_styles`` (QML and SLD). Other layers of an existing GeoPackage, and
    their styles, are kept.

    Parameters
    ----------
    geocoded : pandas.DataFrame
        Geocoded records.
    path : str or Path
        The ``.gpkg`` to write.
    layer : str, optional
        The records layer's name; default: the input file's stem.
    options : MapOptions, optional
        The map the styles draw (colour column, classes, language); default: the
        command line's figure (``MapOptions(unit="records")``).

    Returns
    -------
    Path
    """
    import pyogrio

    name = layer_name(source(geocoded), layer)
    regions = f"{name}_regions"
    spec = map_spec(geocoded, options=options or MapOptions(unit="records"))
    frame = user_headers(geocoded)

    def finish(tmp: Path, written: list[str]) -> None:
        fields = dict(zip((str(c) for c in geocoded.columns), written, strict=False))
        pyogrio.write_dataframe(regions_frame(spec), tmp, layer=regions, driver="GPKG")
        write_styles(tmp, style_rows(spec, name, fields, regions))

    return write_gpkg_layer(frame, Path(path), name, finish=finish)
