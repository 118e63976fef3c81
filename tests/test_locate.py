"""Points in provinces: the spatial join's answer, its edge rule, and its agreement with geopandas."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from clusteratlas.geography import boundaries, locate


def test_random_points_land_where_geopandas_puts_them() -> None:
    prov = boundaries("province")[["province_code", "geometry"]]
    rng = np.random.default_rng(3)
    minx, miny, maxx, maxy = prov.total_bounds
    lon, lat = rng.uniform(minx, maxx, 4000), rng.uniform(miny, maxy, 4000)
    got, snapped = locate(lon, lat)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=prov.crs)
    want = gpd.sjoin(pts, prov, predicate="within", how="left")["province_code"].sort_index()
    inside = want.notna().to_numpy()
    assert inside.sum() > 1000
    assert (got[inside] == want.to_numpy()[inside]).all()
    assert not snapped[inside].any()


def test_a_point_on_a_shared_edge_goes_to_the_smaller_code() -> None:
    prov = boundaries("province").sort_values("province_code")
    a, b = None, None
    geoms = prov.geometry.to_numpy()
    codes = prov["province_code"].to_numpy()
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            shared = shapely.intersection(geoms[i].boundary, geoms[j].boundary)
            if not shared.is_empty and shared.length > 0:
                a, b = i, j
                break
        if a is not None:
            break
    assert a is not None
    shared = shapely.intersection(geoms[a].boundary, geoms[b].boundary)
    x, y = shapely.get_coordinates(shared)[0]
    got, snapped = locate(np.array([x]), np.array([y]))
    assert got[0] == min(codes[a], codes[b])
    assert not snapped[0]
