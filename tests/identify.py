"""Which places a figure draws, read back from its artists: one walk over the frames for the identification tests.

Used by ``tests/test_figure_keys.py`` (places named or numbered on their frame) and
``tests/test_figure_numbering.py`` (places named, numbered or inside a numbered group's
dashed circle, each place once by its true position).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from clusteratlas.static.drawing import Frame, MapRecord

__all__ = ["drawn_rows", "placed_frames", "true_positions"]


def placed_frames(record: MapRecord) -> Iterator[Frame]:
    """Yield the figure's frames (the main map, then its insets) that draw places."""
    for frame in record.frames():
        if frame.layer is not None and len(frame.layer.places):
            yield frame


def true_positions(frame: Frame) -> np.ndarray:
    """The true positions ``(n, 2)`` of a frame's places (where they are, not where their symbols were moved)."""
    assert frame.layer is not None
    places = frame.layer.places
    return places[["x_true", "y_true"] if "x_true" in places else ["x", "y"]].to_numpy(dtype=float)


def drawn_rows(record: MapRecord, frame: Frame, *, outside_detail: bool = False) -> np.ndarray:
    """Rows of ``frame``'s places whose symbol shows: inside the frame and, on the main map, under no inset.

    ``outside_detail``: on the main map, leave out too the places the detail inset shows
    (enlarged, and identified, there; a place at its view's edge left to the main map counts here).
    """
    assert frame.layer is not None
    ax, places = frame.axes, frame.layer.places
    xy = ax.transData.transform(places[["x", "y"]].to_numpy(dtype=float))
    ext = ax.get_window_extent()
    shown = (xy[:, 0] > ext.x0) & (xy[:, 0] < ext.x1) & (xy[:, 1] > ext.y0) & (xy[:, 1] < ext.y1)
    if frame.name == "map":
        for inset in record.insets:
            e = inset.axes.get_window_extent()
            shown &= ~((xy[:, 0] > e.x0) & (xy[:, 0] < e.x1) & (xy[:, 1] > e.y0) & (xy[:, 1] < e.y1))
            if outside_detail and inset.name == "detail-inset" and inset.layer is not None:
                enlarged = {(round(x), round(y)) for x, y in true_positions(inset)}
                shown &= np.array([(round(x), round(y)) not in enlarged for x, y in true_positions(frame)], dtype=bool)
    return np.flatnonzero(shown)
