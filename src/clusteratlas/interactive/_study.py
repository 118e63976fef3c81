"""The study's lever columns, the one place the map knows them.

The study's seven ``lever_*`` columns are shown in the popups as a list of marks, not as
filters or table columns. They come from :mod:`clusteratlas.records` today; when the study
becomes a profile, only this module changes.
"""

from __future__ import annotations

import pandas as pd

from ..records import LEVER_SHORT, LEVERS

__all__ = ["is_lever", "lever_columns", "lever_labels"]


def is_lever(column: object) -> bool:
    """Say whether ``column`` is one of the study's lever columns.

    Parameters
    ----------
    column : object
        A column name.

    Returns
    -------
    bool
    """
    return column in LEVERS


def lever_columns(geo: pd.DataFrame) -> list[str]:
    """Return the study's lever columns the records have, in the study's order.

    Parameters
    ----------
    geo : pandas.DataFrame
        The records.

    Returns
    -------
    list of str
    """
    return [c for c in LEVERS if c in geo]


def lever_labels(columns: list[str]) -> list[list[str]]:
    """Return ``[column, short label]`` for each lever column, as the popups list them.

    Parameters
    ----------
    columns : list of str
        From :func:`lever_columns`.

    Returns
    -------
    list
    """
    return [[c, LEVER_SHORT[c]] for c in columns]
