"""Session 15's review (issue 20): figure furniture over Moroccan land, measured in display space.

What the cartographer's review found on the main branch of that day (c60a96a):

- a key may reach 0.3 mm "deep" into a region only as an average: its overlap's area over its
  longer side. The hexagon key of 2,000 records at 174 mm (southern inset) passed at 0.29 mm
  while its corner covered a wedge of Drâa-Tafilalet 33 mm² large, 4 mm deep. A key now
  reaches no farther than 0.3 mm into a region anywhere (the key shrunk by 0.3 mm meets none);
- the southern inset's title band came within 1 mm of the top of Laâyoune-Sakia El Hamra
  (two lines at 84 and 120 mm): the band now ends 2 mm clear of the regions' top, the scale
  unchanged;
- the detail inset (Casablanca-Rabat) covered up to 1 % of its own area of a shaded region
  (14.8 mm² of the Oriental at 174 mm): now at most :data:`~clusteratlas.static._spots.LAND_FREE_MM2`.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import shapely

from clusteratlas._resources import data_path
from clusteratlas.products import figure
from clusteratlas.static._basemap import inset_bounds, land, main_land
from clusteratlas.static._spots import LAND_FREE_MM2
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
    """Before: at 174 mm (inset) the hexagon key's corner lay 4 mm deep in Drâa-Tafilalet (33 mm²)."""
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


@pytest.mark.parametrize("width", [84.0, 120.0, 174.0])
def test_the_southern_insets_title_band_stays_clear_of_its_regions(width: float) -> None:
    """Before: the band's foot 0.97 mm (84 mm), 1.08 mm (120) and 1.73 mm (174) above Laâyoune's top."""
    with styled():
        fig = _draw(data_path("clusters.csv"), width, "inset", "fr")
        try:
            south = next(a for a in _main(fig).child_axes if a.get_gid() == "south-inset")
            renderer = fig.canvas.get_renderer()
            band = [a for a in south.get_children() if a.get_gid() == "inset-title-band"]
            title = next(t for t in south.texts if t.get_gid() == "inset-title")
            feet = [title.get_bbox_patch().get_window_extent(renderer).y0]
            feet += [a.get_window_extent(renderer).y0 for a in band]
            top = south.transData.transform([(0.0, inset_bounds()[3])])[0][1]
            assert (min(feet) - top) / fig.dpi * 25.4 >= 2.0
        finally:
            plt.close(fig)


@pytest.mark.parametrize(("width", "south"), [(174.0, "inset"), (84.0, "frame")])
def test_the_detail_inset_covers_no_shaded_region(width: float, south: str) -> None:
    """Before: the study's detail inset covered 14.8 mm² of the Oriental (174 mm) and 9.5 mm² of the north (84 mm)."""
    with styled():
        fig = _draw(data_path("clusters.csv"), width, south, "fr")
        try:
            ax = _main(fig)
            renderer = fig.canvas.get_renderer()
            detail = next(a for a in ax.child_axes if a.get_gid() == "detail-inset")
            b = detail.get_window_extent(renderer)
            area = _data_box(ax, b)
            share = area.intersection(main_land(south)).area / area.area
            over_mm2 = share * b.width * b.height * (25.4 / fig.dpi) ** 2
            assert over_mm2 <= LAND_FREE_MM2
            assert np.isfinite(over_mm2)
        finally:
            plt.close(fig)
