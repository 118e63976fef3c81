"""Weights: a column of the records read as numbers, so that shares can be of its sum.

A weight is read as :func:`~clusteratlas.records.parse_numbers` reads numbers (``2 880``,
``12,5 MDH``). A cell that is no number is an error naming its rows; an empty cell is an
error too, unless the user says what it counts for (:data:`MISSING_WEIGHTS`): never a
silent zero.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"Effectif": ["2 880", "12,5", ""]})
>>> w = read_weights(frame, "Effectif", missing="zero")
>>> w.values.tolist(), w.keep.tolist(), w.missing
([2880.0, 12.5, 0.0], [True, True, True], 1)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .errors import InputError
from .records import describe_values, parse_numbers
from .registry import Registry

__all__ = [
    "DECIMALS_MAX",
    "MISSING_WEIGHTS",
    "Weights",
    "decimals_of",
    "read_weights",
    "rounded_sums",
    "rounded_total",
    "with_unit",
]

#: The most digits after the decimal mark a weight keeps: sums keep as many as the column's most
#: precise cell (12,5 MDH: one; 152,48: two), at most this many.
DECIMALS_MAX = 6

#: What an empty weight counts for: ``missing_weight`` (``--missing-weight``).
MISSING_WEIGHTS: Registry[str] = Registry("missing-weight rule", "missing_weight")
MISSING_WEIGHTS.add("error", "error", "refuse records without a weight, naming their rows")
MISSING_WEIGHTS.add("zero", "zero", "count them with a weight of 0 (their records still count)")
MISSING_WEIGHTS.add("skip", "skip", "leave them out of every count and share (their number is reported)")


class Weights(NamedTuple):
    """A weight column read as numbers.

    Attributes
    ----------
    values : numpy.ndarray
        One float per record, never NaN (a missing weight is 0 under ``zero`` and ``skip``).
    keep : numpy.ndarray
        One boolean per record: false for those ``skip`` leaves out.
    missing : int
        How many records had no weight.
    unit : str or None
        The unit the column's numbers share (``MDH``), if any.
    decimals : int
        Digits after the decimal mark of the column's most precise cell, at most
        :data:`DECIMALS_MAX` (:func:`decimals_of`): the sums of these weights keep as many.
    """

    values: np.ndarray
    keep: np.ndarray
    missing: int
    unit: str | None
    decimals: int = 0


def with_unit(title: str, unit: str | None) -> str:
    """Return a weight's title with the unit its cells share: "Investissement (MDH)"; as it is without one.

    Examples
    --------
    >>> with_unit("Investissement", "MDH"), with_unit("Investissement (MDH)", "MDH"), with_unit("Effectif", None)
    ('Investissement (MDH)', 'Investissement (MDH)', 'Effectif')
    """
    if not unit or unit.casefold() in title.casefold():
        return title
    return f"{title} ({unit})"


def decimals_of(values: np.ndarray) -> int:
    """Return how many digits after the decimal mark the most precise of ``values`` has, at most :data:`DECIMALS_MAX`.

    A value's digits are those it keeps when rounded (to a millionth of a millionth of its
    size: the float's own noise is no digit); missing values are left out.

    Examples
    --------
    >>> decimals_of(np.array([12.5, 3.0, np.nan])), decimals_of(np.array([152.48, 60912.6]))
    (1, 2)
    >>> decimals_of(np.array([2.0])), decimals_of(np.array([3064873.0001]))
    (0, 4)
    >>> decimals_of(np.array([1 / 3]))
    6
    """
    v = values[np.isfinite(values)]
    tolerance = np.maximum(1.0, np.abs(v)) * 1e-12
    for d in range(DECIMALS_MAX):
        if np.all(np.abs(np.round(v, d) - v) <= tolerance):
            return d
    return DECIMALS_MAX


def read_weights(records: pd.DataFrame, column: str, *, missing: str = "error") -> Weights:
    """Read ``records[column]`` as non-negative numbers, one weight per record.

    Parameters
    ----------
    records : pandas.DataFrame
        The records, with their provenance (messages name the file's rows).
    column : str
        The weight column, as named in ``records``.
    missing : {"error", "zero", "skip"}, default "error"
        What an empty cell (or ``-``, ``n/a``) counts for; see :data:`MISSING_WEIGHTS`.

    Returns
    -------
    Weights

    Raises
    ------
    InputError
        For a cell that is no number, a negative number, or (with ``missing="error"``) an
        empty cell: the message names the rows and values and how to fix them.
    """
    rule = MISSING_WEIGHTS.get(missing)
    numbers = parse_numbers(
        records[column],
        column=column,
        table=records,
        unknown="empty it (or write n.d.) if unknown and say what it counts for with `missing_weight` zero or skip",
    )
    values = numbers.values.to_numpy(dtype=float, copy=True)
    empty = np.isnan(values)
    negative = np.flatnonzero(values < 0)
    if len(negative):
        where = describe_values(records, column, (negative, "below zero"))
        msg = f"{where}; a weight counts something (employees, investment): write 0 or more."
        raise InputError(msg)
    if empty.any() and rule == "error":
        where = describe_values(records, column, (np.flatnonzero(empty), "no weight"))
        msg = (
            f"{where}; fill these cells, or say what they count for with `missing_weight` zero "
            "(a weight of 0) or skip (leave the records out)."
        )
        raise InputError(msg)
    values[empty] = 0.0
    keep = ~empty if rule == "skip" else np.ones(len(values), dtype=bool)
    return Weights(values, keep, int(empty.sum()), numbers.unit, decimals_of(values[~empty]))


def rounded_sums(sums: pd.Series, decimals: int) -> pd.Series:
    """Return sums of weights rounded to the input's digits; integers when every weight was a whole number.

    Examples
    --------
    >>> rounded_sums(pd.Series([2880.0, 12.0]), 0).tolist(), rounded_sums(pd.Series([2.25]), 1).tolist()
    ([2880, 12], [2.2])
    """
    out = sums.round(decimals)
    if decimals:
        return out
    return out.astype("Int64") if out.isna().any() else out.astype("int64")


def rounded_total(total: float, decimals: int) -> float | int:
    """Return a total of weights rounded to the input's digits: an ``int`` when every weight was a whole number.

    Examples
    --------
    >>> rounded_total(3486807.0, 0), rounded_total(60912.63, 1)
    (3486807, 60912.6)
    """
    return round(total, decimals) if decimals else round(total)
