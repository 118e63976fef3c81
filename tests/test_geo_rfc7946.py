"""The shipped GeoJSONs follow RFC 7946 (issue 18): no ``crs`` member, outer rings counter-clockwise."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from clusteratlas._resources import data_path

GEOJSONS = sorted(data_path("geo").glob("*.geojson"))


def _rings(geometries: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """The outer rings and the holes of every polygon of ``geometries``."""
    polygons = shapely.get_parts(np.array([shapely.geometry.shape(g) for g in geometries if g]))
    polygons = polygons[shapely.get_type_id(polygons) == shapely.GeometryType.POLYGON]
    outer = shapely.get_exterior_ring(polygons)
    counts = shapely.get_num_interior_rings(polygons)
    holes = [shapely.get_interior_ring(p, i) for p, n in zip(polygons, counts, strict=True) for i in range(n)]
    return outer, np.array(holes, dtype=object)


def test_there_are_shipped_geojsons() -> None:
    assert {p.name for p in GEOJSONS} >= {"regions.geojson", "provinces.geojson", "regions_simplified.geojson"}


@pytest.mark.parametrize("path", GEOJSONS, ids=lambda p: p.name)
def test_shipped_geojson_follows_rfc_7946(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    outer, holes = _rings([f["geometry"] for f in doc["features"]])
    if path.name != "context.geojson":
        assert len(outer) >= 12
    flat = shapely.area(shapely.polygons(outer)) == 0  # rings collapsed by rounding have no orientation
    assert flat.sum() <= 1
    assert shapely.is_ccw(outer[~flat]).all(), f"{(~shapely.is_ccw(outer[~flat])).sum()} clockwise outer rings"
    assert not shapely.is_ccw(holes).any() if len(holes) else True


def test_the_check_catches_a_clockwise_ring() -> None:
    clockwise = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    outer, _ = _rings([clockwise])
    assert not shapely.is_ccw(outer).any()
