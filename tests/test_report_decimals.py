"""Weighted sums keep the weight column's decimals: as many as its most precise cell, at most 6.

On tables we generate (random places, weights written with 0 to 7 decimals, French and
English cells), in every shares format and in the report: a sum of 12,5 MDH is never
rounded to a whole number, and no float noise (60912.68000000001) reaches a file.
"""

from __future__ import annotations

import csv
import io
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, shares
from clusteratlas._weights import DECIMALS_MAX, decimals_of
from clusteratlas.crosstab import crosstab
from clusteratlas.reporting import build_report
from clusteratlas.share_text import format_result

from .randomdata import random_records


def _table(seed: int, decimals: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Random records with a weight of ``decimals`` digits, written as French text cells."""
    rng = np.random.default_rng(seed)
    records = random_records(seed, 300)[["name", "city", "lat", "lon", "sector", "region"]]
    values = np.round(rng.uniform(0.5, 3000, size=len(records)), decimals)
    values[::5] = np.round(values[::5])  # whole numbers among them, as registers have
    text = [f"{v:.{decimals}f}".replace(".", ",") for v in values]
    records = records.assign(Investissement=text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(records), values


def _digits(value: float) -> int:
    """Digits after the decimal mark of a number as JSON or CSV writes it."""
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


@pytest.mark.parametrize(("seed", "decimals"), [(1, 1), (2, 2), (3, 3), (4, 0), (5, 6), (6, 7)])
def test_weighted_sums_keep_the_inputs_decimals(seed: int, decimals: int) -> None:
    geo, values = _table(seed, decimals)
    kept = min(decimals, DECIMALS_MAX)
    assert decimals_of(values) == kept
    for by in ("region", "sector"):
        result = shares(geo, by=by, weight="Investissement", per_capita=by == "region")
        assert result.weight_decimals == kept
        weights = result.table["weight"].to_numpy(dtype=float)
        assert np.isclose(weights.sum(), values.sum(), rtol=0, atol=len(weights) * 10.0**-kept)
        assert max(_digits(w) for w in weights) <= kept  # no float noise
        if kept:
            assert any(_digits(w) > 0 for w in weights)  # not rounded to whole numbers
        if by == "sector":
            truth = pd.Series(values, index=geo.index).groupby(geo["sector"].astype(str)).sum().round(kept)
            got = result.table.set_index("group")["weight"]
            truth = truth.reindex(got.index).sort_index()
            if not kept:  # whole weights sum to integers (CSV 2880, not 2880.0)
                truth = truth.astype("int64")
            pd.testing.assert_series_equal(got.sort_index(), truth, check_names=False)
        data = json.loads(format_result(result, "json"))
        assert [g["weight"] for g in data["groups"]] == [float(w) for w in weights]
        assert data["total_weight"] == round(values.sum(), kept)
        rows = list(csv.DictReader(io.StringIO(format_result(result, "csv"))))
        assert [float(r["weight"]) for r in rows] == [float(w) for w in weights]
        assert all(_digits(float(r["weight"])) <= kept for r in rows)
        shown = format_result(result, "table", lang="fr")
        first = f"{weights[0]:,.{max(2, kept) if kept else 0}f}".replace(",", "\u202f").replace(".", ",")
        assert first in shown  # the table shows the input's digits (two at least when any)


def test_cross_tables_and_the_report_keep_them_too() -> None:
    geo, _ = _table(11, 1)
    cells = crosstab(geo, by="region,sector", weight="Investissement")
    assert cells.weight_decimals == 1 and max(_digits(w) for w in cells.table["weight"]) <= 1
    assert cells.table["weight"].mod(1).gt(0).any()
    built = build_report(geo, figure=False, weight="Investissement", cross_by="sector", lang="fr")
    weighted = next(t for t in built.tables() if t.name == "by_region_weighted")
    column = weighted.display["Investissement"]
    assert column.str.contains(",").all() and column.str.endswith(tuple("0123456789")).all()
    assert weighted.raw["weight"].round(1).equals(weighted.raw["weight"])
