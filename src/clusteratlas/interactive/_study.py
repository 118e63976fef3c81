"""The profile's lever columns, the one place the map reads them.

A profile's yes/no ``lever`` columns are shown in the popups as a list of marks, not as
filters or table columns. Which columns they are and their labels come from the spec's
profile (:func:`clusteratlas.profile.levers_of`); this module names none of them.
"""

from __future__ import annotations

from ..mapspec import MapSpec
from ..profile import levers_of

__all__ = ["is_lever", "lever_columns", "lever_labels"]


def is_lever(spec: MapSpec, column: object) -> bool:
    """Say whether ``column`` is one of the profile's lever columns.

    Parameters
    ----------
    spec : MapSpec
        Its profile (else the default one) names the levers.
    column : object
        A column name.

    Returns
    -------
    bool
    """
    return any(lever.column == column for lever in levers_of(spec.profile))


def lever_columns(spec: MapSpec) -> list[str]:
    """Return the profile's lever columns the records have, in the profile's order.

    Parameters
    ----------
    spec : MapSpec
        Its records and its profile.

    Returns
    -------
    list of str
    """
    return [lever.column for lever in levers_of(spec.profile) if lever.column in spec.records]


def lever_labels(spec: MapSpec, columns: list[str]) -> list[list[str]]:
    """Return ``[column, short label]`` for each lever column, in the page's language, as the popups list them.

    Parameters
    ----------
    spec : MapSpec
        Its profile and language.
    columns : list of str
        From :func:`lever_columns`.

    Returns
    -------
    list
    """
    short = {lever.column: lever.short[spec.lang] for lever in levers_of(spec.profile)}
    return [[c, short[c]] for c in columns]
