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
from ._basemap import draw_regions, inset_bounds, project_points
from ._furniture import inset_title, place_scale_bar, round_scale, title_band
from ._places import (
    Box,
    Labelling,
    box,
    draw_symbols,
    group_places,
    place_layer,
    shade_density,
    spread_layer,
    symbol_radii,
)
from ._sizing import Sizing
from ._style import DETAIL_COLOR, TEXT_PT, clean_name, renderer_of, root_figure, word_width, wrap_text
from .drawing import Density, Frame, Layer, ScaleBar

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "DETAIL_BAR_SPOTS",
    "SOUTH_BAR_SPOTS",
    "DetailPlan",
    "Inset",
    "dense_group",
    "detail_inset",
    "detail_plan",
    "inside_inset",
    "south_density",
    "south_inset",
    "south_size",
]

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
SOUTH_BAR_SPOTS = [(0.62, 0.05), *[(0.04, y) for y in (0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.72)], (0.3, 0.05)]
#: Widest the southern inset grows to hold its title on one line (fraction of the frame).
SOUTH_TITLE_MAX = 0.4


def south_size(ax: Axes, spec: MapSpec, ref_in: tuple[float, float] | None = None) -> tuple[float, float]:
    """Return the southern inset's width and height (axes fractions of the map frame), title strip included.

    ``ref_in``: the frame's size (inches) the inset is scaled for (:func:`_south_frame`).
    """
    _, bounds, _ = _south_titled(ax, spec, ref_in)
    return bounds[2], bounds[3]


def south_inset(
    ax: Axes,
    spec: MapSpec,
    pts: pd.DataFrame,
    *,
    shaded: bool,
    with_places: bool,
    sizing: Sizing | None = None,
    at: tuple[float, float] | None = None,
    ref_in: tuple[float, float] | None = None,
) -> Inset:
    """Draw the pack's inset regions in an inset at the lower left, at their own stated scale, with their places.

    The inset is sized on paper to its regions' extent at equal scale (nothing shrinks it
    when it is drawn), with a strip above the regions for its title, so the scale it states
    is the scale it is drawn at, measured from its drawn extent and width. ``sizing``: the
    figure's symbol sizes (its places' symbols are the main map's size for their records).
    ``at``: its lower left corner (axes fraction; :func:`._spots.free_spot`), else the frame's.
    ``ref_in``: the frame's size (inches) it is scaled for, if the frame grew since its spot was found.
    """
    text, bounds, view = _south_titled(ax, spec, ref_in)
    if at is not None:
        bounds = (at[0], at[1], bounds[2], bounds[3])
    south_ax = ax.inset_axes(bounds, gid="south-inset", zorder=30)
    draw_regions(south_ax, spec, shaded=shaded, provinces=False)
    south_ax.set_xlim(view[0], view[1])
    south_ax.set_ylim(view[2], view[3])
    south_ax.apply_aspect()
    title = inset_title(south_ax, text)
    sub = pts[inside_inset(pts)]
    layer = None
    if with_places and not sub.empty:
        layer = spread_layer(south_ax, place_layer(spec, sub, detailed=False), scale=0.8, sizing=sizing)
        layer = replace(layer, radii=draw_symbols(south_ax, spec, layer, scale=0.8, sizing=sizing))
    renderer = renderer_of(ax)
    taken = [box(a, renderer, 2) for a in (title, *title_band(south_ax))]
    bar = place_scale_bar(south_ax, SOUTH_BAR_SPOTS, taken, sub)
    return Inset("south-inset", south_ax, layer, title, bar, box(south_ax, renderer, 3))


def inside_inset(pts: pd.DataFrame) -> np.ndarray:
    """Return which records lie in the pack's inset regions (drawn in the southern inset, not the main frame)."""
    if pts.empty:
        return np.zeros(0, dtype=bool)
    return np.asarray(pts["region_code"].isin(pack().inset_regions).to_numpy(dtype=bool))


def south_density(inset: Axes, main: Axes, x: np.ndarray, y: np.ndarray, density: Density) -> Density:
    """Draw records ``x``, ``y`` as hexagons on the southern inset: the main map's size on the ground and classes.

    The hexagons have the main map's width and height in metres (the grid is laid from the
    inset's lower left); both layers are shaded again on the classes of the highest count
    of either, so a colour means one count on both frames. Returns the shared density.
    """
    hexagons = [c for c in main.collections if c.get_gid() == "density"]
    if not len(x) or not hexagons:
        return density
    (mx0, mx1), (my0, my1) = main.get_xlim(), main.get_ylim()
    sx, sy = (mx1 - mx0) / density.gridsize, (my1 - my0) / int(density.gridsize / math.sqrt(3))
    (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
    nx, ny = math.ceil((x1 - x0) / sx), math.ceil((y1 - y0) / sy)
    hb = inset.hexbin(
        x,
        y,
        gridsize=(nx, ny),
        extent=(x0, x0 + nx * sx, y0, y0 + ny * sy),
        mincnt=1,
        linewidths=0.2,
        edgecolors="white",
        zorder=14,
        gid="density",
    )
    inset.set_xlim(x0, x1)  # hexbin frames its axes on the grid: keep the inset's view and stated scale
    inset.set_ylim(y0, y1)
    counts = [np.asarray(h.get_array(), dtype=float) for h in [*hexagons, hb]]
    top = int(max(float(c.max()) for c in counts if len(c)))
    classes, colors = shade_density(hexagons[0], top)
    shade_density(hb, top)
    return replace(density, classes=classes, colors=colors, cells=density.cells + len(counts[-1]))


def _strip_in(lines: int) -> float:
    """Height in inches of an inset's title strip of ``lines`` lines and its box: no place is drawn under it."""
    return (TEXT_PT * (1.25 * lines + 0.35) + 2) / 72


def _south_titled(
    ax: Axes, spec: MapSpec, ref_in: tuple[float, float] | None = None
) -> tuple[str, tuple[float, float, float, float], tuple[float, ...]]:
    """Return the southern inset's title with the inset's bounds and view (:func:`_south_frame`).

    The title states the scale the inset is drawn at. The inset widens (at most to
    :data:`SOUTH_TITLE_MAX` of the frame) to hold its title on one line; on a narrower
    frame the title wraps and its strip has room for every line.
    """
    frame_w = root_figure(ax).get_size_inches()[0] * ax.get_position().width
    _, _, per_inch = _south_frame(ax, ref_in=ref_in)
    scale = number(round_scale(per_inch / 0.0254), spec.lang)
    text = spec.texts["south_scale"].format(scale=scale)
    one_line = (word_width(text, TEXT_PT) * 1.03 + 10) / 72  # the line, kerning to spare, its box's padding (in)
    wide = min(one_line, SOUTH_TITLE_MAX * frame_w)
    lines = wrap_text(text, wide * 72 - 8).count("\n") + 1
    bounds, view, _ = _south_frame(ax, lines, wide, ref_in)
    return wrap_text(text, bounds[2] * frame_w * 72 - 8), bounds, view


def _south_frame(
    ax: Axes, lines: int = 1, min_width_in: float = 0.0, ref_in: tuple[float, float] | None = None
) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float], float]:
    """Return the southern inset's bounds (axes fraction), view and metres per inch.

    The regions are drawn at :data:`SOUTH_WIDTH` of the frame's width or
    :data:`SOUTH_HEIGHT` of its height, whichever is smaller, with a title strip of
    ``lines`` above them; the inset is at least ``min_width_in`` wide (the view widens, the
    scale stays), so drawing it at equal aspect shrinks nothing. ``ref_in``: the frame's
    size (inches) to scale it for, when the frame has grown under it since (else the frame's own).
    """
    minx, miny, maxx, maxy = inset_bounds()
    pos = ax.get_position()
    fig_w, fig_h = root_figure(ax).get_size_inches()
    frame_w, frame_h = pos.width * fig_w, pos.height * fig_h  # inches
    strip_in = _strip_in(lines)
    data_w, data_h = maxx - minx + 2 * SOUTH_MARGIN, maxy - miny + 2 * SOUTH_MARGIN
    ref_w, ref_h = ref_in if ref_in is not None else (frame_w, frame_h)
    per_inch = max(data_w / (SOUTH_WIDTH * ref_w), data_h / (SOUTH_HEIGHT * ref_h))  # metres per inch
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


def _square_height(ax: Axes, w_frac: float) -> float:
    """Height (axes fraction) of a box ``w_frac`` of the frame wide that is square on paper."""
    pos = ax.get_position()
    fig_w, fig_h = root_figure(ax).get_size_inches()
    return float(w_frac * (pos.width * fig_w) / (pos.height * fig_h))


@dataclass(frozen=True, eq=False)
class DetailPlan:
    """A detail inset planned, before it has a spot: its crowd, size, preferred corners and title lines.

    Attributes
    ----------
    group : numpy.ndarray
        Rows of the main frame's places it enlarges.
    size : tuple of float
        Width and height (axes fractions).
    corners : list of tuple of float
        Preferred lower-left corners, best first (:func:`._spots.side_spots` adds the rest).
    lines : int
        Lines of its title.
    view : tuple of float
        ``(x0, y0, x1, y1)`` of the area it enlarges (drawing CRS): data it must not cover.
    fits : bool
        Whether the frame has room for it; if not, it is set under the map.
    """

    group: np.ndarray
    size: tuple[float, float]
    corners: list[tuple[float, float]]
    lines: int
    view: tuple[float, float, float, float]
    fits: bool = True


def detail_plan(
    ax: Axes,
    spec: MapSpec,
    places: pd.DataFrame,
    *,
    south: str,
    ext: tuple[float, float, float, float],
    width: float | None = None,
) -> DetailPlan | None:
    """Plan a detail inset where places crowd together; None if none crowd.

    ``width``: the inset's width (fraction of the frame) when it is set under the map;
    otherwise it is sized for a spot on the map, and ``fits`` says whether the frame has
    room for it (else it goes under the map, never left out).
    """
    group = dense_group(
        places["x"].to_numpy(), places["y"].to_numpy(), places["n"].to_numpy(), radius=0.06 * (ext[1] - ext[0])
    )
    if not len(group):
        return None
    fits = True
    if width is None:
        fraction = DETAIL_WIDTH * float(np.clip(np.sqrt(len(group) / DETAIL_CROWD), 1.0, DETAIL_WIDEST / DETAIL_WIDTH))
        w_frac = _inset_width(ax, fraction)
        h_frac = _square_height(ax, w_frac)
        if h_frac > 0.7 and fraction > DETAIL_WIDTH:  # a frame too small for the wider inset: the usual one
            w_frac = _inset_width(ax, DETAIL_WIDTH)
            h_frac = _square_height(ax, w_frac)
        fits = not (h_frac > 0.7 or (south == "inset" and w_frac > 0.45))  # else: under the map
    else:
        w_frac, h_frac = width, _square_height(ax, width)
    corners = [(0.012, 0.988 - h_frac), (0.988 - w_frac, 0.988 - h_frac)]
    if south == "frame" and w_frac <= _inset_width(ax, DETAIL_WIDTH):  # a wider inset: not by the scale bar
        corners.append((0.012, 0.012))
    width_pt = w_frac * ax.get_position().width * root_figure(ax).get_size_inches()[0] * 72 - 6
    lines = wrap_text(_detail_title(spec, places.iloc[group]), width_pt).count("\n") + 1
    cx, cy, half = _detail_view(ax, places.iloc[group], w_frac, lines)
    view = (cx - half, cy - half, cx + half, cy + half)
    return DetailPlan(group, (w_frac, h_frac), corners, lines, view, fits)


def detail_inset(
    ax: Axes,
    spec: MapSpec,
    pts: pd.DataFrame,
    places: pd.DataFrame,
    plan: DetailPlan,
    at: tuple[float, float],
    *,
    shaded: bool,
    sizing: Sizing | None = None,
) -> Inset:
    """Draw the crowded places of ``plan`` enlarged in a detail inset whose lower left corner is ``at``.

    ``sizing``: the figure's symbol sizes.
    """
    w_frac, h_frac = plan.size
    width_pt = w_frac * ax.get_position().width * root_figure(ax).get_size_inches()[0] * 72 - 6
    box_frac = (at[0], at[1], w_frac, h_frac)
    inset = _detail_axes(ax, spec, places.iloc[plan.group], shaded=shaded, bounds=box_frac, lines=plan.lines)
    layer, view = _detail_places(inset, spec, pts, sizing, plan.lines)
    layer = replace(layer, radii=draw_symbols(inset, spec, layer, scale=1.15, sizing=sizing))
    _frame_view(ax, view)
    title = inset_title(inset, wrap_text(_detail_title(spec, layer.places), width_pt))
    renderer = renderer_of(ax)
    bar = place_scale_bar(inset, DETAIL_BAR_SPOTS, [box(a, renderer, 2) for a in (title, *title_band(inset))], pts)
    return Inset("detail-inset", inset, layer, title, bar, box(inset, renderer, 3), view)


#: Where a detail inset's scale bar may go (axes fraction of its left end), best first: clear of symbols and land.
DETAIL_BAR_SPOTS = [(x, y) for y in (0.05, 0.15, 0.3, 0.45, 0.6) for x in (0.05, 0.55, 0.66)]


def _detail_places(
    inset: Axes, spec: MapSpec, pts: pd.DataFrame, sizing: Sizing | None, lines: int
) -> tuple[Layer, tuple[float, float, float, float]]:
    """Return the places a detail inset shows, moved apart so that no symbol hides another, and its view.

    The view grows (square, about its centre) until every symbol it draws lies whole inside
    it and below its title's strip, a place the grown view takes in drawn too, by at most
    :data:`DETAIL_GROW_MAX` of its side (it stays an enlargement); a place whose symbol would
    still be cut at its edge is left to the main map, where it is drawn and identified.
    """
    px, py = project_points(pts["lon"].to_numpy(), pts["lat"].to_numpy())
    known = pts["lon"].notna().to_numpy()
    limit = (inset.get_xlim()[1] - inset.get_xlim()[0]) * DETAIL_GROW_MAX / 2
    grown = 0.0
    edge = np.zeros(len(pts), dtype=bool)
    for _ in range(DETAIL_GROW_ROUNDS):
        (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
        sel = known & (px > x0) & (px < x1) & (py > y0) & (py < y1) & ~edge
        layer = spread_layer(inset, place_layer(spec, pts[sel], detailed=True), scale=1.15, sizing=sizing)
        need = _overshoot(inset, layer, sizing, lines)
        if need <= 0:
            break
        if grown >= limit:  # grown enough: the places cut at the edge go to the main map
            edge |= _at_edge(inset, pts, (px, py), sizing, lines)
            continue
        need = min(need, limit - grown)
        grown += need
        inset.set_xlim(x0 - need, x1 + need)
        inset.set_ylim(y0 - need, y1 + need)
    (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
    return layer, (x0, x1, y0, y1)


def _at_edge(
    inset: Axes, pts: pd.DataFrame, xy: tuple[np.ndarray, np.ndarray], sizing: Sizing | None, lines: int
) -> np.ndarray:
    """Which records' places lie too near the inset's edge (or under its title) for a whole symbol of theirs."""
    (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
    k = (x1 - x0) / max(inset.get_window_extent().width, 1.0) * root_figure(inset).dpi / 72  # data per pt
    places, place_of = group_places(pts)
    r = (symbol_radii(places["area"].to_numpy()[place_of], 1.15, sizing) * 1.25 + EDGE_ROOM_PT) * k
    x, y = xy
    top = y1 - _strip_in(lines) * 72 * k
    return np.asarray((x - r < x0) | (x + r > x1) | (y - r < y0) | (y + r > top), dtype=bool)


#: Rounds of growing a detail inset's view to hold its symbols whole (each round takes in what it grew over).
DETAIL_GROW_ROUNDS = 5
#: Most a detail inset's view may grow, as a share of its side (more, and it enlarges nothing).
DETAIL_GROW_MAX = 0.3
#: Room kept between a symbol and the inset's edge (pt).
EDGE_ROOM_PT = 1.5


def _overshoot(inset: Axes, layer: Layer, sizing: Sizing | None, lines: int) -> float:
    """How far (drawing CRS) the inset's view must grow on every side to hold each symbol whole under its title."""
    if not len(layer.places):
        return 0.0
    (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
    k = (x1 - x0) / max(inset.get_window_extent().width, 1.0) * root_figure(inset).dpi / 72  # data per pt
    r = (symbol_radii(layer.places["area"].to_numpy(), 1.15, sizing) * 1.25 + EDGE_ROOM_PT) * k
    x, y = layer.places["x"].to_numpy(), layer.places["y"].to_numpy()
    top = y1 - _strip_in(lines) * 72 * k
    worst = max(
        float(np.max(x0 - (x - r))), float(np.max(x + r - x1)), float(np.max(y0 - (y - r))), float(np.max(y + r - top))
    )
    return worst * 1.2 if worst > 0 else 0.0


def _detail_title(spec: MapSpec, places: pd.DataFrame) -> str:
    """Title a detail inset with the places in view, most records first, each under one name (its gazetteer name)."""
    named = places[places["name"] != ""]
    totals = named.groupby("name", sort=True)["n"].sum().sort_values(ascending=False, kind="mergesort")
    # "El Jadida" never cut (L19): the title breaks between names
    names = [clean_name(c, 20).replace(" ", "\u00a0") for c in totals.index[:3]]
    detail = spec.texts["labelled_value"].format(label=spec.texts["detail"], value=", ".join(names))
    return detail if names else spec.texts["detail"]


def _detail_view(ax: Axes, group: pd.DataFrame, w_frac: float, lines: int) -> tuple[float, float, float]:
    """Centre and half side (drawing CRS) of the view enlarging ``group``, with room above for the title."""
    x, y = group["x"].to_numpy(), group["y"].to_numpy()
    cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    half = max(x.max() - x.min(), y.max() - y.min()) / 2 * 1.25 + 25_000
    side_in = w_frac * ax.get_position().width * root_figure(ax).get_size_inches()[0]
    strip = 2 * half * _strip_in(lines) / (side_in - _strip_in(lines))  # room for the title above the places (metres)
    return cx, cy + strip / 2, half + strip / 2


def _detail_axes(
    ax: Axes,
    spec: MapSpec,
    group: pd.DataFrame,
    *,
    shaded: bool,
    bounds: tuple[float, float, float, float],
    lines: int = 1,
) -> Axes:
    """Draw an enlarged view of a crowded group of places at ``bounds`` (axes fraction)."""
    cx, cy, half = _detail_view(ax, group, bounds[2], lines)
    inset = ax.inset_axes(bounds, gid="detail-inset", zorder=30)
    draw_regions(inset, spec, shaded=shaded, provinces=True)
    inset.set_xlim(cx - half, cx + half)
    inset.set_ylim(cy - half, cy + half)
    inset.apply_aspect()
    for side in inset.spines.values():
        side.set_edgecolor(DETAIL_COLOR)
        side.set_linewidth(0.8)
    return inset


def _frame_view(ax: Axes, view: tuple[float, float, float, float]) -> None:
    """Frame on the map the area ``(x0, x1, y0, y1)`` a detail inset enlarges."""
    from matplotlib.patches import Rectangle

    x0, x1, y0, y1 = view
    frame = Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=DETAIL_COLOR, linewidth=0.7, zorder=24)
    frame.set_gid("detail-frame")
    ax.add_patch(frame)
