"""Weights: shares of a column's sum, the record counts beside them, and no silent zero."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, read_records, shares
from clusteratlas._weights import read_weights
from clusteratlas.errors import InputError
from clusteratlas.share_text import format_result
from tests.test_crosstab import make_register, write_register

CSV = (
    "Nom;Ville;Secteur;Effectif;ICE\nA;Casablanca;Auto;2 880;00012\nB;Tanger;Textile;12,5;00034\n"
    "C;Fès;Auto;;00056\nD;Agadir;Agro;45;00078\nE;Casablanca;Agro;1.200;00090\n"
)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "registre.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_missing_weight_is_an_error_naming_the_row(run: Callable, small: Path) -> None:
    r = run("shares", small, "--weight", "Effectif")
    assert r.code == 2 and r.out == ""
    assert "row 4" in r.err and "'Effectif'" in r.err and "--missing-weight zero" in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err


def test_missing_weight_zero_and_skip(small: Path) -> None:
    records = read_records(small)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        zero = shares(records, by="sector", weight="Effectif", missing_weight="zero")
        skip = shares(records, by="sector", weight="Effectif", missing_weight="skip")
    z = zero.table.set_index("group")
    assert zero.total == 5 and zero.skipped == 0 and zero.total_weight == pytest.approx(2880 + 12.5 + 45 + 1200)
    assert z.loc["Auto", "count"] == 2 and z.loc["Auto", "weight"] == 2880  # the empty cell counts 0, the record 1
    s = skip.table.set_index("group")
    assert skip.total == 4 and skip.skipped == 1 and s.loc["Auto", "count"] == 1
    assert s["share"].sum() == pytest.approx(1.0)
    assert list(skip.table["group"]) == ["Auto", "Agro", "Textile"]  # by decreasing weight


@pytest.mark.parametrize(
    ("cell", "why"), [("beaucoup", "not a number"), ("-3", "below zero"), ("2 880 ou plus", "not a number")]
)
def test_bad_weights_name_rows(cell: str, why: str) -> None:
    frame = pd.DataFrame({"Effectif": ["10", "20", cell]})
    with pytest.raises(InputError, match=why) as err:
        read_weights(frame, "Effectif")
    assert "row 4" in str(err.value) and repr(cell) in str(err.value)  # the header is line 1


def test_units_are_read_as_parse_numbers_reads_them() -> None:
    w = read_weights(pd.DataFrame({"Inv": ["12,5 MDH", "1 200 MDH", "3 MDH"]}), "Inv")
    assert w.values.tolist() == [12.5, 1200.0, 3.0] and w.unit == "MDH" and w.missing == 0


def test_unknown_weight_column_and_rule(small: Path, run: Callable) -> None:
    r = run("shares", small, "--weight", "Salaires")
    assert r.code == 2 and "'Salaires'" in r.err and "Effectif" in r.err
    r = run("shares", small, "--weight", "Effectif", "--missing-weight", "ignore")
    assert r.code == 2 and "zero" in r.err and "skip" in r.err


def test_weighted_region_shares_match_pandas(tmp_path: Path, run: Callable) -> None:
    frame = make_register(11, 800)
    path = write_register(tmp_path, frame)
    r = run("shares", path, "--weight", "Effectif", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        regions = geocode(read_records(path))["region_code"].fillna("")
    sums = frame["truth"].groupby(regions.to_numpy()).sum()
    counts = pd.Series(regions.to_numpy()).value_counts()
    total = frame["truth"].sum()
    assert doc["weight"] == "Effectif" and doc["total_weight"] == pytest.approx(total) and doc["total"] == 800
    for g in doc["groups"]:
        assert g["weight"] == pytest.approx(sums.get(g["code"], 0))
        assert g["count"] == counts.get(g["code"], 0)
        assert g["share"] == pytest.approx(sums.get(g["code"], 0) / total)
        assert g["few_records"] == (g["count"] < 5)


def test_weighted_per_capita_is_of_the_weights() -> None:
    frame = pd.DataFrame(
        {"region_code": ["06", "06", "01"], "geocode_status": "matched", "Effectif": ["100", "300", "600"]}
    )
    got = shares(frame, weight="Effectif", per_capita=True, geocode=False).table.set_index("code")
    pop_share = got["population_2024"].astype(float) / got["population_2024"].astype(float).sum()
    assert got.loc["06", "location_quotient"] == pytest.approx(0.4 / pop_share["06"])
    assert got.loc["01", "per_million"] == pytest.approx(600 / got.loc["01", "population_2024"] * 1e6)


def test_counted_shares_keep_their_bytes(small: Path) -> None:
    records = read_records(small)
    counted = shares(records, by="sector")
    assert "weight" not in counted.table and "weight" not in counted.to_dict()
    assert format_result(counted, "csv") == "group,count,share\nAgro,2,0.4\nAuto,2,0.4\nTextile,1,0.2\n"


def test_weighted_table_shows_the_users_header_in_french(small: Path, run: Callable) -> None:
    r = run("shares", small, "--by", "secteur", "--weight", "Effectif", "--missing-weight", "zero", "--lang", "fr")
    assert r.code == 0, r.err
    head = r.out.splitlines()[0]
    assert "Effectif" in head and "part" in head
    assert "2\u202f880" in r.out and "12,50" in r.out and "4\u202f137,50" in r.out  # the total, French
    assert "*" in r.out and "moins de 5 fiches" in r.out
    doc = json.loads(run("shares", small, "--weight", "Effectif", "--missing-weight", "zero", "--format", "json").out)
    assert np.isclose(doc["total_weight"], 4137.5) and doc["skipped"] == 0
