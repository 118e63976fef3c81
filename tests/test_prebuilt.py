"""Start-up of issue 22: the prebuilt gazetteer structures, and what the ``shares`` path imports.

The gain is guarded without timing anything: a ``shares`` run with a fresh prebuilt file
builds none of the gazetteer's structures (their builders are made to fail, and the run
still succeeds with the same output), and importing and running ``shares`` on names loads
no drawing, web-map, geometry or Dask library. The file itself is checked to be the same
bytes whatever the string-hash seed, to give the structures the files give, and never to
be used when stale.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import _prebuilt
from clusteratlas._resources import data_path
from tests.mapdata import _bench

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
SCRIPT = ROOT / "scripts" / "build_prebuilt.py"
#: Libraries the ``shares`` command on names never needs.
NOT_NEEDED = ("matplotlib", "folium", "branca", "jinja2", "shapely", "geopandas", "pyogrio", "dask", "openpyxl")
#: The builders a fresh prebuilt file spares (module, function).
BUILDERS = (
    ("clusteratlas.gazetteer", "_build_gazetteer"),
    ("clusteratlas.gazetteer", "_build_typo_pool"),
    ("clusteratlas.gazetteer", "_build_suggestion_labels"),
    ("clusteratlas._subplaces", "_build_subplaces"),
    ("clusteratlas.aliases", "_build_shipped_sites"),
    ("clusteratlas._cells", "_build_candidates"),
    ("clusteratlas.geography", "_build_provinces"),
    ("clusteratlas.geography", "_build_grid"),
)
#: Libraries ``shares`` on records with coordinates never needs (shapely places the points).
NOT_NEEDED_FOR_POINTS = tuple(m for m in NOT_NEEDED if m != "shapely")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != _prebuilt.OFF_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), str(ROOT), env.get("PYTHONPATH", "")])
    return {**env, **extra}


def _build(out: Path, seed: str) -> bytes:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        env=_env(PYTHONHASHSEED=seed),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A prebuilt file made by the script (string-hash seed 1)."""
    out = tmp_path_factory.mktemp("prebuilt") / "prebuilt.pickle"
    _build(out, "1")
    return out


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register of 1,000 rows from ``benchmarks/make_register.py`` (typos, non-places)."""
    path = tmp_path_factory.mktemp("register") / "reg1k.csv"
    _bench()(1000, seed=7).to_csv(path, index=False)
    return path


def _run_shares(register: Path, prebuilt: Path | None, *, forbid_builders: bool) -> dict[str, object]:
    """Run ``shares --by region`` in a fresh process; return its output and the libraries it loaded."""
    code = f"""
import contextlib, io, json, sys
from pathlib import Path
from clusteratlas import _prebuilt
if {str(prebuilt)!r} != "None":
    _prebuilt.FILE = Path({str(prebuilt)!r})
import clusteratlas.cli
from clusteratlas.cli import main
import clusteratlas.gazetteer, clusteratlas._subplaces, clusteratlas.aliases, clusteratlas._cells
import clusteratlas.geography
calls = []
for mod, name in {list(BUILDERS)!r}:
    module = sys.modules[mod]
    def fail(*a, _name=name, **k):
        calls.append(_name)
        raise AssertionError("built " + _name)
    if {forbid_builders!r}:
        setattr(module, name, fail)
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main(["-q", "shares", {str(register)!r}, "--by", "region"])
    except SystemExit as exit:
        code = exit.code
loaded = sorted({{m.split(".")[0] for m in sys.modules}})
grids = clusteratlas.geography._grid_of.cache_info().currsize
metadata = "importlib.metadata" in sys.modules
result = {{"code": code, "out": out.getvalue(), "loaded": loaded, "calls": calls, "grids": grids, "metadata": metadata}}
print(json.dumps(result))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_file_is_the_same_bytes_whatever_the_hash_seed(built: Path, tmp_path: Path) -> None:
    assert _build(tmp_path / "again.pickle", "4242") == built.read_bytes()


def test_the_file_holds_what_the_files_build(built: Path) -> None:
    stored = pickle.loads(built.read_bytes())
    assert sorted(stored) == [
        "candidates",
        "gazetteer",
        "grid",
        "provinces",
        "shipped_sites",
        "subplaces",
        "suggestion_labels",
        "typo_pool",
    ]
    from clusteratlas import gazetteer

    fresh = gazetteer._build_gazetteer()
    kept = _prebuilt.read_entry(built, "gazetteer")  # each structure pickled on its own, after the index
    pd.testing.assert_frame_equal(kept.names, fresh.names)
    pd.testing.assert_frame_equal(kept.exact, fresh.exact)
    pd.testing.assert_frame_equal(kept.places, fresh.places)
    assert (kept.best, kept.keys, kept.ambiguous, kept.foreign) == (
        fresh.best,
        fresh.keys,
        fresh.ambiguous,
        fresh.foreign,
    )
    files = [data_path(*f) for f in gazetteer.SOURCE_FILES]
    assert stored["gazetteer"][0] == _prebuilt.entry_key("gazetteer", files)


def test_a_stale_structure_is_built_from_the_files(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_prebuilt, "FILE", built)
    monkeypatch.setattr(_prebuilt, "_loaded", {})
    monkeypatch.setattr(_prebuilt, "_built", {})
    from clusteratlas import gazetteer

    files = [data_path(*f) for f in gazetteer.SOURCE_FILES]
    calls: list[str] = []

    def build() -> str:
        calls.append("built")
        return "fresh"

    assert _prebuilt.cached("gazetteer", files, build) is not None
    assert calls == []  # fresh: read back
    edited = tmp_path / "places.csv"
    edited.write_bytes(files[0].read_bytes() + b"\n")
    assert _prebuilt.cached("gazetteer", [edited, *files[1:]], build) == "fresh"
    assert calls == ["built"]  # an input changed: built, the stored one not trusted
    monkeypatch.setenv(_prebuilt.OFF_ENV, "1")
    assert _prebuilt.cached("gazetteer", files, build) == "fresh"  # turned off
    monkeypatch.delenv(_prebuilt.OFF_ENV)
    monkeypatch.setattr(_prebuilt, "FILE", tmp_path / "missing.pickle")
    monkeypatch.setattr(_prebuilt, "_loaded", {})
    assert _prebuilt.cached("gazetteer", files, build) == "fresh"  # no file
    (tmp_path / "broken.pickle").write_bytes(b"not a pickle")
    monkeypatch.setattr(_prebuilt, "FILE", tmp_path / "broken.pickle")
    monkeypatch.setattr(_prebuilt, "_loaded", {})
    assert _prebuilt.cached("gazetteer", files, build) == "fresh"  # unreadable
    assert _prebuilt.cached("gazetteer", [tmp_path / "gone.csv"], build) == "fresh"  # an input missing


def test_shares_with_the_prebuilt_file_builds_no_structure(built: Path, register: Path) -> None:
    spared = _run_shares(register, built, forbid_builders=True)
    plain = _run_shares(register, None, forbid_builders=False)
    assert spared["code"] == 0 and spared["calls"] == []
    assert spared["out"] == plain["out"] and "Casablanca-Settat" in str(spared["out"])


def test_shares_on_names_loads_no_drawing_web_geometry_or_dask_library(built: Path, register: Path) -> None:
    run = _run_shares(register, built, forbid_builders=False)
    loaded = set(run["loaded"])  # type: ignore[call-overload]
    assert "pandas" in loaded and "clusteratlas" in loaded
    assert sorted(loaded & set(NOT_NEEDED)) == []
    assert run["metadata"] is False  # the version is read from the installed metadata only when asked for


@pytest.fixture(scope="module")
def points(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 records with coordinates: over the country's box (land, sea, abroad), some blank, some repeated."""
    import numpy as np

    rng = np.random.default_rng(22)
    lon, lat = rng.uniform(-17.2, -1.0, 2_000).round(5), rng.uniform(20.8, 35.9, 2_000).round(5)
    lon[:40], lat[:40] = np.nan, np.nan
    lon[40:80], lat[40:80] = lon[100:140], lat[100:140]
    path = tmp_path_factory.mktemp("points") / "points.csv"
    pd.DataFrame({"name": [f"Firm {i}" for i in range(2_000)], "lat": lat, "lon": lon}).to_csv(path, index=False)
    return path


def test_shares_on_points_with_the_prebuilt_file_builds_nothing_and_loads_no_other_library(
    built: Path, points: Path
) -> None:
    """The provinces and the grid are read back, not built; no geopandas or pyogrio (GeoJSON), no drawing library."""
    spared = _run_shares(points, built, forbid_builders=True)
    plain = _run_shares(points, None, forbid_builders=False)
    assert spared["code"] == 0 and spared["calls"] == []
    assert spared["grids"] == 1  # the grid used for 2,000 points: it costs nothing when prebuilt
    assert spared["out"] == plain["out"] and "Dakhla-Oued Ed-Dahab" in str(spared["out"])
    loaded = set(spared["loaded"])  # type: ignore[arg-type]
    assert "shapely" in loaded and sorted(loaded & set(NOT_NEEDED_FOR_POINTS)) == []


def test_article_pairs_are_those_of_one_article_at_a_time() -> None:
    """The articles' pairs, found with each key cut once per article length, are the per-article loop's, in order."""
    import numpy as np

    from clusteratlas import _typos, gazetteer

    pool = gazetteer._typo_pool()
    rng = np.random.default_rng(22)
    keys = rng.choice(pool.keys, 400, replace=False).tolist()
    typed = [a + k for a in _typos.ARTICLES for k in keys[:60]] + keys + ["l", "la", "lesx", "villede", "elfoo", ""]
    queries = np.asarray(rng.permutation(np.asarray(typed, dtype=object)), dtype=object)
    index = pd.Index(pool.keys)
    expected = []
    for article in _typos.ARTICLES:
        has = [i for i, q in enumerate(queries) if q.startswith(article)]
        tails = [queries[i][len(article) :] for i in has]
        pos = index.get_indexer(tails)
        expected += [(i, p) for i, p, t in zip(has, pos, tails, strict=True) if p >= 0 and len(t) >= 4]
    found = _typos._article_pairs(queries, pool)
    assert list(zip(found["row"], found["choice"], strict=True)) == expected
    assert len(expected) > 300
