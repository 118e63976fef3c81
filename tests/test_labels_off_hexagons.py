"""Labels on a density map keep off its hexagons, and never hide one (issue 20).

Read back from the drawn figure: each hexagon of the ``density`` collection (its polygon at
each offset), each place label's extent, and the rendered pixels. Before: 11 of the 12 names
of a 2,000-record map crossed hexagons at 174 and 120 mm, all with the full white halo (at
84 mm, on a generated 2,000-row register, the halos left no pixel of twelve hexagons' class).
The engine (:func:`._placer.place_labels`, ``soft``) is checked directly too, and stays
sub-quadratic at thousands of labels.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.path import Path as MPath

from clusteratlas.static import _placer, draw
from clusteratlas.static._placer import Spacing, place_labels
from clusteratlas.static._places import THIN_HALO_PT

from .randomdata import random_spec


def _hexagons(ax: plt.Axes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Display centres ``(n, 2)``, the polygon's corners about a centre ``(6, 2)`` and face colours of the hexagons."""
    (hexagons,) = [c for c in ax.collections if c.get_gid() == "density"]
    centres = ax.transData.transform(np.asarray(hexagons.get_offsets()))
    corners = ax.transData.transform(hexagons.get_paths()[0].vertices) - ax.transData.transform((0.0, 0.0))
    return centres, corners, hexagons.get_facecolors()[:, :3]


def _covered_shares(drawing) -> list[tuple[float, float, bool]]:
    """For each label: the largest share of a hexagon's box its extent covers, and whether it has a thin halo."""
    fig = drawing.figure
    fig.canvas.draw()
    ax = drawing.record.main.axes
    centres, corners, _ = _hexagons(ax)
    lo, hi = centres + corners.min(axis=0), centres + corners.max(axis=0)
    area = (hi[:, 0] - lo[:, 0]) * (hi[:, 1] - lo[:, 1])
    out = []
    for label in drawing.record.main.labels:
        b = label.artist.get_window_extent()
        w = np.clip(np.minimum(b.x1, hi[:, 0]) - np.maximum(b.x0, lo[:, 0]), 0, None)
        h = np.clip(np.minimum(b.y1, hi[:, 1]) - np.maximum(b.y0, lo[:, 1]), 0, None)
        (effect,) = label.artist.get_path_effects()
        out.append((float((w * h / area).max()), float((w * h).max()), effect._gc["linewidth"] == THIN_HALO_PT))
    return out


def _visible_shares(drawing) -> list[float]:
    """For each hexagon whose centre lies under a label: the share of its pixels still of its class's colour."""
    fig = drawing.figure
    fig.set_dpi(150)
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(float) / 255
    ax = drawing.record.main.axes
    centres, corners, faces = _hexagons(ax)
    inner = MPath(corners * 0.8)  # inside its white edge
    boxes = [label.artist.get_window_extent() for label in drawing.record.main.labels]
    shares = []
    for k, (cx, cy) in enumerate(centres):
        if not any(b.x0 < cx < b.x1 and b.y0 < cy < b.y1 for b in boxes):
            continue
        xs, ys = np.meshgrid(
            np.arange(int(cx + corners[:, 0].min()), int(cx + corners[:, 0].max()) + 1),
            np.arange(int(cy + corners[:, 1].min()), int(cy + corners[:, 1].max()) + 1),
        )
        pixels = np.column_stack([xs.ravel(), ys.ravel()])
        pixels = pixels[inner.contains_points(pixels - [cx, cy])]
        colours = image[image.shape[0] - 1 - pixels[:, 1], pixels[:, 0]]
        shares.append(float(np.all(np.abs(colours - faces[k]) < 0.08, axis=1).mean()))
    return shares


@pytest.mark.parametrize("width_mm", [174.0, 120.0])
def test_density_labels_keep_off_the_hexagons_and_hide_none(width_mm: float) -> None:
    """Before: 11 of 12 names crossed hexagons (7 and 8 in session 9; 3 and 2 in session 10), all with the full halo."""
    drawing = draw(random_spec(11, 2000), "points", width_mm=width_mm)
    try:
        assert drawing.record.density is not None, "2,000 records over 400 places: a density map"
        shares = _covered_shares(drawing)
        assert len(shares) >= 6  # session 11: room clear of the hexagons, or left out (the caption says so)
        crossing = [s for s in shares if s[1] > 0]
        assert len(shares) - len(crossing) >= 2 * len(shares) // 3, shares  # before: 1 of 12 off every hexagon
        for _cover, touched, thin in shares:  # a label over hexagons has a thin halo; one off them, the usual
            assert thin == (touched > 0), shares
        visible = _visible_shares(drawing)
        assert min(visible, default=1.0) >= 0.1, visible  # every hexagon under a label shows its class
    finally:
        plt.close(drawing.figure)


def _ring(n: int, frame: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n)
    return rng.uniform(0.05 * frame, 0.95 * frame, size=(n, 2)), np.full(n, 2.0)


def test_the_engine_places_a_label_off_data_where_it_can() -> None:
    """Hexagons right of the marker: the label goes to its left, not over them."""
    anchors, radii = np.array([[100.0, 100.0]]), np.array([3.0])
    soft = [(104.0, 90.0, 160.0, 110.0), (104.0, 108.0, 160.0, 130.0), (104.0, 70.0, 160.0, 92.0)]
    (placed,) = place_labels(anchors, radii, [np.array([[40.0, 10.0]])], frame=(0, 0, 200, 200), soft=soft)
    assert placed is not None and not placed.over
    assert placed.box[2] <= 104.0  # left of the hexagons
    (before,) = place_labels(anchors, radii, [np.array([[40.0, 10.0]])], frame=(0, 0, 200, 200))
    assert before is not None and before.box[0] > 100.0  # without them: to the right, as always


def test_the_engine_keeps_a_label_over_data_covering_as_little_as_it_can() -> None:
    """Data all round: the label is kept, marked ``over``, on the candidate covering the least of any box."""
    anchors, radii = np.array([[100.0, 100.0]]), np.array([3.0])
    soft = [(x, y, x + 12.0, y + 12.0) for x in range(40, 160, 12) for y in range(40, 160, 12)]
    (placed,) = place_labels(anchors, radii, [np.array([[40.0, 10.0]])], frame=(0, 0, 200, 200), soft=soft)
    assert placed is not None and placed.over
    grid = _placer._grid((0, 0, 200, 200), [np.array([[40.0, 10.0]])], None, None, None, soft)
    assert _placer._covers(grid, placed.box) <= Spacing().cover


def test_the_engine_stays_sub_quadratic_with_thousands_of_labels_and_hexagons(monkeypatch) -> None:
    """Items looked at grow about as the labels (4x labels: about 4x, never the 16x of all pairs)."""
    looked = [0]
    near = _placer._Grid.near

    def counting(self, b):
        found = near(self, b)
        looked[0] += len(found)
        return found

    monkeypatch.setattr(_placer._Grid, "near", counting)
    counts = []
    for n in (500, 2000):
        frame = 40.0 * np.sqrt(n)  # as many labels per area
        anchors, radii = _ring(n, frame)
        soft = [(x, y, x + 9.0, y + 8.0) for x in np.arange(0, frame, 30.0) for y in np.arange(0, frame, 26.0)]
        looked[0] = 0
        result = place_labels(anchors, radii, [np.array([[30.0, 8.0]])] * n, frame=(0, 0, frame, frame), soft=soft)
        assert sum(p is not None for p in result) > 0.8 * n
        counts.append(looked[0])
    assert counts[1] < 6 * counts[0], counts
