"""maps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..export import number
from ..geography import pack
from ..mapspec import (
    DENSITY_PLACES,
    MapSpec,
    place_count,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

from ._basemap import _draw_regions, _extent, _project_points, _projected
from ._furniture import _inset_title, _scale_denominator, add_north_arrow, add_scale_bar
from ._insets import _detail_inset, _empty_corner
from ._layout import _caption_reserve, _caption_text, _map_figure, _write_caption
from ._legends import _class_handles, _draw_zones, _point_handles, _size_handles, _stack_legends
from ._places import (
    DENSITY_LABELS,
    DOT_PT,
    _box,
    _crowding,
    _dense_group,
    _density,
    _draw_symbols,
    _label_places,
    _Layer,
    _place_layer,
    _top_places,
)
from ._style import WIDTH_MM, _caption_width, _thousands, clean_name


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
