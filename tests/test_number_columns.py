"""A register's number columns, written as people write them ("2 880", "n.d.", "12,5 MDH"), are no categories."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, map_spec
from clusteratlas.aggregate import is_category
from clusteratlas.interactive._columns import filter_columns
from clusteratlas.reporting.sections import category_columns

WRITTEN = {
    "spaces and unknowns": ["2 880", "n.d.", "1.200", "210", "nd", "1\u00a0250", "NC", ""],
    "a unit": ["12,5 MDH", "3 MDH", "n.d.", "0,8 MDH", "", "140 MDH"],
    "percent": ["45 %", "12,5 %", "n/a", "3 %"],
}


@pytest.mark.parametrize("name", sorted(WRITTEN))
@pytest.mark.parametrize("n", [8, 60, 5000])
def test_number_columns_as_registers_write_them_are_no_categories(name: str, n: int) -> None:
    rng = np.random.default_rng(n)
    cells = pd.Series(rng.choice(np.asarray(WRITTEN[name], dtype=object), n), dtype=object)
    assert not is_category(cells)
    assert not is_category(cells.astype("str"))


@pytest.mark.parametrize(
    "cells",
    [
        ["Agro", "Auto", "Agro", "n.d."],  # words with an unknown: a category
        ["2010-2015", "2016-2020", "2010-2015"],  # periods
        ["A1", "B2", "A1"],  # codes of letters and digits
        ["n.d.", "nd", "n.d."],  # only unknowns: no number to measure
        ["oui", "non", "oui"],
        ["Lot 1", "Lot 2", "Lot 1"],  # a word every cell carries that is no unit: labels
    ],
)
def test_words_codes_and_periods_stay_categories(cells: list[str]) -> None:
    assert is_category(pd.Series(cells * 3, dtype=object))


def test_a_register_report_tabulates_its_sector_not_its_employees(tmp_path: Path) -> None:
    n = 40
    rng = np.random.default_rng(1)
    records = pd.DataFrame(
        {
            "name": [f"firm {i}" for i in range(n)],
            "city": rng.choice(["Tanger", "Fès", "Casablanca"], n),
            "secteur": rng.choice(["Agro", "Auto", "Textile"], n),
            "effectif": rng.choice(["2 880", "n.d.", "1.200", "210", "nd"], n),
            "investissement": rng.choice(["12,5 MDH", "3 MDH", "n.d."], n),
            "statut": rng.choice(["SA", "SARL"], n),
        }
    )
    assert category_columns(records) == ["secteur", "statut"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(records))
    assert filter_columns(spec) == ["statut"]  # the HTML map's filters (the sector colours the points)
