"""The HTML map at opening, in Chromium (network blocked): what it shows and how it reads.

Issue 20's review, on tables of our own (``tests/mapdata.py``): bubbles sized by their counts
(area in proportion, counts on one line, text at 4.5:1 at least), the main towns apart at the
opening view, the labels of the data's own towns (a table of the south only), search that lists
exact and prefix matches first, and French that agrees ("1 fiche sur 1 affichée").
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clusteratlas import geocode, map_spec
from clusteratlas.interactive import interactive_map, write_map
from tests.mapdata import fes_then_meknes, french_register, one_record, south_only, two_towns
from tests.test_browser import Page, axe_violations, browser
from tests.test_map_browser import VIEWPORTS, open_page, town_labels

__all__ = ["browser"]

#: Every count symbol on the map: its count, its box, whether its text is on one line inside it,
#: its text's and background's colours, and its accessible name.
BUBBLES = """() => [...document.querySelectorAll('.leaflet-marker-pane .ca-cluster-count')].map(e => {
  const box = e.closest('.leaflet-marker-icon'), r = box.getBoundingClientRect(), s = getComputedStyle(e);
  const range = document.createRange(); range.selectNodeContents(e);
  return {n: Number(e.dataset.count), w: r.width, h: r.height, lines: range.getClientRects().length,
          fits: e.scrollWidth <= e.clientWidth, color: s.color, background: s.backgroundColor,
          group: e.classList.contains('ca-group-count'), label: box.getAttribute('aria-label') || box.title || ''};
});"""


#: Two views zoomed in on each table's records: (lat, lon, zoom).
ZOOMED = {
    "register": [(33.6, -7.4, 7), (34.0, -6.8, 9)],
    "south": [(27.1, -13.2, 7), (28.7, -10.6, 8)],
}


def _geocoded(make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(make())


@pytest.fixture(scope="module")
def opening_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Pages of the south-only table, Casablanca 200 and Marrakech 50, Fès then Meknès, one
    record and a 2,000-row French register, in English and French."""
    folder = tmp_path_factory.mktemp("opening")
    made: dict[str, Callable[[], pd.DataFrame]] = {
        "south": south_only,
        "twotowns": two_towns,
        "fesmeknes": fes_then_meknes,
        "one": one_record,
        "register": lambda: french_register(2000),
    }
    out = {}
    for name, make in made.items():
        geo = _geocoded(make)
        for lang in ("en", "fr"):
            spec = map_spec(geo, lang=lang, data_label=f"{name}.csv")
            out[f"{name}-{lang}"] = write_map(interactive_map(spec), folder / f"{name}-{lang}.html")
    return out


def _luminance(css: str) -> float:
    r, g, b = (int(float(x)) / 255 for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb()`` colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def bubbles(p: Page) -> list[dict[str, Any]]:
    return list(p.page.evaluate(BUBBLES))


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("table", ["south-en", "twotowns-fr"])
def test_bubble_areas_are_in_proportion_to_their_counts(
    browser: Any, opening_pages: dict[str, Path], table: str, width: int
) -> None:
    """Issue 20: bubbles grew with the digits of their count (20 and 30 records drew the same 34 px
    bubble). Each bubble's area is now its count's share of the largest one's, within rounding."""
    p = open_page(browser, opening_pages[table], width)
    try:
        shown = bubbles(p)
        assert len(shown) >= 2 and len({b["n"] for b in shown}) >= 2
        top = max(shown, key=lambda b: b["n"])
        for b in shown:
            assert abs(b["w"] - b["h"]) < 0.5
            expected = top["w"] * math.sqrt(b["n"] / top["n"])
            assert abs(b["w"] - expected) <= 1.0, (b["n"], b["w"], expected)
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("table", ["register-fr", "register-en", "south-fr"])
def test_bubbles_grow_with_counts_keep_them_on_one_line_and_readable(
    browser: Any, opening_pages: dict[str, Path], table: str, width: int
) -> None:
    """At the opening view and two zooms in: a larger count never has a smaller symbol, every count
    sits on one line inside its symbol, at 4.5:1 or more on its background, and no symbol is under
    24 px (WCAG 2.5.8)."""
    p = open_page(browser, opening_pages[table], width)
    try:
        for view in (None, *ZOOMED[table.split("-")[0]]):
            if view is not None:
                p.page.evaluate(
                    f"window.clusteratlas.map.setView([{view[0]}, {view[1]}], {view[2]}, {{animate: false}})"
                )
                p.page.wait_for_timeout(200)
            shown = bubbles(p)
            assert shown, view
            for b in shown:
                assert b["lines"] == 1 and b["fits"], (view, b)
                assert min(b["w"], b["h"]) >= 24, (view, b)
                assert contrast(b["color"], b["background"]) >= 4.5, (view, b)
            circles = sorted((b["n"], b["w"]) for b in shown if not b["group"])
            assert [w for _, w in circles] == sorted(w for _, w in circles), (view, circles)
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_marrakech_and_casablanca_are_apart_at_opening(
    browser: Any, opening_pages: dict[str, Path], width: int
) -> None:
    """Issue 20: the opening view lumped Marrakech's 50 records into one "250" bubble with
    Casablanca's 200; they are two symbols now, each named by its town, none lying on the other."""
    p = open_page(browser, opening_pages["twotowns-en"], width)
    try:
        shown = bubbles(p)
        assert sorted(b["n"] for b in shown) == [50, 200]
        labels = {b["n"]: b["label"] for b in shown}
        # Named as the figures and the town labels name them in English (session 14: was the data's "Marrakech").
        assert "Marrakesh" in labels[50] and "Casablanca" not in labels[50]
        assert "Casablanca" in labels[200] and "Marrakesh" not in labels[200]
        boxes = p.page.locator(".leaflet-marker-pane .leaflet-marker-icon").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
        )
        a, b = boxes
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])  # apart, not on one another
        names = {t["name"] for t in town_labels(p)}
        assert {"Casablanca", "Marrakesh"} <= names  # both named at opening
    finally:
        p.close()


def test_the_studys_marrakech_record_is_not_in_casablancas_bubble(
    browser: Any, geocoded: pd.DataFrame, tmp_path: Path
) -> None:
    """The study at 1280 px: "13 records: Casablanca, Marrakech, Meknès …" was one bubble; no
    symbol now names both towns."""
    path = write_map(interactive_map(map_spec(geocoded)), tmp_path / "study.html")
    p = open_page(browser, path, 1280)
    try:
        names = p.page.locator(".leaflet-marker-pane .leaflet-marker-icon").evaluate_all(
            "els => els.map(e => e.getAttribute('aria-label') || e.title || '')"
        )
        assert len(names) >= 4
        assert [n for n in names if "Casablanca" in n and "Marrakech" in n] == []
    finally:
        p.close()


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_table_of_the_south_names_its_towns_at_opening(
    browser: Any, opening_pages: dict[str, Path], lang: str, width: int
) -> None:
    """Issue 20: a table of Laayoune, Dakhla, Guelmim and Tan-Tan showed only northern names at
    opening. The towns of the records in view are labelled first, at any zoom, off every symbol."""
    p = open_page(browser, opening_pages[f"south-{lang}"], width)
    try:
        labels = town_labels(p)
        names = {t["name"] for t in labels}
        # one display name in both languages (English differs only for Tangier, Fez and Marrakesh)
        assert {"Laâyoune", "Dakhla", "Guelmim", "Tan-Tan"} <= names, names
        assert [t for t in labels if t["hits"] or t["under"] or not t["inside"]] == []
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def _rows(p: Page, query: str) -> list[list[str]]:
    search = p.page.locator("#ca-search")
    search.fill(query)
    p.page.wait_for_timeout(100)
    return list(
        p.page.locator("#ca-table tbody tr").evaluate_all(
            "trs => trs.map(tr => [...tr.children].map(c => c.textContent))"
        )
    )


@pytest.mark.parametrize("query", ["Meknès", "meknes", "MEKNÈS", "Mekn"])
def test_search_lists_exact_and_prefix_matches_first(browser: Any, opening_pages: dict[str, Path], query: str) -> None:
    """Issue 20: "Meknès" listed Fès first (its region is Fès-Meknès). Records whose town or name is
    the query come first, then those where one starts with it, then the rest; accents and case
    ignored."""
    p = open_page(browser, opening_pages["fesmeknes-fr"], 1280)
    try:
        rows = _rows(p, query)
        assert len(rows) == 10  # Fès's records are still found (their region), after
        head = [r[0] for r in rows[:4]]
        assert set(head) == {"Atelier 6", "Atelier 7", "Atelier 8", "Meknès Agro"}, rows
        if query != "Mekn":  # the three of Meknès are exact (their town), "Meknès Agro" a prefix
            assert head[3] == "Meknès Agro", head
        assert all("Meknès" not in r[0] for r in rows[4:])
        fes = _rows(p, "fes")
        assert [r[0] for r in fes[:7]] == [*(f"Atelier {i}" for i in range(6)), "Meknès Agro"]
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def test_french_words_agree_with_one_record(browser: Any, opening_pages: dict[str, Path]) -> None:
    """ "1 fiches sur 1 affichées" and "1 fiches placées sur 1": one record is singular in French."""
    p = open_page(browser, opening_pages["one-fr"], 1280)
    try:
        assert p.page.locator(".ca-header p").inner_text() == "1 fiche, placée"
        assert p.page.locator("#ca-status").inner_text() == "1 fiche sur 1 affichée (1 sur la carte)"
        assert axe_violations(p.page) == []
    finally:
        p.close()
    p = open_page(browser, opening_pages["fesmeknes-fr"], 1280)
    try:
        p.page.locator("#ca-search").fill("Meknès Agro")
        p.page.wait_for_timeout(100)
        assert p.page.locator("#ca-status").inner_text() == "1 fiche sur 10 affichée (1 sur la carte)"
        assert p.page.locator("#ca-table caption").inner_text().startswith("1 fiche sur 10\u202f;")
    finally:
        p.close()


@pytest.mark.parametrize(("lang", "title"), [("fr", "Lat (du fichier)"), ("en", "Lat (given)")])
def test_a_files_own_coordinates_are_titled_in_the_pages_language(lang: str, title: str) -> None:
    """ "lat (given)" was the French page's column header: it is titled in French now, its name in
    our outputs kept as the tooltip; the header's sentence agrees with one record."""
    import json
    import re

    from clusteratlas.interactive import render_map

    frame = pd.DataFrame({"name": ["Seule"], "city": ["Meknès"], "lat": [33.89], "lon": [-5.55]})
    page = render_map(interactive_map(map_spec(_geocoded(lambda: frame), lang=lang)))
    found = re.search(r'<script type="application/json" id="clusteratlas-config">(.*?)</script>', page, re.DOTALL)
    assert found is not None
    config = json.loads(found.group(1))
    titles = dict(map(tuple, config["table"]))
    assert titles["lat (given)"] == title
    assert config["given"]["lat (given)"] == "lat (given)"
    assert ("1 fiche, placée" if lang == "fr" else "1 record, placed") in page
    assert "1 fiches" not in page
