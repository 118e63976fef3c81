"""How records are read and geocoded: the options every library entry point shares.

:func:`clusteratlas.report`, :func:`clusteratlas.reproduce` and :func:`clusteratlas.shares`
take these objects instead of repeating ``sheet``, ``layer``, ``aliases`` and ``strict``
each, and :func:`read_geocoded` is the one place that turns a path or a frame into
geocoded records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import pandas as pd

from ._readback import as_geocoded
from .errors import InputError
from .geocode import geocode, geocode_to_count
from .records import check_cells, read_records
from .schema import count_placed

if TYPE_CHECKING:
    from .aliases import Aliases

__all__ = [
    "GEOCODED_COLUMNS",
    "GeocodeOptions",
    "ReadKwargs",
    "ReadOptions",
    "ShareOptions",
    "WriteOptions",
    "geocoded",
    "is_geocoded",
    "read_geocoded",
    "require_geocoded",
]

#: Columns that mark records as geocoded (written by :func:`clusteratlas.geocode`).
GEOCODED_COLUMNS = ("region_code", "geocode_status")


@dataclass(frozen=True)
class GeocodeOptions:
    """How records are geocoded.

    Parameters
    ----------
    aliases : str, Path or Aliases, optional
        Your own place names (see :func:`clusteratlas.geocode`).
    strict : bool, default False
        Raise :class:`~clusteratlas.errors.UnresolvedError` when some records can't be placed.
    """

    aliases: str | Path | Aliases | None = None
    strict: bool = False


@dataclass(frozen=True)
class ReadOptions(GeocodeOptions):
    """How records are read from a file, then geocoded.

    Parameters
    ----------
    aliases, strict
        See :class:`GeocodeOptions`.
    sheet : str, optional
        The sheet of a workbook to read (see :func:`clusteratlas.read_records`).
    layer : str, optional
        The layer of a GeoPackage to read.
    name_column : str, optional
        The column that names the records, as the file's header writes it (see
        :func:`clusteratlas.read_records`).
    city_column, province_column, region_column : str, optional
        The town's, province's and region's column, as the file's header writes it.
    """

    sheet: str | None = None
    layer: str | None = None
    name_column: str | None = None
    city_column: str | None = None
    province_column: str | None = None
    region_column: str | None = None

    def columns(self) -> dict[str, str]:
        """Return the column choices made, as keywords of :func:`clusteratlas.read_records` (``name_column`` …)."""
        fields = ("name_column", "city_column", "province_column", "region_column")
        return {f: value for f in fields if (value := getattr(self, f)) is not None}


@dataclass(frozen=True)
class ShareOptions:
    """What shares count: records or a weight, and per-capita values.

    Parameters
    ----------
    per_capita : bool, default False
        Add population, per million and location quotients (see :func:`clusteratlas.shares`).
    weight : str, optional
        A column of numbers: shares of its sum, the record count beside them.
    missing_weight : {"error", "zero", "skip"}, default "error"
        What a record without a weight counts for.
    """

    per_capita: bool = False
    weight: str | None = None
    missing_weight: str = "error"


@dataclass(frozen=True)
class WriteOptions:
    """How geocoded records are written, besides ``excel`` (see :func:`clusteratlas.export.write_records`).

    Parameters
    ----------
    layer_name : str, optional
        The layer's name in a ``.gpkg`` (other layers are kept) and a ``.geojson``'s
        ``name``; default: the input file's stem.
    lang : str, default "en"
        The language of the headers of the columns geocoding adds, in a ``.xlsx`` workbook,
        and of the legends of a ``.gpkg``'s QGIS styles.
    """

    layer_name: str | None = None
    lang: str = "en"


class ReadKwargs(TypedDict, total=False):
    """The fields of :class:`ReadOptions`, as keywords (``reproduce(..., strict=True)``)."""

    aliases: str | Path | Aliases | None
    strict: bool
    sheet: str | None
    layer: str | None
    name_column: str | None
    city_column: str | None
    province_column: str | None
    region_column: str | None


def is_geocoded(records: pd.DataFrame) -> bool:
    """Whether records carry the columns :func:`clusteratlas.geocode` writes (:data:`GEOCODED_COLUMNS`)."""
    return all(c in records for c in GEOCODED_COLUMNS)


def require_geocoded(records: pd.DataFrame, param: str = "records") -> pd.DataFrame:
    """Return ``records`` if they are geocoded, else raise an error naming the missing columns.

    Raises
    ------
    InputError
        If a column of :data:`GEOCODED_COLUMNS` is missing.
    """
    missing = [c for c in GEOCODED_COLUMNS if c not in records]
    if missing:
        msg = (
            f"`{param}` are not geocoded (no {', '.join(repr(c) for c in missing)} column); "
            "geocode them first (clusteratlas.geocode) or pass geocode=True."
        )
        raise InputError(msg)
    return records


def geocoded(
    records: pd.DataFrame, how: bool | GeocodeOptions, *, needed: bool, to_count: bool = False
) -> pd.DataFrame:
    """Apply a ``geocode`` parameter's contract to records (see :func:`clusteratlas.shares`).

    Parameters
    ----------
    records : pandas.DataFrame
        Records, geocoded or not.
    how : bool or GeocodeOptions
        ``True``: geocode records that are needed and not geocoded yet (no aliases, not
        strict); ``False``: never geocode, raise if they are needed and not geocoded;
        options: geocode with them when needed, or whenever ``strict`` is set (so that it
        refuses unplaced records even when places are not needed).
    needed : bool
        Whether the caller needs places (a geographic grouping).
    to_count : bool, default False
        The caller only counts the records: geocoding gives them the columns a count reads
        (:func:`~clusteratlas.geocode.geocode_to_count`), with the same warnings and errors.

    Returns
    -------
    pandas.DataFrame
    """
    place = geocode_to_count if to_count else geocode
    if isinstance(how, GeocodeOptions):
        if not (needed or how.strict):
            return records
        return place(records, strict=how.strict, aliases=how.aliases)
    if not needed or is_geocoded(records):
        return records
    if how:
        return place(records)
    return require_geocoded(records)


def read_geocoded(data: str | Path | pd.DataFrame, read: ReadOptions | None = None) -> pd.DataFrame:
    """Read records from a file (or take a frame) and geocode them unless they already are.

    A frame that is already geocoded (:func:`is_geocoded`) is returned as is; a file is
    always read with ``read.sheet``/``read.layer``/``read.columns()`` and geocoded with ``read.aliases`` and
    ``read.strict``, unless it is one of our own outputs (and no aliases are given): then its
    placements are kept as written (:func:`clusteratlas._readback.as_geocoded`).

    Raises
    ------
    InputError
        If the file can't be read, or ``sheet``/``layer`` are given with a frame.
    """
    read = read or ReadOptions()
    if isinstance(data, pd.DataFrame):
        if read.sheet is not None or read.layer is not None:
            msg = "`sheet` and `layer` choose what to read from a file; they don't apply to a DataFrame."
            raise InputError(msg)
        if read.columns():
            given = ", ".join(f"`{k}`" for k in read.columns())
            msg = f"{given} say(s) how to read a file; in a DataFrame, call the columns 'name', 'city' … instead."
            raise InputError(msg)
        check_cells(data)
        if is_geocoded(data):
            return data
        return geocoded(data, GeocodeOptions(aliases=read.aliases, strict=read.strict), needed=True)
    records = read_records(Path(data), sheet=read.sheet, layer=read.layer, **read.columns())
    ours = as_geocoded(records) if read.aliases is None else None  # one of our outputs, read back
    if ours is not None and not (read.strict and count_placed(ours) < len(ours)):
        return ours
    return geocoded(records, GeocodeOptions(aliases=read.aliases, strict=read.strict), needed=True)
