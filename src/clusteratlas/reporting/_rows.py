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
from .._notes import note_parts, translate_note
from ..geocode import unrecognised_address
from ..presentation import one, texts
from ..records import row_numbers

__all__ = [
    "ROWS_LISTED",
    "duplicates_text",
    "left_out_text",
    "note_heads",
    "row_word",
    "rows_text",
    "said_otherwise",
    "unplaced_rows",
]

#: Notes of records that name no place at all: "(no place given)" says it.
_NO_PLACE = r"no place name given|no location given"

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


def said_otherwise(bad: pd.DataFrame) -> np.ndarray:
    """Say which records not placed have no town cell, no unrecognised address, and yet a place their note names.

    Those are not "(no place given)": their address (or their columns) named places that
    disagree, and their note says so.
    """
    notes = bad["geocode_note"].astype("string").fillna("") if "geocode_note" in bad else pd.Series("", index=bad.index)
    city = bad["city"].astype("string").fillna("").str.strip() if "city" in bad else pd.Series("", index=bad.index)
    unnamed = city.eq("") & unrecognised_address(notes).eq("")
    said = unnamed & notes.ne("") & ~notes.str.contains(_NO_PLACE, regex=True)
    return np.asarray(said.to_numpy(dtype=bool), dtype=bool)


def note_heads(notes: pd.Series, lang: str, *, whole: bool = False) -> pd.Series:
    """Return what each note says first, in ``lang``: its first part without its fields.

    ("the address names places that disagree"). With ``whole``, the whole note in ``lang``.
    Each distinct note is read once.
    """
    codes, uniques = pd.factorize(notes.astype("string").fillna(""))
    words = texts("notes", lang)
    heads = []
    for note in uniques:
        parts = note_parts(str(note))
        key = parts[0][0] if parts else ""
        head = "" if whole or not key else words.get(key, "").split("{")[0].rstrip(" :\u00a0\u202f")
        heads.append(head or translate_note(str(note), lang))
    return pd.Series(np.array(heads, dtype=object)[codes], index=notes.index, dtype=object)
