"""When not every place can be named, the places with the most records are named first (issue 20).

Before: on a 40-place register, "Meknes: 120 records" and "Nador: 45 records" were only numbers
while Larache, Ifrane, Azrou (one record each) carried names: a busy place had no short label
to fall back on (only "Meknes: 120 records" and that on two lines), and numbers never went far.
Read back from the figure's text artists on :mod:`tests.placesdata`'s register (40 real places,
600 records down to one) at double-column width, once as is and once five times larger.
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas import geocode
from clusteratlas.mapspec import map_spec
from clusteratlas.static import draw
from clusteratlas.static._places import place_layer

from .placesdata import places_records


def _records_of_labels(record) -> tuple[list[int], list[int]]:
    """Records at each named place and at each numbered one, from the axes' text artists."""
    named, numbered = [], []
    for frame in record.frames():
        if frame.layer is None:
            continue
        places = frame.layer.places
        by_artist = {id(label.artist): label for label in frame.labels}
        for text in frame.axes.texts:
            if text.get_gid() != "cluster-label" or id(text) not in by_artist:
                continue
            x, y = by_artist[id(text)].anchor
            at = np.flatnonzero((places["x"].to_numpy() == x) & (places["y"].to_numpy() == y))
            n = int(places["n"].iat[int(at[0])])
            (numbered if text.get_text().isdigit() else named).append(n)
    return named, numbered


@pytest.mark.parametrize(("scale", "lang"), [(1, "fr"), (5, "en")])
def test_the_busiest_places_are_named_before_one_record_towns(scale: int, lang: str) -> None:
    """Before: 16 records (scale 1) and 80 (scale 5) numbered while one-record towns were named."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(places_records(40, scale)), data_label="places40.csv", lang=lang)
    drawing = draw(spec, "points", width_mm=174.0, south="frame")
    try:
        drawing.figure.canvas.draw()
        named, numbered = _records_of_labels(drawing.record)
        assert min(named) == 1  # one-record towns are named …
        busiest = sorted(named + numbered, reverse=True)[:10]
        assert max(numbered, default=0) < busiest[-1]  # … and none of the ten busiest places is only a number
    finally:
        plt.close(drawing.figure)


def test_a_busy_place_can_fall_back_on_its_name_alone() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(places_records(40, 1)), data_label="places40.csv")
    layer = place_layer(spec, spec.points, detailed=False)
    busiest = int(np.argmax(layer.places["n"].to_numpy()))
    assert layer.options[busiest][0] == "Casablanca: 600 clusters"  # map_spec's default unit (session 11: its word)
    assert layer.options[busiest][-1] == "Casablanca"
