"""The binary copy of the full-detail provinces: the GeoJSON's geometries to the bit, used only when it is its copy.

Placing points reads ``provinces.geojson.wkb`` instead of parsing the 5 MB GeoJSON at every
start; a copy made from other bytes (a pack edited by hand) must be ignored.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import shapely

from clusteratlas import geography
from clusteratlas.geography import pack, read_wkb_copy, wkb_copy_path, write_wkb_copy

ROOT = Path(__file__).resolve().parents[1]


def _geojson_shapes(source: Path) -> tuple[np.ndarray, np.ndarray]:
    import geopandas as gpd

    frame = gpd.read_file(source, engine="pyogrio")
    return np.asarray(frame.geometry.values, dtype=object), frame["province_code"].to_numpy()


def test_the_shipped_copy_holds_the_geojsons_geometries_to_the_bit_and_is_rebuilt_the_same(tmp_path: Path) -> None:
    source = pack().boundary_file("province", "full")
    shapes = read_wkb_copy(source, "province_code")
    assert shapes is not None, "data/geo/provinces.geojson.wkb is missing or stale: run python scripts/build_wkb.py"
    geoms, codes = _geojson_shapes(source)
    assert list(shapes[1]) == list(codes) and len(codes) == 75
    assert (shapely.to_wkb(shapes[0]) == shapely.to_wkb(geoms)).all()
    assert shapely.equals_exact(shapes[0], geoms, tolerance=0).all()
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    assert write_wkb_copy(copy, "province_code").read_bytes() == wkb_copy_path(source).read_bytes()


def _pack_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "geo"
    shutil.copytree(ROOT / "data" / "geo", folder)
    shutil.copytree(ROOT / "data" / "profiles", tmp_path / "profiles")
    return folder


def test_a_copy_of_other_bytes_is_ignored_and_the_geojson_read(tmp_path: Path) -> None:
    folder = _pack_copy(tmp_path)
    source = folder / "provinces.geojson"
    source.write_bytes(source.read_bytes() + b"\n")  # other bytes, the same provinces
    assert read_wkb_copy(source, "province_code") is None
    (folder / "provinces.geojson.wkb").write_bytes(b"not a copy")
    assert read_wkb_copy(source, "province_code") is None
    (folder / "provinces.geojson.wkb").unlink()
    assert read_wkb_copy(source, "province_code") is None
    tree, codes = geography._tree_of(pack(folder / "geography.toml"))
    geoms, want = _geojson_shapes(source)
    assert list(codes) == list(want)
    assert (shapely.to_wkb(np.asarray(tree.geometries)) == shapely.to_wkb(geoms)).all()


def test_points_are_placed_the_same_with_the_copy_and_without(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(-17.5, -1.0, 20_000), rng.uniform(20.5, 36.0, 20_000)
    with_copy = geography.locate(lon, lat)
    folder = _pack_copy(tmp_path)
    (folder / "provinces.geojson.wkb").unlink()
    tree, codes = geography._tree_of(pack(folder / "geography.toml"))
    found = geography._inside(shapely.points(lon, lat), tree, codes)
    inside = ~with_copy[1]  # points not snapped from the sea: the containment test alone
    assert (found[inside] == with_copy[0][inside]).all()
    assert np.count_nonzero(found[inside] != None) > 4_000  # noqa: E711 - an object array of codes
