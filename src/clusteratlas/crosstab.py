"""Cross-tables: records (or a weight) by region, province or zone and a column, with specialisation.

Each cell of a cross-table holds the records of one group (a region) and one category of a
column (a sector), or the sum of their weights, with three shares and a location quotient:

- ``share``: the cell's part of every record (or of the weights' total);
- ``row_share``: its part of the group (the category's share in the region);
- ``column_share``: its part of the category (the region's share of the sector);
- ``location_quotient``: ``row_share`` divided by the category's share of every record,
  the specialisation cluster observatories publish (1: as in the whole table; 2: twice as
  concentrated in this region).

The denominators are every record, as in :func:`clusteratlas.shares`: records that could not
be placed form an ``Unplaced`` row, records without a category an ``Unknown`` column. It is
computed in one pass of integer codes (:func:`numpy.bincount`), with no loop over rows.

Examples
--------
>>> import pandas as pd
>>> from clusteratlas.geography import admin_table
>>> one, two = admin_table("region")["region_code"][:2]
>>> frame = pd.DataFrame({"region_code": [two, two, one, one], "geocode_status": "matched",
...                       "sector": ["Auto", "Agro", "Auto", "Auto"]})
>>> cells = crosstab(frame, by="region,sector").table
>>> first = cells[cells["code"] == one]
>>> first["category"].tolist(), first["count"].tolist(), first["location_quotient"].round(2).tolist()
(['Auto', 'Agro'], [2, 0], [1.33, 0.0])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._unplaced_rows import region_only
from ._weights import Weights, rounded_sums, rounded_total, with_unit
from .aggregate import (
    FEW_RECORDS,
    GEOGRAPHIC,
    PROVINCE_UNKNOWN,
    UNPLACED,
    Zones,
    column_values,
    geographic_keys,
    ordered_groups,
    resolve_column,
    weights_of,
)
from .errors import InputError
from .options import GeocodeOptions, geocoded
from .records import keep_rows
from .schema import header, json_value

__all__ = ["CROSSTAB_COLUMNS", "CrossTable", "crosstab", "split_by"]

#: Columns of a cross-table, in order (``weight`` only when weighted).
CROSSTAB_COLUMNS = (
    "group",
    "code",
    "category",
    "count",
    "weight",
    "share",
    "row_share",
    "column_share",
    "location_quotient",
    "few_records",
)


@dataclass(frozen=True)
class CrossTable:
    """Records (or weights) by a geographic grouping and a column: one row per cell.

    Attributes
    ----------
    by : str
        ``region``, ``province`` or ``zone``.
    column : str
        The category column, as the file's header names it.
    total : int
        Records counted (the denominator of unweighted shares).
    table : pandas.DataFrame
        One row per (group, category) cell, groups in code order then ``Unplaced``,
        categories by decreasing total then ``Unknown``: the columns of
        :data:`CROSSTAB_COLUMNS`. ``few_records`` is true where the cell holds fewer than
        :data:`~clusteratlas.aggregate.FEW_RECORDS` records: its shares and quotient are fragile.
    categories : tuple of str
        The categories, in the table's order.
    weight : str or None
        The weight column's header, or ``None`` when records are counted.
    total_weight : float or None
        The weights' sum (the denominator of weighted shares).
    skipped : int
        Records left out for want of a weight (``missing_weight="skip"``).
    """

    by: str
    column: str
    total: int
    table: pd.DataFrame = field(repr=False)
    categories: tuple[str, ...]
    weight: str | None = None
    total_weight: float | int | None = None
    skipped: int = 0
    weight_decimals: int = 0

    def to_dict(self) -> dict[str, object]:
        """Return the cross-table as plain JSON values: its heading fields and ``cells``."""
        cells = [{k: json_value(v) for k, v in row.items()} for row in self.table.to_dict(orient="records")]
        head: dict[str, object] = {"by": self.by, "column": self.column, "total": self.total}
        if self.weight is not None:
            head |= {"weight": self.weight, "total_weight": json_value(self.total_weight), "skipped": self.skipped}
        return head | {"categories": list(self.categories), "cells": cells}

    def category(self, name: str) -> pd.DataFrame:
        """Return one category's cells (``group``, ``code``, ``count``, shares, quotient, ``few_records``).

        Raises
        ------
        InputError
            If ``name`` is not a category of the table; the message lists them.
        """
        if name not in self.categories:
            values = ", ".join(self.categories)
            msg = f"`category`: {name!r} is not a value of column {self.column!r}; use one of: {values}."
            raise InputError(msg)
        return self.table[self.table["category"] == name].reset_index(drop=True)


def split_by(by: str | tuple[str, str]) -> tuple[str, str] | None:
    """Return ``(grouping, column)`` for a cross-table's ``by`` (``"region,Secteur"``); ``None`` for one grouping.

    Raises
    ------
    InputError
        If ``by`` has more than two parts or its first is not region, province or zone.
    """
    parts = [p.strip() for p in by] if isinstance(by, tuple) else [p.strip() for p in by.split(",")]
    if len(parts) == 1:
        return None
    if len(parts) != 2 or parts[0] not in GEOGRAPHIC or not parts[1]:
        msg = f"`by`: {', '.join(parts)!r} is not a cross-table; write region,COLUMN, province,COLUMN or zone,COLUMN."
        raise InputError(msg)
    return parts[0], parts[1]


def crosstab(
    records: pd.DataFrame,
    *,
    by: str | tuple[str, str] = ("region", "sector"),
    zones: Zones | str | Path | None = None,
    weight: str | None = None,
    missing_weight: str = "error",
    geocode: bool | GeocodeOptions = True,
) -> CrossTable:
    """Cross records (or a weight) by region, province or zone and a column; add shares and location quotients.

    Parameters
    ----------
    records : pandas.DataFrame
        Records, geocoded or not (see ``geocode`` in :func:`clusteratlas.shares`).
    by : str or tuple of (str, str), default ("region", "sector")
        ``"region,Secteur"`` or ``("region", "Secteur")``: a geographic grouping (region,
        province or zone) and a column, named as the file's header or as ``records`` does.
    zones : Zones, str or Path, optional
        The zones of ``by="zone,…"``.
    weight, missing_weight
        As for :func:`clusteratlas.shares`: each cell then sums the weight column.
    geocode : bool or GeocodeOptions, default True
        As for :func:`clusteratlas.shares`.

    Returns
    -------
    CrossTable

    Raises
    ------
    InputError
        For a ``by`` that is not a grouping and a column, a column that does not exist, or a
        bad weight (see :func:`clusteratlas.shares`).
    """
    split = split_by(by)
    if split is None:
        msg = f"`by`: a cross-table needs a grouping and a column (region,COLUMN), not {by!r}."
        raise InputError(msg)
    grouping, column = split
    w: Weights | None = None
    if weight is not None:
        weight_column, w = weights_of(records, weight, missing_weight)
        if not w.keep.all():
            records = keep_rows(records, w.keep)
    values, numeric = column_values(records, column)  # a wrong column is refused before geocoding
    geo = geocoded(records, geocode, needed=True)
    values = pd.Series(values.to_numpy(), index=geo.index)
    cells = _cells(geo, grouping, zones, values, numeric, None if w is None else w.values[w.keep])
    named = header(geo, resolve_column(geo, column))
    categories = tuple(dict.fromkeys(cells["category"]))
    if w is None:
        return CrossTable(grouping, named, len(geo), cells, categories)
    total_weight = rounded_total(float(w.values[w.keep].sum()), w.decimals)
    cells["weight"] = rounded_sums(cells["weight"], w.decimals)  # the input's digits; whole weights sum to integers
    weight_name = with_unit(header(geo, weight_column), w.unit)  # "Investissement (MDH)"
    skipped = int((~w.keep).sum())
    return CrossTable(grouping, named, len(geo), cells, categories, weight_name, total_weight, skipped, w.decimals)


def _cells(
    geo: pd.DataFrame,
    by: str,
    zones: Zones | str | Path | None,
    values: pd.Series,
    numeric: bool,
    weights: np.ndarray | None,
) -> pd.DataFrame:
    """Count (and weigh) every (group, category) cell; return the long table with its shares."""
    units, keys = geographic_keys(geo, by, zones)
    rows = pd.Index(units["key"]).get_indexer(keys.astype(object).where(keys.notna(), None))
    rows = np.where(rows < 0, len(units) + 1, rows)  # unplaced records: after the units and Province unknown
    rows[region_only(geo, by, keys)] = len(units)  # placed in a region alone: Province unknown, after the units
    codes, uniques = pd.factorize(values)
    measure_by_value = np.bincount(codes, weights=weights, minlength=len(uniques))
    by_value = pd.Series(measure_by_value, index=pd.Index(uniques, dtype=object))
    order = ordered_groups(by_value, numeric=numeric, measure="count" if weights is None else "weight")
    ranks = np.empty(len(uniques), dtype=np.int64)
    ranks[pd.Index(uniques, dtype=object).get_indexer(order["group"])] = np.arange(len(uniques))
    n_rows, n_cats = len(units) + 2, len(uniques)
    cell = rows.astype(np.int64) * n_cats + ranks[codes]
    counts = np.bincount(cell, minlength=n_rows * n_cats)
    groups = [*units["group"], PROVINCE_UNKNOWN, UNPLACED]
    table = pd.DataFrame(
        {
            "group": np.repeat(np.array(groups, dtype=object), n_cats),
            "code": np.repeat(np.array([*units["code"], "", ""], dtype=object), n_cats),
            "category": np.tile(order["group"].to_numpy(dtype=object), n_rows),
            "count": counts.astype("int64"),
        }
    )
    if weights is not None:
        table["weight"] = np.bincount(cell, weights=weights, minlength=n_rows * n_cats)
    ours = counts[-2 * n_cats :].reshape(2, n_cats).any(axis=1)
    kept = np.repeat(np.r_[np.ones(len(units), dtype=bool), ours], n_cats)
    table = table[kept]  # Province unknown and Unplaced only when they hold records
    return _shares(table, n_cats)


def _shares(table: pd.DataFrame, n_cats: int) -> pd.DataFrame:
    """Add the shares, location quotients and ``few_records`` of a long cross-table (``n_cats`` cells per group)."""
    measure = (table["weight"] if "weight" in table else table["count"]).to_numpy(dtype=float)
    grid = measure.reshape(-1, n_cats)
    grand = grid.sum()
    row_total = np.repeat(grid.sum(axis=1), n_cats)
    col_total = np.tile(grid.sum(axis=0), grid.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        table["share"] = measure / grand if grand else np.nan
        table["row_share"] = np.where(row_total > 0, measure / row_total, np.nan)
        table["column_share"] = np.where(col_total > 0, measure / col_total, np.nan)
        national = col_total / grand if grand else np.full(len(measure), np.nan)
        table["location_quotient"] = np.where(national > 0, table["row_share"] / national, np.nan)
    table["few_records"] = table["count"] < FEW_RECORDS
    return table[[c for c in CROSSTAB_COLUMNS if c in table]].reset_index(drop=True)
