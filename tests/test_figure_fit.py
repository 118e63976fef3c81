"""Nothing runs off the page: every text and legend of every figure kind inside the figure, at 84, 120 and 174 mm.

Measured in the drawn figure (each text's and legend's box on the canvas) on random tables
whose names are long French ones: a category of 76 characters, a file name of 60.
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.legend import Legend
from matplotlib.text import Text

from clusteratlas import geocode
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw, journal_caption
from clusteratlas.static._fit import MARGIN_MM, fit_page
from clusteratlas.static._style import new_figure, styled

from .randomdata import random_records

#: Long category names, as French registers spell them.
LONG = [
    "Agroalimentaire et industries de transformation des produits de la mer",
    "Énergies renouvelables et efficacité énergétique",
    "Technologies de l'information et offshoring",
    "Automobile",
    "Matériaux de construction",
]
#: The study profile's yes/no columns, for the levers matrix.
LEVERS = [
    f"lever_{name}"
    for name in ("rnd", "cooperation", "skills", "infrastructure", "international", "subsidies", "governance")
]
#: A long file name: the title says where the records come from.
LABEL = "registre_des_entreprises_industrielles_2024_version_finale.xlsx"


@cache
def long_spec(lang: str, n: int = 90, seed: int = 11) -> MapSpec:
    """A random table whose categories and file name are long, geocoded quietly."""
    records = random_records(seed, n)
    rng = np.random.default_rng(seed)
    records["sector"] = rng.choice(LONG, size=n)
    records["year"] = rng.integers(1980, 2024, size=n)
    for lever in LEVERS:  # the levers matrix's yes/no columns
        records[lever] = rng.choice(["yes", "no"], size=n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(records)
    return map_spec(geo, data_label=LABEL, lang=lang, color_by="sector", category=LONG[0])


def _outside(fig: Any) -> list[str]:
    """Return each visible text or legend whose box on the canvas leaves the figure, with by how much."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    found = []
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    legends = [a for a in fig.findobj(Legend) if a.get_visible()]
    for artist in [*texts, *legends]:
        b = artist.get_window_extent(renderer)
        if b.x0 < page.x0 - 0.5 or b.x1 > page.x1 + 0.5 or b.y0 < page.y0 - 0.5 or b.y1 > page.y1 + 0.5:
            what = artist.get_text()[:40] if isinstance(artist, Text) else f"legend {artist.get_gid()}"
            found.append(f"{what!r}: x {b.x0:.0f}–{b.x1:.0f}, y {b.y0:.0f}–{b.y1:.0f} of {page.x1:.0f} × {page.y1:.0f}")
    return found


@pytest.mark.parametrize("kind", ["points", "choropleth", "combined", "timeline", "levers", "lq"])
def test_every_kind_at_84_mm_keeps_every_text_and_legend_on_the_page(kind: str) -> None:
    fig = draw(long_spec("fr"), kind, width_mm=84).figure
    try:
        assert _outside(fig) == []
    finally:
        plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width", [84.0, 120.0, 174.0])
@pytest.mark.parametrize("kind", ["lq", "points"])
def test_long_names_are_wrapped_to_the_page_at_each_width(kind: str, width: float, lang: str) -> None:
    drawing = draw(long_spec(lang), kind, width_mm=width)
    fig = drawing.figure
    try:
        assert _outside(fig) == []
        assert fig.get_size_inches()[0] * 25.4 == pytest.approx(width)
        legends = [a for a in fig.findobj(Legend) if a.get_visible()]
        said = " ".join(
            " ".join([lg.get_title().get_text(), *(t.get_text() for t in lg.get_texts())]) for lg in legends
        )
        if kind == "points":  # the long category is in the key whole, on as many lines as it needs
            assert " ".join(said.split()).count(LONG[0]) == 1
        else:  # the legend's title names the category whole
            assert "Agroalimentaire et industries" in " ".join(said.split())
    finally:
        plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width", [84.0, 120.0, 174.0])
def test_journal_keeps_every_legend_in_the_artwork(width: float, lang: str) -> None:
    drawing = draw(long_spec(lang), "combined", width_mm=width)
    fig = drawing.figure
    try:
        drawn = {lg.gid for lg in drawing.record.legends}
        assert {"legend-points", "legend-classes"} <= drawn
        journal_caption(fig)
        assert _outside(fig) == []  # every legend still on the cropped page, none cut away
        shown = {a.get_gid() for a in fig.findobj(Legend) if a.get_visible()}
        assert drawn <= shown
    finally:
        plt.close(fig)


def test_fit_page_wraps_a_title_and_makes_room_under_it() -> None:
    fig = new_figure(84, 60)
    ax = fig.add_axes((0.05, 0.1, 0.9, 0.6))
    fig.suptitle(
        "Un titre " * 12 + "\nsa deuxième ligne", x=0.02, y=0.98, ha="left", va="top", fontsize=9, fontweight="bold"
    )
    under = fig.text(0.02, 0.8, "Sous-titre", va="top")
    top_before = 60 - 0.8 * 60  # mm from the top
    ax_bottom = ax.get_position().y0 * 60  # mm from the bottom
    try:
        assert fit_page(fig) == 1
        height = fig.get_size_inches()[1] * 25.4
        assert height > 60
        assert (1 - under.get_position()[1]) * height > top_before + 2  # moved down with the title's new lines
        assert ax.get_position().y0 * height == pytest.approx(ax_bottom)  # the map keeps its place from the bottom
        title = fig._suptitle.get_text()  # type: ignore[union-attr]
        assert title.count("\n") >= 2 and title.endswith("\nsa deuxième ligne")  # its own line break kept
        with styled():  # measured as a figure is saved: in the house style (unhinted text)
            fig.canvas.draw()
            right = fig.bbox.x1 - MARGIN_MM / 25.4 * fig.dpi
            assert fig._suptitle.get_window_extent().x1 <= right + 0.5  # type: ignore[union-attr]
        assert fit_page(fig) == 0  # nothing left to wrap
    finally:
        plt.close(fig)
