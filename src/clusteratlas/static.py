"""Publication-ready static maps and charts (matplotlib).

Every ``plot_*`` function takes a :class:`~clusteratlas.mapspec.MapSpec`, draws on
``ax`` (or a new figure) and returns the Axes; :func:`save_figure` writes PNG, SVG or PDF,
byte-for-byte reproducible, with an alt-text file beside it.

Projection: an Albers equal-area conic for Morocco (standard parallels 23°N and 34°N,
central meridian 9°W, WGS84), :data:`MOROCCO_CRS`. Equal area keeps the choropleth honest
(a region's ink is proportional to its area); between the standard parallels the scale
along parallels is within 1.6% of true, and the scale bar is drawn exact at its own
latitude using the projection's local scale factor.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._resources import atomic_path, atomic_write
from .errors import InputError
from .geography import boundaries
from .mapspec import UNKNOWN_COLOR, MapSpec, describe
from .records import LEVER_SHORT, LEVERS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The projected CRS used for drawing (PROJ string; EPSG has no single zone for all Morocco).
MOROCCO_CRS = "+proj=aea +lat_1=23 +lat_2=34 +lat_0=28.5 +lon_0=-9 +datum=WGS84 +units=m +no_defs +type=crs"
KINDS = ("points", "choropleth", "combined", "timeline", "levers")
FORMATS = (".png", ".svg", ".pdf")
#: Default width: a two-column journal figure (Elsevier: 174 mm; Springer: 174 mm).
WIDTH_MM = 174.0
PERIODS = ((2010, 2014), (2015, 2019), (2020, 2023))
NORTH_REGIONS = [f"{i:02d}" for i in range(1, 11)]

STYLE: Any = {
    "font.family": "DejaVu Sans",
    "font.size": 7,
    "axes.titlesize": 8,
    "legend.fontsize": 6.5,
    "legend.title_fontsize": 7,
    "svg.hashsalt": "clusteratlas",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
}


def _mm(mm: float) -> float:
    return mm / 25.4


@cache
def _projected_cached(level: str) -> Any:
    return boundaries(level, simplified=True).to_crs(MOROCCO_CRS)  # type: ignore[arg-type]


def _projected(level: str) -> Any:
    """Return the simplified boundaries in :data:`MOROCCO_CRS`, projected once per process (a copy)."""
    return _projected_cached(level).copy()


def _project_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", MOROCCO_CRS, always_xy=True)
    x, y = t.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def _spread(x: np.ndarray, y: np.ndarray, names: list[str], radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Place records that share a location on a small circle around it, ordered by name."""
    x, y = x.copy(), y.copy()
    keys = pd.Series(list(zip(np.round(x, -2), np.round(y, -2), strict=True)))
    for _, idx in keys.groupby(keys, sort=True).groups.items():
        members = sorted(idx, key=lambda i: names[i])
        n = len(members)
        if n < 2:
            continue
        r = radius * (1 + 0.08 * max(0, n - 6))
        for j, i in enumerate(members):
            angle = math.pi / 2 - 2 * math.pi * j / n
            x[i] += r * math.cos(angle)
            y[i] += r * math.sin(angle)
    return x, y


def _extent(south: str, *, detail: bool = False) -> tuple[float, float, float, float]:
    """Map frame: the northern regions (or all), padded; widened into the Atlantic for a detail inset."""
    regions = _projected("region")
    part = regions if south == "frame" else regions[regions["region_code"].isin(NORTH_REGIONS)]
    minx, miny, maxx, maxy = part.total_bounds
    pad = 0.03 * max(maxx - minx, maxy - miny)
    west = 0.42 * (maxx - minx) if detail else 0.0
    return minx - pad - west, maxx + pad, miny - pad, maxy + pad


def _draw_regions(ax: Axes, spec: MapSpec | None, *, shaded: bool, provinces: bool = True) -> None:
    regions = _projected("region")
    if shaded and spec is not None:
        colors = dict(zip(spec.regions["region_code"], spec.regions["color"], strict=True))
        face = [colors[c] for c in regions["region_code"]]
    else:
        face = ["#f7f7f7"] * len(regions)
    regions.plot(ax=ax, color=face, edgecolor="none", zorder=1)
    if provinces:
        _projected("province").boundary.plot(ax=ax, color="#bdbdbd", linewidth=0.2, zorder=2)
    regions.boundary.plot(ax=ax, color="#4d4d4d", linewidth=0.5, zorder=3)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for side in ax.spines.values():
        side.set_linewidth(0.5)


def add_north_arrow(ax: Axes, *, x: float = 0.95, y: float = 0.93, size: float = 0.07) -> Axes:
    """Draw a north arrow pointing to true north at its own position (axes fractions)."""
    from pyproj import Proj, Transformer

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    px, py = x0 + x * (x1 - x0), y0 + y * (y1 - y0)
    lon, lat = Transformer.from_crs(MOROCCO_CRS, "EPSG:4326", always_xy=True).transform(px, py)
    convergence = Proj(MOROCCO_CRS).get_factors(lon, lat).meridian_convergence  # degrees
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
        y + dy / 2 + 0.012,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=7,
        fontweight="bold",
        zorder=20,
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
    inv = Transformer.from_crs(MOROCCO_CRS, "EPSG:4326", always_xy=True)
    proj = Proj(MOROCCO_CRS)
    lon, lat = inv.transform(bx, by)
    k = proj.get_factors(lon, lat).parallel_scale
    length = km * 1000 * k
    # Refine at the bar's midpoint.
    lon_mid, lat_mid = inv.transform(bx + length / 2, by)
    k = proj.get_factors(lon_mid, lat_mid).parallel_scale
    length = km * 1000 * k
    h = 0.012 * (y1 - y0)
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
            )
        )
    wide = length / (x1 - x0) >= 0.25
    marks = ((0, "0"), (0.5, f"{km / 2:g}"), (1, f"{km:g} km")) if wide else ((0, "0"), (1, f"{km:g} km"))
    for frac, text in marks:
        ax.text(
            bx + frac * length,
            by + 1.6 * h,
            text,
            ha="center",
            va="bottom",
            fontsize=6,
            zorder=20,
            gid="scale-bar-label",
        )
    ax.scale_bar = {"x0": bx, "x1": bx + length, "y": by, "km": km, "crs": MOROCCO_CRS}  # type: ignore[attr-defined]
    return ax


def _point_handles(spec: MapSpec, extra: list[Any] | None = None) -> list[Any]:
    from matplotlib.lines import Line2D

    def handle(marker: str, size: float, face: str, edge_width: float, label: str) -> Any:
        return Line2D(
            [],
            [],
            marker=marker,
            linestyle="",
            markersize=size,
            markerfacecolor=face,
            markeredgecolor="black",
            markeredgewidth=edge_width,
            label=label,
        )

    counts = spec.points["category"].value_counts()
    handles = [handle("o", 5, color, 0.4, f"{cat} ({counts.get(cat, 0)})") for cat, color in spec.colors.items()]
    for flag, marker, size, width in (("uncertain", UNCERTAIN_MARKER, 5.5, 0.5), ("coarse", "s", 5, 0.6)):
        if spec.points[flag].any():
            handles.append(
                handle(marker, size, "#bbbbbb", width, f"{spec.texts[flag]} ({int(spec.points[flag].sum())})")
            )
    return handles + (extra or [])


def _class_handles(spec: MapSpec) -> list[Any]:
    from matplotlib.patches import Patch

    def word(n: int) -> str:
        return spec.texts["region"] if n == 1 else spec.texts["regions"].lower()

    return [
        Patch(facecolor=c, edgecolor="#4d4d4d", linewidth=0.4, label=f"{lab} ({n} {word(n)})")
        for lab, c, n in zip(spec.classes.labels, spec.classes.colors, spec.classes.counts, strict=True)
    ]


def _legend(fig: Figure, handles: list[Any], title: str, anchor: tuple[float, float], gid: str) -> Any:
    legend = fig.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=anchor,
        frameon=False,
        handletextpad=0.4,
        labelspacing=0.3,
        alignment="left",
    )
    legend.set_gid(gid)
    return legend


#: Marker of a low-confidence location: a star-like cross reads at any fill colour.
UNCERTAIN_MARKER = "D"


def _draw_points(
    ax: Axes,
    spec: MapSpec,
    *,
    labels: bool = True,
    points: pd.DataFrame | None = None,
    size: float = 22,
    spread: float = 0.012,
    skip_labels: set[str] | None = None,
) -> list[Any]:
    pts = spec.points if points is None else points
    if pts.empty:
        return []
    x, y = _project_points(pts["lon"].to_numpy(), pts["lat"].to_numpy())
    width = ax.get_xlim()[1] - ax.get_xlim()[0]
    x, y = _spread(x, y, list(pts["label"]), radius=spread * width)
    uncertain = pts["uncertain"].to_numpy() & ~pts["coarse"].to_numpy()
    coarse = pts["coarse"].to_numpy()
    certain = ~uncertain & ~coarse
    colors = pts["color"].to_numpy()
    for mask, marker, gid, scale in (
        (certain, "o", "cluster-points", 1.0),
        (uncertain, UNCERTAIN_MARKER, "cluster-points-uncertain", 0.8),
        (coarse, "s", "cluster-points-coarse", 0.9),
    ):
        if mask.any():
            ax.scatter(
                x[mask],
                y[mask],
                s=size * scale * pts["size"].to_numpy(dtype=float)[mask],
                marker=marker,
                c=list(colors[mask]),
                edgecolors="black",
                linewidths=0.5,
                zorder=16,  # above label boxes: a label never hides a marker
                gid=gid,
            )
    if not labels:
        return []
    keep = np.array([name not in (skip_labels or set()) for name in pts["label"]], dtype=bool)
    return _place_labels(ax, x[keep], y[keep], list(pts["label"][keep]), avoid=(x, y))


def _place_labels(
    ax: Axes, x: np.ndarray, y: np.ndarray, names: list[str], *, avoid: tuple[np.ndarray, np.ndarray] | None = None
) -> list[Any]:
    """Label points without overlaps: adjustText, then leader lines to labels it moved."""
    from adjustText import adjust_text

    texts = [
        ax.text(
            xi,
            yi,
            name,
            fontsize=5.5,
            zorder=15,
            gid="cluster-label",
            bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
        for xi, yi, name in zip(x, y, names, strict=True)
    ]
    if texts:
        ax_, ay_ = avoid if avoid is not None else (x, y)
        adjust_text(
            texts,
            x=ax_,
            y=ay_,
            target_x=x,
            target_y=y,
            ax=ax,
            expand=(1.25, 1.5),
            force_text=(0.6, 0.9),
            force_static=(0.6, 0.9),
            force_pull=(0.005, 0.005),
            arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.4},
            ensure_inside_axes=True,
            iter_lim=500,
            time_lim=None,
        )
    return texts


def _source(fig: Figure, spec: MapSpec, *, extra: str = "") -> None:
    import textwrap

    lines = [spec.source]
    if spec.unplaced:
        lines.append(spec.texts["not_shown"].format(n=len(spec.unplaced), names="; ".join(spec.unplaced)))
    if extra:
        lines.append(extra)
    width = int(fig.get_figwidth() * 22)
    wrapped = "\n".join(textwrap.fill(line, width) for line in lines)
    fig.text(0.01, 0.006, wrapped, fontsize=5.2, color="#333333", ha="left", va="bottom", gid="source-line")


def _dense_group(x: np.ndarray, y: np.ndarray, radius: float, minimum: int = 4) -> np.ndarray:
    """Return the largest set of points within ``radius`` of one of them (empty if under ``minimum``)."""
    if len(x) < minimum:
        return np.array([], dtype=int)
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    counts = (d <= radius).sum(axis=1)
    best = int(np.argmax(counts))  # first of the densest: deterministic
    if counts[best] < minimum:
        return np.array([], dtype=int)
    return np.flatnonzero(d[best] <= radius)


def _detail_inset(ax: Axes, spec: MapSpec, group: pd.DataFrame, *, shaded: bool) -> Axes:
    """Draw an enlarged inset of the densest group of points, in the Atlantic strip of the frame."""
    from matplotlib.patches import Rectangle

    x, y = _project_points(group["lon"].to_numpy(), group["lat"].to_numpy())
    cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    half = max(x.max() - x.min(), y.max() - y.min()) / 2 + 30_000
    w_frac = 0.27
    pos = ax.get_position()
    fig_w, fig_h = ax.get_figure(root=True).get_size_inches()  # type: ignore[union-attr]
    h_frac = w_frac * (pos.width * fig_w) / (pos.height * fig_h)  # square on paper
    inset = ax.inset_axes((0.012, 0.985 - h_frac, w_frac, h_frac), gid="detail-inset")
    _draw_regions(inset, spec, shaded=shaded, provinces=True)
    inset.set_aspect("equal", adjustable="datalim")
    inset.set_xlim(cx - half, cx + half)
    inset.set_ylim(cy - half, cy + half)
    _draw_points(inset, spec, points=group, size=30, spread=0.075)
    # The scale bar goes in the bottom corner farther from the points (and their labels).
    px = (x - (cx - half)) / (2 * half)
    left_free = float(np.min(np.hypot(px - 0.15, (y - (cy - half)) / (2 * half) - 0.05)))
    right_free = float(np.min(np.hypot(px - 0.85, (y - (cy - half)) / (2 * half) - 0.05)))
    add_scale_bar(inset, x=0.05 if left_free >= right_free else 0.6, y=0.04)
    cities = group["city"].astype("string").fillna("").value_counts() if "city" in group else pd.Series(dtype=int)
    names = [c for c in cities.index if c][:3]
    title = f"{spec.texts['detail']}: {', '.join(names)}" if names else spec.texts["detail"]
    inset.text(
        0.02,
        0.98,
        title,
        transform=inset.transAxes,
        ha="left",
        va="top",
        fontsize=6,
        zorder=30,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
    )
    ax.add_patch(
        Rectangle(
            (cx - half, cy - half),
            2 * half,
            2 * half,
            fill=False,
            edgecolor="#d62728",
            linewidth=0.7,
            zorder=24,
            gid="detail-frame",
        )
    )
    return inset


def _map_figure(
    spec: MapSpec, *, width_mm: float, south: str, detail: bool, band_mm: float = 52.0
) -> tuple[Figure, Axes, tuple[float, float, float, float]]:
    import matplotlib.pyplot as plt

    ext = _extent(south, detail=detail)
    aspect = (ext[3] - ext[2]) / (ext[1] - ext[0])
    map_w = width_mm * 0.98
    map_h = map_w * aspect
    title_mm, source_mm = (13.0 if spec.subtitle else 9.0), 9.0
    height = title_mm + map_h + band_mm + source_mm
    fig = plt.figure(figsize=(_mm(width_mm), _mm(height)))
    ax = fig.add_axes((0.01, (source_mm + band_mm) / height, 0.98, map_h / height), gid="map")
    fig.suptitle(spec.title, x=0.01, y=1 - 2 / height, ha="left", va="top", fontsize=9, fontweight="bold")
    if spec.subtitle:
        fig.text(
            0.01, 1 - 7.2 / height, spec.subtitle, ha="left", va="top", fontsize=7, color="#333333", gid="subtitle"
        )
    fig.band = (source_mm / height, band_mm / height)  # type: ignore[attr-defined]
    return fig, ax, ext


def _south_inset(fig: Figure, spec: MapSpec, ext: tuple[float, float, float, float], *, shaded: bool) -> Axes:
    from matplotlib.patches import Rectangle

    y0, h = fig.band  # type: ignore[attr-defined]
    inset = fig.add_axes((0.01, y0 + 0.08 * h, 0.2, 0.84 * h), gid="south-inset")
    _draw_regions(inset, spec, shaded=shaded, provinces=False)
    regions = _projected("region")
    minx, miny, maxx, maxy = regions.total_bounds
    inset.set_xlim(minx - 2e4, maxx + 2e4)
    inset.set_ylim(miny - 2e4, maxy + 2e4)
    inset.set_aspect("equal", adjustable="box")
    inset.add_patch(
        Rectangle(
            (ext[0], ext[2]),
            ext[1] - ext[0],
            ext[3] - ext[2],
            fill=False,
            edgecolor="#d62728",
            linewidth=0.6,
            zorder=25,
        )
    )
    south = spec.points[spec.points["region_code"].isin(["11", "12"])]
    if not south.empty:
        _draw_points(inset, spec, labels=False, points=south, size=8)
    inset.set_title(spec.texts["south"], fontsize=5.5, pad=2)
    return inset


def plot_points(
    spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM, south: str = "inset", labels: bool = True
) -> Axes:
    """Draw each placed record as a marker coloured by its category, labelled, over the regions.

    Records at the same place are spread on a small circle (ordered by name); labels are
    moved off each other with adjustText and tied to their marker by a leader line. Where
    four or more records crowd together (the Casablanca–Rabat axis), they are labelled in an
    enlarged detail inset instead. Diamonds are low-confidence locations, squares records
    placed only by province or region.

    Parameters
    ----------
    spec : MapSpec
        From :func:`clusteratlas.mapspec.map_spec`.
    ax : matplotlib Axes, optional
        Draw here (no legend band, no insets outside ``ax``); a new figure otherwise.
    width_mm : float
        Width of a new figure.
    south : {"inset", "frame"}
        Southern regions in an inset (with the main frame outlined) or in the main frame.
    labels : bool
        Label the markers.

    Returns
    -------
    matplotlib Axes
    """
    return _map(spec, ax, width_mm=width_mm, south=south, shaded=False, points=True, labels=labels, zones=False)


def plot_choropleth(spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM, south: str = "inset") -> Axes:
    """Shade the regions by the spec's value in its classes, with a legend giving counts per class."""
    return _map(spec, ax, width_mm=width_mm, south=south, shaded=True, points=False, labels=False, zones=False)


def plot_combined(
    spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM, south: str = "inset", zones: bool = True
) -> Axes:
    """Redraw the study's Figure 3: choropleth, points and (optionally) zone outlines with their shares."""
    return _map(spec, ax, width_mm=width_mm, south=south, shaded=True, points=True, labels=True, zones=zones)


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
    group_idx = np.array([], dtype=int)
    if points and labels and not spec.points.empty:
        base = _extent(south)
        x, y = _project_points(spec.points["lon"].to_numpy(), spec.points["lat"].to_numpy())
        group_idx = _dense_group(x, y, radius=0.06 * (base[1] - base[0]))
    detail = bool(len(group_idx))
    ext = _extent(south, detail=detail)
    fig = None
    if ax is None:
        fig, ax, ext = _map_figure(spec, width_mm=width_mm, south=south, detail=detail)
    _draw_regions(ax, spec, shaded=shaded)
    ax.set_xlim(ext[0], ext[1])
    ax.set_ylim(ext[2], ext[3])
    zone_handles = _draw_zones(ax, spec) if zones else []
    skip: set[str] = set()
    if detail:
        group = spec.points.iloc[group_idx]
        _detail_inset(ax, spec, group, shaded=shaded)
        skip = set(group["label"])
    if points:
        _draw_points(ax, spec, labels=labels, skip_labels=skip)
    add_north_arrow(ax, x=0.965, y=0.1)  # bottom right: outside Morocco in every frame
    add_scale_bar(ax, x=0.03, y=0.03)
    for each in ax.figure.axes:  # geopandas labels projected axes "Easting [metre]"
        each.set_xlabel("")
        each.set_ylabel("")
    if fig is None:
        handles = (_class_handles(spec) if shaded else []) + (_point_handles(spec) if points else []) + zone_handles
        ax.legend(handles=handles, loc="lower right", fontsize=5.5)
        return ax
    x0 = 0.01
    if south == "inset":
        _south_inset(fig, spec, ext, shaded=shaded)
        x0 = 0.23
    y_top = sum(fig.band)  # type: ignore[attr-defined]
    to_fig = fig.transFigure.inverted()
    right = x0
    if shaded:
        leg = _legend(fig, _class_handles(spec), spec.legend_title(), (x0, y_top), "legend-classes")
        fig.canvas.draw()
        box = to_fig.transform(leg.get_window_extent())
        right = box[1][0]
        if zone_handles:
            zleg = _legend(fig, zone_handles, spec.texts["zones"], (x0, box[0][1] - 0.005), "legend-zones")
            fig.canvas.draw()
            right = max(right, to_fig.transform(zleg.get_window_extent())[1][0])
            zone_handles = []
    if points:
        title = spec.category_title()
        _legend(fig, _point_handles(spec, zone_handles), title, (right + 0.02, y_top), "legend-points")
    elif zone_handles:
        _legend(fig, zone_handles, spec.texts["zones"], (right + 0.02, y_top), "legend-zones")
    _source(fig, spec)
    return ax


def _draw_zones(ax: Axes, spec: MapSpec) -> list[Any]:
    from matplotlib.lines import Line2D

    regions = _projected("region")
    styles: list[Any] = ["-", "--", ":", "-."]
    handles = []
    named = spec.zones[spec.zones["group"] != spec.zone_rest]
    for i, row in enumerate(named.itertuples(index=False)):
        geom = regions[regions["region_code"].isin(row.regions)].dissolve()
        if geom.empty:
            continue
        style = styles[i % len(styles)]
        geom.boundary.plot(ax=ax, color="#d62728", linewidth=1.1, linestyle=style, zorder=6)
        handles.append(
            Line2D(
                [],
                [],
                color="#d62728",
                linestyle=style,
                linewidth=1.1,
                label=f"{row.label}: {row.count} ({100 * row.share:.1f}%)",
            )
        )
    return handles


def plot_timeline(
    spec: MapSpec,
    fig: Figure | None = None,
    *,
    width_mm: float = WIDTH_MM,
    periods: tuple[tuple[int, int], ...] = PERIODS,
) -> Figure:
    """Clusters created per year (stacked by category) and cumulative, and a map per period.

    Returns
    -------
    matplotlib Figure
        Top: bars per year and the cumulative line; bottom: one small map per period.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    records = spec.records
    if "year" not in records:
        msg = "a timeline needs a 'year' column (the creation year) in the records; add one or choose another --kind."
        raise InputError(msg)
    years = pd.to_numeric(records["year"], errors="coerce")
    cat = spec.categories(records)
    known = years.notna()
    lo = int(min(years[known].min(), periods[0][0])) if known.any() else periods[0][0]
    hi = int(max(years[known].max(), periods[-1][1] - 1)) if known.any() else periods[-1][1]
    span = np.arange(lo, hi + 1)
    if fig is None:
        fig = plt.figure(figsize=(_mm(width_mm), _mm(width_mm) * 0.82))
    fig.suptitle(
        f"{spec.title}: {spec.texts['per_year'].lower()}",
        x=0.01,
        y=0.985,
        ha="left",
        va="top",
        fontsize=9,
        fontweight="bold",
    )
    top = fig.add_axes((0.065, 0.6, 0.5, 0.32))
    bottom = np.zeros(len(span))
    colors = dict(spec.colors)
    for c in sorted(set(cat)):
        colors.setdefault(c, UNKNOWN_COLOR)
    for c in colors:
        counts = np.array([int(((years == yv) & (cat == c)).sum()) for yv in span])
        if counts.sum() == 0:
            continue
        top.bar(
            span,
            counts,
            bottom=bottom,
            color=colors[c],
            edgecolor="black",
            linewidth=0.3,
            width=0.75,
            label=f"{c} ({counts.sum()})",
            gid="year-bars",
        )
        bottom += counts
    top.set_xticks(span)
    top.set_xticklabels([str(v) for v in span], rotation=90)
    top.set_ylabel(spec.texts["per_year"])
    top.set_xlabel(spec.texts["year"])
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    twin = top.twinx()
    cumulative = np.cumsum(bottom)
    twin.plot(
        span,
        cumulative,
        color="black",
        marker="o",
        markersize=2.5,
        linewidth=1,
        label=spec.texts["cumulative"],
        gid="cumulative",
    )
    twin.set_ylabel(spec.texts["cumulative"])
    twin.set_ylim(0, max(1, cumulative.max()) * 1.08)
    twin.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.set_ylim(0, max(1, bottom.max()) * 1.15)
    handles, labels = top.get_legend_handles_labels()
    h2, l2 = twin.get_legend_handles_labels()
    fig.legend(
        handles + h2,
        labels + l2,
        loc="upper left",
        bbox_to_anchor=(0.66, 0.93),
        fontsize=6,
        frameon=False,
        title=spec.category_title(),
    )
    width = 0.98 / len(periods)
    for i, (a, b) in enumerate(periods):
        ax = fig.add_axes((0.01 + i * width, 0.075, width - 0.01, 0.38))
        ext = _extent("inset")
        _draw_regions(ax, spec, shaded=False, provinces=False)
        ax.set_xlim(ext[0], ext[1])
        ax.set_ylim(ext[2], ext[3])
        py = pd.to_numeric(spec.points["year"], errors="coerce") if "year" in spec.points else pd.Series(dtype=float)
        sel = spec.points[(py >= a) & (py <= b)]
        _draw_points(ax, spec, labels=False, points=sel, size=10)
        ax.set_title(f"{spec.texts['period'].format(a=a, b=b)}: {len(sel)}", fontsize=7)
    unknown = int((~known).sum())
    extra = f"{unknown} record(s) without a year are not counted." if unknown else ""
    _source(fig, spec, extra=extra)
    return fig


def plot_levers(spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM) -> Axes:
    """Draw the Table 3 matrix: clusters by the seven intervention levers; unknown cells shown as unknown."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    records = spec.records
    cols = [c for c in LEVERS if c in records]
    if not cols:
        msg = f"a levers matrix needs lever columns ({', '.join(LEVERS)}); add them or choose another --kind."
        raise InputError(msg)
    names = records["name"].astype(str).tolist() if "name" in records else [str(i + 1) for i in range(len(records))]
    n = len(names)
    if ax is None:
        fig = plt.figure(figsize=(_mm(width_mm), _mm(min(230.0, 32 + 5.0 * n))))
        ax = fig.add_axes((0.2, 0.14, 0.6, 0.76))
        fig.suptitle(spec.texts["levers"], x=0.01, y=0.985, ha="left", va="top", fontsize=9, fontweight="bold")
    yes_c, no_c, unk_c = "#0072B2", "white", "#d9d9d9"
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
    totals = [int((records[c] == True).sum()) for c in cols]  # noqa: E712
    known = [int(records[c].notna().sum()) for c in cols]
    ax.set_xlim(0, len(cols))
    ax.set_ylim(0, n)
    ax.set_xticks(np.arange(len(cols)) + 0.5)
    ax.set_xticklabels(
        [f"{LEVER_SHORT[c]}\n{t}/{k}" for c, t, k in zip(cols, totals, known, strict=True)], rotation=0, fontsize=6
    )
    ax.set_yticks(np.arange(n) + 0.5)
    ax.set_yticklabels(list(reversed(names)), fontsize=6)
    ax.tick_params(length=0)
    row_tot = [
        (
            int((records.loc[records.index[i], cols] == True).sum()),  # noqa: E712
            int(records.loc[records.index[i], cols].notna().sum()),
        )
        for i in range(n)
    ]
    for i, (t, k) in enumerate(row_tot):
        ax.text(len(cols) + 0.15, n - 1 - i + 0.5, f"{t}/{k}" if k else "?", va="center", fontsize=6)
    ax.set_aspect("auto")
    handles = [
        Patch(facecolor=yes_c, edgecolor="#666666", label=spec.texts["yes"]),
        Patch(facecolor=no_c, edgecolor="#666666", label=spec.texts["no"]),
        Patch(facecolor=unk_c, edgecolor="#666666", hatch="////", label=spec.texts["lever_unknown"]),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.08, 1.0), frameon=False)
    full = ", ".join(f"{LEVER_SHORT[c]} = {LEVERS[c]}" for c in cols)
    if ax.figure is not None and hasattr(ax.figure, "text"):
        ax.figure.text(
            0.01,
            0.01,
            textwrap.fill(f"{full}.", 160)
            + "\nSource: Table 3 of the study; counts are of clusters with known values.",
            fontsize=5.2,
            color="#333333",
            va="bottom",
            gid="source-line",
        )
    return ax


RENDERERS: dict[str, Callable[..., Any]] = {
    "points": plot_points,
    "choropleth": plot_choropleth,
    "combined": plot_combined,
    "timeline": plot_timeline,
    "levers": plot_levers,
}


def figure(spec: MapSpec, kind: str, *, width_mm: float = WIDTH_MM, south: str = "inset") -> Figure:
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


#: Metadata that would change between runs (dates, versions) is left out of every format.
_METADATA: dict[str, dict[str, Any]] = {
    ".png": {"Software": None},
    ".svg": {"Date": None, "Creator": None},
    ".pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


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

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        msg = f"{path}: cannot write {suffix or 'a file without extension'!r} figures; use .png, .svg or .pdf."
        raise InputError(msg)
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

    suffix = f".{fmt}"
    if suffix not in FORMATS:
        msg = f"cannot render {fmt!r} figures; use png, svg or pdf."
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
    spec: MapSpec, kind: str, path: str | Path, *, dpi: int = 300, width_mm: float = WIDTH_MM, south: str = "inset"
) -> Path:
    """Draw a kind of figure from a spec and save it with its alt text; return the path."""
    import matplotlib.pyplot as plt

    fig = figure(spec, kind, width_mm=width_mm, south=south)
    try:
        return save_figure(fig, path, dpi=dpi, alt_text=describe(spec, kind))
    finally:
        plt.close(fig)
