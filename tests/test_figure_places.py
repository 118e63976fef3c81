"""Places on a map: symbols pushed apart with leader lines, never hiding one another; every place named or numbered."""

from __future__ import annotations

import time
import warnings
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas import geocode
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw
from clusteratlas.static._places import radius_pt
from clusteratlas.static._spread import spread

from .randomdata import random_records


@cache
def _spec(seed: int, n: int) -> MapSpec:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return map_spec(geocode(random_records(seed, n)), data_label="random.csv")


def _overlaps(xy: np.ndarray, radii: np.ndarray, tol: float = 1e-6) -> int:
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    reach = radii[:, None] + radii[None, :]
    np.fill_diagonal(d, np.inf)
    return int(((reach - d) > tol * reach).sum() // 2)


def test_spread_separates_a_thousand_circles_quickly_and_moves_only_those_that_overlap() -> None:
    rng = np.random.default_rng(1)
    cities = rng.uniform(-300, 300, size=(20, 2))
    crowd = np.vstack([c + rng.normal(0, 6, size=(50, 2)) for c in cities])  # 20 cities of 50 places, heaped
    alone = np.array([[500.0, 500.0], [-500.0, 500.0]])
    xy = np.vstack([crowd, alone])
    radii = rng.uniform(0.5, 2.5, size=len(xy))
    assert _overlaps(xy, radii) > 1000
    t = time.perf_counter()
    moved = spread(xy, radii)
    elapsed = time.perf_counter() - t
    assert _overlaps(moved, radii, tol=1e-3) == 0
    assert elapsed < 5, elapsed  # O(n log n) a round: 1,000 symbols in well under a second on a laptop
    assert np.array_equal(moved[-2:], alone)  # nothing near: not moved
    assert np.array_equal(spread(xy, radii), moved)  # deterministic
    same = spread(np.zeros((5, 2)), np.ones(5))  # coincident symbols are pushed apart too
    assert _overlaps(same, np.ones(5), tol=1e-3) == 0


@pytest.mark.parametrize(
    ("seed", "n", "south"), [(3, 150, "frame"), (3, 150, "inset"), (11, 60, "frame"), (4, 400, "inset")]
)
def test_no_symbol_hides_another_and_moved_ones_have_a_leader(seed: int, n: int, south: str) -> None:
    spec = _spec(seed, n)
    drawing = draw(spec, "points", south=south)
    try:
        for frame in drawing.record.frames():
            layer = frame.layer
            if layer is None or len(layer.places) < 2 or not len(layer.radii):
                continue
            ax = frame.axes
            xy = ax.transData.transform(layer.places[["x", "y"]].to_numpy(dtype=float))
            px = drawing.figure.dpi / 72
            assert _overlaps(xy, layer.radii * px * 1.0, tol=1e-2) == 0, frame.name
            if "x_true" in layer.places:
                true = ax.transData.transform(layer.places[["x_true", "y_true"]].to_numpy(dtype=float))
                far = np.hypot(*(xy - true).T) > layer.radii * px / 3
                leaders = [a for a in ax.get_children() if a.get_gid() == "symbol-leader"]
                drawn = len(leaders[0].get_segments()) if leaders else 0
                # measured after the page's last layout: a symbol moved by about a third of its radius may differ
                assert abs(drawn - int(far.sum())) <= max(2, 0.05 * len(far)), frame.name
                assert drawn > 0 or not far.any()
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(("seed", "n", "share"), [(3, 150, 0.7), (11, 60, 0.8)])
def test_nearly_every_place_is_named_or_numbered(seed: int, n: int, share: float) -> None:
    """Before: a 40-line cap on the key left 62 of 102 places without a number (now 80 lines, short ones)."""
    spec = _spec(seed, n)
    record = draw(spec, "points").record
    assert record.labelled >= share * record.candidates, (record.labelled, record.candidates)
    numbers = [label.text for label in record.labels() if label.text.isdigit()]
    assert len(record.key) == len(numbers) and len(set(numbers)) == len(numbers)
    plt.close("all")


def test_radius_scale_is_what_the_spread_uses() -> None:
    assert radius_pt(np.array([1.0]))[0] > 0
