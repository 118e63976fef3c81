"""The maps: points, choropleth and both combined, drawn in one order.

A map is drawn in this order, each step deciding what the next may use:

1. the page (:mod:`._layout`), sized for the longest caption it can have;
2. the base map: sea, neighbours, regions (shaded or blank), zone outlines (:mod:`._basemap`);
3. the insets (:mod:`._insets`), which decide which places the main frame leaves to them;
4. the records: one symbol per place, or a density of records per hexagon (:mod:`._places`);
5. the furniture: north arrow and scale bar (:mod:`._furniture`);
6. the legends, stacked from the lower right corner (:mod:`._legends`);
7. the labels, clear of everything above (:mod:`._maplabels`, :mod:`._places`, :mod:`._placer`);
8. the caption, once the labels are known (:mod:`._maplabels`); the room it does not use is trimmed.

Each step's result goes into the map's :class:`~.drawing.MapRecord`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..mapspec import DENSITY_PLACES, MapSpec, place_count
from ._basemap import SOUTH, draw_regions, draw_zones, extent, main_land, outline_density, project_points
from ._coarse import CoarseLayer, coarse_handle, draw_coarse
from ._density import hold_hexagons
from ._furniture import (
    add_north_arrow,
    place_north_arrow,
    place_scale_bar,
)
from ._insets import (
    DETAIL_CROWD,
    DetailPlan,
    Inset,
    detail_inset,
    detail_plan,
    inside_inset,
    south_density,
    south_inset,
    south_size,
)
from ._keyspots import kept_stack, keys_inside
from ._layout import MapPage, caption_reserve, map_page, map_scale, trim
from ._legends import (
    LegendGroup,
    class_handles,
    density_handles,
    legend_handles,
    legend_record,
    legends_below,
    pattern_rule,
    point_handles,
    size_handles,
    stack_legends,
)
from ._maplabels import label_map, label_obstacles, map_caption_width, write_map_caption
from ._mapstate import MapState, Records, Show
from ._places import (
    DENSITY_LABELS,
    DOT_PT,
    Box,
    box,
    crowding,
    draw_density,
    draw_dots,
    draw_symbols,
    group_places,
    place_layer,
    spread_layer,
    symbol_radii,
    top_places,
)
from ._sizing import Sizing, figure_sizing
from ._spots import SPOT_ZOOMS, SYMBOL_ROOM_PT, Blocked, Spot, free_spot, side_spots, zoom_out
from ._style import WIDTH_MM, renderer_of, root_figure, styled
from .drawing import Drawing, Layer, MapRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "draw_choropleth",
    "draw_combined",
    "draw_points",
    "plot_choropleth",
    "plot_combined",
    "plot_points",
]


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
        The record of what was drawn comes with :func:`draw_points`.
    """
    return map_drawing(spec, ax, Show(shaded=False, points=True, labels=labels), width_mm, south).record.main.axes


def plot_choropleth(spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Axes:
    """Shade the regions by the spec's value in its classes, with a legend giving counts per class."""
    return map_drawing(spec, ax, Show(shaded=True, points=False), width_mm, south).record.main.axes


def plot_combined(
    spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM, south: str = "frame", zones: bool = True
) -> Axes:
    """Redraw the study's Figure 3: choropleth, points and (optionally) zone outlines with their shares."""
    show = Show(shaded=True, points=True, labels=True, zones=zones)
    return map_drawing(spec, ax, show, width_mm, south).record.main.axes


def draw_points(spec: MapSpec, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Drawing[MapRecord]:
    """Draw the ``points`` figure (:func:`plot_points`) in the house style on a new figure; return it and its record."""
    with styled():
        return map_drawing(spec, None, Show(shaded=False, points=True, labels=True), width_mm, south)


def draw_choropleth(spec: MapSpec, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Drawing[MapRecord]:
    """Draw the ``choropleth`` figure (:func:`plot_choropleth`) in the house style; return it and its record."""
    with styled():
        return map_drawing(spec, None, Show(shaded=True, points=False), width_mm, south)


def draw_combined(spec: MapSpec, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Drawing[MapRecord]:
    """Draw the ``combined`` figure (:func:`plot_combined`, zones outlined) in the house style, with its record."""
    with styled():
        return map_drawing(spec, None, Show(shaded=True, points=True, labels=True, zones=True), width_mm, south)


def map_drawing(spec: MapSpec, ax: Axes | None, show: Show, width_mm: float, south: str) -> Drawing[MapRecord]:
    """Draw a map in the order of this module's steps, on ``ax`` or a new page; return it and its record.

    A new page too tall for a journal's (its legends set under a narrow map) is drawn again
    with the map narrowed as much as it needs (:func:`._layout.map_scale`), at most
    :data:`_REDRAWS` times; the shortest page is kept (a narrower frame may hold fewer of
    the legends inside it) unless it names fewer places.
    """
    drawing = _map_drawing(spec, ax, show, width_mm, south, 1.0)
    scale = None if ax is not None else map_scale(drawing.figure, drawing.record.main.axes)
    for _ in range(_REDRAWS):
        if scale is None:
            break
        again = _map_drawing(spec, ax, show, width_mm, south, scale)
        shorter = again.figure.get_size_inches()[1] < drawing.figure.get_size_inches()[1]
        if shorter and again.record.labelled >= drawing.record.labelled:  # never at the cost of a place's name
            drawing = again
        scale = map_scale(again.figure, again.record.main.axes, scale)
    return drawing


#: The most times a map too tall for its page is drawn again, narrower (:func:`map_drawing`).
_REDRAWS = 2


def _map_drawing(
    spec: MapSpec, ax: Axes | None, show: Show, width_mm: float, south: str, scale: float
) -> Drawing[MapRecord]:
    """Draw a map (:func:`map_drawing`), on a new page its map frame narrowed by ``scale``."""
    if south not in SOUTH:
        msg = f"south must be 'inset' or 'frame', not {south!r}."
        raise InputError(msg)
    ext = extent(south)
    pts = spec.points if show.points else spec.points.iloc[:0]
    dense = place_count(pts) > DENSITY_PLACES
    planned = None if dense or pts.empty else place_layer(spec, pts, detailed=False)
    width_pt = map_caption_width(width_mm)
    drawn = show.points and not dense and not pts.empty  # categories drawn (symbols), not a density
    labelled = show.points and show.labels
    reserve = caption_reserve(spec, planned, width_pt, labelled=labelled, categories=drawn, shaded=show.shaded)
    page = None
    if ax is None:
        page = map_page(spec, ext, width_mm=width_mm, caption_lines=reserve, shaded=show.shaded, scale=scale)
        ax = page.ax
    _draw_base(ax, spec, ext, show, south)
    main = _main_layer(spec, pts, planned, south)
    m = MapState(spec, ax, show, south, pts, dense, planned, _sizing(ax, planned), main)
    insets, page = _draw_insets(m, ext, page)
    records = _draw_records(m, insets)
    legends, bar, page = _furnish(m, page, insets, records)
    obstacles = label_obstacles(ax, insets, legends)
    record = label_map(m, records, insets, obstacles, bar)
    for each in root_figure(ax).axes:  # geopandas labels projected axes
        each.set_xlabel("")
        each.set_ylabel("")
    record = replace(record, legends=tuple(legend_record(leg) for leg in legends))
    if page is not None:
        record = replace(record, caption=write_map_caption(m, page, record, records, width_pt, reserve))
    return Drawing(root_figure(ax), record)


def _main_layer(spec: MapSpec, pts: pd.DataFrame, planned: Layer | None, south: str) -> Layer | None:
    """Return the main frame's places: all, or (``south="inset"``) those outside the inset's regions (drawn there)."""
    if planned is None or south != "inset":
        return planned
    outside = pts[~inside_inset(pts)]
    return None if outside.empty else place_layer(spec, outside, detailed=False)


def _sizing(ax: Axes, planned: Layer | None) -> Sizing | None:
    """Return the figure's symbol sizes: the largest place (of every frame) at the largest radius for its width."""
    if planned is None or not len(planned.places):
        return None
    width_mm = float(root_figure(ax).get_size_inches()[0]) * 25.4
    return figure_sizing(planned.places["area"].to_numpy(), width_mm, crowding(len(planned.places)))


def _draw_base(ax: Axes, spec: MapSpec, ext: tuple[float, float, float, float], show: Show, south: str) -> None:
    """Draw the regions (``south="inset"``: the inset's as plain land), frame the map on ``ext``, outline the zones."""
    draw_regions(ax, spec, shaded=show.shaded, south=south)
    ax.set_xlim(ext[0], ext[1])
    ax.set_ylim(ext[2], ext[3])
    ax.set_aspect("equal", adjustable="box")
    if show.zones:
        draw_zones(ax, spec)


def _draw_insets(
    m: MapState, ext: tuple[float, float, float, float], page: MapPage | None
) -> tuple[list[Inset], MapPage | None]:
    """Draw the inset of the southern regions (``south="inset"``) and, when places crowd, the detail inset.

    Each goes to a spot over no symbol and no land carrying data (:func:`._spots.free_spot`),
    the map zoomed out when no spot is free. An inset that finds none goes under the map
    (:func:`_set_under`): the frame grows down (the page with it), at the map's scale. On
    axes of the caller's (no page of ours to grow) a detail inset with no spot is not drawn.
    When no spot frees the southern inset, neither inset has one (:func:`_arrange`).
    """
    plan = _plan_detail(m, ext)
    south_at, detail_at = _arrange(m, plan if plan is not None and plan.fits else None)
    south_under = m.south == "inset" and south_at is None
    detail_under = page is not None and plan is not None and detail_at is None
    ref = _frame_in(m.ax) if detail_under else None  # the southern inset keeps the scale planned for its spot
    if page is not None and (south_under or detail_under):
        page, south_at, plan, detail_at = _set_under(m, page, ext, south_at, plan)
    elif south_under:
        south_at = (0.012, 0.012)
    insets = []
    if south_at is not None:
        shown = m.planned is not None
        at = {"at": south_at, "ref_in": ref}
        insets.append(south_inset(m.ax, m.spec, m.pts, shaded=m.show.shaded, with_places=shown, sizing=m.sizing, **at))
    if plan is not None and detail_at is not None:
        assert m.main is not None
        places = m.main.places
        insets.append(detail_inset(m.ax, m.spec, m.pts, places, plan, detail_at, shaded=m.show.shaded, sizing=m.sizing))
    return insets, page


def _plan_detail(m: MapState, ext: tuple[float, float, float, float]) -> DetailPlan | None:
    """Plan the detail inset of the main frame's crowd, if any; on a single column a large crowd goes under the map."""
    if m.main is None or not m.show.labels:
        return None
    plan = detail_plan(m.ax, m.spec, m.main.places, south=m.south, ext=ext)
    if plan is not None and len(plan.group) > DETAIL_CROWD and _frame_mm(m.ax) < NARROW_MM:  # larger under the map
        return replace(plan, fits=False)
    return plan


#: Widest a detail inset set under the map may be (fraction of the frame): larger than on the map, where it crowds;
#: on a frame narrower than :data:`NARROW_MM` a crowd of more than :data:`~._insets.DETAIL_CROWD` places goes under
#: the map, as wide as the frame (on the map it crowds: Casablanca a bare number among unlabelled symbols).
DETAIL_UNDER = 0.62
NARROW_MM = 100.0


def _frame_mm(ax: Axes) -> float:
    """Width of the map frame on paper (mm)."""
    return _frame_in(ax)[0] * 25.4


def _frame_in(ax: Axes) -> tuple[float, float]:
    """Width and height of the map frame on paper (inches)."""
    pos, (fig_w, fig_h) = ax.get_position(), root_figure(ax).get_size_inches()
    return float(pos.width * fig_w), float(pos.height * fig_h)


#: Room between the map's old lower edge and the insets set under it, and between two insets (inches).
_UNDER_GAP_IN = 0.1


def _set_under(
    m: MapState,
    page: MapPage,
    ext: tuple[float, float, float, float],
    south_at: tuple[float, float] | None,
    plan: DetailPlan | None,
) -> tuple[MapPage, tuple[float, float] | None, DetailPlan | None, tuple[float, float] | None]:
    """Set the insets that found no free spot under the map: the frame grows down by their height (the page too).

    The southern inset (``south_at`` None) goes to the lower left, the detail inset (``plan``,
    which found no spot) beside it, or above it when the row is too narrow (:func:`_under_sizes`).
    A southern inset that had a spot keeps it on the map. Returns the page, the southern
    inset's spot, the detail inset's plan and spot.
    """
    frame_w, frame_h = _frame_in(m.ax)
    s_w, s_h, d_w, beside = _under_sizes(m, south_at is None, plan)
    add_in = (max(s_h, d_w) if beside else s_h + d_w + _UNDER_GAP_IN) + _UNDER_GAP_IN
    page = _grow_down(m, page, add_in)
    new_h = _frame_in(m.ax)[1]
    if south_at is not None:  # a spot on the map: the same place on the grown frame
        south_at = (south_at[0], (south_at[1] * frame_h + add_in) / new_h)
    elif s_w:
        ref = (frame_w, frame_h) if plan is not None else None  # scaled for the strip when the detail shares it
        spot = _south_spot(m.ax, south_size(m.ax, m.spec, ref), _blocked(m), 1.0)
        south_at = (0.012, 0.012) if spot is None else (spot.x, spot.y)
    if plan is None or m.main is None:
        return page, south_at, None, None
    plan = detail_plan(m.ax, m.spec, m.main.places, south=m.south, ext=ext, width=d_w / frame_w)
    x = 0.012 + (s_w + _UNDER_GAP_IN) / frame_w if (beside and s_w) else 0.012
    y = 0.012 if beside else 0.012 + (s_h + _UNDER_GAP_IN) / new_h
    return page, south_at, plan, (x, y)


def _under_sizes(m: MapState, south_under: bool, plan: DetailPlan | None) -> tuple[float, float, float, bool]:
    """Sizes (inches) of the insets set under the map: the southern one's width and height, the detail one's side.

    The detail inset is :data:`DETAIL_UNDER` of the frame wide (at least as wide as planned),
    beside the southern inset with what room there is; a crowd of more than
    :data:`~._insets.DETAIL_CROWD` places on a frame narrower than :data:`NARROW_MM` has it
    as wide as the frame, on a row of its own. Returns the sizes and
    whether the two stand side by side.
    """
    frame_w, frame_h = _frame_in(m.ax)
    s_w, s_h = 0.0, 0.0
    if m.south == "inset" and south_under:
        w, h = south_size(m.ax, m.spec)
        s_w, s_h = w * frame_w, h * frame_h
    room = 0.976 * frame_w - (s_w + _UNDER_GAP_IN if s_w else 0.0)
    if plan is None:
        return s_w, s_h, 0.0, True
    narrow = frame_w * 25.4 < NARROW_MM and len(plan.group) > DETAIL_CROWD  # a crowd on a single column
    d_w = max(plan.size[0] * frame_w, (0.976 if narrow else DETAIL_UNDER) * frame_w)
    if d_w > room and not narrow:  # beside the southern inset, with what room there is
        d_w = max(plan.size[0] * frame_w, room)
    return s_w, s_h, d_w, d_w <= room


def _grow_down(m: MapState, page: MapPage, add_in: float) -> MapPage:
    """Grow the map frame down by ``add_in`` inches (the page and caption move down): room under the map.

    The frame keeps its scale: its lower limit goes down by as many metres as it grew on paper.
    """
    fig = page.figure
    pos = m.ax.get_position()
    frame_in = pos.height * float(fig.get_size_inches()[1])
    page = _room_below(page, add_in - 1.5 / 25.4)
    height = float(fig.get_size_inches()[1])
    pos = m.ax.get_position()
    m.ax.set_position((pos.x0, pos.y0 - add_in / height, pos.width, pos.height + add_in / height))
    y0, y1 = m.ax.get_ylim()
    m.ax.set_ylim(y0 - add_in * (y1 - y0) / frame_in, y1)
    return page


def _blocked(m: MapState) -> Blocked:
    """Return what the insets must not cover on the main map: its symbols (or hexagons), and shaded regions' land."""
    land = main_land(m.south)
    hard, soft = (land, None) if m.show.shaded else (None, land)
    if m.main is not None:
        places = m.main.places
        radii = symbol_radii(places["area"].to_numpy(), 1.0, m.sizing) * 1.25 + SYMBOL_ROOM_PT
        return Blocked(places[["x", "y"]].to_numpy(dtype=float), radii, land=hard, soft_land=soft)
    if m.pts.empty:
        return Blocked(np.zeros((0, 2)), np.zeros(0), land=hard, soft_land=soft)
    x, y = project_points(m.pts["lon"].to_numpy(), m.pts["lat"].to_numpy())
    (x0, x1), cell = m.ax.get_xlim(), (m.ax.get_xlim()[1] - m.ax.get_xlim()[0]) / 45  # about a hexagon
    xy = np.column_stack([x, y])[np.isfinite(x) & np.isfinite(y)]
    xy = np.unique(np.round(xy / cell), axis=0) * cell
    width_pt = m.ax.get_window_extent().width * 72 / root_figure(m.ax).dpi
    radius = cell / (x1 - x0) * width_pt + SYMBOL_ROOM_PT
    return Blocked(xy, np.full(len(xy), radius), land=hard, soft_land=soft)


def _arrange(m: MapState, plan: DetailPlan | None) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """Find free spots for the southern and detail insets at the least zoom that frees both; zoom the map so.

    When no zoom frees both, no spot is returned for the detail inset; when none frees the
    southern inset, none for it: each then goes under the map (:func:`_set_under`).
    """
    blocked = _blocked(m)
    south = south_size(m.ax, m.spec) if m.south == "inset" else None
    for with_detail in [True, False] if plan is not None else [False]:
        for zoom in SPOT_ZOOMS:
            s_spot = _south_spot(m.ax, south, blocked, zoom)
            if south is not None and s_spot is None:
                continue
            d_spot = None
            if with_detail and plan is not None:
                taken = (
                    ()
                    if s_spot is None or south is None
                    else ((s_spot.x, s_spot.y, s_spot.x + south[0], s_spot.y + south[1]),)
                )
                view = np.array([plan.view])
                d_blocked = replace(blocked, areas=view, boxes=taken)
                d_spot = free_spot(m.ax, plan.size, side_spots(*plan.size, plan.corners), d_blocked, zooms=(zoom,))
                if d_spot is None:
                    continue
            zoom_out(m.ax, zoom)
            return (None if s_spot is None else (s_spot.x, s_spot.y)), (
                None if d_spot is None else (d_spot.x, d_spot.y)
            )
    return None, None


def _south_spot(ax: Axes, size: tuple[float, float] | None, blocked: Blocked, zoom: float) -> Spot | None:
    """Return the southern inset's free spot at ``zoom`` (the lower left preferred), None if none or no inset."""
    if size is None:
        return None
    return free_spot(ax, size, side_spots(*size, [(0.012, 0.012)]), blocked, zooms=(zoom,))


def _draw_records(m: MapState, insets: list[Inset]) -> Records:
    """Draw the places' symbols on the main frame, or a density of records with the top places dotted.

    A density map's southern inset shows its regions' records as hexagons of the same size
    on the ground and in the same classes.
    """
    if m.main is not None:
        layer = spread_layer(m.ax, m.main, sizing=m.sizing)
        return Records(layer=replace(layer, radii=draw_symbols(m.ax, m.spec, layer, sizing=m.sizing)))
    if not m.dense:
        return Records()
    south = next((inset for inset in insets if inset.name == "south-inset"), None)
    inside = inside_inset(m.pts) if south is not None else np.zeros(len(m.pts), dtype=bool)
    # province-only records: squares of their own, not hexagons
    is_coarse = m.pts["coarse"].to_numpy(dtype=bool) if "coarse" in m.pts else np.zeros(len(m.pts), dtype=bool)
    x, y = project_points(m.pts["lon"].to_numpy(), m.pts["lat"].to_numpy())
    main_hex, south_hex = ~inside & ~is_coarse, inside & ~is_coarse
    density = draw_density(m.ax, x[main_hex], y[main_hex])
    hold_hexagons([m.ax])  # a hexagon at the territory's tip (La Güera) whole in the frame
    if south is not None:  # the southern inset shows its regions' records as the main map does
        density = south_density(south.axes, m.ax, x[south_hex], y[south_hex], density)
    if m.show.shaded:  # hexagons over the choropleth: outlined, to stand apart from its greys
        outline_density(m.ax, *([south.axes] if south is not None else []))
    coarse = _draw_coarse(m, south, inside & is_coarse, ~inside & is_coarse)
    density = replace(density, coarse=coarse.records, coarse_places=coarse.places)
    if not m.show.labels:
        return Records(density=density, coarse=coarse)
    top, total = top_places(m.spec, m.pts[~inside], DENSITY_LABELS)  # the southern inset's: hexagons only
    total += len(group_places(m.pts[inside])[0]) if inside.any() else 0  # the caption counts every place
    dots = np.full(len(top.places), DOT_PT)
    top = replace(spread_layer(m.ax, top, radii_pt=dots), radii=dots)  # no dot hides another
    draw_dots(m.ax, top)
    return Records(density=density, top=top, total=total, coarse=coarse)


def _draw_coarse(m: MapState, south: Inset | None, in_south: np.ndarray, in_main: np.ndarray) -> CoarseLayer:
    """Draw the province-only records' squares on the frame that shows their province; return them as one layer."""
    coarse = draw_coarse(m.ax, m.pts[in_main])
    if south is None or not in_south.any():
        return coarse
    there = draw_coarse(south.axes, m.pts[in_south])
    if not coarse.records:
        return there
    counts = np.concatenate([c for c in (coarse.counts, there.counts) if c is not None])
    radii = np.concatenate([r for r in (coarse.radii, there.radii) if r is not None])
    return replace(
        coarse, records=coarse.records + there.records, places=coarse.places + there.places, radii=radii, counts=counts
    )


def _legend_groups(m: MapState, records: Records) -> list[LegendGroup]:
    """Return the map's legends in reading order: classes, zones, then the records' (density, or points and sizes)."""
    spec = m.spec
    groups: list[LegendGroup] = []
    if m.show.shaded:  # under hexagons, the shade says it is the regions' ("Regions: Records")
        shade = spec.legend_title()
        if records.density is not None:
            shade = spec.texts["labelled_value"].format(label=spec.texts["regions"], value=shade)
        groups.append(LegendGroup(class_handles(spec), shade, "legend-classes"))
    zones = legend_handles(spec, ("zones",)) if m.show.zones else []
    if zones:
        groups.append(LegendGroup(zones, spec.texts["zones"], "legend-zones"))
    if not m.show.points:
        return groups
    if records.density is not None:
        title = spec.texts["density"].format(km=records.density.km)
        handles = density_handles(records.density, spec.lang) + coarse_handle(spec, records.coarse)
        groups.append(LegendGroup(handles, title, "legend-density"))
        return groups
    groups.append(LegendGroup(point_handles(spec, records.layer), spec.category_title(), "legend-points"))
    groups.append(LegendGroup(pattern_rule(spec), "", "legend-patterns"))
    title = spec.column_title(spec.size_by) if spec.size_by is not None else ""  # records: the labels say so
    groups.append(LegendGroup(size_handles(spec, records.layer, m.sizing), title, "legend-size", sized=True))
    return groups


def _furnish(
    m: MapState, page: MapPage | None, insets: list[Inset], records: Records
) -> tuple[list[Any], Any, MapPage | None]:
    """Place the legends, the north arrow and the scale bar, each clear of the others and of the insets.

    The legends stack inside the frame from its lower right; where they do not fit (a
    narrow figure), or where one would cover a record, a symbol or Moroccan land (it and
    those stacked above it), each tries a free spot along the frame's sides, at sea or over
    a neighbouring country (:func:`._keyspots.keys_inside`); those that find none go in rows
    under the frame and the caption moves down.
    """
    ax, renderer = m.ax, renderer_of(m.ax)
    taken = [inset.box for inset in insets]
    groups = _legend_groups(m, records)
    arrow = [box(a, renderer, 2) for a in _default_arrow(ax)]  # the legends' columns stay under it
    legends = stack_legends(ax, list(reversed(groups)), avoid=tuple(arrow))
    if page is not None:
        legends, page, taken = _keys_placed(m, page, insets, [g for g in reversed(groups) if g.handles], legends)
    taken += [box(leg, renderer, 2) for leg in legends]
    for artist in _arrow_artists(ax):  # placed again: clear of the legends and insets, off land and data
        artist.remove()
    frames = [box(a, renderer, 2) for a in ax.get_children() if a.get_gid() == "detail-frame"]
    place_north_arrow(ax, taken + frames, m.pts)
    taken += [box(a, renderer, 2) for a in _arrow_artists(ax)]
    return legends, place_scale_bar(ax, _bar_spots(m, insets), taken, m.pts), page


def _keys_placed(
    m: MapState, page: MapPage, insets: list[Inset], stacked: list[LegendGroup], legends: list[Any]
) -> tuple[list[Any], MapPage, list[Box]]:
    """Keep the stacked legends that may stay, move the others to free spots, set the rest under the frame.

    ``stacked``: the groups the legends were drawn from (one a legend). Returns the legends,
    the page (grown by what went under the frame) and the insets' boxes as drawn now.
    """
    ax, renderer = m.ax, renderer_of(m.ax)
    taken = [inset.box for inset in insets]
    kept = kept_stack(ax, legends, taken, m.pts)
    frames = [box(a, renderer, 2) for a in legends[:kept]]
    frames += [box(a, renderer, 2) for a in ax.get_children() if a.get_gid() == "detail-frame"]
    placed = keys_inside(ax, legends[kept:], taken + frames, m.pts, stacked[kept:])
    legends = legends[:kept] + [leg for leg in placed if leg is not None]
    under = [g for g, leg in zip(stacked[kept:], placed, strict=True) if leg is None]
    if under:  # the rest go in rows under the frame, in their order
        below, height = legends_below(ax, list(reversed(under)), m.spec)
        legends += below
        page = _room_below(page, height)
        taken = [box(inset.axes, renderer, 3) for inset in insets]  # the page grew: measure again
    return legends, page, taken


def _default_arrow(ax: Axes) -> list[Any]:
    """Draw the north arrow at its usual place, the upper right; return its artists."""
    add_north_arrow(ax, x=0.955, y=0.9)
    return _arrow_artists(ax)


def _arrow_artists(ax: Axes) -> list[Any]:
    return [a for a in ax.get_children() if (a.get_gid() or "").startswith("north-arrow")]


def _room_below(page: MapPage, inches_: float) -> MapPage:
    """Add ``inches_`` (and 1.5 mm) under the map frame for the legends; move the caption down by as much."""
    height = float(page.figure.get_size_inches()[1])
    added = inches_ + 1.5 / 25.4
    from_top = (1 - page.caption_top) * height + added
    trim(page.figure, -added * 25.4)
    renderer = renderer_of(page.ax)
    for inset in page.ax.child_axes:  # insets follow their frame when drawn: place them now, to measure them
        locator = inset.get_axes_locator()
        if locator is not None:
            inset.apply_aspect(locator(inset, renderer))
    return page._replace(caption_top=1 - from_top / (height + added))


def _bar_spots(m: MapState, insets: list[Inset]) -> list[tuple[float, float]]:
    """Where the main scale bar may go (axes fraction of its left end), best first: low on the sea side.

    Beside and above the southern inset when it is at the lower left; last, above the insets
    at the lower left (set under the map). Spots under an inset are skipped by
    :func:`._furniture.place_scale_bar` (the insets are taken boxes).
    """
    spots = [(0.03, 0.03), (0.03, 0.1), (0.03, 0.2), (0.03, 0.3), (0.03, 0.4)]
    frame = m.ax.get_window_extent(renderer_of(m.ax))
    south = next((inset for inset in insets if inset.name == "south-inset"), None)
    if south is not None:
        drawn = box(south.axes, renderer_of(m.ax), 3)  # as placed now
        right = (drawn[2] - frame.x0) / frame.width + 0.02
        top = (drawn[3] - frame.y0) / frame.height + 0.04
        beside = [(right, 0.03), (right, 0.1), (0.03, top), (right, 0.2), (right, 0.3), (0.03, top + 0.08)]
        low_left = (drawn[1] - frame.y0) / frame.height < 0.05
        spots = [*beside, *spots] if low_left else [*spots, *beside]
    top = 0.0  # above the insets stacked at the lower left (a detail inset as wide as the frame under the map)
    for b in sorted((box(inset.axes, renderer_of(m.ax), 3) for inset in insets), key=lambda b: b[1]):
        y0, y1 = (b[1] - frame.y0) / frame.height, (b[3] - frame.y0) / frame.height
        if (b[0] - frame.x0) / frame.width < 0.05 and y0 < top + 0.05:
            top = max(top, y1)
    if top:
        spots += [(0.03, top + 0.04), (0.03, top + 0.12), (0.03, top + 0.2)]
    return spots
