from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import __version__

GOOD = "name,city\nA,Casablanca\nB,Agadir\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_version_and_help(run: Callable) -> None:
    r = run("--version")
    assert r.code == 0 and __version__ in r.out
    r = run("--help")
    assert r.code == 0 and "reproduce" in r.out and "shares" in r.out and "geocode" in r.out


def test_shares_zone_json_done_when(run: Callable, clusters_csv: Path) -> None:
    r = run("shares", clusters_csv, "--by", "zone", "--format", "json")
    assert r.code == 0
    doc = json.loads(r.out)
    groups = {g["group"]: g for g in doc["groups"]}
    assert doc["by"] == "zone" and doc["total"] == 17
    assert groups["Casablanca–Settat–Rabat axis"]["count"] == 10
    assert groups["Unplaced"]["count"] == 1
    assert sum(g["share"] for g in doc["groups"]) == pytest.approx(1.0)
    assert "Digipole" in r.err  # the unplaced record is listed on stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "json"])
def test_shares_formats(run: Callable, clusters_csv: Path, fmt: str) -> None:
    r = run("shares", clusters_csv, "--by", "region", "--per-capita", "--format", fmt, "-q")
    assert r.code == 0 and r.err == ""
    assert "Casablanca-Settat" in r.out
    if fmt == "md":
        assert r.out.splitlines()[1].startswith("|---")
    if fmt == "csv":
        frame = pd.read_csv(__import__("io").StringIO(r.out))
        assert frame["count"].sum() == 17 and "location_quotient" in frame


def test_geocode_writes_each_format(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    for ext in ("csv", "geojson", "gpkg"):
        out = tmp_path / f"g.{ext}"
        r = run("geocode", clusters_csv, "-o", out, "-q")
        assert r.code == 0, r.err
        assert out.stat().st_size > 0
    doc = json.loads((tmp_path / "g.geojson").read_text(encoding="utf-8"))
    assert len(doc["features"]) == 17  # the unplaced record is kept, with no geometry
    assert sum(f["geometry"] is None for f in doc["features"]) == 1
    import geopandas as gpd

    gdf = gpd.read_file(tmp_path / "g.gpkg")
    assert len(gdf) == 17 and gdf.crs.to_epsg() == 4326


def test_strict_exits_3(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    r = run("geocode", clusters_csv, "-o", out, "--strict")
    assert r.code == 3
    assert r.err.startswith("error:") and "Digipole" in r.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "content", "encoding"),
    [
        ("semicolon_latin1.csv", "Nom;Ville;Année\nCluster Fès;Fès;2014\nCluster Salé;Salé;2015\n", "cp1252"),
        ("bom.csv", "\ufeffNAME,CITY,YEAR\nA,Kénitra,2010\nB,Tétouan,\n", "utf-8"),
        ("tabs.tsv", "name\tville\tlatitude\tlongitude\nA\t\t33,57\t-7,59\nB\tOujda\t\t\n", "utf-8"),
        (
            "quoted.csv",
            'name,city,sector\n"Chambre d\'Industrie ""Sud""",Agadir,"Food, cosmetics"\nB,Safi,x\n',
            "utf-8",
        ),
    ],
)
def test_input_dialects(run: Callable, tmp_path: Path, name: str, content: str, encoding: str) -> None:
    path = write(tmp_path / name, content, encoding)
    r = run("shares", path, "--by", "region", "--format", "json", "-q")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["total"] == 2
    assert not any(g["group"] == "Unplaced" for g in doc["groups"])


def test_xlsx_geojson_and_gpkg_inputs(run: Callable, tmp_path: Path) -> None:
    frame = pd.DataFrame({"Nom": ["A", "B"], "Ville": ["Meknès", "Laâyoune"], "Année": [2015, 2019]})
    frame.to_excel(tmp_path / "in.xlsx", index=False)
    r = run("shares", tmp_path / "in.xlsx", "--by", "region", "--format", "json", "-q")
    assert r.code == 0, r.err
    counts = {g["code"]: g["count"] for g in json.loads(r.out)["groups"]}
    assert counts["03"] == 1 and counts["11"] == 1
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(
        {"name": ["a", "b"]}, geometry=gpd.points_from_xy([-7.6, -1.9], [33.58, 34.68]), crs="EPSG:4326"
    )
    for ext in ("geojson", "gpkg"):
        gdf.to_file(tmp_path / f"in.{ext}")
        r = run("shares", tmp_path / f"in.{ext}", "--by", "region", "--format", "json", "-q")
        assert r.code == 0, r.err
        counts = {g["code"]: g["count"] for g in json.loads(r.out)["groups"]}
        assert counts["06"] == 1 and counts["02"] == 1


BAD_INPUTS = [
    # (file name, content, fragment of the message)
    ("missing.csv", None, "no such file"),
    ("data.xls", "x", "unsupported file type '.xls'"),
    ("empty.csv", "", "the file is empty"),
    ("header.csv", "name,city\n", "no records"),
    ("ragged.csv", "name,city\nA,Rabat\nB,Fès,extra,cells\n", "row 3 has 4 fields"),
    ("lat.csv", "name,lat,lon\nA,33.5,-7.6\nB,north,-7.6\n", "row 3 ('north')"),
    ("range.csv", "name,lat,lon\nA,133.5,-7.6\n", "outside ±90"),
    ("onlylat.csv", "name,lat\nA,33.5\n", "no 'lon' column"),
    ("halfpair.csv", "name,lat,lon\nA,33.5,\n", "one coordinate is empty"),
    ("dupe.csv", "name,city,ville\nA,Rabat,Rabat\n", "both mean 'city'"),
    ("year.csv", "name,city,year\nA,Rabat,2014\nB,Fès,circa 2015\n", "column 'year': row 3"),
    ("lever.csv", "name,city,lever_rnd\nA,Rabat,maybe\n", "not true/false"),
    ("broken.xlsx", "not a zip file", "cannot be read as an Excel workbook"),
    ("broken.geojson", "{not json", "cannot be read as GeoJSON"),
    (
        "lines.geojson",
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}',
        "must be points",
    ),
]


@pytest.mark.parametrize(("name", "content", "fragment"), BAD_INPUTS)
@pytest.mark.parametrize("command", ["geocode", "shares"])
def test_bad_input_one_error_line_exit_2_no_output(
    run: Callable, tmp_path: Path, name: str, content: str | None, fragment: str, command: str
) -> None:
    path = tmp_path / name
    if content is not None:
        write(path, content)
    out = tmp_path / "out" / "result.csv"
    args = ["geocode", path, "-o", out] if command == "geocode" else ["shares", path, "-o", out]
    r = run(*args)
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert lines[0].startswith("error:")
    assert fragment in lines[0]
    assert str(path) in lines[0] or name in lines[0]
    assert "Traceback" not in r.err
    assert not out.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["shares", "{data}", "--by", "colour"], "no column 'colour'"),
        (["shares", "{data}", "--format", "xml"], "'xml' is not one of"),
        (["shares", "{data}", "--by", "zone", "--zones", "{tmp}/nope.toml"], "no such zones file"),
        (["shares", "{data}", "--by", "year", "--per-capita"], "needs a geographic grouping"),
        (["geocode", "{data}", "-o", "{tmp}/out.shp"], "cannot write '.shp'"),
        (["geocode", "{data}"], "Missing option '-o'"),
        (["reproduce", "--data", "{tmp}/nope.csv", "--out", "{tmp}/maps"], "no such file"),
        (["frobnicate"], "No such command"),
        (["shares", "{data}", "--bogus"], "No such option"),
    ],
)
def test_usage_errors(run: Callable, tmp_path: Path, args: list[str], fragment: str) -> None:
    data = write(tmp_path / "d.csv", GOOD)
    r = run(*[a.format(data=data, tmp=tmp_path) for a in args])
    assert r.code == 2
    assert len(r.err.strip().splitlines()) == 1 and r.err.startswith("error:")
    assert fragment in r.err
    assert not (tmp_path / "out.shp").exists() and not (tmp_path / "maps").exists()


def test_reproduce_bad_data_writes_nothing(run: Callable, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", "name,lat,lon\nA,x,y\n")
    r = run("reproduce", "--data", bad, "--out", tmp_path / "maps")
    assert r.code == 2 and r.err.startswith("error:")
    assert not (tmp_path / "maps").exists()
