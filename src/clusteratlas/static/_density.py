"""Records per hexagon: the density layer drawn where symbols would hide one another.

:func:`draw_density` draws records per hexagon in at most six classes; :func:`shade_density`
shades a hexagon layer again on another scale (small maps sharing one); :func:`hold_hexagons`
zooms maps out just enough that the frame holds every hexagon whole, clear of its line (a
hexagon at the territory's tip, La Güera's, touched the frame and its line covered it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ._furniture import nice_length
from ._style import DENSITY_RAMP
from .drawing import Density

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ROOM_MM", "draw_density", "hold_hexagons", "shade_density"]

#: Room (mm) between a hexagon and its frame: the frame's line (0.8 pt, half of it inside) and the hexagon's white edge.
ROOM_MM = 0.3


def draw_density(
    ax: Axes, x: np.ndarray, y: np.ndarray, *, across: int = 45, ramp: tuple[str, ...] = DENSITY_RAMP
) -> Density:
    """Draw records per hexagon (about ``across`` hexagons across the frame), in at most six classes.

    The classes take ``ramp``'s colours (light to dark; :data:`~._style.DENSITY_GREYS` in a
    figure that draws category colours). Returns what was drawn; :func:`shade_density` shades
    it again on another scale (small maps sharing one).
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = nice_length((x1 - x0) * 5 / across)
    gridsize = max(4, round((x1 - x0) / (km * 1000)))
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
    classes, colors = shade_density(hb, top, ramp)
    return Density(km=km, gridsize=gridsize, cells=len(values), classes=classes, colors=colors)


def shade_density(
    hexagons: Any, top: int, ramp: tuple[str, ...] = DENSITY_RAMP
) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Shade hexagons in ``ramp``'s classes up to ``top`` records (1, 2–3, 4–10 …); return the classes and colours."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    steps = [1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
    uppers = [*[s for s in steps if s < top][1 - len(ramp) :], top]
    lowers = [1, *[u + 1 for u in uppers[:-1]]]
    colors = ramp[len(ramp) - len(uppers) :] if len(uppers) < len(ramp) else ramp
    bounds = [0.5, *[u + 0.5 for u in uppers]]
    hexagons.set_cmap(ListedColormap(list(colors)))
    hexagons.set_norm(BoundaryNorm(bounds, len(colors)))
    return tuple(zip(lowers, uppers, strict=True)), tuple(colors)


def hold_hexagons(axes: list[Axes]) -> float:
    """Zoom ``axes`` out about their centres, all by one factor, until each holds its hexagons whole; return it.

    Each map's hexagons (``density``) are measured in its own data units; the factor is the
    largest any of them needs (1 when every hexagon is inside its frame), applied to all of
    them so that maps side by side keep one scale.
    """
    factor = 1.0
    for ax in axes:
        for hexagons in (c for c in ax.collections if c.get_gid() == "density"):
            centres = np.asarray(hexagons.get_offsets(), dtype=float).reshape(-1, 2)
            if not len(centres) or not hexagons.get_paths():
                continue
            shape = np.asarray(hexagons.get_paths()[0].vertices, dtype=float)
            lo, hi = centres.min(axis=0) + shape.min(axis=0), centres.max(axis=0) + shape.max(axis=0)
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            centre, half = np.array([x0 + x1, y0 + y1]) / 2, np.array([x1 - x0, y1 - y0]) / 2
            frame = ax.get_window_extent()
            room = ROOM_MM * ax.figure.dpi / 25.4 * 2 * half / np.array([frame.width, frame.height])
            need = np.maximum(centre - lo, hi - centre) / (half - room)  # the room, measured after the zoom
            factor = max(factor, float(need.max()))
    if factor > 1.0:
        for ax in axes:
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 * factor, (y1 - y0) / 2 * factor
            ax.set_xlim(cx - hx, cx + hx)
            ax.set_ylim(cy - hy, cy + hy)
    return factor
