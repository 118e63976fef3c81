"""Session 10's HTML map work, in Chromium (network blocked): town labels on a phone's view of a
large table, and the cost of spreading thousands of symbols apart.

A phone's opening view of 100,000 records showed no town name: spread() moves the crowded bubbles
off their towns, and every main town's dot then lay under another place's bubble. And spread()
compared every pair of symbols in every pass (10,000 symbols: 50 million comparisons a pass).
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
from tests.test_map_view_labels_hatches import LABELS, label_faults

__all__ = ["atlas", "browser"]

#: The main towns a reader looks for first.
MAIN_TOWNS = {"Casablanca", "Rabat", "Tangier", "Tanger", "Fez", "Fès", "Marrakesh", "Marrakech", "Agadir", "Oujda"}


@pytest.fixture(scope="module")
def large_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """100,000 records over 500 places, English and French."""
    folder = tmp_path_factory.mktemp("webmap_s10")
    geo: pd.DataFrame = records_over_places(2, 100_000, 500)
    return {
        lang: write_map(interactive_map(map_spec(geo, lang=lang, data_label="100000.csv")), folder / f"{lang}.html")
        for lang in ("en", "fr")
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_phone_names_main_towns_of_100000_records_at_opening(
    browser: Any, large_pages: dict[str, Path], lang: str
) -> None:
    """At 390 px the opening view names at least three towns, two of them main towns (it named
    Tangier and Oujda only), none on a symbol not its own, another label or a shown dot."""
    p = Page(browser, large_pages[lang], viewport={"width": 390, "height": 844})
    try:
        names = [t["name"] for t in p.page.evaluate(LABELS)["labels"]]
        assert len(names) >= 3, names
        assert len(MAIN_TOWNS.intersection(names)) >= 2, names
        assert label_faults(p) == []
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


#: Add n square symbols of ``size`` px at seeded random places of a square holding one per
#: ``room`` px square (as dense at every n), spread them, and return spread()'s cost and the pairs
#: of them that still overlap (their boxes grown by 1 px; spread() keeps GAP, 4 px).
SPREAD_SYNTHETIC = """([n, size, room, seed]) => {
  const map = window.clusteratlas.map, pane = map.getPane('markerPane'), side = room * Math.sqrt(n);
  let x = seed;
  const rnd = () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
  document.querySelectorAll('.ca-synthetic').forEach(e => e.remove());
  for (let i = 0; i < n; i++) {
    const d = document.createElement('div');
    d.className = 'leaflet-marker-icon ca-marker ca-synthetic';
    const px = Math.round(40 + rnd() * side), py = Math.round(40 + rnd() * side);
    d.style.cssText = `position:absolute;left:0;top:0;width:${size}px;height:${size}px;` +
      `margin-left:${-size / 2}px;margin-top:${-size / 2}px;transform:translate3d(${px}px,${py}px,0)`;
    pane.appendChild(d);
  }
  window.clusteratlas.spread();
  const boxes = [...document.querySelectorAll('.ca-synthetic')].map(e => e.getBoundingClientRect());
  let overlapping = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const apart = a.left >= b.right + 1 || b.left >= a.right + 1 || a.top >= b.bottom + 1 || b.top >= a.bottom + 1;
      if (!apart) { overlapping++; }
    }
  }
  document.querySelectorAll('.ca-synthetic').forEach(e => e.remove());
  return {cost: window.clusteratlas.spreadCost(), overlapping: overlapping}; }"""


def test_spreading_symbols_apart_costs_about_n_comparisons_a_pass(browser: Any, atlas: Path) -> None:
    """spread() compared every pair in every pass (n * (n - 1) / 2): four times the symbols cost
    sixteen times the comparisons. Filed in a grid, a pass compares each symbol with those near it
    only: 2,000 symbols (as dense as 500) cost about four times 500, far fewer than every pair, and
    none overlaps after."""
    p = Page(browser, atlas, viewport={"width": 1280, "height": 800})
    try:
        p.page.evaluate("window.clusteratlas.map.removeLayer(window.clusteratlas.layers.clusters)")
        per_pass = {}
        for n in (500, 2000):
            seen = p.page.evaluate(SPREAD_SYNTHETIC, [n, 10, 30, 7])
            cost = seen["cost"]
            assert cost["symbols"] == n and seen["overlapping"] == 0, (n, seen)
            per_pass[n] = cost["pairs"] / cost["passes"]
            everything = cost["symbols"] * (cost["symbols"] - 1) / 2
            assert per_pass[n] < everything / 10, (n, cost)
        assert per_pass[2000] < 6 * per_pass[500], per_pass  # every pair: 16 times
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def test_a_few_symbols_are_still_compared_pair_by_pair(browser: Any, atlas: Path) -> None:
    """Up to 200 symbols every pair is met in every pass, as before the grid (so the study's and
    small tables' opening views are unchanged)."""
    p = Page(browser, atlas, viewport={"width": 1280, "height": 800})
    try:
        p.page.evaluate("window.clusteratlas.spread()")
        cost = p.page.evaluate("window.clusteratlas.spreadCost()")
        n = cost["symbols"]
        assert 0 < n <= 200 and cost["pairs"] == cost["passes"] * n * (n - 1) // 2, cost
    finally:
        p.close()
