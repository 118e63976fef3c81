"""Print how closely data/geo's boundaries follow the reference coast and land borders.

    python scripts/geo_accuracy.py                          # data/geo/provinces.geojson
    python scripts/geo_accuracy.py --provinces OTHER.geojson   # e.g. an older build

Offline: it measures against ``data/geo/reference_sample.csv.gz`` (points every 250 m
along the GSHHS coast and the OSM land borders, written by scripts/build_geo.py) and
``data/geo/control_points.csv`` (GeoNames places whose HCP province is known). Distances
are in kilometres, in a Lambert conformal conic fitted to Morocco (scale error < 1%).
"""

from __future__ import annotations

import argparse
import gzip
import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "data" / "geo"
METRIC_CRS = "+proj=lcc +lat_1=24 +lat_2=34 +lat_0=29 +lon_0=-8 +datum=WGS84 +units=m +no_defs"
#: A GeoNames place this close to the reference coast is a coastal town (km).
COASTAL_KM = 10.0
#: Coastal towns named in issue 13: each must lie inside the outline.
NAMED_TOWNS = ("Fnidek", "Martil", "Beni Enzar")  # GeoNames spells Fnideq "Fnidek"


def to_metric(xy: np.ndarray) -> np.ndarray:
    """Project (lon, lat) pairs to METRIC_CRS metres."""
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True).transform(xy[:, 0], xy[:, 1])
    return np.c_[x, y]


def reference_sample() -> pd.DataFrame:
    """The reference points: kind (coast or border), part, lon, lat."""
    with gzip.open(GEO / "reference_sample.csv.gz", "rt", encoding="utf-8") as f:
        return pd.read_csv(io.StringIO(f.read()), dtype={"kind": str, "part": int})


def _segments(xy: np.ndarray, part: np.ndarray) -> np.ndarray:
    """Line segments joining consecutive points of the same part."""
    same = part[1:] == part[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    return shapely.linestrings(np.stack([a, b], axis=1))


def _quantiles(d: np.ndarray) -> dict[str, float]:
    q = np.percentile(d, [50, 90, 95, 100]) / 1000.0
    return {k: round(float(v), 3) for k, v in zip(("p50", "p90", "p95", "max"), q, strict=True)}


def measure(geoms: np.ndarray, codes: np.ndarray) -> dict[str, Any]:
    """Accuracy figures of a province coverage (EPSG:4326 geometries and their HCP codes).

    Returns a dict: ``coast`` and ``border`` (distance quantiles in km from the reference
    points to the outline),     ``control_inside`` (share of control points in
    their own province), ``coastal_towns`` (count, inside, the names outside) and
    ``named_towns`` (name -> inside the outline).
    """
    ref = reference_sample()
    metric = shapely.transform(np.asarray(geoms, dtype=object), to_metric)
    outline = shapely.boundary(shapely.union_all(metric))
    edges = shapely.get_coordinates(outline)
    # The outline as short segments, so that nearest-distance queries use a tree.
    parts = shapely.get_parts(shapely.line_merge(outline))
    segs = np.concatenate([_segments(shapely.get_coordinates(p), np.zeros(len(shapely.get_coordinates(p)))) for p in parts])
    tree = shapely.STRtree(segs)
    del edges
    out: dict[str, Any] = {}
    for kind in ("coast", "border"):
        rows = ref[ref["kind"] == kind]
        xy = to_metric(rows[["lon", "lat"]].to_numpy())
        _, dist = tree.query_nearest(shapely.points(xy), return_distance=True, all_matches=False)
        out[kind] = _quantiles(dist)
        out[kind]["km"] = round(float(np.hypot(*np.diff(xy, axis=0).T)[rows["part"].to_numpy()[1:] == rows["part"].to_numpy()[:-1]].sum()) / 1000, 1)
    ctrl = pd.read_csv(GEO / "control_points.csv", dtype={"province_code": str})
    ptree = shapely.STRtree(np.asarray(geoms, dtype=object))
    pts = shapely.points(ctrl[["lon", "lat"]].to_numpy())
    hit = ptree.query(pts, predicate="within")
    got = np.full(len(ctrl), None, dtype=object)
    got[hit[0]] = np.asarray(codes)[hit[1]]
    right = got == ctrl["province_code"].to_numpy()
    homonym = ctrl["homonym"].to_numpy() == 1
    out["control_inside"] = round(float(np.mean(right)), 4)
    out["control_points"] = len(ctrl)
    out["control_inside_no_homonyms"] = round(float(np.mean(right[~homonym])), 4)
    out["control_homonyms"] = int(homonym.sum())
    out["control_outside"] = sorted(
        f"{n} ({p}, found {g or 'none'}{', homonym' if h else ''})"
        for n, p, g, h in zip(ctrl["name"][~right], ctrl["province_code"][~right], got[~right], homonym[~right], strict=True)
    )
    places = pd.read_csv(GEO / "places.csv", dtype=str, keep_default_na=False)
    towns = places[places["kind"] == "city"]
    txy = towns[["lon", "lat"]].to_numpy(dtype=float)
    coast_xy = to_metric(ref.loc[ref["kind"] == "coast", ["lon", "lat"]].to_numpy())
    from scipy.spatial import cKDTree

    near = cKDTree(coast_xy).query(to_metric(txy))[0] <= COASTAL_KM * 1000
    union = shapely.union_all(np.asarray(geoms, dtype=object))
    shapely.prepare(union)
    inside = shapely.contains(union, shapely.points(txy))
    out["coastal_towns"] = {
        "count": int(near.sum()),
        "inside": int((near & inside).sum()),
        "outside": sorted(towns["name"].to_numpy()[near & ~inside].tolist()),
    }
    out["named_towns"] = {
        n: bool(inside[towns["name"].to_numpy() == n].all()) and bool((towns["name"] == n).any()) for n in NAMED_TOWNS
    }
    return out


def main() -> None:
    import geopandas as gpd

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--provinces", type=Path, default=GEO / "provinces.geojson")
    args = parser.parse_args()
    frame = gpd.read_file(args.provinces, engine="pyogrio")
    m = measure(np.asarray(frame.geometry.values), frame["province_code"].to_numpy())
    print(f"provinces: {args.provinces}")
    for kind, label in (("coast", "coastline vs GSHHS"), ("border", "land borders vs OSM")):
        q = m[kind]
        print(
            f"{label} ({q['km']:,} km, a point every 250 m), km: p50 {q['p50']}, p90 {q['p90']}, "
            f"p95 {q['p95']}, max {q['max']}"
        )
    print(
        f"GeoNames control points inside their own province: {m['control_inside']:.1%} of {m['control_points']}; "
        f"{m['control_inside_no_homonyms']:.1%} without the {m['control_homonyms']} homonyms "
        "(GeoNames puts them in another region than the commune of that name)"
    )
    for line in m["control_outside"]:
        print(f"  not in its province: {line}")
    t = m["coastal_towns"]
    print(f"coastal GeoNames towns (within {COASTAL_KM:g} km of the coast) inside the outline: {t['inside']} of {t['count']}")
    if t["outside"]:
        print(f"  outside: {', '.join(t['outside'])}")
    print("named towns inside the outline: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in m["named_towns"].items()))


if __name__ == "__main__":
    main()
