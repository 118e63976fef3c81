"""Legends never hide data: a legend set inside the map frame covers no record and no symbol.

At 120 mm the legends stacked from the lower right climbed over the land: the zones key hid
Agadir's 7 records (its place was neither drawn visibly nor named). A legend that would
cover a record or a symbol, and those stacked above it, now go under the frame.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas.static import draw
from clusteratlas.static._basemap import project_points

from .randomdata import random_spec


def _inside_legends(ax: Any) -> list[Any]:
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    legends = [a for a in ax.get_children() if (a.get_gid() or "").startswith("legend-")]
    out = []
    for legend in legends:
        b = legend.get_window_extent(renderer)
        if b.y0 >= frame.y0 - 1:  # set inside the frame (those under it lie below its foot)
            out.append(b)
    return out


def _hidden(ax: Any, spec: Any) -> list[tuple[float, float]]:
    """Records' points and symbols' centres under a legend set inside the frame."""
    renderer = ax.figure.canvas.get_renderer()
    px, py = project_points(spec.points["lon"].to_numpy(), spec.points["lat"].to_numpy())
    xy = ax.transData.transform(np.column_stack([px, py]))
    symbols = [a for a in ax.patches if (a.get_gid() or "").startswith("place-")]
    centres = [a.get_window_extent(renderer) for a in symbols]
    xy = np.vstack([xy, [((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2) for b in centres]]) if centres else xy
    frame = ax.get_window_extent(renderer)
    on_map = (xy[:, 0] >= frame.x0) & (xy[:, 0] <= frame.x1) & (xy[:, 1] >= frame.y0) & (xy[:, 1] <= frame.y1)
    hidden = []
    for b in _inside_legends(ax):
        under = on_map & (xy[:, 0] > b.x0) & (xy[:, 0] < b.x1) & (xy[:, 1] > b.y0) & (xy[:, 1] < b.y1)
        hidden += [tuple(p) for p in xy[under]]
    return hidden


@pytest.mark.parametrize("width", [120.0, 174.0])
@pytest.mark.parametrize(("seed", "n"), [(3, 150), (11, 150), (5, 60)])
@pytest.mark.parametrize("kind", ["points", "combined"])
def test_no_legend_inside_the_frame_hides_a_record(kind: str, seed: int, n: int, width: float) -> None:
    spec = random_spec(seed, n)
    drawing = draw(spec, kind, width_mm=width)
    try:
        ax = drawing.record.main.axes
        assert _hidden(ax, spec) == []
    finally:
        plt.close(drawing.figure)
