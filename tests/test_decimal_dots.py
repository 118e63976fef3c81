"""``1.250`` beside a decimal dot: read as 1.25, and said, with the rows, never silently."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas.errors import AmbiguousNumberWarning
from clusteratlas.records import parse_numbers


def _read(cells: list[str]) -> tuple[list[float], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = parse_numbers(pd.Series(cells, dtype="str"), column="Effectif").values
    said = [str(w.message) for w in caught if issubclass(w.category, AmbiguousNumberWarning)]
    return values.tolist(), said


def test_lone_dot_beside_a_decimal_dot_is_said_with_its_row() -> None:
    values, said = _read(["1.250", "12.5", "2 880"])
    assert values == [1.25, 12.5, 2880.0]
    assert len(said) == 1
    assert "row 2 ('1.250')" in said[0] and "'12.5'" in said[0] and "1250 or 1 250" in said[0]


@pytest.mark.parametrize(
    "cells",
    [["1.250", "2 880"], ["1.250", "1.234.567"], ["1.250", "5,4"], ["12.5", "3.25"], ["1250", "12"], ["", "-"]],
)
def test_no_warning_when_nothing_is_read_two_ways(cells: list[str]) -> None:
    _, said = _read(cells)
    assert said == []


def test_every_ambiguous_row_counted_on_a_large_column() -> None:
    rng = np.random.default_rng(5)
    cells = rng.choice(["1.250", "12.5", "300", "2.880", "1 000"], size=20_000)
    values, said = _read(list(cells))
    lone = int(np.isin(cells, ["1.250", "2.880"]).sum())
    assert len(said) == 1 and f"and {lone - 3} more" in said[0]
    assert sum(v in (1.25, 2.88) for v in values) == lone


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1,250", "300", "2 880"], [1250.0, 300.0, 2880.0]),  # an English register's thousands comma
        (["1,250", "2,300"], [1250.0, 2300.0]),
        (["1,250", "3.5"], [1250.0, 3.5]),  # a decimal dot elsewhere: commas separate thousands
        (["1,234,567", "1,250"], [1234567.0, 1250.0]),
        (["12,5", "3"], [12.5, 3.0]),  # not a lone comma: a decimal one
        (["1 234,5", "7"], [1234.5, 7.0]),
    ],
)
def test_lone_comma_before_three_digits_separates_thousands(cells: list[str], expected: list[float]) -> None:
    values, said = _read(cells)
    assert values == expected
    assert said == []


@pytest.mark.parametrize("other", ["5,4", "0,5", "1 234,5", "1.234,5", "12,75"])
def test_lone_comma_beside_a_decimal_comma_is_said_with_its_row(other: str) -> None:
    values, said = _read([other, "1,250"])
    assert values[1] == 1.25
    assert len(said) == 1
    assert "row 3 ('1,250')" in said[0] and "decimal comma" in said[0] and f"{other!r}" in said[0]


def test_coordinates_keep_decimal_commas() -> None:
    from clusteratlas.records.numeric import read_numbers

    values, bad, _ = read_numbers(pd.Series(["35,123", "-5,125"]), dots="decimal", units=False)
    assert values.tolist() == [35.123, -5.125] and not len(bad)


def test_a_column_of_three_decimals_after_a_comma_is_read_so_without_a_word() -> None:
    values, said = _read(["2403,923", "710,813", "5,125"])
    assert values == [2403.923, 710.813, 5.125]
    assert said == []
