"""Hexagon (density) colours against the other colours of their figure (review of session 15, issue 20).

M4: the timeline's first hexagon class was Okabe-Ito's orange, the colour of its first category's
bars ("Aeronautics"; CIEDE2000 3.2, 2.2 under deuteranopia), its second 6.4 from the vermillion
bars. A figure that draws category colours now shades its hexagons in the choropleth's greys,
which no category colour is. Measured on the drawn figure: the hexagons' faces, the density
key's swatches and the bars' fills.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.legend import Legend
from matplotlib.patches import Patch

from clusteratlas.mapspec import DENSITY_COLORS, OKABE_ITO, PALETTE
from clusteratlas.static import draw

from .colourvision import ciede2000, seen
from .randomdata import random_spec

#: Least CIEDE2000 between a hexagon class and a category colour of the same figure, in colour
#: (the categories themselves are 10 apart: a class this far is no category's colour), and
#: under deuteranopia and protanopia (where the green and the pink categories are near-greys).
APART = {"normal": 15.0, "deuteranopia": 7.0, "protanopia": 7.0}


def _faces(fig: plt.Figure) -> set[str]:
    """The fills of the hexagons drawn (gid ``density``) on every axes of ``fig``."""
    out: set[str] = set()
    for ax in fig.axes:
        for hexagons in (c for c in ax.collections if c.get_gid() == "density"):
            out |= {to_hex(f) for f in hexagons.to_rgba(hexagons.get_array())}
    return out


def _key(fig: plt.Figure) -> list[str]:
    """The swatches of the density key."""
    (legend,) = [leg for leg in fig.findobj(Legend) if leg.get_gid() == "legend-density"]
    return [
        to_hex(h.get_facecolor())
        for h in legend.legend_handles
        if isinstance(h, Patch) and h.get_facecolor()[3] > 0 and to_hex(h.get_facecolor()) != "#ffffff"
    ]


def _bars(fig: plt.Figure) -> set[str]:
    """The fills of the year bars (one colour per category)."""
    return {to_hex(bar.get_facecolor()) for ax in fig.axes for bar in ax.patches if bar.get_gid() == "year-bars"}


@pytest.mark.parametrize(("seed", "n"), [(7, 2000), (2, 8000)])
def test_timeline_hexagons_take_no_category_colour_of_the_figure(seed: int, n: int) -> None:
    drawing = draw(random_spec(seed, n), "timeline")
    try:
        fig = drawing.figure
        faces, key, bars = _faces(fig), _key(fig), _bars(fig)
        assert drawing.record.density is not None and len(key) >= 4 and len(bars) >= 3
        assert OKABE_ITO[0].lower() in bars  # the orange of the first category, the first hexagon class's on main
        assert faces <= set(key)  # the key shows the colours drawn
        assert key == list(drawing.record.density.colors)
        for cats in (sorted(bars), list(PALETTE[:7])):  # the bars drawn; any seven categories (Okabe-Ito's)
            for vision, least in APART.items():
                d = ciede2000(
                    np.repeat(seen(key, vision), len(cats), axis=0), np.tile(seen(cats, vision), (len(key), 1))
                )
                assert d.min() >= least, (vision, round(float(d.min()), 1))  # on main: 3.2 (2.2 in deuteranopia)
    finally:
        plt.close(drawing.figure)


def test_maps_without_category_colours_keep_the_orange_ramp() -> None:
    drawing = draw(random_spec(7, 2000), "points")
    try:
        assert drawing.record.density is not None
        assert _key(drawing.figure) == list(drawing.record.density.colors)
        assert set(_key(drawing.figure)) <= set(DENSITY_COLORS)
        assert not _bars(drawing.figure)
    finally:
        plt.close(drawing.figure)
