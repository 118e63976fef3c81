"""Data drawn under a map's labels: the boxes of a density's hexagons and of the province-only squares.

The label engine (:func:`._placer.place_labels`, ``soft``) places a label off these where
it can and, where it cannot, covers as little of each as it can: a hexagon's class stays
readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["data_boxes", "hexagon_boxes"]

#: A box in display coordinates: ``(x0, y0, x1, y1)``.
Box = tuple[float, float, float, float]


def data_boxes(ax: Axes) -> list[Box]:
    """Return the boxes (display units) of the data drawn on ``ax`` that labels should leave readable.

    Each hexagon of a density (``density``) and each square of the records placed by
    province only (``coarse-place``): the label engine avoids them where it can
    (:func:`._placer.place_labels`, ``soft``).
    """
    out: list[Box] = []
    for collection in ax.collections:
        gid = collection.get_gid()
        if gid == "density" and len(np.asarray(collection.get_offsets())):
            out += hexagon_boxes(ax, collection)
        elif gid == "coarse-place":
            for path in collection.get_paths():
                e = path.get_extents(collection.get_transform())
                out.append((float(e.x0), float(e.y0), float(e.x1), float(e.y1)))
    return out


def hexagon_boxes(ax: Axes, hexagons: Any) -> list[Box]:
    """Return the display boxes of a hexbin's hexagons: its one polygon (data units) at each offset (data)."""
    verts = np.asarray(hexagons.get_paths()[0].vertices, dtype=float)
    centres = ax.transData.transform(np.asarray(hexagons.get_offsets(), dtype=float))
    corners = ax.transData.transform(verts) - ax.transData.transform((0.0, 0.0))
    x0, y0 = corners.min(axis=0)
    x1, y1 = corners.max(axis=0)
    return [(float(cx + x0), float(cy + y0), float(cx + x1), float(cy + y1)) for cx, cy in centres]
