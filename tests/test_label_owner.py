"""A name stands nearer its own symbol than any other symbol, or has a leader to it (issue 20).

Read back from the figure's artists: every label drawn without a leader, its text's extent
on the canvas, and every symbol of its frame (where drawn, and its radius). Distances run
from a symbol's edge to the label's middle line, where the eye joins a text to a symbol.
Before: in the southern inset "Boujdour: 4 records" stood against Laâyoune's pie, nearer it
than Boujdour's own dot.
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas._resources import data_path
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw
from clusteratlas.static.drawing import Frame, MapRecord

from .randomdata import random_spec

#: A symbol's reach beyond its radius, as the label engine counts it (a diamond's corners).
REACH = 1.25


def south_spec(seed: int, lang: str = "en") -> MapSpec:
    """Records at random places of the southern regions only: one busy place, a few small ones."""
    rng = np.random.default_rng(seed)
    places = pd.read_csv(data_path("geo", "places.csv"), dtype={"region_code": str})
    south = places[(places["lat"] < 29.0) & places["lat"].notna()].reset_index(drop=True)
    pick = south.iloc[rng.choice(len(south), size=min(9, len(south)), replace=False)]
    counts = np.maximum(1, (rng.pareto(1.2, len(pick)) * 8).astype(int))
    rows = pick.loc[pick.index.repeat(counts)].reset_index(drop=True)
    table = pd.DataFrame(
        {
            "name": [f"Firm {i}" for i in range(len(rows))],
            "city": rows["name"],
            "sector": rng.choice(["A", "B", "C", "D", "E"], size=len(rows)),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return map_spec(geocode(table), data_label="south.csv", lang=lang)


def reviewers_south() -> MapSpec:
    """The shape of the reviewer's table: a 60-record pie at Laâyoune, 4 records at Boujdour just south-west."""
    counts = {"Laâyoune": 60, "Boujdour": 4, "Smara": 3, "Dakhla": 35, "Lagouira": 1, "Guelmim": 22, "Sidi Ifni": 2}
    rows = [city for city, k in counts.items() for _ in range(k)]
    sectors = [("A", "B", "C", "D", "E", "F")[i % 6] for i in range(len(rows))]
    table = pd.DataFrame({"name": [f"F{i}" for i in range(len(rows))], "city": rows, "sector": sectors})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return map_spec(geocode(table), data_label="south.csv")


def wrong_symbol(frame: Frame) -> list[str]:
    """Return the names of ``frame`` drawn without a leader that stand nearer another symbol than their own."""
    if frame.layer is None or not frame.labels:
        return []
    ax = frame.axes
    px = ax.figure.dpi / 72
    places = frame.layer.places
    xy = ax.transData.transform(places[["x", "y"]].to_numpy(dtype=float))
    radii = np.asarray(frame.layer.radii, dtype=float) * px * REACH
    bad = []
    for label in frame.labels:
        if label.leader is not None or not label.artist.get_visible() or label.text.isdigit():
            continue
        b = label.artist.get_window_extent()
        ym = (b.y0 + b.y1) / 2
        gap = np.hypot(xy[:, 0] - np.clip(xy[:, 0], b.x0, b.x1), xy[:, 1] - ym) - radii
        own = int(np.argmin(np.hypot(*(xy - ax.transData.transform(label.anchor)).T)))
        others = np.delete(gap, own)
        if len(others) and others.min() <= gap[own]:
            bad.append(f"{label.text!r} on {frame.name}: own {gap[own]:.1f} px, another {others.min():.1f} px")
    return bad


def labels_at_wrong_symbols(record: MapRecord) -> list[str]:
    """Every label of the figure, on every frame, set against a symbol not its own."""
    return [line for frame in record.frames() for line in wrong_symbol(frame)]


def test_boujdour_stands_by_its_dot_not_by_laayounes_pie() -> None:
    """Before: "Boujdour: 4 records" 11.8 px from Laâyoune's pie, 12.9 px from its own dot."""
    drawing = draw(reviewers_south(), "points", width_mm=174.0, south="inset")
    try:
        drawing.figure.canvas.draw()
        names = [label.text.split(":")[0] for frame in drawing.record.frames() for label in frame.labels]
        assert "Boujdour" in names or any("Boujdour" in line for line in drawing.record.key)  # named, or keyed
        assert labels_at_wrong_symbols(drawing.record) == []
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(
    ("seed", "south", "lang"), [(5, "inset", "en"), (1, "inset", "en"), (2, "inset", "fr"), (3, "frame", "en")]
)
def test_a_southern_name_stands_by_its_own_symbol(seed: int, south: str, lang: str) -> None:
    """Seed 5, before: "Bir Ghandouz" 5.1 px from another symbol, 6.8 px from its own."""
    drawing = draw(south_spec(seed, lang), "points", width_mm=174.0, south=south)
    try:
        drawing.figure.canvas.draw()
        assert sum(len(f.labels) for f in drawing.record.frames()) > 0
        assert labels_at_wrong_symbols(drawing.record) == []
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(
    ("seed", "n", "width", "south"), [(4, 40, 174.0, "inset"), (5, 120, 120.0, "frame"), (6, 60, 84.0, "inset")]
)
def test_every_name_of_a_random_table_stands_by_its_own_symbol(seed: int, n: int, width: float, south: str) -> None:
    drawing = draw(random_spec(seed, n), "points", width_mm=width, south=south)
    try:
        drawing.figure.canvas.draw()
        assert sum(len(f.labels) for f in drawing.record.frames()) > 0
        assert labels_at_wrong_symbols(drawing.record) == []
    finally:
        plt.close(drawing.figure)
