"""Insets of a map: the pack's southern regions at their own scale, and a detail of crowded places.

Insets are drawn before the main frame's symbols and labels: they decide which places the
main frame leaves to them, and their boxes are obstacles for its labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..export import number
from ..geography import pack
from ..mapspec import MapSpec
from ._basemap import draw_regions, inset_bounds, land, project_points
from ._furniture import inset_title, place_scale_bar, round_scale
from ._places import Box, Labelling, box, draw_symbols, place_layer, spread_layer
from ._sizing import Sizing
from ._style import DETAIL_COLOR, TEXT_PT, clean_name, renderer_of, root_figure, word_width, wrap_text
from .drawing import Frame, Layer, ScaleBar

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["DETAIL_BAR_SPOTS", "SOUTH_BAR_SPOTS", "Inset", "dense_group", "detail_inset", "south_inset"]

#: Width of the detail inset, as a fraction of the map frame's; a crowd of more than
#: :data:`DETAIL_CROWD` places gets a wider one (its area grows with them), up to :data:`DETAIL_WIDEST`.
DETAIL_WIDTH = 0.32
DETAIL_CROWD = 16
DETAIL_WIDEST = 0.48
#: Narrowest an inset may be on paper (inches): on a narrow figure it takes more of the frame.
INSET_MIN_IN = 38 / 25.4


def _inset_width(ax: Axes, fraction: float) -> float:
    """Width of an inset as a fraction of the frame: ``fraction``, widened to :data:`INSET_MIN_IN` (at most half)."""
    frame_in = ax.get_position().width * root_figure(ax).get_size_inches()[0]
    return float(min(0.5, max(fraction, INSET_MIN_IN / frame_in)))


@dataclass(frozen=True, eq=False)
class Inset:
    """An inset as drawn, before its places are labelled.

    Attributes
    ----------
    name : str
        ``south-inset`` or ``detail-inset``.
    axes : matplotlib.axes.Axes
    layer : Layer or None
        Its places, if it shows any.
    title : matplotlib.text.Text
    scale_bar : ScaleBar
    box : tuple of float
        Its window extent grown by 3 pixels: an obstacle for the main frame's labels.
    view : tuple of float or None
        ``(x0, x1, y0, y1)`` of the area a detail inset enlarges (drawing CRS).
    """

    name: str
    axes: Axes
    layer: Layer | None
    title: Any
    scale_bar: ScaleBar
    box: Box
    view: tuple[float, float, float, float] | None = None

    def frame(self, labels: Labelling | None = None) -> Frame:
        """Return the inset's record, with the :class:`~._places.Labelling` of its places if labelled."""
        if labels is None:
            return Frame(self.name, self.axes, self.layer, self.scale_bar)
        return Frame(self.name, self.axes, self.layer, self.scale_bar, labels.labels, labels.candidates)


#: Widest and tallest the southern inset may be (fractions of the map frame), its margin around its regions (metres).
SOUTH_WIDTH = 0.3
SOUTH_HEIGHT = 0.34
SOUTH_MARGIN = 30_000.0
#: Where the southern inset's scale bar may go (axes fraction of its left end), best first: off land.
SOUTH_BAR_SPOTS = [(0.62, 0.05), *[(0.04, y) for y in (0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65)], (0.3, 0.05)]
#: Widest the southern inset grows to hold its title on one line (fraction of the frame).
SOUTH_TITLE_MAX = 0.4


def south_inset(
    ax: Axes, spec: MapSpec, pts: pd.DataFrame, *, shaded: bool, with_places: bool, sizing: Sizing | None = None
) -> Inset:
    """Draw the pack's inset regions in an inset at the lower left, at their own stated scale, with their places.

    The inset is sized on paper to its regions' extent at equal scale (nothing shrinks it
    when it is drawn), with a strip above the regions for its title, so the scale it states
    is the scale it is drawn at, measured from its drawn extent and width. ``sizing``: the
    figure's symbol sizes (its places' symbols are the main map's size for their records).
    """
    text, bounds, view = _south_titled(ax, spec)
    south_ax = ax.inset_axes(bounds, gid="south-inset", zorder=30)
    draw_regions(south_ax, spec, shaded=shaded, provinces=False)
    south_ax.set_xlim(view[0], view[1])
    south_ax.set_ylim(view[2], view[3])
    south_ax.apply_aspect()
    title = inset_title(south_ax, text)
    sub = pts[pts["region_code"].isin(pack().inset_regions)] if not pts.empty else pts
    layer = None
    if with_places and not sub.empty:
        layer = spread_layer(south_ax, place_layer(spec, sub, detailed=False), scale=0.8, sizing=sizing)
        layer = replace(layer, radii=draw_symbols(south_ax, spec, layer, scale=0.8, sizing=sizing))
    renderer = renderer_of(ax)
    bar = place_scale_bar(south_ax, SOUTH_BAR_SPOTS, [box(title, renderer, 2)], sub)
    return Inset("south-inset", south_ax, layer, title, bar, box(south_ax, renderer, 3))


def _strip_in(lines: int) -> float:
    """Height in inches of an inset's title strip of ``lines`` lines and its box: no place is drawn under it."""
    return (TEXT_PT * (1.25 * lines + 0.35) + 2) / 72


def _south_titled(ax: Axes, spec: MapSpec) -> tuple[str, tuple[float, float, float, float], tuple[float, ...]]:
    """Return the southern inset's title with the inset's bounds and view (:func:`_south_frame`).

    The title states the scale the inset is drawn at. The inset widens (at most to
    :data:`SOUTH_TITLE_MAX` of the frame) to hold its title on one line; on a narrower
    frame the title wraps and its strip has room for every line.
    """
    frame_w = root_figure(ax).get_size_inches()[0] * ax.get_position().width
    _, _, per_inch = _south_frame(ax)
    scale = number(round_scale(per_inch / 0.0254), spec.lang)
    text = spec.texts["south_scale"].format(scale=scale)
    one_line = (word_width(text, TEXT_PT) * 1.03 + 10) / 72  # the line, kerning to spare, its box's padding (in)
    wide = min(one_line, SOUTH_TITLE_MAX * frame_w)
    lines = wrap_text(text, wide * 72 - 8).count("\n") + 1
    bounds, view, _ = _south_frame(ax, lines, wide)
    return wrap_text(text, bounds[2] * frame_w * 72 - 8), bounds, view


def _south_frame(
    ax: Axes, lines: int = 1, min_width_in: float = 0.0
) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float], float]:
    """Return the southern inset's bounds (axes fraction), view and metres per inch.

    The regions are drawn at :data:`SOUTH_WIDTH` of the frame's width or
    :data:`SOUTH_HEIGHT` of its height, whichever is smaller, with a title strip of
    ``lines`` above them; the inset is at least ``min_width_in`` wide (the view widens, the
    scale stays), so drawing it at equal aspect shrinks nothing.
    """
    minx, miny, maxx, maxy = inset_bounds()
    pos = ax.get_position()
    fig_w, fig_h = root_figure(ax).get_size_inches()
    frame_w, frame_h = pos.width * fig_w, pos.height * fig_h  # inches
    strip_in = _strip_in(lines)
    data_w, data_h = maxx - minx + 2 * SOUTH_MARGIN, maxy - miny + 2 * SOUTH_MARGIN
    per_inch = max(data_w / (SOUTH_WIDTH * frame_w), data_h / (SOUTH_HEIGHT * frame_h))  # metres per inch
    width_in, height_in = max(data_w / per_inch, min_width_in), data_h / per_inch + 2 * strip_in
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2  # centred on the regions: the strip above, as much below
    half_w, half_h = width_in * per_inch / 2, height_in * per_inch / 2
    view = (cx - half_w, cx + half_w, cy - half_h, cy + half_h)
    return (0.012, 0.012, width_in / frame_w, height_in / frame_h), view, per_inch


def dense_group(x: np.ndarray, y: np.ndarray, n: np.ndarray, radius: float, minimum: int = 4) -> np.ndarray:
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
    territory = land()
    best, score = corners[0], math.inf
    for cx, cy in corners:
        bx0, by0 = x0 + cx * (x1 - x0), y0 + cy * (y1 - y0)
        bx1, by1 = bx0 + size[0] * (x1 - x0), by0 + size[1] * (y1 - y0)
        covered = shapely.box(bx0, by0, bx1, by1).intersection(territory).area / ((bx1 - bx0) * (by1 - by0))
        hidden = 0
        if len(places):
            px, py = places["x"].to_numpy(), places["y"].to_numpy()
            hidden = int(((px > bx0) & (px < bx1) & (py > by0) & (py < by1)).sum())
        s = covered + hidden
        if s < score - 1e-9:
            best, score = (cx, cy), s
    return best


def _square_height(ax: Axes, w_frac: float) -> float:
    """Height (axes fraction) of a box ``w_frac`` of the frame wide that is square on paper."""
    pos = ax.get_position()
    fig_w, fig_h = root_figure(ax).get_size_inches()
    return float(w_frac * (pos.width * fig_w) / (pos.height * fig_h))


def detail_inset(  # noqa: PLR0913 - the map, its records and places, its layout, the figure's symbol sizes
    ax: Axes,
    spec: MapSpec,
    pts: pd.DataFrame,
    places: pd.DataFrame,
    *,
    south: str,
    shaded: bool,
    ext: tuple[float, float, float, float],
    left_top: float = 0.0,
    sizing: Sizing | None = None,
) -> Inset | None:
    """Where places crowd together, draw them enlarged in a detail inset at an empty corner; None if none crowd.

    ``left_top`` is the top (axes fraction) of an inset already at the lower left: a left
    corner that would reach down to it is not used. ``sizing``: the figure's symbol sizes.
    """
    group = dense_group(
        places["x"].to_numpy(), places["y"].to_numpy(), places["n"].to_numpy(), radius=0.06 * (ext[1] - ext[0])
    )
    if not len(group):
        return None
    fraction = DETAIL_WIDTH * float(np.clip(np.sqrt(len(group) / DETAIL_CROWD), 1.0, DETAIL_WIDEST / DETAIL_WIDTH))
    w_frac = _inset_width(ax, fraction)
    h_frac = _square_height(ax, w_frac)
    if h_frac > 0.7 and fraction > DETAIL_WIDTH:  # a frame too small for the wider inset: the usual one
        w_frac = _inset_width(ax, DETAIL_WIDTH)
        h_frac = _square_height(ax, w_frac)
    if h_frac > 0.7 or (south == "inset" and h_frac > 0.975 - left_top and w_frac > 0.45):
        return None  # no room for an enlarged view on a frame this small
    corners = [(0.012, 0.988 - h_frac), (0.988 - w_frac, 0.988 - h_frac)]
    if south == "frame" and w_frac <= _inset_width(ax, DETAIL_WIDTH):  # a wider inset: not by the scale bar
        corners.append((0.012, 0.012))
    corners = [c for c in corners if c[0] > 0.5 or c[1] >= left_top + 0.01]
    corner = _empty_corner(ax, (w_frac, h_frac), places, corners)
    width_pt = w_frac * ax.get_position().width * root_figure(ax).get_size_inches()[0] * 72 - 6
    planned = _detail_title(spec, places.iloc[group])  # the places in view are known once it is drawn
    lines = wrap_text(planned, width_pt).count("\n") + 1
    box_frac = (corner[0], corner[1], w_frac, h_frac)
    inset, view = _detail_axes(ax, spec, places.iloc[group], shaded=shaded, bounds=box_frac, lines=lines)
    layer, view = _detail_places(inset, spec, pts, sizing)
    layer = replace(layer, radii=draw_symbols(inset, spec, layer, scale=1.15, sizing=sizing))
    title = inset_title(inset, wrap_text(_detail_title(spec, layer.places), width_pt))
    renderer = renderer_of(ax)
    bar = place_scale_bar(inset, DETAIL_BAR_SPOTS, [box(title, renderer, 2)], pts)
    return Inset("detail-inset", inset, layer, title, bar, box(inset, renderer, 3), view)


#: Where a detail inset's scale bar may go (axes fraction of its left end), best first: clear of symbols and land.
DETAIL_BAR_SPOTS = [(x, y) for y in (0.05, 0.15, 0.3, 0.45, 0.6) for x in (0.05, 0.55, 0.66)]


def _detail_places(
    inset: Axes, spec: MapSpec, pts: pd.DataFrame, sizing: Sizing | None
) -> tuple[Layer, tuple[float, float, float, float]]:
    """Return the places a detail inset shows, moved apart so that no symbol hides another, and its view."""
    (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
    px, py = project_points(pts["lon"].to_numpy(), pts["lat"].to_numpy())
    sel = pts["lon"].notna().to_numpy() & (px > x0) & (px < x1) & (py > y0) & (py < y1)
    layer = spread_layer(inset, place_layer(spec, pts[sel], detailed=True), scale=1.15, sizing=sizing)
    return layer, (x0, x1, y0, y1)


def _detail_title(spec: MapSpec, places: pd.DataFrame) -> str:
    """Title a detail inset with the places in view, most records first, each under one name (its gazetteer name)."""
    named = places[places["name"] != ""]
    totals = named.groupby("name", sort=True)["n"].sum().sort_values(ascending=False, kind="mergesort")
    names = [clean_name(c, 20) for c in totals.index[:3]]
    detail = spec.texts["labelled_value"].format(label=spec.texts["detail"], value=", ".join(names))
    return detail if names else spec.texts["detail"]


def _detail_axes(
    ax: Axes,
    spec: MapSpec,
    group: pd.DataFrame,
    *,
    shaded: bool,
    bounds: tuple[float, float, float, float],
    lines: int = 1,
) -> tuple[Axes, tuple[float, float, float, float]]:
    """Draw an enlarged view of a crowded group of places at ``bounds`` (axes fraction); frame its area on the map."""
    from matplotlib.patches import Rectangle

    x, y = group["x"].to_numpy(), group["y"].to_numpy()
    cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    half = max(x.max() - x.min(), y.max() - y.min()) / 2 * 1.25 + 25_000
    w_frac = bounds[2]
    side_in = w_frac * ax.get_position().width * root_figure(ax).get_size_inches()[0]
    strip = 2 * half * _strip_in(lines) / (side_in - _strip_in(lines))  # room for the title above the places (metres)
    half, cy = half + strip / 2, cy + strip / 2
    inset = ax.inset_axes(bounds, gid="detail-inset", zorder=30)
    draw_regions(inset, spec, shaded=shaded, provinces=True)
    inset.set_xlim(cx - half, cx + half)
    inset.set_ylim(cy - half, cy + half)
    inset.apply_aspect()
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
