"""Which places a figure draws, read back from its artists: one walk over the frames for the identification tests.

Used by ``tests/test_figure_keys.py`` (places named or numbered on their frame) and
``tests/test_figure_numbering.py`` (places named, numbered or inside a numbered group's
dashed circle, each place once by its true position).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from clusteratlas.static.drawing import Frame, MapRecord

__all__ = [
    "drawn_rows",
    "identified",
    "identified_places",
    "names_drawn",
    "numbers_drawn",
    "placed_frames",
    "true_positions",
]


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


def identified_places(record: MapRecord) -> tuple[set[tuple[float, float]], set[tuple[float, float]]]:
    """The true positions of the places drawn on the figure, and of those named, numbered or in a numbered group.

    Read from the axes' artists: the label texts (mapped to their places) and the group circles
    (``group-mark`` patches, a place counted when its symbol's centre lies inside one).
    """
    every: set[tuple[float, float]] = set()
    known = names_drawn(record) | {where for _, where, _ in numbers_drawn(record)}
    for frame in placed_frames(record):
        ax, places = frame.axes, frame.layer.places
        xy = ax.transData.transform(places[["x", "y"]].to_numpy(dtype=float))
        true = true_positions(frame)
        every.update((float(x), float(y)) for x, y in true[drawn_rows(record, frame)])
        for ring in (p for p in ax.patches if p.get_gid() == "group-mark"):
            centre = ax.transData.transform(ring.center)
            edge = ax.transData.transform((ring.center[0] + ring.radius, ring.center[1]))
            inside = np.hypot(xy[:, 0] - centre[0], xy[:, 1] - centre[1]) < edge[0] - centre[0]
            known.update((float(x), float(y)) for x, y in true[inside])
    return every, every & known


def identified(record: MapRecord) -> tuple[int, int]:
    """Count the places drawn on the figure, and those named, numbered or inside a numbered group's dashed circle."""
    every, known = identified_places(record)
    return len(every), len(known)
