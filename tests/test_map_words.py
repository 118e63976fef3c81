"""What the HTML map says: records of one name told apart, places abroad said as such, French throughout.

Issue 20: eleven records named "Béni Mellal" at eleven points were eleven identical popups, titles and
rows; a record placed outside the country was "aucun lieu indiqué" in French; the French page is
scanned here as Chromium draws it (its text, its controls' names and titles, its legends opened),
not only its HTML and JSON (``tests/test_outputs_language.py``).
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, map_spec
from clusteratlas.interactive import interactive_map, render_map, write_map
from clusteratlas.mapspec.captions import unplaced_list
from tests.mapdata import french_register
from tests.test_browser import browser
from tests.test_map_browser import open_page, records_over_places
from tests.test_outputs_language import MORE_ENGLISH, _found, _user_values

__all__ = ["beni_mellal", "browser"]

#: Addresses of the first six of the eleven: two share one (they are told apart by coordinates).
ADDRESSES = ["Quartier Ouled Hamdane", "Hay Al Massira", "", "", "Zone industrielle", "Hay Al Massira"]


def beni_mellal(n: int = 11, seed: int = 4) -> pd.DataFrame:
    """Return ``n`` records named "Béni Mellal" at ``n`` points within 4 km of it, some with an address,
    and one record at Casablanca; geocoded quietly."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "name": ["Béni Mellal"] * n + ["Atelier Casa"],
            "city": ["Béni Mellal"] * n + ["Casablanca"],
            "lat": [*(32.3373 + rng.uniform(-0.03, 0.03, n)), 33.57],
            "lon": [*(-6.3498 + rng.uniform(-0.03, 0.03, n)), -7.59],
            "adresse": [*ADDRESSES[:n], *[""] * max(0, n - len(ADDRESSES)), "Bd Zerktouni"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


def _config(geo: pd.DataFrame, lang: str) -> dict[str, Any]:
    page = render_map(interactive_map(map_spec(geo, lang=lang)))
    found = re.search(r'id="clusteratlas-config">(.*?)</script>', page, re.DOTALL)
    assert found is not None
    return dict(json.loads(found.group(1)))


@pytest.mark.parametrize(("lang", "coords"), [("en", r"32\.\d{4}, -6\.\d{4}"), ("fr", "32,\\d{4}\u202f; -6,\\d{4}")])
def test_records_of_one_name_carry_what_tells_them_apart(lang: str, coords: str) -> None:
    """Each "Béni Mellal" carries its own address, else (no address, or one another shares) its
    coordinates in the page's number format; a record whose name is its own carries nothing; places
    of one name get their coordinates for their symbols' names."""
    data = _config(beni_mellal(), lang)["data"]
    details = data["columns"]["detail"]["v"]
    assert details[0] == "Quartier Ouled Hamdane" and details[4] == "Zone industrielle"
    for i in (1, 2, 3, 5, *range(6, 11)):  # "Hay Al Massira" twice: coordinates for both
        assert re.fullmatch(coords, details[i]), (i, details[i])
    assert details[11] is None  # "Atelier Casa": one of its name
    assert len(set(details[:11])) == 11
    apart = data["place_details"]
    assert len(apart) == 11 and all(re.fullmatch(coords, v) for v in apart.values())
    assert _config(beni_mellal(n=1), lang)["data"]["place_details"] == {}  # no shared name, nothing added


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_records_of_one_name_are_told_apart_in_rows_titles_and_popups(browser: Any, tmp_path: Path, lang: str) -> None:
    """The table's eleven "Béni Mellal" rows, the markers' names and the popups opened from the rows
    are eleven different texts, each with its record's detail."""
    path = write_map(interactive_map(map_spec(beni_mellal(), lang=lang)), tmp_path / f"bm-{lang}.html")
    p = open_page(browser, path, 1280)
    try:
        pg = p.page
        rows = pg.locator("#ca-table tbody tr th").all_inner_texts()
        named = [r for r in rows if r.startswith("Béni Mellal")]
        assert len(named) == 11 and len(set(named)) == 11, named
        titles = [
            str(m)
            for m in pg.evaluate("window.clusteratlas.cluster.getLayers().map(m => m.options.title)")
            if str(m).startswith("Béni Mellal")
        ]
        assert len(titles) == 11 and len(set(titles)) == 11, titles
        seen = set()
        for k in (0, 1, 7):
            row = pg.locator("#ca-table tbody tr", has_text="Béni Mellal").nth(k)
            detail = row.locator(".ca-detail").inner_text()
            row.focus()
            pg.keyboard.press("Enter")
            pg.wait_for_function("() => !!document.activeElement.closest('.leaflet-popup')", timeout=5000)
            assert pg.locator(".leaflet-popup .ca-detail").inner_text() == detail
            seen.add(detail)
            pg.keyboard.press("Escape")
            pg.locator(".leaflet-popup").wait_for(state="detached")
        assert len(seen) == 3
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def test_a_record_placed_abroad_is_not_said_to_give_no_place() -> None:
    """French: coordinates in Spain were "(aucun lieu indiqué)" and Paris "(lieu introuvable : Paris)";
    both gave a place, found outside the country, and say so as the English does."""
    frame = pd.DataFrame(
        {
            "name": ["A", "B", "C"],
            "city": ["Paris", "", ""],
            "lat": [None, 40.4, None],
            "lon": [None, -3.7, None],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    fr = unplaced_list(geo, "fr")
    assert fr[0] == "A (Paris [FR] est un lieu hors du Maroc [GeoNames])"
    assert fr[1] == "B (hors du Maroc\u00a0: conservée, sans région)"
    assert fr[2] == "C (aucun lieu indiqué)"  # this one gave nothing
    assert "outside Morocco" in unplaced_list(geo, "en")[1]


#: Every word the page shows or says: its text (legends, layer list, table, header, footer, popups),
#: and its elements' accessible names, titles and alternative texts; scripts and styles aside.
PAGE_WORDS = """() => {
  const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (!t.parentElement.closest('script, style')) { out.push(t.textContent); }
  }
  document.querySelectorAll('[title], [aria-label], [alt], [placeholder]').forEach(e => {
    ['title', 'aria-label', 'alt', 'placeholder'].forEach(a => {
      if (e.getAttribute(a)) { out.push(e.getAttribute(a)); } });
  });
  return out.join('\\n'); }"""


@pytest.fixture(scope="module")
def french_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, pd.DataFrame]]:
    """French pages: a 2,000-firm French register, 12,000 random records (a page of counts by place) and
    the eleven "Béni Mellal"."""
    folder = tmp_path_factory.mktemp("french")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = {
            "register": geocode(french_register(2000)),
            "large": records_over_places(6, 12_000, 300),
            "homonyms": beni_mellal(),
        }
    out = {}
    for name, geo in tables.items():
        spec = map_spec(geo, lang="fr", data_label=f"{name}.csv")
        out[name] = (write_map(interactive_map(spec), folder / f"{name}.html"), geo)
    return out


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("table", ["register", "large", "homonyms"])
def test_the_french_page_as_drawn_has_no_english(
    browser: Any, french_pages: dict[str, tuple[Path, pd.DataFrame]], table: str, width: int
) -> None:
    """Every legend opened, the layer list shown, a cluster focused and a record's popup opened: no
    English word (Leaflet's controls, our legends, labels, notes, names of symbols), the user's own
    values aside."""
    from tests.test_figure_french import ENGLISH

    path, geo = french_pages[table]
    p = open_page(browser, path, width)
    try:
        pg = p.page
        pg.evaluate("document.querySelectorAll('.ca-legend').forEach(d => { d.open = true; })")
        pg.evaluate(
            "document.querySelector('.leaflet-control-layers').classList.add('leaflet-control-layers-expanded')"
        )
        row = pg.locator("#ca-table tbody tr[tabindex]").first
        row.focus()
        pg.keyboard.press("Enter")
        pg.wait_for_function("() => !!document.activeElement.closest('.leaflet-popup')", timeout=5000)
        words = pg.evaluate(PAGE_WORDS)
        assert "Zoom avant" in words and "Couches" in words and "fiches" in words  # the scan reads the controls
        english = _found(words, _user_values(geo, "fr"), [*ENGLISH, *MORE_ENGLISH])
        assert english == [], english[:8]
        assert p.errors == [] and p.requests == []
    finally:
        p.close()
