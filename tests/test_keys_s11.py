"""Keys sit at sea, over the neighbouring countries or under the map: never over Moroccan land or another artist.

Session 10's review (H2) found key boxes set on Moroccan land at 84 and 120 mm, hiding
regions and their symbols: the location-quotient key over Dakhla-Oued Ed-Dahab, the
hexagon key over Dakhla and Laâyoune. These tests measure, in display space, each legend
box against the regions' union and against every other artist of the frame (the other
legends, the insets, the scale bar, the north arrow, the symbols and the labels).
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
import shapely

from clusteratlas.static import draw
from clusteratlas.static._basemap import land

from .mapdata import _bench
from .randomdata import study_spec

MM = 25.4


SECTORS = [
    "Aeronautics", "Agri-food", "Automotive", "Chemistry", "Digital", "Energy",
    "Fisheries", "Health", "Logistics", "Mining", "Textile", "Tourism",
]  # fmt: skip


@cache
def _spec(n: int, category: str | None = None, lang: str = "en") -> Any:
    """A generated register of ``n`` records (seed 10), 12 categories; with ``category``, its lq map's.

    ``n=17``: the study's own table.
    """
    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec

    if n == 17:
        return study_spec(lang)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the register's typos and non-places
        records = _bench()(n, seed=10)
        records["sector_group"] = np.random.default_rng(10).choice(SECTORS, size=n)
        geo = geocode(records)
    extra = {"category": category} if category else {}
    return map_spec(geo, data_label="generated.csv", lang=lang, **extra)


def _legends(ax: Any) -> list[Any]:
    return [a for a in ax.get_children() if (a.get_gid() or "").startswith("legend-")]


def _land_depth_mm(ax: Any, b: Any) -> float:
    """How far (mm) a display box reaches into the regions: the overlap's area over the box's longer side."""
    to_data = ax.transData.inverted()
    (x0, y0), (x1, y1) = to_data.transform([(b.x0, b.y0), (b.x1, b.y1)])
    area = shapely.box(x0, y0, x1, y1)
    share = area.intersection(land()).area / area.area
    px_mm = ax.figure.dpi / MM
    return float(share * b.width * b.height / max(b.width, b.height) / px_mm)


def _others(ax: Any, legend: Any, renderer: Any) -> list[tuple[str, Any]]:
    """Every other artist a key must not cover: legends, insets, bar, arrow, symbols, labels and hexagons."""
    out: list[tuple[str, Any]] = []
    for a in ax.get_children():
        gid = a.get_gid() or ""
        if a is legend or not a.get_visible():
            continue
        if gid.startswith(("legend-", "scale-bar", "north-arrow", "place-", "label", "number")):
            out.append((gid, a.get_window_extent(renderer)))
        elif gid == "density":
            offsets = np.asarray(a.get_offsets())
            if len(offsets):
                xy = ax.transData.transform(offsets)
                out += [("hexagon", shapely.Point(p).buffer(1.0).bounds) for p in xy]
    for inset in ax.child_axes:
        out.append(("inset", inset.get_window_extent(renderer)))
    for text in ax.texts:
        if text.get_visible() and text.get_text().strip():
            out.append((f"text {text.get_text()[:20]!r}", text.get_window_extent(renderer)))
    return out


def _bounds(b: Any) -> tuple[float, float, float, float]:
    return tuple(b) if isinstance(b, tuple) else (b.x0, b.y0, b.x1, b.y1)  # type: ignore[return-value]


def key_faults(drawing: Any) -> list[str]:
    """Each key inside the frame over Moroccan land (> 0.3 mm), and each key over another artist (> 0.5 px)."""
    ax = drawing.record.main.axes
    fig = drawing.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    faults = []
    for legend in _legends(ax):
        b = legend.get_window_extent(renderer)
        if b.y1 > frame.y0 + 1:  # inside the frame (or reaching into it)
            depth = _land_depth_mm(ax, b)
            if depth > 0.3:
                faults.append(f"{legend.get_gid()} {depth:.1f} mm into Moroccan land")
        for name, other in _others(ax, legend, renderer):
            x0, y0, x1, y1 = _bounds(other)
            w, h = min(b.x1, x1) - max(b.x0, x0), min(b.y1, y1) - max(b.y0, y0)
            if w > 0.5 and h > 0.5:
                faults.append(f"{legend.get_gid()} over {name} ({w:.0f}x{h:.0f} px)")
    return faults


CASES = [
    ("lq", 84.0, 150, "Textile"),
    ("lq", 120.0, 150, "Textile"),
    ("lq", 174.0, 150, "Textile"),
    ("points", 84.0, 2000, None),
    ("points", 120.0, 2000, None),
    ("points", 174.0, 2000, None),
    ("combined", 84.0, 2000, None),
    ("combined", 120.0, 2000, None),
    ("combined", 174.0, 2000, None),
    ("combined", 120.0, 150, None),
    ("combined", 120.0, 17, None),
    ("combined", 84.0, 17, None),
    ("choropleth", 84.0, 150, None),
    ("points", 84.0, 150, None),
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("kind", "width", "n", "category"), CASES)
def test_no_key_on_moroccan_land_or_another_artist(
    kind: str, width: float, n: int, category: str | None, lang: str
) -> None:
    drawing = draw(_spec(n, category, lang), kind, width_mm=width)
    try:
        assert key_faults(drawing) == []
        assert drawing.figure.get_size_inches()[1] * MM <= 230.0 + 0.05  # under the map, the page within a journal's
    finally:
        plt.close(drawing.figure)


def _timeline_faults(fig: Any) -> list[str]:
    """The timeline's keys: each within the page by 1.5 mm, clear of the year panels (ticks, labels) and each other."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    px_mm = fig.dpi / MM
    keys = [(leg.get_gid() or "legend", leg.get_window_extent(renderer)) for leg in fig.legends]
    panels = [ax for ax in fig.axes if ax.get_gid() != "period-map"]
    others = [(f"panel {i}", ax.get_tightbbox(renderer)) for i, ax in enumerate(panels)]
    others += [(f"map title {i}", ax.title.get_window_extent(renderer)) for i, ax in enumerate(fig.axes)]
    others += [(f"map {i}", ax.get_window_extent(renderer)) for i, ax in enumerate(fig.axes) if ax not in panels]
    faults = []
    for gid, b in keys:
        if b.x0 < 1.5 * px_mm or b.x1 > fig.bbox.width - 1.5 * px_mm:
            faults.append(f"{gid} {min(b.x0, fig.bbox.width - b.x1) / px_mm:.1f} mm from the page edge")
        for name, o in others + [k for k in keys if k[0] != gid]:
            w, h = min(b.x1, o.x1) - max(b.x0, o.x0), min(b.y1, o.y1) - max(b.y0, o.y0)
            if w > 0.5 and h > 0.5:
                faults.append(f"{gid} over {name} ({w:.0f}x{h:.0f} px)")
    return faults


@pytest.mark.parametrize("width", [84.0, 120.0, 174.0])
def test_timeline_hexagon_key_beside_the_chart_within_the_page(width: float) -> None:
    """H8: at 174 mm, 100,000 records, the key was moved left across the bars' axis and 0.8 mm from the page edge."""
    drawing = draw(_spec(100_000), "timeline", width_mm=width)
    try:
        assert any(leg.get_gid() == "legend-density" for leg in drawing.figure.legends)
        assert _timeline_faults(drawing.figure) == []
    finally:
        plt.close(drawing.figure)


def test_timeline_key_has_the_small_maps_diamond_and_sizes() -> None:
    """M14: the small maps drew diamonds and sized pies; the key had neither a diamond nor a size entry."""
    from clusteratlas.static._places import UNCERTAIN_MARKER

    drawing = draw(_spec(150), "timeline", width_mm=120.0)
    study = draw(_spec(17), "timeline", width_mm=174.0)
    try:
        drawn = {round(float(r), 3) for m in drawing.record.periods if m.frame.layer for r in m.frame.layer.radii}
        sizes = [leg for leg in drawing.figure.legends if leg.get_gid() == "legend-size"]
        assert len(sizes) == 1
        circles = [c for c in drawing.figure.findobj() if c.get_gid() == "size-key-circle"]
        assert {round(c.get_radius(), 3) for c in circles} <= drawn  # each circle a size drawn on the maps
        assert len(circles) >= 2
        markers = [
            h.get_marker() for leg in study.figure.legends for h in leg.legend_handles if hasattr(h, "get_marker")
        ]
        assert UNCERTAIN_MARKER in markers
        assert _timeline_faults(drawing.figure) == []
        assert _timeline_faults(study.figure) == []
    finally:
        plt.close(drawing.figure)
        plt.close(study.figure)


def _label_boxes(ax: Any, renderer: Any) -> list[tuple[str, Any]]:
    return [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_gid() == "scale-bar-label"]


@pytest.mark.parametrize(("width", "lang"), [(84.0, "fr"), (120.0, "en"), (174.0, "en")])
def test_southern_inset_title_is_a_band_over_no_region_and_its_bar_keeps_its_zero(width: float, lang: str) -> None:
    """M10: the southern inset's title box sat on its land; at 84 mm its bar's "0" was hidden under "150 km"."""
    from clusteratlas.static._basemap import inset_bounds, main_land
    from clusteratlas.static._furniture import title_band

    drawing = draw(_spec(17, lang=lang), "combined", width_mm=width, south="inset")
    try:
        fig = drawing.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = drawing.record.main.axes
        inset = next(a for a in ax.child_axes if a.get_gid() == "south-inset")
        frame = inset.get_window_extent(renderer)
        bands = [a.get_window_extent(renderer) for a in title_band(inset)]
        assert bands, "no title band"
        band = bands[0]
        assert band.x0 <= frame.x0 + 1 and band.x1 >= frame.x1 - 1  # across the inset: a header, not a box on land
        regions_top = inset.transData.transform([(0.0, inset_bounds()[3])])[0][1]
        assert band.y0 >= regions_top  # the inset's regions all below it
        marks = _label_boxes(inset, renderer)
        assert "0" in [t for t, _ in marks]
        for i, (a, b) in enumerate(marks):
            for c, d in marks[i + 1 :]:
                w, h = min(b.x1, d.x1) - max(b.x0, d.x0), min(b.y1, d.y1) - max(b.y0, d.y0)
                assert not (w > 0 and h > 0), (a, c)
        # M11: no inset covers the main map's regions that carry data (a coastline's pixels at most)
        inv = ax.transData.inverted()
        for each in ax.child_axes:
            b = each.get_window_extent(renderer)
            (x0, y0), (x1, y1) = inv.transform([(b.x0, b.y0), (b.x1, b.y1)])
            area = shapely.box(x0, y0, x1, y1)
            assert area.intersection(main_land("inset")).area / area.area <= 0.01, each.get_gid()
    finally:
        plt.close(drawing.figure)
