"""Streaming (--chunksize) gives the rows and shares of the in-memory path; Parquet in and out."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, read_records, shares
from clusteratlas.errors import InputError, UnresolvedWarning
from clusteratlas.export import write_records
from clusteratlas.stream import read_chunks, stream_geocode, stream_shares

from .conftest import ROOT, Result

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_register import make_register

ROWS = 50_000
CHUNK = 7_919  # several chunks, the last one short


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register-like table: weighted gazetteer names, typos, non-places, junk and formulas."""
    path = tmp_path_factory.mktemp("stream") / "register.csv"
    make_register(ROWS, seed=1207).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def in_memory(register: Path) -> tuple[pd.DataFrame, str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        geo = geocode(read_records(register))
    (warning,) = [w for w in caught if w.category is UnresolvedWarning]
    return geo, str(warning.message)


def test_streaming_geocode_writes_the_same_bytes(register: Path, in_memory: tuple[pd.DataFrame, str]) -> None:
    geo, message = in_memory
    whole = write_records(geo, register.with_name("whole.csv"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        streamed = stream_geocode(register, register.with_name("streamed.csv"), chunksize=CHUNK)
    assert streamed.read_bytes() == whole.read_bytes()
    # One warning for the whole file, as in memory: same count, same records listed.
    unresolved = [str(w.message) for w in caught if w.category is UnresolvedWarning]
    assert unresolved == [message]
    assert message.startswith(f"{int(geo['region_code'].isna().sum())} of {ROWS} records")
    back = pd.read_csv(streamed, dtype=str, keep_default_na=False)
    assert len(back) == ROWS
    # Suggestions only for the listed names, in every chunk, as in memory.
    assert back["geocode_note"].str.contains("closest:").any()


@pytest.mark.parametrize(("by", "per_capita"), [("region", False), ("zone", True), ("sector_group", False)])
def test_streaming_shares_equal_in_memory(
    register: Path, in_memory: tuple[pd.DataFrame, str], by: str, per_capita: bool
) -> None:
    geo, _ = in_memory
    expected = shares(geo, by=by, per_capita=per_capita)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedWarning)
        got = stream_shares(register, by=by, per_capita=per_capita, chunksize=CHUNK)
    assert got.total == expected.total == ROWS
    pd.testing.assert_frame_equal(got.table, expected.table)
    assert got.table["count"].sum() == ROWS


def test_cli_chunksize(register: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    whole = run("-q", "shares", register, "--by", "year", "--format", "csv")
    streamed = run("-q", "shares", register, "--by", "year", "--format", "csv", "--chunksize", 20_000)
    assert whole.code == streamed.code == 0
    assert streamed.out == whole.out
    strict = run("geocode", register, "-o", tmp_path / "out.csv", "--chunksize", 20_000, "--strict")
    assert strict.code == 3
    assert not list(tmp_path.iterdir())  # nothing half-written
    wrong = run("geocode", register, "-o", tmp_path / "out.gpkg", "--chunksize", 20_000)
    assert wrong.code == 2
    assert wrong.err.startswith("error:") and "writes .csv only" in wrong.err


def test_a_bad_value_in_a_later_chunk_names_its_record(tmp_path: Path) -> None:
    rows = pd.DataFrame({"city": ["Rabat"] * 30, "year": ["2014"] * 30})
    rows.loc[23, "year"] = "20150"
    path = tmp_path / "late.csv"
    rows.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"record 24 \('20150'\)"):
        list(read_chunks(path, chunksize=10))
    with pytest.raises(InputError, match=r"row 25 \('20150'\)"):
        read_records(path)  # in memory, the line (the same record)


def test_streaming_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "records.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(InputError, match="`chunksize` reads"):
        list(read_chunks(path))
    empty = tmp_path / "empty.csv"
    empty.write_text("city,year\n", encoding="utf-8")
    with pytest.raises(InputError, match="no records"):
        list(read_chunks(empty))


def test_parquet_round_trip(tmp_path: Path) -> None:
    """Geocoded records written as GeoParquet read back as the same records, points included."""
    rng = np.random.default_rng(5)
    table = make_register(500, seed=int(rng.integers(1, 10_000)))
    table["lat"] = ""
    table["lon"] = ""
    table.loc[:9, "lat"], table.loc[:9, "lon"] = "33.57", "-7.59"  # some points given
    # A CSV's leading blanks are skipped when read (skipinitialspace); Parquet keeps cells as they are.
    table["city"] = table["city"].str.lstrip()
    source = tmp_path / "in.parquet"
    table.to_parquet(source, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedWarning)
        from_parquet = read_records(source)
        csv = tmp_path / "in.csv"
        table.to_csv(csv, index=False)
        from_csv = read_records(csv)
        pd.testing.assert_frame_equal(from_parquet.reset_index(drop=True), from_csv.reset_index(drop=True))
        geo = geocode(from_parquet)
        out = write_records(geo, tmp_path / "geo.parquet")
        again = write_records(geo, tmp_path / "again.parquet")
        assert out.read_bytes() == again.read_bytes()  # deterministic
        points = gpd.read_parquet(out)
        assert points.crs is not None and points.crs.to_epsg() == 4326
        placed = geo["lat"].notna().to_numpy()
        assert (points.geometry.notna().to_numpy() == placed).all()
        np.testing.assert_allclose(points.geometry[placed].y, geo["lat"][placed])
        back = read_records(out)
        assert "geometry" not in back
        assert back["city"].tolist() == geo["city"].tolist()
        np.testing.assert_allclose(back["lat"].to_numpy(dtype=float), geo["lat"].to_numpy(dtype=float))
        streamed = stream_shares(source, by="region", chunksize=97)
    pd.testing.assert_frame_equal(streamed.table, shares(geo, by="region").table)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
def test_streaming_reads_csvs_as_in_memory(tmp_path: Path, encoding: str) -> None:
    """Encoding, separator and title rows are found as read_records finds them."""
    rng = np.random.default_rng(len(encoding))
    cities = rng.choice(["Fès", "Salé", "Kénitra", "Témara", "Béni Mellal", "Nowhere-ville", ""], size=250)
    years = rng.choice(["2014", "", "1999", "2020"], size=250)
    body = "\n".join(f"c{i};{c};{y}" for i, (c, y) in enumerate(zip(cities, years, strict=True)))
    path = tmp_path / "register.csv"
    path.write_text(f"Registre des clusters\n\nnom;ville;année\n{body}\n", encoding=encoding)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedWarning)
        whole = read_records(path)
        streamed = pd.concat(list(read_chunks(path, chunksize=64)), ignore_index=True)
        pd.testing.assert_frame_equal(streamed, whole.reset_index(drop=True), check_index_type=False)
        for by in ("region", "année"):
            expected = shares(geocode(whole), by=by).table
            pd.testing.assert_frame_equal(stream_shares(path, by=by, chunksize=64).table, expected)


def test_cli_chunksize_refuses_sheet(register: Path, run: Callable[..., Result]) -> None:
    result = run("shares", register, "--sheet", "Feuil1", "--chunksize", 1000)
    assert result.code == 2
    assert result.err.startswith("error: --sheet") and "--chunksize" in result.err


def test_streaming_a_register_with_dates_writes_the_same_bytes(tmp_path: Path) -> None:
    """Dates in every form, numbers with thousands separators: streamed as geocoded whole (issue 17)."""
    from .test_user_data import agency_register

    cells, _ = agency_register(600, seed=11)
    path = tmp_path / "register.csv"
    path.write_bytes(cells.to_csv(sep=";", index=False).replace("\u202f", "\u00a0").encode("cp1252"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedWarning)
        whole = write_records(geocode(read_records(path)), tmp_path / "whole.csv")
        streamed = stream_geocode(path, tmp_path / "streamed.csv", chunksize=97)
    assert streamed.read_bytes() == whole.read_bytes()
    header = whole.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[header.index("Date de création") + 1] == "year"
