"""Zone outlines stand clear of the region fills in grey, and the south drawn in its inset never reads as "0 records".

Read back from the figures' artists: every zone outline has a white casing under it, wider
than the line; with ``south="inset"`` the main map's inset regions take the neighbours' grey,
which prints apart from every class of the map (CIEDE2000 of the greys, as the palette tests).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from clusteratlas import geocode, map_spec, read_records
from clusteratlas.errors import UnresolvedWarning
from clusteratlas.static import draw
from clusteratlas.static._patterns import GREY_STEP, grey_difference, lightness
from clusteratlas.static._style import LAND, NEIGHBOUR

from .randomdata import random_spec


def _main_axes(fig: plt.Figure) -> plt.Axes:
    return next(a for a in fig.axes if a.get_gid() == "map")


def test_every_zone_outline_has_a_white_casing_under_it(clusters_csv) -> None:  # type: ignore[no-untyped-def]
    with pytest.warns(UnresolvedWarning):  # the study's Digipole has no location
        spec = map_spec(geocode(read_records(clusters_csv)))
    drawing = draw(spec, "combined")
    try:
        main = _main_axes(drawing.figure)
        outlines = [c for c in main.collections if c.get_gid() == "zone-outline"]
        casings = [c for c in main.collections if c.get_gid() == "zone-casing"]
        assert len(outlines) == 3 and len(casings) == len(outlines)
        for line, casing in zip(outlines, casings, strict=True):
            assert to_hex(casing.get_edgecolor()[0]) == LAND
            assert casing.get_linewidth()[0] > line.get_linewidth()[0] + 1.0
            assert casing.get_zorder() < line.get_zorder()
            assert len(casing.get_segments()) == len(line.get_segments())
    finally:
        plt.close(drawing.figure)


def test_the_inset_regions_on_the_main_map_print_apart_from_every_class() -> None:
    spec = random_spec(5, 60)
    drawing = draw(spec, "combined", south="inset")
    try:
        land = [c for c in _main_axes(drawing.figure).collections if c.get_gid() == "inset-regions-land"]
        assert len(land) == 1
        face = to_hex(land[0].get_facecolor()[0])
        assert face == NEIGHBOUR
        for color in spec.classes.colors:
            assert grey_difference(lightness(face), lightness(color)) >= GREY_STEP, (face, color)
    finally:
        plt.close(drawing.figure)
