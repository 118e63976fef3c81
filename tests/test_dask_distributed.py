"""The Dask engine on a ``distributed`` cluster of separate processes gives what the memory engine gives.

A ``dask scheduler`` and two ``dask worker`` processes are started on localhost, as
``benchmarks/dask_distributed.py`` starts them to stand in for machines; tables cut into many
small partitions are counted there and in memory: the same shares, and the same warnings
word for word (the unplaced and conflicting records listed by their number in the file,
the totals row named), also when the records the warnings list lie in later partitions.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from clusteratlas.engines import shares_file
from clusteratlas.errors import ClusterAtlasWarning, InputError

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from dask_distributed import cluster, workers_cpu
from make_register import make_register

pytestmark = [pytest.mark.scale, pytest.mark.slow]

BLOCK = 20_000  # bytes of CSV per partition: 8 to 40 partitions over the two workers


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and two worker processes on localhost, stopped at the end of the module."""
    with cluster(2, tmp_path_factory.mktemp("cluster"), memory_limit="1GiB") as address:
        yield address


def _said(func: Callable[[], Any]) -> tuple[Any, list[tuple[str, str]]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func()
    return result, [
        (w.category.__name__, str(w.message)) for w in caught if issubclass(w.category, ClusterAtlasWarning)
    ]


def _unnamed(path: Path, rows: int, seed: int) -> Path:
    """Records without names (warnings then name them by their number), unknown and conflicting cities late.

    The first 1,000 records are all placed; afterwards some cities are made up and some
    records say a region their city is not in; the last line is a totals row.
    """
    rng = np.random.default_rng(seed)
    city = rng.choice(["Casablanca", "Rabat", "Tanger", "Fès", "Agadir", "Oujda"], rows).astype(object)
    region = np.full(rows, "", dtype=object)
    late = np.arange(1_000, rows)
    unknown = rng.choice(late, 30, replace=False)
    city[unknown] = [f"Zqxville {k}" for k in range(30)]
    clash = rng.choice(np.setdiff1d(late, unknown), 8, replace=False)
    city[clash], region[clash] = "Tanger", "Souss-Massa"
    table = pd.DataFrame({"sector": rng.choice(["Textile", "Digital"], rows), "city": city, "region": region})
    table.loc[len(table)] = ["Total", "", ""]
    table.to_csv(path, index=False)
    return path


def _as_rows(said: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The messages with records named as the memory engine names them: "record N" is line N + 1 ("row N+1")."""
    return [(kind, re.sub(r"\brecord (\d+)", lambda m: f"row {int(m[1]) + 1}", text)) for kind, text in said]


def _same(path: Path, scheduler: str, by: str = "region") -> list[tuple[str, str]]:
    """Count ``path`` in memory, streamed and on the cluster: the same shares, the same warnings; return them."""
    memory, memory_said = _said(lambda: shares_file(path, by=by))
    stream, stream_said = _said(lambda: shares_file(path, by=by, engine="stream", engine_kwds={"chunksize": 700}))
    kwds = {"scheduler": scheduler, "blocksize": BLOCK}
    dask, dask_said = _said(lambda: shares_file(path, by=by, engine="dask", engine_kwds=kwds))
    pd.testing.assert_frame_equal(dask.table, memory.table)
    pd.testing.assert_frame_equal(stream.table, memory.table)
    assert dask.total == stream.total == memory.total
    # Streaming and Dask number records (the header is not one); the memory engine, lines.
    assert dask_said == stream_said
    assert _as_rows(dask_said) == memory_said
    return dask_said


def test_a_register_counted_by_two_worker_processes_equals_memory(scheduler: str, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    make_register(8_000, seed=77).to_csv(path, index=False)
    before = workers_cpu(scheduler)
    _same(path, scheduler)
    _same(path, scheduler, by="sector_group")
    after = workers_cpu(scheduler)
    assert len(after) == 2
    assert all(after[w] > before[w] for w in after)  # both worker processes counted partitions


def test_records_listed_from_later_partitions_are_numbered_as_in_memory(scheduler: str, tmp_path: Path) -> None:
    path = _unnamed(tmp_path / "unnamed.csv", 4_000, seed=5)
    said = _same(path, scheduler)
    assert [kind for kind, _ in said] == ["ClusterAtlasWarning", "UnresolvedWarning", "RegionConflictWarning"]
    assert "record 4001 ('Total')" in said[0][1]
    numbers = [int(n) for n in re.findall(r"record (\d+) \(city 'Zqxville", said[1][1])]
    assert len(numbers) == 20 and min(numbers) > 1_000  # every one listed from a later partition


def test_a_bad_value_in_a_later_partition_is_named_by_its_record(scheduler: str, tmp_path: Path) -> None:
    path = _unnamed(tmp_path / "bad.csv", 4_000, seed=6)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.insert(0, "lat", "")
    table.insert(1, "lon", "")
    table.loc[3_210, ["lat", "lon"]] = ["not a number", "-7.6"]
    table.to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusterAtlasWarning)  # the totals row
        with pytest.raises(InputError) as memory:
            shares_file(path)
        with pytest.raises(InputError) as stream:
            shares_file(path, engine="stream", engine_kwds={"chunksize": 700})
        with pytest.raises(InputError) as dask:
            shares_file(path, engine="dask", engine_kwds={"scheduler": scheduler, "blocksize": BLOCK})
    assert "row 3212" in str(memory.value)  # line 3,212 of the file: the header, then records from line 2
    assert str(dask.value) == str(stream.value)
    assert _as_rows([("", str(dask.value))]) == [("", str(memory.value))]
