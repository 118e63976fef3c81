"""Counts and shares of records by region, province, zone or any column.

The denominator is always every record: records that could not be placed form their own
``Unplaced`` group, and empty values of a column an ``Unknown`` group, so shares sum to 1.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._resources import LANGUAGES, read_toml
from ._unplaced_rows import FEW_RECORDS, PROVINCE_UNKNOWN, UNPLACED, per_capita_columns, region_only_of, with_unplaced
from ._weights import Weights, read_weights, rounded_sums, rounded_total, with_unit
from .errors import InputError
from .gazetteer import normalize_name, resolve_admin
from .geography import admin_table, pack
from .options import GeocodeOptions, geocoded
from .presentation import texts
from .records import SYNONYMS, header_parts, keep_rows, names_a_date
from .records.numeric import SAME_UNITS, UNITS, read_numbers
from .schema import GEOCODE_COLUMNS, header_list, headers, json_value

__all__ = [
    "CATEGORY_ROWS",
    "CATEGORY_VALUES",
    "FEW_RECORDS",
    "GEOGRAPHIC",
    "PROVINCE_UNKNOWN",
    "SHARES_COLUMNS",
    "UNDATED",
    "UNKNOWN",
    "UNPLACED",
    "Periods",
    "Shares",
    "Zones",
    "column_values",
    "finish_shares",
    "geographic_keys",
    "is_category",
    "lever_counts",
    "load_zones",
    "locale_key",
    "ordered_groups",
    "per_capita_columns",
    "period_label",
    "periods",
    "resolve_column",
    "shares",
    "weights_of",
    "written_numbers",
]

UNKNOWN = "Unknown"
GEOGRAPHIC = ("region", "province", "zone")


@dataclass(frozen=True)
class Zones:
    """Named groups of regions, e.g. the study's "Casablanca–Settat–Rabat axis".

    Attributes
    ----------
    names : tuple of str
        Zone names in file order, the ``rest`` zone last.
    region_to_zone : dict
        HCP region code -> zone name, for all 12 regions.
    rest : str
        Name of the zone holding every region no zone names.
    names_fr : dict
        Zone name -> French name, where the file gives one.
    source : str
        The file the zones were read from.
    """

    names: tuple[str, ...]
    region_to_zone: dict[str, str]
    rest: str
    names_fr: dict[str, str] = field(default_factory=dict)
    source: str = ""

    def regions_of(self, zone: str) -> list[str]:
        """Return the region codes of a zone, sorted."""
        return sorted(c for c, z in self.region_to_zone.items() if z == zone)


#: Our own groups, which no zone may be named (in any language of the catalogues): the
#: records not placed, the empty values, and the regions in no zone (the default ``rest``).
_OURS = "Unplaced, Province unknown, Unknown, Other regions"


def _reserved_names(*, with_rest: bool) -> frozenset[str]:
    """Return the names of our own groups, casefolded, in every language (``Other regions`` with ``with_rest``)."""
    keys = (UNPLACED, PROVINCE_UNKNOWN, UNKNOWN) + (("Other regions",) if with_rest else ())
    names = {texts("report", lang).get(key, key) for lang in LANGUAGES for key in keys}
    return frozenset(n.strip().casefold() for n in names | set(keys))


def load_zones(path: str | Path | None = None) -> Zones:
    """Read a zones file (TOML); the default is the study's three zones.

    Parameters
    ----------
    path : str or Path, optional
        A TOML file with ``rest = "name"`` and ``[[zone]]`` tables, each with ``name`` and
        ``regions`` (region codes, as in ``data/profiles/study/zones.toml``, or region
        names). Defaults to the geography pack's zones file (``[pack] zones``: the study
        profile's).

    Returns
    -------
    Zones

    Raises
    ------
    InputError
        If the file is missing or not TOML, a region is unknown or in two zones, two zones
        share a name, or a zone is named as one of our own groups (``Unplaced``, ``Unknown``,
        ``Other regions``, or their French names).
    """
    path = Path(path) if path is not None else pack().zones
    doc = read_toml(path, "zones")
    problems = [
        f"unknown top-level key {k!r} (a zones file has 'rest' and [[zone]] tables)"
        for k in doc
        if k not in ("rest", "zone")
    ]
    zones = doc.get("zone", [])
    if not isinstance(zones, list) or not zones:
        problems.append("no [[zone]] tables; each needs a name and a list of regions")
        zones = []
    rest = doc.get("rest", "Other regions")
    if not isinstance(rest, str) or not rest.strip():
        problems.append(f"'rest' must be a name (text), not {rest!r}")
        rest = "Other regions"
    elif rest.strip().casefold() in _reserved_names(with_rest=False):
        problems.append(f"'rest' is {rest!r}, one of clusteratlas's own groups ({_OURS}); give another name")
    mapping: dict[str, str] = {}
    names: list[str] = []
    names_fr: dict[str, str] = {}
    for i, zone in enumerate(zones, start=1):
        _read_zone(i, zone, rest, mapping, names, names_fr, problems)
    codes = admin_table("region")["region_code"]
    if problems:
        geo = pack()
        msg = (
            f"{path}: {'; '.join(problems)}; use {geo.codes} codes {codes.iat[0]!r}…{codes.iat[-1]!r} "
            "or the regions' names, once each."
        )
        raise InputError(msg)
    for code in codes:
        mapping.setdefault(code, rest)
    all_names = tuple(names) + ((rest,) if rest in mapping.values() else ())
    return Zones(names=all_names, region_to_zone=mapping, rest=rest, names_fr=names_fr, source=str(path))


def _read_zone(
    i: int,
    zone: object,
    rest: str,
    mapping: dict[str, str],
    names: list[str],
    names_fr: dict[str, str],
    problems: list[str],
) -> None:
    """Check one ``[[zone]]`` table and add it to ``mapping``, ``names`` and ``names_fr``; log ``problems``."""
    if not isinstance(zone, dict):
        problems.append(f"zone {i} is {zone!r}, not a [[zone]] table")
        return
    extra = sorted(set(zone) - {"name", "name_fr", "regions"})
    if extra:
        problems.append(f"zone {i} has unknown key(s) {extra}; a zone has name, name_fr and regions")
    name, regions = zone.get("name"), zone.get("regions")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"zone {i} needs a 'name' (text)")
        return
    if not isinstance(regions, list) or not regions:
        problems.append(f"zone {name!r} needs 'regions', a non-empty list")
        return
    if name in names or name == rest:
        problems.append(f"zone name {name!r} is used twice")
    elif name.strip().casefold() in _reserved_names(with_rest=True):
        problems.append(f"zone name {name!r} is one of clusteratlas's own groups ({_OURS}); rename the zone")
    names.append(name)
    if "name_fr" in zone and not isinstance(zone["name_fr"], str):
        problems.append(f"zone {name!r}: 'name_fr' must be text, not {zone['name_fr']!r}")
    elif isinstance(zone.get("name_fr"), str):
        names_fr[name] = zone["name_fr"]
    _zone_regions(name, regions, mapping, problems)


def _zone_regions(name: str, regions: list[object], mapping: dict[str, str], problems: list[str]) -> None:
    """Map each region of zone ``name`` (a code or a name) to it; unknown or repeated regions go to ``problems``."""
    for reg in regions:
        code = resolve_admin(normalize_name(str(reg)), "region")[0] if isinstance(reg, str | int) else None
        if code is None:
            n = len(admin_table("region"))
            problems.append(f"zone {name!r}: region {reg!r} is not one of {pack().country}'s {n} regions")
        elif code in mapping:
            problems.append(f"region {reg!r} is in zones {mapping[code]!r} and {name!r}")
        else:
            mapping[code] = name


@dataclass(frozen=True)
class Shares:
    """Counts and shares of records by one grouping.

    Attributes
    ----------
    by : str
        ``region``, ``province``, ``zone`` or a column name.
    total : int
        Number of records (the denominator).
    table : pandas.DataFrame
        One row per group: ``group``, ``code`` (geographic groupings), ``count``, ``share``,
        and with ``per_capita`` ``population_2024``, ``per_million``,
        ``population_share``, ``location_quotient`` and ``few_records`` (true where those
        rest on fewer than :data:`FEW_RECORDS` records: read them with care). Weighted
        shares add ``weight`` (the group's sum of the weight column) after ``count``;
        ``share`` is then the share of the weights' total, and ``few_records`` is always there.
    weight : str or None
        The weight column, or ``None`` when records are counted.
    total_weight : float or None
        The weights' sum over every record counted (the denominator of weighted shares).
    skipped : int
        Records left out for want of a weight (``missing_weight="skip"``); not in ``total``.
    zeroed : int
        Records counted with a weight of 0 for want of one (``missing_weight="zero"``).
    weight_decimals : int
        The weight's sums keep as many digits after the decimal mark as the column's most
        precise cell, at most 6 (:func:`clusteratlas._weights.decimals_of`); rounded to them.
    """

    by: str
    total: int
    table: pd.DataFrame
    weight: str | None = None
    total_weight: float | int | None = None
    skipped: int = 0
    weight_decimals: int = 0
    zeroed: int = 0

    def to_dict(self) -> dict[str, object]:
        """Return ``{"by", "total", "groups": [{"group", "count", "share", …}]}`` (JSON-ready).

        Weighted shares add ``weight`` (the column), ``total_weight`` and ``skipped``.
        """
        groups = []
        for row in self.table.to_dict(orient="records"):
            groups.append({k: json_value(v) for k, v in row.items()})
        head: dict[str, object] = {"by": self.by, "total": self.total}
        if self.weight is not None:
            head |= {"weight": self.weight, "total_weight": json_value(self.total_weight), "skipped": self.skipped}
        return head | {"groups": groups}


def shares(
    records: pd.DataFrame,
    *,
    by: str = "region",
    zones: Zones | str | Path | None = None,
    per_capita: bool = False,
    geocode: bool | GeocodeOptions = True,
    weight: str | None = None,
    missing_weight: str = "error",
) -> Shares:
    """Count records by region, province, zone or a column, with shares of all records.

    Parameters
    ----------
    records : pandas.DataFrame
        Records, geocoded (from :func:`clusteratlas.geocode`) or not: see ``geocode``.
    by : str, default "region"
        ``"region"``, ``"province"``, ``"zone"`` or the name of a column (``sector``,
        ``year`` …).
    zones : Zones, str or Path, optional
        Zones for ``by="zone"``; defaults to the geography pack's (the study profile's zones).
    per_capita : bool, default False
        Add the 2024 population (HCP) of each geographic group, counts per million
        inhabitants and location quotients (share of placed records / share of population).
    geocode : bool or GeocodeOptions, default True
        What happens to records that are not geocoded (no ``region_code`` and ``geocode_status``)
        when ``by`` is geographic: ``True`` geocodes them first with the shipped gazetteer;
        ``False`` raises an :class:`~clusteratlas.errors.InputError` naming the missing columns.
        :class:`~clusteratlas.options.GeocodeOptions` geocodes with its aliases when ``by`` is
        geographic, and whatever ``by`` is when ``strict`` (to refuse unplaced records).
        Geocoded records are not geocoded again with ``True`` or ``False``.
    weight : str, optional
        A column of numbers (``Effectif``), read as :func:`~clusteratlas.records.parse_numbers`
        does: shares of its sum with the counts beside them (per capita: of the weights too).
    missing_weight : {"error", "zero", "skip"}, default "error"
        A record without a weight: an error naming the rows, 0, or left out (``Shares.skipped``).

    Returns
    -------
    Shares
        Geographic groupings list every unit (zero counts) in code order, ``Province unknown``, ``Unplaced``;
        columns their values by decreasing count (or weight), ties in locale order (accents
        and case ignored; numbers in order), then ``Unknown``.

    Raises
    ------
    InputError
        If ``by`` or ``weight`` names no column, ``per_capita`` is asked for a non-geographic
        grouping, ``geocode=False`` and the records are not geocoded, or a weight is wrong.
    UnresolvedError
        With ``GeocodeOptions(strict=True)``, when some records can't be placed.
    """
    if per_capita and by not in GEOGRAPHIC:
        msg = f"`per_capita` needs a geographic `by` (region, province or zone), not {by!r}."
        raise InputError(msg)
    if weight is not None:
        return _weighted(records, by, zones, per_capita, geocode, weights_of(records, weight, missing_weight))
    records = geocoded(records, geocode, needed=by in GEOGRAPHIC, to_count=by in GEOGRAPHIC)  # every row kept, in order
    table = _geographic(records, by, zones, per_capita) if by in GEOGRAPHIC else _by_column(records, by)
    return finish_shares(table, by=by, total=len(records))


def weights_of(records: pd.DataFrame, weight: str, missing_weight: str = "error") -> tuple[str, Weights]:
    """Resolve the weight column (as :func:`resolve_column` does) and read it; return its name and weights."""
    column = resolve_column(records, weight)
    if column not in records:
        raise InputError(_no_weight_column(records, weight))
    return column, read_weights(records, column, missing=missing_weight)


def _no_weight_column(records: pd.DataFrame, weight: str) -> str:
    """Say that no column is ``weight``: the closest, and the file's own columns (not the ``year`` of a date)."""
    given = headers(records)
    cols = list(records.columns)
    ours = [
        c for i, c in enumerate(cols) if c == "year" and c not in given and i and names_a_date(cols[i - 1])
    ]  # the year read from a date column is not the file's
    names = [str(given.get(c, c)) for c in cols if c not in GEOCODE_COLUMNS and c not in ours]
    folded = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(weight.casefold(), list(folded), n=1, cutoff=0.7)
    hint = f"did you mean {folded[close[0]]!r}? " if close else ""
    return f"no column {weight!r} to weigh the records by; {hint}use one of: {', '.join(names)}."


def _weighted(
    records: pd.DataFrame,
    by: str,
    zones: Zones | str | Path | None,
    per_capita: bool,
    geocode: bool | GeocodeOptions,
    weighing: tuple[str, Weights],
) -> Shares:
    """Shares of a weight's sum (see :func:`shares`): the kept records, their counts and weights."""
    column, w = weighing
    skipped = int((~w.keep).sum())
    if skipped:
        records = keep_rows(records, w.keep)
    values = w.values[w.keep]
    records = geocoded(records, geocode, needed=by in GEOGRAPHIC, to_count=by in GEOGRAPHIC)
    geographic = by in GEOGRAPHIC
    table = _geographic(records, by, zones, per_capita, values) if geographic else _by_column(records, by, values)
    if "few_records" not in table:
        table["few_records"] = table["count"] < FEW_RECORDS
    total_weight = float(values.sum())
    table["share"] = table["weight"] / total_weight if total_weight else np.nan
    table["weight"] = rounded_sums(table["weight"], w.decimals)  # the input's digits, no float noise: 60912.6
    table = table[[c for c in SHARES_COLUMNS if c in table]].reset_index(drop=True)
    header = with_unit(str(headers(records).get(column, column)), w.unit)  # "Investissement (MDH)"
    total = rounded_total(total_weight, w.decimals)  # 2880, not 2880.0, when every weight is whole
    zeroed = 0 if skipped else w.missing  # missing_weight="zero": counted, with 0
    return Shares(by, len(records), table, header, total, skipped, weight_decimals=w.decimals, zeroed=zeroed)


#: Columns of a shares table, in order (those present).
SHARES_COLUMNS = (
    "group",
    "code",
    "count",
    "weight",
    "share",
    "population_2024",
    "per_million",
    "population_share",
    "location_quotient",
    "few_records",
)


def finish_shares(table: pd.DataFrame, *, by: str, total: int) -> Shares:
    """Add shares of all ``total`` records to a table of counts and put its columns in order."""
    table = table.copy()
    table["share"] = table["count"] / total if total else np.nan
    table = table[[c for c in SHARES_COLUMNS if c in table]].reset_index(drop=True)
    return Shares(by=by, total=total, table=table)


def ordered_groups(counts: pd.Series, *, numeric: bool, measure: str = "count") -> pd.DataFrame:
    """Return the groups of a column with their counts, in the order tables show them.

    Numbers in numeric order; other values by decreasing count, then by name as the language
    sorts it; ``Unknown`` last. With ``measure="weight"`` the values are sums of weights
    (floats), ordered the same way, in a ``weight`` column.
    """
    values = counts.to_numpy(dtype=float if measure == "weight" else "int64")
    table = pd.DataFrame({"group": counts.index.astype(str), "count": values})
    table["unknown"] = table["group"] == UNKNOWN
    if numeric:
        table["order"] = pd.to_numeric(table["group"], errors="coerce")
        table = table.sort_values(["unknown", "order"], kind="mergesort")
    else:
        table["name"] = [locale_key(g) for g in table["group"]]
        table = table.sort_values(["unknown", "count", "name"], ascending=[True, False, True], kind="mergesort")
    return table[["group", "count"]].rename(columns={"count": measure})


def geographic_keys(geo: pd.DataFrame, by: str, zones: Zones | str | Path | None) -> tuple[pd.DataFrame, pd.Series]:
    """Return the units of a geographic grouping and each record's unit.

    Parameters
    ----------
    geo : pandas.DataFrame
        Geocoded records.
    by : {"region", "province", "zone"}
    zones : Zones, str or Path, optional
        For ``by="zone"`` (see :func:`load_zones`).

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.Series)
        Every unit in code order (``group``, ``code``, ``key``, ``population_2024``), and
        each record's ``key`` (missing for unplaced records).
    """
    region_codes = geo["region_code"].astype("string")
    if by == "province":
        units = admin_table("province").rename(columns={"province_code": "code", "province": "group"})
        units["key"] = units["code"]
        keys = geo["province_code"].astype("string")
    elif by == "region":
        units = admin_table("region").rename(columns={"region_code": "code", "region": "group"})
        units["key"] = units["code"]
        keys = region_codes
    else:
        z = zones if isinstance(zones, Zones) else load_zones(zones)
        regions = admin_table("region")
        pop = regions.groupby(regions["region_code"].map(z.region_to_zone))["population_2024"].sum()
        units = pd.DataFrame({"group": list(z.names), "code": ["+".join(z.regions_of(n)) for n in z.names]})
        units["population_2024"] = units["group"].map(pop)
        units["key"] = units["group"]
        keys = region_codes.map(z.region_to_zone)
    return units[["group", "code", "key", "population_2024"]].copy(), keys


def _geographic(
    geo: pd.DataFrame,
    by: str,
    zones: Zones | str | Path | None,
    per_capita: bool,
    weights: np.ndarray | None = None,
) -> pd.DataFrame:
    units, keys = geographic_keys(geo, by, zones)
    counts = keys.value_counts(dropna=True)
    units["count"] = units["key"].map(counts).fillna(0).astype("int64")
    unplaced_weight = 0.0
    if weights is not None:
        sums = pd.Series(weights, index=keys.index).groupby(keys, dropna=True).sum()
        units["weight"] = units["key"].map(sums).fillna(0.0).astype(float)
        unplaced_weight = float(weights.sum() - units["weight"].sum())
    units = units.drop(columns="key")
    region_only = region_only_of(geo, by, keys, weights)
    unplaced = len(geo) - int(units["count"].sum()) - region_only[0]
    unplaced_weight -= region_only[1]
    if per_capita:
        return per_capita_columns(units, unplaced, unplaced_weight, region_only)
    if weights is not None:
        units["few_records"] = units["count"] < FEW_RECORDS
    return with_unplaced(
        units.drop(columns="population_2024"),
        unplaced,
        per_capita=False,
        weight=unplaced_weight,
        region_only=region_only,
    )


#: A column is a category (a report table, a map filter) when it has this many distinct values.
CATEGORY_VALUES = (2, 30)
#: From this many filled cells on, a category's values also repeat: at most half as many
#: distinct values as filled cells (free text, such as addresses, is nearly all distinct).
CATEGORY_ROWS = 40


def is_category(values: pd.Series) -> bool:
    """Whether a column is categorical: 2 to 30 distinct text values that repeat.

    Numbers (areas, counts, codes, even written as text: "2 880", "12,5 MDH", with "n.d." for
    unknown, :func:`written_numbers`) are measures, not categories; a
    value per record (names, identifiers) is not a category either. From
    :data:`CATEGORY_ROWS` filled cells on, the distinct values are at most half the filled
    cells (each value carried by two records on average): a column of nearly all distinct
    texts (addresses, comments) is free text, not a category. Callers leave out the address
    column itself (:func:`~clusteratlas.records.address_column`) whatever its values.

    Examples
    --------
    >>> is_category(pd.Series(["Agro", "Auto", "Agro"])), is_category(pd.Series(["12", "3", "12"]))
    (True, False)
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return False
    # Each distinct value once (a million rows hold a few thousand values at most).
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    text = pd.Series(uniques, dtype=object).astype("string").str.strip()
    kept = (text.notna() & text.ne("")).to_numpy(dtype=bool)
    filled = text[kept]
    distinct = int(filled.nunique())
    if not CATEGORY_VALUES[0] <= distinct <= CATEGORY_VALUES[1]:
        return False
    if written_numbers(filled):
        return False
    rows = int(np.bincount(codes[codes >= 0], minlength=len(kept))[kept].sum())
    return distinct < rows and (rows < CATEGORY_ROWS or 2 * distinct <= rows)


def written_numbers(cells: pd.Series) -> bool:
    """Whether cells are numbers as people write them, one at least, the rest saying unknown.

    "2 880", "1.200", "12,5 MDH" and "n.d." are a column of numbers (a measure), as
    :func:`~clusteratlas.records.numeric.read_numbers` reads them for ``--weight``; a word
    every cell carries that is no known unit ("Lot 3", "Zone 2") keeps them labels.

    Examples
    --------
    >>> written_numbers(pd.Series(["2 880", "n.d.", "12,5 MDH"])), written_numbers(pd.Series(["n.d.", "Agro"]))
    (True, False)
    >>> written_numbers(pd.Series(["Lot 1", "Lot 2"]))
    False
    """
    values, bad, unit = read_numbers(cells)
    known = unit is None or re.sub(r"[\s.]", "", unit.casefold()) in UNITS | set(SAME_UNITS)
    return not len(bad) and known and bool(values.notna().any())


def resolve_column(records: pd.DataFrame, by: str) -> str:
    """Return the column of ``records`` that ``by`` names: as written, as the file's header, or a synonym.

    ``read_records`` renames recognised headers to one vocabulary (``secteur`` → ``sector``);
    users still name them as their file does, so both spellings are accepted, compared
    without case or accents.

    Examples
    --------
    >>> frame = pd.DataFrame({"sector": ["a"]})
    >>> from clusteratlas.schema import set_provenance
    >>> set_provenance(frame, headers={"sector": "Secteur d'activité"})
    >>> resolve_column(frame, "secteur d'activite"), resolve_column(frame, "secteur")
    ('sector', 'sector')
    """
    if by in records:
        return by
    key = normalize_name(by)
    for canon, original in headers(records).items():
        if normalize_name(str(original)) == key and canon in records:
            return str(canon)
    for canon, spellings in SYNONYMS.items():
        if canon in records and key in {normalize_name(x) for x in spellings}:
            return canon
    for col in records.columns:
        if normalize_name(str(col)) == key:
            return str(col)
    return by


def column_values(records: pd.DataFrame, by: str) -> tuple[pd.Series, bool]:
    """Return each record's value of column ``by`` as text (``Unknown`` when empty) and whether the column is numeric.

    Yes/no columns read ``Yes`` and ``No``; ``by`` is resolved as :func:`resolve_column` does.

    Raises
    ------
    InputError
        If no column is named ``by``; the message lists the columns.
    """
    by = resolve_column(records, by)
    if by not in records:
        available = header_list(records)
        given = headers(records)
        shown = [str(given.get(c, c)) for c in records.columns if c not in GEOCODE_COLUMNS]
        names = {part.casefold(): name for name in shown for part in (*header_parts(name), name)}
        close = difflib.get_close_matches(str(by).casefold(), [*names, "region", "province", "zone"], n=1, cutoff=0.7)
        hint = f"did you mean {names.get(close[0], close[0])!r}? " if close else ""
        msg = f"no column {by!r} in the records; {hint}use region, province, zone or one of: {available}."
        if "," in by:  # "region,Secteur" is a cross-table
            msg = f"`by` {by!r} is a cross-table: use clusteratlas.crosstab.crosstab (the shares command does both)."
        raise InputError(msg)
    col = records[by]
    numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
    if pd.api.types.is_bool_dtype(col):
        values = col.map({True: "Yes", False: "No"}).astype("string")
    else:
        values = col.astype("string").str.strip()
    return values.where(values.notna() & values.ne(""), UNKNOWN), numeric


def _by_column(records: pd.DataFrame, by: str, weights: np.ndarray | None = None) -> pd.DataFrame:
    values, numeric = column_values(records, by)
    if weights is None:
        return ordered_groups(values.value_counts(), numeric=numeric)
    codes, uniques = pd.factorize(values)
    counts = pd.Series(np.bincount(codes, minlength=len(uniques)), index=pd.Index(uniques, dtype=object))
    sums = np.bincount(codes, weights=weights, minlength=len(uniques))
    table = ordered_groups(pd.Series(sums, index=counts.index), numeric=numeric, measure="weight")
    table["count"] = table["group"].map(counts).astype("int64")
    return table[["group", "count", "weight"]]


#: Group of records without a usable year in :func:`periods`.
UNDATED = "Undated"


@dataclass(frozen=True)
class Periods:
    """Creation periods of records: the bounds, and each record's period.

    Attributes
    ----------
    bounds : tuple of (int, int)
        First and last year of each period, in order; together they hold every dated record.
    labels : pandas.Series
        Each record's period (``"1985–1989"``), or :data:`UNDATED`; aligned with the records.
    """

    bounds: tuple[tuple[int, int], ...]
    labels: pd.Series = field(repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Label of each period, in order (``"2010–2019"``, or ``"2012"`` for a single year)."""
        return tuple(period_label(a, b) for a, b in self.bounds)

    def counts(self) -> dict[str, int]:
        """Return records per period in order, then :data:`UNDATED` (always present)."""
        got = self.labels.value_counts()
        out = {name: int(got.get(name, 0)) for name in self.names}
        out[UNDATED] = int(got.get(UNDATED, 0))
        return out

    @property
    def undated(self) -> int:
        """How many records have no year."""
        return int((self.labels == UNDATED).sum())


def period_label(first: int, last: int) -> str:
    """Return ``"first–last"``, or one year alone."""
    return str(first) if first == last else f"{first}–{last}"


def _default_breaks(years: np.ndarray) -> list[int]:
    lo, hi = int(years.min()), int(years.max())
    decades = list(range(lo // 10 * 10, hi + 1, 10))
    occupied = len(np.unique(years // 10))
    if len(decades) <= 6 and occupied >= 3:
        return decades
    if len(decades) > 6 and occupied >= 3:
        step = 20 if len(decades) <= 12 else 50
        return list(range(lo // step * step, hi + 1, step))
    # Years concentrated in one or two decades: up to four bins of about equal counts.
    distinct = np.unique(years)
    k = min(4, len(distinct))
    cuts = np.unique(np.quantile(years, np.linspace(0, 1, k + 1)[:-1], method="lower").astype(int))
    return [int(c) for c in cuts]


def periods(records: pd.DataFrame, *, breaks: list[int] | tuple[int, ...] | None = None) -> Periods:
    """Group records into creation periods fitted to their years.

    Parameters
    ----------
    records : pandas.DataFrame
        Records; the ``year`` column is read (records without it are all undated).
    breaks : list of int, optional
        First year of each period (``[1980, 2000, 2010, 2020]``): a period runs to the year
        before the next break, the last to the latest year; the first starts at the earliest
        year. Years before the first break get a period of their own, so every dated record
        falls in one. By default decades (as the years fill them) when
        the years spread over three or more (20- or 50-year periods beyond six decades),
        otherwise up to four periods of about equal counts.

    Returns
    -------
    Periods

    Examples
    --------
    >>> frame = pd.DataFrame({"year": [1986, 1999, 2004, 2015, 2023, None]})
    >>> p = periods(frame)
    >>> p.names, p.counts()["Undated"]
    (('1986–1989', '1990–1999', '2000–2009', '2010–2019', '2020–2023'), 1)
    >>> periods(frame, breaks=[2000, 2010]).names
    ('1986–1999', '2000–2009', '2010–2023')
    """
    raw = records["year"] if "year" in records else pd.Series(np.nan, index=records.index)
    years = pd.to_numeric(raw, errors="coerce").round()
    known = years.dropna().to_numpy(dtype=int)
    labels = pd.Series(UNDATED, index=records.index, dtype=object)
    if not len(known):
        return Periods(bounds=(), labels=labels)
    lo, hi = int(known.min()), int(known.max())
    starts = sorted({int(b) for b in breaks}) if breaks else _default_breaks(known)
    starts = [s for s in starts if s <= hi] or [lo]
    if lo < starts[0]:
        starts.insert(0, lo)
    ends = [s - 1 for s in starts[1:]]
    # Each period as the data fill it: no year before the first record or after the last.
    bounds = tuple((max(a, lo), b) for a, b in zip(starts, [*ends, hi], strict=True))
    dated = years.notna()
    index = np.searchsorted(np.array(starts), years[dated].to_numpy(dtype=int), side="right") - 1
    names = np.array([period_label(a, b) for a, b in bounds], dtype=object)
    labels[dated] = names[index]
    return Periods(bounds=bounds, labels=labels)


def locale_key(text: object) -> str:
    """Sort key of a label that ignores case and accents ("Énergie" sorts with "Energie", before "Zone")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def lever_counts(records: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Count, per yes/no column (the intervention levers), the records saying yes and those known.

    One count for the figures, the report, the claims and the alt text: a value counts as
    yes only when it is ``True`` (missing and ``False`` do not); known is not missing.

    Parameters
    ----------
    records : pandas.DataFrame
    columns : list of str
        Boolean (nullable) columns, in the order wanted; absent ones are left out.

    Returns
    -------
    pandas.DataFrame
        Indexed by column name: ``yes`` and ``known`` (int).

    Examples
    --------
    >>> frame = pd.DataFrame({"a": pd.array([True, False, None], dtype="boolean")})
    >>> lever_counts(frame, ["a", "b"]).to_dict("index")
    {'a': {'yes': 1, 'known': 2}}
    """
    cols = [c for c in columns if c in records]
    block = records[cols]
    yes = block.eq(True).sum().astype(int)  # a nullable False or <NA> is not yes
    known = block.notna().sum().astype(int)
    return pd.DataFrame({"yes": yes, "known": known}, index=pd.Index(cols, dtype=object))
