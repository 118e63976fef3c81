"""The Dask engine's shares: each partition read, geocoded and counted where it lies; only counts travel.

Each partition does what the streaming engine does to a chunk: its byte range (or row group) is
read by the worker that counts it, its distinct city names are geocoded in bulk by
:func:`~clusteratlas.geocode` (the gazetteer is built once per worker process and kept), and
it is counted into a small table (:func:`~clusteratlas.stream.chunk_counts`). What a worker sends
back is that table, its number of rows, its first unplaced and conflicting records as the
warning lists them, and the warnings it gave: a few kilobytes, whatever the partition's size.
What every partition is counted with (the grouping, the zones, the aliases) is sent to each
worker once (:class:`CountJob`, scattered), not with every task.

The partitions are counted all at once, before anyone knows where each one starts in the
file; the first one starts at record 1. The few later partitions whose records the warnings
list are counted again once the numbers of rows before them are known, and those that gave
warnings while being read (a totals row, unreadable values) are read again (:func:`settle`),
so that every message names records by their number in the file: on a register the first
partition lists every unplaced record shown, so nothing is counted twice. A partition whose records can't be read
is counted again in the same way, to raise its error naming the right records.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..aggregate import GEOGRAPHIC, Shares, Zones
from ..aliases import Aliases
from ..errors import ClusterAtlasWarning, InputError, RegionConflictWarning, UnresolvedWarning
from ..geocode import LISTED, geocode
from ..stream import Unplaced, combine_counts
from ._dask import BLOCKSIZE, _compute, _counted, _open, _records, _Source, dask_client, require_dask

__all__ = ["CountJob", "Counted", "count_partition", "dask_shares", "settle"]


@dataclass(frozen=True)
class CountJob:
    """What every partition is counted with; scattered to each worker once.

    Attributes
    ----------
    label : str
        How messages name the table.
    parquet : bool
        The partitions come from Parquet (cells converted to text).
    by, zones, per_capita
        As for :func:`~clusteratlas.shares`.
    aliases : Aliases or None
        As for :func:`~clusteratlas.geocode`.
    geocoded : bool
        Geocode the records (``by`` is geographic, or ``strict``).
    """

    label: str
    parquet: bool
    by: str
    zones: Zones | None
    per_capita: bool
    aliases: Aliases | None
    geocoded: bool


@dataclass(frozen=True)
class Counted:
    """One partition counted: all a worker sends back.

    Attributes
    ----------
    counts : pandas.DataFrame or None
        :func:`~clusteratlas.stream.chunk_counts`' table (``None`` for no rows, or ``failed``).
    rows : int
        Rows read (blank and totals rows included): where the next partition starts.
    listed : list of (str, str, str)
        The first unplaced records as the warning lists them (:func:`~clusteratlas.stream.listing`).
    records, unplaced : int
        Records counted, and those placed in no region.
    clashes : (list of str, int)
        The first records in conflict with their own region or province, listed, and their count.
    numeric : bool
        ``by`` names a numeric column.
    said : tuple of (type, str)
        The warnings reading the partition gave (category, message), in order.
    failed : bool
        Its records could not be read (the error is raised when it is counted again, numbered).
    """

    counts: pd.DataFrame | None
    rows: int
    listed: list[tuple[str, str, str]]
    records: int = 0
    unplaced: int = 0
    clashes: tuple[list[str], int] = ([], 0)
    numeric: bool = False
    said: tuple[tuple[type[Warning], str], ...] = ()
    failed: bool = False

    def lists(self, seen: Unplaced) -> bool:
        """Whether the warnings list some of this partition's records (``seen``: the partitions before it)."""
        listed = bool(self.listed) and len(seen.parts) < seen.limit
        return listed or (bool(self.clashes[0]) and seen.clash_room() > 0)


def count_partition(
    raw: pd.DataFrame, start: int | None, job: CountJob, *, first: bool, last: bool, read_only: bool = False
) -> Counted:
    """Read, geocode and count one partition (on a worker); with ``read_only``, only read it (its warnings).

    Parameters
    ----------
    raw : pandas.DataFrame
        The partition's cells as read.
    start : int or None
        Its first row's position in the table; ``None`` when not known yet (records are then
        numbered from 1, and an error reading them is returned as ``failed``, not raised).
    job : CountJob
        What to count.
    first, last : bool
        It is the table's first (extra cells and location columns checked) or last partition
        (a totals row looked for).

    Returns
    -------
    Counted
    """
    if not len(raw):
        return Counted(None, 0, [])
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ClusterAtlasWarning)
            warnings.simplefilter("ignore", UnresolvedWarning)  # counted and listed in Counted
            warnings.simplefilter("ignore", RegionConflictWarning)
            records = _records(
                raw, start or 0, label=job.label, parquet=job.parquet, first=first, last=last, totals=True
            )
            if read_only:
                return Counted(None, len(raw), [], said=_said(caught))
            geo = geocode(records, aliases=job.aliases) if job.geocoded else records
            counts, (listed, total, bad, clashed), numeric = _counted(geo, job.by, job.zones, job.per_capita, LISTED)
    except InputError:
        if start is not None:
            raise
        return Counted(None, len(raw), [], failed=True)
    return Counted(counts, len(raw), listed, total, bad, clashed, bool(numeric), _said(caught))


def _said(caught: list[warnings.WarningMessage]) -> tuple[tuple[type[Warning], str], ...]:
    return tuple((w.category, str(w.message)) for w in caught if issubclass(w.category, ClusterAtlasWarning))


def _again(
    client: Any, source: _Source, parts: list[Any], job: Any, k: int, start: int, *, read_only: bool = False
) -> Counted:
    """Count (or only read) partition ``k`` again, knowing where it starts."""
    from dask.delayed import delayed

    last = k == len(parts) - 1
    task = delayed(count_partition)(parts[k], start, job, first=k == 0, last=last, read_only=read_only)
    (counted,) = _compute(client, source, task)
    return counted  # type: ignore[no-any-return]


def settle(client: Any, source: _Source, parts: list[Any], job: Any, results: list[Counted]) -> Unplaced:
    """Add up the partitions' listings in order, counting again the few whose messages need their record numbers.

    The warnings the partitions gave are given again here, in order; a partition that could
    not be read is counted again to raise its error.

    Returns
    -------
    Unplaced
        The table's unplaced and conflicting records (counted, the first listed).
    """
    starts = np.concatenate([[0], np.cumsum([r.rows for r in results], dtype=np.int64)[:-1]]).tolist()
    if not sum(r.rows for r in results):
        msg = f"{source.label}: the file has a header but no records; add one row per record."
        raise InputError(msg)
    failed = next((k for k, r in enumerate(results) if r.failed), None)
    if failed is not None:
        _again(client, source, parts, job, failed, int(starts[failed]))  # raises its InputError
    seen = Unplaced()
    for k, result in enumerate(results):
        counted = result
        if k and result.lists(seen):  # listed by number: counted again
            counted = results[k] = _again(client, source, parts, job, k, int(starts[k]))
        elif k and result.said:  # only its warnings: read again
            counted = replace(result, said=_again(client, source, parts, job, k, int(starts[k]), read_only=True).said)
        for category, message in counted.said:
            warnings.warn(message, category, stacklevel=3)
        seen.take(counted.listed, total=counted.records, count=counted.unplaced, clashes=counted.clashes)
    return seen


def dask_shares(
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
    """Count a file, a glob or a Parquet folder by ``by`` on a Dask cluster (see :func:`clusteratlas.shares`)."""
    require_dask()
    from dask.delayed import delayed

    source = _open(path, blocksize)
    job = CountJob(source.label, source.parquet, by, zones, per_capita, aliases, by in GEOGRAPHIC or strict)
    with dask_client(scheduler) as client:
        parts = source.frame.to_delayed()
        shared = client.scatter(job, broadcast=True, hash=False)
        final = len(parts) - 1
        tasks = [
            delayed(count_partition)(part, 0 if k == 0 else None, shared, first=k == 0, last=k == final)
            for k, part in enumerate(parts)
        ]
        (results,) = _compute(client, source, tasks)
        seen = settle(client, source, parts, shared, results)
    seen.report(strict=strict)
    counts = [r.counts for r in results if r.counts is not None]
    return combine_counts(counts, by=by, total=seen.total, per_capita=per_capita, numeric=results[-1].numeric)
