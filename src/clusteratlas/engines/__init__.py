"""Engines: the same geocoding and shares in memory, streamed, or on a Dask cluster.

Three engines give the same rows and the same shares (tests compare them on 50,000 records):

``memory``
    Read the whole table, geocode it (:func:`~clusteratlas.geocode`, :func:`~clusteratlas.shares`).
    Any input format; memory grows with the rows.
``stream``
    Read a CSV or Parquet file chunk by chunk (:mod:`clusteratlas.stream`): memory bounded by the
    chunk and the distinct names.
``dask``
    A Dask DataFrame over a file, a glob of files or a Parquet dataset (folder), on a
    ``dask.distributed`` cluster (:mod:`clusteratlas.engines._dask`). Dask is an optional
    dependency: ``pip install 'clusteratlas[dask]'``.

:func:`geocode_file` and :func:`shares_file` run the engine named; :func:`run_geocode` and
:func:`run_shares` are what ``clusteratlas geocode`` and ``clusteratlas shares`` do: they choose
the engine from the options given (:func:`choose_engine`), read, geocode, and count or write.
:data:`ENGINES` is the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._resources import check_not_input
from ..aggregate import Shares, Zones, load_zones
from ..aggregate import shares as count_shares
from ..aliases import Aliases, load_aliases
from ..crosstab import CrossTable, crosstab, split_by
from ..errors import InputError
from ..export import check_layer_name, write_records
from ..options import GeocodeOptions, ReadOptions, ShareOptions, WriteOptions, read_geocoded
from ..records import read_records
from ..registry import RECORD_FORMATS, Registry, output_format
from ..schema import count_placed
from ..stream import CHUNKSIZE, STREAMED, stream_geocode, stream_shares
from ._dask import BLOCKSIZE, dask_client, dask_geocode
from ._dask_count import dask_shares

__all__ = [
    "BLOCKSIZE",
    "ENGINES",
    "Counted",
    "Engine",
    "Geocoded",
    "choose_engine",
    "dask_client",
    "geocode_file",
    "run_geocode",
    "run_shares",
    "shares_file",
]

_GLOB = frozenset("*?[")


@dataclass(frozen=True)
class Engine:
    """One way to run :func:`geocode_file` and :func:`shares_file`.

    Attributes
    ----------
    geocode : callable
        ``geocode(path, out, *, aliases, strict, excel, **engine_kwds) -> Path``.
    shares : callable
        ``shares(path, *, by, zones, per_capita, aliases, strict, **engine_kwds) -> Shares``.
    options : tuple of str
        The ``engine_kwds`` it takes.
    help : str
        One line for ``--help`` (its entry in :data:`ENGINES`).
    """

    geocode: Callable[..., Path]
    shares: Callable[..., Shares]
    options: tuple[str, ...]
    help: str


class _Engines(Registry[Engine]):
    """The engines' registry; an unknown name keeps the message users of ``engine`` know."""

    def unknown(self, key: object) -> str:
        return f"unknown engine {key!r}; use one of {', '.join(self)}."


def _aliases(aliases: str | Path | Aliases | None) -> Aliases | None:
    return aliases if isinstance(aliases, Aliases) or aliases is None else load_aliases(aliases)


def _one_file(path: str | Path, engine: str) -> Path:
    """Refuse a folder or a glob for the engines that read one file."""
    text = str(path)
    if _GLOB & set(Path(text).name) or Path(text).is_dir():
        msg = f"{text}: `engine` {engine} reads one file, not a folder or a glob; use `engine` dask for several files."
        raise InputError(msg)
    return Path(path)


# --- memory ------------------------------------------------------------------------------


def _memory_geocode(
    path: str | Path,
    out: str | Path,
    *,
    aliases: Aliases | None,
    strict: bool,
    excel: bool,
    sheet: str | None = None,
    layer: str | None = None,
) -> Path:
    read = ReadOptions(aliases=aliases, strict=strict, sheet=sheet, layer=layer)
    return write_records(read_geocoded(_one_file(path, "memory"), read), out, excel=excel)


def _memory_shares(
    path: str | Path,
    *,
    by: str,
    zones: Zones | None,
    per_capita: bool,
    aliases: Aliases | None,
    strict: bool,
    sheet: str | None = None,
    layer: str | None = None,
) -> Shares:
    records = read_records(_one_file(path, "memory"), sheet=sheet, layer=layer)
    how = GeocodeOptions(aliases=aliases, strict=strict)  # geocoded when `by` is geographic or `strict`
    return count_shares(records, by=by, zones=zones, per_capita=per_capita, geocode=how)


# --- stream ------------------------------------------------------------------------------


def _stream_geocode(
    path: str | Path, out: str | Path, *, aliases: Aliases | None, strict: bool, excel: bool, chunksize: int = CHUNKSIZE
) -> Path:
    return stream_geocode(
        _one_file(path, "stream"), out, chunksize=chunksize, aliases=aliases, strict=strict, excel=excel
    )


def _stream_shares(
    path: str | Path,
    *,
    by: str,
    zones: Zones | None,
    per_capita: bool,
    aliases: Aliases | None,
    strict: bool,
    chunksize: int = CHUNKSIZE,
) -> Shares:
    return stream_shares(
        _one_file(path, "stream"),
        by=by,
        zones=zones,
        per_capita=per_capita,
        chunksize=chunksize,
        aliases=aliases,
        strict=strict,
    )


#: The engines, by name: what ``engine`` (``--engine``) offers.
ENGINES: Registry[Engine] = _Engines("engine", "engine")


def _register(name: str, engine: Engine) -> None:
    ENGINES.add(name, engine, engine.help)


_register(
    "memory",
    Engine(
        _memory_geocode,
        _memory_shares,
        ("sheet", "layer"),
        "the whole table at once, any format, fastest while it fits in memory",
    ),
)
_register(
    "stream",
    Engine(
        _stream_geocode,
        _stream_shares,
        ("chunksize",),
        "a CSV or Parquet file chunk by chunk, memory bounded by the chunk",
    ),
)
_register(
    "dask",
    Engine(
        dask_geocode,
        dask_shares,
        ("scheduler", "blocksize"),
        "a file, a glob or a Parquet folder on a Dask cluster (a local one, or the one at a scheduler address)",
    ),
)


def _engine(engine: str, engine_kwds: Mapping[str, Any] | None) -> tuple[Engine, dict[str, Any]]:
    """Look an engine up and check its options; unknown names list the valid ones."""
    chosen = ENGINES.get(engine)
    kwds = {k: v for k, v in (engine_kwds or {}).items() if v is not None}
    wrong = sorted(set(kwds) - set(chosen.options))
    if wrong:
        takes = ", ".join(chosen.options) or "no option"
        msg = (
            f"engine {engine!r} takes {takes}, not {', '.join(wrong)}; drop {', '.join(wrong)} or pick another engine."
        )
        raise InputError(msg)
    return chosen, kwds


def geocode_file(
    path: str | Path,
    out: str | Path,
    *,
    engine: str = "memory",
    engine_kwds: Mapping[str, Any] | None = None,
    aliases: str | Path | Aliases | None = None,
    strict: bool = False,
    excel: bool = False,
) -> Path:
    """Geocode a file's records with an engine and write them: the same rows whichever engine.

    Parameters
    ----------
    path : str or Path
        The records: any format :func:`~clusteratlas.read_records` reads (``memory``); a CSV or
        Parquet file (``stream``); a CSV or Parquet file, a glob of them or a Parquet folder (``dask``).
    out : str or Path
        The file to write: ``.csv`` (every engine), ``.parquet`` (``memory``, ``dask``),
        ``.geojson`` or ``.gpkg`` (``memory``). Written atomically.
    engine : {"memory", "stream", "dask"}, default "memory"
        See :data:`ENGINES`.
    engine_kwds : mapping, optional
        The engine's options: ``sheet``, ``layer`` (memory); ``chunksize`` (stream);
        ``scheduler`` (an address such as ``tcp://host:8786``; default a local cluster),
        ``blocksize`` (bytes of CSV per partition) (dask). ``None`` values are ignored.
    aliases : str, Path or Aliases, optional
        As for :func:`~clusteratlas.geocode`.
    strict : bool, default False
        Raise :class:`~clusteratlas.errors.UnresolvedError` (and write nothing) when some
        records can't be placed.
    excel : bool, default False
        Write the CSV for French Excel (see :func:`~clusteratlas.export.write_csv`).

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    InputError
        For an unknown engine, an option it does not take, or input it can't read.

    Warns
    -----
    UnresolvedWarning
        Once, listing the first unplaced records, as :func:`~clusteratlas.geocode` does.
    RegionConflictWarning
        Once, listing the first records placed outside the region or province their own
        columns give, as :func:`~clusteratlas.geocode` does.
    """
    chosen, kwds = _engine(engine, engine_kwds)
    return chosen.geocode(path, out, aliases=_aliases(aliases), strict=strict, excel=excel, **kwds)


def shares_file(
    path: str | Path,
    *,
    by: str = "region",
    zones: Zones | str | Path | None = None,
    per_capita: bool = False,
    engine: str = "memory",
    engine_kwds: Mapping[str, Any] | None = None,
    aliases: str | Path | Aliases | None = None,
    strict: bool = False,
) -> Shares:
    """Count a file's records by region, province, zone or a column with an engine: the same shares whichever engine.

    Parameters
    ----------
    path : str or Path
        The records (see :func:`geocode_file`).
    by, zones, per_capita
        As for :func:`~clusteratlas.shares`.
    engine : {"memory", "stream", "dask"}, default "memory"
        See :data:`ENGINES`.
    engine_kwds : mapping, optional
        The engine's options (see :func:`geocode_file`).
    aliases : str, Path or Aliases, optional
        As for :func:`~clusteratlas.geocode`.
    strict : bool, default False
        Raise :class:`~clusteratlas.errors.UnresolvedError` when some records can't be placed.

    Returns
    -------
    Shares
        What :func:`~clusteratlas.shares` gives on the whole table.
    """
    chosen, kwds = _engine(engine, engine_kwds)
    zone_obj = zones if isinstance(zones, Zones) or zones is None else load_zones(zones)
    return chosen.shares(
        path, by=by, zones=zone_obj, per_capita=per_capita, aliases=_aliases(aliases), strict=strict, **kwds
    )


# --- what the commands run: the engine chosen from the options -------------------------


def choose_engine(
    path: str | Path,
    *,
    engine: str | None = None,
    chunksize: int | None = None,
    scheduler: str | None = None,
    read: ReadOptions | None = None,
) -> tuple[str, dict[str, Any]] | None:
    """Choose the engine the options ask for, and its ``engine_kwds``; ``None`` for the in-memory default.

    No option, or ``engine="memory"`` alone, is the in-memory default, which reads every format
    and every reading option. Otherwise ``engine`` is the one named, else ``dask`` when a
    ``scheduler`` is given, else ``stream`` (a ``chunksize``).

    Parameters
    ----------
    path : str or Path
        The records to read.
    engine : {"memory", "stream", "dask"}, optional
        See :data:`ENGINES`.
    chunksize : int, optional
        Records per chunk of the ``stream`` engine.
    scheduler : str, optional
        The Dask scheduler's address (``tcp://host:8786``) of the ``dask`` engine.
    read : ReadOptions, optional
        How the records are read; ``sheet``, ``layer`` and the column choices (``name_column`` …)
        are read in memory only.

    Returns
    -------
    tuple of (str, dict) or None

    Raises
    ------
    InputError
        For an unknown engine, or what the chosen engine can't read; the message names the
        options given (```engine` stream``, ```chunksize```) so that the user knows what to drop.
    """
    if engine is not None:
        ENGINES.check(engine)
    if engine in (None, "memory") and chunksize is None and scheduler is None:
        return None
    read = read or ReadOptions()
    name = engine or ("dask" if scheduler else "stream")
    passed = _passed(engine=engine, chunksize=chunksize, scheduler=scheduler)
    if name == "stream":
        _check_streamed(Path(path), passed, read)
    if read.columns():
        chosen = " and ".join(f"`{k}`" for k in read.columns())
        msg = f"{chosen} is read by the in-memory engine (the default); drop {passed} or {chosen}."
        raise InputError(msg)
    given = {"chunksize": chunksize, "scheduler": scheduler, "sheet": read.sheet, "layer": read.layer}
    return name, {k: v for k, v in given.items() if v is not None}


def _passed(**given: object) -> str:
    """Name the options given, as messages do: ```engine` stream and `chunksize```."""
    flags = [
        f"`{name}`" + (f" {value}" if name == "engine" else "") for name, value in given.items() if value is not None
    ]
    return " and ".join(flags)


def _check_streamed(path: Path, passed: str, read: ReadOptions) -> None:
    """Refuse what streaming can't read, naming the options ``passed`` (```engine` stream``, ```chunksize```)."""
    suffix = path.suffix.lower()
    if suffix not in STREAMED and not path.is_dir() and not _GLOB & set(path.name):
        verb = "read" if " and " in passed else "reads"
        msg = f"{path}: {passed} {verb} {', '.join(STREAMED)} files, not {suffix or '(none)'!r}; drop {passed}."
        raise InputError(msg)
    for option, value in (("sheet", read.sheet), ("layer", read.layer)):
        if value is not None:
            msg = f"`{option}` reads a workbook or a GeoPackage, which can't be streamed; drop {passed} or `{option}`."
            raise InputError(msg)


@dataclass(frozen=True)
class Geocoded:
    """What :func:`run_geocode` wrote.

    Attributes
    ----------
    path : Path
        The file written.
    records, placed : int or None
        How many records it holds, and how many of them are placed (``None`` when the
        streaming or Dask engine wrote it: they warn about the unplaced ones instead).
    """

    path: Path
    records: int | None = None
    placed: int | None = None


def run_geocode(
    path: str | Path,
    output: str | Path,
    *,
    read: ReadOptions | None = None,
    excel: bool = False,
    engine: str | None = None,
    chunksize: int | None = None,
    scheduler: str | None = None,
    write: WriteOptions | None = None,
) -> Geocoded:
    """Geocode a file's records and write them: what ``clusteratlas geocode`` does.

    Parameters
    ----------
    path : str or Path
        The records (see :func:`geocode_file` for what each engine reads).
    output : str or Path
        A file of :data:`clusteratlas.registry.RECORD_FORMATS`; checked, and checked not to
        be ``path``, before any work. Written atomically.
    read : ReadOptions, optional
        Sheet, layer, name column, aliases and ``strict``.
    excel : bool, default False
        Write the CSV for French Excel (see :func:`~clusteratlas.export.write_csv`).
    engine, chunksize, scheduler
        The engine and its options; see :func:`choose_engine`.
    write : WriteOptions, optional
        The layer's name in a GeoPackage (the ``name`` of a GeoJSON; default: the input
        file's stem, see :func:`~clusteratlas.export.write_geo`) and the language of a
        workbook's headers and of a GeoPackage's QGIS styles. A ``.gpkg`` written in
        memory carries QGIS styles and a regions layer (:func:`clusteratlas._styles.write_styled_gpkg`).

    Returns
    -------
    Geocoded
    """
    output_format(RECORD_FORMATS, output)
    check_not_input([output], [path])
    write = write or WriteOptions()
    if write.layer_name is not None:
        check_layer_name(write.layer_name, output)
    read = read or ReadOptions()
    chosen = choose_engine(path, engine=engine, chunksize=chunksize, scheduler=scheduler, read=read)
    if chosen is None:
        geo = read_geocoded(path, read)
        if Path(output).suffix.lower() == ".gpkg":  # styled for QGIS as our figures, with a regions layer
            # Styles draw on the map layer's spec: imported only for a GeoPackage, so that
            # shares and the other formats don't pay for them at start-up.
            from .._styles import write_styled_gpkg
            from ..mapspec import MapOptions

            options = MapOptions(unit="records", lang=write.lang)
            written = write_styled_gpkg(geo, output, layer=write.layer_name, options=options)
        else:
            written = write_records(geo, output, excel=excel, layer=write.layer_name, lang=write.lang)
        return Geocoded(written, len(geo), count_placed(geo))
    name, kwds = chosen
    geocode_file(path, output, engine=name, engine_kwds=kwds, aliases=read.aliases, strict=read.strict, excel=excel)
    return Geocoded(Path(output))


@dataclass(frozen=True)
class Counted:
    """What :func:`run_shares` counted: the shares or the cross-table, and the zones they were counted with (if any)."""

    shares: Shares | CrossTable
    zones: Zones | None


def _memory_only(by: str, weight: str | None, name: str, passed: str) -> None:
    """Refuse a weight or a cross-table on the ``stream`` and ``dask`` engines, which count records only."""
    asked = "`weight`" if weight is not None else "a cross-table (`by` region,COLUMN)"
    if weight is not None or split_by(by) is not None:
        msg = (
            f"{asked} is computed by the in-memory engine (the default); engine {name} counts records by one "
            f"grouping only: drop {passed}."
        )
        raise InputError(msg)


def run_shares(
    path: str | Path,
    *,
    by: str = "region",
    zones: Zones | str | Path | None = None,
    read: ReadOptions | None = None,
    engine: str | None = None,
    chunksize: int | None = None,
    scheduler: str | None = None,
    count: ShareOptions | None = None,
) -> Counted:
    """Count a file's records by region, province, zone or a column: what ``clusteratlas shares`` does.

    Parameters
    ----------
    path : str or Path
        The records (see :func:`geocode_file` for what each engine reads).
    by, zones
        As for :func:`~clusteratlas.shares`; a zones file is read once, here. A ``by`` of two
        parts (``"region,Secteur"``) makes a cross-table (:func:`~clusteratlas.crosstab.crosstab`).
    read : ReadOptions, optional
        Sheet, layer, name column, aliases and ``strict``; the records are geocoded when
        ``by`` is geographic, or to honour ``strict``.
    engine, chunksize, scheduler
        The engine and its options; see :func:`choose_engine`. Weights and cross-tables are
        counted in memory only: the other engines refuse them with an InputError.
    count : ShareOptions, optional
        ``per_capita`` (not with a cross-table), ``weight`` and ``missing_weight`` (see
        :func:`~clusteratlas.shares`).

    Returns
    -------
    Counted
        Its ``shares`` a :class:`~clusteratlas.crosstab.CrossTable` when ``by`` has two parts.
    """
    count = count or ShareOptions()
    split = split_by(by)
    if split is not None and count.per_capita:
        msg = "`per_capita` is for one geographic grouping; a cross-table gives location quotients already: drop it."
        raise InputError(msg)
    zoned = (split[0] if split else by) == "zone" or zones is not None  # a zones file is read once, here
    zone_obj = zones if isinstance(zones, Zones) else load_zones(zones) if zoned else None
    read = read or ReadOptions()
    chosen = choose_engine(path, engine=engine, chunksize=chunksize, scheduler=scheduler, read=read)
    if chosen is None:
        return Counted(_memory_count(path, by, zone_obj, read, count), zone_obj)
    name, kwds = chosen
    _memory_only(by, count.weight, name, _passed(engine=engine, chunksize=chunksize, scheduler=scheduler))
    result = shares_file(
        path,
        by=by,
        zones=zone_obj,
        per_capita=count.per_capita,
        engine=name,
        engine_kwds=kwds,
        aliases=read.aliases,
        strict=read.strict,
    )
    return Counted(result, zone_obj)


def _memory_count(
    path: str | Path, by: str, zones: Zones | None, read: ReadOptions, count: ShareOptions
) -> Shares | CrossTable:
    """Read the records in memory and count them: shares, or a cross-table when ``by`` has two parts."""
    records = read_records(path, sheet=read.sheet, layer=read.layer, **read.columns())
    weight, missing = count.weight, count.missing_weight
    split = split_by(by)
    if split is not None:
        return crosstab(records, by=split, zones=zones, geocode=read, weight=weight, missing_weight=missing)
    return count_shares(
        records, by=by, zones=zones, per_capita=count.per_capita, geocode=read, weight=weight, missing_weight=missing
    )
