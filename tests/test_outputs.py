from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import reproduce
from clusteratlas.export import safe_cell, write_csv

EXPECTED_FILES = (
    {
        "geocoded.gpkg",
        "geocoded.csv",
        "shares_by_zone.csv",
        "shares_by_region.csv",
        "shares_by_province.csv",
        "shares_by_sector_group.csv",
        "claims.csv",
        "reproduction.json",
        "reproduction.md",
    }
    | {
        f"clusters_{k}.{e}"
        for k, es in {
            "points": ("png", "svg", "pdf", "alt.txt"),
            "choropleth": ("png", "alt.txt"),
            "combined": ("png", "pdf", "alt.txt"),
            "timeline": ("png", "alt.txt"),
            "levers": ("png", "alt.txt"),
        }.items()
        for e in es
    }
    | {"clusters.html", "report.html", "report.md", "report_map.png"}
)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_reproduce_writes_everything_and_is_byte_identical(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="Digipole"):
        first = reproduce(out=tmp_path / "a")
    with pytest.warns(UserWarning):
        reproduce(out=tmp_path / "b")
    assert {p.name for p in (tmp_path / "a").iterdir()} == EXPECTED_FILES
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert len(first.claims) == 26
    doc = json.loads((tmp_path / "a" / "reproduction.json").read_text(encoding="utf-8"))
    assert doc["records"] == 17 and doc["placed"] == 16
    assert doc["unplaced"][0]["name"] == "Digipole"
    zone = {g["group"]: g["count"] for g in doc["shares"]["zone"]["groups"]}
    assert zone["Casablanca–Settat–Rabat axis"] == 10
    md = (tmp_path / "a" / "reproduction.md").read_text(encoding="utf-8")
    assert "58.8% (10 of 17)" in md and "| mismatch |" in md


def test_reproduce_cli_prints_the_claims_table(run: Callable, tmp_path: Path) -> None:
    r = run("reproduce", "--out", tmp_path / "maps")
    assert r.code == 0
    assert "zone_axis" in r.out and "58.8% (10 of 17)" in r.out and "not computable" in r.out
    assert "17 match, 5 mismatch, 4 not computable" in r.out


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x", '=HYPERLINK("x")'])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-7.61", "+212", "12%", "-1e-3", "Casablanca", "", "Dar el Beida"])
def test_numbers_and_text_are_left_alone(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_every_csv_written_is_safe(tmp_path: Path, run: Callable) -> None:
    data = tmp_path / "evil.csv"
    data.write_text('name,city,sector\n"=cmd|\'/C calc\'!A0",Rabat,"@SUM(1)"\n"-1+2",Fès,ok\n', encoding="utf-8")
    r = run("geocode", data, "-o", tmp_path / "g.csv", "-q")
    assert r.code == 0
    with (tmp_path / "g.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[1][0] == "'=cmd|'/C calc'!A0" and rows[1][2] == "'@SUM(1)" and rows[2][0] == "'-1+2"
    r = run("shares", data, "--by", "sector", "--format", "csv", "-q")
    assert "'@SUM(1)" in r.out and "\n@SUM" not in r.out
    r = run("shares", data, "--by", "name", "--format", "csv", "-q")
    assert "'=cmd" in r.out


def test_write_csv_is_atomic_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old\n", encoding="utf-8")

    def boom(self: pd.DataFrame, f: object, **k: object) -> None:
        f.write("half a li")  # type: ignore[attr-defined]
        raise RuntimeError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(RuntimeError):
        write_csv(pd.DataFrame({"a": [1]}), target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
