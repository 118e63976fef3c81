"""The timeline's small period maps on registers of every size: symbols that read at that size, inside their panel.

Each test reads the figure's own artists: the symbols' patches and the leader lines of each
period map, its texts and its caption.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw
from clusteratlas.static.timeline import LEADER_MAX_PT, SYMBOLS_PER_MM

from .randomdata import random_spec

#: Towns of a register, with how often each is written (a few big towns, many small ones).
TOWNS = {
    "Casablanca": 30,
    "Rabat": 12,
    "Salé": 8,
    "Tanger": 10,
    "Fès": 9,
    "Marrakech": 9,
    "Agadir": 7,
    "Meknès": 6,
    "Oujda": 5,
    "Kénitra": 5,
    "Tétouan": 5,
    "Mohammedia": 5,
    "El Jadida": 4,
    "Nador": 3,
    "Settat": 3,
    "Berrechid": 3,
    "Béni Mellal": 3,
    "Safi": 3,
    "Khouribga": 2,
    "Laâyoune": 2,
    "Dakhla": 2,
    "Errachidia": 2,
    "Ouarzazate": 2,
    "Guelmim": 1,
    "Taza": 2,
    "Larache": 2,
    "Ksar El Kebir": 1,
    "Al Hoceïma": 1,
    "Essaouira": 1,
    "Taroudant": 1,
    "Tiznit": 1,
    "Khémisset": 1,
    "Témara": 3,
    "Skhirat": 1,
    "Bouskoura": 2,
    "Nouaceur": 2,
    "Tit Mellil": 1,
    "Sidi Slimane": 1,
    "Berkane": 1,
    "Ifrane": 1,
}


def register_spec(n: int, seed: int = 1, lang: str = "en", sectors: int = 7) -> MapSpec:
    """A register of ``n`` firms in :data:`TOWNS` with creation dates over 30 years, geocoded and specified."""
    rng = np.random.default_rng(seed)
    towns = np.array(list(TOWNS))
    weight = np.array(list(TOWNS.values()), dtype=float)
    frame = pd.DataFrame(
        {
            "Raison sociale": [f"Société {i}" for i in range(n)],
            "Ville": rng.choice(towns, size=n, p=weight / weight.sum()),
            "Secteur": rng.choice([f"Secteur {chr(65 + k)}" for k in range(sectors)], size=n),
            "year": rng.integers(1994, 2024, size=n),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    return map_spec(geo, data_label="registre.csv", lang=lang, color_by="Secteur")


def _panel_symbols(ax) -> list:
    """The symbols of a period map (circles, squares, diamonds; not their pie wedges)."""
    return [p for p in ax.patches if str(p.get_gid()).startswith("place-") and p.get_gid() != "place-wedge"]


def _leaders_pt(ax, fig) -> list[float]:
    out = []
    for lines in (c for c in ax.collections if c.get_gid() == "symbol-leader"):
        for segment in lines.get_segments():
            a, b = ax.transData.transform(segment)
            out.append(float(np.hypot(*(b - a))) * 72 / fig.dpi)
    return out


def _drawn_texts(fig) -> list:
    """The texts the figure draws: visible, not empty, and no tick label outside its axis's view (kept, not drawn)."""
    from matplotlib.text import Text

    fig.canvas.draw()
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden and t.get_window_extent().width > 0
    ]


CASES = {
    "register 200": lambda: register_spec(200),
    "register 600, 14 sectors": lambda: register_spec(600, seed=2, sectors=14),
    "random 26": lambda: random_spec(1, 26),
    "random 150": lambda: random_spec(3, 150),
    "random 150 fr": lambda: random_spec(4, 150, "fr"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_period_map_symbols_stay_inside_their_panel_on_short_leaders(case: str) -> None:
    spec = CASES[case]()
    drawing = draw(spec, "timeline")
    fig = drawing.figure
    fig.canvas.draw()
    symbols = 0
    for period in drawing.record.periods:
        ax = period.frame.axes
        panel = ax.get_window_extent()
        panel_mm = panel.width / fig.dpi * 25.4
        drawn = _panel_symbols(ax)
        symbols += len(drawn)
        assert len(drawn) <= SYMBOLS_PER_MM * panel_mm, (case, period.period, len(drawn), panel_mm)
        for patch in drawn:
            box = patch.get_window_extent()
            inside = box.x0 >= panel.x0 and box.x1 <= panel.x1 and box.y0 >= panel.y0 and box.y1 <= panel.y1
            assert inside, (case, period.period, box, panel)  # no symbol cut by the panel's edge
        leaders = _leaders_pt(ax, fig)
        assert all(length <= LEADER_MAX_PT + 0.01 for length in leaders), (case, max(leaders))
    assert symbols > 0, case  # the walk finds the symbols


@pytest.mark.parametrize("case", list(CASES))
def test_no_text_of_a_timeline_overlaps_another(case: str) -> None:
    fig = draw(CASES[case](), "timeline").figure
    texts = _drawn_texts(fig)
    assert len(texts) > 10
    boxes = [(t.get_text()[:30], t.get_window_extent()) for t in texts]
    clashes = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]
    assert clashes == [], clashes
    width, height = fig.bbox.width, fig.bbox.height
    for name, box in boxes:  # axis titles and every label complete, inside the figure
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, name


def test_a_register_is_grouped_coarser_in_narrow_panels_and_the_caption_says_how() -> None:
    spec = random_spec(3, 150)  # six periods: six narrow panels
    drawing = draw(spec, "timeline")
    layers = [p.frame.layer for p in drawing.record.periods if p.frame.layer is not None]
    assert len(layers) == 6
    caption = drawing.record.caption.replace("\n", " ")
    assert "one pie per region" in caption or "one pie per province" in caption
    n = np.concatenate([layer.places["n"].to_numpy() for layer in layers])
    radii = np.concatenate([layer.radii for layer in layers])
    top = int(n.max())
    assert f"largest: {top})" in caption
    big = n >= 4  # above the smallest symbol's floor, areas are proportional to records
    assert big.sum() >= 3
    ratio = radii[big] ** 2 / n[big]
    assert np.allclose(ratio, ratio[0], rtol=1e-6)
    total = sum(int(layer.places["n"].sum()) for layer in layers)
    assert total == len(spec.points)  # every placed record counted in one pie


def test_the_study_keeps_one_symbol_per_place(geocoded: pd.DataFrame) -> None:
    from clusteratlas.mapspec import place_count

    spec = map_spec(geocoded, data_label="clusters.csv", unit="clusters")
    drawing = draw(spec, "timeline")
    assert "one pie per" not in drawing.record.caption
    periods = spec.periods.labels.reindex(spec.points.index)
    shown = 0
    for period in drawing.record.periods:
        mine = spec.points[periods.eq(period.period).to_numpy()]
        layer = period.frame.layer
        assert (0 if layer is None else len(layer.places)) == place_count(mine), period.period
        shown += 0 if layer is None else int(layer.places["n"].sum())
    assert shown == int(periods.isin([p.period for p in drawing.record.periods]).sum()) > 0


def test_french_caption_says_the_grouping_in_french() -> None:
    drawing = draw(random_spec(4, 150, "fr"), "timeline")
    caption = drawing.record.caption.replace("\n", " ")
    assert "un camembert par" in caption and "la plus grande\u00a0:" in caption


@pytest.mark.scale
@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_timeline_of_100000_records_stays_under_one_megabyte(fmt: str) -> None:
    from clusteratlas.static import figure_bytes

    drawing = draw(random_spec(5, 100_000), "timeline")
    assert drawing.record.density is not None
    size = len(figure_bytes(drawing.figure, fmt))
    assert 10_000 < size < 1_000_000, (fmt, size)


@pytest.mark.parametrize("case", ["random 150", "register 200"])
def test_vector_timelines_of_many_panels_stay_small(case: str) -> None:
    from clusteratlas.static import figure_bytes

    fig = draw(CASES[case](), "timeline").figure
    assert len([ax for ax in fig.axes if ax.get_gid() == "period-map"]) >= 3
    for fmt in ("svg", "pdf"):
        size = len(figure_bytes(fig, fmt))
        assert 10_000 < size < 700_000, (case, fmt, size)  # was 1.0 MB for six panels, 3.3 MB with dotted hatches


def test_the_density_key_of_a_crowded_register_stays_whole_inside_the_figure() -> None:
    from .randomdata import random_records

    spread = random_records(6, 400)  # over 120 places: the period maps show densities
    crowd = pd.DataFrame({"name": [f"Société {i}" for i in range(3000)], "city": "Casablanca"})
    records = pd.concat([spread, crowd], ignore_index=True)
    records["year"] = np.random.default_rng(6).integers(2000, 2024, size=len(records))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(records), data_label="registre.csv")
    drawing = draw(spec, "timeline")
    assert drawing.record.density is not None and drawing.record.density.classes[-1][1] >= 1000
    fig = drawing.figure
    (key,) = [leg for leg in fig.legends if leg.get_gid() == "legend-density"]
    texts = _drawn_texts(fig)
    box = key.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width, box  # "1,001–3,0xx" not cut at the right edge
    boxes = [(t.get_text()[:30], t.get_window_extent()) for t in texts]
    clashes = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]
    assert clashes == [], clashes
