"""Records placed only to their province or region, on a density map: a layer of their own.

A record the geocoder could place only by its province or region stands at that area's
centre. Counted in the hexagon there, it would read as a crowd of firms at one point (about
a fifth of a register's records can be such). On a density map they are left out of the
hexagons and drawn as hatched squares at the centres, each square's area in the ratio of its
records (the figure's sizing rule, :mod:`._sizing`), and the legend and the caption say how
many records they are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..mapspec import MapSpec
from ._patterns import HATCH_WIDTH
from ._places import group_places
from ._sizing import REFERENCE_WIDTH_MM, Sizing, figure_sizing
from ._style import plain, root_figure, thousands

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "COARSE_EDGE",
    "COARSE_FACE",
    "COARSE_HATCH",
    "CoarseLayer",
    "coarse_handle",
    "draw_coarse",
    "split_coarse",
    "square_sizes",
]

#: The squares: outlined in near-black and hatched, unlike any hexagon class or place dot; not filled, so
#: that a hexagon or a region's shade under a square shows through (the squares are over the hexagons).
COARSE_FACE = "none"
COARSE_EDGE = "#1a1a1a"
COARSE_HATCH = "///"
#: Side of a square of the area of a circle of radius 1.
_SQUARE = float(np.sqrt(np.pi))
#: The largest square is smaller than the figure's largest symbol would be, so that the hexagons stay in view.
_SCALE = 0.7


@dataclass(frozen=True)
class CoarseLayer:
    """The province- or region-only records of a density map, as drawn.

    Attributes
    ----------
    records : int
        Records drawn as squares (left out of the hexagons).
    places : int
        Squares drawn (province or region centres).
    radii : numpy.ndarray
        Radius (pt) of the circle of each square's area, by place.
    counts : numpy.ndarray
        Records of each square.
    """

    records: int = 0
    places: int = 0
    radii: np.ndarray | None = None
    counts: np.ndarray | None = None


def split_coarse(points: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the records placed at a point (town or coordinates) and those placed only to a province or region."""
    if "coarse" not in points:
        return points, points.iloc[:0]
    coarse = points["coarse"].to_numpy(dtype=bool)
    return points[~coarse], points[coarse]


def draw_coarse(ax: Axes, points: pd.DataFrame, scale: float = 1.0, top: float = 0.0) -> CoarseLayer:
    """Draw a hatched square at each province or region centre of ``points``, its area in the ratio of its records.

    ``points`` are the coarse records (:func:`split_coarse`). The largest square is
    :data:`_SCALE` of the figure's largest symbol at its width; every square is drawn at least at the
    sizing's minimum. ``scale`` shrinks the squares' sides (a timeline's small maps); ``top``,
    the most records of a square on every map drawn alike (a timeline's periods), sizes them
    on one scale: a period's largest square is not drawn as large as the busiest period's.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    if points.empty:
        return CoarseLayer()
    places, _ = group_places(points)
    counts = places["n"].to_numpy(dtype=float)
    width_mm = float(root_figure(ax).get_size_inches()[0]) * 25.4
    radii = _square_sizing(np.append(counts, top), width_mm).radii(counts)
    k = _data_per_pt(ax)
    sides = _SQUARE * radii * k * scale
    order = np.argsort(-sides, kind="stable")  # large squares first, small ones on top
    x0 = places["x"].to_numpy(dtype=float) - sides / 2
    y0 = places["y"].to_numpy(dtype=float) - sides / 2
    squares = [Rectangle((float(x0[i]), float(y0[i])), float(sides[i]), float(sides[i])) for i in order]
    collection = PatchCollection(
        squares,
        facecolors=COARSE_FACE,
        edgecolors=COARSE_EDGE,
        linewidths=0.6,
        hatch=COARSE_HATCH,
        zorder=15,
        gid="coarse-place",
    )
    collection.set_hatch_linewidth(HATCH_WIDTH)
    ax.add_collection(collection)
    return CoarseLayer(records=len(points), places=len(places), radii=radii, counts=counts.astype(int))


def _square_sizing(counts: np.ndarray, width_mm: float) -> Sizing:
    """Return the squares' sizing: :data:`_SCALE` of the figure's symbols, smaller again on a narrow page.

    The symbols' largest radius has a floor (legible pies); a square needs none, so on a
    page narrower than the reference (84 mm) the squares shrink with it, to twice the
    smallest radius at least: they covered the Rif at 84 mm.
    """
    sizing = figure_sizing(counts, width_mm, _SCALE)
    narrow = min(1.0, width_mm / REFERENCE_WIDTH_MM)
    return replace(sizing, max_pt=min(sizing.max_pt, max(2 * sizing.min_pt, sizing.max_pt * narrow)))


def _data_per_pt(ax: Axes) -> float:
    """Return the data units of one point on ``ax`` (its x scale)."""
    x0, x1 = ax.get_xlim()
    width_px = ax.get_window_extent().width
    return float((x1 - x0) / max(width_px, 1.0) * root_figure(ax).dpi / 72)


def coarse_handle(spec: MapSpec, coarse: CoarseLayer) -> list[Any]:
    """Return the legend entries of the squares: their sizes, then what they are ("4,312 records placed only …").

    The sizes are squares as drawn on the map (:func:`square_sizes`), each with its records,
    so that a square's records can be read as a symbol's can; none when there are none.
    """
    from matplotlib.patches import Patch

    if not coarse.records:
        return []
    text = spec.texts["coarse_squares"].format(k=thousands(coarse.records, spec.lang))
    handle = Patch(facecolor=COARSE_FACE, edgecolor=COARSE_EDGE, linewidth=0.6, hatch=COARSE_HATCH, label=plain(text))
    handle.set_hatch_linewidth(HATCH_WIDTH)
    return [*square_sizes(spec, coarse), handle]


def square_sizes(spec: MapSpec, coarse: CoarseLayer) -> list[Any]:
    """Return the size key of the squares: the largest square and one of about a quarter of its records, as drawn.

    Each is a square marker of the side drawn on the map (points), labelled with its
    records ("120 records"); one entry when the squares are all of a size.
    """
    from matplotlib.lines import Line2D

    if coarse.radii is None or coarse.counts is None or not len(coarse.counts):
        return []
    top = int(np.argmax(coarse.counts))
    near = int(np.argmin(np.abs(coarse.counts - coarse.counts[top] / 4)))
    picks = [top] if coarse.counts[near] == coarse.counts[top] else [top, near]
    handles = []
    for i in picks:
        n = int(coarse.counts[i])
        label = spec.texts["n_records" if n != 1 else "one_record"].format(n=thousands(n, spec.lang))
        side = float(_SQUARE * coarse.radii[i])  # points, as on the map
        handles.append(
            Line2D(
                [],
                [],
                marker="s",
                markersize=side,
                linestyle="",
                markerfacecolor="none",
                markeredgecolor=COARSE_EDGE,
                markeredgewidth=0.6,
                label=plain(label),
            )
        )
    return handles
