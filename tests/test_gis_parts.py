"""Tables written part by part (streaming chunks, Dask partitions) get the schema the whole table gets.

The Dask engine's GeoParquet has the memory engine's column types (one schema,
:func:`clusteratlas._gis.column_kinds`) and no local path; the streaming and Dask CSVs get
the ``.csvt`` the memory engine writes; ``reproduce``'s ``geocoded.csv`` gets its ``.csvt``.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from clusteratlas import geocode, read_records
from clusteratlas._gis import PartSchema, column_kinds, csvt_line, csvt_text, csvt_types, typed_frame
from clusteratlas.engines import dask_client, geocode_file
from clusteratlas.geocode import user_headers
from clusteratlas.reproduction import reproduce
from tests.test_gis_types import EXPECTED, gis_register


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parts") / "Registre 2024.csv"
    frame = gis_register(31, 900)
    frame.loc[:299, "Effectif"] = ""  # the first part has no staff number: the others decide its kind
    frame.loc[600:, "Investissement (MDH)"] = frame.loc[600:, "Investissement (MDH)"].str.replace(",0", "")
    frame.to_csv(path, index=False, sep=";")
    return path


@pytest.fixture(scope="module")
def geocoded(register: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return user_headers(geocode(read_records(register)))


def _split(frame: pd.DataFrame, bounds: list[int]) -> Iterator[pd.DataFrame]:
    for start, end in zip([0, *bounds], [*bounds, len(frame)], strict=True):
        yield frame.iloc[start:end]


@pytest.mark.parametrize("bounds", [[300, 600], [1, 2, 450], [899]])
def test_parts_merge_into_the_kinds_and_types_of_the_whole(geocoded: pd.DataFrame, bounds: list[int]) -> None:
    schema = PartSchema()
    types: dict[str, str | None] = {}
    for part in _split(geocoded, bounds):
        schema.add(part)
        types = csvt_types(part, types)
    kinds, names = schema.final()
    assert kinds == column_kinds(geocoded)
    assert list(names.values()) == list(typed_frame(geocoded).columns)
    assert csvt_line(types) == csvt_text(geocoded)
    assert {k: kinds[k] for k in EXPECTED if k in kinds} == {k: v for k, v in EXPECTED.items() if k in kinds}


def test_two_units_or_a_code_in_one_part_make_the_column_text() -> None:
    first = pd.DataFrame({"Capital": ["12 MDH", "3 MDH"], "Code": ["12", "13"], "n": ["1", "2"]})
    second = pd.DataFrame({"Capital": ["4 kDH", ""], "Code": ["04", "05"], "n": ["2,5", ""]})
    schema = PartSchema()
    schema.add(first)
    schema.add(second)
    kinds, names = schema.final()
    assert kinds == {"Capital": "text", "Code": "text", "n": "real"}
    assert names == {"Capital": "Capital", "Code": "Code", "n": "n"}
    whole = pd.concat([first, second], ignore_index=True)
    assert kinds == column_kinds(whole)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with dask_client() as client:
        yield str(client.scheduler.address)


def _quiet(func: object, *args: object, **kwds: object) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwds)  # type: ignore[operator,no-any-return]


@pytest.mark.parametrize("engine", ["dask"])  # a Dask test: marked scale (conftest)
def test_dask_geoparquet_has_the_memory_schema_and_no_path(
    register: Path, scheduler: str, tmp_path: Path, engine: str
) -> None:
    memory = _quiet(geocode_file, register, tmp_path / "memory.parquet")
    outputs = []
    for folder in ("first_folder_x/deep", "second_folder_y"):
        source = tmp_path / folder / register.name
        source.parent.mkdir(parents=True)
        shutil.copyfile(register, source)
        kwds = {"scheduler": scheduler, "blocksize": 40_000}  # several partitions
        outputs.append(
            _quiet(geocode_file, source, tmp_path / folder / "dask.parquet", engine="dask", engine_kwds=kwds)
        )
    assert outputs[0].read_bytes() == outputs[1].read_bytes()  # the same bytes from any folder
    body = outputs[0].read_bytes()
    for name in ("first_folder_x", "second_folder_y", str(tmp_path), register.name):
        assert name.encode() not in body
    assert pq.ParquetFile(outputs[0]).metadata.num_row_groups > 1
    expected, got = pq.read_table(memory), pq.read_table(outputs[0])
    assert got.schema.names == expected.schema.names
    assert [str(f.type) for f in got.schema] == [str(f.type) for f in expected.schema]
    assert str(got.schema.field("Effectif").type) == "int64" and str(got.schema.field("ICE").type) in (
        "string",
        "large_string",
    )
    pd.testing.assert_frame_equal(
        got.drop_columns("geometry").to_pandas(), expected.drop_columns("geometry").to_pandas()
    )
    assert got.column("geometry").to_pylist() == expected.column("geometry").to_pylist()


@pytest.mark.parametrize("engine", ["stream", "dask"])
def test_streamed_csvs_get_the_csvt_of_memory(
    register: Path, tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    memory = _quiet(geocode_file, register, tmp_path / "memory.csv")
    if engine == "stream":
        kwds: dict[str, object] = {"chunksize": 250}
    else:  # the Dask cluster only for the Dask run
        kwds = {"scheduler": request.getfixturevalue("scheduler"), "blocksize": 40_000}
    out = _quiet(geocode_file, register, tmp_path / f"{engine}.csv", engine=engine, engine_kwds=kwds)
    assert out.read_bytes() == memory.read_bytes()
    csvt = out.with_suffix(".csvt").read_text(encoding="utf-8")
    assert csvt == memory.with_suffix(".csvt").read_text(encoding="utf-8")
    header = pd.read_csv(out, nrows=0).columns.tolist()
    types = dict(zip(header, csvt.strip().replace('"', "").split(","), strict=True))
    assert types["ICE"] == "String" and types["region_code"] == "String" and types["lat"] == "Real"
    excel = _quiet(
        geocode_file, register, tmp_path / "excel" / f"{engine}.csv", engine=engine, engine_kwds=kwds, excel=True
    )
    assert not excel.with_suffix(".csvt").exists()  # the Excel CSV is for spreadsheets, typed by its own cells


def test_reproduce_writes_the_geocoded_csvs_csvt(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = reproduce(out=tmp_path / "out", figures=False)
    csvt = tmp_path / "out" / "geocoded.csvt"
    assert csvt in result.files and csvt.is_file()
    header = pd.read_csv(tmp_path / "out" / "geocoded.csv", nrows=0).columns.tolist()
    types = csvt.read_text(encoding="utf-8").strip().replace('"', "").split(",")
    assert len(types) == len(header)
    by_name = dict(zip(header, types, strict=True))
    assert by_name["region_code"] == "String" and by_name["lat"] == "Real" and by_name["lon"] == "Real"
    assert np.isin(types, ["String", "Integer64", "Real", "Date", "Integer(Boolean)"]).all()
