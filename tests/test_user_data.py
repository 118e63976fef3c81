"""Users' own tables: their column names, small numbers flagged (issue 10)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import read_records, shares

from .conftest import Result, geocode_cities

ZONES_FR = (
    "nom;ville;Secteur d'activité;année\n"
    "Technopark;Casablanca;Numérique;2001\n"
    "Agropole;Meknès;Agro-industrie;2012\n"
    "Zone franche;Tanger;Automobile;2008\n"
    "Haliopolis;Agadir;Agro-industrie;2010\n"
    "Technopolis;Salé;Numérique;2008\n"
)


@pytest.fixture
def french_csv(tmp_path: Path) -> Path:
    path = tmp_path / "zones_industrielles.csv"
    path.write_bytes(ZONES_FR.encode("cp1252"))
    return path


@pytest.mark.parametrize("by", ["Secteur d'activité", "secteur d'activite", "SECTEUR D'ACTIVITÉ", "sector", "secteur"])
def test_by_accepts_the_users_own_column_name(french_csv: Path, by: str) -> None:
    result = shares(read_records(french_csv), by=by)
    assert dict(zip(result.table["group"], result.table["count"], strict=True)) == {
        "Agro-industrie": 2,
        "Numérique": 2,
        "Automobile": 1,
    }


def test_shares_command_by_french_column(french_csv: Path, run: Callable[..., Result]) -> None:
    r = run("shares", french_csv, "--by", "année", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [g["group"] for g in doc["groups"]] == ["2001", "2008", "2010", "2012"]


def test_unknown_column_still_an_error(french_csv: Path, run: Callable[..., Result]) -> None:
    r = run("shares", french_csv, "--by", "budget")
    assert r.code == 2 and "no column 'budget'" in r.err


def test_per_capita_on_few_records_is_flagged() -> None:
    geo = geocode_cities(*(["Casablanca"] * 6), "Fès", "Paris")
    table = shares(geo, by="region", per_capita=True).table.set_index("group")
    assert not table.at["Casablanca-Settat", "few_records"]
    assert table.at["Fès-Meknès", "few_records"]
    assert table.at["Oriental", "few_records"]  # zero records: nothing to read in its quotient
    assert pd.isna(table.at["Unplaced", "few_records"])


def test_no_claims_everywhere(clusters_csv: Path, tmp_path: Path, run: Callable[..., Result]) -> None:
    r = run("reproduce", "--data", clusters_csv, "--out", tmp_path / "m", "--no-claims", "-q")
    assert r.code == 0, r.err
    assert json.loads((tmp_path / "m" / "reproduction.json").read_text(encoding="utf-8"))["claims"] == []
    assert "Published claims" not in (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    r = run("reproduce", "--out", tmp_path / "n", "-q")
    assert r.code == 0 and "17 match, 5 mismatch, 4 not computable" in r.out


def test_excel_csv_is_semicolon_bom_decimal_comma(french_csv: Path, tmp_path: Path, run: Callable[..., Result]) -> None:
    out = tmp_path / "geo.csv"
    r = run("geocode", french_csv, "-o", out, "--excel", "-q")
    assert r.code == 0, r.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.split(";")[:4] == ["nom", "ville", "Secteur d'activité", "année"]  # the file's own headers
    lat = first.split(";")[header.split(";").index("lat")]
    assert "," in lat and "." not in lat  # 33,58…: a number to French Excel
    assert "Numérique" in text
    r = run("shares", french_csv, "--by", "region", "--format", "csv", "--excel", "-o", tmp_path / "s.csv")
    assert r.code == 0, r.err
    rows = (tmp_path / "s.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("group;code;count;share")
    assert any(line.startswith("Casablanca-Settat;06;1;0,2") for line in rows)


def test_shares_in_french(french_csv: Path, run: Callable[..., Result]) -> None:
    r = run("shares", french_csv, "--by", "zone", "--per-capita", "--lang", "fr")
    assert r.code == 0, r.err
    assert r.out.startswith("groupe")
    assert "Axe Casablanca–Settat–Rabat" in r.out and "Autres régions" in r.out
    assert "40,0\u202f%" in r.out and "12\u202f821\u202f606" in r.out
    assert "moins de 5 fiches" in r.out
    for english in ("group ", "count", "share", "Other regions", "records"):
        assert english not in r.out


def test_users_columns_keep_their_names_and_values(tmp_path: Path, run: Callable[..., Result]) -> None:
    data = tmp_path / "d.csv"
    data.write_text(
        "nom,ville,région,latitude,longitude\nA,Casablanca,Souss-Massa,,\nB,,,34.02,-6.83\n", encoding="utf-8"
    )
    for out in (tmp_path / "g.csv", tmp_path / "g.geojson"):
        r = run("geocode", data, "-o", out, "-q")
        assert r.code == 0, r.err
    header = (tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["nom", "ville", "région"]
    assert {"latitude", "longitude", "lat", "lon", "region", "province"} <= set(header)
    props = json.loads((tmp_path / "g.geojson").read_text(encoding="utf-8"))["features"][0]["properties"]
    assert props["région"] == "Souss-Massa" and props["region"] == "Casablanca-Settat"
    assert props["nom"] == "A" and "name" not in props
