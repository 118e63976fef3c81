"""Point data crowded round one town: symbols stay by their places, and the key names a town once (issue 20).

Before, on a new user's sites (25 points within 5 km of Béni Mellal, drawn by their own
coordinates): the spread pushed symbols about 150 km away on leaders, and the key read
"13 Kénitra; 16 Kénitra; 17 Kénitra". Generated here: points scattered a few kilometres round
three towns, sized by a head count, read back from the figure's layer and key.
"""

from __future__ import annotations

import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas.mapspec import map_spec
from clusteratlas.static import draw

#: Town, latitude, longitude, points round it.
TOWNS = (("Béni Mellal", 32.3373, -6.3498, 25), ("Kénitra", 34.261, -6.5802, 6), ("Fès", 34.0331, -5.0003, 12))


def crowded_points(seed: int) -> pd.DataFrame:
    """Points within about 5 km of each town (its name in the city column), random sectors and head counts."""
    rng = np.random.default_rng(seed)
    rows = []
    for town, lat, lon, k in TOWNS:
        for i in range(k):
            dlat, dlon = rng.normal(0, 0.02, 2)
            rows.append((f"Site {town} {i}", town, lat + dlat, lon + dlon))
    table = pd.DataFrame(rows, columns=["name", "city", "lat", "lon"])
    table["secteur"] = rng.choice(["Agro", "Automobile", "Textile"], size=len(table))
    table["emplois"] = rng.integers(5, 800, size=len(table))
    return table


@pytest.mark.parametrize(("seed", "lang"), [(1, "fr"), (2, "en")])
def test_a_crowd_of_points_stays_by_its_town_and_is_keyed_once_a_town(seed: int, lang: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(crowded_points(seed))
        spec = map_spec(geo, data_label="sites.csv", lang=lang, color_by="secteur", size_by="emplois")
    drawing = draw(spec, "points", width_mm=174.0, south="frame")
    try:
        drawing.figure.canvas.draw()
        frame = drawing.record.main
        places = frame.layer.places
        ax = frame.axes
        moved = ax.transData.transform(places[["x", "y"]].to_numpy(dtype=float))
        true = ax.transData.transform(places[["x_true", "y_true"]].to_numpy(dtype=float))
        shift_pt = np.hypot(*(moved - true).T) * 72 / drawing.figure.dpi
        largest = float(np.max(frame.layer.radii))
        assert shift_pt.max() <= 2 * 1.25 * largest + 1.0, shift_pt.max()  # before: about 48 pt (150 km)
        texts = [re.sub(r"^[\d, ]+ ", "", line) for line in drawing.record.key]
        assert len(texts) == len(set(texts)), texts  # "13, 16, 17 Kénitra", never the town three times
        numbers = [int(k) for line in drawing.record.key for k in re.match(r"^[\d, ]+", line).group(0).split(",")]
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    finally:
        plt.close(drawing.figure)
