"""The Dask engine: geocoding and shares over a file, a glob or a Parquet folder on a cluster.

A Dask DataFrame over the table, on a ``dask.distributed`` cluster: a local one (2 worker
processes) or the scheduler given. Each partition is read by the worker that geocodes it, and
geocoded by :func:`~clusteratlas.geocode` as the streaming engine geocodes a chunk (its
distinct city names resolved in bulk; the gazetteer built once per worker process). To
geocode, the unplaced records the warning lists are found in the first partitions, then the
geocoded partitions come back in order to be written, each with its number of rows: where
the next one starts (the records' numbers in messages), so no pass counts them first.
Shares are counted where the partitions lie (:mod:`._dask_count`): only the counts come back.

Dask is an optional dependency (``pip install 'clusteratlas[dask]'``): it is imported only
here, inside the functions that run on it, and :func:`require_dask` says how to install it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import tempfile
import warnings
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

from .. import records as rec
from .._gis import PartSchema, geo_frame
from .._resources import atomic_path, atomic_write, check_input_file
from ..aggregate import GEOGRAPHIC, Zones
from ..aliases import Aliases
from ..errors import ClusterAtlasWarning, InputError, UnresolvedWarning
from ..export import check_output, write_csvt
from ..geocode import CONFLICTS_LISTED, LISTED, conflict_listing, geocode, user_headers
from ..schema import PLACED_COLUMN, count_placed, set_provenance
from ..stream import (
    STREAMED,
    Unplaced,
    chunk_counts,
    conflicts,
    csv_error,
    csv_options,
    is_numeric,
    listing,
    set_notes,
    write_csv_parts,
)

__all__ = [
    "BLOCKSIZE",
    "CONNECT_TIMEOUT",
    "HEAD",
    "MEMORY_LIMIT",
    "dask_client",
    "dask_geocode",
    "require_dask",
]

#: Bytes of CSV per Dask partition (about 400,000 register records).
BLOCKSIZE = 16_000_000
#: Records of a partition geocoded first to find the ones the warning lists.
HEAD = 20_000
#: Memory each worker of the local cluster may use.
MEMORY_LIMIT = "2GiB"
#: Seconds to wait for a ``--scheduler`` to answer.
CONNECT_TIMEOUT = 5
_GLOB = frozenset("*?[")


def require_dask() -> None:
    """Check that Dask and ``distributed`` can be imported.

    Raises
    ------
    InputError
        If either is missing, saying how to install them.
    """
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        msg = (
            f"`engine` dask needs Dask, which is not installed ({err}): install clusteratlas[dask] "
            "(pip install 'clusteratlas[dask]'), or use `engine` stream or memory."
        )
        raise InputError(msg) from err


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
    require_dask()
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
            rec.check_whole_text(files, encoding, "`engine` dask")  # NUL, bad bytes: refused before any work
            whole = encoding.startswith(("utf-16", "utf-32"))  # blocks can't be cut inside them
            frame = dd.read_csv([str(f) for f in files], blocksize=None if whole else blocksize, **options)
            names = [str(c) for c in frame.columns]
    renames = rec.column_renames(names, str(path), None)
    city = next((n for n, canon in renames.items() if canon == "city"), None)
    return _Source(frame, str(path), suffix == ".parquet", city, encoding)


def _records(
    raw: pd.DataFrame,
    start: int,
    *,
    label: str,
    parquet: bool,
    last: bool = False,
    first: bool | None = None,
    totals: bool = False,
) -> pd.DataFrame:
    """Return a partition's cells, checked as :func:`~clusteratlas.stream.read_chunks` checks a chunk.

    Blank rows are left out of every partition and a totals row out of the ``last`` one (the
    warning naming it is given once, by :func:`_say_totals`, unless ``totals``: then it is
    given here). ``first`` (default: ``start`` is 0) is the table's first partition, whose
    extra cells and location columns are said and checked.
    """
    first = not start if first is None else first
    frame = rec.as_strings(raw) if parquet or any(raw.dtypes != "str") else raw
    set_provenance(frame, source=label, row_label="record", row_offset=1 + start)
    frame = rec.extra_cells(frame, say=first).reset_index(drop=True)  # a separator ending every row
    frame = rec.drop_blank_rows(frame)
    if last:
        with warnings.catch_warnings():
            if not totals:
                warnings.simplefilter("ignore", ClusterAtlasWarning)
            frame = rec.drop_totals(frame)
    if not len(frame):  # a partition of blank rows only: no records, the same columns
        empty = pd.DataFrame([[""] * frame.shape[1]], columns=frame.columns, dtype=object)
        set_provenance(empty, source=label, row_label="record", row_offset=1 + start)
        return rec.prepare_records(empty).iloc[:0]
    out = rec.prepare_records(frame)
    if first:
        rec.check_location(out)
    return out


def _totals_said(raw: pd.DataFrame, start: int, *, label: str, parquet: bool) -> list[str]:
    """Return the warnings :func:`~clusteratlas.records.drop_totals` gives on the last partition."""
    frame = rec.as_strings(raw) if parquet or any(raw.dtypes != "str") else raw
    set_provenance(frame, source=label, row_label="record", row_offset=1 + start)
    frame = rec.drop_blank_rows(rec.extra_cells(frame, say=False).reset_index(drop=True))
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", ClusterAtlasWarning)
        rec.drop_totals(frame)
    return [str(w.message) for w in said if issubclass(w.category, ClusterAtlasWarning)]


def _say_totals(client: Any, source: _Source, last: Any, start: int) -> None:
    """Warn once about a totals row ending the table (``last`` partition, at ``start``), as reading it whole does."""
    from dask.delayed import delayed

    task = delayed(_totals_said)(last, start, label=source.label, parquet=source.parquet)
    (said,) = _compute(client, source, task)
    for message in said:
        warnings.warn(message, ClusterAtlasWarning, stacklevel=3)


def _geocoded(
    raw: pd.DataFrame,
    start: int,
    notes: dict[str, str] | None,
    *,
    label: str,
    parquet: bool,
    aliases: Aliases | None,
    last: bool = False,
    first: bool | None = None,
) -> pd.DataFrame:
    """Geocode a partition (its distinct names resolved on its worker); unknown names noted as the table notes them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedWarning)
        records = _records(raw, start, label=label, parquet=parquet, last=last, first=first)
        geo = geocode(records, aliases=aliases)
    if notes is not None:
        set_notes(geo, notes)
    return geo


def _geocoded_part(raw: pd.DataFrame, first: bool, job: _Part) -> tuple[pd.DataFrame | None, int]:
    """Geocode a partition before anyone knows where it starts: its records and its rows (blank ones included).

    Its records are numbered from 1 (:func:`_gathered` sets where they start once the rows
    before them are known: only messages read the numbers). A partition whose records can't be
    read gives ``None``; it is geocoded again, numbered, to raise its error.
    """
    try:
        geo = _geocoded(
            raw, 0, job.notes, label=job.label, parquet=job.parquet, aliases=job.aliases, last=job.last, first=first
        )
    except InputError:
        return None, len(raw)
    return geo, len(raw)


def _summary(geo: pd.DataFrame, limit: int) -> tuple[list[tuple[str, str, str]], int, int, tuple[list[str], int]]:
    """Return a partition's unplaced records listed (see :func:`~clusteratlas.stream.listing`), rows, unplaced.

    And its records in conflict with their own region or province column: the first listed
    (:func:`~clusteratlas.geocode.conflict_listing`) and their count.
    """
    bad = len(geo) - count_placed(geo)
    clashes = conflicts(geo)
    clashed = (conflict_listing(geo, CONFLICTS_LISTED) if clashes else []), clashes
    return (listing(geo, limit) if bad else []), len(geo), bad, clashed


def _counted(geo: pd.DataFrame, by: str, zones: Zones | None, per_capita: bool, limit: int) -> Any:
    """Count a partition (:func:`~clusteratlas.stream.chunk_counts`); list its unplaced; say if ``by`` is numeric."""
    summary = _summary(geo, limit) if PLACED_COLUMN in geo else ([], len(geo), 0, ([], 0))
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
class _Part:
    """What every partition is geocoded with in :func:`_gathered`, sent to each worker once.

    ``last`` is for the table's last partition (a totals row left out): that one is given its own.
    """

    label: str
    parquet: bool
    aliases: Aliases | None
    notes: dict[str, str]
    last: bool = False


def _head(raw: pd.DataFrame, rows: int | None) -> pd.DataFrame:
    return raw if rows is None else raw.iloc[:rows]


def _listed(client: Any, source: _Source, parts: list[Any], aliases: Aliases | None) -> Unplaced:
    """Find the records the whole table's warning lists, from the first partitions that hold enough of them.

    The first :data:`HEAD` records of a partition are tried first: when they hold enough
    unplaced records, those are the partition's first ones, listed and noted alike. The
    partitions are read in order, each one's rows counted with it, so each starts where the
    rows before it end.
    """
    from dask.delayed import delayed

    seen = Unplaced()
    final, start = len(parts) - 1, 0
    for k, part in enumerate(parts):
        for rows in (HEAD, None):
            geo = delayed(_geocoded)(
                delayed(_head)(part, rows),
                start,
                None,
                label=source.label,
                parquet=source.parquet,
                aliases=aliases,
                last=k == final and rows is None,
            )
            ((listed, *_), size) = _compute(client, source, delayed(_summary)(geo, LISTED), delayed(len)(part))
            if rows is None or (size > HEAD and len(seen.parts) + len(listed) >= LISTED):
                break
        seen.take(listed, total=0, count=0)
        if len(seen.parts) >= LISTED:
            break
        start += size
    return seen


def dask_geocode(
    path: str | Path,
    out: str | Path,
    *,
    aliases: Aliases | None,
    strict: bool,
    excel: bool,
    scheduler: str | None = None,
    blocksize: int = BLOCKSIZE,
) -> Path:
    """Geocode a file, a glob or a Parquet folder on a Dask cluster and write ``out`` (``.csv`` or ``.parquet``)."""
    require_dask()
    out = check_output(out, (".csv", ".parquet"))
    source = _open(path, blocksize)
    with dask_client(scheduler) as client:
        parts = source.frame.to_delayed()
        seen = _listed(client, source, parts, aliases)
        job = _Part(source.label, source.parquet, aliases, seen.notes)
        shared = client.scatter([job, replace(job, last=True)], broadcast=True, hash=False)
        if out.suffix.lower() == ".parquet":
            with atomic_path(out) as tmp:
                _write_parquet(_gathered(client, source, parts, shared, seen), tmp)
                seen.report(strict=strict)
        else:
            with atomic_write(out, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as f:
                types = write_csv_parts(f, _gathered(client, source, parts, shared, seen), excel=excel)
                seen.report(strict=strict)
                if types:  # a plain CSV's column types, as the memory engine writes them
                    write_csvt(out, types)
    return out


def _gathered(client: Any, source: _Source, parts: list[Any], jobs: list[Any], seen: Unplaced) -> Iterator[Any]:
    """Yield the geocoded partitions in order, a few computed ahead (workers never hold the whole table).

    No pass counts the rows first: each partition comes back with its number of rows, which
    says where the next one starts; its records are numbered then, and its unplaced and
    conflicting records counted into ``seen``, the first conflicting ones listed. A totals
    row ending the table is warned about at the end, as reading the table whole does.
    """
    from dask.delayed import delayed

    ahead: deque[Any] = deque()
    final, start, last_start = len(parts) - 1, 0, 0
    window = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
    for k in range(len(parts)):
        while len(ahead) < window and k + len(ahead) <= final:
            j = k + len(ahead)
            ahead.append(client.compute(delayed(_geocoded_part)(parts[j], j == 0, jobs[1 if j == final else 0])))
        geo, rows = _result(source, ahead.popleft())
        if geo is None:  # its records can't be read: again, numbered, to raise the error
            _again(client, source, parts[k], jobs[0], start, first=k == 0, last=k == final)
        set_provenance(geo, row_offset=1 + start)
        seen.total += len(geo)
        seen.count += len(geo) - count_placed(geo)
        clashes = conflicts(geo)
        seen.add_clashes(conflict_listing(geo, seen.clash_room()) if clashes else [], clashes)
        yield geo
        last_start, start = start, start + rows
    if not start:
        msg = f"{source.label}: the file has a header but no records; add one row per record."
        raise InputError(msg)
    _say_totals(client, source, parts[final], last_start)


def _result(source: _Source, future: Any) -> tuple[pd.DataFrame | None, int]:
    """Wait for a partition geocoded by :func:`_geocoded_part`; a CSV it could not read is said clearly."""
    try:
        return future.result()  # type: ignore[no-any-return]
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise _dask_csv_error(source, err) from err
    finally:
        future.release()


def _again(client: Any, source: _Source, part: Any, job: Any, start: int, *, first: bool, last: bool) -> NoReturn:
    """Geocode a partition whose records could not be read again, knowing where it starts: raise its error."""
    from dask.delayed import delayed

    def numbered(raw: pd.DataFrame, job: _Part) -> pd.DataFrame:
        return _geocoded(
            raw, start, None, label=job.label, parquet=job.parquet, aliases=job.aliases, last=last, first=first
        )

    _compute(client, source, delayed(numbered)(part, job))
    msg = f"{source.label}: a partition could not be read, and reading it again raised no error."
    raise InputError(msg)


def _write_parquet(parts: Iterator[pd.DataFrame], path: Path) -> None:
    """Write geocoded partitions as one GeoParquet file, a row group each, typed as ``export.write_parquet`` types.

    The partitions are kept aside (pickled, in a temporary folder beside ``path``) while their
    column kinds are merged (:class:`clusteratlas._gis.PartSchema`); then each is written
    with the kinds the whole table has, so every row group has one schema: the memory
    engine's (:func:`clusteratlas._gis.column_kinds`). No path or ``attrs`` is written.
    """
    schema = PartSchema()
    with tempfile.TemporaryDirectory(prefix=f".{path.stem}.", dir=path.parent) as folder:
        kept = []
        for k, geo in enumerate(parts):
            frame = user_headers(geo)
            schema.add(frame)
            kept.append(Path(folder) / f"{k:06d}.pkl")
            frame.to_pickle(kept[-1])
        kinds, names = schema.final()
        _write_typed(kept, path, kinds, names)


def _write_typed(kept: list[Path], path: Path, kinds: dict[str, str], names: dict[str, str]) -> None:
    """Write the partitions kept in ``kept`` (pickles of our own) with one schema, a row group each."""
    import pyarrow.parquet as pq
    from geopandas.io.arrow import _geopandas_to_arrow

    writer = None
    try:
        for part in kept:
            table = _geopandas_to_arrow(geo_frame(pd.read_pickle(part), kinds=kinds, names=names), index=False)
            if writer is None:
                schema = _file_schema(table, {names[n]: kind for n, kind in kinds.items()})
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(table.cast(schema))
    finally:
        if writer is not None:
            writer.close()


def _file_schema(table: Any, kinds: dict[str, str]) -> Any:
    """Return the file's Arrow schema from its first part: columns all missing there typed by their kind; no bbox."""
    import pyarrow as pa

    arrow = {"integer": pa.int64(), "real": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
    arrow |= {"datetime": pa.timestamp("us"), "text": pa.string()}
    meta = dict(table.schema.metadata or {})
    doc = json.loads(meta[b"geo"])
    for column in doc.get("columns", {}).values():
        column.pop("bbox", None)  # known per partition only; optional in GeoParquet
    meta[b"geo"] = json.dumps(doc).encode()
    fields = [f.with_type(arrow[kinds.get(f.name, "text")]) if pa.types.is_null(f.type) else f for f in table.schema]
    return pa.schema(fields, metadata=meta)
