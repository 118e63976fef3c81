"""Generate records that already carry coordinates, with the true province of each.

    python benchmarks/make_points.py ROWS OUT.csv [--seed N]

Points are drawn uniformly over Morocco's land (rejection sampling in the provinces' bounding
box, kept by a spatial join on the full-detail provinces), rounded to 5 decimals as registers
write them; 2% are exact duplicates (firms sharing an address) and 1% have no coordinates.
``OUT.truth.csv`` beside the table holds each row's true ``province_code`` and
``region_code``. Deterministic for a seed. Keep big files under /tmp, never in git.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from clusteratlas.geography import boundaries


def make_points(rows: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``rows`` records with ``lat``/``lon`` inside Morocco and their truth."""
    prov = boundaries("province")[["province_code", "region_code", "geometry"]]
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = prov.total_bounds
    lon = np.empty(0)
    lat = np.empty(0)
    while len(lon) < rows:
        n = int((rows - len(lon)) * 3.2) + 100
        x = rng.uniform(minx, maxx, n).round(5)
        y = rng.uniform(miny, maxy, n).round(5)
        pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=prov.crs)
        hit = gpd.sjoin(pts, prov, predicate="within", how="inner")
        hit = hit[~hit.index.duplicated()].sort_index()
        lon = np.r_[lon, x[hit.index]]
        lat = np.r_[lat, y[hit.index]]
    lon, lat = lon[:rows], lat[:rows]
    dup = rng.random(rows) < 0.02
    src = rng.integers(0, rows, rows)
    lon[dup], lat[dup] = lon[src[dup]], lat[src[dup]]
    table = pd.DataFrame({"name": [f"Firm {i:07d}" for i in range(rows)], "lat": lat, "lon": lon})
    truth_pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=prov.crs)
    truth = gpd.sjoin(truth_pts, prov, predicate="within", how="left")
    truth = truth[~truth.index.duplicated()].sort_index()[["province_code", "region_code"]]
    gone = rng.random(rows) < 0.01
    table.loc[gone, ["lat", "lon"]] = np.nan
    truth.loc[gone, ["province_code", "region_code"]] = None
    return table, truth.reset_index(drop=True)


def main() -> None:
    """Write the table and its truth file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    table, truth = make_points(a.rows, a.seed)
    table.to_csv(a.out, index=False)
    truth.to_csv(a.out.with_suffix(".truth.csv"), index=False)


if __name__ == "__main__":
    main()
