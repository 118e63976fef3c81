"""Tables and figure readers for the inset tests: places from the whole gazetteer, the north-east and the south.

:func:`east_south_spec` draws a table of 40 real places with uneven counts, among them the
north-east (Oujda, Nador, Berkane, Taourirt, Driouch, Guercif) and the south (Laâyoune,
Dakhla, Smara), where a reviewer found an inset drawn over eight places. The readers take
what a figure drew from its own artists.
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from clusteratlas._resources import data_path

from .placesdata import places_records

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from clusteratlas.mapspec import MapSpec

__all__ = ["NORTH_EAST", "SHAPES", "east_south_spec", "frames", "inset_axes", "places40_spec", "symbol_centres"]

#: Places of the north-east that an inset at the upper right covered.
NORTH_EAST = ("Oujda", "Nador", "Berkane", "Taourirt", "Driouch", "Guercif")
#: The symbols' gids.
SHAPES = ("place-certain", "place-uncertain", "place-coarse")


@cache
def east_south_spec(seed: int, lang: str = "en", scale: int = 1) -> MapSpec:
    """Return the spec of 40 gazetteer places: the north-east, the south and 31 more drawn at random, uneven counts."""
    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec

    rng = np.random.default_rng(seed)
    places = pd.read_csv(data_path("geo", "places.csv"), dtype={"region_code": str})
    places = places[places["lat"].notna() & (places["kind"] == "city")].drop_duplicates("name")
    fixed = [*NORTH_EAST, "Laayoune", "Dakhla", "Smara", "Casablanca", "Rabat", "Salé"]
    chosen = places[places["name"].isin(fixed)]
    rest = places[~places["name"].isin(fixed)]
    chosen = pd.concat([chosen, rest.iloc[rng.choice(len(rest), size=40 - len(chosen), replace=False)]])
    counts = np.maximum(1, (rng.pareto(1.2, size=len(chosen)) * 8 * scale).astype(int))
    rows = chosen.loc[chosen.index.repeat(counts)].reset_index(drop=True)
    records = pd.DataFrame(
        {
            "name": [f"Firm {i}" for i in range(len(rows))],
            "city": rows["name"],
            "lat": rows["lat"],
            "lon": rows["lon"],
            "sector": rng.choice([f"Sector {c}" for c in "ABCDEF"], size=len(rows)),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(records)
    return map_spec(geo, data_label="east_south.csv", lang=lang)


@cache
def places40_spec(scale: int) -> MapSpec:
    """The 40-place register of tests/placesdata.py (``scale`` times its records), geocoded."""
    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(places_records(40, scale).rename(columns={"Ville": "city", "Secteur": "sector"}))
    return map_spec(geo, data_label="places40.csv", lang="en")


def frames(fig: Figure) -> list[Any]:
    """Every map frame of a figure: the main axes and their insets."""
    return [a for top in fig.axes for a in (top, *top.child_axes)]


def inset_axes(fig: Figure) -> list[Any]:
    """The figure's inset axes (``south-inset``, ``detail-inset``)."""
    return [a for a in frames(fig) if a.get_gid() in ("south-inset", "detail-inset")]


def symbol_centres(ax: Any, renderer: Any) -> np.ndarray:
    """Display centres ``(n, 2)`` of the symbols drawn on ``ax`` (their patches' extents)."""
    boxes = [p.get_window_extent(renderer) for p in ax.patches if p.get_gid() in SHAPES]
    if not boxes:
        return np.zeros((0, 2))
    return np.array([((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2) for b in boxes])
