"""The page's legends: the map specification's legend items, as the static figures draw them."""

from __future__ import annotations

from typing import Any

from ..mapspec import LegendItem, MapSpec

__all__ = ["ZONE_DASHES", "ZONE_WIDTH_PX", "legends", "zone_style"]

#: Zone outlines on screen: the static figures' styles (mapspec.ZONE_STYLES: colour, width
#: in pt, matplotlib dashes), widths scaled for a screen and dashes as SVG dash arrays.
ZONE_WIDTH_PX = 2.2
ZONE_DASHES = {"-": "", "--": "10 5", ":": "2 4", "-.": "10 4 2 4"}


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
        ``classes`` (or None), ``points`` and ``zones``, each a title and its items.
    """
    items: dict[str, list[dict[str, Any]]] = {"classes": [], "points": [], "zones": []}
    for item in spec.legend_items():
        items["points" if item.group in ("categories", "flags") else item.group].append(_entry(item))
    titles = spec.legend_titles()
    return {
        "classes": {"title": titles["classes"], "items": items["classes"]} if choropleth else None,
        "points": {"title": titles["points"], "items": items["points"]},
        "zones": {"title": titles["zones"], "items": items["zones"]},
    }
