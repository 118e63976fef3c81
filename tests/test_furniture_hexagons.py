"""Map furniture (scale bar, north arrow, legends) counts a density map's hexagons as data, not only its points."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from clusteratlas.static._basemap import project_points
from clusteratlas.static._furniture import first_over_data
from clusteratlas.static._places import draw_density


@pytest.mark.parametrize("across", [12, 45])
def test_a_box_over_a_hexagon_but_off_every_point_is_over_data(across: int) -> None:
    lon, lat = np.array([-7.6, -5.0, -9.6]), np.array([33.6, 34.0, 30.4])
    x, y = project_points(lon, lat)
    fig, ax = plt.subplots(figsize=(4, 5))
    try:
        ax.set_xlim(x.min() - 4e5, x.max() + 4e5)
        ax.set_ylim(y.min() - 4e5, y.max() + 4e5)
        draw_density(ax, x, y, across=across)
        fig.canvas.draw()
        hexagons = next(c for c in ax.collections if c.get_gid() == "density")
        centre = np.asarray(hexagons.get_offsets(), dtype=float)[0]
        shape = hexagons.get_paths()[0].vertices
        # A small box inside the first hexagon, beside its centre: no record's point is under it.
        corner = centre + 0.3 * shape.max(axis=0)
        (bx, by), (cx, cy) = ax.transData.transform([centre + 0.15 * shape.max(axis=0), corner])
        box = (min(bx, cx), min(by, cy), max(bx, cx), max(by, cy))
        px, py = ax.transData.transform(np.column_stack([x, y])).T
        assert not ((px > box[0]) & (px < box[2]) & (py > box[1]) & (py < box[3])).any()
        points = pd.DataFrame({"lon": lon, "lat": lat})
        assert first_over_data(ax, [box], points) == 0
        far = (0.0, 0.0, 1.0, 1.0)  # the figure's lower left corner, off the axes
        assert first_over_data(ax, [far], points) == 1
    finally:
        plt.close(fig)
