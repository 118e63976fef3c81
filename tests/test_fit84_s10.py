"""Single-column (84 mm) figures on a journal page, and a levers matrix whose labels never touch.

Issue 20, session 10. Measured before: combined figures of 12 categories at 84 mm were
238-283 mm tall (a page holds 230 mm), the 150-record French points figure 231-236 mm; the
levers matrix of 150 records 233 mm with its row labels drawn over one another (rows 1.2 mm
apart), and at 84 mm even the study's 17 rows had their key over the row totals and the
column labels over the caption.

Under a narrow map the points' legend now takes the line on patterns as its last entry,
writes a category's counts "12/13" under a title that says what they count, and sets its
entries in two columns when that is shorter; a legend is narrowed to stand beside another
when the page is then shorter. The levers matrix is laid out by measure: rows at least
3.2 mm apart in panels side by side; rows that still do not fit are left out and the
caption says how many are drawn.
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from functools import cache
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.legend import Legend
from matplotlib.text import Text
from shapely import affinity
from shapely.geometry import box as shapely_box

from clusteratlas import geocode
from clusteratlas.errors import ClusterAtlasWarning
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw
from clusteratlas.static._style import MAX_HEIGHT_MM, styled

from .randomdata import random_records
from .test_figure_fit import LEVERS, LONG
from .test_figure_page_height import SECTEURS, _boxes, _overlaps, register_spec

#: The combined figures of 150 records that still do not fit at 84 mm (see :func:`test_what_does_not_fit_says_so`).
# Session 11 (left for the next sitting, in issue 20's note): after the merges of keys (keys off the land go under
# the map, the timeline's size key) and labels3 (caption lines), the French points figure of 150 records is 235 mm
# and the English timeline 230.x mm: they warn, as test_what_does_not_fit_says_so asks of a figure too tall.
# Session 12: keys that would cover land try the sea or a neighbour before going under the map (points fr 214 mm),
# and the timeline's size key stands in its maps' empty cell (219 mm): both fit again, and so do the combined figures
# of a register (no zones: 202.3 mm en, 211.1 fr). With the study's zones asked for, English fits (226.7) and French
# stays too tall (235.7; test_what_does_not_fit_says_so): its categories' and zones' keys find no spot in the frame.
# Session 13: French fits too (229.5 mm): every place labelled (the caption says so in two lines, not four) and the
# caption set as wide as the map frame (it stopped 4.4 mm short of it).
TOO_TALL: set[tuple[str, int, str]] = set()


def _height_mm(fig: Any) -> float:
    return float(fig.get_size_inches()[1]) * 25.4


@cache
def lq_spec(n: int, lang: str) -> MapSpec:
    """The register of :func:`register_spec`, its location quotients of one sector."""
    spec = register_spec(n, lang)
    return map_spec(spec.records, data_label=f"registre_{n}.csv", lang=lang, color_by="secteur", category=SECTEURS[0])


#: Every kind × size × language but :data:`TOO_TALL` (those are :func:`test_what_does_not_fit_says_so`'s).
FITTING = [
    (kind, n, lang)
    for kind in ("points", "choropleth", "combined", "timeline", "lq")
    for n in (26, 150)
    for lang in ("en", "fr")
    if (kind, n, lang) not in TOO_TALL
]


@pytest.mark.parametrize(("kind", "n", "lang"), FITTING)
def test_every_kind_of_twelve_categories_fits_a_page_at_84_mm(kind: str, n: int, lang: str) -> None:
    spec = lq_spec(n, lang) if kind == "lq" else register_spec(n, lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClusterAtlasWarning)  # no "too tall" warning
        fig = draw(spec, kind, width_mm=84).figure
    try:
        assert _height_mm(fig) <= MAX_HEIGHT_MM + 0.05
        if kind in ("points", "combined"):
            assert _overlaps(_boxes(fig)) == []
    finally:
        plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_what_does_not_fit_says_so(lang: str) -> None:
    # Session 12: in English it fits now (226.7 mm): the classes, the size key and the line on patterns stand in the
    # frame, at sea (_keyspots.keys_inside). In French the zones' and categories' keys find no spot: 235.7 mm, warned.
    # Session 13: French fits too (229.5 mm; tests/test_crowd_s13.py), out of the allowance it had (245 mm).
    # 150 records (44 places, 30 numbered) in a combined figure at 84 mm: the map is 84 mm tall at the
    # page's width, the least at which its detail inset finds room on it (narrower, it goes under the
    # map and the page grows by 30-40 mm); under it, the 12 categories, the classes, the zones and a
    # caption of 21 lines (its numbered key 14). It was 272 (en) and 283 mm (fr).
    # Session 11: a register no longer gets the study's zones by default (it only shares its category
    # column); they are asked for here, as the figure this test measures had them.
    registered = register_spec(150, lang)
    spec = map_spec(registered.records, data_label="registre_150.csv", lang=lang, color_by="secteur", zones=True)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", ClusterAtlasWarning)
        fig = draw(spec, "combined", width_mm=84).figure
    too_tall = [w for w in said if re.search(r"combined figure is \d+ mm tall at 84 mm wide", str(w.message))]
    try:
        assert bool(too_tall) == (_height_mm(fig) > MAX_HEIGHT_MM + 0.05)  # too tall, and said so; or neither
        assert _height_mm(fig) <= MAX_HEIGHT_MM + 0.05  # fr 267.4 after session 11, 235.7 after session 12
        assert _overlaps(_boxes(fig)) == []
    finally:
        plt.close(fig)


def _legend(fig: Any, gid: str) -> Legend:
    return next(leg for leg in fig.findobj(Legend) if leg.get_gid() == gid)


# Session 12: the classes no longer go under the map beside a narrowed points legend: they stand in the frame, at sea
# (_keyspots.keys_inside), and the points legend takes two columns in English too.
@pytest.mark.parametrize(("lang", "layout"), [("fr", "two columns"), ("en", "classes in the frame")])
def test_the_points_legend_under_a_narrow_map_is_one_legend_with_short_counts(lang: str, layout: str) -> None:
    spec = register_spec(150, lang)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterAtlasWarning)
        fig = draw(spec, "combined", width_mm=84).figure
    try:
        points = _legend(fig, "legend-points")
        entries = [" ".join(t.get_text().split()) for t in points.get_texts()]
        apart = [leg for leg in fig.findobj(Legend) if leg.get_gid() == "legend-patterns"]
        if apart:  # session 12: the line on patterns may stand in the frame at sea (English: it finds a spot)
            fig.canvas.draw()
            frame = next(ax for ax in fig.axes if ax.get_gid() == "map").get_window_extent()
            b = apart[0].get_window_extent()
            assert frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
            assert spec.texts["patterns"] not in entries
        else:
            assert entries[-1] == spec.texts["patterns"]  # the line on patterns is its last entry
        assert points.get_title().get_text().endswith(spec.texts["on_map_title"].format(title=""))
        short = [e for e in entries if "/" in e]
        assert short and all(e.split("(")[-1].rstrip(")").replace("/", "").isdigit() for e in short)
        items = {i.label: i for i in spec.legend_items() if i.group == "categories"}
        for entry in short:  # the two numbers are the item's: on the map, then all
            label, counts = entry.rsplit(" (", 1)
            on_map, total = counts.rstrip(")").split("/")
            assert items[label].count == int(on_map)
            assert items[label].detail == spec.texts["on_map"].format(placed=on_map, total=total)
        assert points._ncols == 2
        if layout == "classes in the frame":
            fig.canvas.draw()
            frame = next(ax for ax in fig.axes if ax.get_gid() == "map").get_window_extent()
            c = _legend(fig, "legend-classes").get_window_extent()
            assert frame.x0 <= c.x0 and c.x1 <= frame.x1 and frame.y0 <= c.y0 and c.y1 <= frame.y1
    finally:
        plt.close(fig)


def test_the_points_legend_keeps_its_entries_whole_where_it_sits_in_the_map() -> None:
    spec = register_spec(26, "en")
    fig = draw(spec, "points", width_mm=174).figure
    try:
        entries = [t.get_text() for t in _legend(fig, "legend-points").get_texts()]
        said = [i.text for i in spec.legend_items() if i.group in ("categories", "flags")]
        assert entries[: len(said)] == said  # the shared items, as the HTML map writes them
    finally:
        plt.close(fig)


# The levers matrix.


@cache
def levers_spec(n: int, lang: str, seed: int = 11) -> MapSpec:
    """A random table of ``n`` records with the study's lever columns, some values unknown."""
    records = random_records(seed, n)
    rng = np.random.default_rng(seed)
    records["sector"] = rng.choice(SECTEURS if n > 200 else LONG, size=n)
    for lever in LEVERS:
        records[lever] = rng.choice(["yes", "no", ""], size=n, p=[0.4, 0.45, 0.15])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(records)
    return map_spec(geo, data_label="registre.csv", lang=lang, color_by="sector")


def _text_shapes(fig: Any) -> list[tuple[Text, Any]]:
    """Each visible text with its box as drawn, turned as the text is (display units)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for text in fig.findobj(Text):
        if not (text.get_visible() and text.get_text().strip()):
            continue
        b = text.get_window_extent(renderer)
        theta = math.radians(text.get_rotation() % 180)
        c, s = abs(math.cos(theta)), abs(math.sin(theta))
        if c > 1e-6 and s > 1e-6:  # the upright box from its turned bounds
            w, h = (b.width * c - b.height * s) / (c * c - s * s), (b.height * c - b.width * s) / (c * c - s * s)
        else:
            w, h = (b.height, b.width) if s > 0.5 else (b.width, b.height)
        cx, cy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
        shape = shapely_box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        out.append((text, affinity.rotate(shape, math.degrees(theta), origin=(cx, cy))))
    return out


def _touching(fig: Any) -> list[tuple[str, str]]:
    """Pairs of texts whose drawn boxes overlap (by more than half a pixel)."""
    shapes = [(t.get_text()[:20], shape.buffer(-0.5)) for t, shape in _text_shapes(fig)]
    return [(a, b) for (a, p), (b, q) in itertools.combinations(shapes, 2) if p.intersects(q)]


def _off_page(fig: Any) -> list[str]:
    page = shapely_box(fig.bbox.x0 - 0.5, fig.bbox.y0 - 0.5, fig.bbox.x1 + 0.5, fig.bbox.y1 + 0.5)
    return [t.get_text()[:20] for t, shape in _text_shapes(fig) if not page.contains(shape)]


@pytest.mark.parametrize("width", [84.0, 120.0, 174.0])
@pytest.mark.parametrize("n", [150, 400])
def test_the_levers_matrix_fits_the_page_and_no_text_touches_another(n: int, width: float) -> None:
    spec = levers_spec(n, "en")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClusterAtlasWarning)
        drawing = draw(spec, "levers", width_mm=width)
    fig = drawing.figure
    try:
        assert _height_mm(fig) <= MAX_HEIGHT_MM + 0.05
        with styled():
            assert _touching(fig) == []
            assert _off_page(fig) == []
        sizes = {float(t.get_fontsize()) for t, _ in _text_shapes(fig)}
        assert min(sizes) >= 7.0
        assert drawing.record.by_category == (n > 200)
        caption = next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")
        shown = len(drawing.record.rows)
        if not drawing.record.by_category and shown < n:  # rows left out: said, with how many are drawn
            assert f"the first {shown} of {n}" in " ".join(caption.split())
        elif not drawing.record.by_category:
            assert "the first" not in caption
    finally:
        plt.close(fig)


def test_every_record_of_150_has_its_row_at_174_mm_in_panels() -> None:
    drawing = draw(levers_spec(150, "en"), "levers", width_mm=174)
    fig = drawing.figure
    try:
        panels = [ax for ax in fig.axes if (ax.get_gid() or "").startswith("levers-panel")]
        assert len(panels) >= 2
        cells = [p for ax in panels for p in ax.patches if p.get_gid() == "lever-cell"]
        assert len(cells) == 150 * len(LEVERS)
        assert len(drawing.record.rows) == 150
        pitch = [ax.get_window_extent().height / len(ax.get_yticks()) / fig.dpi * 25.4 for ax in panels]
        assert min(pitch) >= 3.2  # rows far enough apart for their 7 pt labels
    finally:
        plt.close(fig)


@pytest.mark.parametrize("width", [84.0, 120.0, 174.0])
def test_the_study_matrix_is_whole_and_clear_at_every_width(geocoded: pd.DataFrame, width: float) -> None:
    spec = map_spec(geocoded, data_label="clusters.csv", unit="clusters", lang="fr")
    drawing = draw(spec, "levers", width_mm=width)
    fig = drawing.figure
    try:
        assert len(drawing.record.rows) == 17 and "…" not in "".join(drawing.record.rows)
        with styled():
            assert _touching(fig) == []
            assert _off_page(fig) == []
    finally:
        plt.close(fig)
