"""QGIS draws the GeoPackage's records as the figures draw their places: area in the ratio of the records.

The records layer's style (QML) sizes each record by an expression: the records at its
point summed (QGIS's ``sum(…, group_by := geom_to_wkt($geometry))``), the largest place at
the figure's largest radius. Evaluated here on the written layer, every place's diameter is
the figure's symbol (``draw(spec, "points")``), and areas are in the ratio of the counts.
"""

from __future__ import annotations

import re
import sqlite3
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest

from clusteratlas import geocode
from clusteratlas._styles import write_styled_gpkg
from clusteratlas.mapspec import MapOptions, map_spec
from clusteratlas.static import draw

from .randomdata import random_records

SIZE = re.compile(
    r"2 \* max\((?P<max>[\d.]+) \* sqrt\(sum\((?P<value>.+), group_by := geom_to_wkt\(\$geometry\)\) "
    r"/ (?P<top>[\d.e+]+)\), (?P<min>[\d.]+)\)"
)


def _size_expression(path: Path) -> re.Match[str]:
    with sqlite3.connect(path) as con:
        qml = con.execute("SELECT styleQML FROM layer_styles ORDER BY id").fetchone()[0]
    root = ET.fromstring(qml.split("\n", 1)[1])
    found = [SIZE.fullmatch(str(o.get("value"))) for o in root.iter("Option") if o.get("name") == "expression"]
    matches = [m for m in found if m]
    assert matches and len({m.group(0) for m in matches}) == 1  # one expression, on every category's symbol
    return matches[0]


@pytest.mark.parametrize(("seed", "n"), [(5, 120), (12, 300)])
def test_qml_sizes_are_the_figures_and_proportional_to_counts(tmp_path: Path, seed: int, n: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_records(seed, n))
    path = write_styled_gpkg(geo, tmp_path / "r.gpkg", layer="r", options=MapOptions(unit="records"))
    match = _size_expression(path)
    assert match["value"] == "1"
    layer = pyogrio.read_dataframe(path, layer="r")
    counts = layer.geometry.to_wkt().value_counts().to_numpy(dtype=float)  # records at each point, as QGIS groups
    top, max_pt, min_pt = float(match["top"]), float(match["max"]), float(match["min"])
    diameters = 2 * np.maximum(max_pt * np.sqrt(counts / top), min_pt)
    assert counts.max() == top
    big = diameters > 2 * min_pt + 1e-9
    ratio = diameters[big] ** 2 / counts[big]
    assert big.sum() >= 3 and np.ptp(ratio) / ratio.mean() < 1e-3  # area proportional to records
    drawing = draw(map_spec(geo, unit="records"), "points")
    if drawing.record.density is not None:  # hexagons: no symbols to compare with
        assert n > 150
        return
    places = drawing.record.main.layer
    assert places is not None
    figure = dict(zip(places.places["n"].astype(int), 2 * places.radii, strict=False))
    qgis = dict(zip(counts.astype(int), diameters, strict=False))
    for count, diameter in figure.items():
        assert qgis[count] == pytest.approx(diameter, rel=0.01), count  # the figure's symbol for as many records


def test_size_by_sums_the_values_at_a_place(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"name": ["a", "b", "c", "d"], "city": ["Fès", "Fès", "Safi", "Taza"], "surface": [10.0, 30.0, 20.0, 0.0]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    path = write_styled_gpkg(geo, tmp_path / "s.gpkg", layer="s", options=MapOptions(unit="records", size_by="surface"))
    match = _size_expression(path)
    assert 'to_real("surface")' in match["value"] and match["value"].endswith("/ 20")  # one record's worth: the mean
    assert float(match["top"]) == pytest.approx(2.0)  # Fès: (10 + 30) / 20
