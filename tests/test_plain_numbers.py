"""Plain-number columns read in C give exactly what the general reading of numbers gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from clusteratlas.records import numeric
from clusteratlas.records.numeric import read_numbers

PLAIN = st.one_of(
    st.just(""),
    st.from_regex(r"-?[0-9]{1,4}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,3}\.[0-9]{1,6}", fullmatch=True),
    st.from_regex(r"-?[1-9][0-9]{0,2}\.[0-9]{3}", fullmatch=True),  # "2.880": thousands or decimal
    st.sampled_from(["0", "-0", "007", "35.76727", "-5.79975", "0.000", "2.880", "1.000"]),
)


def _general(values: pd.Series, dots: numeric.Dots) -> tuple[pd.Series, np.ndarray, str | None]:
    saved = numeric._plain
    numeric._plain = lambda cells, dots: None  # type: ignore[assignment]
    try:
        return read_numbers(values, dots=dots)
    finally:
        numeric._plain = saved


@settings(max_examples=300, deadline=None, derandomize=True)
@given(cells=st.lists(PLAIN, min_size=1, max_size=12), dots=st.sampled_from(["thousands", "decimal"]))
def test_plain_cells_read_as_the_general_reading_reads_them(cells: list[str], dots: numeric.Dots) -> None:
    values = pd.Series(cells, dtype=object)
    fast, bad, unit = read_numbers(values, dots=dots)
    slow, slow_bad, slow_unit = _general(values, dots)
    assert np.array_equal(fast.to_numpy(), slow.to_numpy(), equal_nan=True)
    assert np.array_equal(np.signbit(fast.to_numpy()), np.signbit(slow.to_numpy()))
    assert list(bad) == list(slow_bad) and unit == slow_unit


def test_a_column_with_one_cell_not_plain_takes_the_general_reading() -> None:
    values = pd.Series(["1", "2 880", "3,5", "n/a", None], dtype=object)
    got, bad, _ = read_numbers(values)
    assert got.tolist()[:3] == [1.0, 2880.0, 3.5] and np.isnan(got.iloc[3]) and len(bad) == 0


def test_coordinates_read_in_c_keep_every_digit() -> None:
    values = pd.Series(["35.76727", "-5.79975", "", "31.47443"], dtype=object)
    got, bad, _ = read_numbers(values, dots="decimal")
    assert got.tolist()[:2] == [35.76727, -5.79975] and np.isnan(got.iloc[2]) and len(bad) == 0
