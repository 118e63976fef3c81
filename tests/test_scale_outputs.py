"""Outputs of large tables: what grows with categories and places, not with rows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd

from clusteratlas import map_spec
from clusteratlas.profile import load_profile
from tests.conftest import geocode_cities

LEVERS = load_profile().lever_labels()


def test_levers_of_many_records_are_one_row_per_category_with_its_share_of_yes() -> None:
    from clusteratlas.mapspec import LEVER_ROWS_MAX
    from clusteratlas.static import figure

    n = LEVER_ROWS_MAX + 50
    rng = np.random.default_rng(3)
    values = np.asarray([True, False, None], dtype=object)
    geo = geocode_cities(
        *(["Rabat", "Fès"] * n)[:n],
        sector_group=list(rng.choice(["Energy", "Textile", "Digital"], n)),
        **{c: list(values[rng.integers(0, 3, n)]) for c in LEVERS},
    )
    geo["lever_rnd"] = pd.Series([None] * n, dtype=object)  # nothing known: said so, not 0%
    spec = map_spec(geo)
    fig = figure(spec, "levers")
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    sizes = geo["sector_group"].value_counts()
    assert sorted(rows) == sorted(f"{c} ({sizes[c]})" for c in sizes.index)
    cells = [t.get_text() for t in ax.texts]
    assert len(cells) == 3 * len(LEVERS)  # categories x levers, not records x levers
    first = rows[0].split(" (")[0]
    mine = geo[geo["sector_group"] == first]
    skills = mine["lever_skills"].astype("boolean")
    expected = f"{100 * skills.sum() / skills.notna().sum():.1f}%"
    column = list(LEVERS).index("lever_skills")
    assert cells[column] == expected
    assert cells[list(LEVERS).index("lever_rnd")] == "Unknown"


def test_the_reports_lever_lists_by_columns_equal_the_row_by_row_ones() -> None:
    from clusteratlas.reporting.sections import _lever_list, _lever_lists

    rng = np.random.default_rng(5)
    pool = np.asarray([True, False, None, np.nan, pd.NA, 1, 0, "yes", np.bool_(True)], dtype=object)
    cols = list(LEVERS)[:5]  # some lever columns missing
    frame = pd.DataFrame({c: pool[rng.integers(0, len(pool), 300)] for c in cols})
    frame["lever_governance"] = pd.array(rng.choice([True, False, None], 300), dtype="boolean")
    frame["name"] = "x"
    short = load_profile().lever_short()
    expected = [_lever_list(row, short) for _, row in frame.iterrows()]
    assert _lever_lists(frame, short) == expected
    assert len(set(expected)) > 20
    assert _lever_lists(frame[["name"]], short) == ["?"] * 300
