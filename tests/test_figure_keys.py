"""Keys that identify every symbol: every drawn place named or numbered, read back from the figure's artists."""

from __future__ import annotations

import itertools
import time
from functools import partial

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas.static import draw
from clusteratlas.static._placer import Spacing, place_labels
from clusteratlas.static.drawing import MapRecord

from .identify import drawn_rows, placed_frames
from .randomdata import random_spec


def _named_or_numbered(record: MapRecord) -> tuple[int, int]:
    """Count the drawn places, and those whose label is a visible text artist on their frame."""
    drawn = named = 0
    numbers: list[str] = []
    for frame in placed_frames(record):
        texts = {id(t): t for t in frame.axes.texts if t.get_gid() == "cluster-label" and t.get_visible()}
        assert len(texts) == len(frame.labels), frame.name  # every label artist is recorded, and no more
        labelled = set()
        for label in frame.labels:
            artist = texts[id(label.artist)]  # drawn on this frame
            assert artist.get_text() == label.text and label.text.strip()
            labelled.add(label.anchor)
            if label.text.isdigit():
                numbers.append(label.text)
        places = frame.layer.places
        for i in drawn_rows(record, frame, outside_detail=True):
            drawn += 1
            named += (float(places["x"].iat[i]), float(places["y"].iat[i])) in labelled
    assert sorted(numbers, key=int) == [str(k) for k in range(1, len(numbers) + 1)]  # 1 … n, once each
    assert [line.split(" ", 1)[0] for line in record.key] == [str(k) for k in range(1, len(numbers) + 1)]
    return drawn, named


CASES = [
    (26, 1, "frame", "en"),
    (26, 2, "inset", "fr"),
    (26, 3, "frame", "fr"),
    (60, 1, "inset", "en"),
    (60, 2, "frame", "fr"),
    (60, 3, "inset", "fr"),
    (150, 1, "frame", "en"),
    (150, 2, "inset", "fr"),
    (150, 3, "frame", "en"),
]


@pytest.mark.parametrize(("n", "seed", "south", "lang"), CASES)
def test_every_drawn_place_is_named_or_numbered(n: int, seed: int, south: str, lang: str) -> None:
    """Before: 74 of 101 places on 150 records (a key capped at 80 lines, 12 places per inset, numbers
    that gave up after three rings). Now numbers go first, then farther out on a leader; the key has no cap."""
    drawing = draw(random_spec(seed, n, lang), "points", south=south)
    try:
        drawing.figure.canvas.draw()  # as saved
        drawn, named = _named_or_numbered(drawing.record)
        assert drawn >= min(n // 3, 15)  # the walk finds the places
        # Not yet every place at 150 records: the crowds outside the detail inset (Tanger-Tétouan, Fès-Meknès)
        # leave some without room for a number within three lines of their symbol (see the notes of issue 20).
        # Session 11: a name on a leader must stand nearer its own symbol than any other (M13), so some names
        # become numbers and some numbers find no room: 93 of 112 on seed 1 (was 99).
        # Session 12: keys moved to sea (fit) and detail insets naming their places ("Casablanca: 8 clusters", fr)
        # each cost a place or two in the crowded inset layout: 94 of 118 on seed 2 (97 before; fit alone 95, fr
        # alone 96); 97 of 112 and 88 of 102 with the southern regions in the frame. Names in crowds: issue 20.
        # Session 13: a number that found no room is placed first in another round, and the categories' key stands
        # at sea 12 mm clear of the data: 96 of 118 on seed 2, 104 of 112 and 94 of 102 (tests/test_crowd_s13.py).
        share = 0.9 if n <= 60 else (0.92 if south == "frame" else 0.81)
        assert named >= share * drawn, (named, drawn)
        if n <= 60:
            # Measured: every drawn place named or numbered on all six tables of 26 and 60 records (with
            # --south inset it was 50 of 55 while a detail inset with no free spot was left out; it now goes under
            # the map); 150 records: 99 of 112, 102 of 118 (--south inset; 90 before), 93 of 102.
            assert drawn - named <= 2, (named, drawn)
        if n <= 26 and south == "frame" and lang == "en":
            assert named == drawn, (named, drawn)
    finally:
        plt.close(drawing.figure)


def test_numbers_reach_a_thousand_crowded_places_in_time() -> None:
    """The placer stays near linear: 1,000 numbers heaped in a square, with far rings, in a few seconds."""
    rng = np.random.default_rng(1)
    n = 1000
    anchors = rng.uniform(0, 700, size=(n, 2))
    markers = np.column_stack([anchors, np.full(n, 3.0)])
    sizes = [np.array([[12.0, 9.7]])] * n
    numbers = np.ones(n, dtype=bool)  # numbers, read through the key: not held to stand nearest their own symbol
    place = partial(
        place_labels,
        anchors,
        np.full(n, 3.0),
        sizes,
        frame=(0, 0, 700, 700),
        markers=markers,
        owners=np.arange(n),
        keyed=numbers,
    )
    t = time.perf_counter()
    result = place(spacing=Spacing(gap=1.7, pad=1.4, rings=3, far=1))
    elapsed = time.perf_counter() - t
    placed = [p for p in result if p is not None]
    assert len(placed) >= 0.9 * n  # 927 (860 in the eight directions of the first rings only)
    near = place(spacing=Spacing(gap=1.7, pad=1.4, rings=3))
    assert len(placed) > sum(p is not None for p in near)  # the far rings place more
    boxes = np.array([p.box for p in placed])
    pad = 1.4
    overlap = (
        (boxes[:, None, 0] < boxes[None, :, 2] - pad)
        & (boxes[None, :, 0] < boxes[:, None, 2] - pad)
        & (boxes[:, None, 1] < boxes[None, :, 3] - pad)
        & (boxes[None, :, 1] < boxes[:, None, 3] - pad)
    )
    np.fill_diagonal(overlap, False)
    assert not overlap.any()  # no two numbers overlap
    assert elapsed < 5, elapsed  # 0.41 s on the shared 2-core machine


def _size_key_artists(fig, gid: str = "legend-size"):
    from matplotlib.legend import Legend
    from matplotlib.patches import Circle
    from matplotlib.text import Text

    legend = next(a for ax in fig.axes for a in ax.get_children() if isinstance(a, Legend) and a.get_gid() == gid)
    circles = [c for c in legend.findobj(Circle) if c.get_gid() == "size-key-circle"]
    texts = [t for t in legend.findobj(Text) if t.get_gid() == "size-key-label"]
    return legend, circles, texts


def _inside(inner, outer, tol: float = 0.6) -> bool:
    return (
        inner.x0 >= outer.x0 - tol
        and inner.x1 <= outer.x1 + tol
        and inner.y0 >= outer.y0 - tol
        and inner.y1 <= outer.y1 + tol
    )


def _apart(a, b) -> bool:
    return a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0


@pytest.mark.parametrize(
    ("n", "seed", "south", "lang"), [(60, 11, "frame", "en"), (150, 3, "inset", "fr"), (26, 2, "frame", "fr")]
)
def test_size_key_circles_nest_and_its_labels_touch_nothing(n: int, seed: int, south: str, lang: str) -> None:
    """Before: a legend row per size, the "2" and "8 records" circles nearly touching; now nested on one bottom."""
    drawing = draw(random_spec(seed, n, lang), "points", south=south)
    fig = drawing.figure
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        legend, circles, texts = _size_key_artists(fig)
        assert len(circles) == len(texts) >= 2
        boxes = sorted((c.get_window_extent(renderer) for c in circles), key=lambda b: b.width)
        for small, big in itertools.pairwise(boxes):
            assert small.width < big.width
            assert _inside(small, big)  # each inside the next
            assert abs(small.y0 - big.y0) < 0.6  # on one bottom point
            assert abs((small.x0 + small.x1) / 2 - (big.x0 + big.x1) / 2) < 0.6
        frame = legend.get_frame().get_window_extent(renderer)
        assert legend.get_frame().get_alpha() in (None, 1.0) and legend.get_frame().get_facecolor()[3] == 1.0  # opaque
        labels = [t.get_window_extent(renderer) for t in texts]
        for i, label in enumerate(labels):
            assert _inside(label, frame, tol=0.0), texts[i].get_text()  # inside the frame, not on it
            assert label.x0 > frame.x0 + 1 and label.x1 < frame.x1 - 1 and label.y0 > frame.y0 + 1
            assert all(_apart(label, b) for b in boxes), texts[i].get_text()  # clear of every circle
            assert all(_apart(label, other) for other in labels[i + 1 :])  # and of each other
        ticks = [a for a in legend.findobj() if a.get_gid() == "size-key-tick"]
        assert len(ticks) == len(circles)  # a leader tick for each
        # The key's sizes are the map's: its largest circle is the largest symbol of the main map.
        layer = drawing.record.main.layer
        px = fig.dpi / 72
        assert boxes[-1].width / 2 / px == pytest.approx(float(layer.radii.max()), rel=0.02)
        assert boxes[0].width / 2 / px == pytest.approx(float(layer.radii.min()), rel=0.02)
    finally:
        plt.close(fig)
