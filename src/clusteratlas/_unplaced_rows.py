"""Our own rows after a geographic grouping's units: ``Province unknown`` and ``Unplaced``.

By province, a record placed in a region alone (a region column and no town) is in no
province but not unplaced: it has its own row, ``Province unknown``, before ``Unplaced``
(the records placed nowhere). Both rows come only when they hold records, with no population.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "FEW_RECORDS",
    "PROVINCE_UNKNOWN",
    "UNPLACED",
    "per_capita_columns",
    "region_only",
    "region_only_of",
    "with_unplaced",
]

UNPLACED = "Unplaced"
#: By province, the records placed in a region but in no province (a region column alone).
PROVINCE_UNKNOWN = "Province unknown"
#: Per-capita values and location quotients resting on fewer records than this are flagged.
FEW_RECORDS = 5


def per_capita_columns(
    units: pd.DataFrame, unplaced: int, unplaced_weight: float = 0.0, region_only: tuple[int, float] = (0, 0.0)
) -> pd.DataFrame:
    """Add population, per million, population share, location quotient and ``few_records`` to unit counts.

    ``units`` holds every geographic unit (``group``, ``code``, ``count``,
    ``population_2024``, and ``weight`` when weighted: per million and quotients are then
    of the weights); the ``Province unknown`` row (``region_only``: records and weight placed
    in a region alone) and the ``Unplaced`` row, when they hold records, are added after, with
    no population (and ``unplaced_weight``).
    """
    units = units.copy()
    measure = units["weight"] if "weight" in units else units["count"]
    placed = float(measure.sum())
    units["population_2024"] = units["population_2024"].astype("Int64")
    units["per_million"] = measure / units["population_2024"].astype(float) * 1e6
    units["population_share"] = units["population_2024"].astype(float) / float(units["population_2024"].sum())
    units["location_quotient"] = (measure / placed) / units["population_share"] if placed else np.nan
    units["few_records"] = units["count"] < FEW_RECORDS
    return with_unplaced(units, unplaced, per_capita=True, weight=unplaced_weight, region_only=region_only)


def with_unplaced(
    units: pd.DataFrame,
    unplaced: int,
    *,
    per_capita: bool,
    weight: float = 0.0,
    region_only: tuple[int, float] = (0, 0.0),
) -> pd.DataFrame:
    """Add the ``Province unknown`` row (``region_only``: records, weight) and the ``Unplaced`` row to units.

    Each row only when it holds records, with an empty code; ``weight`` is the unplaced
    records' weight, kept (with ``few_records``) when ``units`` is weighted. ``per_capita``:
    the units carry populations (the added rows get none).
    """
    rows = [(PROVINCE_UNKNOWN, *region_only), (UNPLACED, unplaced, weight)]
    rows = [r for r in rows if r[1]]
    if not rows:
        return units
    extra = pd.DataFrame({"group": [r[0] for r in rows], "code": "", "count": [r[1] for r in rows]})
    if "weight" in units:
        extra["weight"] = [float(r[2]) for r in rows]
        extra["few_records"] = extra["count"] < FEW_RECORDS
    units = pd.concat([units, extra.astype({"count": "int64"})], ignore_index=True)
    if per_capita:
        units["population_2024"] = units["population_2024"].astype("Int64")
        units["few_records"] = units["few_records"].astype("boolean")
    return units


def region_only(geo: pd.DataFrame, by: str, keys: pd.Series) -> np.ndarray:
    """Which records go to ``Province unknown``: by province, those placed in a region but in no province."""
    if by != "province":
        return np.zeros(len(geo), dtype=bool)
    return np.asarray((keys.isna() & geo["region_code"].notna()).to_numpy(dtype=bool))


def region_only_of(geo: pd.DataFrame, by: str, keys: pd.Series, weights: np.ndarray | None) -> tuple[int, float]:
    """By province, the records placed in a region but in no province (:func:`region_only`): how many, their weight."""
    alone = region_only(geo, by, keys)
    return int(alone.sum()), float(weights[alone].sum()) if weights is not None else 0.0
