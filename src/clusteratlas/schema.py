"""The geocoded table's schema: its columns, what makes a record placed, and its provenance.

Every stage after reading works on one table: the user's columns, in their order, then
:data:`GEOCODE_COLUMNS`. What a table knows about where it came from (the file, the
user's headers, how its rows are numbered) travels in :attr:`pandas.DataFrame.attrs`; the
accessors here are the only code that reads or writes those keys, so no stage spells
them out.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"name": ["A", "B"], "region_code": ["R1", None]})
>>> is_placed(t).tolist()
[True, False]
>>> count_placed(t)
1
>>> set_provenance(t, source="firms.csv", headers={"name": "Raison sociale"})
>>> source(t), header(t, "name"), header(t, "region_code")
('firms.csv', 'Raison sociale', 'region_code')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "GEOCODE_COLUMNS",
    "PLACED_COLUMN",
    "copy_provenance",
    "count_placed",
    "duplicates",
    "header",
    "header_list",
    "headers",
    "is_placed",
    "is_prepared",
    "json_value",
    "left_out",
    "placed",
    "row_jumps",
    "row_label",
    "row_offset",
    "set_provenance",
    "source",
    "unplaced",
]

#: Columns geocoding adds to the user's (``lat`` and ``lon`` are overwritten when present).
GEOCODE_COLUMNS = [
    "lat",
    "lon",
    "region_code",
    "region",
    "province_code",
    "province",
    "geocode_status",
    "geocode_precision",
    "geocode_match",
    "geocode_score",
    "geocode_note",
]
#: The column whose presence means a record is placed: a record is on the map when it
#: has a region, whatever its precision.
PLACED_COLUMN = "region_code"

#: What a table's ``attrs`` say when nothing set them.
_DEFAULTS: dict[str, Any] = {
    "source": "<records>",
    "headers": {},
    "row_offset": 2,
    "row_label": "row",
    "row_jumps": (),
    "prepared": False,
    "left_out": (),
    "duplicates": (0, ()),
}


def is_placed(table: pd.DataFrame) -> np.ndarray:
    """Say, for each record, whether geocoding placed it (it has a region).

    Parameters
    ----------
    table : pandas.DataFrame
        A geocoded table.

    Returns
    -------
    numpy.ndarray
        Booleans, one per row, in order.
    """
    return np.asarray(table[PLACED_COLUMN].notna().to_numpy(), dtype=bool)


def count_placed(table: pd.DataFrame) -> int:
    """Count the placed records of a geocoded table."""
    return int(is_placed(table).sum())


def placed(table: pd.DataFrame) -> pd.DataFrame:
    """Return the placed records of a geocoded table, in order."""
    return table[is_placed(table)]


def unplaced(table: pd.DataFrame) -> pd.DataFrame:
    """Return the records of a geocoded table that geocoding did not place, in order."""
    return table[~is_placed(table)]


def source(table: pd.DataFrame) -> str:
    """Return the file the table was read from, or ``"<records>"``."""
    return str(table.attrs.get("source", _DEFAULTS["source"]))


def headers(table: pd.DataFrame) -> dict[str, str]:
    """Return the user's header of each renamed column (our name → the file's header)."""
    return dict(table.attrs.get("headers") or {})


def header(table: pd.DataFrame, column: str) -> str:
    """Return the header the user wrote for ``column`` (``column`` itself when not renamed)."""
    return str(headers(table).get(column, column))


def header_list(table: pd.DataFrame) -> str:
    """Return the table's own columns as the user's file heads them, for messages ("Company, City, Sector").

    The columns geocoding adds are left out; a column read under our name (``name``) is
    given by its header (``Company``).
    """
    given = headers(table)
    return ", ".join(str(given.get(c, c)) for c in table.columns if c not in GEOCODE_COLUMNS)


def row_offset(table: pd.DataFrame) -> int:
    """Return the file line (or record number) of the table's first row."""
    return int(table.attrs.get("row_offset", _DEFAULTS["row_offset"]))


def row_label(table: pd.DataFrame) -> str:
    """Return what a row is called in messages: ``"row"``, ``"record"`` or ``"feature"``."""
    return str(table.attrs.get("row_label", _DEFAULTS["row_label"]))


def row_jumps(table: pd.DataFrame) -> tuple[tuple[int, int], ...]:
    """Return where row numbers jump (position, lines skipped), for files with blank or extra lines."""
    return tuple((int(p), int(n)) for p, n in (table.attrs.get("row_jumps") or ()))


def left_out(table: pd.DataFrame) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Return the rows reading left out as totals, not records: each one's file row and its first cells."""
    return tuple((int(r), tuple(str(c) for c in cells)) for r, cells in (table.attrs.get("left_out") or ()))


def duplicates(table: pd.DataFrame) -> tuple[int, tuple[tuple[int, int], ...]]:
    """Return how many records repeat an earlier one exactly, and the first (file row, row it repeats) pairs."""
    count, pairs = table.attrs.get("duplicates") or (0, ())
    return int(count), tuple((int(r), int(o)) for r, o in pairs)


def is_prepared(table: pd.DataFrame) -> bool:
    """Say whether the table's headers were already renamed to our vocabulary."""
    return bool(table.attrs.get("prepared", False))


def set_provenance(table: pd.DataFrame, **values: Any) -> None:
    """Record where a table came from, in place.

    Parameters
    ----------
    table : pandas.DataFrame
    **values
        Any of ``source``, ``headers``, ``row_offset``, ``row_label``, ``row_jumps``,
        ``prepared``, ``left_out``, ``duplicates``.

    Raises
    ------
    KeyError
        For a key that is not one of the above (a programming error, not a user's).
    """
    unknown = sorted(set(values) - set(_DEFAULTS))
    if unknown:
        msg = f"set_provenance: unknown keys {unknown}; use {sorted(_DEFAULTS)}"
        raise KeyError(msg)
    table.attrs.update(values)


def copy_provenance(target: pd.DataFrame, origin: Mapping[str, Any] | pd.DataFrame) -> None:
    """Give ``target`` the provenance of ``origin`` (a table or its ``attrs``), in place."""
    attrs = origin.attrs if isinstance(origin, pd.DataFrame) else origin
    target.attrs.update({k: v for k, v in attrs.items() if k in _DEFAULTS})


def json_value(value: Any) -> Any:
    """Return a pandas/numpy cell as a plain JSON value: missing and NaN become None."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    return value
