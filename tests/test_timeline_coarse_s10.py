"""A timeline's density maps leave the records placed only at a province or region out of their hexagons.

They are hatched squares on each period map, as on the points map, and the key says how
many (the caption did until session 12); before, they were counted into the hexagons at their
province's centre, unmarked.
"""

from __future__ import annotations

import warnings
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from clusteratlas import geocode, map_spec
from clusteratlas.mapspec import DENSITY_PLACES, MapSpec, place_count
from clusteratlas.static import draw
from clusteratlas.static._timeline_maps import period_counts
from clusteratlas.static.timeline import _fitted

from .mapdata import _bench


@cache
def _spec() -> MapSpec:
    records = _bench()(2_000, seed=10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the register's typos and non-places
        return map_spec(geocode(records), data_label="registre.csv", lang="fr")


def test_period_maps_draw_coarse_records_as_squares_not_hexagons() -> None:
    spec = _spec()
    assert place_count(spec.points) > DENSITY_PLACES  # the period maps are densities
    assert int(spec.points["coarse"].sum()) > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        drawing = draw(spec, "timeline", width_mm=174)
    try:
        maps = [m.frame.axes for m in drawing.record.periods]
        squares = [c for ax in maps for c in ax.collections if c.get_gid() == "coarse-place"]
        assert squares, "no hatched square on the period maps"
        assert sum(len(c.get_paths()) for c in squares) > 0
        hexagons = [c for ax in maps for c in ax.collections if c.get_gid() == "density"]
        counted = sum(int(np.nansum(c.get_array())) for c in hexagons)
        fine = [len(sel) - int(sel["coarse"].sum()) for sel in _period_points(spec, drawing)]
        assert counted == sum(fine), "the hexagons count only the records placed at a point"
        coarse = sum(int(sel["coarse"].sum()) for sel in _period_points(spec, drawing))
        shown = f"{coarse} fiches placées seulement à leur province ou à leur région"
        keys = [leg for leg in drawing.figure.legends if leg.get_gid() == "legend-squares"]  # the key says it (s12)
        (text,) = [t.get_text() for leg in keys for t in leg.get_texts()]
        assert shown in text.replace("\u202f", "").replace("\u00a0", " ").replace("\n", " ")
    finally:
        plt.close(drawing.figure)


def _period_points(spec: MapSpec, drawing: object) -> list[pd.DataFrame]:
    """Each period's placed records, as the timeline selected them."""
    fitted = _fitted(spec, None)
    return [sel for sel, _ in period_counts(spec, fitted.bounds, fitted.labels)]
