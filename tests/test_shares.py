from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import InputError, load_zones, shares


def test_zone_shares_reproduce_ten_of_seventeen(geocoded: pd.DataFrame) -> None:
    result = shares(geocoded, by="zone")
    table = result.table.set_index("group")
    assert result.total == 17
    assert table.at["Casablanca–Settat–Rabat axis", "count"] == 10
    assert table.at["Casablanca–Settat–Rabat axis", "share"] == pytest.approx(10 / 17)
    assert table.at["Safi–Marrakech–Agadir", "count"] == 4
    assert table.at["Oujda–Fès–Meknès", "count"] == 2
    assert table.at["Other regions", "count"] == 0
    assert table.at["Unplaced", "count"] == 1


@pytest.mark.parametrize(
    "by",
    [
        "zone",
        "region",
        "province",
        "sector_group",
        "year",
        "governance",
        "financing",
        "labeling",
        "lever_skills",
        "city",
    ],
)
def test_shares_sum_to_one_and_counts_to_total(geocoded: pd.DataFrame, by: str) -> None:
    result = shares(geocoded, by=by)
    assert result.table["share"].sum() == pytest.approx(1.0)
    assert result.table["count"].sum() == result.total == len(geocoded)
    assert result.table["group"].is_unique


def test_region_shares_list_every_region(geocoded: pd.DataFrame) -> None:
    table = shares(geocoded, by="region").table
    assert len(table) == 13  # 12 regions + Unplaced
    assert table.iloc[:12]["code"].tolist() == [f"{i:02d}" for i in range(1, 13)]
    assert table.set_index("code").at["06", "count"] == 9


def test_per_capita_and_location_quotient(geocoded: pd.DataFrame) -> None:
    table = shares(geocoded, by="region", per_capita=True).table.set_index("code")
    casa = table.loc["06"]
    assert casa["population_2024"] == 7_688_967
    assert casa["per_million"] == pytest.approx(9 / 7.688967)
    placed_pop = table["population_2024"].dropna().sum()
    assert casa["location_quotient"] == pytest.approx((9 / 16) / (7_688_967 / placed_pop))


def test_unknown_values_form_their_own_group(geocoded: pd.DataFrame) -> None:
    table = shares(geocoded, by="governance").table.set_index("group")
    assert table.at["Private", "count"] == 13
    assert table.at["Unknown", "count"] == 1  # Digipole's governance is "-" in Table 2


def test_unknown_column_is_an_input_error(geocoded: pd.DataFrame) -> None:
    with pytest.raises(InputError, match=r"no column 'colour'.*sector_group"):
        shares(geocoded, by="colour")


def test_per_capita_needs_geography(geocoded: pd.DataFrame) -> None:
    with pytest.raises(InputError, match=r"`per_capita` needs a geographic `by`"):
        shares(geocoded, by="year", per_capita=True)


def test_custom_zones_file(tmp_path: Path, geocoded: pd.DataFrame) -> None:
    path = tmp_path / "north.toml"
    path.write_text('rest = "Elsewhere"\n[[zone]]\nname = "North"\nregions = ["01", "Oriental"]\n', encoding="utf-8")
    zones = load_zones(path)
    assert zones.regions_of("North") == ["01", "02"]
    table = shares(geocoded, by="zone", zones=zones).table.set_index("group")
    assert table.at["North", "count"] == 1 and table.at["Elsewhere", "count"] == 15


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[zone]]\nname = "A"\nregions = ["13"]\n', "not one of Morocco's 12 regions"),
        ('[[zone]]\nname = "A"\nregions = ["01"]\n[[zone]]\nname = "B"\nregions = ["01"]\n', "is in zones"),
        ("zone = 3\n", "no \\[\\[zone\\]\\] tables"),
        ("[[zone\n", "not a valid TOML"),
    ],
)
def test_bad_zones_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "z.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_zones(path)
