"""Leaders cross no label: a label's leader ends at its box's edge, no leader runs through any text.

Read back from the figure's artists: every label text's drawn box, every label leader
(``label-leader``) and every leader of a symbol moved apart (``symbol-leader``), on every frame.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas.static import draw

from .randomdata import random_spec, study_spec


def _segments(ax) -> list[np.ndarray]:
    """Every leader drawn on ``ax`` as a (2, 2) array in display coordinates."""
    out = []
    for line in ax.lines:
        if line.get_gid() == "label-leader":
            out.append(ax.transData.transform(np.asarray(line.get_xydata(), dtype=float)))
    for coll in ax.collections:
        if coll.get_gid() == "symbol-leader":
            out += [ax.transData.transform(np.asarray(seg, dtype=float)) for seg in coll.get_segments()]
    return out


def crossings(fig, shrink: float = 0.5) -> list[tuple[str, str]]:
    """Return (frame, label text) for each leader that passes inside a label's box (shrunk by ``shrink`` px)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    t = np.linspace(0.0, 1.0, 200)[:, None]
    for ax in [a for top in fig.axes for a in (top, *top.child_axes)]:
        texts = [x for x in ax.texts if x.get_gid() == "cluster-label" and x.get_visible()]
        for seg in _segments(ax):
            points = seg[0] + t * (seg[1] - seg[0])
            for text in texts:
                b = text.get_window_extent(renderer)
                inside = (
                    (points[:, 0] > b.x0 + shrink)
                    & (points[:, 0] < b.x1 - shrink)
                    & (points[:, 1] > b.y0 + shrink)
                    & (points[:, 1] < b.y1 - shrink)
                )
                if inside.any():
                    found.append((ax.get_gid() or "map", text.get_text()))
    return found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_study_inset_label_is_not_crossed_by_its_leader(lang: str) -> None:
    """Before: the detail inset's "AMC, C2TM, …" label had its leader running into its text.

    Session 12 (M17): the inset names the place, "Casablanca: 8 clusters", in that label's stead.
    """
    drawing = draw(study_spec(lang), "points")
    try:
        labels = [t.get_text() for ax in drawing.figure.axes[0].child_axes for t in ax.texts]
        assert any(text.startswith("Casablanca") for text in labels)  # the case is there (M17: the place's label)
        assert crossings(drawing.figure, shrink=-0.5) == []  # not even touching its box
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(
    ("seed", "n", "south", "lang"),
    [(1, 60, "frame", "en"), (2, 150, "inset", "fr"), (3, 150, "frame", "en"), (2, 26, "inset", "fr")],
)
def test_no_leader_crosses_a_label(seed: int, n: int, south: str, lang: str) -> None:
    drawing = draw(random_spec(seed, n, lang), "points", south=south)
    try:
        leaders = sum(len(_segments(ax)) for top in drawing.figure.axes for ax in (top, *top.child_axes))
        assert leaders > 0
        assert crossings(drawing.figure) == []
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(("seed", "n", "lang"), [(2, 26, "en"), (2, 26, "fr"), (1, 60, "en")])
def test_no_label_crosses_the_frame_of_the_detail_view(seed: int, n: int, lang: str) -> None:
    """Before: "<script>alert(1)</script>" and "Ouarzazate cluster 20" ran across the detail view's frame."""
    drawing = draw(random_spec(seed, n, lang), "points")
    fig = drawing.figure
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        frames = [p.get_window_extent(renderer) for p in ax.patches if p.get_gid() == "detail-frame"]
        assert frames  # the case is there
        for text in [t for t in ax.texts if t.get_gid() == "cluster-label"]:
            b = text.get_window_extent(renderer)
            for f in frames:
                inside = f.x0 <= b.x0 and b.x1 <= f.x1 and f.y0 <= b.y0 and b.y1 <= f.y1
                assert inside or not b.overlaps(f), text.get_text()
    finally:
        plt.close(fig)
