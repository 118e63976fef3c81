"""Figures that survive grey print (session 11): small symbols and hexagons over regions, measured in CIEDE2000.

Two defects of the production editor's review, measured as a reader of a black-and-white
print sees them (CIE luminance, then CIEDE2000 between greys):

- H4: on a map of 12 categories the one-record places are drawn at the smallest radius
  (1.5 pt, 1 mm across). A page-fixed hatch showed one line of its pattern there, or none:
  two categories of one grey printed as the same dot (per-pixel difference 1.5 at 174 mm).
  Their patterns are drawn as marks centred on the symbol; every pair now differs.
- H6: the hexagons' five classes print as the regions' five greys (within 1.3); Casablanca's
  hexagon vanished on its region. A white outline, far from every region class, sets them apart.
"""

from __future__ import annotations

import io
import itertools
import warnings

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from clusteratlas import geocode
from clusteratlas.mapspec import DENSITY_COLORS, ZERO_COLOR, MapSpec, map_spec
from clusteratlas.static import draw
from clusteratlas.static._patterns import grey_difference, marks_of, marks_segments
from clusteratlas.static.save import figure_bytes

from .colourvision import ciede2000, seen
from .randomdata import random_spec

CATEGORIES = (
    "Aeronautics",
    "Agri-food",
    "Automotive",
    "Chemistry",
    "Digital",
    "Energy",
    "Fisheries",
    "Health",
    "Logistics",
    "Mining",
    "Textile",
    "Tourism",
)
#: One town per category, far apart: no symbol is moved, none covers another.
TOWNS = ("Tanger", "Oujda", "Agadir", "Laâyoune", "Dakhla", "Errachidia", "Ouarzazate", "Fès", "Marrakech", "Guelmim")
TOWNS += ("Nador", "Essaouira")
DPI = 300
#: Least mean difference (CIEDE2000, per pixel, in grey) between two categories' smallest symbols.
SMALL_STEP = 8.0


def _twelve() -> MapSpec:
    """60 records at Casablanca (so that a one-record place is drawn at the smallest radius) and one per category."""
    rows = [{"name": f"Big {i}", "city": "Casablanca", "sector_group": CATEGORIES[i % 12]} for i in range(60)]
    rows += [{"name": f"One {c}", "city": t, "sector_group": c} for c, t in zip(CATEGORIES, TOWNS, strict=True)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(pd.DataFrame(rows))
    return map_spec(geo, data_label="twelve.csv")


def _lightness(rgb: np.ndarray) -> np.ndarray:
    """CIELAB L* of each pixel printed in grey (CIE luminance of linear RGB)."""
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    y = lin @ np.array([0.2126729, 0.7151522, 0.0721750])
    f = np.where(y > (6 / 29) ** 3, np.cbrt(y), y / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.asarray(116 * f - 16)


def _small_symbols(width_mm: float) -> tuple[dict[str, np.ndarray], float, list[object]]:
    """Each category's one-record symbol at ``DPI`` in grey (L*, inside its edge), its radius (pt), the patches."""
    drawing = draw(_twelve(), "points", width_mm=width_mm)
    fig = drawing.figure
    try:
        image = mpimg.imread(io.BytesIO(figure_bytes(fig, "png", dpi=DPI)))[..., :3].astype(float)
        grey = _lightness(image)
        main = drawing.record.main
        layer, scale = main.layer, DPI / fig.dpi
        ones = [i for i, mix in enumerate(layer.mix) if len(mix) == 1 and mix[0][1] == 1]
        radius_pt = float(max(layer.radii[i] for i in ones))
        r_px = radius_pt * DPI / 72
        h = int(np.floor(r_px - 1))
        yy, xx = np.mgrid[-h : h + 1, -h : h + 1]
        disc = xx**2 + yy**2 <= (r_px - 1.2) ** 2  # inside the 0.5 pt edge
        crops = {}
        for i in ones:
            px, py = main.axes.transData.transform((layer.places["x"].iat[i], layer.places["y"].iat[i])) * scale
            row, col = round(grey.shape[0] - py), round(px)
            crops[layer.mix[i][0][0]] = grey[row - h : row + h + 1, col - h : col + h + 1][disc]
        symbols = [p for p in main.axes.patches if p.get_gid() == "place-certain"]
        return crops, radius_pt, symbols
    finally:
        plt.close(fig)


@pytest.mark.parametrize("width_mm", [174.0, 84.0])
def test_the_smallest_symbols_of_twelve_categories_differ_in_grey(width_mm: float) -> None:
    crops, radius_pt, symbols = _small_symbols(width_mm)
    assert sorted(crops) == sorted(CATEGORIES)  # every category has a one-record place, none moved
    assert radius_pt == pytest.approx(1.5)  # drawn at the smallest radius
    differences = {
        (a, b): float(np.mean([grey_difference(p, q) for p, q in zip(crops[a], crops[b], strict=True)]))
        for a, b in itertools.combinations(sorted(crops), 2)
    }
    worst = min(differences, key=differences.__getitem__)
    # on main: Health and Logistics 1.5 apart at 174 mm (the same dark dot), 7.3 at 84 mm
    assert differences[worst] >= SMALL_STEP, (worst, differences[worst])
    marked = [p for p in symbols if marks_of(p) is not None]
    assert marked and all(not p.get_hatch() for p in marked)  # the pattern is the marks, not a page-fixed hatch
    assert all(len(marks_segments(marks_of(p))) >= 1 for p in marked)  # a line through the smallest symbol


def test_a_symbol_shows_a_line_through_its_centre_at_any_size() -> None:
    from clusteratlas.static._patterns import mark_segments

    for radius in (1.2, 1.5, 3.0, 7.0):
        segments = mark_segments((0.0, 0.0), radius, "//||", 1.0)
        mids = segments.mean(axis=1)
        assert np.any(np.hypot(*mids.T) < 1e-9)  # one line of each direction through the centre
        assert np.all(np.hypot(*segments.reshape(-1, 2).T) <= radius + 1e-9)  # none beyond the symbol
    assert len(mark_segments((0.0, 0.0), 7.0, "//////", 1.0)) > len(mark_segments((0.0, 0.0), 1.5, "//////", 1.0))
    assert len(mark_segments((0.0, 0.0), 7.0, "", 1.0)) == 0  # no pattern, no marks


def _greys(colors: list[str]) -> np.ndarray:
    return seen(colors, "grey")


@pytest.mark.parametrize(("width_mm", "south"), [(174.0, "frame"), (84.0, "inset")])
def test_hexagons_stand_apart_from_every_region_class_in_grey(width_mm: float, south: str) -> None:
    spec = random_spec(3, 4000)
    drawing = draw(spec, "combined", width_mm=width_mm, south=south)
    try:
        assert drawing.record.density is not None  # hexagons over the choropleth
        regions = sorted({to_hex(c) for c in spec.classes.colors} - {ZERO_COLOR})  # no hexagon on a region of none
        hexagons = [c for c in drawing.figure.findobj() if getattr(c, "get_gid", lambda: None)() == "density"]
        assert hexagons
        fills = _greys(list(DENSITY_COLORS))
        under = _greys(regions)
        alike = [(h, r) for h in range(len(fills)) for r in range(len(under))]
        alike = [(h, r) for h, r in alike if ciede2000(fills[h : h + 1], under[r : r + 1])[0] < 10]
        assert alike  # the two ramps print alike in grey: the hexagons need their outline
        for each in hexagons:
            widths, edges = each.get_linewidth(), each.get_edgecolor()
            assert len(widths) == 1 and float(widths[0]) >= 0.35, widths  # on main: a 0.2 pt hairline
            outline = _greys([to_hex(edges[0])])
            apart = ciede2000(np.repeat(outline, len(under), axis=0), under)
            assert apart.min() >= 20, (to_hex(edges[0]), apart)
    finally:
        plt.close(drawing.figure)
