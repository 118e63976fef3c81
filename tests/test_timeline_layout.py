"""The timeline fills its page: period maps in a grid, as large as fit, at 174 mm and at 84 mm.

Six periods used to stand in one row of 27 mm maps under the year panels, with empty bands
above and below (the maps covered 14-16% of the figure); at 84 mm the legends ran over the
year panels. Measured from the drawn axes and legends.
"""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import pytest
from matplotlib.legend import Legend
from matplotlib.text import Text

from clusteratlas.static import draw
from clusteratlas.static._style import MAX_HEIGHT_MM

from .randomdata import random_spec

#: The least share of the figure the period maps cover (they covered 0.14-0.16).
MAPS_SHARE = 0.33


def _overlap(a: object, b: object) -> bool:
    return bool(a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1)  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [174, 84])
@pytest.mark.parametrize(("seed", "n"), [(2, 150), (2, 2000)])
def test_period_maps_fill_the_page(width: float, seed: int, n: int) -> None:
    drawing = draw(random_spec(seed, n), "timeline", width_mm=width)
    fig = drawing.figure
    try:
        maps = [p.frame.axes for p in drawing.record.periods]
        assert len(maps) == 6
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        covered = sum(ax.get_window_extent().width * ax.get_window_extent().height for ax in maps)
        share = covered / (fig.bbox.width * fig.bbox.height)
        # at 84 mm a 2,000-record table's caption takes twelve lines of the 230 mm page (two say how many records
        # are squares, not hexagons, on the period maps): 0.27 of it for the maps
        assert share >= (MAPS_SHARE if width > 100 else 0.27), (width, n, round(share, 3))
        height_mm = fig.get_size_inches()[1] * 25.4
        assert height_mm <= MAX_HEIGHT_MM + 15  # the caption may grow it by a few lines
        rows = {round(ax.get_position().y0, 3) for ax in maps}
        assert len(rows) >= 2  # a grid, not one row
        boxes = [ax.get_window_extent() for ax in maps]
        boxes += [leg.get_window_extent(renderer) for leg in fig.findobj(Legend)]
        boxes += [ax.get_window_extent() for ax in fig.axes if ax not in maps]
        for a, b in itertools.combinations(boxes, 2):
            assert not _overlap(a, b), (width, n, a, b)
        for a in boxes:
            assert a.x0 >= -1 and a.x1 <= fig.bbox.width + 1 and a.y0 >= -1 and a.y1 <= fig.bbox.height + 1
        small = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text() and t.get_fontsize() < 7]
        assert small == []
    finally:
        plt.close(fig)
