"""Build data/geo/neighbours.geojson: the land around Morocco, in grey on the static figures.

    python scripts/build_neighbours.py PATH/TO/naturalearth_lowres.shp

Source: Natural Earth 1:110m Admin 0 countries (public domain), as shipped in pyogrio's test
fixtures (pyogrio/tests/fixtures/naturalearth_lowres). Keeps Algeria, Mauritania, Mali,
Spain and Portugal within 20°W–3°E, 17°N–40°N; never uses Natural Earth's own outline of
Morocco. Natural Earth's coarse borders do not meet clusteratlas' boundaries exactly, so
the land within 0.3° of both a neighbour and Morocco is added to the neighbour, then
Morocco (data/geo/regions.geojson) is cut out: neighbours touch Morocco with no gap and
never cover it. Coordinates rounded to 3 decimals (about 100 m). Deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
KEEP = ["Algeria", "Mauritania", "Mali", "Spain", "Portugal"]


def main(source: str) -> None:
    world = gpd.read_file(source).to_crs("EPSG:4326")
    frame = shapely.box(-20.0, 17.0, 3.0, 40.0)
    morocco = shapely.union_all(gpd.read_file(ROOT / "data" / "geo" / "regions.geojson").geometry.to_numpy())
    rows = []
    for name in KEEP:
        geom = shapely.union_all(world[world["name"] == name].geometry.to_numpy()).intersection(frame)
        seam = geom.buffer(0.3).intersection(morocco.buffer(0.3))
        land = shapely.union_all([geom, seam]).difference(morocco)
        land = shapely.set_precision(land, 0.001)
        rows.append({"name": name, "geometry": land})
    out = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    path = ROOT / "data" / "geo" / "neighbours.geojson"
    path.unlink(missing_ok=True)
    out.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=3, WRITE_BBOX="NO")


if __name__ == "__main__":
    main(sys.argv[1])
