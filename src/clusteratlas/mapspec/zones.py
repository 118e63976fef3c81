"""Zones on a map: their counts and labels, their outlines and line styles.

A zone is a named group of regions (:class:`clusteratlas.aggregate.Zones`). :func:`zone_tables`
counts the records of each, :func:`zone_outline` draws the line around its regions, and
:data:`ZONE_STYLES` tells the zones apart by colour, width and dash.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..aggregate import UNPLACED, Zones, shares
from ..geography import _boundaries_of, pack

__all__ = ["ZONE_STYLES", "zone_outline", "zone_tables"]

#: Outline of each named zone: colour, width (pt) and dash pattern, distinguishable by all three.
ZONE_STYLES = (
    ("#b2182b", 1.7, "-"),
    ("#5e3c99", 1.25, "--"),
    ("#1b7837", 1.1, ":"),
    ("#8c510a", 0.9, "-."),
)


def zone_tables(geocoded: pd.DataFrame, z: Zones, lang: str, t: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the placed zones (with regions and label) and every zone group (the unplaced records too)."""
    every = shares(geocoded, by="zone", zones=z, geocode=False).table
    zt = every[every["group"] != UNPLACED].copy()
    zt["regions"] = [z.regions_of(g) for g in zt["group"]]
    if lang == "fr":
        zt["label"] = [z.names_fr.get(g, t["rest"] if g == z.rest == "Other regions" else g) for g in zt["group"]]
    else:
        zt["label"] = zt["group"]
    names = dict(zip(zt["group"], zt["label"], strict=True))
    every["label"] = [t["unplaced"] if g == UNPLACED else names.get(g, g) for g in every["group"]]
    every["outlined"] = ~every["group"].isin([z.rest, UNPLACED])
    return zt.reset_index(drop=True), every.reset_index(drop=True)


def zone_outline(regions: Iterable[str], *, crs: str | None = None) -> Any:
    """Return a zone's outline: the boundary of the union of its regions (the boundaries' print copy).

    Both renderers draw zones with it (the figures in their CRS, the HTML map in EPSG:4326), so
    each zone is dissolved once per process, geography pack, set of regions and CRS.

    Parameters
    ----------
    regions : iterable of str
        The zone's region codes (:meth:`clusteratlas.Zones.regions_of`, a legend item's ``regions``).
    crs : str, optional
        Dissolve in this CRS (the regions projected first); default EPSG:4326.

    Returns
    -------
    shapely.Geometry
        A (multi)line string; empty when no region has one of the codes.
    """
    return _zone_outline(pack(), tuple(sorted(set(regions))), crs)


@functools.cache
def _zone_outline(geo: Any, codes: tuple[str, ...], crs: str | None) -> Any:
    import shapely

    regions = _boundaries_of(geo, "region", True)
    if crs is not None:
        regions = regions.to_crs(crs)
    union = shapely.union_all(regions[regions[geo.level("region").code].isin(codes)].geometry.to_numpy())
    return shapely.LineString() if union.is_empty else shapely.boundary(union)
