"""With ``south="inset"`` the main map draws no region of the inset again: no empty outline of the south.

Read back from the main axes' artists: the region fills (``region-fill``) hold no inset
region, no region or province line runs inside the inset regions, and the inset regions
are drawn once, as plain land (``inset-regions-land``). The inset's stated scale is tested
by ``tests/test_static_scalebar.py``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import shapely

from clusteratlas.geography import pack
from clusteratlas.static import draw
from clusteratlas.static._basemap import _projected

from .randomdata import random_spec


def _inset_area() -> shapely.Geometry:
    """The pack's inset regions in the drawing CRS, shrunk by 5 km (their border with the north is the north's)."""
    regions = _projected("region")
    inset = regions[regions["region_code"].isin(pack().inset_regions)]
    return shapely.union_all(inset.geometry.to_numpy()).buffer(-5_000)


def _main_axes(fig: plt.Figure) -> plt.Axes:
    return next(a for a in fig.axes if a.get_gid() == "map")


@pytest.mark.parametrize(("kind", "seed"), [("points", 4), ("combined", 5)])
def test_the_main_map_draws_no_inset_region_again(kind: str, seed: int) -> None:
    """Before: the south's regions were filled (blank or shaded) and outlined on the main map behind the inset."""
    drawing = draw(random_spec(seed, 60), kind, south="inset")
    try:
        main = _main_axes(drawing.figure)
        area = _inset_area()
        fills = [c for c in main.collections if c.get_gid() == "region-fill"]
        assert len(fills) == 1
        inside = [p for p in fills[0].get_paths() if shapely.contains_xy(area, *np.asarray(p.vertices).mean(axis=0))]
        assert inside == [], "an inset region filled on the main map"
        for gid in ("region-lines", "province-lines"):
            lines = [c for c in main.collections if c.get_gid() == gid]
            points = np.vstack([np.asarray(seg) for c in lines for seg in c.get_segments()])
            assert not shapely.contains_xy(area, points[:, 0], points[:, 1]).any(), f"{gid} inside the inset regions"
        land = [c for c in main.collections if c.get_gid() == "inset-regions-land"]
        assert len(land) == 1 and len(land[0].get_paths()) == len(pack().inset_regions)
        south = [a for a in main.child_axes if a.get_gid() == "south-inset"]
        assert len(south) == 1, "the southern inset is drawn"
        shown = [c for c in south[0].collections if c.get_gid() == "region-fill"]
        assert shown and any(
            shapely.contains_xy(area, *np.asarray(p.vertices).mean(axis=0)) for p in shown[0].get_paths()
        ), "the inset draws the southern regions"
    finally:
        plt.close(drawing.figure)


def test_the_whole_territory_in_the_frame_is_unchanged() -> None:
    """``south="frame"``: every region filled and outlined on the main map, as before."""
    drawing = draw(random_spec(4, 60), "points", south="frame")
    try:
        main = _main_axes(drawing.figure)
        fills = next(c for c in main.collections if c.get_gid() == "region-fill")
        assert len(fills.get_paths()) == len(_projected("region"))
        assert not [c for c in main.collections if c.get_gid() == "inset-regions-land"]
    finally:
        plt.close(drawing.figure)
