"""A figure fits a journal page at one column, and its text stays on the page at every dpi.

Issue 20: a combined figure 84 mm wide of a generated French register with many categories
was 241-292 mm tall (a page allows 230 mm): the legends under a narrow map were stacked one
per row. They are now packed side by side where they fit (:func:`shelf_pack`), the map is
narrowed when the page is still too tall, and a page that cannot fit says so in a warning.
At 110 dpi, hinted glyphs ran a caption's last word and the timeline's hexagon key up to
1.5 mm past the right edge: text is now drawn unhinted, as wide at every dpi as measured.

Registers from ``benchmarks/make_register.py`` (a seed each), their categories a column of 12
long French sector names; every page and box measured in the drawn figure.
"""

from __future__ import annotations

import itertools
import warnings
from functools import cache
from typing import Any

import numpy as np
import pytest
from matplotlib.legend import Legend
from matplotlib.text import Text

from clusteratlas import geocode
from clusteratlas.errors import ClusterAtlasWarning
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw
from clusteratlas.static._legends import shelf_pack
from clusteratlas.static._style import MAX_HEIGHT_MM, styled

from .mapdata import _bench
from .randomdata import random_spec

#: Twelve sectors, as a French register names them (the longest category column the issue asks for).
SECTEURS = [
    "Agroalimentaire",
    "Automobile",
    "Aéronautique",
    "Textile et cuir",
    "Chimie et parachimie",
    "Électronique",
    "Pharmacie",
    "Logistique",
    "Matériaux de construction",
    "Énergies renouvelables",
    "Technologies de l'information",
    "Industrie navale",
]


@cache
def register_spec(n: int, lang: str) -> MapSpec:
    """A generated register of ``n`` records (seed 7), coloured by a column of the 12 sectors."""
    records = _bench()(n, seed=7)
    records["secteur"] = [SECTEURS[(7 * i) % 12] for i in range(n)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the register's typos and non-places
        geo = geocode(records)
    return map_spec(geo, data_label=f"registre_{n}.csv", lang=lang, color_by="secteur")


def _height_mm(fig: Any) -> float:
    return float(fig.get_size_inches()[1]) * 25.4


def _boxes(fig: Any) -> dict[str, Any]:
    """Every legend's drawn box by gid, the map frame's, the scale bar's and the caption's (display units)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = {f"legend {leg.get_gid()}": leg.get_window_extent(renderer) for leg in fig.findobj(Legend)}
    found["map"] = next(ax for ax in fig.axes if ax.get_gid() == "map").get_window_extent(renderer)
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(("scale-bar", "source-line"))):
        if artist.get_visible() and not (isinstance(artist, Text) and not artist.get_text().strip()):
            key = "caption" if artist.get_gid() == "source-line" else f"bar {id(artist)}"
            found[key] = artist.get_window_extent(renderer)
    return found


def _overlaps(boxes: dict[str, Any]) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap (by more than half a pixel); a legend inside the map frame is over it, by design."""
    clash = []
    for (a, p), (b, q) in itertools.combinations(boxes.items(), 2):
        if "map" in (a, b) and (a.startswith("bar") or b.startswith("bar")):
            continue  # the scale bar is drawn on the map
        inside_frame = "map" in (a, b) and (p if b == "map" else q).fully_overlaps(boxes["map"])
        if inside_frame and (a.startswith("legend") or b.startswith("legend")):
            continue
        if p.x0 < q.x1 - 0.5 and q.x0 < p.x1 - 0.5 and p.y0 < q.y1 - 0.5 and q.y0 < p.y1 - 0.5:
            clash.append((a, b))
    return clash


def test_shelf_pack_sets_small_boxes_beside_a_tall_one_without_overlap() -> None:
    sizes = [(30.0, 22.0), (62.0, 22.0), (74.0, 55.0), (40.0, 8.0), (21.0, 11.0)]  # a 84 mm page's legends
    places = shelf_pack(sizes, 79.0, 1.5)
    assert places == shelf_pack(sizes, 79.0, 1.5)  # deterministic
    rects = [(x, y, x + w, y + h) for (x, y), (w, h) in zip(places, sizes, strict=True)]
    assert all(r[0] >= 0 and r[2] <= 79.0 for r in rects)
    for a, b in itertools.combinations(rects, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert places[2] == (0.0, 0.0)  # the tallest first
    bottom = max(r[3] for r in rects)
    assert bottom < sum(h for _, h in sizes) + 1.5 * (len(sizes) - 1) - 20  # side by side: far less than one a row
    assert places[4][1] < places[0][1] + 22.0 and places[4][0] > 30.0  # the size key beside the classes


def test_shelf_pack_gives_a_box_wider_than_the_page_a_shelf_of_its_own() -> None:
    places = shelf_pack([(90.0, 10.0), (20.0, 5.0), (20.0, 5.0)], 80.0, 1.0)
    assert places == [(0.0, 0.0), (0.0, 11.0), (21.0, 11.0)]


@pytest.mark.parametrize(
    ("kind", "n", "lang", "width_mm"),
    [
        ("combined", 26, "fr", 84),  # 240.8 mm before
        ("combined", 150, "en", 120),  # 250.5 mm
        ("timeline", 150, "fr", 120),  # 236.1 mm
    ],
)
def test_a_figure_of_twelve_categories_fits_the_page_and_nothing_overlaps(
    kind: str, n: int, lang: str, width_mm: float
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClusterAtlasWarning)  # no "too tall" warning either
        fig = draw(register_spec(n, lang), kind, width_mm=width_mm).figure
    assert _height_mm(fig) <= MAX_HEIGHT_MM + 0.05
    if kind == "timeline":
        return
    boxes = _boxes(fig)
    assert _overlaps(boxes) == []
    legends = [b for k, b in boxes.items() if k.startswith("legend")]
    assert all(b.y0 >= boxes["caption"].y1 - 0.5 for b in legends)  # every legend above the caption
    below = [b for b in legends if b.y1 <= boxes["map"].y0 + 0.5]
    # two legends side by side under the map: packed, not a row each (session 12: at 84 mm the classes and size key
    # may stand at sea in the frame, so that one legend alone goes under it)
    if kind == "combined" and width_mm == 84 and len(below) > 1:
        assert any(a.y0 < b.y1 and b.y0 < a.y1 for a, b in itertools.combinations(below, 2))


def test_a_figure_that_cannot_fit_says_so_with_its_height_and_the_fix() -> None:
    # session 12: the register's figure fits now (211 mm: the classes, size key and patterns at sea); with the study's
    # zones asked for, its keys find no room in the frame and the page is 235.7 mm
    # session 13: that one fits too (229.5 mm: every place labelled, the caption as wide as the frame); 150 random
    # records over about a hundred places do not (329 mm at 84 mm with --south inset: a key of 100 numbered places)
    spec = random_spec(1, 150, "fr")
    with pytest.warns(ClusterAtlasWarning, match=r"combined figure is \d+ mm tall at 84 mm wide.*`width_mm`"):
        fig = draw(spec, "combined", width_mm=84, south="inset").figure
    assert _height_mm(fig) > MAX_HEIGHT_MM
    assert _overlaps(_boxes(fig)) == []  # taller, but still nothing over anything


def _off_page(fig: Any, dpi: int) -> list[str]:
    """Every visible text whose box, drawn at ``dpi`` as a file is written, leaves the figure."""
    old = fig.dpi
    try:
        with styled():
            fig.set_dpi(dpi)
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            page = fig.bbox
            out = []
            for text in fig.findobj(Text):
                if not (text.get_visible() and text.get_text().strip()):
                    continue
                b = text.get_window_extent(renderer)
                if b.x0 < page.x0 - 0.5 or b.x1 > page.x1 + 0.5 or b.y0 < page.y0 - 0.5 or b.y1 > page.y1 + 0.5:
                    out.append(f"{text.get_text()[-30:]!r}: {max(b.x1 - page.x1, page.x0 - b.x0) / dpi * 25.4:.2f} mm")
    finally:
        fig.set_dpi(old)
    return out


@pytest.mark.parametrize("kind", ["combined", "timeline"])
def test_every_text_stays_on_the_page_at_72_110_and_300_dpi(kind: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterAtlasWarning)
        fig = draw(register_spec(26, "fr"), kind, width_mm=174).figure
    for dpi in (72, 110, 300):  # 72: the least the command line accepts; 110 ran the caption 1.3 mm off
        assert _off_page(fig, dpi) == [], dpi


def test_text_is_as_wide_on_paper_at_every_dpi() -> None:
    fig = draw(register_spec(26, "fr"), "choropleth", width_mm=84).figure
    caption = next(t for t in fig.texts if t.get_gid() == "source-line")
    widths = []
    with styled():
        for dpi in (72, 110, 300, 1200):
            fig.set_dpi(dpi)
            widths.append(caption.get_window_extent(fig.canvas.get_renderer()).width / dpi * 25.4)
    assert np.ptp(widths) < 0.1, widths  # hinted, 72 and 110 dpi differed by over a millimetre
