"""Session 14's review of the HTML report and map (issue 20), in Chromium with the network blocked.

What the review found on the main branch of that day:

- the study's report failed axe-core (``landmark-unique``): its levers section and the levers
  table's scrolling frame were two regions named "Intervention levers (Table 3)";
- the report's table cells could cut any word (``overflow-wrap: anywhere``, meant for hashes and
  links): at 1280 px the study's profiles read "20/10", "Casa/blanca", and printed, the headers
  "Record/s", "Shar/e" and the shares "58.8/%";
- a page of more than 10,000 records told the reader of a place's popup to "select one in the
  table for its details", though the table lists only the file's first records.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clusteratlas import map_spec
from clusteratlas.interactive import interactive_map, render_map, write_map
from clusteratlas.reporting import build_report, render_html, write_report
from tests.test_browser import Page, axe_violations, browser
from tests.test_map_browser import records_over_places

__all__ = ["browser"]

#: The words (between spaces, hyphens, dashes and slashes) that a table cell or caption cuts across
#: two lines; cells of class "long" (a hash, a link: cut anywhere by design) are left out.
CUT_WORDS = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('th, td, caption')) {
    if (cell.classList.contains('long')) { continue; }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const text = node.textContent, re = /[^\\s\\-\\u2010\\u2013\\/]+/g;
      let m;
      while ((m = re.exec(text))) {
        const tops = new Set();
        for (let i = 0; i < m[0].length; i++) {
          const r = document.createRange();
          r.setStart(node, m.index + i);
          r.setEnd(node, m.index + i + 1);
          const box = r.getClientRects()[0];
          if (box && box.width > 0) { tops.add(Math.round(box.top)); }
        }
        if (tops.size > 1) { out.push(m[0]); }
      }
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def study_reports(geocoded: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The study's report (its levers included), English and French, without its figure."""
    folder = tmp_path_factory.mktemp("review_s14")
    paths = {}
    for lang in ("en", "fr"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            built = build_report(geocoded, data_label="clusters.csv", figure=False, lang=lang)
        paths[lang] = folder / f"report_{lang}.html"
        write_report(built, paths[lang])
    return paths


def test_a_table_captioned_as_its_section_names_one_region(geocoded: pd.DataFrame) -> None:
    """The levers section is not a second region of the levers table's name; the others keep theirs."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = render_html(build_report(geocoded, data_label="clusters.csv", figure=False))
    assert '<section id="levers">' in page
    assert 'aria-labelledby="caption-levers"' in page
    assert '<section id="zones" aria-labelledby="h-zones">' in page


def test_only_long_words_are_cut_anywhere() -> None:
    from clusteratlas.reporting.render import LONG_WORD, _unbreakable

    assert _unbreakable("0e92702580bdd59c3d7a4c89095f157919117dfd7653996ad2f3317419b714dd")
    assert _unbreakable("https://example.org/a/long/address")
    assert not _unbreakable("Agadir-Ida-Ou-Tanane")  # cut at its hyphens, never inside a word
    assert not _unbreakable("12,821,606")
    assert not _unbreakable("x" * LONG_WORD) and _unbreakable("x" * (LONG_WORD + 1))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("width", "media"), [(390, "screen"), (1280, "screen"), (690, "print")])
def test_the_report_cuts_no_word_and_passes_axe(
    browser: Any, study_reports: dict[str, Path], lang: str, width: int, media: str
) -> None:
    """No cell cuts "2010", "Records" or "58.8%" (on a phone a wide table scrolls in its frame, the
    page never sideways); printed, every table fits the page; axe-core finds nothing."""
    opened = Page(browser, study_reports[lang], ready="footer", viewport={"width": width, "height": 900})
    try:
        page = opened.page
        page.emulate_media(media=media)
        assert page.evaluate(CUT_WORDS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if media == "print":
            wide = page.evaluate(
                """() => [...document.querySelectorAll('.table-wrap')]
                         .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.firstElementChild.id)"""
            )
            assert wide == []
        else:
            assert axe_violations(page) == []
        assert opened.requests == [] and opened.errors == []
    finally:
        opened.close()


@pytest.fixture(scope="module")
def large_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page of 12,000 records over 40 places: it carries counts and lists the first 1,000 records."""
    geo = records_over_places(4, 12_000, 40)
    return write_map(interactive_map(map_spec(geo, data_label="12000.csv")), tmp_path_factory.mktemp("big") / "m.html")


def test_a_large_pages_popup_does_not_send_the_reader_to_the_table(browser: Any, large_map: Path) -> None:
    p = Page(browser, large_map, viewport={"width": 1280, "height": 800})
    try:
        pg = p.page
        group = pg.locator(".leaflet-marker-pane .ca-group").first
        group.focus()
        pg.keyboard.press("Enter")
        pg.locator(".leaflet-popup-content .ca-popup").wait_for()
        text = pg.locator(".leaflet-popup-content").inner_text()
        assert "select one in the table" not in text and "select it in the table" not in text
        assert "lists only the first 1,000 records of the table" in text
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


@pytest.mark.parametrize(
    ("lang", "named"), [("fr", ["Casablanca", "Guelmim", "Tanger"]), ("en", ["Casablanca", "Guelmim", "Tangier"])]
)
def test_the_map_names_places_as_the_figures_do(lang: str, named: list[str]) -> None:
    """A register's spellings ("Tangier" on a French page, "kasablanka", "کلمیم" for Guelmim) named
    the clusters and popups ("3 fiches : کلمیم"); the gazetteer's name in the page's language does."""
    from tests.conftest import geocode_cities
    from tests.test_interactive import config

    geo = geocode_cities("Tangier", "Tangier", "Tanger", "kasablanka", "kasablanka", "Casablanca", "کلمیم")
    data = config(render_map(interactive_map(map_spec(geo, lang=lang))))["data"]
    assert sorted(data["place_names"]) == named


def test_a_places_search_text_is_shared_by_its_records_not_copied() -> None:
    """A 100,000-row register made ``clusteratlas map`` peak at 5.9 GB (60 s): each of Casablanca's
    26,000 rows got its own copy of the place's 28,000-character search text. Now 0.53 GB, 5.5 s."""
    import tracemalloc

    from clusteratlas._labels import search_names

    n, spellings = 4000, 800
    frame = pd.DataFrame(
        {
            "lat": 33.5731,
            "lon": -7.5898,
            "geocode_match": "Casablanca",
            "city": [f"Kasablanka {i % spellings:04d}" for i in range(n)],
        }
    )
    tracemalloc.start()
    try:
        out = search_names(frame)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(out.iloc[0]) > 10 * spellings and out.iloc[0] == out.iloc[-1]
    assert out.iloc[0] is out.iloc[-1]  # one text for the place, not one a record
    assert peak < 20e6, peak  # it was n copies of the text: 4,000 × 13,000 characters
