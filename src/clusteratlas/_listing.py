"""How the geocoder's warnings list records: names cut to a width, reasons in brackets, conflicts.

Shared by :func:`clusteratlas.geocode`'s warnings and the engines that gather them over
chunks and partitions (:mod:`clusteratlas.stream`, :mod:`clusteratlas.engines._dask`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .records import row_numbers
from .schema import is_placed, row_label

__all__ = [
    "CONFLICTS_LISTED",
    "LABEL_WIDTH",
    "NOTE_WIDTH",
    "bracketed",
    "conflict_listing",
    "conflict_message",
    "placed_conflicts",
    "record_line",
    "shorten",
]

#: Records in conflict with their own region or province column the warning lists.
CONFLICTS_LISTED = 5
#: Longest name or city shown in a listing of unplaced records (warning, figure, report).
LABEL_WIDTH = 100
#: Longest note shown in the listing of conflicting records (a note names two places and where they lie).
NOTE_WIDTH = 200


def shorten(text: pd.Series, width: int = LABEL_WIDTH) -> pd.Series:
    """Cut texts longer than ``width`` characters at a word's end, ending them with "…".

    For labels and listings only: the records keep every name whole.

    Parameters
    ----------
    text : pandas.Series
        Strings (no missing values).
    width : int, default :data:`LABEL_WIDTH`
        Longest text kept whole, in characters ("…" included).

    Returns
    -------
    pandas.Series
    """
    long = text.str.len() > width
    if not long.any():
        return text
    cut = text.str.slice(0, width - 1)
    # At a word's end: the part of a word the cut left is dropped (a single long word is cut as it is).
    whole = cut.str.replace(r"[\s,;:(]+\S*$", "", regex=True)
    cut = cut.where(whole == "", whole)
    return text.where(~long, cut + "…")


def record_line(who: str, city: str, reason: str) -> str:
    """Return a record as a warning lists it: "name (city 'X': reason)", the reason's parentheses in brackets.

    Examples
    --------
    >>> record_line("Digipole", "", "no location given (no coordinates, city, province or region)")
    'Digipole (no location given [no coordinates, city, province or region])'
    >>> record_line("A", "Paris", "Paris (FR) is a place outside Morocco (GeoNames)")
    "A (city 'Paris': Paris [FR] is a place outside Morocco [GeoNames])"
    """
    return f"{who} ({f'city {city!r}: ' if city else ''}{bracketed(reason)})"


def bracketed(reason: str) -> str:
    """Return ``reason`` with its own parentheses as square brackets, as typographers set them within parentheses."""
    return str(reason).translate(_BRACKETS)


_BRACKETS = str.maketrans("()", "[]")


def placed_conflicts(frame: pd.DataFrame) -> np.ndarray:
    """Say which records are placed with status ``conflict`` (the region-conflict warning's records).

    A town cell whose places disagree across regions is ``conflict`` too but not placed: it
    is listed with the unplaced records, with its reason, not as a conflict whose place is kept.
    """
    clash: np.ndarray = frame["geocode_status"].eq("conflict").to_numpy(dtype=bool) & is_placed(frame)
    return clash


def conflict_listing(frame: pd.DataFrame, limit: int) -> list[str]:
    """Return the first ``limit`` records of a geocoded frame with status ``conflict``, as the warning lists them.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`geocode` (a whole table, a chunk or a partition: its ``attrs`` give the
        records' file rows).
    limit : int
        How many to list at most.

    Returns
    -------
    list of str
        "name (city 'X': the region column says …)", in row order; "row N" when a record
        has no name.
    """
    clash = np.flatnonzero(placed_conflicts(frame))[:limit]
    if not len(clash):
        return []
    label = row_label(frame)
    lines = row_numbers(frame, clash)
    blank = pd.Series("", index=frame.index[clash], dtype="string")
    city = shorten(frame["city"].iloc[clash].astype("string").fillna("") if "city" in frame else blank).tolist()
    said = shorten(frame["geocode_note"].iloc[clash].astype("string"), NOTE_WIDTH).tolist()
    names = shorten(frame["name"].iloc[clash].astype("string").fillna("")).tolist() if "name" in frame else []
    who = [n or f"{label} {r}" for n, r in zip(names or [""] * len(lines), lines, strict=True)]
    return [record_line(w, c, n) for w, c, n in zip(who, city, said, strict=True)]


def conflict_message(count: int, total: int, parts: list[str]) -> str:
    """Return the warning about ``count`` of ``total`` records in conflict, ``parts`` (:func:`conflict_listing`) listed.

    Parameters
    ----------
    count : int
        Records with status ``conflict`` in the whole table.
    total : int
        Records in the whole table.
    parts : list of str
        The first :data:`CONFLICTS_LISTED` of them, listed by :func:`conflict_listing`.

    Returns
    -------
    str
    """
    more = f"; and {count - len(parts)} more" if count > len(parts) else ""
    kinds, check, kept = _conflict_kinds(parts)
    return (
        f"{count} of {total} records {', or '.join(kinds)} (geocode_status 'conflict'{kept * (len(kinds) == 1)}): "
        f"{'; '.join(parts)}{more}. Check {' or '.join(dict.fromkeys(check))} of these rows."
    )


def _column_conflicts(parts: list[str], columns: list[str]) -> tuple[list[str], list[str], str]:
    """Return the conflicts with a region or province column: placed by the city (or the province column) elsewhere."""
    by_city = all(" (city '" in p for p in parts)  # else some were placed by their province column
    no_city = not any(" (city '" in p for p in parts)  # a file without a town column
    which = " or ".join(columns) or "region or province"
    placer = "city" if by_city else "province" if no_city else "city or province"
    check = ["the city"] * (not no_city) + [f"the {c} column" for c in (columns if by_city else ["province", *columns])]
    kept = "; the city's place is kept" if by_city else "; their place is kept"
    return [f"are placed by their {placer} outside the {which} their own column gives"], check, kept


def _conflict_kinds(parts: list[str]) -> tuple[list[str], list[str], str]:
    """Return what the listed conflicts are, what to check, and whose place is kept (one kind of conflict)."""
    listed = " ".join(parts)
    columns = [c for c in ("region", "province") if f"the {c} column says" in listed]
    texts = [w for w in ("town cell", "address") if f"the {w} names places that disagree" in listed]
    aliased = [c for c in ("region", "province") if f"' gives {c}" in listed]  # the alias, not a column, says
    kinds: list[str] = []
    check: list[str] = []
    kept = ""
    if columns or not (texts or aliased):
        kinds, check, kept = _column_conflicts(parts, columns)
    if aliased:
        kinds.append(f"are placed by their address outside the {' or '.join(aliased)} their town's alias gives")
        check += ["the town", "the address"]
        kept = "; the address's place is kept"
    if texts:
        kinds.append(f"name places that disagree in their {' or '.join(texts)}, placed at the region both lie in")
        check += [f"the {w}" for w in texts]
    return kinds, check, kept
