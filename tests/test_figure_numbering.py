"""Numbered keys in geographic order: one number a place, 1 to n once each, north to south over every frame.

Read back from the figure's own text artists (the numbers drawn on the main map and the
insets), at single-column, 1.5-column and double-column widths, in English and French.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas.static import draw
from clusteratlas.static.drawing import MapRecord

from .randomdata import random_spec


def _true_position(frame, anchor: tuple[float, float]) -> tuple[float, float]:
    """The true position of the place whose symbol is at ``anchor`` on ``frame`` (not where it was moved)."""
    places = frame.layer.places
    at = np.flatnonzero((places["x"].to_numpy() == anchor[0]) & (places["y"].to_numpy() == anchor[1]))
    assert len(at) == 1, anchor
    row = places.iloc[int(at[0])]
    return (float(row.get("x_true", row["x"])), float(row.get("y_true", row["y"])))


def numbers_drawn(record: MapRecord) -> list[tuple[int, tuple[float, float], str]]:
    """Each number drawn on the figure (read from the axes' text artists), its place's true position and frame."""
    out = []
    for frame in record.frames():
        by_artist = {id(label.artist): label for label in frame.labels}
        for text in frame.axes.texts:
            if text.get_gid() != "cluster-label" or not text.get_visible() or not text.get_text().isdigit():
                continue
            label = by_artist[id(text)]  # every number drawn is a recorded label of its frame
            out.append((int(text.get_text()), _true_position(frame, label.anchor), frame.name))
    return out


def names_drawn(record: MapRecord) -> set[tuple[float, float]]:
    """True positions of the places named (not numbered) on any frame, from the axes' text artists."""
    named = set()
    for frame in record.frames():
        by_artist = {id(label.artist): label for label in frame.labels}
        for text in frame.axes.texts:
            if text.get_gid() == "cluster-label" and text.get_visible() and not text.get_text().isdigit():
                named.add(_true_position(frame, by_artist[id(text)].anchor))
    return named


CASES = [
    (26, 1, 84.0, "frame", "en"),
    (60, 2, 84.0, "inset", "fr"),
    (150, 1, 84.0, "frame", "fr"),
    (150, 3, 84.0, "inset", "en"),
    (60, 3, 120.0, "frame", "en"),
    (150, 2, 120.0, "inset", "fr"),
    (150, 1, 174.0, "frame", "en"),
    (60, 1, 174.0, "inset", "fr"),
]


@pytest.mark.parametrize(("n", "seed", "width", "south", "lang"), CASES)
def test_numbers_run_north_to_south_once_over_every_frame(
    n: int, seed: int, width: float, south: str, lang: str
) -> None:
    """Before: each frame numbered on its own (the main map 1-30, the detail inset 31-51, each north to south by
    where its symbols were moved), and a place on the detail inset's edge numbered on both frames or named on one."""
    drawing = draw(random_spec(seed, n, lang), "points", width_mm=width, south=south)
    try:
        drawing.figure.canvas.draw()
        record = drawing.record
        drawn = sorted(numbers_drawn(record))
        numbers = [k for k, _, _ in drawn]
        assert numbers == list(range(1, len(numbers) + 1))  # 1 … n, each once
        places = [where for _, where, _ in drawn]
        assert len(set(places)) == len(places)  # one number a place
        assert not set(places) & names_drawn(record)  # never numbered on one frame and named on another
        ordered = sorted(places, key=lambda p: (-p[1], p[0]))
        assert places == ordered  # north to south, ties west to east, over the main map and the insets
        # The key: the same numbers in the same order, each naming its place.
        assert [line.split(" ", 1)[0] for line in record.key] == [str(k) for k in numbers]
        frames = {frame.name: frame for frame in record.frames()}
        for (k, where, name), line in zip(drawn, record.key, strict=True):
            layer = frames[name].layer
            true = layer.places[["x_true", "y_true"] if "x_true" in layer.places else ["x", "y"]].to_numpy()
            i = int(np.argmin(np.hypot(true[:, 0] - where[0], true[:, 1] - where[1])))
            if line != f"{k} {layer.keys[i]}":  # a group of places too crowded for a number each: named in its line
                group = line.split(" ", 1)[1]
                assert group.startswith(("in the dashed circle: ", "dans le cercle en tirets\u00a0: ")), line
                assert layer.keys[i] in group.split(": ", 1)[1], line  # its northmost place first
        if n >= 60:
            assert len(numbers) >= 10  # the matrix exercises numbering
    finally:
        plt.close(drawing.figure)
