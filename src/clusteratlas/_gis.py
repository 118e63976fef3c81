"""GIS files that lose nothing: one column schema for GeoPackage, GeoJSON and GeoParquet.

:func:`column_kinds` decides each column's type once, and every geodata writer writes the
table :func:`typed_frame` returns, so a column is the same type in all three formats:

- the columns geocoding adds have fixed types (``lat``, ``lon``, ``geocode_score`` real;
  the codes ``region_code`` and ``province_code`` and every other one text);
- a user's column that already has a type keeps it (``year`` integer, ``lever_*``
  boolean, numbers, dates);
- a user's column of text becomes integer or real when every filled cell is a number as
  people write them (``2 880``, ``12,5``, ``12 MDH``; see
  :func:`clusteratlas.records.read_numbers`), boolean when every one is a word such as
  ``oui``/``non``, a date when every one is a date (``2021-03-04``, ``04/03/2021``);
- codes and identifiers stay text: a column whose header names a code or an identifier
  (``code``, ``ICE``, ``id``, ``code postal``, ``tél`` …), or with a cell written with a leading
  zero (``03``, ``03.271``, ``001234567000089``) or of more than 15 digits.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"Effectif": ["2 880", "12"], "Capital": ["12,5", ""], "ICE": ["0012", "0034"],
...                   "Code postal": ["20000", "10000"], "Export": ["oui", "non"]})
>>> column_kinds(t)
{'Effectif': 'integer', 'Capital': 'real', 'ICE': 'text', 'Code postal': 'text', 'Export': 'boolean'}
>>> layer_name("/data/Zones industrielles 2024.csv")
'Zones_industrielles_2024'
"""

from __future__ import annotations

import contextlib
import errno
import re
import shutil
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._gpkglock import held_geopackage
from ._resources import atomic_path, output_error
from ._text import strip_cells
from .errors import InputError, OutputError
from .records import FALSE_CELLS, TRUE_CELLS, UNITS, UNKNOWN_CELLS, full_dates, read_numbers
from .schema import GEOCODE_COLUMNS

__all__ = [
    "GPKG_TIME",
    "GPKG_VERSION",
    "KINDS",
    "PartSchema",
    "column_kinds",
    "csvt_line",
    "csvt_text",
    "csvt_types",
    "geo_frame",
    "layer_name",
    "merge_kinds",
    "part_kinds",
    "typed_frame",
    "write_gpkg_layer",
]

#: The column types every geodata output uses, in this order of preference.
KINDS = ("integer", "real", "boolean", "date", "datetime", "text")
#: The GeoPackage version written: 1.2 opens without a warning in GDAL 3.4+ and QGIS 3.22
#: LTR, and GDAL's ``validate_gpkg.py`` accepts it (1.4, GDAL's default since 3.8, is not).
GPKG_VERSION = "1.2"
#: The time GDAL writes into a GeoPackage (``last_change``): fixed, so the bytes depend only on the data.
GPKG_TIME = "2000-01-01T00:00:00.000Z"

#: Columns geocoding adds that are numbers; the others (codes, names, words) are text.
_REAL = frozenset({"lat", "lon", "geocode_score"})
#: A header that names a code or an identifier (a word of its own, any case).
_CODE_HEADER = re.compile(
    r"(?:^|[\W_])(?:codes?|ids?|identifiant|ice|if|rc|cnss|cin|patente|matricule|siret|siren|cp|postal|"
    r"postcode|zip|tel|tél|téléphone|telephone|phone|fax|gsm|mobile|n°|num|numéro|numero)(?:$|[\W_])",
    re.IGNORECASE,
)
#: A cell that a number type would change: a leading zero (``03``, ``03.271``) or a long identifier.
_CODE_CELL = re.compile(r"[+-]?0\d.*|\d{16,}")
_BOOLEAN_WORDS = frozenset(TRUE_CELLS | FALSE_CELLS) - {"1", "0", "x", "×", "✓", "y", "n"}
_DATE_FORMATS = (
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
    (r"\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y"),
    (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y"),
)
try:  #: Text columns: pandas' string dtype with NaN for missing (the ``str`` of pandas 3).
    _TEXT = pd.StringDtype(na_value=np.nan)
except TypeError:  # pandas < 2.3
    _TEXT = pd.StringDtype()
#: Distinct cells read first: a column whose first ones are not all dates or numbers is neither.
_PROBE = 1000
#: GeoPackage reserves table names with these prefixes.
_RESERVED = ("gpkg_", "rtree_", "sqlite_")


def layer_name(source: str | Path, given: str | None = None) -> str:
    """Return the layer name for records read from ``source``: its file's stem, sanitised, or ``given``.

    The stem keeps ASCII letters, digits and ``_`` (accents dropped, every other run of
    characters one ``_``); ``records`` when nothing is left. A name that is given is used
    as it is, once checked.

    Raises
    ------
    InputError
        If ``given`` is empty, has control characters or a GeoPackage reserved prefix.
    """
    if given is not None:
        if not given.strip() or given != given.strip() or any(unicodedata.category(c)[0] == "C" for c in given):
            msg = f"layer name {given!r}: give a name without control characters or blanks around it."
            raise InputError(msg)
        if given.casefold().startswith(_RESERVED):
            reserved = ", ".join(_RESERVED)
            msg = f"layer name {given!r}: GeoPackage reserves names starting with {reserved}; choose another."
            raise InputError(msg)
        return given
    stem = Path(str(source)).stem if str(source) != "<records>" else ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9_]+", "_", ascii_stem).strip("_")
    if not name:
        return "records"
    return f"layer_{name}" if name[0].isdigit() or name.casefold().startswith(_RESERVED) else name


def _filled(column: pd.Series) -> pd.Series:
    """Return the distinct filled cells of a text column, stripped (unknown cells such as ``n/a`` left out)."""
    if isinstance(column.dtype, pd.StringDtype) and len(column) > _ARROW_FROM:
        return _filled_text(column)
    filled = column.dropna()
    with contextlib.suppress(TypeError):  # each distinct cell stripped once (unhashable cells: each)
        filled = pd.Series(pd.unique(filled), dtype=object)
    text = pd.Series(pd.unique(filled.astype(str).str.strip()), dtype=object)
    return text[~text.str.casefold().isin(UNKNOWN_CELLS)].reset_index(drop=True)


#: From this many cells on, a string column's filled cells are found by Arrow (see :func:`_filled_text`).
_ARROW_FROM = 10_000


def _filled_text(column: pd.Series) -> pd.Series:
    """:func:`_filled` of a string column, its distinct cells stripped by Arrow (in C), in the same order.

    :func:`~clusteratlas._text.strip_cells` strips them as Python does. Only cells as short
    as the longest unknown cell are casefolded to look for one.
    """
    distinct = pd.Series(pd.unique(column.dropna()), dtype=column.dtype)
    text = strip_cells(distinct)
    cells = text.to_numpy(dtype=object)
    if bool(text.ne(distinct).any()):  # stripping made some cells alike
        cells = pd.unique(cells)
    short = np.flatnonzero(pd.Series(cells, dtype="str").str.len().to_numpy() <= _LONGEST_UNKNOWN)
    unknown = np.zeros(len(cells), dtype=bool)
    unknown[short] = pd.Series(cells[short], dtype=object).str.casefold().isin(UNKNOWN_CELLS).to_numpy()
    return pd.Series(cells[~unknown], dtype=object)


_LONGEST_UNKNOWN = max(len(c) for c in UNKNOWN_CELLS)


def _date_format(cells: pd.Series) -> str | None:
    """Return the date format every cell is written in, when they all are real dates of one."""
    for pattern, fmt in _DATE_FORMATS:
        if cells.str.fullmatch(pattern).all() and pd.to_datetime(cells, format=fmt, errors="coerce").notna().all():
            return fmt
    return None


def _all_dates(cells: pd.Series) -> bool:
    """Say whether every cell is a full date by the reader's rules, in any mix of forms (``11 mars 1982``)."""
    return bool(len(cells)) and bool(full_dates(cells).notna().all())


def _dates(cells: pd.Series) -> bool:
    """Say whether every cell is a date: all in one format, or workbook dates beside 12/03/2016 and 11 novembre 1982."""
    return _date_format(cells) is not None or _all_dates(cells)


def _known_unit(unit: str | None) -> bool:
    """Say whether a unit the cells share is a known unit or currency (or there is none)."""
    return unit is None or unit.casefold().replace(" ", "").replace(".", "") in UNITS


def _probe_is_text(probe: pd.Series) -> bool:
    """Say whether a column's first distinct filled cells make it text: not all booleans, dates or numbers."""
    if _booleans(probe) or _dates(probe):
        return False
    _, bad, unit = read_numbers(probe)
    return bool(len(bad)) or not _known_unit(unit)


#: Rows of a long column of text whose filled cells are read first (see :func:`_head_is_text`).
_HEAD_ROWS = 20_000


def _head_is_text(name: str, column: pd.Series) -> bool:
    """Say whether a long column of text is text by its first :data:`_HEAD_ROWS` rows alone (a column of names).

    The distinct filled cells of the first rows are the first of the whole column's, in the
    same order; when they are :data:`_PROBE` or more, they are the probe
    :func:`_text_kind` reads first, and a probe of text makes the column text whatever the
    other cells are: a million names are not all read to say so.
    """
    if len(column) <= _HEAD_ROWS or not _is_text(name, column):
        return False
    head = _filled(column.iloc[:_HEAD_ROWS])
    return len(head) >= _PROBE and _probe_is_text(head.head(_PROBE))


def _text_kind(name: str, column: pd.Series, cells: pd.Series | None = None) -> str:
    """Return the type of a column of text cells (see the module's rules); ``cells``: its :func:`_filled`."""
    cells = _filled(column) if cells is None else cells
    if cells.empty or _CODE_HEADER.search(name):
        return "text"
    probe = cells.head(_PROBE)  # a column of names fails here, without reading all its cells
    if _booleans(probe) and _booleans(cells):
        return "boolean"
    if _dates(probe) and _dates(cells):
        return "date"
    _, bad, unit = read_numbers(probe)
    if len(bad) or not _known_unit(unit) or cells.str.fullmatch(_CODE_CELL.pattern).any():
        return "text"
    values, bad, unit = read_numbers(cells)
    if len(bad) or not _known_unit(unit):  # "Firme 12" in every cell is a name, not 12 firms
        return "text"
    numbers = values.dropna().to_numpy(dtype=float)
    whole = bool(np.all(numbers == np.round(numbers)) and np.all(np.abs(numbers) < 2**53))
    return "integer" if whole else "real"


def _booleans(cells: pd.Series) -> bool:
    """Say whether every cell is a word for true or false."""
    return bool(cells.str.casefold().isin(_BOOLEAN_WORDS).all())


def _kind(name: str, column: pd.Series, cells: pd.Series | None = None) -> str:
    """Return the type of one column (see :func:`column_kinds`); ``cells``: its :func:`_filled`, if known."""
    dtype = column.dtype
    if name in GEOCODE_COLUMNS:
        return "real" if name in _REAL else "text"
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "real"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        times = column.dropna()
        return "date" if (times.dt.normalize() == times).all() else "datetime"
    if cells is None and _head_is_text(name, column):  # a column of names: its first rows say so
        return "text"
    return _text_kind(name, column, cells)


def column_kinds(frame: pd.DataFrame) -> dict[str, str]:
    """Decide the type of every column of a geocoded table, for every geodata format alike.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records (geocoded or not), under the headers they are written with.

    Returns
    -------
    dict of str to str
        Each column's kind, one of :data:`KINDS`, in the table's order.
    """
    return {str(name): _kind(str(name), frame[name]) for name in frame.columns}


def _is_text(name: str, column: pd.Series) -> bool:
    """Say whether a column holds text whose kind its cells decide: not one geocoding adds, not typed."""
    dtype = column.dtype
    typed = (
        pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
    )
    return name not in GEOCODE_COLUMNS and not typed


def _text_cells(name: str, column: pd.Series) -> pd.Series | None:
    """Return :func:`_filled` of a column of text (``None`` for one geocoding adds or a typed one)."""
    return _filled(column) if _is_text(name, column) else None


def _unfilled(name: str, column: pd.Series, cells: pd.Series | None = None) -> bool:
    """Say whether a column of text has no filled cell (any kind fits it): not one geocoding adds, not typed."""
    cells = _text_cells(name, column) if cells is None else cells
    return cells is not None and cells.empty


def _part_kind(name: str, column: pd.Series) -> str | None:
    """Return one column's kind in a part of a table, ``None`` for text with no filled cell."""
    if _head_is_text(name, column):
        return "text"
    cells = _text_cells(name, column)
    return None if _unfilled(name, column, cells) else _kind(name, column, cells)


def part_kinds(frame: pd.DataFrame) -> dict[str, str | None]:
    """Return :func:`column_kinds` of one part of a table (a chunk, a partition), ``None`` where any kind fits.

    A column of text with no filled cell in this part says nothing of its kind: it is
    ``None``, and :func:`merge_kinds` takes the kind the other parts give.
    """
    return {str(n): _part_kind(str(n), frame[n]) for n in frame.columns}


#: Two kinds of one column in two parts, and the kind both fit.
_JOINED = {frozenset({"integer", "real"}): "real", frozenset({"date", "datetime"}): "datetime"}


def merge_kinds(first: Mapping[str, str | None], second: Mapping[str, str | None]) -> dict[str, str | None]:
    """Return the kinds that fit two parts of one table: the same kind, a wider one (integer and real: real), or text.

    Examples
    --------
    >>> merge_kinds({"a": "integer", "b": None, "c": "date"}, {"a": "real", "b": "boolean", "c": "integer"})
    {'a': 'real', 'b': 'boolean', 'c': 'text'}
    """
    out = dict(first)
    for name, kind in second.items():
        known = out.get(name)
        if known is None or kind is None or known == kind:
            out[name] = known if kind is None else kind if known is None else known
        else:
            out[name] = _JOINED.get(frozenset({known, kind}), "text")
    return out


@dataclass
class PartSchema:
    """One column schema for a table written part by part (the Dask engine's GeoParquet).

    :meth:`add` each part as it passes; :meth:`final` gives the kinds and headers that
    :func:`typed_frame` then writes every part with, so the parts share one schema: the one
    :func:`column_kinds` gives the whole table (a column whose parts carry two units is text).
    """

    kinds: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, frame: pd.DataFrame) -> None:
        """Merge one part's kinds and units into the schema."""
        kinds = part_kinds(frame)
        self.kinds = merge_kinds(self.kinds, kinds)
        taken = {str(c) for c in frame.columns}
        for name, kind in kinds.items():
            header = _with_unit(name, frame[name], kind or "text", taken)
            known = self.names.get(name, name)
            if known == name:
                self.names[name] = header
            elif header not in (name, known):  # "12 MDH" here, "12 kDH" there: text as written
                self.kinds[name] = "text"

    def final(self) -> tuple[dict[str, str], dict[str, str]]:
        """Return every column's kind (text when no part had a value) and header (with its unit when a number)."""
        kinds = {name: kind or "text" for name, kind in self.kinds.items()}
        names = {n: self.names.get(n, n) if kinds[n] in ("integer", "real") else n for n in kinds}
        return kinds, names


def _as_kind(column: pd.Series, kind: str) -> pd.Series:
    """Convert a column to its kind: nullable integers and booleans, floats, dates or text (``None`` missing)."""
    if kind in ("integer", "real") and not pd.api.types.is_numeric_dtype(column.dtype):
        column = read_numbers(column.astype(object).where(column.notna(), ""))[0]
    if kind == "integer":
        return pd.Series(pd.array(np.round(column.astype(float)), dtype="Int64"), index=column.index)
    if kind == "real":
        return column.astype(float)
    if kind == "boolean":
        if pd.api.types.is_bool_dtype(column.dtype):
            return column.astype("boolean")
        text = column.astype(object).where(column.notna(), "").astype(str).str.strip().str.casefold()
        out = pd.Series(pd.NA, index=column.index, dtype="boolean")
        out[text.isin(TRUE_CELLS)] = True
        out[text.isin(FALSE_CELLS)] = False
        return out
    if kind in ("date", "datetime"):
        if not pd.api.types.is_datetime64_any_dtype(column.dtype):
            cells = column.astype(object).where(column.notna(), "").astype(str).str.strip()
            fmt = _date_format(_filled(cells))
            if fmt is None and kind == "date":  # dates in several forms: read as the reader reads them
                column = full_dates(cells)
            else:
                column = pd.to_datetime(cells, format=fmt or "ISO8601", errors="coerce")
        values = column.dt.date if kind == "date" else column.dt.to_pydatetime()
        return pd.Series(values, index=column.index, dtype=object).where(column.notna(), None)
    if isinstance(column.dtype, pd.StringDtype):
        return column  # already text (missing as NaN or <NA>, as it was)
    return column.astype(_TEXT)  # a column with no value is still text, not null


def _with_unit(name: str, column: pd.Series, kind: str, taken: set[str]) -> str:
    """Return a column's header with the unit its cells carried (``Capital (MDH)``), once they are numbers."""
    if kind not in ("integer", "real") or pd.api.types.is_numeric_dtype(column.dtype):
        return name
    unit = read_numbers(_filled(column))[2]
    if unit is None or unit.casefold() in name.casefold() or f"{name} ({unit})" in taken:
        return name
    return f"{name} ({unit})"


def typed_frame(
    frame: pd.DataFrame, *, kinds: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Return records with every column of its :func:`column_kinds` type, and no ``attrs``.

    The same table goes to every geodata writer, so each column has one type in GPKG,
    GeoJSON and GeoParquet. A column of numbers written with a unit (``12 MDH``) keeps
    the unit in its header (``Capital (MDH)``). The provenance (``attrs``, with the
    input's path) is left behind: no writer can carry it into a file's metadata.
    ``kinds`` and ``names`` (:meth:`PartSchema.final`) type a part of a table as the whole.
    """
    kinds = dict(kinds) if kinds is not None else column_kinds(frame)
    if names is None:
        taken = {str(c) for c in frame.columns}
        names = {str(n): _with_unit(str(n), frame[n], kinds[str(n)], taken) for n in frame.columns}
    out = pd.DataFrame(
        {names[str(name)]: _as_kind(frame[name], kinds[str(name)]) for name in frame.columns},
        index=frame.index,
    )
    out.attrs = {}
    return out


def geo_frame(
    frame: pd.DataFrame, *, kinds: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None
) -> Any:
    """Return :func:`typed_frame` as a GeoDataFrame of points in EPSG:4326 (no geometry when unplaced)."""
    import geopandas as gpd

    typed = typed_frame(frame, kinds=kinds, names=names)
    lon = typed["lon"].to_numpy(dtype=float)
    lat = typed["lat"].to_numpy(dtype=float)
    geometry = gpd.points_from_xy(lon, lat, crs="EPSG:4326")
    geometry[np.isnan(lon) | np.isnan(lat)] = None
    return gpd.GeoDataFrame(typed, geometry=geometry, crs="EPSG:4326")


def _is_geopackage(path: Path) -> bool:
    """Say whether a file is a GeoPackage by its header: an SQLite database with GeoPackage's application id."""
    with path.open("rb") as f:
        head = f.read(72)
    return head[:16] == b"SQLite format 3\x00" and head[68:72] in (b"GPKG", b"GP10", b"GP11")


def write_gpkg_layer(
    frame: pd.DataFrame, path: Path, layer: str, *, finish: Callable[[Path, list[str]], None] | None = None
) -> Path:
    """Write records as the point layer ``layer`` of the GeoPackage ``path``, keeping its other layers.

    A new file is a GeoPackage :data:`GPKG_VERSION`. An existing one is copied, the layer
    added (or replaced) in the copy, and the copy moved onto ``path``: a run that fails
    leaves the original as it was. Meanwhile its SQLite write lock is held, and a file
    another program has open or is writing is not replaced (:mod:`clusteratlas._gpkglock`).
    GDAL's timestamps are pinned, so the bytes depend only
    on the data. ``finish``, when given, adds to the copy before it is moved (more layers,
    styles): it gets the copy's path and the layer's column names as written.

    Raises
    ------
    InputError
        If ``path`` exists and is not a GeoPackage that can be written.
    OutputError
        If another program has ``path`` open or is writing to it.
    """
    import pyogrio

    exists = path.is_file()
    if exists and not _is_geopackage(path):
        msg = (
            f"{path}: exists and is not a GeoPackage; write to a new .gpkg file, "
            "or move this one away if it is not yours to keep."
        )
        raise InputError(msg)
    gdf = geo_frame(frame)
    _check_case(path, [str(c) for c in gdf.columns])
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_TIME})
    with held_geopackage(path) if exists else contextlib.nullcontext(), atomic_path(path) as tmp:
        if exists:
            shutil.copyfile(path, tmp)
        options = {} if exists else {"VERSION": GPKG_VERSION}
        try:
            pyogrio.write_dataframe(gdf, tmp, layer=layer, driver="GPKG", use_arrow=True, dataset_options=options)
        except Exception as err:  # pyogrio's DataSourceError and friends: not a GeoPackage, or a failed write
            if isinstance(err, pyogrio.errors.FieldError):  # the table's columns, not the disk
                raise _field_refused(path, err) from err
            if not exists:
                raise _write_failed(path, err) from err
            first = _first_line(err)
            msg = (
                f"{path}: exists and cannot take a layer ({first}); "
                "write to a new .gpkg file, or remove this one if it is not yours to keep."
            )
            raise InputError(msg) from err
        if finish is not None:
            finish(tmp, [str(c) for c in gdf.columns])
    return path


def _check_case(path: Path, columns: list[str]) -> None:
    """Refuse columns whose names differ only in case: a GeoPackage (SQLite) takes them for one.

    Raises
    ------
    InputError
        Naming the two columns and what to do.
    """
    seen: dict[str, str] = {}
    for name in columns:
        other = seen.setdefault(name.casefold(), name)
        if other != name:
            msg = (
                f"{path}: columns {other!r} and {name!r} differ only in case, and a GeoPackage's column names "
                "ignore case; rename one of them in the input, or write .geojson, .parquet or .csv."
            )
            raise InputError(msg)


def _first_line(err: Exception) -> str:
    """Return the first line of an error's message, or its type's name when it says nothing."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _field_refused(path: Path, err: Exception) -> InputError:
    """GDAL's refusal of a column (its name or type) as the error that says so, with no word of the disk."""
    first = _first_line(err)
    msg = (
        f"{path}: a column cannot be written to a GeoPackage (GDAL: {first[:300]}); rename that column "
        "in the input, or write .geojson, .parquet or .csv."
    )
    return InputError(msg)


def _write_failed(path: Path, err: Exception) -> OutputError:
    """GDAL's failed write (a full disk, a file size limit) as the error that names the GeoPackage."""
    first = _first_line(err)
    code = err.errno if isinstance(err, OSError) and err.errno else errno.EIO
    return output_error(path, OSError(code, f"GDAL: {first[:300]}"))


#: What GDAL reads as such in a CSV's text cells, by kind: plain integers, plain decimals, ISO dates.
_PLAIN = {"integer": r"[+-]?\d+", "real": r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", "date": r"\d{4}-\d{2}-\d{2}"}
_CSVT = {"integer": "Integer64", "real": "Real", "date": "Date", "boolean": "Integer(Boolean)"}


def _csvt_type(name: str, column: pd.Series) -> str | None:
    """Return GDAL's CSV type of a column as the plain CSV writes it (cells unchanged); ``None``: empty text."""
    if _head_is_text(name, column):
        return "String"
    cells = _text_cells(name, column)
    if _unfilled(name, column, cells):
        return None
    kind = _kind(name, column, cells)
    if kind not in _CSVT or pd.api.types.is_datetime64_any_dtype(column.dtype):
        return "String"
    if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        return _CSVT[kind]
    cells = _filled(column) if cells is None else cells
    if kind in _PLAIN and cells.str.fullmatch(_PLAIN[kind]).all():  # "240", not "2 880"
        return _CSVT[kind]
    return "String"


def csvt_text(frame: pd.DataFrame) -> str:
    r"""Return the ``.csvt`` line that tells GDAL and QGIS the types of a plain CSV's columns.

    Codes and every text cell are ``"String"`` (``03`` stays ``03``, not 3); the columns of
    numbers, booleans and ISO dates (:func:`column_kinds`) are ``"Integer64"``, ``"Real"``,
    ``"Integer(Boolean)"`` or ``"Date"`` when GDAL can read their cells as written: the
    CSV's cells are written as they are, so numbers written as people write them
    (``2 880``, ``12,5``) are ``"String"`` here (the geodata formats hold them as numbers).

    Examples
    --------
    >>> csvt_text(pd.DataFrame({"region_code": ["R1"], "year": pd.array([2020], dtype="Int64"), "lat": [33.5]}))
    '"String","Integer64","Real"\n'
    """
    return csvt_line(csvt_types(frame))


def csvt_types(frame: pd.DataFrame, known: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
    """Return GDAL's CSV type of each column of a part of a table, merged with ``known`` (the parts before it).

    ``None`` for a column of text with no filled cell yet; two types of one column merge
    into ``"Real"`` (``"Integer64"`` and ``"Real"``) or ``"String"``.
    """
    out = dict(known or {})
    for name in frame.columns:
        kind, before = _csvt_type(str(name), frame[name]), out.get(str(name))
        if before is None or kind is None or before == kind:
            out[str(name)] = before if kind is None else kind if before is None else before
        else:
            out[str(name)] = "Real" if {before, kind} == {"Integer64", "Real"} else "String"
    return out


def csvt_line(types: Mapping[str, str | None]) -> str:
    """Return the ``.csvt`` line of :func:`csvt_types` (a column no part filled is ``"String"``)."""
    return ",".join(f'"{kind or "String"}"' for kind in types.values()) + "\n"
