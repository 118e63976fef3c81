"""Random record tables drawn from the shipped gazetteer, for property tests and benchmarks."""

from __future__ import annotations

import warnings
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from clusteratlas._resources import data_path

if TYPE_CHECKING:
    from clusteratlas.mapspec import MapSpec

HOSTILE = [
    "$x^2$ cluster",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "Cluster\nwith\ttabs",
    "مجمع الصناعات",
    "A" * 100_000,
    "   ",
    "Très long nom de cluster industriel régional du Souss",
]
SECTORS = [f"Sector {c}" for c in "ABCDEFGHIJKLMN"]


def random_records(seed: int, n: int) -> pd.DataFrame:
    """Return ``n`` records at gazetteer places, weighted to big cities, with hostile names mixed in.

    Columns: name, city, lat, lon, sector, location_confidence, region. Half the rows give
    coordinates, half only the city; about 2% give only a region; 10% are of low confidence.
    """
    rng = np.random.default_rng(seed)
    places = pd.read_csv(data_path("geo", "places.csv"), dtype={"region_code": str})
    places = places[places["lat"].notna()].reset_index(drop=True)
    weight = np.sqrt(places["population"].clip(lower=100).to_numpy(dtype=float))
    pick = rng.choice(len(places), size=n, p=weight / weight.sum())
    chosen = places.iloc[pick].reset_index(drop=True)
    names = [f"{chosen['name'].iat[i]} cluster {i}" for i in range(n)]
    for j, bad in enumerate(HOSTILE):
        if j < n and rng.random() < 0.6:
            names[int(rng.integers(n))] = bad
    sectors = rng.choice(SECTORS[: int(rng.integers(1, len(SECTORS) + 1))], size=n)
    frame = pd.DataFrame(
        {
            "name": names,
            "city": chosen["name"],
            "lat": chosen["lat"].round(5),
            "lon": chosen["lon"].round(5),
            "sector": sectors,
            "location_confidence": np.where(rng.random(n) < 0.1, "low", "high"),
        }
    )
    by_city = rng.random(n) < 0.5  # half placed by the geocoder from the city name alone
    frame.loc[by_city, ["lat", "lon"]] = np.nan
    coarse = rng.random(n) < 0.02
    frame["region"] = np.where(coarse, chosen["region_code"], "")
    frame.loc[coarse, ["lat", "lon"]] = np.nan
    frame.loc[coarse, "city"] = ""
    return frame


@cache
def random_spec(seed: int, n: int, lang: str = "en", value: str = "count") -> MapSpec:
    """Return the map specification of :func:`random_records` (with creation years), geocoded quietly."""
    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        records = random_records(seed, n)
        records["year"] = np.random.default_rng(seed).integers(1975, 2024, size=n)
        geo = geocode(records)
    return map_spec(geo, data_label="random.csv", lang=lang, value=value)


def study_spec(lang: str = "en") -> MapSpec:
    """Return the map specification of the study's own table (``data/clusters.csv``), geocoded quietly."""
    from pathlib import Path

    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec
    from clusteratlas.records import read_records

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(read_records(Path(data_path("clusters.csv"))))
    return map_spec(geo, data_label="clusters.csv", lang=lang)
