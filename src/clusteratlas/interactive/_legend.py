"""The page's legends: the map specification's legend items, as the static figures draw them.

Categories are told apart without colour as on the paper figures: two category colours less
than :data:`~clusteratlas.static._patterns.GREY_STEP` apart in lightness (L*) get different
patterns (:func:`~clusteratlas.static._patterns.hatches`, the figures' own choice), drawn on
the page as CSS patterns on the symbols, the count badges and the legend's swatches: the
figures' own line directions (:func:`~clusteratlas.static._patterns.mark_angles`), so that a
symbol on the page and on paper carry the same pattern (either diagonal, upright, level,
crossed, or two of them).
"""

from __future__ import annotations

from typing import Any

from ..mapspec import UNKNOWN_COLOR, LegendItem, MapSpec
from ..static._patterns import CLASS_HATCH_COLOR, CLASS_HATCHES, HATCHES, hatches, lightness, mark_angles

__all__ = [
    "CLASS_HATCH_PX",
    "PATTERN_NAMES",
    "ZONE_DASHES",
    "ZONE_WIDTH_PX",
    "category_patterns",
    "class_hatches",
    "css_angles",
    "legends",
    "zone_style",
]

#: Zone outlines on screen: the static figures' styles (mapspec.ZONE_STYLES: colour, width
#: in pt, matplotlib dashes), widths scaled for a screen and dashes as SVG dash arrays.
ZONE_WIDTH_PX = 2.2
ZONE_DASHES = {"-": "", "--": "10 5", ":": "2 4", "-.": "10 4 2 4"}
#: The figures' hatches (:data:`~clusteratlas.static._patterns.HATCHES`) as the page's pattern
#: names (the class ``ca-pat-NAME`` and ``data-pattern`` of a painted node), in the same order:
#: named by their lines, as drawn (until session 12 "//||" was drawn as dots, "\\\\--" as rings,
#: and "/" and "\\" swapped).
PATTERN_NAMES = dict(
    zip(HATCHES, ("", "fwd", "fwd-vert", "back", "vert", "cross", "horiz", "grid", "back-horiz"), strict=True)
)
#: A pattern is drawn white on colours darker than this lightness (L*), dark on lighter ones.
_DARK_L = 50.0
#: The choropleth class patterns (:data:`~clusteratlas.static._patterns.CLASS_HATCHES`: the figures'
#: "///") on screen, as SVG ``<pattern>`` fills of the regions and the classes' legend swatches:
#: lines at this angle (degrees, "/" at 45), this far apart and this wide (pixels), so that they
#: cover an eighth of the class's grey as on the figures (0.35 pt lines 2.8 pt apart).
CLASS_HATCH_PX = {"///": {"angle": 45, "spacing": 8, "width": 1}}


def css_angles(hatch: str) -> list[int]:
    r"""Return the CSS gradient angles (degrees) that draw the lines of a figure's ``hatch``, in its order.

    A line at ``a`` degrees from the x-axis (anticlockwise, :func:`mark_angles`) is the
    stripes of a ``repeating-linear-gradient`` at ``180 - a`` degrees (CSS measures from
    the top, clockwise, across the stripes).

    >>> css_angles("//////"), css_angles("\\--"), css_angles("++++")
    ([135], [45, 0], [0, 90])
    """
    return [round(180 - a) % 180 for a in mark_angles(hatch)]


def category_patterns(spec: MapSpec) -> dict[str, list[Any]]:
    """Return each patterned category colour's pattern, ink and stripes, as the page draws them.

    The same choice as the paper figures' (the spec's colours and the unknown colour, by
    lightness), drawn in the same directions (:func:`css_angles`): colours without a
    pattern are left out.

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    dict
        ``{"#rrggbb": [pattern name, ink colour, CSS angles]}``, colours in lower case.
    """
    table = hatches([*spec.colors.values(), UNKNOWN_COLOR])
    return {
        color: [PATTERN_NAMES[hatch], "#ffffff" if lightness(color) < _DARK_L else "#1a1a1a", css_angles(hatch)]
        for color, hatch in sorted(table.items())
        if hatch
    }


def class_hatches() -> dict[str, dict[str, Any]]:
    """Return each choropleth class pattern as the page draws it (an SVG ``<pattern>``).

    The figures' choice (:data:`~clusteratlas.static._patterns.CLASS_HATCHES`, drawn in
    :data:`~clusteratlas.static._patterns.CLASS_HATCH_COLOR`), in pixels.

    Returns
    -------
    dict
        ``{pattern name: {"angle", "spacing", "width", "ink"}}``, e.g. ``"diagonal"``.
    """
    return {name: {**CLASS_HATCH_PX[hatch], "ink": CLASS_HATCH_COLOR} for name, hatch in CLASS_HATCHES.items()}


def zone_style(item: LegendItem) -> dict[str, Any]:
    """Return a zone's outline for Leaflet: the static figure's colour and dashes.

    Parameters
    ----------
    item : LegendItem
        The zone's legend item.

    Returns
    -------
    dict
        ``color``, ``weight`` (pixels) and ``dash`` (an SVG dash array, empty when solid).
    """
    weight = round(ZONE_WIDTH_PX * item.line_width, 1)
    return {"color": item.color, "weight": weight, "dash": ZONE_DASHES.get(item.line_style, "")}


def _entry(item: LegendItem) -> dict[str, Any]:
    """Return one legend item as the page's script draws it."""
    if item.marker == "patch":
        return {"label": item.text, "color": item.color}
    if item.marker == "line":
        return {"label": item.text, "kind": "line", **zone_style(item)}
    if item.marker == "blank":
        return {"label": item.text, "kind": "blank", "color": "transparent"}
    return {"label": item.text, "color": item.color, "kind": item.marker}


def legends(spec: MapSpec, *, choropleth: bool) -> dict[str, Any]:
    """Return the legends of the page: the spec's legend items (the figures draw the same ones).

    Parameters
    ----------
    spec : MapSpec
    choropleth : bool
        Whether the regions are shaded (no classes legend otherwise).

    Returns
    -------
    dict
        ``classes`` (or None), ``points`` and ``zones``, each a title and its items; ``points``
        also a ``note`` saying what the patterns mean (None when no category has one).
    """
    items: dict[str, list[dict[str, Any]]] = {"classes": [], "points": [], "zones": []}
    for item in spec.legend_items():
        items["points" if item.group in ("categories", "flags") else item.group].append(_entry(item))
    for i, entry in enumerate(items["classes"]):  # a class's pattern, as on the regions and the figures' key
        if spec.classes.pattern(i):
            entry["pattern"] = spec.classes.pattern(i)
    titles = spec.legend_titles()
    used = category_patterns(spec)
    # What the patterns mean (the figures' line adds the rim ticks the map has not): after the items, when drawn.
    note = spec.texts["patterns_web"] if any(c.lower() in used for c in spec.colors.values()) else None
    return {
        "classes": {"title": titles["classes"], "items": items["classes"]} if choropleth else None,
        "points": {"title": titles["points"], "items": items["points"], "note": note},
        "zones": {"title": titles["zones"], "items": items["zones"]},
    }
