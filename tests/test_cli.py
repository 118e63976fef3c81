from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import __version__
from clusteratlas.cli import cli

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

    gdf = gpd.read_file(tmp_path / "g.gpkg", layer="clusters")  # the regions and styles beside it: test_gis_styles
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
    ("ragged.csv", "name,city\nA,Rabat\nB,Fès,extra,cells\n", "row 3 has 4 cells"),
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
        (["shares", "{data}", "--by", "year", "--per-capita"], "--per-capita needs a geographic --by"),
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


# --- issue 8: several sheets or layers, outputs that are inputs, awkward input files ---------

READERS = {
    "geocode": ["geocode", "{data}", "-o", "{tmp}/out.csv"],
    "shares": ["shares", "{data}", "--by", "zone"],
    "figure": ["figure", "{data}", "-o", "{tmp}/out.png", "--kind", "points"],
    "map": ["map", "{data}", "-o", "{tmp}/out.html"],
    "report": ["report", "{data}", "-o", "{tmp}/out.md", "--no-figure"],
    "reproduce": ["reproduce", "--data", "{data}", "--out", "{tmp}/maps"],
}


def _two_sheet_book(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "old"
    for row in (["name", "city"], ["A", "Casablanca"]):
        wb.active.append(row)
    new = wb.create_sheet("new")
    for row in (["nom", "ville"], ["B", "Agadir"], ["C", "Fès"]):
        new.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("command", list(READERS))
def test_several_sheets_need_sheet_on_every_command(run: Callable, tmp_path: Path, command: str) -> None:
    from clusteratlas.cli import cli

    assert {"sheet", "layer"} <= {p.name for p in cli.commands[command].params}
    book = _two_sheet_book(tmp_path / "book.xlsx")
    r = run(*[a.format(data=book, tmp=tmp_path) for a in READERS[command]])
    assert r.code == 2 and r.err.startswith("error:") and len(r.err.strip().splitlines()) == 1
    assert "2 sheets with data ('old', 'new')" in r.err and "--sheet" in r.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_sheet_and_layer_options_read_the_one_named(run: Callable, tmp_path: Path) -> None:
    book = _two_sheet_book(tmp_path / "book.xlsx")
    r = run("shares", book, "--sheet", "new", "--by", "region", "--format", "json", "-q")
    assert r.code == 0, r.err
    assert json.loads(r.out)["total"] == 2
    r = run("geocode", book, "--sheet", "old", "-o", tmp_path / "old.csv", "-q")
    assert r.code == 0, r.err
    assert pd.read_csv(tmp_path / "old.csv")["name"].tolist() == ["A"]
    r = run("shares", book, "--sheet", "nope")
    assert r.code == 2 and "no sheet 'nope'" in r.err and "'old', 'new'" in r.err

    import geopandas as gpd
    from shapely.geometry import Point

    gpkg = tmp_path / "two.gpkg"
    for layer, names in (("a", ["A"]), ("b", ["B", "C"])):
        points = [Point(-7.6, 33.6)] * len(names)
        gpd.GeoDataFrame({"name": names}, geometry=points, crs="EPSG:4326").to_file(gpkg, layer=layer)
    r = run("geocode", gpkg, "-o", tmp_path / "g.csv")
    assert r.code == 2 and "2 layers ('a', 'b')" in r.err and "--layer" in r.err
    r = run("geocode", gpkg, "--layer", "b", "-o", tmp_path / "g.csv", "-q")
    assert r.code == 0, r.err
    assert pd.read_csv(tmp_path / "g.csv")["name"].tolist() == ["B", "C"]


def _same_file_cases(tmp: Path) -> list[tuple[list[object], Path]]:
    import os

    from clusteratlas._resources import data_path

    data = write(tmp / "data.csv", GOOD)
    (tmp / "link.html").symlink_to(data)
    os.link(data, tmp / "hard.csv")
    zones = tmp / "zones.toml"
    zones.write_bytes(data_path("profiles", "study", "zones.toml").read_bytes())
    alt = write(tmp / "fig.alt.txt", GOOD)
    (tmp / "tables").mkdir()
    claims_csv = write(tmp / "tables" / "by_zone.csv", GOOD)
    (tmp / "maps").mkdir()
    geocoded = write(tmp / "maps" / "geocoded.csv", GOOD)
    return [
        (["geocode", data, "-o", data], data),
        (["geocode", data, "-o", tmp / "sub" / ".." / "data.csv"], data),
        (["geocode", data, "-o", tmp / "hard.csv"], data),
        (["shares", data, "--by", "zone", "--zones", zones, "-o", zones], zones),
        (["figure", alt, "-o", tmp / "fig.png", "--kind", "points"], alt),
        (["map", data, "-o", tmp / "link.html"], data),
        (
            ["report", claims_csv, "-o", tmp / "r.md", "--no-figure", "--tables-dir", tmp / "tables", "--zones", zones],
            claims_csv,
        ),
        (["reproduce", "--data", geocoded, "--out", tmp / "maps"], geocoded),
    ]


@pytest.mark.parametrize("case", range(8))
def test_output_never_replaces_an_input(run: Callable, tmp_path: Path, case: int) -> None:
    args, victim = _same_file_cases(tmp_path)[case]
    before = victim.read_bytes()
    listing = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    r = run(*args)
    assert r.code == 2, r.err
    assert r.err.startswith("error:") and "is the input file" in r.err and "never replaces its inputs" in r.err
    assert victim.read_bytes() == before
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == listing


def test_awkward_input_files_through_the_cli(run: Callable, tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    box: list[tuple[int, str]] = []

    def read_fifo() -> None:
        r = run("shares", fifo)
        box.append((r.code, r.err))

    thread = threading.Thread(target=read_fifo, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive() and box[0][0] == 2 and "named pipe (FIFO)" in box[0][1]
    r = run("shares", tmp_path)
    assert r.code == 2 and "is a folder" in r.err
    r = run("shares", write(tmp_path / "foo.csv", "foo,bar\n1,2\n"))
    assert r.code == 2 and "no location column (found 'foo', 'bar')" in r.err
    r = run("shares", write(tmp_path / "dup.csv", "name,city,city\nA,Agadir,Safi\n"))
    assert r.code == 2 and "'city' (column 2) and 'city' (column 3) both mean 'city'" in r.err
    r = run(
        "shares", write(tmp_path / "utf16.csv", "\ufeffnom;ville\nA;Fès\nB;Tétouan\n", "utf-16-le"), "--format", "json"
    )
    placed = {g["group"] for g in json.loads(r.out)["groups"] if g["count"]}
    assert r.code == 0 and r.err == "" and placed == {"Fès-Meknès", "Tanger-Tétouan-Al Hoceima"}
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(GOOD.encode() + "C,Salé\n".encode("cp1252") + "D,Fès\n".encode())
    r = run("shares", mixed, "--by", "city")
    assert r.code == 0 and "Salé" in r.out and "Fès" in r.out and "Ã" not in r.out
    assert "warning:" in r.err and "row 4 are not valid UTF-8" in r.err


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_each_command_takes_its_options_as_one_typed_object(name: str) -> None:
    from dataclasses import fields

    command = cli.commands[name]
    options_class = command.callback.options_class  # set by cli._collect
    exposed = {p.name for p in command.params if p.expose_value}
    assert exposed == {f.name for f in fields(options_class)}


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("`per_capita` needs a geographic `by`", "--per-capita needs a geographic --by"),
        ("`group_by`: no column 'x'", "--group-by: no column 'x'"),
        ("`fmt`: unknown", "--format: unknown"),
        ("`tables_dir` and `sheet`", "--tables-dir and --sheet"),
        ("`not_a_parameter` stays", "not_a_parameter stays"),
    ],
)
def test_errors_name_flags_on_the_command_line(message: str, shown: str) -> None:
    from clusteratlas.cli import with_flags

    assert with_flags(message) == shown


def test_library_parameter_errors_reach_the_user_as_flags(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    r = run("report", clusters_csv, "-o", tmp_path / "r.md", "--no-figure", "--group-by", "colour")
    assert r.code == 2 and "\nerror: --group-by: no column 'colour'" in r.err
    assert not (tmp_path / "r.md").exists()


# --- round 3: a new user's files -----------------------------------------------------------


def _register(path: Path) -> Path:
    """A firm register as exported: no 'name' header, French headers, ';' and a separator ending every row."""
    rows = [
        ("RC1", "Zénith Agro", "Agroalimentaire", "Oujda", "120"),
        ("RC2", "Atlas Textiles", "Textile", "Fès", "40"),
        ("RC3", "Rif Métal", "Métallurgie", "Tanger", "300"),
        ("RC4", "Souss Agro", "Agroalimentaire", "Agadir", "15"),
    ]
    text = "N° RC;Raison sociale;Secteur;Ville;Effectif\n" + "".join(";".join(r) + ";\n" for r in rows)
    return write(path, text)


def test_trailing_separators_and_name_fallbacks_through_the_cli(run: Callable, tmp_path: Path) -> None:
    data = _register(tmp_path / "reg.csv")
    with data.open("a", encoding="utf-8") as f:
        f.write("RC5;Nulle Part;Textile;Atlantide;1;\n")
    r = run("geocode", data, "-o", tmp_path / "g.csv", "-v")
    assert r.code == 0, r.err
    assert "rows end with a separator (';')" in r.err
    assert "could not be placed: Nulle Part (city 'Atlantide'" in r.err  # named by 'Raison sociale'
    out = pd.read_csv(tmp_path / "g.csv", dtype=str)  # the output keeps the file's own headers
    assert list(out.columns[:5]) == ["N° RC", "Raison sociale", "Secteur", "Ville", "Effectif"]
    assert out["Raison sociale"].tolist() == ["Zénith Agro", "Atlas Textiles", "Rif Métal", "Souss Agro", "Nulle Part"]
    assert out["Effectif"].tolist() == ["120", "40", "300", "15", "1"] and out["region_code"].notna().sum() == 4
    r = run("geocode", data, "-o", tmp_path / "g2.csv", "--name-column", "n° rc")
    assert r.code == 0, r.err
    assert "could not be placed: RC5 (city 'Atlantide'" in r.err
    assert pd.read_csv(tmp_path / "g2.csv", dtype=str)["N° RC"].tolist() == [f"RC{i}" for i in range(1, 6)]
    r = run("shares", data, "--name-column", "Nope")
    assert r.code == 2 and "no column 'Nope' (--name-column); the columns are 'N° RC', 'Raison sociale'" in r.err
    r = run("shares", data, "--name-column", "N° RC", "--chunksize", "2")
    assert r.code == 2 and "drop --chunksize or --name-column" in r.err
    extra = write(tmp_path / "extra.csv", "name,city\nA,Casablanca,extra\nB,Rabat,\n")
    r = run("geocode", extra, "-o", tmp_path / "e.csv")
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    assert "row 2 has 3 cells but the header names 2" in r.err and not (tmp_path / "e.csv").exists()


@pytest.mark.parametrize("command", list(READERS))
def test_every_reading_command_takes_name_column(command: str) -> None:
    assert "name_column" in {p.name for p in cli.commands[command].params}


def test_no_name_column_is_a_warning_naming_the_flag(run: Callable, tmp_path: Path) -> None:
    data = write(tmp_path / "n.csv", "ville,secteur\nRabat,IT\nFès,Agri\n")
    r = run("shares", data, "--by", "secteur")
    assert r.code == 0, r.err
    warned = [line for line in r.err.splitlines() if "no column names the records" in line]
    assert len(warned) == 1 and "'ville', 'secteur'" in warned[0] and "--name-column" in warned[0]


@pytest.mark.parametrize("command", ["figure", "map"])
def test_color_by_and_size_by_take_the_files_own_headers(run: Callable, tmp_path: Path, command: str) -> None:
    data = _register(tmp_path / "reg.csv")
    out = tmp_path / ("f.png" if command == "figure" else "m.html")
    extra = ["--kind", "points", "--size-by", "effectif"] if command == "figure" else []
    r = run(command, data, "-o", out, "--color-by", "Secteur", *extra, "-q")
    assert r.code == 0, r.err
    assert out.stat().st_size > 0
    r = run(command, data, "-o", tmp_path / ("x" + out.suffix), "--color-by", "Couleur")
    assert r.code == 2 and "no column 'Couleur'" in r.err
    assert "N° RC, Raison sociale, Secteur, Ville, Effectif, lat" in r.err  # the headers of the file, not name/sector
    if command == "map":
        assert "Textile" in out.read_text(encoding="utf-8")


def test_stream_errors_name_what_was_passed(run: Callable, tmp_path: Path) -> None:
    book = _two_sheet_book(tmp_path / "book.xlsx")
    r = run("shares", book, "--engine", "stream")
    assert r.code == 2 and "--engine stream reads .csv" in r.err and "drop --engine stream." in r.err
    assert "--chunksize" not in r.err
    r = run("geocode", book, "--chunksize", "5", "-o", tmp_path / "o.csv")
    assert r.code == 2 and "--chunksize reads .csv" in r.err and "--engine" not in r.err
    r = run("shares", tmp_path / "x.csv", "--engine", "stream", "--sheet", "old")
    assert r.code == 2 and "drop --engine stream or --sheet" in r.err and "--chunksize" not in r.err
    r = run("shares", book, "--engine", "memory", "--sheet", "new", "--format", "json", "-q")
    assert r.code == 0 and json.loads(r.out)["total"] == 2


# --- issue 19: options declared once, in the library; a fast start -----------------------


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_option_sets_what_the_library_declares(name: str) -> None:
    """Each option is a parameter of the library function or options class the command calls, with its default."""
    import inspect

    import click

    from clusteratlas.cli._params import Declared, declared_defaults

    command = cli.commands[name]
    declared = declared_defaults(*command.declarations)
    for param in command.params:
        if isinstance(param, click.Argument) or not param.expose_value:
            continue
        assert isinstance(param, Declared), f"{name} --{param.name}: declare it with cli._params.option"
        if param.cli_only:  # the command line's own option, saying what it does instead
            assert param.sets is None and param.cli_only.strip()
            continue
        assert param.sets in declared, f"{name} --{param.name} sets nothing the library declares"
        assert "--" + param.name.replace("_", "-") in param.opts or param.name == "fmt"
        if param.library_default and declared[param.sets] is not inspect.Parameter.empty:
            assert param.default == declared[param.sets], f"{name} --{param.name}"


def test_the_options_are_handed_to_the_library_as_declared() -> None:
    from clusteratlas.mapspec import MapOptions
    from clusteratlas.options import ReadOptions

    options_class = cli.commands["map"].callback.options_class
    given = dict.fromkeys(options_class.__dataclass_fields__) | {"choropleth": "share", "lang": "fr", "k": 3}
    a = options_class(**given)
    assert a.pick(MapOptions)["value"] == "share"  # --choropleth sets value
    assert a.pick(MapOptions)["lang"] == "fr" and "max_zoom" not in a.pick(MapOptions)
    assert a.of(ReadOptions, strict=True) == ReadOptions(strict=True)


def test_the_command_line_starts_without_its_commands_or_heavy_libraries() -> None:
    import subprocess
    import sys

    import clusteratlas

    code = (
        "import sys\nfrom clusteratlas.cli import main\ncode = main(['--version'])\n"
        "heavy = ('matplotlib', 'folium', 'dask', 'distributed', 'geopandas', 'pyogrio')\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith('clusteratlas.cli.')))"
    )
    src = str(Path(clusteratlas.__file__).parents[1])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": src})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 ['clusteratlas.cli._log']"
