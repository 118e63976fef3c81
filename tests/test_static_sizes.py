"""Proportional symbols: each symbol's drawn area in the ratio of its place's records to the figure's largest.

Read back from the figure's own patches (areas of their outlines in display units) on
generated tables whose places hold 1 to 5,000 records.
"""

from __future__ import annotations

import warnings
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from clusteratlas.static import draw
from clusteratlas.static._sizing import MAX_PT_AT_WIDTH, MIN_PT, Sizing, figure_sizing
from clusteratlas.static.drawing import MapRecord

from .randomdata import random_records

SHAPES = ("place-certain", "place-uncertain", "place-coarse")


@cache
def heavy_spec(seed: int, places: int = 24, lang: str = "en", size_by: bool = False):
    """Return the spec of a table of ``places`` gazetteer places holding 1 to 5,000 records each (log-uniform)."""
    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec

    rng = np.random.default_rng(seed)
    base = random_records(seed, 400)
    base = base[base["lat"].notna() & base["city"].ne("")].drop_duplicates("city").head(places).reset_index(drop=True)
    counts = np.round(np.exp(rng.uniform(0, np.log(5000), len(base)))).astype(int)
    counts[0], counts[-1] = 5000, 1  # the extremes, always
    table = base.loc[base.index.repeat(counts)].reset_index(drop=True)
    table["name"] = "r" + pd.Series(np.arange(len(table))).astype(str)
    table["staff"] = rng.integers(1, 200, len(table)) if size_by else 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return map_spec(geocode(table), data_label="heavy.csv", lang=lang, size_by="staff" if size_by else None)


def polygon_area(patch) -> float:
    """Area of a patch in display units (pixels²): a circle's from its radius, else by the shoelace formula."""
    from matplotlib.patches import Circle

    if isinstance(patch, Circle):
        (x0, _), (x1, _) = patch.get_transform().transform([(0.0, 0.0), (1.0, 0.0)])  # the unit circle's centre, edge
        return float(np.pi * (x1 - x0) ** 2)
    area = 0.0
    for poly in patch.get_path().to_polygons(transform=patch.get_transform(), closed_only=False):
        x, y = poly[:, 0], poly[:, 1]
        area += 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))
    return area


def drawn_symbols(record: MapRecord) -> list[tuple[float, float]]:
    """Each place's drawn area (pt², from its patch) and its records (from the frame's places), over every frame."""
    fig = record.main.axes.figure
    px2 = (fig.dpi / 72) ** 2
    out = []
    for frame in record.frames():
        if frame.layer is None:
            continue
        patches = [p for p in frame.axes.patches if p.get_gid() in SHAPES]
        assert len(patches) == len(frame.layer.places), frame.name  # one symbol per place
        centres = frame.axes.transData.transform(frame.layer.places[["x", "y"]].to_numpy(dtype=float))
        for patch in patches:
            cx, cy = np.concatenate(patch.get_path().to_polygons(transform=patch.get_transform())).mean(axis=0)
            i = int(np.argmin(np.hypot(centres[:, 0] - cx, centres[:, 1] - cy)))
            out.append((polygon_area(patch) / px2, float(frame.layer.places["area"].iat[i])))
    return out


@pytest.mark.parametrize(("seed", "south", "lang"), [(1, "frame", "en"), (2, "inset", "fr"), (3, "frame", "fr")])
def test_symbol_areas_are_in_the_ratio_of_their_records(seed: int, south: str, lang: str) -> None:
    """Before: 2.6 * sqrt(n) capped at 9 pt, so 13 and 5,000 records drew the same symbol."""
    spec = heavy_spec(seed, lang=lang)
    drawing = draw(spec, "points", south=south)
    try:
        symbols = drawn_symbols(drawing.record)
        areas = np.array([a for a, _ in symbols])
        counts = np.array([n for _, n in symbols])
        top = counts.max()
        assert top == 5000 and counts.min() == 1
        largest = float(areas[counts == top].max())
        # The largest place gets the figure's largest radius (7 pt at 174 mm, smaller when crowded).
        assert np.sqrt(largest / np.pi) == pytest.approx(MAX_PT_AT_WIDTH, rel=0.02)
        floor = np.pi * MIN_PT**2
        exact = largest * counts / top
        free = exact > floor * 1.02
        assert free.sum() >= 5
        np.testing.assert_allclose(areas[free] / largest, counts[free] / top, rtol=0.02)  # areas as the records
        np.testing.assert_allclose(areas[~free], np.maximum(exact[~free], floor), rtol=0.03)  # the least: the minimum
        # The size key shows the true sizes: its largest circle is the largest symbol, its least says "≤".
        key = size_key(drawing.figure)
        assert np.pi * (key[-1][0] / 2) ** 2 == pytest.approx(largest, rel=0.02)
        assert key[0][1].startswith("≤ ") and key[0][0] / 2 == pytest.approx(MIN_PT, rel=0.02)
        stated = int("".join(c for c in key[0][1].removeprefix("≤ ").split(" ")[0] if c.isdigit()))
        assert np.all(areas[counts > stated] > floor * 0.999)  # the places above the stated count are drawn larger
    finally:
        plt.close(drawing.figure)


def size_key(fig) -> list[tuple[float, str]]:
    """The size key's circles (diameter, pt) and labels, smallest first."""
    from matplotlib.legend import Legend
    from matplotlib.patches import Circle
    from matplotlib.text import Text

    legend = next(a for a in fig.axes[0].get_children() if isinstance(a, Legend) and a.get_gid() == "legend-size")
    circles = [c for c in legend.findobj(Circle) if c.get_gid() == "size-key-circle"]
    texts = [t for t in legend.findobj(Text) if t.get_gid() == "size-key-label"]
    return sorted((2 * c.get_radius(), t.get_text()) for c, t in zip(circles, texts, strict=True))


def test_a_figure_of_few_records_draws_its_least_place_unclamped() -> None:
    """With at most 20 records at a place, no symbol is under the minimum: the key starts at "1 record"."""
    sizing = figure_sizing(np.array([1.0, 3.0, 20.0]), 174.0)
    assert sizing.floor < 1 and sizing.max_pt == MAX_PT_AT_WIDTH
    r = sizing.radii(np.array([1.0, 3.0, 20.0]))
    np.testing.assert_allclose((r / r[-1]) ** 2, [1 / 20, 3 / 20, 1.0])
    assert Sizing(top=5000, max_pt=10.0).floor == pytest.approx(5000 * (MIN_PT / 10) ** 2)
    narrow = figure_sizing(np.array([1.0, 9.0]), 84.0)
    assert narrow.max_pt < sizing.max_pt  # a one-column figure: smaller symbols


def test_size_by_areas_follow_the_column() -> None:
    """Sized by a column, the areas are in the ratio of each place's total of it."""
    spec = heavy_spec(4, places=14, size_by=True)
    drawing = draw(spec, "points")
    try:
        symbols = drawn_symbols(drawing.record)
        areas = np.array([a for a, _ in symbols])
        totals = np.array([n for _, n in symbols])
        largest = float(areas[np.argmax(totals)])
        free = largest * totals / totals.max() > np.pi * MIN_PT**2 * 1.02
        np.testing.assert_allclose(areas[free] / largest, totals[free] / totals.max(), rtol=0.02)
        key = size_key(drawing.figure)
        assert np.pi * (key[-1][0] / 2) ** 2 == pytest.approx(largest, rel=0.02)
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize("top", [2, 5, 12, 34, 150])
def test_the_size_key_never_says_at_most_one_record(top: int) -> None:
    """A count is never under 1: where the smallest circle stands for 1 record it says "1 record", not "≤ 1"."""
    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec

    base = random_records(top, 400)
    base = base[base["lat"].notna() & base["city"].ne("")].drop_duplicates("city").head(8).reset_index(drop=True)
    counts = np.ones(len(base), dtype=int)
    counts[0] = top
    table = base.loc[base.index.repeat(counts)].reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(table), data_label="t.csv")
    drawing = draw(spec, "points")
    try:
        labels = [label for _, label in size_key(drawing.figure)]
    finally:
        plt.close(drawing.figure)
    assert labels[-1] == f"{top} clusters", labels  # map_spec's default unit
    assert not any(label.startswith("≤ 1 ") for label in labels), labels
    assert int(labels[0].removeprefix("≤ ").split(" ")[0]) >= 1, labels
