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
