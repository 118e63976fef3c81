"""_insets."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from ..mapspec import (
    MapSpec,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

from ._basemap import _draw_regions, _land
from ._style import DETAIL_COLOR


def _empty_corner(
    ax: Axes, size: tuple[float, float], places: pd.DataFrame, corners: list[tuple[float, float]]
) -> tuple[float, float]:
    """Return the corner (axes fraction of the lower-left point) whose box covers the least land and fewest places."""
    import shapely

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    land = _land()
    best, score = corners[0], math.inf
    for cx, cy in corners:
        bx0, by0 = x0 + cx * (x1 - x0), y0 + cy * (y1 - y0)
        bx1, by1 = bx0 + size[0] * (x1 - x0), by0 + size[1] * (y1 - y0)
        covered = shapely.box(bx0, by0, bx1, by1).intersection(land).area / ((bx1 - bx0) * (by1 - by0))
        hidden = 0
        if len(places):
            px, py = places["x"].to_numpy(), places["y"].to_numpy()
            hidden = int(((px > bx0) & (px < bx1) & (py > by0) & (py < by1)).sum())
        s = covered + hidden
        if s < score - 1e-9:
            best, score = (cx, cy), s
    return best


def _detail_inset(
    ax: Axes, spec: MapSpec, group: pd.DataFrame, *, shaded: bool, corner: tuple[float, float], w_frac: float
) -> tuple[Axes, tuple[float, float, float, float]]:
    """Draw an enlarged view of a crowded group of places at an empty corner of the frame."""
    from matplotlib.patches import Rectangle

    x, y = group["x"].to_numpy(), group["y"].to_numpy()
    cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    half = max(x.max() - x.min(), y.max() - y.min()) / 2 * 1.25 + 25_000
    pos = ax.get_position()
    fig_w, fig_h = ax.get_figure(root=True).get_size_inches()  # type: ignore[union-attr]
    h_frac = w_frac * (pos.width * fig_w) / (pos.height * fig_h)  # square on paper
    inset = ax.inset_axes((corner[0], corner[1], w_frac, h_frac), gid="detail-inset", zorder=30)
    _draw_regions(inset, spec, shaded=shaded, provinces=True)
    inset.set_xlim(cx - half, cx + half)
    inset.set_ylim(cy - half, cy + half)
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
