"""A weight's unit ("12,5 MDH") stays with its sums: tables, notes and cross-tables say "Investissement (MDH)"."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import shares
from clusteratlas.crosstab import crosstab
from clusteratlas.share_text import format_result


def _records(header: str, cells: list[str], n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(n)
    return pd.DataFrame(
        {
            "name": [f"firm {i}" for i in range(n)],
            "city": rng.choice(["Tanger", "Fès", "Casablanca"], n),
            "secteur": rng.choice(["Agro", "Auto"], n),
            header: rng.choice(np.asarray(cells, dtype=object), n),
        }
    )


@pytest.mark.parametrize(
    ("header", "cells", "title"),
    [
        ("Investissement", ["12,5 MDH", "3 MDH", "0,8 MDH"], "Investissement (MDH)"),
        ("Investissement (MDH)", ["12,5 MDH", "3 MDH"], "Investissement (MDH)"),  # said once
        ("Capital", ["MAD 1 200", "MAD 300"], "Capital (MAD)"),
        ("Effectif", ["2 880", "210"], "Effectif"),  # no unit, no parentheses
    ],
)
def test_weighted_tables_carry_the_weight_s_unit(header: str, cells: list[str], title: str) -> None:
    records = _records(header, cells)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = shares(records, by="region", weight=header)
        cross = crosstab(records, by=("region", "secteur"), weight=header)
    assert result.weight == title and cross.weight == title
    text = format_result(result, "table")
    assert f"shares of {title} (total" in text
    assert title in text.splitlines()[0]  # the column's heading
