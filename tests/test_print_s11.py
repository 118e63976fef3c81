"""Printing the HTML map from Chromium (issue 20, item 10), network blocked.

Chromium lays a page out for paper without telling Leaflet: ``page.pdf`` (and Ctrl+P) printed the
map at the screen's size and view, so a phone's view sat in a corner of the sheet and a wide
screen's map was cut at the page edge, its legends folded. atlas.js now answers ``beforeprint``:
the map takes a size that fits A4 and Letter, opens its legends and finds the records' view again
for that size; ``afterprint`` gives the screen its size, legends and view back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clusteratlas import map_spec
from clusteratlas.interactive import interactive_map, write_map
from tests.test_browser import Page, atlas, browser
from tests.test_map_browser import records_over_places

__all__ = ["atlas", "browser"]

#: The print size atlas.js gives the map, in CSS pixels (96 per inch): 190 mm by 190 mm, A4's width
#: within atlas.css's 10 mm page margins (it was 180 mm: a 10 to 30 mm empty strip on A4).
PRINT_PX = (round(190 / 25.4 * 96), round(190 / 25.4 * 96))

#: The page margins atlas.css's @page rule gives, in mm.
PAGE_MARGIN_MM = 10

#: Installed after atlas.js's own listener (so it runs after it): what the map is while printing.
WATCH = """() => window.addEventListener('beforeprint', () => {
  const m = window.clusteratlas.map, f = m.getContainer().getBoundingClientRect();
  const icons = [...m.getPane('markerPane').querySelectorAll('.leaflet-marker-icon')]
    .map(n => n.getBoundingClientRect());
  const shown = s => [...document.querySelectorAll(s)].filter(n => n.getBoundingClientRect().width > 0).length;
  window.__printed = {size: [m.getSize().x, m.getSize().y], icons: icons.length,
    inside: icons.filter(r => r.left >= f.left && r.right <= f.right && r.top >= f.top && r.bottom <= f.bottom).length,
    legends: document.querySelectorAll('.ca-legend').length, open: document.querySelectorAll('.ca-legend[open]').length,
    buttons: shown('.leaflet-control-zoom') + shown('.leaflet-control-layers')};
})"""

#: The map's screen state: size, zoom, centre and which legends are open.
STATE = """() => { const m = window.clusteratlas.map; return {size: [m.getSize().x, m.getSize().y], zoom: m.getZoom(),
  center: [m.getCenter().lat, m.getCenter().lng],
  open: [...document.querySelectorAll('.ca-legend')].map(n => n.open)}; }"""


@pytest.fixture(scope="module")
def register_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 records over 120 places."""
    geo: pd.DataFrame = records_over_places(7, 2_000, 120)
    path = tmp_path_factory.mktemp("print_s11") / "r2000.html"
    return write_map(interactive_map(map_spec(geo, data_label="r2000.csv")), path)


def _printed(browser: Any, path: Path, width: int, pdf: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Print ``path`` to ``pdf`` at a viewport ``width`` px wide: the map's state before, during and after."""
    p = Page(browser, path, viewport={"width": width, "height": 800})
    try:
        before = p.page.evaluate(STATE)
        p.page.evaluate(WATCH)
        p.page.pdf(path=str(pdf), format="A4")
        during, after = p.page.evaluate("window.__printed"), p.page.evaluate(STATE)
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()
    assert pdf.read_bytes().startswith(b"%PDF")
    return before, during, after


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which", ["study", "register"])
def test_the_printed_map_fits_the_sheet_with_every_record_and_its_legends_open(
    browser: Any, atlas: Path, register_page: Path, tmp_path: Path, which: str, width: int
) -> None:
    path = atlas if which == "study" else register_page
    before, during, after = _printed(browser, path, width, tmp_path / "map.pdf")
    assert during["size"] == list(PRINT_PX), during  # not the screen's size (374 px on a phone, 966 on a laptop)
    assert during["icons"] > 0 and during["inside"] == during["icons"], during  # no symbol cut at the edge
    assert during["open"] == during["legends"] > 0, during  # folded legends print as their titles alone
    assert during["buttons"] == 0, during
    # Afterwards the screen has its map back as it was.
    assert after["size"] == before["size"] and after["zoom"] == before["zoom"] and after["open"] == before["open"]
    assert abs(after["center"][0] - before["center"][0]) < 0.05 and abs(after["center"][1] - before["center"][1]) < 0.05


def test_the_printed_map_fills_the_width_of_an_a4_sheet(browser: Any, register_page: Path) -> None:
    """On A4 the map spans the page between its margins, on Letter it fits them (review L5).

    The page's @page rule gives the margins; the map's print width is A4's 210 mm less both of
    them (it was 180 mm with the browser's margins: an empty strip of 10 to 30 mm beside it).
    """
    p = Page(browser, register_page, viewport={"width": 1280, "height": 800})
    try:
        margins = p.page.evaluate(
            """() => [...document.styleSheets].flatMap(s => [...s.cssRules])
                 .filter(r => r instanceof CSSPageRule).map(r => r.style.getPropertyValue('margin'))"""
        )
    finally:
        p.close()
    assert margins == [f"{PAGE_MARGIN_MM}mm"], margins
    mm = PRINT_PX[0] / 96 * 25.4
    assert abs(mm + 2 * PAGE_MARGIN_MM - 210.0) < 0.2  # A4: no strip
    assert mm + 2 * PAGE_MARGIN_MM <= 215.9  # Letter: it fits
