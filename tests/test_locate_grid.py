"""The grid ``locate`` consults for large tables decides no point differently from the exact test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from clusteratlas import geography


def _hard_points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Points where a grid could go wrong: province vertices and edge midpoints, grid lines, sea, far away."""
    tree, _ = geography._tree()
    grid = geography._grid()
    coords = shapely.get_coordinates(shapely.boundary(tree.geometries))
    vertices = coords[rng.choice(len(coords), size=n, replace=False)]
    mids = (coords[:-1] + coords[1:]) / 2
    mids = mids[rng.choice(len(mids), size=n, replace=False)]
    nx, ny = grid.cells.shape
    lines_x = grid.x0 + rng.integers(0, nx + 1, n) * grid.step  # exactly on cell edges
    lines_y = grid.y0 + rng.integers(0, ny + 1, n) * grid.step
    anywhere = np.c_[rng.uniform(-18, 0, n), rng.uniform(20, 37, n)]
    tiny = vertices + rng.normal(0, 1e-9, vertices.shape)  # a hair either side of the boundary
    special = np.array([[np.inf, 30.0], [-np.inf, 30.0], [-7.6, np.inf], [-0.0, -0.0], [1e300, -1e300]])
    pts = np.vstack(
        [
            vertices,
            mids,
            np.c_[lines_x, rng.uniform(21, 35.9, n)],
            np.c_[rng.uniform(-17, -1, n), lines_y],
            np.c_[lines_x, lines_y],
            anywhere,
            tiny,
            special,
        ]
    )
    return pts[:, 0], pts[:, 1]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grid_and_exact_test_agree_on_every_point(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    lon, lat = _hard_points(np.random.default_rng(seed), 3_000)
    monkeypatch.setattr(geography, "GRID_POINTS", 0)
    grid_codes, grid_snap = geography.locate(lon, lat)
    decided = geography._grid().lookup(lon, lat) >= 0
    monkeypatch.setattr(geography, "_grid_for", lambda points: None)  # no grid, even a prebuilt one
    exact_codes, exact_snap = geography.locate(lon, lat)
    assert decided.sum() > 1_000  # the grid decided many of them: the comparison means something
    assert pd.Series(grid_codes).fillna("-").tolist() == pd.Series(exact_codes).fillna("-").tolist()
    assert grid_snap.tolist() == exact_snap.tolist()


def test_grid_cells_lie_inside_their_province() -> None:
    grid = geography._grid()
    tree, _ = geography._tree()
    ix, iy = np.nonzero(grid.cells >= 0)
    pick = np.random.default_rng(3).choice(len(ix), size=min(2_000, len(ix)), replace=False)
    ix, iy = ix[pick], iy[pick]
    boxes = shapely.box(
        grid.x0 + ix * grid.step,
        grid.y0 + iy * grid.step,
        grid.x0 + (ix + 1) * grid.step,
        grid.y0 + (iy + 1) * grid.step,
    )
    owner = tree.geometries[grid.cells[ix, iy]]
    assert shapely.contains_properly(owner, boxes).all()
    assert 10_000 < (grid.cells >= 0).sum() < grid.cells.size  # many cells decide, the sea's and edges' don't
