"""Scale bars clear of land, records and symbols.

Read back from the figure's artists: the scale bar's patches and texts (``scale-bar*``),
the symbols (``place-*``) and the axes they are drawn on; land is the territory and its
neighbours, as drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import shapely

from clusteratlas.static import draw
from clusteratlas.static._basemap import all_land
from clusteratlas.static._furniture import CARD_GID

from .randomdata import random_spec, study_spec

SHAPES = ("place-certain", "place-uncertain", "place-coarse")


def _frames(fig) -> list:
    return [a for top in fig.axes for a in (top, *top.child_axes)]


def bar_defects(fig) -> list[str]:
    """Each scale bar part (bar, "0", "300 km") that covers land, a symbol or a record's point, named."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for ax in _frames(fig):
        parts = [a for a in ax.get_children() if (a.get_gid() or "").startswith("scale-bar")]
        symbols = [p.get_window_extent(renderer) for p in ax.patches if p.get_gid() in SHAPES]
        cards = [p.get_window_extent(renderer) for p in ax.patches if p.get_gid() == CARD_GID]
        for card in cards:  # a bar that found no spot off land sits on an opaque card: clear of every symbol
            if any(card.overlaps(s) for s in symbols):
                found.append(f"{ax.get_gid()}: card on a symbol")
        for part in parts:
            b = part.get_window_extent(renderer)
            if any(c.x0 <= b.x0 and b.x1 <= c.x1 and c.y0 <= b.y0 and b.y1 <= c.y1 for c in cards):
                continue
            what = f"{ax.get_gid() or 'map'}:{part.get_gid()}:{getattr(part, 'get_text', lambda: '')()}"
            (x0, y0), (x1, y1) = ax.transData.inverted().transform([(b.x0, b.y0), (b.x1, b.y1)])
            if shapely.box(x0, y0, x1, y1).intersection(all_land()).area > 0:
                found.append(f"{what} on land")
            if any(b.overlaps(s) for s in symbols):
                found.append(f"{what} on a symbol")
    return found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_study_scale_bar_is_off_the_coast(lang: str) -> None:
    """Before: the main map's "0" touched the coast at Lagouira."""
    drawing = draw(study_spec(lang), "points")
    try:
        assert bar_defects(drawing.figure) == []
        assert drawing.record.main.scale_bar is not None
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(
    ("seed", "n", "south", "lang"),
    [(2, 26, "frame", "fr"), (1, 26, "inset", "en"), (2, 60, "frame", "en"), (3, 150, "inset", "fr")],
)
def test_scale_bars_sit_on_no_data(seed: int, n: int, south: str, lang: str) -> None:
    """Before: the detail inset's bar sat on symbols (26 records, fr)."""
    drawing = draw(random_spec(seed, n, lang), "points", south=south)
    try:
        assert any(f.name == "detail-inset" for f in drawing.record.insets)  # the case is there
        assert bar_defects(drawing.figure) == []
    finally:
        plt.close(drawing.figure)
