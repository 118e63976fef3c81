"""Rows of the user's file in the report: where each record not placed is, and the totals rows left out.

Every input row is either placed, listed as not placed with its reason and its row in the
user's file (the spreadsheet row, the line an editor shows), or named as left out (a totals
row, with what its first cells said). The row numbers are those of
:func:`clusteratlas.records.row_numbers`, as every warning gives them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from ..presentation import one
from ..records import row_numbers

__all__ = ["ROWS_LISTED", "duplicates_text", "left_out_text", "row_word", "rows_text", "unplaced_rows"]

#: How many rows a group of records not placed names before "…".
ROWS_LISTED = 5


def row_word(t: dict[str, str], table: pd.DataFrame) -> str:
    """Return what the report calls a row of the user's file ("row", "ligne"; "feature" for geodata)."""
    label = schema.row_label(table)
    return t.get(f"label_{label}", label)


def unplaced_rows(table: pd.DataFrame) -> pd.Series:
    """Return the file row of each record not placed, indexed like them (in order)."""
    bad = np.flatnonzero(~schema.is_placed(table))
    return pd.Series(row_numbers(table, bad), index=table.index[bad], dtype="int64")


def rows_text(t: dict[str, str], label: str, rows: list[int]) -> str:
    """Say a group's rows: "rows 5, 9, 17, …" (the first :data:`ROWS_LISTED`), "row 5"."""
    shown = ", ".join(str(r) for r in rows[:ROWS_LISTED]) + (", …" if len(rows) > ROWS_LISTED else "")
    return t["unplaced_rows_one" if len(rows) == 1 else "unplaced_rows"].format(label=label, rows=shown)


def left_out_text(t: dict[str, str], table: pd.DataFrame) -> str | None:
    """Say which rows reading left out as totals, with their first cells (``None`` when none was)."""
    rows = schema.left_out(table)
    if not rows:
        return None
    label = row_word(t, table)
    said = "; ".join(
        t["left_out_row"].format(label=label, row=r, cells=", ".join(f"'{c}'" for c in cells)) for r, cells in rows
    )
    return t["left_out_one" if one(len(rows), "en") else "left_out"].format(rows=said)


def duplicates_text(t: dict[str, str], table: pd.DataFrame) -> str | None:
    """Say how many records repeat an earlier one exactly, the first with the row each repeats (``None`` if none)."""
    count, pairs = schema.duplicates(table)
    if not count:
        return None
    label = row_word(t, table)
    said = ", ".join(t["duplicate_row"].format(label=label, row=r, of=o) for r, o in pairs)
    more = t["duplicates_more"].format(n=count - len(pairs)) if count > len(pairs) else ""
    return t["duplicates_one" if count == 1 else "duplicates"].format(n=count, rows=said + more)
