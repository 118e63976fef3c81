"""Insets never cover data: no symbol of the main map lies under an inset.

Read back from each figure's artists: the main map's symbol patches (``place-*``) or
hexagons (``density``) and the inset axes' extents, over random tables (places from the
whole gazetteer, the north-east and the south), both souths, points and combined maps.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import shapely

from clusteratlas.mapspec import MapSpec
from clusteratlas.static import draw
from clusteratlas.static._basemap import main_land
from clusteratlas.static._spots import Blocked, free_spot, side_spots

from .insetdata import SHAPES, east_south_spec, frames, inset_axes, places40_spec, symbol_centres
from .randomdata import random_spec


def covered(fig) -> list[str]:
    """Each main-map symbol centre (and hexagon centre) that lies inside an inset's box, named."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    main = next(a for a in fig.axes if a.get_gid() == "map")
    centres = symbol_centres(main, renderer)
    density = [c for c in main.collections if c.get_gid() == "density"]
    if density:
        hexes = main.transData.transform(density[0].get_offsets())
        centres = np.vstack([centres, hexes])
    found = []
    for inset in inset_axes(fig):
        b = inset.get_window_extent(renderer)
        inside = (centres[:, 0] > b.x0) & (centres[:, 0] < b.x1) & (centres[:, 1] > b.y0) & (centres[:, 1] < b.y1)
        found += [f"{inset.get_gid()} covers a symbol at {tuple(np.round(c))}" for c in centres[inside]]
    return found


@pytest.mark.parametrize(
    ("seed", "south", "kind"), [(1, "inset", "points"), (2, "inset", "combined"), (3, "frame", "points")]
)
def test_no_inset_covers_a_symbol_of_the_north_east_and_south(seed: int, south: str, kind: str) -> None:
    """Before: the detail inset at the upper right covered Oujda, Nador, Berkane (8 places, 145 records)."""
    drawing = draw(east_south_spec(seed), kind, south=south)
    try:
        assert inset_axes(drawing.figure), "the table crowds at Casablanca-Rabat: a detail inset is drawn"
        assert covered(drawing.figure) == []
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(
    ("seed", "n", "south"), [(4, 150, "inset"), (5, 300, "inset"), (6, 150, "frame"), (7, 40, "inset")]
)
def test_no_inset_covers_a_symbol_of_a_random_table(seed: int, n: int, south: str) -> None:
    drawing = draw(random_spec(seed, n), "points", south=south)
    try:
        assert covered(drawing.figure) == []
    finally:
        plt.close(drawing.figure)


def test_a_shaded_map_inset_covers_no_region() -> None:
    """On a choropleth every region is data: an inset sits over sea or neighbouring land only."""
    drawing = draw(east_south_spec(8), "combined", south="inset")
    try:
        fig = drawing.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        main = next(a for a in fig.axes if a.get_gid() == "map")
        for inset in inset_axes(fig):
            b = inset.get_window_extent(renderer)
            (x0, y0), (x1, y1) = main.transData.inverted().transform([(b.x0, b.y0), (b.x1, b.y1)])
            area = shapely.box(x0, y0, x1, y1)
            assert area.intersection(main_land("inset")).area / area.area <= 0.012, inset.get_gid()
    finally:
        plt.close(drawing.figure)


def test_free_spot_takes_the_only_free_side_and_zooms_out_when_none_is() -> None:
    """Unit: symbols everywhere but the right side; then everywhere: the map zooms out to free a corner."""
    fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
    try:
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 100)
        grid = np.array([(x, y) for x in range(5, 80, 5) for y in range(5, 100, 5)], dtype=float)
        spots = side_spots(0.15, 0.15, [(0.012, 0.012)])
        spot = free_spot(ax, (0.15, 0.15), spots, Blocked(grid, np.full(len(grid), 2.0)))
        assert spot is not None
        assert spot.zoom == 1.0
        assert spot.x > 0.7  # the right side, where no symbol is
        full = np.array([(x, y) for x in range(2, 100, 4) for y in range(2, 100, 4)], dtype=float)
        zoomed = free_spot(ax, (0.15, 0.15), spots, Blocked(full, np.full(len(full), 2.0)))
        assert zoomed is not None
        assert zoomed.zoom > 1.0
    finally:
        plt.close(fig)


def test_the_southern_inset_shows_the_hexagons_of_a_density_map() -> None:
    """Before: at 20,000 records the main map drew hexagons and the southern inset stayed empty.

    The inset's hexagons count every placed record of the inset's regions, in the main map's
    classes (colours), at the main map's hexagon size on the ground.
    """
    from clusteratlas.geography import pack

    spec = random_spec(11, 4000)
    drawing = draw(spec, "points", south="inset")
    try:
        fig = drawing.figure
        fig.canvas.draw()
        (south,) = [a for a in inset_axes(fig) if a.get_gid() == "south-inset"]
        main = next(a for a in fig.axes if a.get_gid() == "map")
        density = drawing.record.density
        assert density is not None, "4,000 random records: a density map"
        pts = spec.points
        south_rows = pts["region_code"].isin(pack().inset_regions).to_numpy(dtype=bool)
        coarse = pts["coarse"].to_numpy(dtype=bool)  # placed only to a province: squares, not hexagons
        expected = int((south_rows & ~coarse).sum())
        assert expected > 0
        squares = [c for c in south.collections if c.get_gid() == "coarse-place"]
        assert sum(len(c.get_paths()) for c in squares) == pts[south_rows & coarse].groupby(["lat", "lon"]).ngroups
        (hexes,) = [c for c in south.collections if c.get_gid() == "density"]
        (main_hexes,) = [c for c in main.collections if c.get_gid() == "density"]
        assert int(np.asarray(hexes.get_array()).sum()) == expected
        shown = {tuple(np.round(c, 3)) for c in hexes.get_facecolors()}
        classes = {tuple(np.round(c, 3)) for c in main_hexes.cmap(np.arange(main_hexes.cmap.N))}
        assert shown <= classes
        assert hexes.norm.boundaries.tolist() == main_hexes.norm.boundaries.tolist()
        top = max(float(np.max(h.get_array())) for h in (hexes, main_hexes))
        assert density.classes[-1][1] == int(top)
    finally:
        plt.close(drawing.figure)


def cut_symbols(fig) -> list[str]:
    """Each symbol whose extent crosses the edge of the frame it is drawn in, named by frame."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for ax in frames(fig):
        frame = ax.get_window_extent(renderer)
        for patch in (p for p in ax.patches if p.get_gid() in SHAPES):
            b = patch.get_window_extent(renderer)
            if not (frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1):
                found.append(
                    f"{ax.get_gid()}: symbol at {tuple(np.round(b.extents))} crosses {tuple(np.round(frame.extents))}"
                )
    return found


CUT_CASES = [
    ("places40", "frame", 174),
    ("places40", "frame", 84),
    ("random30", "frame", 174),
    ("random30", "frame", 84),
    ("random31", "frame", 84),
    ("east21", "frame", 84),
    ("east13", "inset", 174),
    ("east15", "inset", 84),
]


def _cut_spec(name: str) -> MapSpec:
    if name == "places40":
        return places40_spec(5)
    if name.startswith("random"):
        return random_spec(int(name[6:]), 150)
    return east_south_spec(int(name[4:]), scale=3)


@pytest.mark.parametrize(("name", "south", "width_mm"), CUT_CASES)
def test_every_symbol_lies_whole_inside_its_frame(name: str, south: str, width_mm: float) -> None:
    """Before: symbols at the detail inset's edge were cut by its frame (6 of these 8 figures), and southern
    places were drawn off the main frame with ``south="inset"`` (2)."""
    drawing = draw(_cut_spec(name), "points", south=south, width_mm=width_mm)
    try:
        assert cut_symbols(drawing.figure) == []
    finally:
        plt.close(drawing.figure)


def _place_ids(frame) -> dict:
    """Each drawn position of a frame's places mapped to the place (its true position to 100 m)."""
    p = frame.layer.places
    tx = p["x_true"] if "x_true" in p else p["x"]
    ty = p["y_true"] if "y_true" in p else p["y"]
    return {
        (float(a), float(b)): (round(float(c) / 100), round(float(d) / 100))
        for a, b, c, d in zip(p["x"], p["y"], tx, ty, strict=True)
    }


@pytest.mark.parametrize(
    ("seed", "width_mm", "lang"), [(30, 174, "en"), (31, 84, "fr"), (31, 174, "fr"), (32, 174, "en")]
)
def test_each_place_is_named_or_numbered_once_and_its_number_keyed_once(seed: int, width_mm: float, lang: str) -> None:
    """Before: a place at the detail inset's edge was numbered on the main map and again in the inset."""
    spec = random_spec(seed, 150, lang)
    drawing = draw(spec, "points", width_mm=width_mm)
    try:
        record = drawing.record
        texts: dict[tuple[int, int], list[str]] = {}
        for frame in [record.main, *record.insets]:
            if frame.layer is None:
                continue
            ids = _place_ids(frame)
            drawn = {id(t) for t in frame.axes.texts}
            for label in frame.labels:
                assert id(label.artist) in drawn, "a label is a text artist of its frame"
                texts.setdefault(ids[label.anchor], []).append(f"{frame.name}:{label.text}")
        twice = {k: v for k, v in texts.items() if len(v) > 1}
        assert twice == {}
        detail = [f for f in record.insets if f.name == "detail-inset"]
        assert detail, "150 random records crowd: a detail inset"
        numbered = [lab.text for lab in detail[0].labels if lab.text.isdigit()]
        keyed = [k.split(" ", 1)[0] for k in record.key]
        # one numbering over every frame (north to south): each of the inset's numbers has one key line
        assert all(keyed.count(n) == 1 for n in numbered), (numbered, keyed)
    finally:
        plt.close(drawing.figure)


def furniture(fig) -> dict[str, list]:
    """Display boxes of a map's furniture: title, north arrow, legends, insets (each with its title), scale bars."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    main = next(a for a in fig.axes if a.get_gid() == "map")
    parts: dict[str, list] = {}
    title = getattr(fig, "_suptitle", None)
    if title is not None and title.get_text():
        parts["title"] = [title.get_window_extent(renderer)]
    arrow = [a.get_window_extent(renderer) for a in main.get_children() if (a.get_gid() or "").startswith("north")]
    if arrow:
        parts["north-arrow"] = arrow
    for k, legend in enumerate(main.get_children()):
        if type(legend).__name__ == "Legend":
            parts[f"legend-{k}"] = [legend.get_window_extent(renderer)]
    bar = [a.get_window_extent(renderer) for a in main.get_children() if (a.get_gid() or "").startswith("scale-bar")]
    if bar:
        parts["scale-bar"] = bar
    for inset in inset_axes(fig):
        parts[inset.get_gid()] = [inset.get_window_extent(renderer)]
    return parts


def clashes(parts: dict[str, list]) -> list[str]:
    """Each pair of furniture pieces whose boxes overlap (by more than a pixel), named."""
    names = sorted(parts)
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            for p in parts[a]:
                for q in parts[b]:
                    if min(p.x1, q.x1) - max(p.x0, q.x0) > 1 and min(p.y1, q.y1) - max(p.y0, q.y0) > 1:
                        found.append(f"{a} overlaps {b}")
    return sorted(set(found))


FURNITURE_CASES = [
    ("east1", "points", "inset", 174),
    ("east2", "combined", "inset", 174),
    ("east3", "choropleth", "inset", 120),
    ("places40", "points", "inset", 174),
    ("places40", "combined", "frame", 84),
    ("random30", "points", "inset", 84),
    ("random11", "points", "inset", 174),
]


@pytest.mark.parametrize(("name", "kind", "south", "width_mm"), FURNITURE_CASES)
def test_north_arrow_legends_title_insets_and_scale_bar_never_overlap(
    name: str, kind: str, south: str, width_mm: float
) -> None:
    """Before: the southern inset's north arrow ran into the legend and its title box hid the inset's top."""
    spec = random_spec(11, 4000) if name == "random11" else _cut_spec(name)
    drawing = draw(spec, kind, south=south, width_mm=width_mm)
    try:
        parts = furniture(drawing.figure)
        assert "north-arrow" in parts
        assert any(p.startswith("legend") for p in parts)
        assert clashes(parts) == []
    finally:
        plt.close(drawing.figure)


def test_the_southern_inset_states_its_drawn_scale_wherever_it_goes() -> None:
    """The inset's title states 1:N measured from its drawn extent and width, at any spot (two digits)."""
    from clusteratlas.static._furniture import round_scale

    for name in ("east1", "places40"):
        drawing = draw(_cut_spec(name), "points", south="inset")
        try:
            fig = drawing.figure
            fig.canvas.draw()
            (south,) = [a for a in inset_axes(fig) if a.get_gid() == "south-inset"]
            x0, x1 = south.get_xlim()
            width_m = south.get_window_extent().width / fig.dpi * 0.0254
            title = next(t.get_text() for t in south.texts if t.get_gid() == "inset-title")
            stated = int("".join(ch for ch in title.split("1:")[-1] if ch.isdigit()))
            assert stated == round_scale((x1 - x0) / width_m)
        finally:
            plt.close(drawing.figure)


@pytest.mark.parametrize("width_mm", [84, 120])
def test_a_narrow_figure_puts_the_southern_inset_under_the_map_rather_than_over_data(width_mm: float) -> None:
    """Before: at 84 mm the southern inset at the lower left covered 7 symbols (Agadir, Essaouira, Tiznit ...)."""
    drawing = draw(places40_spec(5), "points", south="inset", width_mm=width_mm)
    try:
        assert any(a.get_gid() == "south-inset" for a in inset_axes(drawing.figure))
        assert covered(drawing.figure) == []
        assert cut_symbols(drawing.figure) == []
    finally:
        plt.close(drawing.figure)
