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
    ``dask.distributed`` cluster: a local one (2 worker processes) or the scheduler given. The
    distinct city names are found first (``drop_duplicates``), resolved once in bulk by
    :func:`~clusteratlas.gazetteer.resolve_keys`, and that lookup table is broadcast to the
    workers; each partition is then geocoded by :func:`~clusteratlas.geocode` with it, and counted
    as streaming counts a chunk; the counts are added up with ``groupby().sum()``.

:func:`geocode_file` and :func:`shares_file` run any of them; :data:`ENGINES` is the registry.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import records as rec
from ._resources import atomic_path, atomic_write, check_input_file
from .aggregate import GEOGRAPHIC, Shares, Zones, load_zones
from .aliases import Aliases, load_aliases
from .errors import InputError, UnresolvedWarning
from .stream import (
    CHUNKSIZE,
    STREAMED,
    Unplaced,
    chunk_counts,
    combine_counts,
    conflicts,
    csv_error,
    csv_options,
    is_numeric,
    listing,
    set_notes,
    stream_geocode,
    stream_shares,
)

#: Bytes of CSV per Dask partition (about 400,000 register records).
BLOCKSIZE = 16_000_000
#: Records of a partition geocoded first to find the ones the warning lists.
HEAD = 20_000
#: Memory each worker of the local cluster may use.
MEMORY_LIMIT = "2GiB"
#: Seconds to wait for a ``--scheduler`` to answer.
CONNECT_TIMEOUT = 5
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
        One line for ``--help``.
    """

    geocode: Callable[..., Path]
    shares: Callable[..., Shares]
    options: tuple[str, ...]
    help: str


def _aliases(aliases: str | Path | Aliases | None) -> Aliases | None:
    return aliases if isinstance(aliases, Aliases) or aliases is None else load_aliases(aliases)


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
    from .export import write_records
    from .options import ReadOptions, read_geocoded

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
    from .aggregate import shares
    from .options import GeocodeOptions

    records = rec.read_records(_one_file(path, "memory"), sheet=sheet, layer=layer)
    how = GeocodeOptions(aliases=aliases, strict=strict)  # geocoded when `by` is geographic or `strict`
    return shares(records, by=by, zones=zones, per_capita=per_capita, geocode=how)


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


def _one_file(path: str | Path, engine: str) -> Path:
    """Refuse a folder or a glob for the engines that read one file."""
    text = str(path)
    if _GLOB & set(Path(text).name) or Path(text).is_dir():
        msg = f"{text}: `engine` {engine} reads one file, not a folder or a glob; use `engine` dask for several files."
        raise InputError(msg)
    return Path(path)


# --- dask --------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep distributed's own log (cluster start, stop, heartbeats) out of the user's messages."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextlib.contextmanager
def dask_client(scheduler: str | None = None) -> Iterator[Any]:
    """Connect to the Dask scheduler at ``scheduler``, or start a local cluster; close it at the end.

    The local cluster has 2 worker processes with one thread each and :data:`MEMORY_LIMIT` each,
    no dashboard, and is shut down when the block ends.

    Raises
    ------
    InputError
        If no scheduler answers at ``scheduler``.
    """
    import dask
    from distributed import Client, LocalCluster
    from distributed.comm.addressing import get_address_host_port

    if scheduler:
        try:
            get_address_host_port(scheduler)  # a malformed address fails here, before any connection
            with dask.config.set({"distributed.comm.timeouts.connect": f"{CONNECT_TIMEOUT}s"}):
                client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError, TypeError) as err:
            detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            msg = (
                f"`scheduler` {scheduler!r}: no Dask scheduler answers there ({detail}); give its address "
                "as tcp://HOST:8786, or drop `scheduler` to run on a local cluster."
            )
            raise InputError(msg) from err
        with client, _quiet():
            yield client
        return
    with (
        _quiet(),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit=MEMORY_LIMIT,
            dashboard_address=None,
            # No dashboard, and the scheduler's own HTTP server (health, metrics) on a free
            # port: its default, 8787, may be taken by another cluster on the machine.
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


@dataclass(frozen=True)
class _Source:
    """A table for Dask: its raw cells as a Dask DataFrame, how messages name it, its city column."""

    frame: Any
    label: str
    parquet: bool
    city: str | None
    encoding: str


def _files(path: str | Path) -> tuple[list[Path], str]:
    """Return the files a path, a glob or a folder (Parquet dataset) names, and their suffix."""
    text = str(path)
    root = Path(text)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".parquet")
        what = "holds no .parquet file"
    elif _GLOB & set(root.name):
        files = sorted(p for p in root.parent.glob(root.name) if p.is_file())
        what = "matches no file"
    else:
        check_input_file(root)
        files, what = [root], ""
    if not files:
        msg = f"{text}: {what}; give a CSV or Parquet file, a glob such as 'data/*.csv', or a Parquet folder."
        raise InputError(msg)
    suffixes = sorted({p.suffix.lower() for p in files})
    if len(suffixes) > 1 or suffixes[0] not in STREAMED:
        msg = (
            f"{text}: `engine` dask reads {', '.join(STREAMED)} files of one kind, not {', '.join(suffixes)}; "
            "convert the table to CSV or Parquet, or use `engine` memory."
        )
        raise InputError(msg)
    return files, suffixes[0]


def _open(path: str | Path, blocksize: int) -> _Source:
    """Open a file, a glob or a Parquet dataset as a Dask DataFrame of text cells (nothing read yet)."""
    import dask
    import dask.dataframe as dd

    files, suffix = _files(path)
    with dask.config.set({"dataframe.convert-string": False}):
        if suffix == ".parquet":
            schema = rec.parquet_file(files[0]).schema_arrow
            names = [str(n) for n in rec.drop_geometry(schema.empty_table()).schema.names]
            rec.check_header(names, str(files[0]))
            source = str(path) if Path(str(path)).is_dir() else [str(f) for f in files]
            frame = dd.read_parquet(source, columns=names)
            encoding = "utf-8"
        else:
            options = csv_options(files[0])
            encoding = str(options["encoding"])
            whole = encoding.startswith(("utf-16", "utf-32"))  # blocks can't be cut inside them
            frame = dd.read_csv([str(f) for f in files], blocksize=None if whole else blocksize, **options)
            names = [str(c) for c in frame.columns]
    city = next((n for n in names if rec.canonical_column(n) == "city"), None)
    return _Source(frame, str(path), suffix == ".parquet", city, encoding)


def _records(raw: pd.DataFrame, start: int, *, label: str, parquet: bool) -> pd.DataFrame:
    """Return a partition's cells, checked as :func:`~clusteratlas.stream.read_chunks` checks a chunk."""
    frame = rec.as_strings(raw) if parquet or any(raw.dtypes != "str") else raw
    frame.attrs.update(source=label, row_label="record", row_offset=1 + start)
    frame = rec.extra_cells(frame, say=not start).reset_index(drop=True)  # a separator ending every row
    out = rec.prepare_records(frame)
    if not start:
        rec.check_location(out)
    return out


def _geocoded(
    raw: pd.DataFrame,
    start: int,
    resolved: pd.DataFrame,
    notes: dict[str, str] | None,
    *,
    label: str,
    parquet: bool,
    aliases: Aliases | None,
) -> pd.DataFrame:
    """Geocode a partition with the broadcast lookup table; unknown names noted as the whole table notes them."""
    from .geocode import geocode

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedWarning)
        geo = geocode(_records(raw, start, label=label, parquet=parquet), aliases=aliases, resolved=resolved)
    if notes is not None:
        set_notes(geo, notes)
    return geo


def _summary(geo: pd.DataFrame, limit: int) -> tuple[list[tuple[str, str, str]], int, int, tuple[list[str], int]]:
    """Return a partition's unplaced records listed (see :func:`~clusteratlas.stream.listing`), rows, unplaced.

    And its records in conflict with their own region or province column: the first listed
    (:func:`~clusteratlas.geocode.conflict_listing`) and their count.
    """
    from .geocode import CONFLICTS_LISTED, conflict_listing

    bad = int(geo["region_code"].isna().sum())
    clashes = conflicts(geo)
    clashed = (conflict_listing(geo, CONFLICTS_LISTED) if clashes else []), clashes
    return (listing(geo, limit) if bad else []), len(geo), bad, clashed


def _counted(geo: pd.DataFrame, by: str, zones: Zones | None, per_capita: bool, limit: int) -> Any:
    """Count a partition (:func:`~clusteratlas.stream.chunk_counts`); list its unplaced; say if ``by`` is numeric."""
    summary = _summary(geo, limit) if "region_code" in geo else ([], len(geo), 0, ([], 0))
    numeric = by not in GEOGRAPHIC and is_numeric(geo, by)
    return chunk_counts(geo, by=by, zones=zones, per_capita=per_capita), summary, numeric


def _dask_csv_error(source: _Source, err: Exception) -> InputError:
    """Say why a CSV partition could not be read, with what Dask's byte blocks add to it."""
    base = str(csv_error(source.label, err, source.encoding))
    if isinstance(err, UnicodeDecodeError):
        return InputError(
            base.replace("after its first megabyte", "in some partition").replace("`chunksize`", "`engine` dask")
        )
    return InputError(
        f"{base.rstrip('.')}; Dask cuts a CSV into byte blocks at line breaks, so a quoted cell holding a line "
        "break can't be read this way: use `engine` stream, or convert the table to Parquet."
    )


def _compute(client: Any, source: _Source, *collections: Any) -> Any:
    """Compute on the cluster; CSV errors raised by a worker become one clear message."""
    try:
        return client.compute(list(collections), sync=True)
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise _dask_csv_error(source, err) from err


@dataclass(frozen=True)
class _Plan:
    """What the first pass over a table finds: partitions, their first record, the broadcast lookup."""

    parts: list[Any]
    starts: list[int]
    sizes: list[int]
    resolved: Any


def _plan(client: Any, source: _Source, *, geocoded: bool) -> _Plan:
    """Count each partition's records and, to geocode, resolve the distinct city names once and broadcast them."""
    from .gazetteer import load_gazetteer, normalize_names, resolve_keys

    parts = source.frame.to_delayed()
    lengths = source.frame.map_partitions(len)
    if geocoded and source.city is not None:
        sizes, names = _compute(client, source, lengths, source.frame[source.city].drop_duplicates(split_out=1))
        keys = pd.unique(pd.Series(normalize_names(pd.Series(names).astype(str).tolist()), dtype=object))
        table = resolve_keys(keys, load_gazetteer()).set_axis(pd.Index(keys, dtype=object))
    else:
        (sizes,) = _compute(client, source, lengths)
        table = pd.DataFrame(columns=["status", "place_id", "match", "score", "note"])
    if not sum(sizes):
        msg = f"{source.label}: the file has a header but no records; add one row per record."
        raise InputError(msg)
    starts = np.concatenate([[0], np.cumsum(np.asarray(sizes, dtype=np.int64))[:-1]]).astype(int).tolist()
    resolved = client.scatter(table, broadcast=True, hash=False) if geocoded else None
    return _Plan(parts, starts, [int(n) for n in sizes], resolved)


def _head(raw: pd.DataFrame, rows: int | None) -> pd.DataFrame:
    return raw if rows is None else raw.iloc[:rows]


def _listed(client: Any, source: _Source, plan: _Plan, aliases: Aliases | None) -> Unplaced:
    """Find the records the whole table's warning lists, from the first partitions that hold enough of them.

    The first :data:`HEAD` records of a partition are tried first: when they hold enough
    unplaced records, those are the partition's first ones, listed and noted alike.
    """
    from dask.delayed import delayed

    from .geocode import LISTED

    seen = Unplaced()
    for part, start, size in zip(plan.parts, plan.starts, plan.sizes, strict=True):
        for rows in (HEAD, None) if size > HEAD else (None,):
            geo = delayed(_geocoded)(
                delayed(_head)(part, rows),
                start,
                plan.resolved,
                None,
                label=source.label,
                parquet=source.parquet,
                aliases=aliases,
            )
            ((listed, *_),) = _compute(client, source, delayed(_summary)(geo, LISTED))
            if rows is None or len(seen.parts) + len(listed) >= LISTED:
                break
        seen.take(listed, total=0, count=0)
        if len(seen.parts) >= LISTED:
            break
    return seen


def _dask_geocode(
    path: str | Path,
    out: str | Path,
    *,
    aliases: Aliases | None,
    strict: bool,
    excel: bool,
    scheduler: str | None = None,
    blocksize: int = BLOCKSIZE,
) -> Path:
    from .export import check_output

    out = check_output(out, (".csv", ".parquet"))
    source = _open(path, blocksize)
    with dask_client(scheduler) as client:
        plan = _plan(client, source, geocoded=True)
        seen = _listed(client, source, plan, aliases)
        if out.suffix.lower() == ".parquet":
            with atomic_path(out) as tmp:
                _write_parquet(_gathered(client, source, plan, seen, aliases), tmp)
                seen.report(strict=strict)
        else:
            with atomic_write(out, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as f:
                _write_csv(_gathered(client, source, plan, seen, aliases), f, excel=excel)
                seen.report(strict=strict)
    return out


def _gathered(client: Any, source: _Source, plan: _Plan, seen: Unplaced, aliases: Aliases | None) -> Iterator[Any]:
    """Yield the geocoded partitions in order, a few computed ahead (workers never hold the whole table).

    Their unplaced and conflicting records are counted into ``seen``, the first conflicting ones listed.
    """
    from dask.delayed import delayed

    from .geocode import conflict_listing

    ahead: deque[Any] = deque()
    todo = iter(zip(plan.parts, plan.starts, strict=True))
    window = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
    while True:
        while len(ahead) < window:
            nxt = next(todo, None)
            if nxt is None:
                break
            task = delayed(_geocoded)(
                nxt[0], nxt[1], plan.resolved, seen.notes, label=source.label, parquet=source.parquet, aliases=aliases
            )
            ahead.append(client.compute(task))
        if not ahead:
            return
        future = ahead.popleft()
        try:
            geo = future.result()
        except (pd.errors.ParserError, UnicodeDecodeError) as err:
            raise _dask_csv_error(source, err) from err
        finally:
            future.release()
        seen.total += len(geo)
        seen.count += int(geo["region_code"].isna().sum())
        clashes = conflicts(geo)
        seen.add_clashes(conflict_listing(geo, seen.clash_room()) if clashes else [], clashes)
        yield geo


def _write_csv(parts: Iterator[pd.DataFrame], f: Any, *, excel: bool) -> None:
    """Write geocoded partitions as one CSV, the bytes :func:`~clusteratlas.export.write_records` writes."""
    from .export import _csv_lines
    from .geocode import user_headers

    sep, decimal = (";", ",") if excel else (",", ".")
    first = True
    for geo in parts:
        lines = _csv_lines(user_headers(geo), sep, decimal)
        header = next(lines)
        if first:
            f.write(header)
            first = False
        f.writelines(lines)


def _write_parquet(parts: Iterator[pd.DataFrame], path: Path) -> None:
    """Write geocoded partitions as one GeoParquet file, a row group each, as ``export.write_parquet`` does."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq
    from geopandas.io.arrow import _geopandas_to_arrow

    from .geocode import to_geodataframe, user_headers

    writer = None
    try:
        for geo in parts:
            table = _geopandas_to_arrow(to_geodataframe(user_headers(geo)), index=False)
            if writer is None:
                meta = dict(table.schema.metadata or {})
                doc = json.loads(meta[b"geo"])
                for column in doc.get("columns", {}).values():
                    column.pop("bbox", None)  # known per partition only; optional in GeoParquet
                meta[b"geo"] = json.dumps(doc).encode()
                schema = pa.schema(
                    [f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in table.schema], metadata=meta
                )
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(table.cast(schema))
    finally:
        if writer is not None:
            writer.close()


def _dask_shares(
    path: str | Path,
    *,
    by: str,
    zones: Zones | None,
    per_capita: bool,
    aliases: Aliases | None,
    strict: bool,
    scheduler: str | None = None,
    blocksize: int = BLOCKSIZE,
) -> Shares:
    from dask.delayed import delayed

    from .geocode import LISTED

    geographic = by in GEOGRAPHIC or strict
    source = _open(path, blocksize)
    with dask_client(scheduler) as client:
        plan = _plan(client, source, geocoded=geographic)
        tasks = []
        for part, start in zip(plan.parts, plan.starts, strict=True):
            if geographic:
                records = delayed(_geocoded)(
                    part, start, plan.resolved, None, label=source.label, parquet=source.parquet, aliases=aliases
                )
            else:
                records = delayed(_records)(part, start, label=source.label, parquet=source.parquet)
            tasks.append(delayed(_counted)(records, by, zones, per_capita, LISTED))
        (results,) = _compute(client, source, tasks)
    seen = Unplaced()
    for _, (listed, total, bad, clashed), _ in results:
        seen.take(listed, total=total, count=bad, clashes=clashed)
    seen.report(strict=strict)
    counts = [r[0] for r in results]
    return combine_counts(counts, by=by, total=seen.total, per_capita=per_capita, numeric=bool(results[-1][2]))


#: The engines, by name: what ``--engine`` offers.
ENGINES: dict[str, Engine] = {
    "memory": Engine(
        _memory_geocode,
        _memory_shares,
        ("sheet", "layer"),
        "the whole table at once, any format, fastest while it fits in memory",
    ),
    "stream": Engine(
        _stream_geocode,
        _stream_shares,
        ("chunksize",),
        "a CSV or Parquet file chunk by chunk, memory bounded by the chunk",
    ),
    "dask": Engine(
        _dask_geocode,
        _dask_shares,
        ("scheduler", "blocksize"),
        "a file, a glob or a Parquet folder on a Dask cluster (a local one, or the one at a scheduler address)",
    ),
}


def _engine(engine: str, engine_kwds: Mapping[str, Any] | None) -> tuple[Engine, dict[str, Any]]:
    """Look an engine up and check its options; unknown names list the valid ones."""
    if engine not in ENGINES:
        msg = f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}."
        raise InputError(msg)
    chosen = ENGINES[engine]
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


__all__ = ["BLOCKSIZE", "ENGINES", "Engine", "dask_client", "geocode_file", "shares_file"]
