"""Where a map's key may stand inside its frame: at sea or over a neighbouring country, before going under the map.

The legends stack from the frame's lower right (:func:`._legends.stack_legends`). One that
would cover Moroccan land, a record or a symbol used to go under the map and grow the page;
:func:`keys_inside` first tries spots along the frame's four sides (the Atlantic at the
left, Spain at the top, Algeria and Mauritania at the right), measured in display space
against the regions (as :func:`._furniture.first_on_land` does) and the drawn data (as
:func:`._furniture.first_over_data` does). Sea is preferred to a neighbour's land, then a
spot nearer a corner of the frame. Every candidate test is vectorised.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ._basemap import all_land
from ._furniture import _data_boxes, first_on_land, first_over_data, reaches_land
from ._legends import LegendGroup, add_legend, legends_clash
from ._places import Box, box
from ._style import renderer_of, root_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["KEY_LAND_MM", "SPOTS_PER_SIDE", "UNDER", "UNDER_CLEAR_MM", "kept_stack", "keys_inside"]

#: How deep (mm) a key moved here may reach into Moroccan land: half the coastline's width that
#: :func:`._furniture.first_on_land` allows (0.3 mm), as the legend drawn there may stand a pixel off its spot.
KEY_LAND_MM = 0.15
#: Spots tried along each side of the frame.
SPOTS_PER_SIDE = 24
#: Keys that stand at sea only far from the data (:data:`UNDER_CLEAR_MM`), else go under the map: the categories'
#: key is large and the sea by the coast is where the names, numbers and leaders of the crowded coastal places go
#: (random 150 records at 174 mm: 98 of 112 places marked with it by the coast, 101 under it).
UNDER = frozenset({"legend-points"})
#: Least distance (mm) from a key of :data:`UNDER` to any record or symbol: beyond the reach of their labels.
UNDER_CLEAR_MM = 12.0
#: Widths (share of the frame's) a legend is drawn again at, its lines wrapped, when it finds no spot as it is.
NARROWER = (0.55, 0.42)
#: Steps (mm) of a spot's distance to the data: a spot a step farther is preferred (their labels go near them), up to 3.
CLEAR_MM = 5.0
#: Room (mm) kept between a key and a record or a symbol, so their labels find room beside them.
DATA_ROOM_MM = 1.0


def kept_stack(ax: Axes, legends: list[Any], taken: list[Box], points: Any) -> int:
    """Return how many stacked legends, from the first, stay where they were stacked.

    Those below the first that leaves the frame or meets a ``taken`` box (an inset; a
    narrow frame holds the first, small ones: the size key), and below the first that
    would cover a record, a symbol or Moroccan land (the legends stack from the frame's
    lower right, the sea or the neighbouring countries on most maps).
    """
    fits = next((k for k in range(len(legends), 0, -1) if not legends_clash(ax, legends[:k], taken)), 0)
    renderer = renderer_of(ax)
    on_data = first_over_data(ax, [box(leg, renderer, 2) for leg in legends[:fits]], points)
    return min(on_data, first_on_land(ax, [box(leg, renderer, 0) for leg in legends[:fits]]))


def keys_inside(
    ax: Axes, legends: list[Any], taken: list[Box], points: Any, groups: list[LegendGroup] | None = None
) -> list[Any]:
    """Move each legend, in order, to a free spot inside the frame; return each one there, or None.

    A spot is free when the legend there stays in the frame, covers no ``taken`` box (the
    insets, the detail's frame, the legends kept or moved before it; display units), no
    record or symbol (with :data:`DATA_ROOM_MM` to spare) and reaches no deeper than
    :data:`KEY_LAND_MM` into Moroccan land. A legend that finds none is drawn again from its
    group, its lines wrapped narrower (:data:`NARROWER` of the frame's width), and tried
    again; one that still finds none, and the keys of :data:`UNDER`, are taken off the map (its
    caller sets them under the map).

    Parameters
    ----------
    ax : matplotlib Axes
        The map's frame, its data drawn.
    legends : list of matplotlib Legend
        The legends to place, anchored by their lower right corner in axes fraction.
    taken : list of Box
        Boxes the legends must not cover (display units).
    points : pandas.DataFrame or None
        The records (``lon``, ``lat``) whose points a legend must not cover.
    groups : list of LegendGroup, optional
        What each legend was drawn from, to draw it narrower; without them, none is.

    Returns
    -------
    list
        For each legend, the legend at its free spot (itself, or drawn narrower), or None.
    """
    renderer = renderer_of(ax)
    px_mm = root_figure(ax).dpi / 25.4
    data = _data_boxes(ax, points if points is not None else [], renderer)
    data = data + np.array([-1, -1, 1, 1]) * DATA_ROOM_MM * px_mm
    blocked = list(taken)
    placed = []
    for legend in legends:  # first as they are, then (the sea left to those that fit as they are) narrower
        placed.append(_place(ax, legend, blocked, data, _clear_mm(legend)))
        if placed[-1] is not None:
            blocked.append(box(legend, renderer, 2))
    for k, legend in enumerate(legends):
        narrowed = placed[k] is None
        for narrower in _narrower(ax, groups[k] if groups and narrowed else None):
            placed[k] = _place(ax, narrower, blocked, data, _clear_mm(legend)) if placed[k] is None else placed[k]
            if placed[k] is not narrower:
                narrower.remove()
        if placed[k] is not legend:  # under the map, or drawn again narrower
            legend.remove()
        if placed[k] is not None and placed[k] is not legend:
            blocked.append(box(placed[k], renderer, 2))
    return placed


def _narrower(ax: Axes, group: LegendGroup | None) -> Iterator[Any]:
    """Draw ``group``'s legend again, its lines wrapped to each share of :data:`NARROWER` of the frame's width."""
    if group is None or group.sized:
        return
    frame_pt = ax.get_window_extent(renderer_of(ax)).width * 72 / root_figure(ax).dpi
    for share in NARROWER:
        legend = add_legend(ax, group._replace(width=share * frame_pt), (0.0, 1.0), loc="upper left")
        ax.legend_ = None  # an artist of the frame like the others: taken off by its remove()
        yield legend


def _clear_mm(legend: Any) -> float:
    """Return the least distance (mm) ``legend`` keeps from the data: :data:`UNDER_CLEAR_MM` for an UNDER key."""
    return UNDER_CLEAR_MM if legend.get_gid() in UNDER else 0.0


def _place(ax: Axes, legend: Any, blocked: list[Box], data: np.ndarray, clear_mm: float = 0.0) -> Any:
    """Move ``legend`` to its best free spot and return it; None (the legend left as it was) when it has none.

    ``clear_mm``: the least distance from the spot to the data.
    """
    spot = _spot_of(ax, legend, blocked, data, clear_mm)
    if spot is None:
        return None
    _anchor(ax, legend, spot[1])
    return legend


def _spot_of(
    ax: Axes, legend: Any, blocked: list[Box], data: np.ndarray, clear_mm: float = 0.0
) -> tuple[tuple[float, ...], Box] | None:
    """Return the best free spot for ``legend`` as drawn (``clear_mm`` from the data), with its score, or None."""
    renderer = renderer_of(ax)
    b = legend.get_window_extent(renderer)
    frame = ax.get_window_extent(renderer)
    spots = _candidates(frame, b.width, b.height, 4 * root_figure(ax).dpi / 72)
    if clear_mm and len(spots):
        spots = spots[_gap_mm(spots, data, root_figure(ax).dpi / 25.4) >= clear_mm]
    return _best_spot(ax, spots, blocked, data)


def _anchor(ax: Axes, legend: Any, spot: Box) -> None:
    """Move ``legend`` (its anchor in axes fraction) so that its drawn box has the lower left corner of ``spot``."""
    renderer = renderer_of(ax)
    frame = ax.get_window_extent(renderer)
    anchor = legend.get_bbox_to_anchor()
    at = np.array([anchor.x0, anchor.y0])
    for _ in range(2):  # the second step takes off what the first left (a legend's padding round its anchor)
        drawn = legend.get_window_extent(renderer)
        at = at + np.array([spot[0] - drawn.x0, spot[1] - drawn.y0])
        legend.set_bbox_to_anchor(
            ((at[0] - frame.x0) / frame.width, (at[1] - frame.y0) / frame.height), transform=ax.transAxes
        )


def _candidates(frame: Any, w: float, h: float, margin: float) -> np.ndarray:
    """Boxes ``(k, 4)`` of a ``w`` × ``h`` key along the frame's four sides, ``margin`` inside it (display units)."""
    x0, y0, x1, y1 = frame.x0 + margin, frame.y0 + margin, frame.x1 - margin - w, frame.y1 - margin - h
    if x1 < x0 or y1 < y0:
        return np.zeros((0, 4))
    xs, ys = np.linspace(x0, x1, SPOTS_PER_SIDE), np.linspace(y0, y1, SPOTS_PER_SIDE)
    corners = np.vstack(
        [
            np.column_stack([np.full_like(ys, x0), ys]),  # left side (the Atlantic)
            np.column_stack([np.full_like(ys, x1), ys]),  # right side (Algeria, Mauritania)
            np.column_stack([xs, np.full_like(xs, y1)]),  # top
            np.column_stack([xs, np.full_like(xs, y0)]),  # bottom
        ]
    )
    return np.column_stack([corners, corners + np.array([w, h])])


def _best_spot(
    ax: Axes, spots: np.ndarray, blocked: list[Box], data: np.ndarray
) -> tuple[tuple[float, ...], Box] | None:
    """Return the best free spot of ``spots`` and its score, None if none is free.

    Best: farthest from the data (in steps of :data:`CLEAR_MM`, up to three: their labels go
    near them), then at sea before over land, then nearest a frame corner.
    """
    import shapely

    def clear(others: np.ndarray) -> np.ndarray:
        s, o = spots[:, None, :], others.reshape(1, -1, 4)
        hit = (s[..., 0] < o[..., 2]) & (o[..., 0] < s[..., 2]) & (s[..., 1] < o[..., 3]) & (o[..., 1] < s[..., 3])
        return np.asarray(~hit.any(axis=1), dtype=bool)

    spots = spots[clear(np.asarray(blocked, dtype=float).reshape(-1, 4)) & clear(data)]
    spots = spots[~reaches_land(ax, spots, KEY_LAND_MM)]
    if not len(spots):
        return None
    to_data = ax.transData.inverted()  # the kept spots' boxes on the map, for their share over any land
    lo, hi = to_data.transform(spots[:, :2]).reshape(-1, 2), to_data.transform(spots[:, 2:]).reshape(-1, 2)
    shapes = shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1])
    px_mm = root_figure(ax).dpi / 25.4
    frame = ax.get_window_extent(renderer_of(ax))
    share = np.round(shapely.area(shapely.intersection(shapes, all_land())) / shapely.area(shapes), 1)
    cx, cy = (spots[:, 0] + spots[:, 2]) / 2, (spots[:, 1] + spots[:, 3]) / 2
    corner = (np.minimum(cx - frame.x0, frame.x1 - cx) + np.minimum(cy - frame.y0, frame.y1 - cy)) / px_mm
    near = -np.floor(np.minimum(_gap_mm(spots, data, px_mm), 3 * CLEAR_MM) / CLEAR_MM)  # farther, in steps, up to 3
    i = int(np.lexsort((corner, share, near))[0])
    return (float(near[i]), float(share[i]), float(corner[i])), tuple(float(v) for v in spots[i])  # type: ignore[return-value]


def _gap_mm(spots: np.ndarray, data: np.ndarray, px_mm: float) -> np.ndarray:
    """Return the distance (mm) from each spot to the nearest data box (infinite when there is none)."""
    if not len(data):
        return np.full(len(spots), np.inf)
    s, d = spots[:, None, :], data[None, :, :]
    dx = np.maximum(0.0, np.maximum(d[..., 0] - s[..., 2], s[..., 0] - d[..., 2]))
    dy = np.maximum(0.0, np.maximum(d[..., 1] - s[..., 3], s[..., 1] - d[..., 3]))
    return np.asarray(np.hypot(dx, dy).min(axis=1) / px_mm)
