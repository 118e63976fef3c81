"""The column vocabulary: the headers that mean each of our columns, in English and French.

Headers are compared by :func:`~clusteratlas.gazetteer.normalize_name` (case, accents and
separators ignored) and renamed to one vocabulary (``name``, ``city``, ``year``, ``lat`` …);
a study's own columns and levers come from the default profile (:mod:`clusteratlas.profile`),
as data: :func:`profile_headers` and :func:`yes_no_columns`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import schema
from ..errors import InputError
from ..gazetteer import normalize_name
from ..profile import default_profile, levers_of

__all__ = [
    "ADDRESS_HEADERS",
    "DATE_HEADERS",
    "FALSE_CELLS",
    "LOCATION_COLUMNS",
    "MAX_COLUMNS",
    "NAME_FALLBACKS",
    "NO_PLACE_CELLS",
    "SYNONYMS",
    "TRUE_CELLS",
    "UNKNOWN_CELLS",
    "WEAK_CITY_HEADERS",
    "address_column",
    "canonical_column",
    "check_header",
    "check_location",
    "column_renames",
    "find_column",
    "has_location",
    "names_a_date",
    "profile_headers",
    "yes_no_columns",
]

#: Headers of ``year`` that name a full date: a column so headed is kept as written (the dates
#: under the user's header in written records) and ``year`` is taken from it, beside it.
DATE_HEADERS: tuple[str, ...] = (
    "date",
    "date de création",
    "date création",
    "date de constitution",
    "date of creation",
    "creation date",
    "date created",
    "created",
    "founding date",
    "release date",
)
#: Headers of an address column, read when a record's town is blank or unresolved (compared
#: by normalize_name); the column keeps its header. The first such column of a table is read.
ADDRESS_HEADERS: tuple[str, ...] = (
    "address",
    "adresse",
    "adresse du siège",
    "adresse siège",
    "adresse du siège social",
    "siège",
    "siège social",
    "adresse postale",
    "adresse de l'usine",
    "adresse de l'établissement",
    "adresse complète",
    "head office",
    "head office address",
    "registered address",
    "registered office",
    "street address",
    "postal address",
    "full address",
)
#: Headers of ``city`` that give way to a plainer one (``ville``, ``city`` …) beside them: a
#: register's "Localisation" beside its "Ville" is the address, read as one.
WEAK_CITY_HEADERS: tuple[str, ...] = ("localisation", "localization", "location")
#: Canonical column -> the header spellings that mean it (compared by normalize_name).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "cluster", "cluster name", "nom du cluster"),
    "city": ("city", "ville", "localisation", "localization", "location", "town", "cité"),
    "sector": ("sector", "secteur", "sectors", "secteurs", "secteur d'activité"),
    "year": (
        "year",
        "année",
        "annee",
        "creation year",
        "année de création",
        "founded",
        *DATE_HEADERS,
    ),
    "lat": ("lat", "latitude", "y_lat"),
    "lon": ("lon", "lng", "long", "longitude", "x_lon"),
    "region": ("region", "région", "region_name"),
    "province": ("province", "préfecture", "prefecture", "province/préfecture"),
}
#: Headers that name a record when no column of ``SYNONYMS["name"]`` does, the first found in this
#: order (registers and exports name their records this way). Several of them is no error: the
#: others keep their own header. ``name_column`` chooses another column.
NAME_FALLBACKS: tuple[str, ...] = (
    "nom de la zone",
    "nom de l'entreprise",
    "raison sociale",
    "dénomination",
    "company name",
    "entreprise",
    "company",
    "firm",
    "organisation",
    "organization",
)
#: Cells read as true, false and unknown (casefolded, spaces around them ignored).
TRUE_CELLS = frozenset({"true", "yes", "oui", "1", "x", "×", "✓", "vrai", "y"})
FALSE_CELLS = frozenset({"false", "no", "non", "0", "faux", "n"})
UNKNOWN_CELLS = frozenset({"", "-", "–", "—", "na", "n/a", "nan", "unknown", "inconnu", "?"})
#: Place cells (town, province, region) that say no place is given: unknown cells, and the ways
#: registers write "none" (casefolded, spaces around them ignored). Geocoding treats them as empty.
NO_PLACE_CELLS = UNKNOWN_CELLS | frozenset(
    {"n.a.", "n.a", "nd", "n.d.", "n/d", "néant", "neant", "aucun", "aucune", "none", "null", "inconnue"}
    | {"/", "--", "s/o"}
)
#: The most columns a table may have: a register has tens; thousands are a damaged or hostile
#: file, refused before any work that grows with them.
MAX_COLUMNS = 1_000
#: Columns that say where a record is; a file needs at least one of them.
LOCATION_COLUMNS = ("city", "lat", "lon", "province", "region")

_LOOKUP = {normalize_name(s): canon for canon, spellings in SYNONYMS.items() for s in spellings}
_NAME_FALLBACK_KEYS = {normalize_name(s): rank for rank, s in enumerate(NAME_FALLBACKS)}
#: The default profile's spellings, per profile file (read once per profile and process).
_PROFILE_LOOKUPS: dict[str, dict[str, str]] = {}
_LOCATION_KEYS = frozenset(k for k, v in _LOOKUP.items() if v in LOCATION_COLUMNS)
_DATE_KEYS = frozenset(normalize_name(s) for s in DATE_HEADERS)
_ADDRESS_KEYS = frozenset(normalize_name(s) for s in ADDRESS_HEADERS)
_WEAK_CITY_KEYS = frozenset(normalize_name(s) for s in WEAK_CITY_HEADERS)
#: Our written ``year`` beside a kept date column: the one column of ``year``'s spellings that
#: another may sit beside (see :func:`check_header`).
_DERIVED_YEAR = "year"


def canonical_column(header: object) -> str | None:
    """Return our name for a header (``"Ville"`` → ``"city"``), or ``None`` if it means none of ours.

    Parameters
    ----------
    header : object
        A header as the file writes it (spaces around it, case and accents ignored).

    Returns
    -------
    str or None
        A key of :data:`SYNONYMS`, or a column of the default profile (:func:`profile_headers`).
    """
    key = normalize_name(str(header).strip())
    return _LOOKUP.get(key) or _profile_lookup().get(key)


def profile_headers() -> dict[str, tuple[str, ...]]:
    """Return the default profile's columns -> the header spellings that mean them (its levers under their names).

    Returns
    -------
    dict
        Empty without a default profile (a data folder without profiles).
    """
    study = default_profile()
    if study is None:
        return {}
    return {**study.headers, **{column: (column,) for column in study.lever_columns}}


def yes_no_columns() -> tuple[str, ...]:
    """Return the columns read as yes/no: the default profile's levers (none without a profile).

    Returns
    -------
    tuple of str
    """
    return tuple(lever.column for lever in levers_of(None))


def _profile_lookup() -> dict[str, str]:
    """Return normalised header -> column for the default profile's spellings, built once per profile."""
    study = default_profile()
    if study is None:
        return {}
    key = str(study.path)
    if key not in _PROFILE_LOOKUPS:
        spellings = profile_headers()
        _PROFILE_LOOKUPS[key] = {normalize_name(s): c for c, names in spellings.items() for s in names}
    return _PROFILE_LOOKUPS[key]


def names_a_date(header: object) -> bool:
    """Say whether a header names a full date (one of :data:`DATE_HEADERS`), not only a year."""
    return normalize_name(str(header).strip()) in _DATE_KEYS


def has_location(cells: Sequence[object]) -> bool:
    """Say whether a row of cells names a location column (so it can be the header)."""
    return any(normalize_name(str(c).strip()) in _LOCATION_KEYS for c in cells)


def check_header(names: Sequence[object], source: str, *, name_column: str | None = None) -> None:
    """Refuse two columns that mean the same recognised column (``city`` twice, ``ville`` and ``city``).

    Parameters
    ----------
    names : sequence
        The header's cells, in order.
    source : str
        The file, named in the message.
    name_column : str, optional
        With it, columns that would mean ``name`` are no conflict: the one chosen wins.

    Notes
    -----
    A column headed exactly ``year`` beside another that means ``year`` (a date column) is no
    conflict: it is the year written beside the dates, and :func:`column_renames` takes it.

    Raises
    ------
    InputError
        Naming every pair of columns that mean the same, or if there are more than
        :data:`MAX_COLUMNS` columns.
    """
    if len(names) > MAX_COLUMNS:
        msg = (
            f"{source}: has over {MAX_COLUMNS:,} columns ({len(names):,} counted), more than a table may have; "
            "keep the columns you need, or check the separator."
        )
        raise InputError(msg)
    seen = _meanings(names, name_column)
    dups = {canon: cols for canon, cols in seen.items() if len(cols) > 1}
    if dups:
        parts = "; ".join(
            " and ".join(f"{name!r} (column {i})" for i, name in cols) + f" both mean {canon!r}"
            for canon, cols in dups.items()
        )
        msg = f"{source}: columns {parts}; keep one of them or rename the others."
        raise InputError(msg)


def _meanings(names: Sequence[object], name_column: str | None) -> dict[str, list[tuple[int, str]]]:
    """Return our column -> the header's columns (number, name) that mean it, as :func:`check_header` counts them."""
    seen: dict[str, list[tuple[int, str]]] = {}
    for i, name in enumerate(names):
        canon = canonical_column(name)
        if canon is not None and not (canon == "name" and name_column is not None):
            seen.setdefault(canon, []).append((i + 1, str(name).strip()))
    if len(seen.get("year", [])) > 1:  # a date column beside the year written from it
        seen["year"] = [(i, name) for i, name in seen["year"] if name != _DERIVED_YEAR]
    if "city" in seen:  # "Localisation" beside "Ville" is the address
        strong = set(_strong_cities([name for _, name in seen["city"]]))
        seen["city"] = [(i, name) for i, name in seen["city"] if name in strong]
    return seen


def check_location(frame: pd.DataFrame) -> None:
    """Refuse prepared records with no location column; the message lists the headers accepted.

    Raises
    ------
    InputError
        If no column of ``frame`` is one of :data:`LOCATION_COLUMNS`.
    """
    if any(c in frame for c in LOCATION_COLUMNS):
        return
    given = schema.headers(frame)
    found = ", ".join(repr(str(given.get(c, c))) for c in frame.columns) or "none"
    accepted = "; ".join(f"{canon}: {', '.join(SYNONYMS[canon])}" for canon in LOCATION_COLUMNS)
    msg = (
        f"{schema.source(frame)}: no location column (found {found}); name a column "
        f"by one of these (case and accents ignored) — {accepted}."
    )
    raise InputError(msg)


def column_renames(columns: list[str], source: str, name_column: str | None) -> dict[str, str]:
    """Return header → our column, with the record name chosen as ``name_column`` or the fallbacks say.

    Parameters
    ----------
    columns : list of str
        The headers, stripped.
    source : str
        The file, named in messages.
    name_column : str, optional
        The header that names the records (see :func:`find_column`).

    Returns
    -------
    dict
        Only the headers that mean one of our columns.
    """
    rename = _beside_dates({c: canon for c in columns if (canon := canonical_column(c)) is not None})
    cities = [c for c, canon in rename.items() if canon == "city"]
    for weak in set(cities) - set(_strong_cities(cities)):
        del rename[weak]
    if name_column is not None:
        chosen = find_column(columns, name_column, source, option="name_column")
        rename = {c: canon for c, canon in rename.items() if canon != "name"}
        rename[chosen] = "name"
    elif "name" not in rename.values():
        ranked = sorted(
            (rank, i) for i, c in enumerate(columns) if (rank := _NAME_FALLBACK_KEYS.get(normalize_name(c))) is not None
        )
        if ranked:
            rename[columns[ranked[0][1]]] = "name"
    return rename


def _strong_cities(headers: list[str]) -> list[str]:
    """Leave out the weak ``city`` headers (:data:`WEAK_CITY_HEADERS`) when a plainer one is among them."""
    strong = [c for c in headers if normalize_name(c) not in _WEAK_CITY_KEYS]
    return strong if strong else headers


def address_column(columns: Sequence[object]) -> object | None:
    """Return the address column of a table's columns, or ``None``.

    The first column headed as an address (:data:`ADDRESS_HEADERS`), else the first left
    under a weak ``city`` header (:data:`WEAK_CITY_HEADERS`: a "Localisation" beside a "Ville").

    Parameters
    ----------
    columns : sequence
        The columns of prepared records (ours renamed, the others under their headers).

    Returns
    -------
    object or None
        One of ``columns``.
    """
    keys = [normalize_name(str(c).strip()) for c in columns]
    for wanted in (_ADDRESS_KEYS, _WEAK_CITY_KEYS):
        found = next((c for c, k in zip(columns, keys, strict=True) if k in wanted), None)
        if found is not None:
            return found
    return None


def _beside_dates(rename: dict[str, str]) -> dict[str, str]:
    """Keep only the column headed ``year`` as ``year`` when a date column sits beside it (kept as written)."""
    if _DERIVED_YEAR not in rename or sum(canon == "year" for canon in rename.values()) < 2:
        return rename
    return {c: canon for c, canon in rename.items() if canon != "year" or c == _DERIVED_YEAR}


def find_column(columns: Sequence[str], wanted: str, source: str, *, option: str) -> str:
    """Return the column of ``columns`` that ``wanted`` names: as written, else ignoring case and accents.

    Raises
    ------
    InputError
        If none does; the message lists the columns and names ``option``.
    """
    text = str(wanted).strip()
    if text in columns:
        return text
    key = normalize_name(text)
    found = next((c for c in columns if normalize_name(str(c)) == key), None)
    if found is None:
        listed = ", ".join(repr(str(c)) for c in columns) or "none"
        msg = f"{source}: no column {text!r} (`{option}`); the columns are {listed}."
        raise InputError(msg)
    return str(found)
