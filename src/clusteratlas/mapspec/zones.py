"""Zones on a map: their counts and labels, their outlines and line styles.

A zone is a named group of regions (:class:`clusteratlas.aggregate.Zones`). :func:`zones_for`
decides which zones a table gets (the study's only for the study), :func:`zone_tables` counts
the records of each, :func:`zone_outline` draws the line around its regions, and
:data:`ZONE_STYLES` tells the zones apart by colour, width and dash.
"""

from __future__ import annotations

import functools
from collections.abc import Container, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..aggregate import UNPLACED, Zones, load_zones, shares
from ..geography import _boundaries_of, pack
from ..profile import Profile

__all__ = ["NO_ZONES", "ZONE_STYLES", "zone_outline", "zone_tables", "zones_for"]

#: No zones: nothing outlined, counted or named (a table that is not the study's, or ``--no-zones``).
NO_ZONES = Zones(names=(), region_to_zone={}, rest="", source="")

#: Columns of the zone tables (what an empty one carries).
_ZONE_COLUMNS = ["group", "code", "count", "share", "regions", "label"]


def zones_for(
    zones: Zones | str | Path | bool | None, study: Profile | None, records: Container[Any] | None = None
) -> Zones:
    """Return the zones a table gets: those asked for, else the study's for the study's table only.

    Parameters
    ----------
    zones : Zones, str, Path, bool or None
        A :class:`~clusteratlas.aggregate.Zones` or a zones file (TOML): those. ``None``
        (default): the profile's zones when the table is the profile's own
        (:meth:`~clusteratlas.profile.Profile.owns`), else none: a register that only shares
        the study's category column gets none. ``False``: none (``--no-zones``). ``True``: the
        profile's, or the geography pack's default zones when no profile applies.
    study : Profile or None
        The profile that applies to the table (:func:`clusteratlas.profile.profile_for`).
    records : pandas.DataFrame or container of column names, optional
        The table (or its columns), to tell the profile's own table from one it only
        recognises; ``None`` when the profile was asked for by name: its zones, as its table's.

    Returns
    -------
    Zones
        :data:`NO_ZONES` when the table gets none.
    """
    if isinstance(zones, Zones):
        return zones
    if zones is False:
        return NO_ZONES
    if isinstance(zones, str | Path):
        return load_zones(zones)
    if study is not None and (zones is True or records is None or study.owns(records)):
        return load_zones(study.zones)
    return load_zones() if zones is True else NO_ZONES


#: Outline of each named zone: colour, width (pt) and dash pattern, distinguishable by all three.
ZONE_STYLES = (
    ("#b2182b", 1.7, "-"),
    ("#5e3c99", 1.25, "--"),
    ("#1b7837", 1.1, ":"),
    ("#8c510a", 0.9, "-."),
)


def zone_tables(geocoded: pd.DataFrame, z: Zones, lang: str, t: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the placed zones (with regions and label) and every zone group (the unplaced records too).

    Both are empty (with their columns) for :data:`NO_ZONES`.
    """
    if not z.names:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in _ZONE_COLUMNS})
        return empty, empty.assign(outlined=pd.Series(dtype=bool))
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
