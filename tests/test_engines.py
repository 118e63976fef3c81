"""The memory, stream and dask engines give the same geocoded rows and the same shares."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, read_records, shares
from clusteratlas.engines import ENGINES, geocode_file, shares_file
from clusteratlas.errors import InputError, RegionConflictWarning, UnresolvedError, UnresolvedWarning
from clusteratlas.geography import admin_table

from .conftest import ROOT, Result

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_register import make_register

ROWS = 50_000
CHUNK = 9_973  # streaming: several chunks, the last one short
BLOCK = 300_000  # dask: bytes of CSV per partition, about 7 partitions


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Gazetteer names weighted by population, 20% with one typo, 10% non-places (seeded)."""
    path = tmp_path_factory.mktemp("engines") / "register.csv"
    make_register(ROWS, seed=4242).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """One local Dask cluster for the module: 2 worker processes, one thread each."""
    from clusteratlas.engines import dask_client

    with dask_client() as client:
        yield str(client.scheduler.address)


def _caught(func: Callable[[], Any]) -> tuple[Any, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func()
    return result, [str(w.message) for w in caught if w.category is UnresolvedWarning]


@pytest.fixture(scope="module")
def in_memory(register: Path) -> tuple[pd.DataFrame, str]:
    geo, messages = _caught(lambda: geocode(read_records(register)))
    (message,) = messages
    return geo, message


def _kwds(engine: str, scheduler: str) -> dict[str, Any]:
    return {"memory": {}, "stream": {"chunksize": CHUNK}, "dask": {"scheduler": scheduler, "blocksize": BLOCK}}[engine]


def test_the_registry_names_every_engine() -> None:
    assert list(ENGINES) == ["memory", "stream", "dask"]
    assert all(e.help for e in ENGINES.values())


def test_geocode_rows_are_the_same_with_every_engine(
    register: Path, scheduler: str, in_memory: tuple[pd.DataFrame, str], tmp_path: Path
) -> None:
    geo, message = in_memory
    written = {}
    for engine in ENGINES:
        out, messages = _caught(
            lambda e=engine: geocode_file(register, tmp_path / f"{e}.csv", engine=e, engine_kwds=_kwds(e, scheduler))
        )
        assert messages == [message], engine  # one warning, the same records listed
        written[engine] = out.read_bytes()
    assert written["stream"] == written["memory"]
    assert written["dask"] == written["memory"]
    back = pd.read_csv(tmp_path / "dask.csv", dtype=str, keep_default_na=False)
    assert len(back) == ROWS
    assert back["name"].tolist() == [f"firm {i}" for i in range(ROWS)]  # same order
    unplaced = back["region_code"] == ""
    assert unplaced.sum() == geo["region_code"].isna().sum() > ROWS // 20  # kept, not dropped
    assert (back.loc[unplaced, "geocode_status"] == "unresolved").all()
    # Suggestions only for the names the warning lists, in every partition, as in memory.
    suggested = back["geocode_note"].str.contains("closest:")
    assert 0 < suggested.sum() < (back["geocode_note"].str.startswith("not in the gazetteer")).sum()


def test_dask_geoparquet_has_the_rows_of_memory(register: Path, scheduler: str, tmp_path: Path) -> None:
    import geopandas as gpd

    memory, _ = _caught(lambda: geocode_file(register, tmp_path / "memory.parquet"))
    dask, _ = _caught(
        lambda: geocode_file(register, tmp_path / "dask.parquet", engine="dask", engine_kwds=_kwds("dask", scheduler))
    )
    expected, got = gpd.read_parquet(memory), gpd.read_parquet(dask)
    assert got.crs == expected.crs
    assert got.geometry.isna().sum() == expected.geometry.isna().sum() > 0
    pd.testing.assert_frame_equal(got.to_wkb(), expected.to_wkb())


@pytest.mark.parametrize(
    ("by", "per_capita"),
    [("region", False), ("province", False), ("zone", True), ("sector_group", False), ("year", False)],
)
def test_shares_are_the_same_with_every_engine(
    register: Path, scheduler: str, in_memory: tuple[pd.DataFrame, str], by: str, per_capita: bool
) -> None:
    geo, _ = in_memory
    expected = shares(geo, by=by, per_capita=per_capita)
    for engine in ("stream", "dask"):
        got, _ = _caught(
            lambda e=engine: shares_file(
                register, by=by, per_capita=per_capita, engine=e, engine_kwds=_kwds(e, scheduler)
            )
        )
        assert got.total == expected.total == ROWS
        assert got.table["count"].tolist() == expected.table["count"].tolist()  # exact
        pd.testing.assert_frame_equal(got.table, expected.table, check_exact=False, rtol=1e-12)


def test_dask_reads_a_glob_and_a_parquet_folder(register: Path, scheduler: str, tmp_path: Path) -> None:
    table = pd.read_csv(register, dtype=str, keep_default_na=False)
    expected, _ = _caught(lambda: shares_file(register))
    (tmp_path / "csv").mkdir()
    (tmp_path / "folder").mkdir()
    for i, part in enumerate((table.iloc[:20_000], table.iloc[20_000:])):
        part.to_csv(tmp_path / "csv" / f"part{i}.csv", index=False)
        part.to_parquet(tmp_path / "folder" / f"part{i}.parquet", index=False)
    for source in (tmp_path / "csv" / "part*.csv", tmp_path / "folder"):
        got, messages = _caught(lambda s=source: shares_file(s, engine="dask", engine_kwds={"scheduler": scheduler}))
        pd.testing.assert_frame_equal(got.table, expected.table)
        assert messages[0].startswith(f"{int(expected.table['count'].iloc[-1])} of {ROWS} records")


def test_dask_strict_writes_nothing(register: Path, scheduler: str, tmp_path: Path) -> None:
    with pytest.raises(UnresolvedError, match=f"of {ROWS} records could not be placed"):
        geocode_file(register, tmp_path / "out.csv", engine="dask", engine_kwds={"scheduler": scheduler}, strict=True)
    assert not list(tmp_path.iterdir())


def test_engines_refuse_what_they_cannot_do(register: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown engine 'spark'; use one of memory, stream, dask"):
        shares_file(register, engine="spark")
    with pytest.raises(InputError, match=r"engine 'memory' takes sheet, layer, not chunksize"):
        shares_file(register, engine="memory", engine_kwds={"chunksize": 10})
    with pytest.raises(InputError, match="reads one file, not a folder or a glob"):
        shares_file(tmp_path / "*.csv", engine="stream")
    with pytest.raises(InputError, match="matches no file"):
        shares_file(tmp_path / "*.csv", engine="dask")
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    with pytest.raises(InputError, match=r"`engine` dask reads \.csv, \.tsv, \.txt, \.parquet files"):
        shares_file(tmp_path / "a.xlsx", engine="dask")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--engine", "spark"], "Invalid value for '--engine': 'spark' is not one of 'memory', 'stream', 'dask'"),
        (["--scheduler", "nonsense"], "--scheduler 'nonsense': no Dask scheduler answers there"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler 'tcp://127.0.0.1:1': no Dask scheduler answers there"),
        (
            ["--engine", "memory", "--scheduler", "tcp://127.0.0.1:1"],
            "engine 'memory' takes sheet, layer, not scheduler",
        ),
    ],
)
def test_cli_bad_engine_or_scheduler_is_one_error_line(
    run: Callable[..., Result], tmp_path: Path, args: list[str], expected: str
) -> None:
    data = ROOT / "data" / "clusters.csv"
    for command in (["shares", data], ["geocode", data, "-o", tmp_path / "out.csv"]):
        r = run(*command, *args)
        assert r.code == 2
        assert r.err.startswith("error: ") and expected in r.err
        assert r.err.count("\n") == 1, r.err
        assert not r.out
    assert not list(tmp_path.iterdir())


def test_cli_dask_engine(run: Callable[..., Result], scheduler: str, register: Path, tmp_path: Path) -> None:
    memory = run("-q", "shares", register, "--by", "region", "--format", "csv")
    dask = run("-q", "shares", register, "--by", "region", "--format", "csv", "--scheduler", scheduler)
    assert memory.code == dask.code == 0
    assert dask.out == memory.out
    assert "Unplaced" in dask.out


def test_engines_agree_with_aliases_and_given_columns(scheduler: str, tmp_path: Path) -> None:
    """The shipped clusters (coordinates, provinces, regions given) repeated, with user aliases."""
    table = pd.read_csv(ROOT / "data" / "clusters.csv", dtype=str, keep_default_na=False)
    big = pd.concat([table] * 200, ignore_index=True)
    big.loc[::7, "city"] = "Zone Sapino"
    big.to_csv(tmp_path / "clusters.csv", index=False)
    (tmp_path / "aliases.csv").write_text("nom;lieu;source\nZone Sapino;Nouaceur;my survey\n", encoding="utf-8")
    written = []
    for engine in ENGINES:
        out, _ = _caught(
            lambda e=engine: geocode_file(
                tmp_path / "clusters.csv",
                tmp_path / f"{e}.csv",
                engine=e,
                engine_kwds={
                    "memory": {},
                    "stream": {"chunksize": 1000},
                    "dask": {"scheduler": scheduler, "blocksize": 100_000},
                }[e],
                aliases=tmp_path / "aliases.csv",
            )
        )
        written.append(out.read_bytes())
    assert written[0] == written[1] == written[2]
    assert written[0].count(b"user_alias") == len(big[::7])


CONFLICT_ROWS = 2_000
CONFLICT_CHUNK = 41  # the warning's first conflicting records span several chunks
CONFLICT_BLOCK = 5_000  # and several partitions


@pytest.fixture(scope="module")
def conflicted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """Register records with a region column: their place's region, another one for ~5% (seeded).

    Unplaced records have no region (they stay unplaced), so both warnings are given.
    """
    table = make_register(CONFLICT_ROWS, seed=77)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedWarning)
        geo = geocode(table)
    regions = admin_table("region")
    codes = regions["region_code"].to_numpy(dtype=object).astype(str)
    placed = geo["region_code"].to_numpy(dtype=object)
    stated = geo["region"].astype("string").fillna("").to_numpy(dtype=object)
    rng = np.random.default_rng(77)
    by_name = geo["geocode_status"].isin(["exact", "alias", "fuzzy", "commune"]).to_numpy()
    wrong = np.flatnonzero((rng.random(CONFLICT_ROWS) < 0.05) & pd.notna(placed) & by_name)
    other = (np.searchsorted(codes, placed[wrong].astype(str)) + rng.integers(1, len(codes), len(wrong))) % len(codes)
    stated[wrong] = regions["region"].to_numpy(dtype=object)[other]
    table.insert(2, "region", stated)
    path = tmp_path_factory.mktemp("conflicts") / "register.csv"
    table.to_csv(path, index=False)
    return path, geo


def _told(func: Callable[[], Any]) -> tuple[Any, list[tuple[str, str]]]:
    """Run ``func``; return its result and every clusteratlas warning, (category, text), in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func()
    return result, [(w.category.__name__, str(w.message)) for w in caught if issubclass(w.category, UnresolvedWarning)]


def _conflict_kwds(engine: str, scheduler: str) -> dict[str, Any]:
    return {
        "memory": {},
        "stream": {"chunksize": CONFLICT_CHUNK},
        "dask": {"scheduler": scheduler, "blocksize": CONFLICT_BLOCK},
    }[engine]


def test_region_conflicts_are_warned_once_alike_by_every_engine(
    conflicted: tuple[Path, pd.DataFrame], scheduler: str, tmp_path: Path
) -> None:
    path, _ = conflicted
    expected: list[tuple[str, str]] = []
    written = {}
    for engine in ENGINES:
        out, told = _told(
            lambda e=engine: geocode_file(
                path, tmp_path / f"{e}.csv", engine=e, engine_kwds=_conflict_kwds(e, scheduler)
            )
        )
        written[engine] = out.read_bytes()
        expected = expected or told
        assert told == expected, engine  # the same warnings, in the same order, word for word
    assert [c for c, _ in expected] == ["UnresolvedWarning", "RegionConflictWarning"]
    back = pd.read_csv(tmp_path / "memory.csv", dtype=str, keep_default_na=False)
    clash = np.flatnonzero(back["geocode_status"] == "conflict")
    assert CONFLICT_ROWS // 50 < len(clash) < CONFLICT_ROWS // 15  # about 5%
    listed = [f"firm {i} (city " for i in clash[:5]]
    message = expected[1][1]
    assert message.startswith(f"{len(clash)} of {CONFLICT_ROWS} records are placed by their city outside")
    assert all(m in message for m in listed)
    assert message.count(" (city ") == 5
    assert f"; and {len(clash) - 5} more. " in message
    assert len(set(clash[:5] // CONFLICT_CHUNK)) > 1  # the listed ones come from several chunks
    assert written["stream"] == written["memory"] == written["dask"]


@pytest.mark.parametrize("by", ["region", "province", "sector_group"])
def test_shares_warn_region_conflicts_alike_with_every_engine(
    conflicted: tuple[Path, pd.DataFrame], scheduler: str, by: str
) -> None:
    path, _ = conflicted
    expected, told = _told(lambda: shares_file(path, by=by))
    assert [c for c, _ in told] == (["UnresolvedWarning", "RegionConflictWarning"] if by != "sector_group" else [])
    for engine in ("stream", "dask"):
        got, again = _told(
            lambda e=engine: shares_file(path, by=by, engine=e, engine_kwds=_conflict_kwds(e, scheduler))
        )
        assert again == told, engine
        pd.testing.assert_frame_equal(got.table, expected.table)


def test_cli_prints_the_region_conflicts_once(
    run: Callable[..., Result], conflicted: tuple[Path, pd.DataFrame], scheduler: str, tmp_path: Path
) -> None:
    path, _ = conflicted
    _, told = _told(lambda: geocode_file(path, tmp_path / "memory.csv"))
    message = dict(told)[RegionConflictWarning.__name__]
    for engine in ENGINES:
        options = {"memory": [], "stream": ["--chunksize", CONFLICT_CHUNK], "dask": ["--scheduler", scheduler]}[engine]
        r = run("geocode", path, "-o", tmp_path / f"{engine}.csv", "--engine", engine, *options)
        assert r.code == 0, r.err
        assert r.err.count("records are placed by their city outside") == 1, engine
        assert message.split(": ", 1)[1][:200] in r.err, engine


# --- issue 19: the library chooses the engine; Dask is optional ----------------------------


def test_the_engine_is_chosen_from_the_options(tmp_path: Path) -> None:
    from clusteratlas.engines import choose_engine
    from clusteratlas.options import ReadOptions

    data = tmp_path / "a.csv"
    assert choose_engine(data) is None and choose_engine(data, engine="memory") is None  # reads every option
    assert choose_engine(data, chunksize=5) == ("stream", {"chunksize": 5})
    assert choose_engine(data, scheduler="tcp://h:1") == ("dask", {"scheduler": "tcp://h:1"})
    assert choose_engine(data, engine="dask", read=ReadOptions(sheet="s")) == ("dask", {"sheet": "s"})
    with pytest.raises(InputError, match=r"unknown engine 'spark'; use one of memory, stream, dask"):
        choose_engine(data, engine="spark")
    with pytest.raises(InputError, match=r"`name_column` is read by the in-memory engine .* drop `chunksize`"):
        choose_engine(data, chunksize=2, read=ReadOptions(name_column="x"))
    with pytest.raises(InputError, match=r"`engine` stream and `chunksize` read \.csv, .* not '\.xlsx'"):
        choose_engine(tmp_path / "a.xlsx", engine="stream", chunksize=2)


def test_without_dask_the_dask_engine_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result], tmp_path: Path
) -> None:
    import subprocess

    import clusteratlas

    hide = "import sys\nfor m in ('dask', 'dask.dataframe', 'distributed'): sys.modules[m] = None\n"
    code = hide + "import clusteratlas.engines, clusteratlas.cli._tables\nprint('imported')"
    src = str(Path(clusteratlas.__file__).parents[1])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": src})
    assert done.stdout.strip() == "imported", done.stderr  # the engines import without Dask
    for name in ("dask", "dask.dataframe", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)
    data = tmp_path / "a.csv"
    data.write_text("name,city\nA,Rabat\n", encoding="utf-8")
    for call in (
        lambda: shares_file(data, engine="dask"),
        lambda: geocode_file(data, tmp_path / "out.csv", engine="dask"),
    ):
        with pytest.raises(InputError, match=r"`engine` dask needs Dask.* install clusteratlas\[dask\]"):
            call()
    r = run("shares", data, "--scheduler", "tcp://127.0.0.1:1")
    assert r.code == 2 and r.err.startswith("error: --engine dask needs Dask") and "clusteratlas[dask]" in r.err
    assert r.err.count("\n") == 1 and not (tmp_path / "out.csv").exists()
