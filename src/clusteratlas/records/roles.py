"""Columns the user chooses, and columns that look like places but are not read.

``--city-column``, ``--province-column``, ``--region-column`` (and ``--name-column``) choose
a column by its header (:func:`chosen_columns`); a column whose header names a place or a
postal code but that no role reads ("Wilaya", "Ville du siège" beside "Ville", "Code
postal") is said: in one warning (:func:`say_unread`), or in the notes of the records that
give only a postal code (:func:`note_postal_codes`), so that no row is reported "no location
given" without a word about it.
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from .. import schema
from ..gazetteer import normalize_name
from .vocabulary import LOCATION_COLUMNS, ROLE_OPTIONS, address_column, canonical_column

__all__ = [
    "PLACE_WORDS",
    "POSTAL_HEADERS",
    "POSTAL_IN_TOWN",
    "chosen_columns",
    "note_postal_codes",
    "place_hint",
    "postal_column",
    "say_unread",
]

log = logging.getLogger("clusteratlas")

#: Words of a header that say it holds a place, and the column it would be (compared by
#: normalize_name, word by word): a column so headed that no role reads is said.
PLACE_WORDS: dict[str, str] = {
    "ville": "city",
    "city": "city",
    "town": "city",
    "localite": "city",
    "locality": "city",
    "commune": "city",
    "municipalite": "city",
    "municipality": "city",
    "province": "province",
    "prefecture": "province",
    "wilaya": "province",
    "cercle": "province",
    "region": "region",
}
#: Headers of a postal-code column (compared by normalize_name): never read as a place (no
#: postal-code table ships), said when records have no other location.
POSTAL_HEADERS: tuple[str, ...] = (
    "code postal",
    "cp",
    "c.p.",
    "postal code",
    "postcode",
    "post code",
    "zip",
    "zip code",
    "codepostal",
)
_POSTAL_KEYS = frozenset(normalize_name(h) for h in POSTAL_HEADERS)
_WORDS = re.compile(r"[^\w]+|_")


def chosen_columns(
    *, name: str | None = None, city: str | None = None, province: str | None = None, region: str | None = None
) -> dict[str, str]:
    """Return our column -> the header the user chose for it, for the choices made.

    Examples
    --------
    >>> chosen_columns(name="Raison sociale", city="Ville du siège")
    {'name': 'Raison sociale', 'city': 'Ville du siège'}
    """
    given = {"name": name, "city": city, "province": province, "region": region}
    return {role: header for role, header in given.items() if header is not None}


def postal_column(columns: list[object]) -> object | None:
    """Return the first column headed as postal codes (:data:`POSTAL_HEADERS`, whole or by a part), or ``None``."""
    for c in columns:
        text = str(c).strip()
        if normalize_name(text) in _POSTAL_KEYS or any(normalize_name(p) in _POSTAL_KEYS for p in _parts(text)):
            return c
    return None


def _parts(text: str) -> list[str]:
    """Return the parts of a header split at ``/`` and brackets."""
    return [p for p in re.split(r"[/|()]", text) if p.strip()]


def _place_word(header: str) -> str | None:
    """Return the column a header's words say it is (:data:`PLACE_WORDS`), or ``None``."""
    for word in _WORDS.split(header):
        role = PLACE_WORDS.get(normalize_name(word))
        if role is not None:
            return role
    return None


def place_hint(columns: list[object]) -> str:
    """Say which columns look like places by their words (:data:`PLACE_WORDS`), for a "no location column" error.

    Examples
    --------
    >>> place_hint(["N°", "Wilaya", "Secteur"])
    "'Wilaya' looks like a province column (`province_column`)"
    """
    said = [
        f"{str(c)!r} looks like a {role} column (`{ROLE_OPTIONS[role]}`)"
        for c in columns
        if (role := _place_word(str(c))) is not None
    ]
    return ", ".join(said)


def say_unread(frame: pd.DataFrame) -> None:
    """Warn once about the columns of prepared records that look like places but that no role reads.

    A column whose header holds a place word (:data:`PLACE_WORDS`: "Wilaya", "Ville du
    siège" beside "Ville") is named with the column that is read instead, if any, and the
    option that would choose it. A postal-code column (:func:`postal_column`) is not said
    here: the notes of the records it alone locates name its codes (:func:`note_postal_codes`).

    Parameters
    ----------
    frame : pandas.DataFrame
        Prepared records (:func:`~clusteratlas.records.prepare_records`), with their headers.
    """
    given = schema.headers(frame)
    address = address_column(list(frame.columns))
    postal = postal_column(list(frame.columns))
    said: list[str] = []  # our words (the command line rewords `city_column`), the headers in ``args``
    args: list[object] = [schema.source(frame)]
    for column in frame.columns:
        if column in LOCATION_COLUMNS or column in given or column in (address, postal):
            continue
        role = _place_word(str(column))
        if role is None or canonical_column(column) not in (None, role):
            continue
        read = f"the {role} is read from %r" if role in given else f"no column is read as the {role}"
        said.append(
            f"column %r looks like a {role} column but is not read ({read}); choose it with `{ROLE_OPTIONS[role]}`"
        )
        args.extend([str(column), *([str(given[role])] if role in given else [])])
    if said:
        log.warning("%s: " + "; ".join(said) + ".", *args)


#: The note of a record whose town cell is a postal code (five digits) and that nothing else places.
POSTAL_IN_TOWN = "a postal code, not a place: write the town"
#: The note of a record that gives no location, but a postal code in a postal-code column.
_NO_LOCATION = "no location given (no coordinates, city, province or region)"


def note_postal_codes(out: pd.DataFrame) -> pd.DataFrame:
    """Say in the notes of unplaced records that a postal code is not a place (``out`` changed, and returned).

    A town cell of five digits ("20250") is a postal code, not a place: its note says so
    instead of the gazetteer's closest names; a record with no location but a postal code in
    a postal-code column (:func:`postal_column`) has that code named in its note. No
    postal-code table ships, so neither is placed.

    Parameters
    ----------
    out : pandas.DataFrame
        Geocoded records (``geocode_status``, ``geocode_note``), with their other columns.

    Returns
    -------
    pandas.DataFrame
        ``out``.
    """
    unplaced = out["geocode_status"].eq("unresolved").to_numpy(dtype=bool, na_value=False)
    if not unplaced.any():
        return out
    rows = np.flatnonzero(unplaced)  # only the unplaced rows are read: a register's are few
    note = out["geocode_note"].iloc[rows].to_numpy(dtype=object).copy()  # only these rows made Python strings
    changed = np.zeros(len(rows), dtype=bool)
    if "city" in out:
        town = _stripped(out["city"].iloc[rows])
        changed = (town.str.len().eq(5) & town.str.isdigit()).to_numpy(dtype=bool)
        note[changed] = POSTAL_IN_TOWN
    postal = postal_column([c for c in out.columns if c not in schema.GEOCODE_COLUMNS])
    if postal is not None:
        code = _stripped(out[postal].iloc[rows]).to_numpy(dtype=object)
        given = (note == _NO_LOCATION) & (code != "")
        quoted = pd.Series(code[given], dtype=object).map(repr).to_numpy(dtype=object)
        note[given] = _NO_LOCATION + "; postal code " + quoted + " not read as a place: write the town"
        changed |= given
    if changed.any():
        notes = out["geocode_note"].copy()
        notes.iloc[rows[changed]] = note[changed]
        out["geocode_note"] = notes
    return out


def _stripped(column: pd.Series) -> pd.Series:
    """Return a column's cells as stripped text, ``""`` for a missing one."""
    return column.astype("string").str.strip().fillna("")
