"""Publication-ready static maps and charts (matplotlib).

Every ``plot_*`` function takes a :class:`~clusteratlas.mapspec.MapSpec`, draws on
``ax`` (or a new figure) and returns the Axes; :func:`save_figure` writes PNG, SVG or PDF,
byte-for-byte reproducible, with an alt-text file beside it.

Projection: the geography pack's equal-area CRS (:func:`clusteratlas.geography.pack`; for
Morocco an Albers conic with standard parallels 23°N and 34°N, central meridian 9°W, WGS84).
Equal area keeps the choropleth honest (a region's ink is proportional to its area); between
the standard parallels the scale along parallels is within 1.6% of true, and the scale bar is
drawn exact at its own latitude using the projection's local scale factor.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from ._resources import atomic_path, atomic_write
from .aggregate import FEW_RECORDS, lever_counts, period_label
from .aggregate import periods as fit_periods
from .errors import InputError
from .export import number
from .geography import GeographyPack, boundaries, pack
from .mapspec import (
    DENSITY_PLACES,
    LEVER_ROWS_MAX,
    UNKNOWN_COLOR,
    MapSpec,
    describe,
    few_record_regions,
    place_count,
    size_unit,
    unplaced_caption,
    zone_outline,
)
from .presentation import value_text
from .records import LEVER_SHORT, LEVERS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

KINDS = ("points", "choropleth", "combined", "timeline", "levers")
#: Default width: a two-column journal figure (Elsevier: 174 mm; Springer: 174 mm).
WIDTH_MM = 174.0
#: Tallest figure: a journal page's type area (Elsevier: 174 × 230 mm at most).
MAX_HEIGHT_MM = 230.0
PERIODS = ((2010, 2014), (2015, 2019), (2020, 2023))
#: Smallest type on any figure, in points at the figure's final size.
TEXT_PT = 6.5
#: Sea tint (the axes background), land without a value, neighbouring countries, the detail frame.
SEA = "#dcebf5"
LAND = "#ffffff"
NEIGHBOUR = "#e8e6e1"
DETAIL_COLOR = "#262626"
#: Density ramp of records per hexagon (ColorBrewer YlOrBr): distinct from the grey choropleth.
DENSITY_RAMP = ("#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02", "#8c2d04")
#: Radius (pt) of a one-record symbol, and the largest symbol; area grows with the records at a place.
SYMBOL_PT = 2.6
SYMBOL_MAX_PT = 9.0
#: Names longer than this are cut with an ellipsis before they are measured or drawn.
NAME_MAX = 40
#: With more places to label than this in one map, markers are numbered and keyed in the caption.
NUMBER_ABOVE = 40
#: Most numbered places keyed in a caption.
KEY_MAX = 40
#: Marker of a low-confidence location.
UNCERTAIN_MARKER = "D"

STYLE: Any = {
    "font.family": "DejaVu Sans",
    "font.size": 7,
    "axes.titlesize": 7.5,
    "axes.labelsize": 7,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 6.5,
    "legend.fontsize": TEXT_PT,
    "legend.title_fontsize": 7,
    "svg.hashsalt": "clusteratlas",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
}


def _mm(mm: float) -> float:
    return mm / 25.4


def _crs() -> str:
    """Return the CRS figures are drawn in: the geography pack's equal-area CRS (a PROJ string)."""
    return pack().crs


@cache
def _projected_of(geo: GeographyPack, level: str) -> Any:
    return boundaries(level, simplified=True).to_crs(geo.crs)  # type: ignore[arg-type]


def _projected_cached(level: str) -> Any:
    """Return the simplified boundaries in the drawing CRS, projected once per process and pack (shared)."""
    return _projected_of(pack(), level)


def _projected(level: str) -> Any:
    """Return the simplified boundaries in the drawing CRS, projected once per process (a copy)."""
    return _projected_cached(level).copy()


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


def _land() -> Any:
    """Union of the regions in the drawing CRS (for finding empty corners)."""
    return _land_of(pack())


def _project_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", _crs(), always_xy=True)
    x, y = t.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def clean_name(name: object, limit: int = NAME_MAX) -> str:
    """Return a name on one line, whitespace collapsed, cut with an ellipsis beyond ``limit`` characters.

    >>> clean_name("Cluster" + chr(10) + "  " + "x" * 100, 12)
    'Cluster xxx…'
    """
    text = " ".join(str(name)[: 4 * limit].split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plain(text: str) -> str:
    """Escape dollar signs so matplotlib never reads a name as mathtext (legend entries)."""
    return text.replace("$", r"\$")


def _halo(width: float = 1.8) -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


def _extent(south: str, *, detail: bool = False) -> tuple[float, float, float, float]:
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


def _shapes(level: str) -> tuple[tuple[str, ...], tuple[Any, ...], tuple[np.ndarray, ...]]:
    """Codes, fill paths and boundary lines of a level, projected and converted once per process."""
    return _shapes_of(pack(), level)


@cache
def _shapes_of(geo: GeographyPack, level: str) -> tuple[tuple[str, ...], tuple[Any, ...], tuple[np.ndarray, ...]]:
    import shapely

    if level == "neighbours":
        frame = _neighbours(geo)
        codes = tuple(frame["name"].astype(str))
    else:
        frame = _projected_of(geo, level)
        codes = tuple(frame[f"{level}_code"].astype(str))
    geoms = frame.geometry.to_numpy()
    paths = tuple(_polygon_path(g) for g in geoms)
    # Shared edges once: the boundary of the coverage, as lines.
    edges = shapely.union_all(shapely.boundary(geoms))
    return codes, paths, tuple(_lines(edges))


def _zone_lines(codes: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    return _zone_lines_of(pack(), codes)


@cache
def _zone_lines_of(geo: GeographyPack, codes: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """Return a zone's outline (:func:`clusteratlas.mapspec.zone_outline`, in the drawing CRS) as lines."""
    outline = zone_outline(codes, crs=geo.crs)
    return tuple(_lines(outline)) if not outline.is_empty else ()


#: Hatching over the regions whose per-capita value rests on fewer than FEW_RECORDS records.
FEW_HATCH = "////"
FEW_HATCH_COLOR = "#1a1a1a"


def _few_record_codes(spec: MapSpec) -> list[str]:
    """Codes of the regions whose per-capita value rests on 1 to FEW_RECORDS - 1 records (none for other values)."""
    if spec.value != "per-capita":
        return []
    few = spec.regions[(spec.regions["count"] > 0) & (spec.regions["count"] < FEW_RECORDS)]
    return [str(c) for c in few["region_code"]]


def _draw_regions(ax: Axes, spec: MapSpec | None, *, shaded: bool, provinces: bool = True) -> None:
    from matplotlib.collections import LineCollection, PathCollection

    codes, paths, edges = _shapes("region")
    if shaded and spec is not None:
        colors = dict(zip(spec.regions["region_code"], spec.regions["color"], strict=True))
        face = [colors[c] for c in codes]
    else:
        face = [LAND] * len(codes)
    ax.set_facecolor(SEA)
    _, npaths, nedges = _shapes("neighbours")
    ax.add_collection(
        PathCollection(list(npaths), facecolors=NEIGHBOUR, edgecolors="none", zorder=0.5, gid="neighbours")
    )
    ax.add_collection(
        LineCollection(list(nedges), colors="#b8b8b8", linewidths=0.35, zorder=0.6, gid="neighbour-lines")
    )
    ax.add_collection(PathCollection(list(paths), facecolors=face, edgecolors="none", zorder=1, gid="region-fill"))
    if provinces:
        _, _, pedges = _shapes("province")
        ax.add_collection(
            LineCollection(
                list(pedges), colors="#a6a6a6" if shaded else "#b3b3b3", linewidths=0.35, zorder=2, gid="province-lines"
            )
        )
    if shaded and spec is not None:
        few = set(_few_record_codes(spec))
        hatched = [p for c, p in zip(codes, paths, strict=True) if c in few]
        if hatched:
            ax.add_collection(
                PathCollection(
                    hatched,
                    facecolors="none",
                    edgecolors=FEW_HATCH_COLOR,
                    linewidths=0,
                    hatch=FEW_HATCH,
                    zorder=1.5,
                    gid="few-records-hatch",
                )
            )
    ax.add_collection(LineCollection(list(edges), colors="#3a3a3a", linewidths=0.6, zorder=3, gid="region-lines"))
    minx, miny, maxx, maxy = _projected_cached("region").total_bounds
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for side in ax.spines.values():
        side.set_linewidth(0.6)


def add_north_arrow(ax: Axes, *, x: float = 0.95, y: float = 0.93, size: float = 0.06) -> Axes:
    """Draw a north arrow at axes fraction (x, y).

    The arrow is vertical when the projection's central meridian runs through the frame, as
    it does on every whole-country map drawn here: north is then up along that meridian,
    and a tilted arrow would read as an error. Elsewhere it points to true north where it
    stands.
    """
    from pyproj import Proj, Transformer

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    if x0 <= 0.0 <= x1:  # the central meridian is x = 0 in the drawing CRS
        convergence = 0.0
    else:
        px, py = x0 + x * (x1 - x0), y0 + y * (y1 - y0)
        lon, lat = Transformer.from_crs(_crs(), "EPSG:4326", always_xy=True).transform(px, py)
        convergence = Proj(_crs()).get_factors(lon, lat).meridian_convergence  # degrees
    theta = math.radians(90 + convergence)
    dx, dy = size * math.cos(theta), size * math.sin(theta) * ax.bbox.width / ax.bbox.height
    ax.annotate(
        "",
        xy=(x + dx / 2, y + dy / 2),
        xytext=(x - dx / 2, y - dy / 2),
        xycoords="axes fraction",
        arrowprops={"arrowstyle": "-|>,head_width=0.35,head_length=0.7", "color": "black", "lw": 0.8},
        zorder=20,
        gid="north-arrow",
    )
    ax.text(
        x + dx / 2,
        y + dy / 2 + 0.008,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=7,
        fontweight="bold",
        zorder=20,
        gid="north-arrow-label",
        path_effects=_halo(),
    )
    return ax


def _nice_length(width_m: float) -> float:
    target = width_m / 5 / 1000
    for km in (1000, 500, 400, 300, 250, 200, 150, 100, 50, 25, 20, 10, 5):
        if km <= target:
            return float(km)
    return 5.0


def add_scale_bar(ax: Axes, *, length_km: float | None = None, x: float = 0.05, y: float = 0.05) -> Axes:
    """Draw a metric scale bar, exact at its latitude, at axes fraction (x, y).

    The bar's projected length is ``length × k``, where ``k`` is the projection's scale
    factor along the parallel at the bar's midpoint, so the bar measures ``length`` on the
    ground where it stands. Its ends and length are stored on the artist
    (``ax.scale_bar``) for checks.
    """
    from matplotlib.patches import Rectangle
    from pyproj import Proj, Transformer

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = length_km or _nice_length(x1 - x0)
    bx, by = x0 + x * (x1 - x0), y0 + y * (y1 - y0)
    crs = _crs()
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    proj = Proj(crs)
    lon, lat = inv.transform(bx, by)
    k = proj.get_factors(lon, lat).parallel_scale
    length = km * 1000 * k
    # Refine at the bar's midpoint.
    lon_mid, lat_mid = inv.transform(bx + length / 2, by)
    k = proj.get_factors(lon_mid, lat_mid).parallel_scale
    length = km * 1000 * k
    height_pt = ax.get_window_extent().height * 72 / ax.get_figure(root=True).dpi  # type: ignore[union-attr]
    h = (y1 - y0) * 2.2 / max(height_pt, 1.0)
    for i in range(4):
        ax.add_patch(
            Rectangle(
                (bx + i * length / 4, by),
                length / 4,
                h,
                facecolor="black" if i % 2 == 0 else "white",
                edgecolor="black",
                linewidth=0.5,
                zorder=20,
                gid="scale-bar",
                path_effects=_halo(1.5),
            )
        )
    wide = length / (x1 - x0) >= 0.25
    marks = ((0, "0"), (0.5, f"{km / 2:g}"), (1, f"{km:g}")) if wide else ((0, "0"), (1, f"{km:g}"))
    for frac, text in marks:
        ax.text(
            bx + frac * length,
            by + 1.5 * h,
            text,
            ha="center",
            va="bottom",
            fontsize=TEXT_PT,
            zorder=20,
            gid="scale-bar-label",
            path_effects=_halo(),
        )
    # The unit follows the last number on its line (DejaVu digits are 0.64 em wide).
    ax.annotate(
        "km",
        xy=(bx + length, by + 1.5 * h),
        xytext=(len(f"{km:g}") * 0.32 * TEXT_PT + 1.5, 0),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=TEXT_PT,
        zorder=20,
        gid="scale-bar-label",
        path_effects=_halo(),
    )
    ax.scale_bar = {"x0": bx, "x1": bx + length, "y": by, "km": km, "crs": crs}  # type: ignore[attr-defined]
    return ax


def _places(points: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Group records by place: same coordinates to about 100 m (a city placement is one place).

    Returns
    -------
    places : pandas.DataFrame
        One row per place, sorted by position: ``x``, ``y`` (projected), ``n`` records,
        ``area`` (sum of the records' size factors), ``uncertain`` (any record of low
        confidence), ``coarse`` (all placed by province or region only).
    place_of : numpy.ndarray
        The place of each record (row of ``places``).
    """
    x, y = _project_points(points["lon"].to_numpy(), points["lat"].to_numpy())
    frame = pd.DataFrame(
        {
            "kx": np.round(x / 100).astype(np.int64),
            "ky": np.round(y / 100).astype(np.int64),
            "x": x,
            "y": y,
            "uncertain": points["uncertain"].to_numpy(dtype=bool),
            "coarse": points["coarse"].to_numpy(dtype=bool),
            "size": points["size"].to_numpy(dtype=float),
        }
    )
    grouped = frame.groupby(["kx", "ky"], sort=True)
    places = grouped.agg(
        x=("x", "mean"),
        y=("y", "mean"),
        n=("x", "size"),
        area=("size", "sum"),
        uncertain=("uncertain", "any"),
        coarse=("coarse", "all"),
    ).reset_index(drop=True)
    return places, grouped.ngroup().to_numpy()


def _members(place_of: np.ndarray, count: int) -> list[np.ndarray]:
    """Record positions of each place, in record order (one pass, no loop over records)."""
    order = np.argsort(place_of, kind="stable")
    bounds = np.cumsum(np.bincount(place_of, minlength=count))[:-1]
    return np.split(order, bounds)


def _radius_pt(area: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Symbol radius in points: area proportional to the records at a place, capped."""
    return np.asarray(np.minimum(SYMBOL_PT * scale * np.sqrt(np.maximum(area, 0.05)), SYMBOL_MAX_PT * scale))


def _crowding(places: int) -> float:
    """Symbol scale for a map with this many places: smaller symbols when there are many (0.6 to 1)."""
    return float(np.clip(np.sqrt(80 / max(places, 1)), 0.6, 1.0))


def _data_per_pt(ax: Axes) -> float:
    x0, x1 = ax.get_xlim()
    width_px = ax.get_window_extent().width
    dpi = ax.get_figure(root=True).dpi  # type: ignore[union-attr]
    return float((x1 - x0) / max(width_px, 1.0) * dpi / 72)


def _draw_symbols(
    ax: Axes, spec: MapSpec, places: pd.DataFrame, mix: list[list[tuple[str, int]]], *, scale: float = 1.0
) -> np.ndarray:
    """Draw one symbol per place and return the symbols' radii in points.

    A circle (a diamond if low confidence, a square if coarse), cut as a pie when its
    records fall in several categories.
    """
    from matplotlib.patches import Circle, Polygon, Rectangle, Wedge

    r_pt = _radius_pt(places["area"].to_numpy(), scale)
    k = _data_per_pt(ax)
    edge = {"edgecolor": "#1a1a1a", "linewidth": 0.5}
    # Large symbols first, so that small ones stay visible on top.
    for i in np.argsort(-r_pt, kind="stable"):
        px, py = float(places["x"].iat[i]), float(places["y"].iat[i])
        r = float(r_pt[i]) * k
        if bool(places["coarse"].iat[i]):
            shape: Any = Rectangle((px - 0.9 * r, py - 0.9 * r), 1.8 * r, 1.8 * r)
            kind = "coarse"
        elif bool(places["uncertain"].iat[i]):
            d = 1.25 * r
            shape = Polygon([(px, py + d), (px + d, py), (px, py - d), (px - d, py)], closed=True)
            kind = "uncertain"
        else:
            shape = Circle((px, py), r)
            kind = "certain"
        parts = mix[i]
        z = 16 + float(i) / (10 * max(len(places), 1))
        if len(parts) == 1:
            shape.set(facecolor=spec.colors.get(parts[0][0], UNKNOWN_COLOR), zorder=z, gid=f"place-{kind}", **edge)
            ax.add_artist(shape)
            continue
        shape.set(facecolor="none", zorder=z + 0.01, gid=f"place-{kind}", **edge)
        ax.add_artist(shape)
        total = sum(c for _, c in parts)
        start = 90.0
        for cat, c in parts:
            sweep = 360.0 * c / total
            wedge = Wedge((px, py), 1.5 * r, start - sweep, start, facecolor=spec.colors.get(cat, UNKNOWN_COLOR))
            wedge.set(edgecolor="white", linewidth=0.3, zorder=z, gid="place-wedge")
            ax.add_artist(wedge)
            wedge.set_clip_path(shape)
            start -= sweep
    return r_pt


def _mix(spec: MapSpec, points: pd.DataFrame, place_of: np.ndarray, count: int) -> list[list[tuple[str, int]]]:
    """Count the records per category at each place, in legend order."""
    order = {c: i for i, c in enumerate(spec.colors)}
    table = pd.DataFrame({"place": place_of, "category": points["category"].to_numpy()})
    sizes = table.groupby(["place", "category"], sort=False).size()
    out: list[list[tuple[str, int]]] = [[] for _ in range(count)]
    for (p, cat), c in sizes.items():
        out[int(p)].append((str(cat), int(c)))
    for parts in out:
        parts.sort(key=lambda kv: order.get(kv[0], len(order)))
    return out


def _thousands(n: int, lang: str) -> str:
    """Return ``n`` with thousands separators (a narrow no-break space in French)."""
    return number(n, lang)


def _place_text(names: list[str], city: str, n: int, spec: MapSpec, *, detailed: bool) -> list[str]:
    """Labels of a place, in order of preference: its name(s), narrower, then "City: 8 records"."""
    cleaned = sorted(clean_name(v) for v in names if clean_name(v))
    summary = spec.texts["n_records" if n != 1 else "one_record"].format(n=_thousands(n, spec.lang))
    if city:
        summary = f"{clean_name(city, 24)}: {summary}"
    options: list[str] = []
    joined = ", ".join(cleaned)
    if n == 1 and cleaned:
        options = [joined, textwrap.fill(joined, 20)]
    elif detailed and n <= 8 and cleaned:
        options = [textwrap.fill(joined, 30), textwrap.fill(joined, 18)]
    elif n <= 3 and len(joined) <= 36 and cleaned:
        options = [joined, textwrap.fill(joined, 18)]
    if n > 1 or not options:
        options.append(summary)
    if city and n > 1:
        options.append(textwrap.fill(summary, 14))
    return list(dict.fromkeys(options))


def _measure(fig: Figure, texts: list[list[str]], renderer: Any) -> list[np.ndarray]:
    """Width and height (display units) of each text at the label size, measured once per distinct text."""
    from matplotlib.text import Text

    probe = Text(0, 0, "", fontsize=TEXT_PT, ha="left", va="bottom", parse_math=False)
    probe.set_figure(fig)
    cache: dict[str, tuple[float, float]] = {}
    out = []
    for options in texts:
        for text in options:
            if text not in cache:
                probe.set_text(text)
                box = probe.get_window_extent(renderer)
                cache[text] = (box.width, box.height)
        out.append(np.array([cache[t] for t in options], dtype=float))
    return out


def _box(artist: Any, renderer: Any, grow: float = 1.0) -> tuple[float, float, float, float]:
    b = artist.get_window_extent(renderer)
    return (b.x0 - grow, b.y0 - grow, b.x1 + grow, b.y1 + grow)


@dataclass
class _Layer:
    """What was drawn on one map frame: its places and which of them were labelled."""

    places: pd.DataFrame
    options: list[list[str]]
    keys: list[str]
    labelled: int = 0
    candidates: int = 0
    key: list[str] = field(default_factory=list)
    #: Radius (pt) of each place's symbol, once drawn.
    radii: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _label_places(
    ax: Axes,
    layer: _Layer,
    *,
    obstacles: list[tuple[float, float, float, float]],
    skip: np.ndarray | None = None,
    numbered: bool | None = None,
    limit: int | None = None,
    start: int = 0,
    covered: list[tuple[float, float, float, float]] | None = None,
) -> None:
    """Label the places of one frame with the collision-free engine; numbers and a key when crowded.

    The symbols' radii are the layer's (``layer.radii``, in points).
    """
    from ._labels import Spacing, place_labels

    fig = ax.get_figure(root=True)
    renderer = fig.canvas.get_renderer()  # type: ignore[union-attr]
    places = layer.places
    xy = ax.transData.transform(np.column_stack([places["x"].to_numpy(), places["y"].to_numpy()]))
    frame = ax.get_window_extent(renderer)
    inside = (xy[:, 0] > frame.x0) & (xy[:, 0] < frame.x1) & (xy[:, 1] > frame.y0) & (xy[:, 1] < frame.y1)
    want = inside.copy()
    for bx0, by0, bx1, by1 in covered or []:  # markers under an inset are labelled there, or not at all
        want &= ~((xy[:, 0] > bx0) & (xy[:, 0] < bx1) & (xy[:, 1] > by0) & (xy[:, 1] < by1))
    if skip is not None:
        want &= ~skip
    # Priority: most records first, then by label text (deterministic).
    idx = np.flatnonzero(want)
    idx = np.array(sorted(idx, key=lambda i: (-int(places["n"].iat[i]), layer.options[i][0])), dtype=int)
    layer.candidates = len(idx)
    if numbered is None:
        numbered = len(idx) > (NUMBER_ABOVE if limit is None else limit)
    if numbered:
        idx = idx[: max(0, KEY_MAX - start)]
    elif limit is not None:
        idx = idx[:limit]
    if not len(idx):
        return
    px_per_pt = fig.dpi / 72  # type: ignore[union-attr]
    texts = [[str(start + j + 1)] if numbered else layer.options[i] for j, i in enumerate(idx)]
    sizes = _measure(fig, texts, renderer)  # type: ignore[arg-type]
    radii_pt = layer.radii
    markers = np.column_stack([xy[:, 0], xy[:, 1], radii_pt * px_per_pt * 1.25])
    result = place_labels(
        xy[idx],
        radii_pt[idx] * px_per_pt * 1.25,
        sizes,
        frame=(frame.x0, frame.y0, frame.x1, frame.y1),
        markers=markers,
        owners=idx,
        obstacles=obstacles,
        spacing=Spacing(gap=1.2 * px_per_pt, pad=1.0 * px_per_pt),
    )
    _draw_labels(
        ax, layer, [(int(idx[j]), texts[j], placed) for j, placed in enumerate(result)], start, numbered=numbered
    )


def _draw_labels(
    ax: Axes, layer: _Layer, results: list[tuple[int, list[str], Any]], start: int, *, numbered: bool
) -> None:
    """Draw the placed labels (place, its texts, its :class:`~clusteratlas._labels.Placement` or None) and leaders."""
    from matplotlib.lines import Line2D

    places = layer.places
    to_data = ax.transData.inverted()
    number = start
    for i, texts, placed in results:
        if placed is None:
            continue
        x0, y0, x1, _ = placed.box
        tx = {"left": x0, "right": x1, "center": (x0 + x1) / 2}[placed.ha]
        dx, dy = to_data.transform((tx, y0))
        label = texts[placed.option]
        if numbered:
            number += 1
            label = str(number)
            layer.key.append(f"{number} {layer.keys[i]}")
        artist = ax.text(
            dx,
            dy,
            label,
            ha=placed.ha,
            va="bottom",
            multialignment=placed.ha,
            fontsize=TEXT_PT,
            zorder=18,
            gid="cluster-label",
            parse_math=False,
            path_effects=_halo(),
        )
        artist.place_xy = (float(places["x"].iat[i]), float(places["y"].iat[i]))  # type: ignore[attr-defined]
        if placed.leader is not None:
            (a, b), (c, d) = to_data.transform([placed.leader[:2], placed.leader[2:]])
            ax.add_line(Line2D([a, c], [b, d], color="#4d4d4d", linewidth=0.4, zorder=17, gid="label-leader"))
        layer.labelled += 1


def _place_layer(spec: MapSpec, points: pd.DataFrame, *, detailed: bool) -> tuple[_Layer, list[list[tuple[str, int]]]]:
    places, place_of = _places(points)
    members = _members(place_of, len(places))
    names = points["label"].to_numpy()
    places["name"] = _place_names(points, place_of, len(places))
    options, keys = [], []
    for m, city in zip(members, places["name"], strict=True):
        options.append(_place_text(list(names[m]), city, len(m), spec, detailed=detailed))
        keys.append(_place_text(list(names[m]), city, len(m), spec, detailed=False)[0].replace("\n", " "))
    return _Layer(places=places, options=options, keys=keys), _mix(spec, points, place_of, len(places))


def _most_common(place_of: np.ndarray, values: pd.Series, count: int) -> pd.Series:
    """Return the most common non-empty value at each place (ties: the first in sort order), NA where none."""
    table = pd.DataFrame({"place": place_of, "value": values.astype("string").fillna("").to_numpy()})
    table = table[table["value"].str.strip().ne("")]
    sizes = table.groupby(["place", "value"], sort=True).size().rename("n").reset_index()
    sizes = sizes.sort_values(["place", "n", "value"], ascending=[True, False, True], kind="mergesort")
    best = sizes.drop_duplicates("place").set_index("place")["value"]
    return best.reindex(range(count)).astype("string")


def _place_names(points: pd.DataFrame, place_of: np.ndarray, count: int) -> np.ndarray:
    """Name each place: its gazetteer name when the geocoder matched one, else the data's most common spelling."""
    empty = pd.Series("", index=points.index)
    canonical = _most_common(place_of, points.get("place", empty), count)
    spelled = _most_common(place_of, points.get("city", empty), count)
    return np.asarray(canonical.fillna(spelled).fillna("").to_numpy(dtype=object))


#: On a density map, the places with the most records are marked with a dot and named.
DENSITY_LABELS = 12
DOT_PT = 1.6


def _top_places(spec: MapSpec, points: pd.DataFrame, k: int) -> tuple[_Layer, int]:
    """Return the layer of the ``k`` places with the most records (ties by position) and the number of places."""
    places, place_of = _places(points)
    order = np.lexsort((places["y"].to_numpy(), places["x"].to_numpy(), -places["n"].to_numpy()))[:k]
    layer, _ = _place_layer(spec, points[np.isin(place_of, order)], detailed=False)
    return layer, len(places)


def _dense_group(x: np.ndarray, y: np.ndarray, n: np.ndarray, radius: float, minimum: int = 4) -> np.ndarray:
    """Return the places within ``radius`` of the place with the most records around it.

    Empty when fewer than ``minimum`` records or a single place would be shown.
    """
    if len(x) < 2:
        return np.array([], dtype=int)
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    near = d <= radius
    records = (near * n[None, :]).sum(axis=1)
    places = near.sum(axis=1)
    ok = places >= 2
    if not ok.any():
        return np.array([], dtype=int)
    records = np.where(ok, records, -1)
    best = int(np.argmax(records))  # first of the densest: deterministic
    if records[best] < minimum:
        return np.array([], dtype=int)
    return np.flatnonzero(near[best])


def _empty_corner(
    ax: Axes, size: tuple[float, float], places: pd.DataFrame, corners: list[tuple[float, float]]
) -> tuple[float, float]:
    """Return the corner (axes fraction of the lower-left point) whose box covers the least land and fewest places."""
    import shapely

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    land = _land()
    best, score = corners[0], math.inf
    for cx, cy in corners:
        bx0, by0 = x0 + cx * (x1 - x0), y0 + cy * (y1 - y0)
        bx1, by1 = bx0 + size[0] * (x1 - x0), by0 + size[1] * (y1 - y0)
        covered = shapely.box(bx0, by0, bx1, by1).intersection(land).area / ((bx1 - bx0) * (by1 - by0))
        hidden = 0
        if len(places):
            px, py = places["x"].to_numpy(), places["y"].to_numpy()
            hidden = int(((px > bx0) & (px < bx1) & (py > by0) & (py < by1)).sum())
        s = covered + hidden
        if s < score - 1e-9:
            best, score = (cx, cy), s
    return best


def _detail_inset(
    ax: Axes, spec: MapSpec, group: pd.DataFrame, *, shaded: bool, corner: tuple[float, float], w_frac: float
) -> tuple[Axes, tuple[float, float, float, float]]:
    """Draw an enlarged view of a crowded group of places at an empty corner of the frame."""
    from matplotlib.patches import Rectangle

    x, y = group["x"].to_numpy(), group["y"].to_numpy()
    cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    half = max(x.max() - x.min(), y.max() - y.min()) / 2 * 1.25 + 25_000
    pos = ax.get_position()
    fig_w, fig_h = ax.get_figure(root=True).get_size_inches()  # type: ignore[union-attr]
    h_frac = w_frac * (pos.width * fig_w) / (pos.height * fig_h)  # square on paper
    inset = ax.inset_axes((corner[0], corner[1], w_frac, h_frac), gid="detail-inset", zorder=30)
    _draw_regions(inset, spec, shaded=shaded, provinces=True)
    inset.set_xlim(cx - half, cx + half)
    inset.set_ylim(cy - half, cy + half)
    for side in inset.spines.values():
        side.set_edgecolor(DETAIL_COLOR)
        side.set_linewidth(0.8)
    ax.add_patch(
        Rectangle(
            (cx - half, cy - half),
            2 * half,
            2 * half,
            fill=False,
            edgecolor=DETAIL_COLOR,
            linewidth=0.7,
            zorder=24,
            gid="detail-frame",
        )
    )
    return inset, (cx - half, cx + half, cy - half, cy + half)


def _inset_title(inset: Axes, text: str) -> Any:
    return inset.text(
        0.02,
        0.98,
        text,
        transform=inset.transAxes,
        ha="left",
        va="top",
        fontsize=TEXT_PT,
        zorder=30,
        gid="inset-title",
        parse_math=False,
        bbox={"boxstyle": "square,pad=0.25", "facecolor": "white", "edgecolor": "none", "alpha": 0.92},
    )


def _scale_denominator(ax: Axes) -> int:
    """Nominal scale 1:N of a map frame (at the projection's standard parallels), rounded to two digits."""
    x0, x1 = ax.get_xlim()
    width_m = ax.get_window_extent().width / ax.get_figure(root=True).dpi * 0.0254  # type: ignore[union-attr]
    n = (x1 - x0) / max(width_m, 1e-9)
    digits = max(0, math.floor(math.log10(n)) - 1)
    return int(round(n / 10**digits) * 10**digits)


def _density(ax: Axes, x: np.ndarray, y: np.ndarray, spec: MapSpec) -> list[Any]:
    """Draw records per hexagon in the projected CRS, in at most six classes; return the legend handles."""
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = _nice_length((x1 - x0) / 9)  # about 45 hexagons across the frame
    gridsize = max(4, round((x1 - x0) / (km * 1000)))
    steps = [1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
    hb = ax.hexbin(
        x,
        y,
        gridsize=gridsize,
        extent=(x0, x1, y0, y1),
        mincnt=1,
        linewidths=0.2,
        edgecolors="white",
        zorder=14,
        gid="density",
    )
    values = np.asarray(hb.get_array(), dtype=float)
    top = int(values.max()) if len(values) else 1
    uppers = [*[s for s in steps if s < top][-5:], top]
    lowers = [1, *[u + 1 for u in uppers[:-1]]]
    colors = DENSITY_RAMP[len(DENSITY_RAMP) - len(uppers) :] if len(uppers) < len(DENSITY_RAMP) else DENSITY_RAMP
    bounds = [0.5, *[u + 0.5 for u in uppers]]
    hb.set_cmap(ListedColormap(list(colors)))
    hb.set_norm(BoundaryNorm(bounds, len(colors)))

    def label(lo: int, hi: int) -> str:
        a, b = number(lo, spec.lang), number(hi, spec.lang)
        return a if lo == hi else f"{a}–{b}"

    handles: list[Any] = [
        Patch(facecolor=c, edgecolor="#666666", linewidth=0.3, label=label(lo, hi))
        for c, lo, hi in zip(colors, lowers, uppers, strict=True)
    ]
    ax.density = {"km": km, "gridsize": gridsize, "cells": len(values)}  # type: ignore[attr-defined]
    return handles


def _legend_handles(spec: MapSpec, groups: tuple[str, ...]) -> list[Any]:
    """Draw the spec's legend items of ``groups`` (:meth:`MapSpec.legend_items`) as matplotlib handles."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    markers = {"circle": ("o", 5.2), "diamond": (UNCERTAIN_MARKER, 5.0), "box": ("s", 4.8)}
    handles: list[Any] = []
    for item in spec.legend_items():
        if item.group not in groups:
            continue
        label = _plain(item.text)
        if item.marker == "patch":
            handles.append(Patch(facecolor=item.color, edgecolor="#3a3a3a", linewidth=0.4, label=label))
        elif item.marker in ("line", "blank"):
            style = cast(Any, item.line_style or "")
            handles.append(Line2D([], [], color=item.color, linestyle=style, linewidth=item.line_width, label=label))
        else:
            marker, size = markers[item.marker]
            handles.append(_symbol(marker, size, item.color, label))
    return handles


def _symbol(marker: str, size: float, face: str, label: str) -> Any:
    """Return a legend handle showing one point symbol."""
    from matplotlib.lines import Line2D

    return Line2D(
        [],
        [],
        marker=marker,
        linestyle="",
        markersize=size,
        markerfacecolor=face,
        markeredgecolor="#1a1a1a",
        markeredgewidth=0.5,
        label=_plain(label),
    )


def _point_handles(spec: MapSpec, layer: _Layer | None) -> list[Any]:
    """Return the points' legend: the spec's categories and flags, then this figure's symbol sizes."""
    handles = _legend_handles(spec, ("categories", "flags"))
    if spec.size_by is not None:
        return handles  # the column's own size key is a legend of its own (_size_handles)
    if layer is not None and len(layer.places) and int(layer.places["n"].max()) > 1:
        top = int(layer.places["n"].max())
        steps = sorted({1, max(1, round(top / 4)), top}) if top > 2 else [1, top]
        for n in steps:
            r = float(_radius_pt(np.array([float(n)]), _crowding(len(layer.places)))[0])
            text = spec.texts["n_records" if n != 1 else "one_record"].format(n=_thousands(n, spec.lang))
            handles.append(_symbol("o", 2 * r, "white", text))
    return handles


def _nice(value: float) -> float:
    """Round to two significant digits (1 234 -> 1 200)."""
    if value <= 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(value)) - 1)
    return float(max(step, round(value / step) * step))


def _size_handles(spec: MapSpec, layer: _Layer | None) -> list[Any]:
    """Return the size key of ``--size-by`` (its own legend): symbols for totals of that column at a place."""
    if layer is None or not len(layer.places) or spec.size_by is None:
        return []
    unit = size_unit(spec.points, spec.size_by)
    scale = _crowding(len(layer.places))
    top = float(layer.places["area"].max()) * unit
    # Symbols stop growing at SYMBOL_MAX_PT: the key goes up to the total where they do, "≥" it.
    capped = (SYMBOL_MAX_PT / (SYMBOL_PT * scale)) ** 2 * unit
    last = min(top, capped)
    steps = sorted({v for v in (_nice(last / 10), _nice(last / 3), _nice(last)) if v > 0})
    handles = []
    for total in steps:
        r = float(_radius_pt(np.array([total / unit]), scale)[0])
        shown = value_text(total, "number", spec.lang)
        if top > capped and total == steps[-1]:
            shown = f"≥ {shown}"
        handle = _symbol("o", 2 * r, "white", shown)
        handle.size_key = True
        handles.append(handle)
    return handles


def _class_handles(spec: MapSpec) -> list[Any]:
    from matplotlib.patches import Patch

    handles = _legend_handles(spec, ("classes",))
    few = _few_record_codes(spec)
    if few:
        label = f"{spec.texts['few_hatched'].format(k=FEW_RECORDS)} ({len(few)})"
        handles.append(
            Patch(facecolor="white", edgecolor=FEW_HATCH_COLOR, hatch=FEW_HATCH, linewidth=0.4, label=_plain(label))
        )
    return handles


def _draw_zones(ax: Axes, spec: MapSpec) -> list[Any]:
    """Outline the spec's zones (its ``zones`` legend items drawn as lines); return the zones' legend handles."""
    from matplotlib.collections import LineCollection

    for item in spec.legend_items():
        lines = _zone_lines(tuple(sorted(item.regions))) if item.marker == "line" else ()
        if lines:
            style = cast(Any, item.line_style)
            width = item.line_width
            outline = LineCollection(list(lines), colors=item.color, linewidths=width, linestyles=style, zorder=6)
            outline.set_gid("zone-outline")
            ax.add_collection(outline)
    return _legend_handles(spec, ("zones",))


def _key_room(handles: list[Any]) -> dict[str, float]:
    """Return legend spacing that gives a size key's symbols their width and height (others: the usual)."""
    sizes = [h.get_markersize() for h in handles if getattr(h, "size_key", False)]
    if not sizes:
        return {"handletextpad": 0.5, "labelspacing": 0.35}
    widest = max(sizes) / TEXT_PT  # in font sizes (em)
    return {"handletextpad": 0.5, "labelspacing": max(0.35, widest - 0.9), "handlelength": max(2.0, widest + 0.2)}


def _stack_legends(ax: Axes, groups: list[tuple[list[Any], str, str]]) -> list[Any]:
    """Stack legends inside the frame from its lower-right corner upwards, then leftwards in columns."""
    fig = ax.get_figure(root=True)
    renderer = fig.canvas.get_renderer()  # type: ignore[union-attr]
    frame = ax.get_window_extent(renderer)
    margin = 4 * fig.dpi / 72  # type: ignore[union-attr]

    def frac(x: float, y: float) -> tuple[float, float]:
        return (x - frame.x0) / frame.width, (y - frame.y0) / frame.height

    right, bottom, column_left = frame.x1 - margin, frame.y0 + margin, frame.x1 - margin
    legends = []
    for handles, title, gid in groups:
        if not handles:
            continue
        legend = ax.legend(
            handles=handles,
            title=_plain(title),
            loc="lower right",
            bbox_to_anchor=frac(right, bottom),
            bbox_transform=ax.transAxes,
            frameon=True,
            fancybox=False,
            framealpha=0.92,
            edgecolor="#9a9a9a",
            borderpad=0.5,
            alignment="left",
            fontsize=TEXT_PT,
            title_fontsize=7,
            **_key_room(handles),
        )
        legend.get_frame().set_linewidth(0.35)
        legend.set_gid(gid)
        legend.set_zorder(40)
        ax.add_artist(legend)
        box = legend.get_window_extent(renderer)
        if box.y1 > frame.y1 - margin and bottom > frame.y0 + margin + 1:
            # Too tall for this column: start a new one to the left.
            right, bottom = column_left - margin, frame.y0 + margin
            legend.set_bbox_to_anchor(frac(right, bottom), transform=ax.transAxes)
            box = legend.get_window_extent(renderer)
        column_left = min(column_left, box.x0)
        bottom = box.y1 + margin
        legends.append(legend)
    ax.legend_ = None
    return legends


def _caption_text(spec: MapSpec, extra: list[str], key: list[str], width_pt: float) -> str:
    lines = [spec.source]
    lines.append(unplaced_caption(spec))
    lines += [e for e in extra if e]
    few = few_record_regions(spec)
    if few:
        lines.append(spec.texts["few"].format(k=FEW_RECORDS, names=", ".join(few)))
    if key:
        lines.append(f"{spec.texts['key']}: " + "; ".join(key) + ".")
    return "\n".join(wrap_text(clean_name(line, 4000), width_pt) for line in lines if line)


@cache
def _text_renderer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, 72)  # type: ignore[no-untyped-call]


@cache
def _word_width(word: str, size: float) -> float:
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=STYLE["font.family"], size=size)
    width, _, _ = _text_renderer().get_text_width_height_descent(word, prop, ismath=False)
    return float(width)


def wrap_text(text: str, width_pt: float, size: float = TEXT_PT) -> str:
    """Wrap text into lines no wider than ``width_pt`` points, measured with the figure font.

    A word wider than a line is cut with an ellipsis.
    """
    space = _word_width("a b", size) - _word_width("ab", size)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split():
        w = _word_width(word, size)
        while w > width_pt and len(word) > 2:
            word = word[: max(1, int(len(word) * width_pt / w) - 2)] + "…"
            w = _word_width(word, size)
        extra = w if not current else used + space + w
        if current and extra > width_pt:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            current.append(word)
            used = extra
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines)


def _caption_width(width_mm: float) -> float:
    """Usable caption width in points: the figure's width less margins, with 3% to spare for kerning."""
    return (width_mm - 5) / 25.4 * 72 * 0.97


#: Height of one caption line (6.5 pt type, line spacing 1.25).
CAPTION_LINE_MM = 2.9


def _trim(fig: Figure, mm: float) -> None:
    """Cut ``mm`` off the bottom of a figure (add room if negative), every axes and text kept at its place."""
    if mm == 0:
        return
    w, h = fig.get_size_inches()
    new_h = h - _mm(mm)
    ratio = h / new_h
    for ax in fig.axes:
        x0, y0, width, height = ax.get_position().bounds
        top = 1 - (1 - (y0 + height)) * ratio
        ax.set_position((x0, top - height * ratio, width, height * ratio))
    for text in [*fig.texts, getattr(fig, "_suptitle", None)]:
        if text is not None:
            x, y = text.get_position()
            text.set_position((x, 1 - (1 - y) * ratio))
    if hasattr(fig, "caption_top"):
        fig.caption_top = 1 - (1 - fig.caption_top) * ratio
    fig.set_size_inches(w, new_h)


def _map_title(spec: MapSpec, width_mm: float, *, shaded: bool) -> str:
    """Return the map's title; a per-capita choropleth's says what it shows, on a second line if need be."""
    if not (shaded and spec.value == "per-capita"):
        return _plain(spec.title)
    what = spec.legend_title()
    joined = spec.texts["labelled_value"].format(label=spec.title, value=what[:1].lower() + what[1:])
    if _word_width(joined, 9) * 1.12 <= _caption_width(width_mm):  # bold type is about 12% wider
        return _plain(joined)
    return _plain(f"{spec.title}\n{what}")


def _map_figure(
    spec: MapSpec, ext: tuple[float, float, float, float], *, width_mm: float, caption_lines: int, shaded: bool
) -> Any:
    import matplotlib.pyplot as plt

    title = _map_title(spec, width_mm, shaded=shaded)
    aspect = (ext[3] - ext[2]) / (ext[1] - ext[0])
    extra_mm = 4.2 * title.count("\n")
    title_mm = (12.5 if spec.subtitle else 8.5) + extra_mm
    caption_mm = 2.0 + CAPTION_LINE_MM * caption_lines
    map_w = width_mm - 3
    map_h = map_w * aspect
    room = MAX_HEIGHT_MM - title_mm - caption_mm - 1
    if map_h > room:
        map_h, map_w = room, room / aspect
    height = title_mm + map_h + caption_mm + 1
    fig = plt.figure(figsize=(_mm(width_mm), _mm(height)))
    left = (width_mm - map_w) / 2 / width_mm
    ax = fig.add_axes((left, caption_mm / height, map_w / width_mm, map_h / height), gid="map")
    fig.suptitle(title, x=left, y=1 - 2 / height, ha="left", va="top", fontsize=9, fontweight="bold")
    if spec.subtitle:
        fig.text(
            left,
            1 - (7.0 + extra_mm) / height,
            spec.subtitle,
            ha="left",
            va="top",
            fontsize=7,
            color="#333333",
            gid="subtitle",
            parse_math=False,
        )
    fig.caption_top = (caption_mm - 1.2) / height  # type: ignore[attr-defined]
    fig.caption_left = left  # type: ignore[attr-defined]
    return fig, ax


def plot_points(
    spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM, south: str = "frame", labels: bool = True
) -> Axes:
    """Draw the placed records, one symbol per place, coloured by category and labelled, over the regions.

    Records at one place (the same coordinates, or the same city) share one symbol whose
    area grows with their number, cut as a pie when they fall in several categories.
    Labels never overlap each other, a symbol, an inset, the legend or the frame: each goes
    to the first free position around its symbol (greedy, most records first), else it is
    dropped and the caption says how many places are labelled. With more than
    :data:`NUMBER_ABOVE` places, the symbols are numbered and keyed in the caption; with
    more than :data:`~clusteratlas.mapspec.DENSITY_PLACES` places, the records are shown as
    a density per hexagon. Where four or more records crowd together, a detail inset at an
    empty corner shows them enlarged, at their own positions.

    Parameters
    ----------
    spec : MapSpec
        From :func:`clusteratlas.mapspec.map_spec`.
    ax : matplotlib Axes, optional
        Draw here (no caption); a new figure otherwise.
    width_mm : float
        Width of a new figure.
    south : {"frame", "inset"}
        All 12 regions in the main frame (default), or the southern two in an inset at
        their own, stated scale.
    labels : bool
        Label the places.

    Returns
    -------
    matplotlib Axes
    """
    return _map(spec, ax, width_mm=width_mm, south=south, shaded=False, points=True, labels=labels, zones=False)


def plot_choropleth(spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Axes:
    """Shade the regions by the spec's value in its classes, with a legend giving counts per class."""
    return _map(spec, ax, width_mm=width_mm, south=south, shaded=True, points=False, labels=False, zones=False)


def plot_combined(
    spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM, south: str = "frame", zones: bool = True
) -> Axes:
    """Redraw the study's Figure 3: choropleth, points and (optionally) zone outlines with their shares."""
    return _map(spec, ax, width_mm=width_mm, south=south, shaded=True, points=True, labels=True, zones=zones)


@dataclass
class _MapRun:
    """One map being drawn: what it shows and what has been placed on it so far."""

    spec: MapSpec
    ax: Axes
    renderer: Any
    pts: pd.DataFrame
    south: str
    shaded: bool
    labels: bool
    dense: bool
    layer: _Layer | None
    mix: list[list[tuple[str, int]]]
    obstacles: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: Each inset: its axes, its layer of places and its title artist.
    insets: list[tuple[Axes, _Layer, Any]] = field(default_factory=list)
    detail_box: tuple[float, float, float, float] | None = None
    density_handles: list[Any] = field(default_factory=list)
    top_layer: _Layer | None = None
    total_places: int = 0


def _map(
    spec: MapSpec,
    ax: Axes | None,
    *,
    width_mm: float,
    south: str,
    shaded: bool,
    points: bool,
    labels: bool,
    zones: bool,
) -> Axes:
    if south not in ("inset", "frame"):
        msg = f"south must be 'inset' or 'frame', not {south!r}."
        raise InputError(msg)
    ext = _extent(south)
    pts = spec.points if points else spec.points.iloc[:0]
    dense = place_count(pts) > DENSITY_PLACES
    layer, mix = (None, []) if dense or pts.empty else _place_layer(spec, pts, detailed=False)
    width_chars = _caption_width(width_mm)
    caption_lines = _caption_reserve(spec, layer, width_chars, labelled=points and labels)
    fig = None
    if ax is None:
        fig, ax = _map_figure(spec, ext, width_mm=width_mm, caption_lines=caption_lines, shaded=shaded)
    assert ax is not None
    _draw_regions(ax, spec, shaded=shaded)
    ax.set_xlim(ext[0], ext[1])
    ax.set_ylim(ext[2], ext[3])
    ax.set_aspect("equal", adjustable="box")
    zone_handles = _draw_zones(ax, spec) if zones else []
    root = ax.get_figure(root=True)
    run = _MapRun(spec, ax, root.canvas.get_renderer(), pts, south, shaded, labels, dense, layer, mix)  # type: ignore[union-attr]
    # Insets first: they decide which places the main frame leaves to them.
    if south == "inset":
        _south_inset(run)
    if layer is not None and labels:
        _crowd_inset(run, ext)
    _draw_records(run)
    add_north_arrow(ax, x=0.955, y=0.9)
    if south == "frame":
        add_scale_bar(ax, x=0.03, y=0.03)
    else:
        add_scale_bar(ax, x=0.35, y=0.03)
    groups = _legend_groups(run, zone_handles, points=points)
    legends = _stack_legends(ax, list(reversed(groups)))
    run.obstacles += [_box(leg, run.renderer, 2) for leg in legends]
    for artist in ax.get_children():
        gid = artist.get_gid() or ""
        if gid.startswith(("scale-bar", "north-arrow")):
            run.obstacles.append(_box(artist, run.renderer, 2))
    labelled, candidates, key = _label_map(run)
    for each in root.axes:  # type: ignore[union-attr]  # geopandas labels projected axes "Easting [metre]"
        each.set_xlabel("")
        each.set_ylabel("")
    ax.layers = {"main": layer, "insets": [i[1] for i in run.insets]}  # type: ignore[union-attr]
    if fig is None:
        return ax
    lines = []
    if points and labels and (layer is not None or run.top_layer is not None):
        if run.top_layer is not None:
            top = len(run.top_layer.places)
            lines.append(spec.texts["density_named"].format(k=labelled, top=top, n=_thousands(candidates, spec.lang)))
        else:
            tmpl = "labelled_all" if labelled == candidates else "labelled"
            lines.append(spec.texts[tmpl].format(k=labelled, n=candidates))
    _write_caption(fig, _caption_text(spec, lines, key, width_chars), caption_lines)
    return ax


def _caption_reserve(spec: MapSpec, layer: _Layer | None, width_pt: float, *, labelled: bool) -> int:
    """Return the most lines the caption can take (the key is known only after placement)."""
    reserve_key: list[str] = []
    extra = [spec.texts["labelled"].format(k=0, n=0)] if labelled else []
    if layer is not None and labelled and len(layer.places) > NUMBER_ABOVE:
        # The longest the key can be: the KEY_MAX longest labels (the figure is trimmed afterwards).
        longest = sorted(layer.keys, key=len, reverse=True)
        reserve_key = [f"{j + 1} {text}" for j, text in enumerate(longest[:KEY_MAX])]
    return _caption_text(spec, extra, reserve_key, width_pt).count("\n") + 1


def _write_caption(fig: Figure, text: str, reserved_lines: int) -> None:
    """Trim the caption room left unused and write the caption under the map."""
    _trim(fig, (reserved_lines - (text.count("\n") + 1)) * CAPTION_LINE_MM)
    fig.text(
        fig.caption_left,  # type: ignore[attr-defined]
        fig.caption_top,  # type: ignore[attr-defined]
        text,
        fontsize=TEXT_PT,
        color="#333333",
        ha="left",
        va="top",
        gid="source-line",
        parse_math=False,
        linespacing=1.25,
    )


def _south_inset(run: _MapRun) -> None:
    """Draw the pack's inset regions in an inset at the lower left, at their own stated scale, with their places."""
    spec, pts = run.spec, run.pts
    inset_regions = pack().inset_regions
    south_ax = run.ax.inset_axes((0.012, 0.012, 0.3, 0.3), gid="south-inset", zorder=30)
    _draw_regions(south_ax, spec, shaded=run.shaded, provinces=False)
    regions = _projected("region")
    minx, miny, maxx, maxy = regions[regions["region_code"].isin(inset_regions)].total_bounds
    side = max(maxx - minx, maxy - miny) / 2 + 30_000
    mx, my = (minx + maxx) / 2, (miny + maxy) / 2
    south_ax.set_xlim(mx - side, mx + side)
    south_ax.set_ylim(my - side, my + side)
    add_scale_bar(south_ax, x=0.62, y=0.05)
    scale = number(_scale_denominator(south_ax), spec.lang)
    title = _inset_title(south_ax, spec.texts["south_scale"].format(scale=scale))
    sub = pts[pts["region_code"].isin(inset_regions)] if not pts.empty else pts
    if run.layer is not None and not sub.empty:
        s_layer, s_mix = _place_layer(spec, sub, detailed=False)
        s_layer.radii = _draw_symbols(south_ax, spec, s_layer.places, s_mix, scale=0.8)
        run.insets.append((south_ax, s_layer, title))
    run.obstacles.append(_box(south_ax, run.renderer, 3))


def _crowd_inset(run: _MapRun, ext: tuple[float, float, float, float]) -> None:
    """Where places crowd together, draw them enlarged in a detail inset at an empty corner."""
    ax, spec, pts = run.ax, run.spec, run.pts
    assert run.layer is not None
    pl = run.layer.places
    group = _dense_group(pl["x"].to_numpy(), pl["y"].to_numpy(), pl["n"].to_numpy(), radius=0.06 * (ext[1] - ext[0]))
    if not len(group):
        return
    w_frac = 0.32
    pos = ax.get_position()
    fig_w, fig_h = ax.get_figure(root=True).get_size_inches()  # type: ignore[union-attr]
    h_frac = w_frac * (pos.width * fig_w) / (pos.height * fig_h)
    corners = [(0.012, 0.988 - h_frac), (0.988 - w_frac, 0.988 - h_frac)]
    if run.south == "frame":
        corners.append((0.012, 0.012))
    corner = _empty_corner(ax, (w_frac, h_frac), pl, corners)
    inset, run.detail_box = _detail_inset(ax, spec, pl.iloc[group], shaded=run.shaded, corner=corner, w_frac=w_frac)
    bx0, bx1, by0, by1 = run.detail_box
    sel = pts["lon"].notna().to_numpy().copy()
    px, py = _project_points(pts["lon"].to_numpy(), pts["lat"].to_numpy())
    sel &= (px > bx0) & (px < bx1) & (py > by0) & (py < by1)
    d_layer, d_mix = _place_layer(spec, pts[sel], detailed=True)
    d_layer.radii = _draw_symbols(inset, spec, d_layer.places, d_mix, scale=1.15)
    # The places in view, most records first, each under one name (its gazetteer name).
    named = d_layer.places[d_layer.places["name"] != ""]
    totals = named.groupby("name", sort=True)["n"].sum().sort_values(ascending=False, kind="mergesort")
    names = [clean_name(c, 20) for c in totals.index[:3]]
    detail = spec.texts["labelled_value"].format(label=spec.texts["detail"], value=", ".join(names))
    title = _inset_title(inset, detail if names else spec.texts["detail"])
    add_scale_bar(inset, x=0.05, y=0.05)
    run.insets.append((inset, d_layer, title))
    run.obstacles.append(_box(inset, run.renderer, 3))


def _draw_records(run: _MapRun) -> None:
    """Draw the places' symbols on the main frame, or a density of records with the top places dotted."""
    ax, spec, pts = run.ax, run.spec, run.pts
    if run.layer is not None:
        layer = run.layer
        layer.radii = _draw_symbols(ax, spec, layer.places, run.mix, scale=_crowding(len(layer.places)))
    elif run.dense:
        x, y = _project_points(pts["lon"].to_numpy(), pts["lat"].to_numpy())
        run.density_handles = _density(ax, x, y, spec)
        if run.labels:
            run.top_layer, run.total_places = _top_places(spec, pts, DENSITY_LABELS)
            run.top_layer.radii = np.full(len(run.top_layer.places), DOT_PT)
            ax.scatter(
                run.top_layer.places["x"],
                run.top_layer.places["y"],
                s=(2 * DOT_PT) ** 2,
                c="#1a1a1a",
                edgecolors="white",
                linewidths=0.5,
                zorder=16,
                gid="density-dot",
            )


def _legend_groups(run: _MapRun, zone_handles: list[Any], *, points: bool) -> list[tuple[list[Any], str, str]]:
    """Return the map's legends, each as (handles, title, gid), in reading order."""
    spec = run.spec
    groups: list[tuple[list[Any], str, str]] = []
    if run.shaded:
        groups.append((_class_handles(spec), spec.legend_title(), "legend-classes"))
    if zone_handles:
        groups.append((zone_handles, spec.texts["zones"], "legend-zones"))
    if points:
        if run.dense:
            km = getattr(run.ax, "density", {}).get("km", 0)
            groups.append((run.density_handles, spec.texts["density"].format(km=km), "legend-density"))
        else:
            groups.append((_point_handles(spec, run.layer), spec.category_title(), "legend-points"))
            if spec.size_by is not None:
                groups.append((_size_handles(spec, run.layer), spec.column_title(spec.size_by), "legend-size"))
    return groups


def _label_map(run: _MapRun) -> tuple[int, int, list[str]]:
    """Label the places of the main frame, then of each inset; return (labelled, candidates, key lines)."""
    ax, layer, renderer = run.ax, run.layer, run.renderer
    labelled = candidates = 0
    key: list[str] = []
    if layer is not None and run.labels:
        skip = None
        if run.detail_box is not None:
            bx0, bx1, by0, by1 = run.detail_box
            x, y = layer.places["x"].to_numpy(), layer.places["y"].to_numpy()
            skip = (x > bx0) & (x < bx1) & (y > by0) & (y < by1)
        covered = [_box(i[0], renderer, 0) for i in run.insets]
        _label_places(ax, layer, obstacles=run.obstacles, skip=skip, covered=covered)
        labelled, candidates = layer.labelled, layer.candidates
        key += layer.key
        for inset, sub_layer, title in run.insets:
            inner = [_box(title, renderer, 2)]
            inner += [_box(a, renderer, 2) for a in inset.get_children() if (a.get_gid() or "").startswith("scale-bar")]
            _label_places(inset, sub_layer, obstacles=inner, numbered=None, limit=12, start=len(key))
            key += sub_layer.key
            labelled += sub_layer.labelled
            candidates += sub_layer.candidates
    if run.dense and run.labels and run.top_layer is not None:
        _label_places(ax, run.top_layer, obstacles=run.obstacles, numbered=False, limit=None)
        labelled, candidates = run.top_layer.labelled, run.total_places
    return labelled, candidates, key


#: Bottom of the timeline's period maps (figure fraction) before room is made for a long caption.
PERIOD_MAPS_BOTTOM = 0.06


def plot_timeline(
    spec: MapSpec,
    fig: Figure | None = None,
    *,
    width_mm: float = WIDTH_MM,
    periods: tuple[tuple[int, int], ...] | None = None,
) -> Figure:
    """Draw records created per year by category, the cumulative count in its own panel, and a map per period.

    Returns
    -------
    matplotlib Figure
        Top left: bars per year; under them, sharing the years, the cumulative count;
        bottom: one map of every region per period with every record created in it.
    """
    import matplotlib.pyplot as plt

    records = spec.records
    if "year" not in records:
        msg = "a timeline needs a 'year' column (the creation year) in the records; add one or choose another `kind`."
        raise InputError(msg)
    years = pd.to_numeric(records["year"], errors="coerce")
    known = years.notna()
    if periods is None:
        fitted = spec.periods if spec.periods is not None else fit_periods(records)
    else:
        fitted = fit_periods(records, breaks=[a for a, _ in periods])
    periods = fitted.bounds or PERIODS
    lo = int(min(years[known].min(), periods[0][0])) if known.any() else periods[0][0]
    hi = int(max(years[known].max(), periods[-1][1] - 1)) if known.any() else periods[-1][1]
    span = np.arange(lo, hi + 1)
    if fig is None:
        fig = plt.figure(figsize=(_mm(width_mm), _mm(min(MAX_HEIGHT_MM, width_mm * 0.9))))
    fig.suptitle(
        _plain(spec.texts["labelled_value"].format(label=spec.title, value=spec.texts["per_year"].lower())),
        x=0.01,
        y=0.985,
        ha="left",
        va="top",
        fontsize=9,
        fontweight="bold",
    )
    _year_panels(fig, spec, years, span)
    _period_maps(fig, spec, periods, fitted.labels)
    unknown = int((~known).sum())
    extra = [spec.texts["no_year"].format(n=unknown)] if unknown else []
    caption = _caption_text(spec, extra, [], _caption_width(width_mm))
    # The period maps leave 6% of the height for the caption; a longer one makes the figure
    # taller at the bottom (nothing moves or shrinks), so it never runs over the maps.
    height_mm = fig.get_size_inches()[1] * 25.4
    need_mm = CAPTION_LINE_MM * (caption.count("\n") + 1) + 1.0 + 0.008 * height_mm
    if need_mm > PERIOD_MAPS_BOTTOM * height_mm:
        _trim(fig, PERIOD_MAPS_BOTTOM * height_mm - need_mm)
    fig.text(
        0.01,
        0.008,
        caption,
        fontsize=TEXT_PT,
        color="#333333",
        ha="left",
        va="bottom",
        gid="source-line",
        parse_math=False,
    )
    return fig


def _year_panels(fig: Figure, spec: MapSpec, years: pd.Series, span: np.ndarray) -> None:
    """Draw the bars of records per year by category, the cumulative count under them, and their legend."""
    from matplotlib.ticker import MaxNLocator

    cat = spec.categories(spec.records)
    known = years.notna()
    top = fig.add_axes((0.075, 0.71, 0.5, 0.23))
    low = fig.add_axes((0.075, 0.585, 0.5, 0.095), sharex=top)
    bottom = np.zeros(len(span))
    colors = dict(spec.colors)
    for c in sorted(set(cat)):
        colors.setdefault(c, UNKNOWN_COLOR)
    table = pd.crosstab(years[known].astype(int), cat[known]).reindex(index=span, fill_value=0)
    for c in colors:
        counts = table[c].to_numpy() if c in table else np.zeros(len(span), dtype=int)
        if counts.sum() == 0:
            continue
        top.bar(
            span,
            counts,
            bottom=bottom,
            color=colors[c],
            edgecolor="#1a1a1a",
            linewidth=0.3,
            width=0.75,
            label=_plain(f"{spec.group_name(c)} ({counts.sum()})"),
            gid="year-bars",
        )
        bottom += counts
    top.set_ylabel(spec.texts["per_year"].replace(" per ", "\nper ", 1))
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.set_ylim(0, max(1, bottom.max()) * 1.12)
    top.tick_params(labelbottom=False)
    cumulative = np.cumsum(bottom)
    low.step(span, cumulative, where="mid", color="#1a1a1a", linewidth=1, gid="cumulative")
    low.set_ylim(0, max(1, cumulative.max()) * 1.15)
    low.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    low.set_ylabel(spec.texts["cumulative"])
    low.set_xlabel(spec.texts["year"])
    step = 1 if len(span) <= 20 else 5 if len(span) <= 60 else 10
    ticks = span[span % step == 0] if step > 1 else span
    low.set_xticks(ticks)
    low.set_xticklabels([str(v) for v in ticks], rotation=90 if step == 1 else 0)
    for panel in (top, low):
        panel.spines[["top", "right"]].set_visible(False)
    handles, labels = top.get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.62, 0.93),
        frameon=False,
        title=_plain(spec.category_title()),
        alignment="left",
    )


def _period_maps(fig: Figure, spec: MapSpec, periods: tuple[tuple[int, int], ...], period_of: pd.Series) -> None:
    """Draw one map of every region per period, with the placed records created in it."""
    width = 0.98 / len(periods)
    ext = _extent("frame")
    for j, (a, b) in enumerate(periods):
        ax = fig.add_axes((0.01 + j * width, PERIOD_MAPS_BOTTOM, width - 0.01, 0.385), gid="period-map")
        _draw_regions(ax, spec, shaded=False, provinces=False)
        ax.set_xlim(ext[0], ext[1])
        ax.set_ylim(ext[2], ext[3])
        ax.set_aspect("equal", adjustable="box")
        sel = spec.points[period_of.reindex(spec.points.index).eq(period_label(a, b)).to_numpy()]
        drawn = None
        if not sel.empty:
            drawn, mix = _place_layer(spec, sel, detailed=False)
            _draw_symbols(ax, spec, drawn.places, mix, scale=0.7)
        ax.layers = {"main": drawn, "insets": []}  # type: ignore[attr-defined]
        total = int(period_of.eq(period_label(a, b)).sum())
        title = _period_title(spec, period_label(a, b), len(sel), total, (width - 0.02) * fig.get_size_inches()[0] * 72)
        ax.set_title(title, fontsize=PERIOD_TITLE_PT)
        ax.period = period_label(a, b)  # type: ignore[attr-defined]
        ax.period_count = total  # type: ignore[attr-defined]


#: Type size of the period maps' titles.
PERIOD_TITLE_PT = 7.0


def _period_title(spec: MapSpec, period: str, shown: int, total: int, width_pt: float) -> str:
    """Title a period map: the period, then "8 records" or "8 of 10" (the rest not placed), each wrapped to the map."""
    if shown == total:
        count = spec.texts["n_records" if total != 1 else "one_record"].format(n=_thousands(total, spec.lang))
    else:
        count = spec.texts["count_of"].format(k=_thousands(shown, spec.lang), n=_thousands(total, spec.lang))
    lines = [spec.texts["period_any"].format(p=period), count]
    return "\n".join(wrap_text(line, width_pt, PERIOD_TITLE_PT) for line in lines)


def plot_levers(spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM) -> Axes:
    """Draw the Table 3 matrix: clusters by the seven intervention levers; unknown cells shown as unknown."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    records = spec.records
    cols = [c for c in LEVERS if c in records]
    if not cols:
        msg = f"a levers matrix needs lever columns ({', '.join(LEVERS)}); add them or choose another `kind`."
        raise InputError(msg)
    if len(records) > LEVER_ROWS_MAX:  # one row per category: a row per record would be unreadable
        return _plot_levers_by_category(spec, cols, ax, width_mm=width_mm)
    raw = records["name"].astype(str).tolist() if "name" in records else [str(i + 1) for i in range(len(records))]
    names = [_plain(clean_name(v, 32)) for v in raw]
    n = len(names)
    full = ", ".join(f"{LEVER_SHORT[c]} = {LEVERS[c]}" for c in cols)
    caption = wrap_text(f"{full}.", _caption_width(width_mm)) + "\n" + spec.texts["levers_source"]
    caption_mm = 3 + CAPTION_LINE_MM * (caption.count("\n") + 1)
    if ax is None:
        height = min(MAX_HEIGHT_MM, 4.6 * n + 32 + caption_mm)
        fig = plt.figure(figsize=(_mm(width_mm), _mm(height)))
        bottom = (caption_mm + 17) / height
        ax = fig.add_axes((0.22, bottom, 0.58, 1 - bottom - 11 / height))
        fig.suptitle(spec.texts["levers"], x=0.01, y=1 - 2 / height, ha="left", va="top", fontsize=9, fontweight="bold")
    # Neutral fills: the categorical colours keep their meaning (sector groups) on the maps.
    yes_c, no_c, unk_c = "#525252", "white", "#d9d9d9"
    for j, col in enumerate(cols):
        values = records[col]
        for i in range(n):
            v = values.iloc[i]
            face = unk_c if pd.isna(v) else (yes_c if bool(v) else no_c)
            ax.add_patch(
                Rectangle(
                    (j, n - 1 - i),
                    1,
                    1,
                    facecolor=face,
                    edgecolor="#666666",
                    linewidth=0.4,
                    hatch="////" if pd.isna(v) else None,
                    gid="lever-cell",
                )
            )
    counted = lever_counts(records, cols)
    totals, known = counted["yes"].tolist(), counted["known"].tolist()
    ax.set_xlim(0, len(cols))
    ax.set_ylim(0, n)
    ax.set_xticks(np.arange(len(cols)) + 0.5)
    ax.set_xticklabels(
        [f"{LEVER_SHORT[c]} {t}/{k}" for c, t, k in zip(cols, totals, known, strict=True)],
        rotation=35,
        ha="right",
        rotation_mode="anchor",
        fontsize=TEXT_PT,
    )
    ax.set_yticks(np.arange(n) + 0.5)
    ax.set_yticklabels(list(reversed(names)), fontsize=TEXT_PT)
    ax.tick_params(length=0)
    row_tot = [
        (
            int((records.loc[records.index[i], cols] == True).sum()),  # noqa: E712
            int(records.loc[records.index[i], cols].notna().sum()),
        )
        for i in range(n)
    ]
    for i, (t, k) in enumerate(row_tot):
        ax.text(len(cols) + 0.15, n - 1 - i + 0.5, f"{t}/{k}" if k else "?", va="center", fontsize=TEXT_PT)
    ax.set_aspect("auto")
    handles = [
        Patch(facecolor=yes_c, edgecolor="#666666", label=spec.texts["yes"]),
        Patch(facecolor=no_c, edgecolor="#666666", label=spec.texts["no"]),
        Patch(facecolor=unk_c, edgecolor="#666666", hatch="////", label=spec.texts["lever_unknown"]),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.08, 1.0), frameon=False)
    if ax.figure is not None and hasattr(ax.figure, "text"):
        ax.figure.text(
            0.01,
            0.01,
            caption,
            fontsize=TEXT_PT,
            color="#333333",
            va="bottom",
            gid="source-line",
        )
    return ax


def _plot_levers_by_category(spec: MapSpec, cols: list[str], ax: Axes | None, *, width_mm: float) -> Axes:
    """Draw the levers matrix of many records: one row per category, each cell its share of "yes".

    The share is of the category's records whose value is known (as the column totals);
    a cell with no known value says so.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .export import percent

    records = spec.records
    category = spec.categories(records).astype(str).to_numpy()
    order = [c for c in spec.colors if (category == c).any()]
    order += sorted(set(category) - set(order))
    yes = pd.DataFrame({c: records[c].eq(True).fillna(False).to_numpy(dtype=bool) for c in cols})
    known = pd.DataFrame({c: records[c].notna().to_numpy(dtype=bool) for c in cols})
    n = yes.groupby(category).size().reindex(order).to_numpy()
    known_n = known.groupby(category).sum().reindex(order).to_numpy()
    none_known = known_n == 0
    share = yes.groupby(category).sum().reindex(order).to_numpy() / np.maximum(known_n, 1)
    caption = spec.texts["levers_source"]
    if ax is None:
        height = min(MAX_HEIGHT_MM, 7 * len(order) + 52)
        fig = plt.figure(figsize=(_mm(width_mm), _mm(height)))
        ax = fig.add_axes((0.3, 36 / height, 0.5, 1 - 48 / height))
        fig.suptitle(spec.texts["levers"], x=0.01, y=1 - 2 / height, ha="left", va="top", fontsize=9, fontweight="bold")
    ax.imshow(
        share,
        cmap="Greys",
        vmin=0,
        vmax=1.4,
        aspect="auto",
        interpolation="nearest",
        extent=(0, len(cols), len(order), 0),
    )
    for (i, j), v in np.ndenumerate(share):
        label = spec.texts["lever_unknown"] if none_known[i, j] else percent(v, spec.lang)
        ax.text(
            j + 0.5, i + 0.5, label, ha="center", va="center", fontsize=TEXT_PT, color="white" if v > 0.6 else "black"
        )
    totals = [int(yes[c].sum()) for c in cols]
    counts = [int(known[c].sum()) for c in cols]
    ax.set_xticks(np.arange(len(cols)) + 0.5)
    ax.set_xticklabels(
        [
            f"{LEVER_SHORT[c]} {_thousands(t, spec.lang)}/{_thousands(k, spec.lang)}"
            for c, t, k in zip(cols, totals, counts, strict=True)
        ],
        rotation=35,
        ha="right",
        rotation_mode="anchor",
        fontsize=TEXT_PT,
    )
    ax.set_yticks(np.arange(len(order)) + 0.5)
    ax.set_yticklabels(
        [f"{_plain(clean_name(c, 32))} ({_thousands(int(k), spec.lang)})" for c, k in zip(order, n, strict=True)],
        fontsize=TEXT_PT,
    )
    ax.tick_params(length=0)
    handles = [
        Patch(facecolor="#525252", edgecolor="#666666", label=f"{spec.texts['yes']} {percent(1.0, spec.lang)}"),
        Patch(facecolor="white", edgecolor="#666666", label=f"{spec.texts['yes']} {percent(0.0, spec.lang)}"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    if ax.figure is not None and hasattr(ax.figure, "text"):
        ax.figure.text(0.01, 0.01, caption, fontsize=TEXT_PT, color="#333333", va="bottom", gid="source-line")
    return ax


RENDERERS: dict[str, Callable[..., Any]] = {
    "points": plot_points,
    "choropleth": plot_choropleth,
    "combined": plot_combined,
    "timeline": plot_timeline,
    "levers": plot_levers,
}


def figure(spec: MapSpec, kind: str, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Figure:
    """Draw one kind of figure on a new figure and return the figure.

    Raises
    ------
    InputError
        If ``kind`` is not one of :data:`KINDS`.
    """
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    if kind not in RENDERERS:
        msg = f"unknown figure kind {kind!r}; use one of {', '.join(KINDS)}."
        raise InputError(msg)
    mpl.use("Agg")
    with mpl.rc_context(STYLE):
        plt.close("all")
        if kind == "timeline":
            return plot_timeline(spec, width_mm=width_mm)
        if kind == "levers":
            return plot_levers(spec, width_mm=width_mm).figure  # type: ignore[return-value]
        ax = RENDERERS[kind](spec, width_mm=width_mm, south=south)
        return ax.figure  # type: ignore[no-any-return]


#: The figure formats (:data:`clusteratlas.registry.FIGURE_FORMATS` reads the keys): each
#: extension with the metadata matplotlib would write and that changes between runs (dates,
#: versions), left out. A new format is one entry here and its help in the registry.
_METADATA: dict[str, dict[str, Any]] = {
    ".png": {"Software": None},
    ".svg": {"Date": None, "Creator": None},
    ".pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
FORMATS = tuple(_METADATA)


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 300, alt_text: str | None = None) -> Path:
    """Write a figure to PNG, SVG or PDF atomically, with no date in it, and its alt text beside it.

    Parameters
    ----------
    fig : matplotlib Figure
    path : str or Path
        ``.png``, ``.svg`` or ``.pdf``.
    dpi : int, default 300
        Resolution of a PNG (vector formats ignore it but for embedded images).
    alt_text : str, optional
        Written to ``PATH.alt.txt`` (e.g. ``map.png.alt.txt`` → ``map.alt.txt``).

    Returns
    -------
    Path
    """
    import matplotlib as mpl

    from .registry import FIGURE_FORMATS, output_format

    path = Path(path)
    suffix = output_format(FIGURE_FORMATS, path)
    metadata = _METADATA[suffix]
    with mpl.rc_context(STYLE), warnings.catch_warnings(), atomic_path(path) as tmp:
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(tmp, dpi=dpi, metadata=metadata, format=suffix[1:])
    if alt_text is not None:
        with atomic_write(alt_path(path), "w", encoding="utf-8") as f:
            f.write(alt_text.strip() + "\n")
    return path


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: int = 300) -> bytes:
    """Return a figure as bytes (``png``, ``svg`` or ``pdf``), with the same settings as :func:`save_figure`."""
    import io

    import matplotlib as mpl

    from .registry import FIGURE_FORMATS

    suffix = f".{fmt}"
    if suffix not in FIGURE_FORMATS:
        msg = f"`fmt`: cannot render {fmt!r} figures; use one of {', '.join(e[1:] for e in FIGURE_FORMATS)}."
        raise InputError(msg)
    metadata = _METADATA[suffix]
    buffer = io.BytesIO()
    with mpl.rc_context(STYLE), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(buffer, dpi=dpi, metadata=metadata, format=fmt)
    return buffer.getvalue()


def alt_path(path: str | Path) -> Path:
    """Return the alt-text file of a figure: ``maps/clusters_points.png`` → ``maps/clusters_points.alt.txt``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.alt.txt")


def write_figure(
    spec: MapSpec, kind: str, path: str | Path, *, dpi: int = 300, width_mm: float = WIDTH_MM, south: str = "frame"
) -> Path:
    """Draw a kind of figure from a spec and save it with its alt text; return the path."""
    import matplotlib.pyplot as plt

    fig = figure(spec, kind, width_mm=width_mm, south=south)
    try:
        return save_figure(fig, path, dpi=dpi, alt_text=describe(spec, kind))
    finally:
        plt.close(fig)
