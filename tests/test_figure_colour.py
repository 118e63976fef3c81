"""Colour every reader tells apart: under colour-blindness, in grey, from land and sea; marks that keep lightness.

The differences are CIEDE2000 (tests/colourvision.py), with deuteranopia and protanopia
simulated by Machado et al.'s (2009) severity-1 matrices.
"""

from __future__ import annotations

import io
import warnings
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas import geocode
from clusteratlas.mapspec import OTHER_COLOR, PALETTE, UNKNOWN_COLOR, MapSpec, classify, map_spec
from clusteratlas.mapspec.classes import ZERO_COLOR
from clusteratlas.static import NEIGHBOUR, SEA, draw, figure_bytes
from clusteratlas.static.lq import LQ_COLORS, lq_spec

from .colourvision import ciede2000, closest_pair, seen
from .randomdata import random_records


@cache
def _spec(seed: int, n: int, **options: object) -> MapSpec:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_records(seed, n))
    return map_spec(geo, data_label="random.csv", **options)  # type: ignore[arg-type]


def _difference(a: str, b: str, vision: str) -> float:
    return float(ciede2000(seen([a], vision), seen([b], vision))[0])


@pytest.mark.parametrize("vision", ["normal", "deuteranopia", "protanopia"])
def test_twelve_categories_stay_apart_under_colour_blindness(vision: str) -> None:
    colours = [*PALETTE, OTHER_COLOR, UNKNOWN_COLOR]
    assert len(set(PALETTE)) == 12
    smallest, a, b = closest_pair(colours, vision)
    assert smallest >= 10, (vision, a, b, smallest)  # Paul Tol's muted colours came to 3.5 (deuteranopia)


def test_the_simulation_reproduces_the_reviews_measure() -> None:
    """The review measured 3.5 between two of the old palette's colours under deuteranopia: same here."""
    old = ["#CC79A7", "#44AA99"]
    assert _difference(*old, "deuteranopia") == pytest.approx(3.5, abs=0.1)


@pytest.mark.parametrize("k", [1, 2, 3, 5, 7])
@pytest.mark.parametrize("vision", ["normal", "grey"])
def test_the_lightest_classes_stand_apart_from_neighbours_and_sea(k: int, vision: str) -> None:
    values = np.array([0.0, *np.linspace(1, 40, 11)])
    classes = classify(values, scheme="quantiles" if k > 1 else "equal_interval", k=k, kind="count")
    first = classes.colors[1]  # classes.colors[0] is "0 / none"
    assert classes.colors[0] == ZERO_COLOR
    for shown in (ZERO_COLOR, first):
        for background in (NEIGHBOUR, SEA):
            assert _difference(shown, background, vision) >= 6, (shown, background, vision)


def _pixel(fig: plt.Figure, ax: plt.Axes, x: float, y: float, dpi: int = 100, *, median: bool = False) -> np.ndarray:
    """The mean colour (0-255) of a 9 × 9 pixel window around data point (x, y) of ``ax`` in the saved PNG.

    ``median``: the fill without a province line crossing the window (light on the darker classes).
    """
    from matplotlib.image import imread

    png = figure_bytes(fig, "png", dpi=dpi)
    image = imread(io.BytesIO(png), format="png")[..., :3] * 255.0
    fig.set_dpi(dpi)
    px, py = ax.transData.transform((x, y))
    row, col = round(image.shape[0] - py), round(px)
    window = image[row - 4 : row + 5, col - 4 : col + 5].reshape(-1, 3)
    return np.median(window, axis=0) if median else window.mean(axis=0)


def _interior(code: str) -> tuple[float, float]:
    from clusteratlas.static._basemap import _projected

    regions = _projected("region")
    geom = regions.loc[regions["region_code"].astype(str) == code, "geometry"].iat[0]
    point = (
        geom.buffer(-20_000).representative_point()
        if not geom.buffer(-20_000).is_empty
        else geom.representative_point()
    )
    return float(point.x), float(point.y)


def test_few_records_are_outlined_and_keep_their_class_lightness() -> None:
    spec = _spec(9, 60, value="per-capita")
    from clusteratlas.static._basemap import few_record_codes

    few = few_record_codes(spec)
    assert few
    drawing = draw(spec, "choropleth")
    fig = drawing.figure
    try:
        ax = drawing.record.main.axes
        outline = [a for a in ax.get_children() if a.get_gid() == "few-records-outline"]
        assert len(outline) == 1 and len(outline[0].get_paths()) == len(few)
        assert not any(a.get_gid() == "few-records-hatch" for a in ax.get_children())
        colours = dict(zip(spec.regions["region_code"].astype(str), spec.regions["color"], strict=True))
        for code in few:
            expected = np.array([int(colours[code][i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
            got = _pixel(fig, ax, *_interior(code), median=True)
            assert np.abs(got - expected).max() <= 3, (code, got, expected)  # the fill, unhatched
    finally:
        plt.close(fig)


def test_location_quotient_regions_without_records_are_hatched_not_near_white() -> None:
    spec = _spec(4, 150, category="Sector A", color_by="sector")
    regions = lq_spec(spec).regions
    empty = regions[regions["value"].isna()]
    assert len(empty), "the sample needs a region without records"
    drawing = draw(spec, "lq")
    fig = drawing.figure
    try:
        ax = drawing.record.main.axes
        hatch = [a for a in ax.get_children() if a.get_gid() == "no-records-hatch"]
        assert len(hatch) == 1 and hatch[0].get_hatch() and len(hatch[0].get_paths()) == len(empty)
        middle = np.array([int(LQ_COLORS[2][i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
        got = _pixel(fig, ax, *_interior(str(empty["region_code"].iat[0])))
        assert np.abs(got - middle).max() >= 12  # the hatching shows where the fill alone would not
        legend = next(a for a in ax.get_children() if (a.get_gid() or "") == "legend-classes")
        patches = {t.get_text(): p for t, p in zip(legend.get_texts(), legend.get_patches(), strict=True)}
        none = next(p for t, p in patches.items() if t.startswith(spec.texts["lq_none"]))
        assert none.get_hatch()
    finally:
        plt.close(fig)
