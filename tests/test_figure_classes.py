"""Every class scheme we draw reads apart: adjacent classes and the first class from what is around it.

Read back from the drawn figures (the legend swatches of the choropleth, per capita, location
quotient and records-per-hexagon classes, and the regions' fills): every two adjacent classes
are at least :data:`~clusteratlas.mapspec.STEP_DE` apart (CIEDE2000) in colour, in grey and
under deuteranopia and protanopia (tests/colourvision.py), and the first class as far from the
neighbouring countries and the sea. Before, adjacent greys were 5.4-7 apart and the first
hexagon class 1.5 from the neighbours in grey.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.legend import Legend

from clusteratlas import geocode
from clusteratlas.mapspec import STEP_DE, MapSpec, classify, map_spec
from clusteratlas.mapspec.classes import ZERO_COLOR
from clusteratlas.static import NEIGHBOUR, SEA, draw

from .colourvision import ciede2000, seen
from .randomdata import random_records, random_spec, study_spec

VISIONS = ("normal", "grey", "deuteranopia", "protanopia")


def _smallest(a: list[str], b: list[str]) -> tuple[float, str, str, str]:
    """The smallest difference between ``a[i]`` and ``b[i]`` in any vision, and where."""
    worst = (np.inf, "", "", "")
    for vision in VISIONS:
        d = ciede2000(seen(a, vision), seen(b, vision))
        k = int(np.argmin(d))
        if d[k] < worst[0]:
            worst = (float(d[k]), vision, a[k], b[k])
    return worst


def _check(classes: list[str]) -> None:
    """Adjacent classes and the first class (after "0 / none") from the neighbours and the sea."""
    assert len(classes) >= 1
    if len(classes) > 1:
        d, vision, a, b = _smallest(classes[:-1], classes[1:])
        assert d >= STEP_DE, (vision, a, b, round(d, 1))
    first = next(c for c in classes if c != ZERO_COLOR)
    d, vision, a, b = _smallest([first, first], [NEIGHBOUR, SEA])
    assert d >= STEP_DE, (vision, a, b, round(d, 1))


def _swatches(fig: plt.Figure, gid: str) -> list[str]:
    """The fill of each class swatch of legend ``gid``, in order (hatched or white entries are marks, not classes)."""
    (legend,) = [leg for leg in fig.findobj(Legend) if leg.get_gid() == gid]
    out = []
    for handle in legend.legend_handles:
        face = to_hex(handle.get_facecolor())
        if handle.get_hatch() or face == "#ffffff":
            continue
        out.append(face)
    return out


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval"])
def test_every_count_of_classes_steps_apart(k: int, scheme: str) -> None:
    values = np.array([0.0, *np.geomspace(1, 900, 23)])
    _check(list(classify(values, scheme=scheme, k=k).colors))


def _lq_spec(seed: int, n: int) -> MapSpec:
    """The spec of :func:`random_records` with a category for the location quotient."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_records(seed, n))
    return map_spec(geo, data_label="random.csv", category="Sector A", color_by="sector")


CASES = [
    ("choropleth", "count", 11, 150),
    ("choropleth", "per-capita", 9, 60),
    ("choropleth", "share", 5, 400),
    ("combined", "count", 3, 26),
    ("lq", "count", 4, 150),
]


@pytest.mark.parametrize(("kind", "value", "seed", "n"), CASES)
def test_drawn_classes_step_apart(kind: str, value: str, seed: int, n: int) -> None:
    spec = random_spec(seed, n, value=value)
    if kind == "lq":
        spec = _lq_spec(seed, n)
    drawing = draw(spec, kind)
    try:
        drawn = _swatches(drawing.figure, "legend-classes")
        _check(drawn)
        assert len(drawn) >= 2
    finally:
        plt.close(drawing.figure)


def test_the_study_choropleth_classes_step_apart() -> None:
    drawing = draw(study_spec("fr"), "choropleth")
    try:
        _check(_swatches(drawing.figure, "legend-classes"))
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(("seed", "n"), [(7, 2000), (2, 8000)])
def test_hexagon_classes_step_apart(seed: int, n: int) -> None:
    drawing = draw(random_spec(seed, n), "points")
    try:
        assert drawing.record.density is not None
        drawn = _swatches(drawing.figure, "legend-density")
        assert drawn == list(drawing.record.density.colors) and len(drawn) >= 4
        _check(drawn)
        hexagons = next(c for c in drawing.record.main.axes.collections if c.get_gid() == "density")
        faces = {to_hex(f) for f in hexagons.to_rgba(hexagons.get_array())}
        assert faces <= set(drawn)  # the hexagons are drawn in the legend's classes
    finally:
        plt.close(drawing.figure)


def test_more_classes_than_the_ramp_still_darken_in_order() -> None:
    values = np.arange(0, 9, dtype=float)
    colors = classify(values, scheme="unique").colors[1:]
    greys = [seen([c], "grey")[0, 0] for c in colors]
    assert len(colors) == 8 and all(a > b for a, b in itertools.pairwise(greys))
