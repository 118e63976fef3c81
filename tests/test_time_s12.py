"""Session 12, helper "time": the timeline's small maps keyed, thin pie wedges marked, the page's patterns.

1. Records placed only at a province or region are squares on the timeline's small maps: the
   key says so (density maps: under the hexagon key, with their count; place maps: a square
   entry), the squares of every period are on one scale, and a key entry no map drew is left out.
2. A pie wedge too thin for its pattern's marks showed none (two thin wedges of one grey looked
   alike): every patterned wedge now shows each direction of its pattern, inside it or at its rim.
3. The HTML map drew the figures' patterns in other directions ("//||" as dots, "\\--" as rings,
   the diagonals swapped): it now draws each category's lines as the figures do.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, map_spec
from clusteratlas.mapspec import DENSITY_PLACES, MapSpec, place_count
from clusteratlas.static import draw

from .mapdata import _bench
from .test_browser import Page, browser

__all__ = ["browser"]


@cache
def _register(n: int, lang: str = "en") -> MapSpec:
    """A generated register of ``n`` records (seed 10, 12 categories), geocoded quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the register's typos and non-places
        return map_spec(geocode(_bench()(n, seed=10)), data_label="register.csv", lang=lang)


def _squares(drawing: Any) -> list[Any]:
    return [c for m in drawing.record.periods for c in m.frame.axes.collections if c.get_gid() == "coarse-place"]


@pytest.mark.parametrize(("width", "lang"), [(84.0, "en"), (120.0, "fr"), (174.0, "en")])
def test_density_maps_key_their_squares_under_the_hexagon_key(width: float, lang: str) -> None:
    """The squares were explained only in the caption, under the maps; now in the key, with their count."""
    spec = _register(2_000, lang)
    assert place_count(spec.points) > DENSITY_PLACES
    drawing = draw(spec, "timeline", width_mm=width)
    try:
        fig = drawing.figure
        assert _squares(drawing)
        keys = {leg.get_gid(): leg for leg in fig.legends}
        assert "legend-squares" in keys
        (handle,) = keys["legend-squares"].legend_handles
        assert handle.get_hatch() and handle.get_facecolor()[3] == 0  # hatched, unfilled: as on the maps
        text = keys["legend-squares"].get_texts()[0].get_text().replace("\n", " ")
        count = drawing.record.density.coarse
        assert count == int(sum(sel["coarse"].sum() for sel in _period_points(spec)))
        assert f"{count:,}".replace(",", "\u202f" if lang == "fr" else ",") in text.replace("\u00a0", "\u202f")
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        hexagons, squares = (keys[g].get_window_extent(renderer) for g in ("legend-density", "legend-squares"))
        assert squares.y1 <= hexagons.y0 + 0.5 and abs(squares.x0 - hexagons.x0) < 0.5  # under it, aligned
        assert squares.x1 <= fig.bbox.width  # on the page
        for m in drawing.record.periods:  # above the maps' titles
            assert squares.y0 >= m.frame.axes.title.get_window_extent(renderer).y1 - 0.5
    finally:
        plt.close(drawing.figure)


def _period_points(spec: MapSpec) -> list[pd.DataFrame]:
    from clusteratlas.static._timeline_maps import period_counts
    from clusteratlas.static.timeline import _fitted

    fitted = _fitted(spec, None)
    return [sel for sel, _ in period_counts(spec, fitted.bounds, fitted.labels)]


def test_squares_of_every_period_are_on_one_scale() -> None:
    """Each period sized its squares on its own largest: a 3-record square was as large as a 30-record one."""
    drawing = draw(_register(2_000), "timeline", width_mm=174.0)
    try:
        side_of: dict[int, set[float]] = {}
        for m, sel in zip(drawing.record.periods, _period_points(_register(2_000)), strict=True):
            coarse = [c for c in m.frame.axes.collections if c.get_gid() == "coarse-place"]
            counts = sel[sel["coarse"]].groupby([sel["lat"].round(3), sel["lon"].round(3)]).size()
            sides = sorted(float(p.get_extents().width) for c in coarse for p in c.get_paths())
            assert len(sides) == len(counts)
            for n, side in zip(sorted(counts), sides, strict=True):  # smallest square, fewest records
                side_of.setdefault(int(n), set()).add(round(side, 6))
        shared = [n for n, v in side_of.items() if n > 1]
        assert shared  # counts above the smallest square's floor, seen in the periods
        assert all(len(side_of[n]) == 1 for n in shared), side_of  # n records: one size in every period
    finally:
        plt.close(drawing.figure)


def test_place_maps_key_their_squares_and_grouped_maps_key_none() -> None:
    """A square drawn on a place-level small map had no key entry; a grouped map's key had a diamond it never drew."""
    from clusteratlas.static._places import UNCERTAIN_MARKER

    spec = _register(150)
    assert int(spec.points["coarse"].sum()) > 0 and place_count(spec.points) <= DENSITY_PLACES
    wide, narrow = draw(spec, "timeline", width_mm=174.0), draw(spec, "timeline", width_mm=84.0)
    try:
        for drawing in (wide, narrow):
            drawn = {
                f
                for m in drawing.record.periods
                if m.frame.layer is not None
                for f in ("coarse", "uncertain")
                if bool(m.frame.layer.places[f].any())
            }
            keyed = {
                {"s": "coarse", UNCERTAIN_MARKER: "uncertain"}[h.get_marker()]
                for leg in drawing.figure.legends
                for h in leg.legend_handles
                if h is not None
                and h.get_visible()
                and getattr(h, "get_marker", lambda: "")() in ("s", UNCERTAIN_MARKER)
            }
            assert keyed == drawn, (keyed, drawn)
        assert getattr(wide.record, "level", None) == "place" and narrow.record.level != "place"
        assert any(m.frame.layer.places["coarse"].any() for m in wide.record.periods if m.frame.layer is not None)
    finally:
        plt.close(wide.figure)
        plt.close(narrow.figure)


def _pie_table() -> pd.DataFrame:
    """One place of 60 records over 8 categories, 53 of one: 7 wedges of 6° each, and a few places more."""
    cats = ["Textile", "Digital", "Mining", "Tourism", "Logistics", "Aeronautics", "Automotive", "Fisheries"]
    rows = [("Casablanca", cats[0])] * 53 + [("Casablanca", c) for c in cats[1:]]
    rows += [("Rabat", c) for c in cats] + [("Fes", c) for c in cats[:4]]
    frame = pd.DataFrame(rows, columns=["city", "sector_group"])
    frame["name"] = [f"Firm {i}" for i in range(len(frame))]
    return frame


@pytest.mark.parametrize("width", [84.0, 174.0])
def test_every_patterned_wedge_shows_its_pattern(width: float) -> None:
    """A wedge of 6° showed no mark of its pattern: in grey, two thin wedges of one grey read alike."""
    from clusteratlas.static import _patterns
    from clusteratlas.static._legends import category_patterns
    from clusteratlas.static._patterns import mark_angles, marks_of, marks_segments

    least = getattr(_patterns, "MIN_MARK", 1.2)  # the shortest mark that reads as a line (pt)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(_pie_table()), data_label="pies.csv")
    drawing = draw(spec, "points", width_mm=width)
    try:
        table = category_patterns(spec)
        wedges = [(ax, p) for ax in drawing.figure.axes for p in ax.patches if p.get_gid() == "place-wedge"]
        thin = [w for _, w in wedges if (w.theta2 - w.theta1) % 360 < 10]
        assert len(thin) >= 7  # the table has thin wedges: the test checks something
        checked = 0
        for ax, wedge in wedges:
            color = "#{:02x}{:02x}{:02x}".format(*(round(255 * v) for v in wedge.get_facecolor()[:3]))
            pattern = table.get(color, "")
            if not mark_angles(pattern):
                continue
            marks = marks_of(wedge)
            assert marks is not None, (color, wedge.theta1, wedge.theta2)
            seg = marks_segments(marks)
            unit = float(np.diff(ax.get_xlim())[0]) / ax.get_window_extent().width * drawing.figure.dpi / 72
            d = seg[:, 1] - seg[:, 0]
            angle, length = np.degrees(np.arctan2(d[:, 1], d[:, 0])) % 180, np.hypot(d[:, 0], d[:, 1]) / unit
            for a in mark_angles(pattern):  # every direction of its pattern, a readable line
                off = np.abs((angle - a + 90) % 180 - 90)
                assert ((off < 1) & (length >= least - 1e-6)).any(), (pattern, a, wedge.theta1, wedge.theta2)
            checked += 1
        assert checked >= 5
        ticks = [p for ax, _ in wedges[:1] for p in ax.patches if p.get_gid() == "pattern-tick"]
        assert ticks  # thin wedges are marked at their rim
    finally:
        plt.close(drawing.figure)


def test_rim_ticks_of_one_pie_do_not_overlap() -> None:
    """Ticks of neighbouring thin wedges crossed one another; each moves out along its radius instead."""
    from clusteratlas.static._patterns import TICK_PT, rim_tick

    taken: list[tuple[float, float]] = []
    for k in range(6):  # six wedges of 6°, side by side
        rim_tick((0.0, 0.0), 4.0, (6.0 * k, 6.0 * (k + 1)), "//////", 1.0, taken)
    gaps = [np.hypot(a[0] - b[0], a[1] - b[1]) for i, a in enumerate(taken) for b in taken[i + 1 :]]
    assert min(gaps) >= TICK_PT * 0.5  # apart (crossing points); before: all within 0.5 pt of one arc
    assert max(np.hypot(*p) for p in taken) <= 4.0 + 5 * TICK_PT / 2 + 1e-9  # near their pie


def test_page_patterns_draw_the_figures_directions() -> None:
    """The page drew "//||" as dots, "\\--" as rings and "/" as "\\": not the figures' patterns."""
    from clusteratlas.interactive._legend import category_patterns
    from clusteratlas.static._legends import category_patterns as figure_patterns
    from clusteratlas.static._patterns import mark_angles

    spec = _register(2_000)
    page, paper = category_patterns(spec), figure_patterns(spec)
    assert len(page) >= 3  # the register's palette: four colours carry a pattern
    for color, (_, _, angles) in page.items():
        lines = sorted(round(180 - a) % 180 for a in angles)  # a CSS stripe at g degrees is a line at 180 - g
        assert lines == sorted(round(a) % 180 for a in mark_angles(paper[color])), color


#: Every patterned category swatch (filters, points legend) and symbol: its colour and its stripes.
STRIPED = """() => [...document.querySelectorAll(
  '#ca-filters .ca-swatch.ca-pat, .ca-legend-points .ca-swatch.ca-pat, .ca-marker.ca-pat .ca-shape')].map(e => {
  const s = getComputedStyle(e); return [s.getPropertyValue('--ca-color').trim(), s.backgroundImage]; })"""


def test_page_swatches_and_symbols_carry_the_figures_stripes(browser: Any, tmp_path: Path) -> None:
    """In Chromium: every patterned swatch and symbol is striped at the figures' angles, in colour order."""
    from clusteratlas.interactive import interactive_map, write_map
    from clusteratlas.interactive._legend import category_patterns

    spec = _register(150)
    out = tmp_path / "map.html"
    write_map(interactive_map(spec), out)
    page = Page(browser, out, viewport={"width": 1280, "height": 800})
    try:
        page.page.evaluate("window.clusteratlas.map.setView([33.7, -7.0], 9, {animate: false})")
        page.page.wait_for_timeout(300)
        painted = page.page.evaluate(STRIPED)
        expected = category_patterns(spec)
        assert len(painted) >= 10
        for color, image in painted:
            angles = expected[color.lower()][2]
            found = [int(a) for a in re.findall(r"repeating-linear-gradient\((\d+)deg", image)]
            assert found == angles, (color, image)
        assert page.errors == [] and page.requests == []
    finally:
        page.close()
