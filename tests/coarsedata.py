"""A register with about a fifth of its records placed only to their province, as registers are."""

from __future__ import annotations

import json
import warnings
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from clusteratlas._resources import data_path

from .randomdata import random_records

if TYPE_CHECKING:
    from clusteratlas.mapspec import MapSpec

__all__ = ["PROVINCE_SHARE", "province_register", "province_spec"]

#: The share of records given only their province's name (no town, no coordinates).
PROVINCE_SHARE = 0.22


def province_register(seed: int, n: int) -> pd.DataFrame:
    """Return :func:`tests.randomdata.random_records`, about :data:`PROVINCE_SHARE` of rows given only a province."""
    rng = np.random.default_rng(seed + 1000)
    frame = random_records(seed, n)
    features = json.loads(data_path("geo", "provinces_web.geojson").read_text(encoding="utf-8"))["features"]
    names = np.array([f["properties"]["province"] for f in features], dtype=object)
    only = rng.random(n) < PROVINCE_SHARE
    frame["province"] = np.where(only, names[rng.integers(0, len(names), size=n)], "")
    frame.loc[only, ["lat", "lon"]] = np.nan
    frame.loc[only, ["city", "region"]] = ""
    frame["year"] = rng.integers(1975, 2024, size=n)
    return frame


@cache
def province_spec(seed: int, n: int, lang: str = "en") -> MapSpec:
    """Return the map specification of :func:`province_register`, geocoded quietly."""
    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(province_register(seed, n))
    return map_spec(geo, data_label="register.csv", lang=lang)
