"""The static figures as a journal prints them: true stated scales, type sizes, files and metadata."""

from __future__ import annotations

import re
import warnings
from functools import cache

import pandas as pd
import pytest

from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw

from .randomdata import random_records


@cache
def _random_spec(seed: int, n: int, lang: str = "en") -> MapSpec:
    from clusteratlas import geocode

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_records(seed, n))
    return map_spec(geo, data_label="random.csv", lang=lang)


def _study_spec(geocoded: pd.DataFrame, lang: str = "en") -> MapSpec:
    return map_spec(geocoded, data_label="clusters.csv", lang=lang, unit="clusters")


def _south(fig):  # noqa: ANN001, ANN202
    main = next(ax for ax in fig.axes if ax.get_gid() == "map")
    return next(ax for ax in main.child_axes if ax.get_gid() == "south-inset")


@pytest.mark.parametrize(("source", "kind", "width_mm"), [
    ("study", "combined", 174.0),
    ("study", "choropleth", 84.0),
    ("random", "points", 174.0),
    ("random", "points", 120.0),
])
def test_inset_states_the_scale_it_is_drawn_at(geocoded: pd.DataFrame, source: str, kind: str, width_mm: float) -> None:
    spec = _study_spec(geocoded) if source == "study" else _random_spec(3, 150)
    drawing = draw(spec, kind, width_mm=width_mm, south="inset")
    fig = drawing.figure
    fig.canvas.draw()  # the final layout, as saved
    inset = _south(fig)
    title = next(t for t in inset.texts if t.get_gid() == "inset-title").get_text()
    stated = int(re.search(r"1:([\d,]+)", title).group(1).replace(",", ""))
    x0, x1 = inset.get_xlim()
    y0, y1 = inset.get_ylim()
    extent = inset.get_window_extent()
    width_m = extent.width / fig.dpi * 0.0254
    height_m = extent.height / fig.dpi * 0.0254
    drawn = (x1 - x0) / width_m
    assert abs(stated - drawn) / drawn < 0.05, (title, drawn)
    assert abs((y1 - y0) / height_m - drawn) / drawn < 0.01  # equal scale both ways: nothing shrank it
    bar = next(f.scale_bar for f in drawing.record.insets if f.name == "south-inset")
    (bx0, _), (bx1, _) = inset.transData.transform([(bar.x0, bar.y), (bar.x1, bar.y)])
    bar_mm = (bx1 - bx0) / fig.dpi * 25.4
    assert bar_mm == pytest.approx(bar.km * 1e6 / stated, rel=0.06)  # the bar agrees with the stated scale
