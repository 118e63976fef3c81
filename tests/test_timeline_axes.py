"""The timeline at every width: year labels that never touch, period titles with their unit, zoomed maps with a scale.

Measured on the drawn figure: the year labels' boxes, the period titles' text and boxes, the
scale bars' drawn length against the ground the map shows across its width.
"""

from __future__ import annotations

import itertools
import warnings
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from clusteratlas import geocode
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw
from clusteratlas.static import timeline as timeline_module
from clusteratlas.static._timeline_years import TICK_GAP_PT

TOWNS = ["Casablanca", "Rabat", "Tanger", "Fès", "Marrakech", "Agadir", "Oujda", "Laâyoune", "Meknès", "Safi"]
NORTH = ["Tanger", "Tétouan", "Larache", "Al Hoceïma", "Chefchaouen", "Asilah", "Ksar El Kebir", "Ouazzane"]
WIDTHS = (84, 120, 174)


def _register(n: int, towns: list[str], years: np.ndarray, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "name": [f"Société {i}" for i in range(n)],
            "city": rng.choice(towns, size=n),
            "sector": rng.choice(["Automobile", "Textile", "Agroalimentaire"], size=n),
            "year": years,
        }
    )


def _spec(frame: pd.DataFrame, lang: str = "en", unit: str = "records", periods: list[int] | None = None) -> MapSpec:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    return map_spec(geo, data_label="registre.csv", lang=lang, unit=unit, color_by="sector", periods=periods)


@cache
def span_spec(years: int, lang: str = "en") -> MapSpec:
    """Sixty records or more over ``years`` years (ending in 2023), every year present, at ten towns."""
    n = max(60, years)
    return _spec(_register(n, TOWNS, np.arange(n) % years + 2024 - years), lang)


def _year_labels(fig: Figure) -> list[Text]:
    """The year labels as drawn: the x tick labels within the view of the axis that shows them."""
    fig.canvas.draw()
    out = []
    for ax in fig.axes:
        lo, hi = sorted(ax.xaxis.get_view_interval())
        for tick in ax.xaxis.get_major_ticks():
            label = tick.label1
            if label.get_visible() and label.get_text() and lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                out.append(label)
    return sorted(out, key=lambda t: t.get_window_extent().x0)


def _gaps_pt(fig: Figure, labels: list[Text]) -> list[float]:
    boxes = [t.get_window_extent() for t in labels]
    return [(b.x0 - a.x1) * 72 / fig.dpi for a, b in itertools.pairwise(boxes)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("years", [1, 5, 40, 100])
def test_year_labels_never_touch_at_any_width(width: float, years: int) -> None:
    fig = draw(span_spec(years), "timeline", width_mm=width).figure
    try:
        labels = _year_labels(fig)
        assert labels, (width, years)
        assert all(t.get_fontsize() >= 7 for t in labels)
        gaps = _gaps_pt(fig, labels)
        assert all(g >= TICK_GAP_PT - 0.5 for g in gaps), (width, years, [t.get_text() for t in labels], gaps)
        for t in labels:  # every year label whole inside the figure
            box = t.get_window_extent()
            assert box.x0 >= 0 and box.x1 <= fig.bbox.width, (width, years, t.get_text())
        values = [int(t.get_text()) for t in labels]
        assert values == sorted(values) and min(values) >= 2024 - years and max(values) <= 2023
        if years >= 5:
            assert len(labels) >= 2, (width, years, values)  # the axis says which way the years run
    finally:
        plt.close(fig)


def test_five_years_at_full_width_label_every_year_and_a_century_at_84_mm_every_twenty() -> None:
    fig = draw(span_spec(5), "timeline", width_mm=174).figure
    assert [t.get_text() for t in _year_labels(fig)] == ["2019", "2020", "2021", "2022", "2023"]
    plt.close(fig)
    fig = draw(span_spec(100), "timeline", width_mm=84).figure
    values = [int(t.get_text()) for t in _year_labels(fig)]
    steps = set(np.diff(values).tolist())
    assert len(steps) == 1 and steps.pop() in (20, 25), values  # not 10: "19401950…" would touch at 84 mm
    plt.close(fig)


def test_a_register_of_dates_with_months_is_ticked_by_year(tmp_path: Path) -> None:
    from clusteratlas.records.read import read_records

    rng = np.random.default_rng(4)
    days = pd.Timestamp("2019-02-01") + pd.to_timedelta(rng.integers(0, 3 * 365, size=80), unit="D")
    frame = _register(80, TOWNS, np.zeros(80)).drop(columns="year")
    frame.insert(1, "Date de création", days.strftime("%d/%m/%Y"))
    path = tmp_path / "registre.csv"
    frame.to_csv(path, index=False, sep=";")
    records = read_records(path)
    assert sorted(pd.to_numeric(records["year"]).unique().tolist()) == [2019, 2020, 2021, 2022]
    spec = _spec(records)
    for width in WIDTHS:
        fig = draw(spec, "timeline", width_mm=width).figure
        labels = _year_labels(fig)
        assert [t.get_text() for t in labels] == ["2019", "2020", "2021", "2022"], width  # whole years, no months
        assert all(g >= TICK_GAP_PT - 0.5 for g in _gaps_pt(fig, labels)), width
        plt.close(fig)


def _titles(drawing: object) -> list[str]:
    return [p.frame.axes.get_title() for p in drawing.record.periods]  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", WIDTHS)
def test_period_titles_give_the_unit_in_english_and_french(width: float) -> None:
    years = np.repeat([1995, 2005, 2015, 2021], [1, 12, 37, 10])
    frame = _register(60, TOWNS, years)
    frame.loc[frame.index[-3:], "city"] = ""  # three records of 2021 not placed
    want = {
        "en": ["Created 1995–1999: 1 record", "Created 2000–2009: 12 records", "Created 2010–2019: 37 records"],
        "fr": [
            "Créées 1995–1999\u00a0: 1 fiche",
            "Créées 2000–2009\u00a0: 12 fiches",
            "Créées 2010–2019\u00a0: 37 fiches",
        ],
    }
    last = {"en": "Created 2020–2021: 7 of 10 records placed", "fr": "Créées 2020–2021\u00a0: 7 fiches placées sur 10"}
    for lang in ("en", "fr"):
        drawing = draw(_spec(frame, lang, periods=[1995, 2000, 2010, 2020]), "timeline", width_mm=width)
        titles = [t.replace("\n", " ") for t in _titles(drawing)]
        try:
            assert titles == [*want[lang], last[lang]], (lang, width)
            for period in drawing.record.periods:
                ax = period.frame.axes
                assert ax.title.get_fontsize() >= 7
                assert ax.title.get_window_extent().width <= ax.get_window_extent().width + 1, (lang, width, titles)
        finally:
            plt.close(drawing.figure)


def test_the_study_unit_agrees_in_french_and_a_period_of_none_says_so() -> None:
    years = np.repeat([2006, 2016], [1, 5])
    spec = _spec(_register(6, TOWNS, years), "fr", unit="clusters", periods=[2005, 2010, 2015])
    drawing = draw(spec, "timeline")
    titles = [t.replace("\n", " ") for t in _titles(drawing)]
    plt.close(drawing.figure)
    assert titles == [
        "Créés 2006–2009\u00a0: 1 cluster",
        "Créés 2010–2014\u00a0: aucun cluster",
        "Créés 2015–2016\u00a0: 5 clusters",
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_period_titles_stay_clear_of_every_map_and_text(width: float, lang: str) -> None:
    from .randomdata import random_spec

    drawing = draw(random_spec(3, 150, lang), "timeline", width_mm=width)
    fig = drawing.figure
    try:
        fig.canvas.draw()
        maps = [p.frame.axes for p in drawing.record.periods]
        titles = [ax.title.get_window_extent() for ax in maps]
        others = [ax.get_window_extent() for ax in fig.axes]
        legends = [legend.get_window_extent() for legend in fig.legends]
        for i, title in enumerate(titles):
            for j, box in enumerate(others):
                if fig.axes[j] is maps[i]:
                    assert title.y0 >= box.y1 - 0.5  # above its own map
                    continue
                assert not title.overlaps(box), (lang, width, maps[i].get_title(), fig.axes[j].get_gid())
            for k, other in enumerate(titles):
                assert k == i or not title.overlaps(other)
            for legend in legends:  # the legend as drawn, whose height the layout estimated
                assert legend.y0 - title.y1 >= 1 / 25.4 * fig.dpi, (lang, width, maps[i].get_title(), legend, title)
            assert title.x0 >= 0 and title.x1 <= fig.bbox.width and title.y1 <= fig.bbox.height
    finally:
        plt.close(fig)


@cache
def north_spec(lang: str = "en") -> MapSpec:
    """A register of one region's towns (Tanger-Tétouan-Al Hoceïma): the period maps zoom to it."""
    years = np.random.default_rng(5).integers(1990, 2024, size=200)
    return _spec(_register(200, NORTH, years, seed=5), lang)


def _ground_km(y: float, x0: float, x1: float) -> float:
    """Geodesic length (km) from x0 to x1 along the drawn line at height y (drawing CRS)."""
    from pyproj import Geod, Transformer

    from clusteratlas.static._basemap import crs

    back = Transformer.from_crs(crs(), "EPSG:4326", always_xy=True)
    (lon0, lon1), (lat0, lat1) = back.transform([x0, x1], [y, y])
    return float(Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)[2] / 1000)


@pytest.mark.parametrize("width", [84, 174])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_zoomed_period_maps_carry_a_true_scale_bar(width: float, lang: str) -> None:
    drawing = draw(north_spec(lang), "timeline", width_mm=width)
    fig = drawing.figure
    try:
        fig.canvas.draw()
        assert len(drawing.record.periods) >= 3
        for period in drawing.record.periods:
            ax, bar = period.frame.axes, period.frame.scale_bar
            assert bar is not None, (width, period.period)
            patches = [p for p in ax.patches if p.get_gid() == "scale-bar"]
            assert len(patches) == 4
            drawn = [p.get_window_extent() for p in patches]
            left, right = min(b.x0 for b in drawn), max(b.x1 for b in drawn)
            frame = ax.get_window_extent()
            assert frame.x0 <= left and right <= frame.x1 and frame.y0 <= min(b.y0 for b in drawn)
            # the map's scale from its drawn extent: the ground across the frame, at the bar's height, per point
            x0, x1 = ax.get_xlim()
            km_per_px = _ground_km(bar.y, x0, x1) / frame.width
            measured = (right - left) * km_per_px
            assert measured == pytest.approx(bar.km, rel=0.03), (width, period.period, measured, bar.km)
            marks = [t.get_text() for t in ax.texts if t.get_gid() == "scale-bar-label"]
            assert f"{bar.km:g}" in marks and "km" in marks
    finally:
        plt.close(fig)


def test_whole_country_period_maps_are_not_zoomed_and_draw_no_bar() -> None:
    drawing = draw(span_spec(40), "timeline")
    assert all(p.frame.scale_bar is None for p in drawing.record.periods)
    assert not any(p.get_gid() == "scale-bar" for p in drawing.record.periods[0].frame.axes.patches)
    plt.close(drawing.figure)


def test_the_caption_is_composed_once_and_written_as_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    from .randomdata import random_spec

    calls: list[int] = []
    compose = timeline_module.caption_text

    def counted(*args: object, **kwargs: object) -> str:
        calls.append(1)
        return compose(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_module, "caption_text", counted)
    drawing = draw(random_spec(3, 150), "timeline")  # grouped maps: the caption has a grouping note
    written = [t.get_text() for t in drawing.figure.texts if t.get_gid() == "source-line"]
    plt.close(drawing.figure)
    assert len(calls) == 1
    assert written == [drawing.record.caption]
    assert "one pie per" in drawing.record.caption


@cache
def crowded_spec(lang: str) -> MapSpec:
    """Fifty thousand records at ten towns over fifty years: counts of "1,000" a year and "50,000" in all."""
    years = np.random.default_rng(6).integers(1974, 2024, size=50_000)
    return _spec(_register(50_000, TOWNS, years, seed=6), lang, unit="clusters")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_axis_titles_and_counts_are_whole_with_thousands_separators(width: float, lang: str) -> None:
    drawing = draw(crowded_spec(lang), "timeline", width_mm=width)
    fig = drawing.figure
    try:
        fig.canvas.draw()
        panels = [ax for ax in fig.axes if ax.get_gid() != "period-map"]
        assert len(panels) == 2
        texts = [ax.yaxis.label for ax in panels] + [ax.xaxis.label for ax in panels if ax.xaxis.label.get_text()]
        counts = [t for ax in panels for t in ax.get_yticklabels() if t.get_text()]
        for t in [*texts, *counts]:
            box = t.get_window_extent()
            inside = box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height
            assert inside, (lang, width, t.get_text(), box)
            assert t.get_fontsize() >= 7
        for ax in panels:  # counts up a panel stand at least half a line apart
            boxes = sorted((t.get_window_extent() for t in ax.get_yticklabels() if t.get_text()), key=lambda b: b.y0)
            gaps = [(b.y0 - a.y1) * 72 / fig.dpi for a, b in itertools.pairwise(boxes)]
            assert len(boxes) >= 2 and min(gaps) >= 3.5, (lang, width, gaps)
        sep = "," if lang == "en" else "\u202f"
        big = [t.get_text() for t in counts if len(t.get_text().replace(sep, "")) >= 4]
        assert big and all(sep in text for text in big), (lang, [t.get_text() for t in counts])
    finally:
        plt.close(fig)
