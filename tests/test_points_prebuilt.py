"""The prebuilt full-detail provinces and grid: the GeoJSON's geometries to the bit, used only for that very file.

Placing points reads the provinces (as WKB) and the grid of cells from
:mod:`clusteratlas._prebuilt` instead of parsing the 5 MB GeoJSON and building the grid at
every start; a pack whose GeoJSON has other bytes (edited by hand) must be read from its file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import shapely

from clusteratlas import _prebuilt, geography
from clusteratlas.geography import pack

ROOT = Path(__file__).resolve().parents[1]


def _geojson_shapes(source: Path) -> tuple[np.ndarray, np.ndarray]:
    import geopandas as gpd

    frame = gpd.read_file(source, engine="pyogrio")
    return np.asarray(frame.geometry.values, dtype=object), frame["province_code"].to_numpy()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A prebuilt file made by ``scripts/build_prebuilt.py``."""
    out = tmp_path_factory.mktemp("prebuilt") / "prebuilt.pickle"
    env = {k: v for k, v in os.environ.items() if k != _prebuilt.OFF_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    script = ROOT / "scripts" / "build_prebuilt.py"
    done = subprocess.run([sys.executable, str(script), "--out", str(out)], env=env, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def prebuilt(built: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process reads ``built`` (and builds nothing it holds); the geography's caches emptied before and after."""
    monkeypatch.delenv(_prebuilt.OFF_ENV, raising=False)
    monkeypatch.setattr(_prebuilt, "FILE", built)
    monkeypatch.setattr(_prebuilt, "_loaded", {})
    monkeypatch.setattr(_prebuilt, "_built", {})
    geography._tree_of.cache_clear()
    geography._grid_of.cache_clear()
    yield built
    geography._tree_of.cache_clear()
    geography._grid_of.cache_clear()


def _pack_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "geo"
    shutil.copytree(ROOT / "data" / "geo", folder)
    shutil.copytree(ROOT / "data" / "profiles", tmp_path / "profiles")
    return folder


def test_the_prebuilt_provinces_are_the_geojsons_geometries_to_the_bit_and_are_rebuilt_the_same(
    prebuilt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    geo = pack()
    source = geo.boundary_file("province", "full")
    assert _prebuilt.is_stored("provinces", [source], geography._geometry_versions())
    assert _prebuilt.is_stored("grid", [source], geography._grid_depends())
    tree, codes = geography._tree_of(geo)
    kept = geography._grid_of(geo)
    assert _prebuilt._built == {}  # both read back, not built
    geoms, want = _geojson_shapes(source)
    assert list(codes) == list(want) and len(codes) == 75
    assert (shapely.to_wkb(np.asarray(tree.geometries)) == shapely.to_wkb(geoms)).all()
    assert shapely.equals_exact(np.asarray(tree.geometries), geoms, tolerance=0).all()
    monkeypatch.setenv(_prebuilt.OFF_ENV, "1")
    blobs, again = geography._build_provinces(geo)
    assert list(again) == list(codes)
    assert (blobs == shapely.to_wkb(np.asarray(tree.geometries), byte_order=1, output_dimension=2)).all()
    rebuilt = geography._build_grid(geo, geography._GRID_STEP)
    assert (rebuilt.x0, rebuilt.y0, rebuilt.step) == (kept.x0, kept.y0, kept.step)
    assert np.array_equal(rebuilt.cells, kept.cells)


def test_a_pack_of_other_bytes_is_read_from_its_geojson(prebuilt: Path, tmp_path: Path) -> None:
    folder = _pack_copy(tmp_path)
    source = folder / "provinces.geojson"
    source.write_bytes(source.read_bytes() + b"\n")  # other bytes, the same provinces
    assert not _prebuilt.is_stored("provinces", [source], geography._geometry_versions())
    assert not _prebuilt.is_stored("grid", [source], geography._grid_depends())
    other = pack(folder / "geography.toml")
    tree, codes = geography._tree_of(other)
    geoms, want = _geojson_shapes(source)
    assert list(codes) == list(want)
    assert (shapely.to_wkb(np.asarray(tree.geometries)) == shapely.to_wkb(geoms)).all()
    assert sorted(_prebuilt._built) == ["provinces"]  # built from the file, not read back
    kept = geography._grid_of(pack())
    assert np.array_equal(geography._grid_of(other).cells, kept.cells)  # built from the file: the same grid


def test_points_are_placed_the_same_with_the_prebuilt_structures_and_without(
    prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(-17.5, -1.0, 20_000), rng.uniform(20.5, 36.0, 20_000)
    with_copy = geography.locate(lon, lat)
    assert geography._grid_for(len(lon)) is not None  # prebuilt: the grid is used below GRID_POINTS too
    folder = _pack_copy(tmp_path)
    monkeypatch.setenv(_prebuilt.OFF_ENV, "1")
    other = pack(folder / "geography.toml")
    tree, codes = geography._tree_of(other)
    found = geography._inside(shapely.points(lon, lat), tree, codes)
    inside = ~with_copy[1]  # points not snapped from the sea: the containment test alone
    assert (found[inside] == with_copy[0][inside]).all()
    assert np.count_nonzero(found[inside] != None) > 4_000  # noqa: E711 - an object array of codes
