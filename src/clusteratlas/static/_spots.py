"""Where an inset may go on its map: a spot over no symbol and no land that carries data.

An inset is an opaque box over its map. It may cover sea, neighbouring land and (on a
points map) empty land, never a record's symbol, another inset, or (on a shaded map) a
region whose colour is data. :func:`free_spot` tries candidate spots (the preferred
corners first, then every spot along the frame's four sides) and, when none is free,
zooms the map out step by step (the frame keeps its size on paper, so the map leaves room
at its edges) until one is. Every test is a vectorised box test in axes fractions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["SPOT_ZOOMS", "Blocked", "Spot", "free_spot", "side_spots", "symbol_boxes", "zoom_out"]

#: How far the map may be zoomed out to free a spot (ratio of its extent to the one planned), tried in order.
SPOT_ZOOMS = (1.0, 1.06, 1.12, 1.19, 1.26, 1.34, 1.42, 1.5)
#: Share of a box over land carrying data that still counts as clear of it (a coastline's pixels).
LAND_FREE = 0.01
#: Room kept around a symbol (pt): its halo, its leader's dot, and a spread that may move it a little.
SYMBOL_ROOM_PT = 3.0
#: Spots along each side of the frame.
SIDE_STEPS = 9

#: A box in axes fractions: ``(x0, y0, x1, y1)``.
FracBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Blocked:
    """What an inset must not cover on its map.

    Attributes
    ----------
    xy : numpy.ndarray
        Symbols' centres ``(n, 2)`` in the drawing CRS (their true places).
    radii_pt : numpy.ndarray
        Their radii (pt), each grown by :data:`SYMBOL_ROOM_PT`.
    areas : numpy.ndarray
        Areas ``(m, 4)`` of ``(x0, y0, x1, y1)`` in the drawing CRS that are data too (a
        detail inset's own frame on the map).
    boxes : tuple of FracBox
        Boxes already taken (other insets), in axes fractions: fixed on paper.
    land : object or None
        Land carrying data (a shapely geometry in the drawing CRS): a box may cover at most
        :data:`LAND_FREE` of it; None when no land carries data (points map).
    soft_land : object or None
        Land the inset had better not cover (the territory on a points map): scored, not forbidden.
    """

    xy: np.ndarray
    radii_pt: np.ndarray
    areas: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))
    boxes: tuple[FracBox, ...] = ()
    land: Any = None
    soft_land: Any = None


@dataclass(frozen=True)
class Spot:
    """A free spot: the lower left corner of the inset (axes fraction) and the zoom it needs (1: none)."""

    x: float
    y: float
    zoom: float


def side_spots(
    w: float, h: float, first: list[tuple[float, float]], margin: float = 0.012
) -> list[tuple[float, float]]:
    """Return candidate lower-left corners for a ``w`` by ``h`` box: ``first``, then the frame's four sides."""
    xs = np.linspace(margin, 1 - margin - w, SIDE_STEPS)
    ys = np.linspace(margin, 1 - margin - h, SIDE_STEPS)
    lo_x, hi_x, lo_y, hi_y = margin, 1 - margin - w, margin, 1 - margin - h
    sides = [(lo_x, float(y)) for y in ys[::-1]] + [(float(x), hi_y) for x in xs] + [(hi_x, float(y)) for y in ys[::-1]]
    sides += [(float(x), lo_y) for x in xs]
    seen: set[tuple[float, float]] = set()
    spots: list[tuple[float, float]] = []
    for spot in [*first, *sides]:  # each once, as given (a preferred corner drawn where it always was)
        rounded = (round(spot[0], 4), round(spot[1], 4))
        if rounded not in seen and 0 <= spot[0] <= 1 - w + 1e-9 and 0 <= spot[1] <= 1 - h + 1e-9:
            seen.add(rounded)
            spots.append((float(spot[0]), float(spot[1])))
    return spots


def symbol_boxes(ax: Axes, blocked: Blocked, zoom: float) -> np.ndarray:
    """Return the symbols' boxes ``(n, 4)`` in axes fractions of ``ax`` zoomed out by ``zoom`` about its centre."""
    (x0, x1), (y0, y1) = _zoomed(ax, zoom)
    bbox = ax.get_window_extent()
    dpi = ax.figure.dpi if ax.figure is not None else 72.0
    rx = blocked.radii_pt * dpi / 72 / max(bbox.width, 1.0)
    ry = blocked.radii_pt * dpi / 72 / max(bbox.height, 1.0)
    fx = (blocked.xy[:, 0] - x0) / (x1 - x0)
    fy = (blocked.xy[:, 1] - y0) / (y1 - y0)
    symbols = np.column_stack([fx - rx, fy - ry, fx + rx, fy + ry])
    a = blocked.areas
    areas = np.column_stack(
        [(a[:, 0] - x0) / (x1 - x0), (a[:, 1] - y0) / (y1 - y0), (a[:, 2] - x0) / (x1 - x0), (a[:, 3] - y0) / (y1 - y0)]
    )
    return np.vstack([symbols, areas])


def _zoomed(ax: Axes, zoom: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return the limits of ``ax`` zoomed out by ``zoom`` about their centre."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 * zoom, (y1 - y0) / 2 * zoom
    return (cx - hw, cx + hw), (cy - hh, cy + hh)


def zoom_out(ax: Axes, zoom: float) -> None:
    """Zoom ``ax`` out by ``zoom`` about its centre (its box on paper unchanged)."""
    if zoom != 1.0:
        xlim, ylim = _zoomed(ax, zoom)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)


def _land_share(ax: Axes, zoom: float, b: FracBox, land: Any) -> float:
    """Share of box ``b`` (axes fractions at ``zoom``) over ``land``."""
    import shapely

    if land is None:
        return 0.0
    (x0, x1), (y0, y1) = _zoomed(ax, zoom)
    area = shapely.box(x0 + b[0] * (x1 - x0), y0 + b[1] * (y1 - y0), x0 + b[2] * (x1 - x0), y0 + b[3] * (y1 - y0))
    return float(area.intersection(land).area / max(area.area, 1e-9))


def _taken(b: FracBox, boxes: tuple[FracBox, ...]) -> bool:
    """Whether ``b`` overlaps a taken box (taken boxes are in axes fractions, fixed on paper)."""
    return any(b[0] < t[2] and t[0] < b[2] and b[1] < t[3] and t[1] < b[3] for t in boxes)


def free_spot(
    ax: Axes,
    size: tuple[float, float],
    spots: list[tuple[float, float]],
    blocked: Blocked,
    zooms: tuple[float, ...] = SPOT_ZOOMS,
    gap: float = 0.006,
) -> Spot | None:
    """Return the first spot (by zoom, then least soft land, then order) clear of every blocked thing; None if none.

    ``size`` is the inset's width and height in axes fractions; ``gap`` the room kept
    around it. A spot is clear when its box, grown by ``gap``, holds no symbol's box, meets
    no taken box and covers at most :data:`LAND_FREE` of the land carrying data.
    """
    w, h = size
    for zoom in zooms:
        sym = symbol_boxes(ax, blocked, zoom)
        clear: list[tuple[float, int, tuple[float, float]]] = []
        for order, (sx, sy) in enumerate(spots):
            b = (sx - gap, sy - gap, sx + w + gap, sy + h + gap)
            under = (sym[:, 0] < b[2]) & (sym[:, 2] > b[0]) & (sym[:, 1] < b[3]) & (sym[:, 3] > b[1])
            if under.any() or _taken(b, blocked.boxes) or _land_share(ax, zoom, b, blocked.land) > LAND_FREE:
                continue
            clear.append((round(_land_share(ax, zoom, b, blocked.soft_land), 2), order, (sx, sy)))
        if clear:
            _, _, (sx, sy) = min(clear)
            return Spot(sx, sy, zoom)
    return None
