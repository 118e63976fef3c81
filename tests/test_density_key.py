"""A hexagon (density) map keys every number it draws, and its caption counts the names truly (issue 20).

Before: a "1" stood west of Fès on a 20,000-record map with no key line anywhere, and the
caption said "Named: 12 of the 12 places with the most records" while 11 were named (and the
12th, numbered, was named nowhere).
Read back from the figure's text artists and its caption, on generated tables.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from clusteratlas.static import draw

from .randomdata import random_spec


@pytest.mark.parametrize(
    ("seed", "n", "width", "south"),
    [(1, 3000, 84.0, "frame"), (2, 3000, 120.0, "inset"), (3, 4000, 174.0, "frame"), (5, 3000, 174.0, "inset")],
)
def test_every_number_on_a_density_map_has_a_key_line(seed: int, n: int, width: float, south: str) -> None:
    drawing = draw(random_spec(seed, n), "points", width_mm=width, south=south)
    try:
        drawing.figure.canvas.draw()
        record = drawing.record
        assert record.density is not None  # hexagons, the top places dotted and named
        texts = [
            t.get_text()
            for frame in record.frames()
            for t in frame.axes.texts
            if t.get_gid() == "cluster-label" and t.get_visible()
        ]
        numbers = sorted(int(t) for t in texts if t.isdigit())
        keyed = [int(k) for line in record.key for k in re.match(r"^[\d, ]+", line).group(0).split(",")]
        assert sorted(keyed) == numbers  # each number drawn, keyed once
        # "Named: k of the 12 …": each named on the map, or numbered there and named in the key
        assert record.labelled == len(texts)
        caption = " ".join((record.caption or "").split())
        for line in record.key:
            assert " ".join(line.split()) in caption
    finally:
        plt.close(drawing.figure)


def test_a_crowded_density_map_numbers_some_places() -> None:
    """The case above is not empty: at single-column width some names fit nowhere and are numbered."""
    drawing = draw(random_spec(1, 3000), "points", width_mm=84.0)
    try:
        drawing.figure.canvas.draw()
        assert drawing.record.key
        texts = [t.get_text() for t in drawing.record.main.axes.texts if t.get_gid() == "cluster-label"]
        assert any(t.isdigit() for t in texts)
    finally:
        plt.close(drawing.figure)
