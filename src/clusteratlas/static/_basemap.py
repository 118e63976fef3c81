"""The base map: boundaries projected to the drawing CRS, drawn as fills and shared lines.

The drawing CRS is the geography pack's equal-area CRS. Boundaries, the neighbouring
countries and zone outlines are projected and converted to matplotlib paths once per
process and pack.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ..geography import GeographyPack, boundaries, pack
from ..mapspec import MapSpec, few_record_regions, zone_outline
from ._patterns import class_hatch_style
from ._style import (
    EMPTY_HATCH,
    EMPTY_HATCH_COLOR,
    FEW_INSET_PT,
    FEW_LINE,
    FEW_LINE_COLOR,
    FEW_LINE_WIDTH,
    LAND,
    NEIGHBOUR,
    SEA,
    root_figure,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "SOUTH",
    "all_land",
    "crs",
    "draw_regions",
    "draw_zones",
    "extent",
    "few_record_codes",
    "inset_bounds",
    "land",
    "main_land",
    "outline_density",
    "project_points",
    "regions_bounds",
]

#: How a map draws the pack's inset regions: in the main frame, or in an inset at their own scale.
SOUTH = ("frame", "inset")
#: Width (pt) a zone outline's white casing adds to the line: the outline stands clear of every
#: region fill, in grey too, where its colour may print as a fill's grey.
ZONE_CASING_PT = 1.4
#: Width of the white outline of each hexagon drawn over the choropleth, as a share of the hexagon's
#: width, and its least and greatest width (pt). The hexagons' five classes print as greys within
#: 1.3 (CIEDE2000) of the regions' five, the darkest on the darkest (Casablanca's hexagon on its
#: region): the outline, 21.5 or more from every region class in grey and in colour, sets each
#: hexagon apart from the region under it; a tenth of its width leaves most of it to its colour. On
#: blank land (points map, timeline) the hexagons keep their hairline.
HEX_OUTLINE_SHARE = 0.1
HEX_OUTLINE_PT = (0.35, 0.6)


def crs() -> str:
    """Return the CRS figures are drawn in: the geography pack's equal-area CRS (a PROJ string)."""
    return pack().crs


@cache
def _projected_of(geo: GeographyPack, level: str) -> Any:
    return boundaries(level, simplified=True).to_crs(geo.crs)  # type: ignore[arg-type]


def _projected(level: str) -> Any:
    """Return the simplified boundaries in the drawing CRS, projected once per process and pack (shared)."""
    return _projected_of(pack(), level)


@cache
def _neighbours(geo: GeographyPack) -> Any:
    """Neighbouring countries' land (the pack's context layer, OpenStreetMap-derived) in the drawing CRS.

    Their borders meet the territory's outline exactly (one coverage, built by ``scripts/build_geo.py``).
    """
    import geopandas as gpd

    frame = gpd.read_file(geo.context)
    return frame[frame["kind"] == "country"].reset_index(drop=True).to_crs(geo.crs)


@cache
def _land_of(geo: GeographyPack) -> Any:
    import shapely

    return shapely.union_all(_projected_of(geo, "region").geometry.to_numpy())


def land() -> Any:
    """Union of the regions in the drawing CRS (for finding empty corners)."""
    return _land_of(pack())


@cache
def _main_land_of(geo: GeographyPack) -> Any:
    import shapely

    regions = _projected_of(geo, "region")
    return shapely.union_all(regions[~regions["region_code"].isin(geo.inset_regions)].geometry.to_numpy())


def main_land(south: str) -> Any:
    """Return the regions a main frame shows as data: every region, or (``south="inset"``) all but the inset's."""
    return land() if south == "frame" else _main_land_of(pack())


@cache
def _all_land_of(geo: GeographyPack) -> Any:
    import shapely

    return shapely.union_all([_land_of(geo), *_neighbours(geo).geometry.to_numpy()])


def all_land() -> Any:
    """Union of the regions and the neighbouring countries in the drawing CRS (what a scale bar keeps off)."""
    return _all_land_of(pack())


def project_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project longitudes and latitudes (WGS84) to the drawing CRS."""
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", crs(), always_xy=True)
    x, y = t.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def extent(south: str, *, detail: bool = False) -> tuple[float, float, float, float]:
    """Map frame: every region (``frame``), or those outside the pack's inset with room for insets (``inset``).

    The margins are the pack's (``[map]`` ``pad``, ``inset_west``, ``inset_east``).
    """
    geo = pack()
    regions = _projected("region")
    part = regions if south == "frame" else regions[~regions["region_code"].isin(geo.inset_regions)]
    minx, miny, maxx, maxy = part.total_bounds
    pad = geo.pad * max(maxx - minx, maxy - miny)
    west = geo.inset_west * (maxx - minx) if (detail or south == "inset") else 0.0
    east = geo.inset_east * (maxx - minx) if south == "inset" else 0.0  # room for the legends
    return minx - pad - west, maxx + pad + east, miny - pad, maxy + pad


def inset_bounds() -> tuple[float, float, float, float]:
    """Return ``(minx, miny, maxx, maxy)`` of the pack's inset regions in the drawing CRS."""
    regions = _projected("region")
    minx, miny, maxx, maxy = regions[regions["region_code"].isin(pack().inset_regions)].total_bounds
    return minx, miny, maxx, maxy


def regions_bounds(codes: list[str]) -> tuple[float, float, float, float] | None:
    """Return ``(minx, miny, maxx, maxy)`` of the regions ``codes`` in the drawing CRS (None when none is known)."""
    regions = _projected("region")
    part = regions[regions["region_code"].isin(codes)]
    if part.empty:
        return None
    minx, miny, maxx, maxy = part.total_bounds
    return float(minx), float(miny), float(maxx), float(maxy)


def _polygon_path(geom: Any) -> Any:
    """One matplotlib Path for a (multi)polygon, holes included."""
    from matplotlib.path import Path as MPath

    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            codes = np.full(len(xy), MPath.LINETO, dtype=np.uint8)
            codes[0], codes[-1] = MPath.MOVETO, MPath.CLOSEPOLY
            parts.append(MPath(xy, codes))
    return MPath.make_compound_path(*parts)


def _lines(geom: Any) -> list[np.ndarray]:
    """Coordinate arrays of the lines of a (multi)line or of a polygon's boundary."""
    import shapely

    return [np.asarray(g.coords)[:, :2] for g in shapely.get_parts(shapely.line_merge(geom)) if not g.is_empty]


Shapes = tuple[tuple[str, ...], tuple[Any, ...], tuple[np.ndarray, ...]]


def _shapes(level: str, tolerance: float = 0.0, *, main: bool = False) -> Shapes:
    """Codes, fill paths and boundary lines of a level, projected and converted once per process.

    ``tolerance`` (metres) simplifies them, shared edges kept shared, for small maps.
    ``main``: the lines are those of the main frame's regions only (the pack's inset
    regions left out: drawn in their inset); codes and paths stay every region's.
    """
    return _shapes_of(pack(), level, tolerance, main)


@cache
def _shapes_of(geo: GeographyPack, level: str, tolerance: float = 0.0, main: bool = False) -> Shapes:
    import shapely

    if level == "neighbours":
        frame = _neighbours(geo)
        codes = tuple(frame["name"].astype(str))
    else:
        frame = _projected_of(geo, level)
        codes = tuple(frame[f"{level}_code"].astype(str))
    geoms = frame.geometry.to_numpy()
    if tolerance > 0:
        geoms = (
            shapely.coverage_simplify(geoms, tolerance) if level != "neighbours" else shapely.simplify(geoms, tolerance)
        )
    paths = tuple(_polygon_path(g) for g in geoms)
    kept = geoms
    if main and level != "neighbours":
        kept = geoms[~frame["region_code"].isin(geo.inset_regions).to_numpy()]
    # Shared edges once: the boundary of the coverage, as lines.
    edges = shapely.union_all(shapely.boundary(kept))
    return codes, paths, tuple(_lines(edges))


def _zone_lines(codes: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    return _zone_lines_of(pack(), codes)


@cache
def _zone_lines_of(geo: GeographyPack, codes: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """Return a zone's outline (:func:`clusteratlas.mapspec.zone_outline`, in the drawing CRS) as lines."""
    outline = zone_outline(codes, crs=geo.crs)
    return tuple(_lines(outline)) if not outline.is_empty else ()


def few_record_codes(spec: MapSpec) -> list[str]:
    """Codes of the regions whose shaded value rests on few records (see ``mapspec.few_record_regions``)."""
    names = set(few_record_regions(spec))
    return [str(c) for c, r in zip(spec.regions["region_code"], spec.regions["region"], strict=True) if r in names]


def draw_regions(
    ax: Axes,
    spec: MapSpec | None,
    *,
    shaded: bool,
    provinces: bool = True,
    tolerance: float = 0.0,
    south: str = "frame",
) -> None:
    """Draw the sea, the neighbouring countries, the regions (shaded by the spec's classes or blank) and their lines.

    Lowest first: neighbours, region fills, province lines, the outline of regions with few
    records, region lines. The axes are framed on every region, ticks and labels removed.
    ``tolerance`` (metres) simplifies the shapes of a small map (smaller files).
    ``south="inset"``: a main frame whose inset regions are drawn in their own inset; here
    they are land without data (:func:`_draw_inset_land`), not empty regions again.
    """
    from matplotlib.collections import LineCollection, PathCollection

    main = south == "inset"
    codes, paths, edges = _shapes("region", tolerance, main=main)
    if shaded and spec is not None:
        colors = dict(zip(spec.regions["region_code"], spec.regions["color"], strict=True))
        face = [colors[c] for c in codes]
    else:
        face = [LAND] * len(codes)
    ax.set_facecolor(SEA)
    _draw_neighbours(ax, tolerance)
    if main:
        codes, paths, face = _draw_inset_land(ax, codes, paths, face)
    ax.add_collection(PathCollection(list(paths), facecolors=face, edgecolors="none", zorder=1, gid="region-fill"))
    if provinces:
        _, _, pedges = _shapes("province", main=main)
        color = "#a6a6a6" if shaded else "#b3b3b3"
        lines = LineCollection(list(pedges), colors=color, linewidths=0.35, zorder=2, gid="province-lines")
        ax.add_collection(lines)
    ax.add_collection(LineCollection(list(edges), colors="#3a3a3a", linewidths=0.6, zorder=3, gid="region-lines"))
    _frame_on_regions(ax)
    if shaded and spec is not None:
        _hatch_classes(ax, spec, codes, paths)
        _hatch_empty(ax, spec, codes, paths)
        _outline_few(ax, spec, leave_out=tuple(pack().inset_regions) if main else ())


def _draw_inset_land(
    ax: Axes, codes: tuple[str, ...], paths: tuple[Any, ...], face: list[str]
) -> tuple[tuple[str, ...], tuple[Any, ...], list[str]]:
    """Draw the pack's inset regions on a main frame in the unmapped land's grey, no line inside them.

    They are drawn with their data in the southern inset. On the main frame they keep the
    country's border but take the neighbours' grey: in the land colour (white) they read as
    the "0 / none" class, a region without records, where the inset shows records. Returns
    the codes, paths and faces of the other regions.
    """
    from matplotlib.collections import PathCollection

    inset = set(pack().inset_regions)
    there = [p for c, p in zip(codes, paths, strict=True) if c in inset]
    ax.add_collection(
        PathCollection(there, facecolors=NEIGHBOUR, edgecolors="none", zorder=0.55, gid="inset-regions-land")
    )
    keep = [k for k, c in enumerate(codes) if c not in inset]
    return tuple(codes[k] for k in keep), tuple(paths[k] for k in keep), [face[k] for k in keep]


def _draw_neighbours(ax: Axes, tolerance: float = 0.0) -> None:
    """Draw the neighbouring countries' land and borders under the regions."""
    from matplotlib.collections import LineCollection, PathCollection

    _, npaths, nedges = _shapes("neighbours", tolerance)
    ax.add_collection(
        PathCollection(list(npaths), facecolors=NEIGHBOUR, edgecolors="none", zorder=0.5, gid="neighbours")
    )
    ax.add_collection(
        LineCollection(list(nedges), colors="#b8b8b8", linewidths=0.35, zorder=0.6, gid="neighbour-lines")
    )


def _outline_few(ax: Axes, spec: MapSpec, *, leave_out: tuple[str, ...] = ()) -> None:
    """Outline, just inside its border, each region whose per-capita value rests on few records.

    A dash-dot line (:data:`~._style.FEW_LINE`) :data:`~._style.FEW_INSET_PT` inside the
    region's edge marks it without changing its fill: the class reads as light or dark as
    its legend patch (a hatching darkened light classes below the next class up). Zones are
    drawn solid, dashed or dotted, never dash-dot. ``leave_out``: regions not outlined here.
    """
    from matplotlib.collections import PathCollection

    few = set(few_record_codes(spec)) - set(leave_out)  # ``leave_out``: regions drawn in an inset
    if not few:
        return
    regions = _projected("region")
    part = regions[regions["region_code"].astype(str).isin(few)]
    x0, x1 = ax.get_xlim()
    width_pt = ax.get_window_extent().width * 72 / ax.figure.dpi if ax.figure is not None else 0.0
    per_pt = abs(x1 - x0) / width_pt if width_pt > 0 else 0.0
    paths = []
    for geom in part.geometry:
        inner = geom.buffer(-FEW_INSET_PT * per_pt)
        paths.append(_polygon_path(inner if not inner.is_empty else geom))
    casing = PathCollection(paths, facecolors="none", edgecolors="white", linewidths=FEW_LINE_WIDTH + 1.0, zorder=2.4)
    casing.set_gid("few-records-casing")  # a white line under it, so it shows on the darkest class too
    ax.add_collection(casing)
    ax.add_collection(
        PathCollection(
            paths,
            facecolors="none",
            edgecolors=FEW_LINE_COLOR,
            linewidths=FEW_LINE_WIDTH,
            linestyles=[FEW_LINE],
            zorder=2.5,
            gid="few-records-outline",
        )
    )


def _hatch_classes(ax: Axes, spec: MapSpec, codes: tuple[str, ...], paths: tuple[Any, ...]) -> None:
    """Hatch the regions whose class has a pattern (more classes than greys: ``Classes.patterns``)."""
    from matplotlib.collections import PathCollection

    if not any(spec.classes.patterns) or "class_index" not in spec.regions:
        return
    index = dict(zip(spec.regions["region_code"].astype(str), spec.regions["class_index"], strict=True))
    pattern = [spec.classes.pattern(int(index[c])) if c in index else "" for c in codes]
    for each in sorted(set(pattern) - {""}):
        style = class_hatch_style(each)
        hatched = [p for p, q in zip(paths, pattern, strict=True) if q == each]
        collection = PathCollection(hatched, facecolors="none", edgecolors="none", zorder=1.4, gid="class-hatch")
        collection.set(**style)
        ax.add_collection(collection)


def _hatch_empty(ax: Axes, spec: MapSpec, codes: tuple[str, ...], paths: tuple[Any, ...]) -> None:
    """Hatch the regions a location-quotient map has no quotient for (no records): never read as its middle class."""
    from matplotlib.collections import PathCollection

    if spec.value != "lq":
        return
    empty = set(spec.regions.loc[spec.regions["value"].isna(), "region_code"].astype(str))
    hatched = [p for c, p in zip(codes, paths, strict=True) if c in empty]
    if hatched:
        ax.add_collection(
            PathCollection(
                hatched,
                facecolors="none",
                edgecolors=EMPTY_HATCH_COLOR,
                linewidths=0,
                hatch=EMPTY_HATCH,
                zorder=1.5,
                gid="no-records-hatch",
            )
        )


def _frame_on_regions(ax: Axes) -> None:
    """Frame the axes on every region, at equal scale, without ticks or axis labels."""
    minx, miny, maxx, maxy = _projected("region").total_bounds
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for side in ax.spines.values():
        side.set_linewidth(0.6)


def draw_zones(ax: Axes, spec: MapSpec) -> None:
    """Outline the spec's zones: its ``zones`` legend items drawn as lines, in their colours and dashes."""
    from matplotlib.collections import LineCollection

    for item in spec.legend_items():
        lines = _zone_lines(tuple(sorted(item.regions))) if item.marker == "line" else ()
        if lines:
            style = cast(Any, item.line_style)
            # A white casing under the line: in grey its colour may print as the region fill's grey.
            casing = LineCollection(list(lines), colors=LAND, linewidths=item.line_width + ZONE_CASING_PT, zorder=5.9)
            casing.set_capstyle("round")
            casing.set_gid("zone-casing")
            ax.add_collection(casing)
            outline = LineCollection(
                list(lines), colors=item.color, linewidths=item.line_width, linestyles=style, zorder=6
            )
            outline.set_gid("zone-outline")
            ax.add_collection(outline)


def outline_density(*axes: Axes) -> None:
    """Outline in white the hexagons (gid ``density``) on ``axes`` over the choropleth (:data:`HEX_OUTLINE_SHARE`)."""
    for ax in axes:
        x0, x1 = ax.get_xlim()
        per_pt = (x1 - x0) / max(ax.get_window_extent().width, 1.0) * root_figure(ax).dpi / 72
        for hexagons in (c for c in ax.collections if c.get_gid() == "density"):
            shapes = hexagons.get_paths()  # one hexagon, repeated at each offset
            across = float(np.ptp(np.asarray(shapes[0].vertices)[:, 0])) / per_pt if shapes else 0.0
            hexagons.set_edgecolor("#ffffff")
            hexagons.set_linewidth(float(np.clip(HEX_OUTLINE_SHARE * across, *HEX_OUTLINE_PT)))
