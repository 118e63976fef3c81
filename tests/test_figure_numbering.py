"""Numbered keys in geographic order: one number a place, 1 to n once each, north to south over every frame.

Read back from the figure's own text artists (the numbers drawn on the main map and the
insets), at single-column, 1.5-column and double-column widths, in English and French.
"""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas.static import draw

from .identify import identified, names_drawn, numbers_drawn
from .randomdata import random_spec

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
                assert layer.keys[i] in group.split(": ", 1)[1], line  # the place its number stands by
        if n >= 60:
            # the matrix exercises numbering; 60 records at 174 mm: the detail inset, now an enlargement (its view
            # grows by at most 0.3 of its side), names most of its places (6 numbers, 10 or more before)
            assert len(numbers) >= (5 if n < 150 and width >= 150 else 10)
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(("n", "seed", "width", "south", "lang"), CASES)
def test_places_are_named_numbered_or_grouped(n: int, seed: int, width: float, south: str, lang: str) -> None:
    """Before: at 84 mm, 49 of 112 places (150 records) named or numbered, the rest without a mark.

    Now the places left without room for a number are marked in numbered groups. Far from every
    place: a group whose circle would pass 16 pt, or whose number finds no room within the
    usual rings, stays unmarked (and the caption says how many are labelled).
    """
    drawing = draw(random_spec(seed, n, lang), "points", width_mm=width, south=south)
    try:
        drawing.figure.canvas.draw()
        drawn, known = identified(drawing.record)
        assert drawn >= min(n // 3, 15)
        # Measured now (when a detail inset with no free spot was left out, and at 84 mm crowded on the frame):
        # 84 mm frame 98 of 112 (71); --south inset at 84 mm, the detail inset under the map as wide as the frame,
        # 94 of 102 and 50 of 55 (27 of 90, 24 of 47 as counted then); 120 mm inset 102 of 118 (69); 174 mm
        # 108 of 112, 55 of 55 (46). Session 13's rounds of numbers (names in crowds, issue 20) name more places
        # in most crowds (150 records at 174 mm: 97 -> 104 of 112, 88 -> 94 of 102) but this one, seed 3 at 84 mm
        # with the southern inset, goes from 89 to 86 of 102 (its dashed groups count differently): 0.84 there.
        # Session 14 keeps the round whose labels and groups identify most: 91 of 102 there (0.89).
        crowded_inset = width < 100 and south == "inset" and n >= 150
        share = 0.89 if crowded_inset else 0.85 if width < (100 if south == "frame" else 150) else 0.9
        assert known >= share * drawn, (known, drawn)
        if n <= 26:
            assert known == drawn, (known, drawn)
    finally:
        plt.close(drawing.figure)


SYMBOLS = ("place-certain", "place-uncertain", "place-coarse")


@pytest.mark.parametrize(
    ("n", "seed", "south", "lang"), [(150, 1, "frame", "en"), (150, 2, "inset", "fr"), (60, 3, "frame", "fr")]
)
def test_at_single_column_no_symbol_hides_another_or_is_cut_and_no_text_is_under_seven_points(
    n: int, seed: int, south: str, lang: str
) -> None:
    """At 84 mm, from the figure's patches: symbols apart (to half a point), whole inside their frame; type >= 7 pt."""
    from matplotlib.text import Text

    drawing = draw(random_spec(seed, n, lang), "points", width_mm=84.0, south=south)
    fig = drawing.figure
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        px = fig.dpi / 72
        seen = 0
        for ax in fig.axes:
            ext = ax.get_window_extent(renderer)
            circles = []
            for patch in (p for p in ax.patches if p.get_gid() in SYMBOLS):
                b = patch.get_window_extent(renderer)
                cx, cy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
                if not (ext.x0 < cx < ext.x1 and ext.y0 < cy < ext.y1):
                    continue  # a place outside this frame (the south on the main map of --south inset)
                seen += 1
                tol = 0.5 * px
                assert b.x0 >= ext.x0 - tol and b.x1 <= ext.x1 + tol, ax.get_gid()  # whole inside its frame
                assert b.y0 >= ext.y0 - tol and b.y1 <= ext.y1 + tol, ax.get_gid()
                circles.append((cx, cy, min(b.width, b.height) / 2))
            xy = np.array([(c[0], c[1]) for c in circles]).reshape(-1, 2)
            r = np.array([c[2] for c in circles])
            d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
            np.fill_diagonal(d, np.inf)
            overlap = r[:, None] + r[None, :] - d
            assert (overlap <= 0.5 * px).all(), (ax.get_gid(), float(overlap.max()) / px)  # apart, to half a point
        assert seen >= 30
        small = {
            t.get_text() for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible() and t.get_fontsize() < 7
        }
        assert not small, sorted(small)[:5]
    finally:
        plt.close(fig)


@pytest.mark.parametrize(("n", "seed", "south", "lang"), [(150, 3, "inset", "fr"), (60, 11, "frame", "en")])
def test_at_single_column_the_size_key_nests_inside_its_frame(n: int, seed: int, south: str, lang: str) -> None:
    """The size key at 84 mm: circles nested on one bottom point, none over another's edge or the legend's frame."""
    from .test_figure_keys import _apart, _inside, _size_key_artists

    drawing = draw(random_spec(seed, n, lang), "points", width_mm=84.0, south=south)
    fig = drawing.figure
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        legend, circles, texts = _size_key_artists(fig)
        assert len(circles) == len(texts) >= 2
        frame = legend.get_frame().get_window_extent(renderer)
        boxes = sorted((c.get_window_extent(renderer) for c in circles), key=lambda b: b.width)
        for small, big in itertools.pairwise(boxes):
            assert small.width < big.width and _inside(small, big)
            assert abs(small.y0 - big.y0) < 0.6
        for b in boxes:
            assert b.x0 > frame.x0 + 1 and b.x1 < frame.x1 - 1 and b.y0 > frame.y0 + 1 and b.y1 < frame.y1 - 1
        labels = [t.get_window_extent(renderer) for t in texts]
        for i, label in enumerate(labels):
            assert _inside(label, frame, tol=0.0) and all(_apart(label, b) for b in boxes)
            assert all(_apart(label, other) for other in labels[i + 1 :])
    finally:
        plt.close(fig)
