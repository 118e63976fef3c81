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

from typing import TYPE_CHECKING, Any

import numpy as np

from ._basemap import all_land, land
from ._furniture import _data_boxes, first_on_land, first_over_data
from ._legends import legends_clash
from ._places import Box, box
from ._style import renderer_of, root_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["KEY_LAND_MM", "SPOTS_PER_SIDE", "kept_stack", "keys_inside"]

#: How deep (mm) a key may reach into Moroccan land: a coastline's width (as :func:`._furniture.first_on_land`).
KEY_LAND_MM = 0.3
#: Spots tried along each side of the frame.
SPOTS_PER_SIDE = 24
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


def keys_inside(ax: Axes, legends: list[Any], taken: list[Box], points: Any) -> list[bool]:
    """Move each legend, in order, to a free spot inside the frame; return which ones found one.

    A spot is free when the legend there stays in the frame, covers no ``taken`` box (the
    insets, the detail's frame, the legends kept or moved before it; display units), no
    record or symbol (with :data:`DATA_ROOM_MM` to spare) and reaches no deeper than
    :data:`KEY_LAND_MM` into Moroccan land. A legend that finds none is left where it was
    (its caller sets it under the map).

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

    Returns
    -------
    list of bool
        For each legend, whether it stands at a free spot now.
    """
    renderer = renderer_of(ax)
    frame = ax.get_window_extent(renderer)
    px_mm = root_figure(ax).dpi / 25.4
    data = _data_boxes(ax, points if points is not None else [], renderer)
    data = data + np.array([-1, -1, 1, 1]) * DATA_ROOM_MM * px_mm
    blocked = list(taken)
    moved = []
    for legend in legends:
        b = legend.get_window_extent(renderer)
        spot = _best_spot(ax, _candidates(frame, b.width, b.height, 4 * px_mm * 25.4 / 72), blocked, data)
        if spot is not None:
            _anchor(ax, legend, spot)
            blocked.append(box(legend, renderer, 2))
        moved.append(spot is not None)
    return moved


def _anchor(ax: Axes, legend: Any, spot: Box) -> None:
    """Set ``legend`` (anchored by its lower right corner) so that its drawn box has the lower right of ``spot``."""
    renderer = renderer_of(ax)
    frame = ax.get_window_extent(renderer)
    at = np.array([spot[2], spot[1]])
    for _ in range(2):  # the second step takes off the legend's padding round its anchor
        legend.set_bbox_to_anchor(
            ((at[0] - frame.x0) / frame.width, (at[1] - frame.y0) / frame.height), transform=ax.transAxes
        )
        drawn = legend.get_window_extent(renderer)
        at = at + np.array([spot[2] - drawn.x1, spot[1] - drawn.y0])


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


def _best_spot(ax: Axes, spots: np.ndarray, blocked: list[Box], data: np.ndarray) -> Box | None:
    """Return the best free spot of ``spots``: at sea before over land, then nearest a frame corner; None if none."""
    import shapely

    def clear(others: np.ndarray) -> np.ndarray:
        s, o = spots[:, None, :], others.reshape(1, -1, 4)
        hit = (s[..., 0] < o[..., 2]) & (o[..., 0] < s[..., 2]) & (s[..., 1] < o[..., 3]) & (o[..., 1] < s[..., 3])
        return np.asarray(~hit.any(axis=1), dtype=bool)

    spots = spots[clear(np.asarray(blocked, dtype=float).reshape(-1, 4)) & clear(data)]
    if not len(spots):
        return None
    to_data = ax.transData.inverted()
    lo, hi = to_data.transform(spots[:, :2]), to_data.transform(spots[:, 2:])
    shapes = shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1])
    areas = shapely.area(shapes)
    px_mm = root_figure(ax).dpi / 25.4
    w, h = spots[0, 2] - spots[0, 0], spots[0, 3] - spots[0, 1]
    depth_mm = shapely.area(shapely.intersection(shapes, land())) / areas * w * h / max(w, h) / px_mm
    ok = depth_mm <= KEY_LAND_MM
    if not ok.any():
        return None
    frame = ax.get_window_extent(renderer_of(ax))
    share = np.round(shapely.area(shapely.intersection(shapes, all_land())) / areas, 1)
    cx, cy = (spots[:, 0] + spots[:, 2]) / 2, (spots[:, 1] + spots[:, 3]) / 2
    corner = np.minimum(cx - frame.x0, frame.x1 - cx) + np.minimum(cy - frame.y0, frame.y1 - cy)
    order = np.lexsort((corner, share, ~ok))
    return tuple(float(v) for v in spots[order[0]])  # type: ignore[return-value]
