"""Reading cluster records from CSV, XLSX, GeoJSON or GeoPackage, and checking them.

Column names are matched case-insensitively, accents and separators ignored, in English
or French (``name``/``nom``, ``city``/``ville``, ``year``/``année``, ``lat``/``latitude``,
``lon``/``lng``/``longitude``, ``region``/``région`` …) and renamed to one vocabulary.
Values are checked once, and every problem of a kind is reported in one message that
names the file, the rows and the column, and says how to fix it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .gazetteer import normalize_name

#: The seven intervention levers of the study's Table 3, as columns, with their labels.
LEVERS: dict[str, str] = {
    "lever_rnd": "Innovation development R&D",
    "lever_cooperation": "Cooperation & synergy development",
    "lever_skills": "Skills development",
    "lever_infrastructure": "Infrastructure development",
    "lever_international": "International development",
    "lever_subsidies": "Accessing subsidies and incentives",
    "lever_governance": "Governance and integrated practices",
}

#: Short labels of the levers, for tables and legends.
LEVER_SHORT: dict[str, str] = {
    "lever_rnd": "R&D",
    "lever_cooperation": "Cooperation",
    "lever_skills": "Skills",
    "lever_infrastructure": "Infrastructure",
    "lever_international": "International",
    "lever_subsidies": "Subsidies",
    "lever_governance": "Governance",
}

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
        "release date",
        "date de création",
        "founded",
    ),
    "lat": ("lat", "latitude", "y_lat"),
    "lon": ("lon", "lng", "long", "longitude", "x_lon"),
    "region": ("region", "région", "region_name"),
    "province": ("province", "préfecture", "prefecture", "province/préfecture"),
    "governance": ("governance", "gouvernance", "governance system", "système de gouvernance"),
    "financing": ("financing", "financement", "financing system", "système de financement"),
    "labeling": ("labeling", "labelling", "label", "labellisation", "labélisation"),
    "perimeter": ("perimeter", "périmètre", "geographic perimeter", "périmètre géographique"),
    "vocation": ("vocation",),
    "sector_group": ("sector group", "sector_group", "groupe sectoriel", "filière"),
}
_LOOKUP = {normalize_name(s): canon for canon, spellings in SYNONYMS.items() for s in spellings}
_LOOKUP.update({normalize_name(k): k for k in LEVERS})

_TRUE = {"true", "yes", "oui", "1", "x", "×", "✓", "vrai", "y"}
_FALSE = {"false", "no", "non", "0", "faux", "n"}
_UNKNOWN = {"", "-", "–", "—", "na", "n/a", "nan", "unknown", "inconnu", "?"}

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".geojson", ".json", ".gpkg")


def _where(frame: pd.DataFrame, rows: np.ndarray, column: str, limit: int = 3) -> str:
    label = frame.attrs.get("row_label", "row")
    offset = frame.attrs.get("row_offset", 2)
    header = frame.attrs.get("headers", {}).get(column, column)
    shown = ", ".join(f"{label} {int(i) + offset} ({frame[column].iat[int(i)]!r})" for i in rows[:limit])
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"{frame.attrs.get('source', '<records>')}, column {header!r}: {shown}{more}"


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # what French Excel writes


def _delimiter(text: str) -> str:
    head = text[:65536]
    first = head.splitlines()[0] if head else ""
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        return max(counts, key=lambda d: counts[d])


def _read_csv(path: Path) -> pd.DataFrame:
    text = _decode(path.read_bytes())
    if not text.strip():
        msg = f"{path}: the file is empty; give a header row (name, city, …) and one row per record."
        raise InputError(msg)
    sep = _delimiter(text)
    try:
        return pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_filter=False, skipinitialspace=True
        )
    except pd.errors.ParserError as err:
        m = re.search(r"line (\d+), saw (\d+)", str(err))
        where = f"row {m.group(1)} has {m.group(2)} fields" if m else str(err).strip()
        msg = (
            f"{path}: {where}, more than the header's columns (separator {sep!r}); "
            "quote cells that contain the separator or remove the extra cells."
        )
        raise InputError(msg) from err


def _read_excel(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, dtype=str, engine="openpyxl", keep_default_na=False)
    except Exception as err:  # openpyxl raises many types for damaged files
        msg = f"{path}: cannot be read as an Excel workbook ({type(err).__name__}); save it again as .xlsx or CSV."
        raise InputError(msg) from err
    return frame.fillna("")


def _read_vector(path: Path) -> pd.DataFrame:
    import geopandas as gpd

    try:
        frame = gpd.read_file(path)
    except Exception as err:  # pyogrio's DataSourceError and friends
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        msg = f"{path}: cannot be read as GeoJSON/GeoPackage ({first}); check the file is valid."
        raise InputError(msg) from err
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    geom = frame.geometry
    if len(geom) and geom.notna().any() and not geom.is_empty.all():
        if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
            geom = geom.to_crs("EPSG:4326")
        types = set(geom[geom.notna() & ~geom.is_empty].geom_type)
        if types - {"Point"}:
            msg = (
                f"{path}: geometries must be points, found {', '.join(sorted(types - {'Point'}))}; "
                "give one point per record, or a CSV with lat/lon or city columns."
            )
            raise InputError(msg)
        has = (geom.notna() & ~geom.is_empty).to_numpy()
        lat = np.full(len(table), "", dtype=object)
        lon = np.full(len(table), "", dtype=object)
        lat[has] = geom[has].y.map(repr).to_numpy()
        lon[has] = geom[has].x.map(repr).to_numpy()
        table["lat"], table["lon"] = lat, lon
    for col in table.columns:
        table[col] = table[col].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    table.attrs["row_label"] = "feature"
    table.attrs["row_offset"] = 1
    return table


def read_records(path: str | Path) -> pd.DataFrame:
    """Read cluster records from a file and check them.

    Parameters
    ----------
    path : str or Path
        A CSV (comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252/Latin-1),
        XLSX, GeoJSON or GeoPackage file.

    Returns
    -------
    pandas.DataFrame
        One row per record, in file order, with recognised columns renamed to the
        canonical vocabulary (see :data:`SYNONYMS`), ``lat``/``lon``/``year`` as numbers
        and lever columns as booleans (``pd.NA`` for unknown).

    Raises
    ------
    InputError
        If the file is missing, of an unsupported kind, empty, malformed, or holds values
        that can't be read; the message names the file, rows and column.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        msg = f"{path}: unsupported file type {suffix or '(none)'!r}; use one of {', '.join(SUPPORTED)}."
        raise InputError(msg)
    if not path.is_file():
        msg = f"{path}: no such file; check the path."
        raise InputError(msg)
    if suffix in (".xlsx", ".xlsm"):
        frame = _read_excel(path)
    elif suffix in (".geojson", ".json", ".gpkg"):
        frame = _read_vector(path)
    else:
        frame = _read_csv(path)
    frame.attrs["source"] = str(path)
    return prepare_records(frame)


def prepare_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename recognised columns, and check and convert their values.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records as read (strings), or built in Python.

    Returns
    -------
    pandas.DataFrame
        A new frame; see :func:`read_records`.
    """
    source = frame.attrs.get("source", "<records>")
    frame = frame.copy()
    frame.attrs.setdefault("source", source)
    frame.attrs.setdefault("row_offset", 2)
    frame.columns = [str(c).strip() for c in frame.columns]
    rename: dict[str, str] = {}
    seen: dict[str, str] = {}
    for col in frame.columns:
        canon = _LOOKUP.get(normalize_name(col))
        if canon is None:
            continue
        if canon in seen:
            msg = (
                f"{source}: columns {seen[canon]!r} and {col!r} both mean {canon!r}; "
                "keep one of them or rename the other."
            )
            raise InputError(msg)
        seen[canon] = col
        rename[col] = canon
    frame = frame.rename(columns=rename)
    frame.attrs["headers"] = {v: k for k, v in rename.items()}
    frame.attrs["prepared"] = True
    if frame.columns.duplicated().any():
        dup = sorted(set(frame.columns[frame.columns.duplicated()]))
        msg = f"{source}: the header repeats column(s) {dup}; give every column a distinct name."
        raise InputError(msg)
    if len(frame) == 0:
        msg = f"{source}: the file has a header but no records; add one row per record."
        raise InputError(msg)
    _check_coordinates(frame)
    _check_year(frame)
    _check_levers(frame)
    return frame


def _numbers(frame: pd.DataFrame, column: str) -> tuple[pd.Series, np.ndarray]:
    """Parse a column as numbers (decimal comma accepted); return values and bad rows."""
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw):
        return raw.astype(float), np.array([], dtype=int)
    values = pd.to_numeric(raw, errors="coerce").astype(float)
    # Only the cells that did not parse are looked at again (decimal commas, "-", blanks).
    idx = np.flatnonzero(values.isna().to_numpy())
    if len(idx):
        text = raw.iloc[idx].astype(str).str.strip()
        text = text.where(~text.str.fullmatch(r"-?\d+,\d+"), text.str.replace(",", ".", regex=False))
        empty = text.str.casefold().isin(_UNKNOWN)
        again = pd.to_numeric(text.where(~empty), errors="coerce")
        values.iloc[idx] = again.to_numpy(dtype=float)
        return values, idx[(again.isna() & ~empty).to_numpy()]
    return values, idx


def _check_coordinates(frame: pd.DataFrame) -> None:
    has_lat, has_lon = "lat" in frame, "lon" in frame
    source = frame.attrs.get("source", "<records>")
    if has_lat != has_lon:
        given, missing = ("lat", "lon") if has_lat else ("lon", "lat")
        msg = f"{source}: there is a {given!r} column but no {missing!r} column; give both, or neither."
        raise InputError(msg)
    if not has_lat:
        return
    parsed = {}
    for col, bound in (("lat", 90.0), ("lon", 180.0)):
        values, bad = _numbers(frame, col)
        if len(bad):
            msg = f"{_where(frame, bad, col)}: not a number; write decimal degrees such as 33.57 or -7.59."
            raise InputError(msg)
        out = np.flatnonzero((values.abs() > bound).to_numpy())
        if len(out):
            msg = (
                f"{_where(frame, out, col)}: outside ±{bound:g}°; write decimal degrees "
                "(are latitude and longitude swapped, or in a projected CRS?)."
            )
            raise InputError(msg)
        parsed[col] = values
    half = np.flatnonzero((parsed["lat"].isna() != parsed["lon"].isna()).to_numpy())
    if len(half):
        col = "lat" if parsed["lat"].isna().iat[int(half[0])] else "lon"
        msg = f"{_where(frame, half, col)}: one coordinate is empty and the other is not; give both or neither."
        raise InputError(msg)
    frame["lat"], frame["lon"] = parsed["lat"], parsed["lon"]


def _check_year(frame: pd.DataFrame) -> None:
    if "year" not in frame:
        return
    values, bad = _numbers(frame, "year")
    frac = np.flatnonzero((values.notna() & (values % 1 != 0)).to_numpy())
    bad = np.union1d(bad, frac).astype(int)
    if len(bad):
        msg = f"{_where(frame, bad, 'year')}: not a year; write a whole year such as 2014, or leave it empty."
        raise InputError(msg)
    frame["year"] = values.astype("Int64")


def _check_levers(frame: pd.DataFrame) -> None:
    for col in LEVERS:
        if col not in frame:
            continue
        raw = frame[col]
        if pd.api.types.is_bool_dtype(raw):
            frame[col] = raw.astype("boolean")
            continue
        text = raw.astype(str).str.strip().str.casefold()
        ok = text.isin(_TRUE | _FALSE | _UNKNOWN) | raw.isna()
        bad = np.flatnonzero((~ok).to_numpy())
        if len(bad):
            msg = f"{_where(frame, bad, col)}: not true/false; write true, false, or leave it empty for unknown."
            raise InputError(msg)
        out = pd.Series(pd.NA, index=frame.index, dtype="boolean")
        out[text.isin(_TRUE)] = True
        out[text.isin(_FALSE)] = False
        frame[col] = out
