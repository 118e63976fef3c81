"""Session 15's review (issue 20): figure furniture over Moroccan land, measured in display space.

What the cartographer's review found on the main branch of that day (c60a96a):

- a key may reach 0.3 mm "deep" into a region only as an average: its overlap's area over its
  longer side. The hexagon key of 2,000 records at 174 mm (southern inset) passed at 0.29 mm
  while its corner covered a wedge of Drâa-Tafilalet 21 mm² large, 4.1 mm deep. A key now
  reaches no farther than 0.3 mm into a region anywhere (the key shrunk by 0.3 mm meets none).

The southern inset's title band (M1) and the detail inset over shaded regions (M2) were fixed
and reverted: both made 84 mm figures taller than a page (see the session's report).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest
import shapely

from clusteratlas.products import figure
from clusteratlas.static._basemap import land
from clusteratlas.static._style import styled
from tests.mapdata import _bench

#: How far (mm) a key may reach into a region (the rule of sessions 11 and 12).
REACH_MM = 0.3


@pytest.fixture(scope="module")
def n2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review's ``n2000.csv``: ``benchmarks/make_register.py 2000 --seed 14``."""
    path = tmp_path_factory.mktemp("review15") / "n2000.csv"
    _bench()(2000, seed=14).astype(str).to_csv(path, index=False)
    return path


def _draw(data: Path, width: float, south: str, lang: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = figure(data, "combined", width_mm=width, south=south, lang=lang, dpi=100)
    fig.canvas.draw()
    return fig


def _main(fig: Any) -> Any:
    return next(a for a in fig.axes if a.get_gid() == "map")


def _data_box(ax: Any, b: Any, shrink_px: float = 0.0) -> shapely.Geometry:
    (x0, y0), (x1, y1) = ax.transData.inverted().transform(
        [(b.x0 + shrink_px, b.y0 + shrink_px), (b.x1 - shrink_px, b.y1 - shrink_px)]
    )
    return shapely.box(x0, y0, x1, y1)


@pytest.mark.parametrize(("width", "south", "lang"), [(174.0, "inset", "en")])
def test_no_key_inside_the_frame_reaches_into_a_region(n2000: Path, width: float, south: str, lang: str) -> None:
    """Before: at 174 mm (inset) the hexagon key's corner lay 4.1 mm deep in Drâa-Tafilalet (21 mm²)."""
    with styled():  # measured as saved
        fig = _draw(n2000, width, south, lang)
        try:
            ax = _main(fig)
            renderer = fig.canvas.get_renderer()
            frame = ax.get_window_extent(renderer)
            shrink = REACH_MM * fig.dpi / 25.4
            deep = []
            for key in ax.get_children():
                if not (key.get_gid() or "").startswith("legend-"):
                    continue
                b = key.get_window_extent(renderer)
                if b.y0 >= frame.y0 - 1 and _data_box(ax, b, shrink).intersects(land()):
                    deep.append(key.get_gid())
            assert deep == [], f"keys reaching more than {REACH_MM} mm into a region: {deep}"
        finally:
            plt.close(fig)
