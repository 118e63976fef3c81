"""The column vocabulary: the headers that mean each of our columns, in English and French.

Headers are compared by :func:`~clusteratlas.gazetteer.normalize_name` (case, accents and
separators ignored) and renamed to one vocabulary (``name``, ``city``, ``year``, ``lat`` …);
a study's own columns and levers come from the default profile (:mod:`clusteratlas.profile`),
as data: :func:`profile_headers` and :func:`yes_no_columns`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence

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
    "ROLE_OPTIONS",
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
    "header_parts",
    "names_a_date",
    "profile_headers",
    "role_count",
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
#: register's "Localisation" beside its "Ville" is the address, read as one; so are its
#: "Commune" and "Ville du siège" (``city_column`` chooses one of them instead).
WEAK_CITY_HEADERS: tuple[str, ...] = (
    "localisation",
    "localization",
    "location",
    "localité",
    "locality",
    "commune",
    "municipality",
    "ville du siège",
    "ville siège",
    "ville du siège social",
    "head office city",
    "head office town",
)
#: Canonical column -> the header spellings that mean it (compared by normalize_name).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "cluster", "cluster name", "nom du cluster"),
    "city": (
        "city",
        "ville",
        "localisation",
        "localization",
        "location",
        "town",
        "cité",
        "localité",
        "locality",
        "commune",
        "municipality",
        "ville du siège",
        "ville siège",
        "ville du siège social",
        "head office city",
        "head office town",
    ),
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
#: The option that chooses the column of each role, by its header (``--city-column`` on the command line).
ROLE_OPTIONS: dict[str, str] = {
    "name": "name_column",
    "city": "city_column",
    "province": "province_column",
    "region": "region_column",
}
#: What splits a header into parts matched on their own: a bilingual or annotated header
#: ("Ville / City", "City (Ville)", "Secteur | Sector", "Ville - City", "Préfecture ou province").
_PARTS = re.compile(r"\s*(?:[/|()\[\]]|\s[-–—]\s|\b(?:ou|or)\b)\s*", re.IGNORECASE)
#: A cell that may be split into parts (:data:`_PARTS`, :data:`_HYPHEN`): it holds a separator.
_SEPARATED = re.compile(r"[/|()\[\]\-–—]|\b(?:ou|or)\b", re.IGNORECASE)
#: A hyphen between two words ("Ville-City"): the parts are one role only when every part names it.
_HYPHEN = re.compile(r"(?<=\w)[-–](?=\w)")
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

    A header none of whose spellings match whole is split into parts (:func:`header_parts`:
    ``"Ville / City"``, ``"City (Ville)"``, ``"Préfecture ou province"``) and means the one
    column its parts name; words joined by a hyphen (``"Ville-City"``) only when each names it.

    Parameters
    ----------
    header : object
        A header as the file writes it (spaces around it, case and accents ignored).

    Returns
    -------
    str or None
        A key of :data:`SYNONYMS`, or a column of the default profile (:func:`profile_headers`).

    Examples
    --------
    >>> [canonical_column(h) for h in ("Ville / City", "City (Ville)", "Ville-City", "Sous-secteur")]
    ['city', 'city', 'city', None]
    """
    text = str(header).strip()
    return _exact_column(text) or _parts_column(text)


def _exact_column(text: str) -> str | None:
    """Return the column a header means as a whole spelling, or ``None``."""
    key = normalize_name(text)
    return _LOOKUP.get(key) or _profile_lookup().get(key)


def _ours(text: str) -> str | None:
    """Return the column of :data:`SYNONYMS` a header means as a whole spelling (no profile's), or ``None``."""
    return _LOOKUP.get(normalize_name(text))


def header_parts(header: object) -> list[str]:
    """Return the parts of a header split at ``/``, ``|``, brackets, a spaced dash, ``ou`` and ``or``.

    Examples
    --------
    >>> header_parts("Raison sociale / Company name")
    ['Raison sociale', 'Company name']
    >>> header_parts("City (Ville)")
    ['City', 'Ville']
    """
    return [p.strip() for p in _PARTS.split(str(header).strip()) if p and p.strip()]


def _parts_column(text: str, exact: Callable[[str], str | None] = _exact_column) -> str | None:
    """Return the one column the parts of a header name (see :func:`canonical_column`), or ``None``."""
    parts = header_parts(text)
    if len(parts) > 1:
        roles = {exact(p) for p in parts} - {None}
        return roles.pop() if len(roles) == 1 else None
    words = _HYPHEN.split(text)
    if len(words) > 1:
        roles_of = [exact(w) for w in words]
        return roles_of[0] if roles_of[0] is not None and len(set(roles_of)) == 1 else None
    return None


def _split_only(names: Sequence[str]) -> set[str]:
    """Return the headers that mean a column only by their parts while another means it whole (they give way)."""
    whole = {_exact_column(n) for n in names} - {None}
    return {n for n in names if _exact_column(n) is None and canonical_column(n) in whole}


def role_count(cells: Sequence[object]) -> int:
    """Count the cells of a row that are headers of ours: our columns, record names and addresses."""
    return sum(
        1
        for c in list(cells)[:MAX_COLUMNS]
        if str(c).strip() and (canonical_column(c) is not None or _fallback_rank(str(c)) is not None or _is_address(c))
    )


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
    if normalize_name(str(header).strip()) in _DATE_KEYS:
        return True
    parts = header_parts(header)
    return len(parts) > 1 and canonical_column(header) == "year" and any(normalize_name(p) in _DATE_KEYS for p in parts)


def has_location(cells: Sequence[object]) -> bool:
    """Say whether a row of cells names a location column (so it can be the header).

    Only the first :data:`MAX_COLUMNS` cells are read (a wider row is refused), and a cell is
    split into parts (:func:`header_parts`) only when it holds a separator.
    """
    texts = [str(c).strip() for c in list(cells)[:MAX_COLUMNS]]
    if any(normalize_name(t) in _LOCATION_KEYS for t in texts):
        return True
    return any(_SEPARATED.search(t) and _parts_column(t, _ours) in LOCATION_COLUMNS for t in texts)


def check_header(names: Sequence[object], source: str, *, chosen: Mapping[str, str] | None = None) -> None:
    """Refuse two columns that mean the same recognised column (``city`` twice, ``ville`` and ``city``).

    Parameters
    ----------
    names : sequence
        The header's cells, in order.
    source : str
        The file, named in the message.
    chosen : mapping, optional
        Our column -> the header the user chose for it (``{"city": "Ville du siège"}``, see
        :data:`ROLE_OPTIONS`): other columns that would mean it are no conflict.

    Notes
    -----
    A column headed exactly ``year`` beside another that means ``year`` (a date column) is no
    conflict: it is the year written beside the dates, and :func:`column_renames` takes it. A
    header that means a column only by its parts ("Ville / City") gives way to one that
    means it whole ("Ville"): it is no conflict either, and keeps its header.

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
    seen = _meanings(names, chosen or {})
    dups = {canon: cols for canon, cols in seen.items() if len(cols) > 1}
    if dups:
        parts = "; ".join(
            " and ".join(f"{name!r} (column {i})" for i, name in cols) + f" both mean {canon!r}"
            for canon, cols in dups.items()
        )
        options = ", ".join(f"`{ROLE_OPTIONS[c]}`" for c in dups if c in ROLE_OPTIONS)
        choose = f", or choose one with {options}" if options else ""
        msg = f"{source}: columns {parts}; keep one of them or rename the others{choose}."
        raise InputError(msg)


def _meanings(names: Sequence[object], chosen: Mapping[str, str]) -> dict[str, list[tuple[int, str]]]:
    """Return our column -> the header's columns (number, name) that mean it, as :func:`check_header` counts them."""
    seen: dict[str, list[tuple[int, str]]] = {}
    weak = _split_only([str(n).strip() for n in names])
    for i, name in enumerate(names):
        canon = canonical_column(name)
        if canon is not None and canon not in chosen and str(name).strip() not in weak:
            seen.setdefault(canon, []).append((i + 1, str(name).strip()))
    if len(seen.get("year", [])) > 1:  # a date column beside the year written from it
        seen["year"] = [(i, name) for i, name in seen["year"] if name != _DERIVED_YEAR]
    if "city" in seen:  # "Localisation" beside "Ville" is the address
        strong = set(_strong_cities([name for _, name in seen["city"]]))
        seen["city"] = [(i, name) for i, name in seen["city"] if name in strong]
    return seen


def check_location(frame: pd.DataFrame, *, hint: str = "") -> None:
    """Refuse prepared records with no location column; the message lists the headers accepted.

    Parameters
    ----------
    frame : pandas.DataFrame
        Prepared records.
    hint : str, optional
        What the message says first about the columns that look like places ("'Wilaya' looks
        like a province column").

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
    said = f" {hint};" if hint else ""
    msg = (
        f"{schema.source(frame)}: no location column (found {found});{said} choose one with `city_column`, "
        f"`province_column` or `region_column`, or name a column by one of these (case and accents ignored) — "
        f"{accepted}."
    )
    raise InputError(msg)


def column_renames(columns: list[str], source: str, chosen: Mapping[str, str] | None) -> dict[str, str]:
    """Return header → our column, with the columns chosen by the user, and the record name the fallbacks say.

    Parameters
    ----------
    columns : list of str
        The headers, stripped.
    source : str
        The file, named in messages.
    chosen : mapping, optional
        Our column -> the header the user chose for it (see :func:`check_header`, :func:`find_column`).

    Returns
    -------
    dict
        Only the headers that mean one of our columns.
    """
    weak = _split_only(columns)
    rename = _beside_dates({c: canon for c in columns if c not in weak and (canon := canonical_column(c)) is not None})
    cities = [c for c, canon in rename.items() if canon == "city"]
    for weak_city in set(cities) - set(_strong_cities(cities)):
        del rename[weak_city]
    for role, header in (chosen or {}).items():
        found = find_column(columns, header, source, option=ROLE_OPTIONS.get(role, role))
        rename = {c: canon for c, canon in rename.items() if canon != role and c != found}
        rename[found] = role
    if "name" not in rename.values():
        fallback = _name_fallback(columns)
        if fallback is not None and fallback not in rename:
            rename[fallback] = "name"
    return rename


def _name_fallback(columns: list[str]) -> str | None:
    """Return the column that names the records by :data:`NAME_FALLBACKS` (the first in its order), or ``None``."""
    ranked = sorted((rank, i) for i, c in enumerate(columns) if (rank := _fallback_rank(c)) is not None)
    return columns[ranked[0][1]] if ranked else None


def _fallback_rank(header: str) -> int | None:
    """Return the rank of a header among :data:`NAME_FALLBACKS`, whole or by its parts ("Raison sociale / Company")."""
    rank = _NAME_FALLBACK_KEYS.get(normalize_name(header))
    if rank is not None:
        return rank
    parts = header_parts(header)
    ranks = (
        [r for p in parts if (r := _NAME_FALLBACK_KEYS.get(normalize_name(p))) is not None] if len(parts) > 1 else []
    )
    if not ranks or any(_exact_column(p) is not None for p in parts):
        return None
    return min(ranks)


def _is_address(header: object) -> bool:
    """Whether a header names an address (:data:`ADDRESS_HEADERS`), whole or by a part ("Adresse / Address")."""
    if normalize_name(str(header).strip()) in _ADDRESS_KEYS:
        return True
    parts = header_parts(header)
    return (
        len(parts) > 1 and canonical_column(header) is None and any(normalize_name(p) in _ADDRESS_KEYS for p in parts)
    )


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
    found = next((c for c in columns if _is_address(c)), None)
    if found is not None:
        return found
    return next((c for c in columns if normalize_name(str(c).strip()) in _WEAK_CITY_KEYS), None)


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
        If none does; the message says the closest column ("did you mean"), lists the
        columns and names ``option``.
    """
    text = str(wanted).strip()
    if text in columns:
        return text
    key = normalize_name(text)
    found = next((c for c in columns if normalize_name(str(c)) == key), None)
    if found is None:
        listed = ", ".join(repr(str(c)) for c in columns) or "none"
        keys = {normalize_name(str(c)): str(c) for c in columns}
        close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
        hint = f"; did you mean {keys[close[0]]!r}? The columns are" if close else "; the columns are"
        msg = f"{source}: no column {text!r} (`{option}`){hint} {listed}."
        raise InputError(msg)
    return str(found)
