"""Figures that fit the page again, keys that stay off land without growing the page, hexagons whole.

Issue 20, session 12. After session 11's merges (keys off Moroccan land went under the map;
a name stands nearest its own symbol), three 150-record figures at 84 mm were taller than a
journal page (230 mm): points fr 235.1, timeline en 230.3, combined fr (zones) 267.4 (en
246.7). A key that would cover land now tries spots along the frame's sides, at sea or over
a neighbouring country, before going under the map (points fr 221.0, combined en 226.7,
fr 242.6); the timeline's size key stands in its maps' empty cell (219.4). La Güera's
hexagon touched the frame of the timeline's small maps, under its line: every hexagon is
now 0.3 mm inside its frame, the small maps zoomed out together.
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.legend import Legend

from clusteratlas.errors import ClusterAtlasWarning
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw

from .test_figure_page_height import register_spec
from .test_keys_s11 import _land_depth_mm, _spec, key_faults

MM = 25.4


def _height_mm(fig: Any) -> float:
    return float(fig.get_size_inches()[1]) * MM


@cache
def zoned_spec(lang: str) -> MapSpec:
    """The register of 150 records with the study's zones asked for (the figure session 11 left at 246.7 / 267.4 mm)."""
    spec = register_spec(150, lang)
    return map_spec(spec.records, data_label="registre_150.csv", lang=lang, color_by="secteur", zones=True)


@pytest.mark.parametrize(
    ("kind", "lang", "most"),
    [("points", "fr", 215.0), ("timeline", "en", 220.0), ("combined", "en", 227.0)],
)
def test_the_84_mm_figures_of_150_records_fit_a_page_again(kind: str, lang: str, most: float) -> None:
    spec = zoned_spec(lang) if kind == "combined" else register_spec(150, lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClusterAtlasWarning)  # no "too tall" warning
        fig = draw(spec, kind, width_mm=84).figure
    try:
        assert _height_mm(fig) <= most  # 235.1, 230.3 and 246.7 mm on main 09e0eef
    finally:
        plt.close(fig)


def test_the_french_combined_figure_with_zones_is_shorter_and_fits() -> None:
    # session 13: it fits (229.5 mm; every place labelled, the caption as wide as the frame): no warning now
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClusterAtlasWarning)
        fig = draw(zoned_spec("fr"), "combined", width_mm=84).figure
    try:
        assert (
            _height_mm(fig) <= 230.05
        )  # 267.4 mm on main 09e0eef: the classes, size key and patterns now in the frame
    finally:
        plt.close(fig)


def test_the_timelines_size_key_stands_in_the_maps_empty_cell() -> None:
    fig = draw(register_spec(150, "en"), "timeline", width_mm=84).figure
    try:
        fig.canvas.draw()
        key = next(leg for leg in fig.legends if leg.get_gid() == "legend-size").get_window_extent()
        maps = [ax.get_window_extent() for ax in fig.axes if ax.get_gid() == "period-map"]
        assert len(maps) == 3
        last = maps[-1]
        assert key.x0 >= last.x1 and key.x1 <= fig.bbox.x1  # beside the last map, in the cell a fourth would take
        assert last.y0 <= key.y0 and key.y1 <= last.y1 + 1
        assert not any(key.overlaps(m) for m in maps)
    finally:
        plt.close(fig)


def _map_legend(drawing: Any, gid: str) -> Legend:
    return next(leg for leg in drawing.record.main.axes.get_children() if leg.get_gid() == gid)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_studys_combined_figure_at_120_mm_keeps_its_classes_at_sea(lang: str) -> None:
    drawing = draw(_spec(17, lang=lang), "combined", width_mm=120)
    fig = drawing.figure
    try:
        fig.canvas.draw()
        ax = drawing.record.main.axes
        frame = ax.get_window_extent()
        classes = _map_legend(drawing, "legend-classes").get_window_extent()
        assert frame.x0 <= classes.x0 and classes.x1 <= frame.x1  # in the frame (it went under the map on main)
        assert frame.y0 <= classes.y0 and classes.y1 <= frame.y1
        assert _land_depth_mm(ax, classes) <= 0.3
        assert key_faults(drawing) == []
        assert _height_mm(fig) <= 183.0  # 199 mm on main 09e0eef with the classes under the map
    finally:
        plt.close(fig)


def _hexagon_margins_mm(ax: Any) -> float:
    """The least distance (mm) from any hexagon's corner to its frame's edge (negative: outside)."""
    frame = ax.get_window_extent()
    least = np.inf
    for hexagons in (c for c in ax.collections if c.get_gid() == "density"):
        corners = np.asarray(hexagons.get_offsets())[:, None, :] + hexagons.get_paths()[0].vertices[None, :, :]
        d = ax.transData.transform(corners.reshape(-1, 2))
        gaps = np.minimum.reduce([d[:, 0] - frame.x0, frame.x1 - d[:, 0], d[:, 1] - frame.y0, frame.y1 - d[:, 1]])
        least = min(least, float(gaps.min()))
    return least / ax.figure.dpi * MM


def test_hexagons_at_the_frames_corner_are_held_whole() -> None:
    from clusteratlas.static._density import ROOM_MM, draw_density, hold_hexagons

    fig = plt.figure(figsize=(3, 3))
    try:
        axes = [fig.add_axes((0.05, 0.05, 0.4, 0.4)), fig.add_axes((0.55, 0.05, 0.4, 0.4))]
        for ax in axes:
            ax.set_xlim(0, 1_000_000)
            ax.set_ylim(0, 1_000_000)
            ax.set_aspect("equal", adjustable="box")
        draw_density(axes[0], np.array([0.0, 500_000.0]), np.array([0.0, 500_000.0]))  # a record at the corner
        assert _hexagon_margins_mm(axes[0]) < 0  # half a hexagon outside
        factor = hold_hexagons(axes)
        assert factor > 1.0
        assert _hexagon_margins_mm(axes[0]) >= ROOM_MM - 0.01
        assert axes[1].get_xlim() == axes[0].get_xlim()  # maps side by side keep one scale
        assert hold_hexagons(axes) == 1.0  # held: nothing more to do
    finally:
        plt.close(fig)


def test_the_timelines_small_maps_hold_every_hexagon_clear_of_their_frame() -> None:
    drawing = draw(_spec(100_000), "timeline", width_mm=84)
    fig = drawing.figure
    try:
        fig.canvas.draw()
        maps = [ax for ax in fig.axes if ax.get_gid() == "period-map"]
        assert min(_hexagon_margins_mm(ax) for ax in maps) >= 0.29  # touching (0.0 mm), under the frame's line, on main
        assert len({ax.get_xlim() for ax in maps}) == 1
    finally:
        plt.close(fig)
