"""GIS files that lose nothing (issue 18, item 4): types, layers, GeoPackage version, bytes, read-back.

Every test runs on a register generated here (numbers written as people write them, codes
with leading zeros, dates, booleans, a sector column), not on the study's rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import pytest

from clusteratlas import geocode, read_records
from clusteratlas._gis import column_kinds, layer_name
from clusteratlas.errors import InputError
from clusteratlas.export import write_records
from clusteratlas.options import read_geocoded
from clusteratlas.schema import GEOCODE_COLUMNS
from tests.randomdata import random_records

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
SYSTEM_PYTHON = "/usr/bin/python3"
#: The kind each generated column must have in every format.
EXPECTED = {
    "Effectif": "integer",
    "Investissement (MDH)": "real",
    "Taux export (%)": "integer",
    "ICE": "text",
    "Code postal": "text",
    "Code activité": "text",
    "Mise à jour": "date",
    "Exportateur": "boolean",
    "année": "integer",
    "Secteur": "text",
    "Remarques": "text",
    "lat": "real",
    "lon": "real",
    "region_code": "text",
    "province_code": "text",
    "geocode_score": "real",
}


def gis_register(seed: int, n: int) -> pd.DataFrame:
    """Return ``n`` firms as an agency's export writes them: every cell text, French numbers and dates."""
    rng = np.random.default_rng(seed)
    base = random_records(seed, n)
    staff = rng.integers(1, 20_000, size=n)
    invest = rng.integers(1, 100_000, size=n) / 10
    day = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 12_000, size=n), unit="D")
    frame = pd.DataFrame(
        {
            "Raison sociale": [f"Firme {i}" for i in range(n)],
            "Ville": base["city"].fillna(""),
            "Secteur": base["sector"],
            "Effectif": [f"{v:,}".replace(",", "\u202f") for v in staff],  # 12 345 with a narrow space
            "Investissement (MDH)": [f"{v:.1f}".replace(".", ",") for v in invest],  # 1234,5
            "Taux export": [f"{v} %" for v in rng.integers(0, 100, size=n)],  # a unit the column shares
            "ICE": [f"00{v:013d}" for v in rng.integers(0, 10**13, size=n)],
            "Code postal": [str(v) for v in rng.choice([20000, 10000, 90000, 40000], size=n)],
            "Code activité": [f"{v:02d}.{w:03d}" for v, w in zip(*rng.integers(1, 13, (2, n)), strict=True)],
            "Mise à jour": day.strftime("%d/%m/%Y"),
            "Exportateur": rng.choice(["oui", "non", ""], size=n),
            "année": day.year.astype(str),
            "Remarques": "",  # never filled: text in every format
        }
    )
    blank = rng.random(n) < 0.1  # unknown cells stay missing, in every format
    frame.loc[blank, "Effectif"] = ""
    frame.loc[rng.random(n) < 0.1, "Mise à jour"] = ""
    return frame


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gis") / "Registre des firmes 2024.csv"
    gis_register(11, 240).to_csv(path, index=False, sep=";")
    return path


@pytest.fixture(scope="module")
def geocoded(register: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(read_records(register))


def _kind(t: pa.DataType) -> str:
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t):
        return "real"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "text"
    return str(t)


def _read(path: Path) -> pa.Table:
    """Read a geodata file back with pyogrio (GDAL) or pyarrow, its geometry dropped."""
    if path.suffix == ".parquet":
        table = pq.read_table(path)
    else:
        _, table = pyogrio.read_arrow(path)
    return table.drop_columns([c for c in table.column_names if c in ("geometry", "geom", "wkb_geometry")])


def test_the_three_formats_have_the_same_types_and_values(geocoded: pd.DataFrame, tmp_path: Path) -> None:
    tables = {ext: _read(write_records(geocoded, tmp_path / f"firms.{ext}")) for ext in ("gpkg", "geojson", "parquet")}
    kinds = {ext: {f.name: _kind(f.type) for f in t.schema} for ext, t in tables.items()}
    assert kinds["gpkg"] == kinds["geojson"] == kinds["parquet"]
    assert {c: kinds["gpkg"][c] for c in EXPECTED} == EXPECTED
    headers = [c.replace("Taux export", "Taux export (%)") for c in gis_register(11, 1).columns]
    assert list(kinds["gpkg"]) == [*headers, *GEOCODE_COLUMNS]  # the unit the cells carried is in the header
    for column in tables["gpkg"].column_names:
        values = [tables[ext][column].to_pylist() for ext in ("gpkg", "geojson", "parquet")]
        assert values[0] == values[1] == values[2], column
    # The values are the register's, read as people write them.
    source = gis_register(11, 240)
    staff = tables["parquet"]["Effectif"].to_pylist()
    assert staff == [None if s == "" else int(s.replace("\u202f", "")) for s in source["Effectif"]]
    invest = [float(s.replace(",", ".")) for s in source["Investissement (MDH)"]]
    assert tables["parquet"]["Investissement (MDH)"].to_pylist() == invest
    assert tables["gpkg"]["ICE"].to_pylist() == source["ICE"].tolist()  # leading zeros kept
    assert tables["gpkg"]["Code activité"].to_pylist() == source["Code activité"].tolist()
    dates = [None if s == "" else dt.datetime.strptime(s, "%d/%m/%Y").date() for s in source["Mise à jour"]]
    assert tables["geojson"]["Mise à jour"].to_pylist() == dates
    exporters = [{"oui": True, "non": False}.get(s) for s in source["Exportateur"]]
    assert tables["gpkg"]["Exportateur"].to_pylist() == exporters
    codes = tables["gpkg"]["region_code"].to_pylist()
    assert all(c is None or (len(c) == 2 and c.isdigit()) for c in codes)
    assert {"03", "04", "06"} <= set(codes)  # codes with a leading zero, as text


@pytest.mark.parametrize(
    ("cells", "header", "kind"),
    [
        (["2 880", "1.234.567", "12"], "Effectif", "integer"),
        (["12,5", "3", ""], "Capital", "real"),
        (["2.880", "3,5"], "Surface", "real"),  # a decimal comma elsewhere: the dot is a thousands separator
        (["03", "12"], "Zone", "text"),  # a leading zero: a code
        (["20000", "10000"], "CP", "text"),  # the header names a code
        (["12345678901234567"], "Ref", "text"),  # too long to be a number
        (["oui", "non", "n/a"], "Export", "boolean"),
        (["2021-03-04", ""], "Créée le", "date"),
        (["31/12/2020"], "Début", "date"),
        (["31/02/2020"], "Début", "text"),  # no such day
        (["1", "x"], "Mixed", "text"),
        (["", "n/a"], "Vide", "text"),
    ],
)
def test_column_kinds(cells: list[str], header: str, kind: str) -> None:
    assert column_kinds(pd.DataFrame({header: cells})) == {header: kind}


def test_writing_into_a_geopackage_keeps_its_other_layers(geocoded: pd.DataFrame, tmp_path: Path) -> None:
    import geopandas as gpd

    path = tmp_path / "atlas.gpkg"
    roads = gpd.GeoDataFrame({"road": ["N1", "A7"]}, geometry=gpd.points_from_xy([-7.6, -6.8], [33.6, 34.0]), crs=4326)
    pyogrio.write_dataframe(roads, path, layer="roads", driver="GPKG")
    write_records(geocoded, path)
    layers = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    assert layers == ["roads", "Registre_des_firmes_2024"]
    write_records(geocoded.head(5), path)  # the same layer again: replaced, not added
    write_records(geocoded.head(3), path, layer="premières")
    names = ("roads", "Registre_des_firmes_2024", "premières")
    info = {name: pyogrio.read_info(path, layer=name)["features"] for name in names}
    assert info == {"roads": 2, "Registre_des_firmes_2024": 5, "premières": 3}
    assert pyogrio.read_dataframe(path, layer="roads")["road"].tolist() == ["N1", "A7"]


def test_a_failed_write_leaves_the_file_as_it_was(geocoded: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "notes.gpkg"
    path.write_text("not a GeoPackage", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.gpkg: exists and is not a GeoPackage"):
        write_records(geocoded, path)
    assert path.read_text(encoding="utf-8") == "not a GeoPackage"
    other = tmp_path / "other.gpkg"  # an SQLite database, not a GeoPackage
    with contextlib.closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE notes (x TEXT)")
        db.commit()
    before = other.read_bytes()
    with pytest.raises(InputError, match=r"other\.gpkg: exists and is not a GeoPackage"):
        write_records(geocoded, other)
    assert other.read_bytes() == before
    other.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.gpkg"]  # no temporary file left


def test_gdal_validates_the_geopackage_and_opens_it_without_a_warning(geocoded: pd.DataFrame, tmp_path: Path) -> None:
    path = write_records(geocoded, tmp_path / "firms.gpkg")
    assert VALIDATOR.is_file(), "install Debian's python3-gdal (make test does)"
    checked = subprocess.run([SYSTEM_PYTHON, str(VALIDATOR), str(path)], capture_output=True, text=True, check=False)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    opened = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=False)
    assert opened.returncode == 0 and "Warning" not in opened.stderr + opened.stdout, opened.stderr
    assert "Effectif: Integer64" in opened.stdout and "ICE: String" in opened.stdout
    assert "Mise à jour: Date" in opened.stdout and "Exportateur: Integer(Boolean)" in opened.stdout
    version = subprocess.run(["ogrinfo", "-so", str(path)], capture_output=True, text=True, check=False)
    assert version.returncode == 0
    header = path.read_bytes()[60:72]
    assert header[:4] == (10200).to_bytes(4, "big") and header[8:] == b"GPKG"  # user_version 1.2, application_id


@pytest.mark.parametrize("ext", ["csv", "gpkg", "geojson", "parquet"])
def test_the_same_data_give_the_same_bytes_from_any_folder(
    register: Path, tmp_path: Path, run: Callable[..., Any], ext: str
) -> None:
    outputs = []
    for folder in ("first/deep", "second"):
        source = tmp_path / folder / register.name
        source.parent.mkdir(parents=True)
        shutil.copyfile(register, source)
        out = tmp_path / folder / f"out.{ext}"
        assert run("geocode", source, "-o", out, "-q").code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    for folder in ("first", "second", str(tmp_path)):
        assert folder.encode() not in outputs[0]


def test_layer_names(register: Path, tmp_path: Path, run: Callable[..., Any]) -> None:
    assert layer_name("/x/Registre des firmes 2024.csv") == "Registre_des_firmes_2024"
    assert layer_name("2024 éléments.xlsx") == "layer_2024_elements"
    assert layer_name("<records>") == "records"
    out = tmp_path / "out.gpkg"
    assert run("geocode", register, "-o", out, "--layer-name", "Firmes (2024)", "-q").code == 0
    # the records under the name given, the regions beside them, and their QGIS styles (test_gis_styles.py)
    layers = [str(n) for n in pyogrio.list_layers(out)[:, 0]]
    assert layers == ["Firmes (2024)", "Firmes (2024)_regions", "layer_styles"]
    bad = run("geocode", register, "-o", out, "--layer-name", "gpkg_contents")
    assert bad.code == 2 and "GeoPackage reserves names" in bad.err and "Traceback" not in bad.err
    wrong = run("geocode", register, "-o", tmp_path / "out.csv", "--layer-name", "x")
    assert wrong.code == 2 and ".gpkg and .geojson outputs only" in wrong.err
    assert not (tmp_path / "out.csv").exists()
    assert run("geocode", register, "-o", tmp_path / "out.geojson", "--layer-name", "Firmes", "-q").code == 0
    assert '"name":"Firmes"' in (tmp_path / "out.geojson").read_text(encoding="utf-8")


def _coarse_register() -> pd.DataFrame:
    """Records placed at every precision: points, cities, a province's centre, a region's, none."""
    return pd.DataFrame(
        {
            "name": ["point", "city", "province", "region", "nowhere"],
            "city": ["", "Fès", "", "", "Ksar Imaginaire"],
            "province": ["", "", "Nouaceur", "", ""],
            "region": ["", "", "", "Souss-Massa", ""],
            "lat": ["33.5", "", "", "", ""],
            "lon": ["-7.6", "", "", "", ""],
            "location_confidence": ["high", "high", "low", "low", "low"],
        }
    )


@pytest.mark.parametrize("ext", ["csv", "gpkg", "geojson", "parquet"])
def test_our_outputs_read_back_as_written(tmp_path: Path, run: Callable[..., Any], ext: str) -> None:
    source = tmp_path / "coarse.csv"
    _coarse_register().to_csv(source, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(read_records(source))
    assert geo["geocode_precision"].tolist() == ["point", "city", "province", "region", "none"]
    back = read_geocoded(write_records(geo, tmp_path / f"out.{ext}"))
    assert back.columns.tolist() == geo.columns.tolist()
    pd.testing.assert_frame_equal(back[GEOCODE_COLUMNS], geo[GEOCODE_COLUMNS], check_dtype=False)
    assert back["location_confidence"].tolist() == ["high", "high", "low", "low", "low"]
    # Geocoding the output again (the command line) keeps it as it was: a province's centre
    # does not become a given point.
    again = tmp_path / f"again.{ext}"
    assert run("geocode", tmp_path / f"out.{ext}", "-o", again, "-q").code == 0
    pd.testing.assert_frame_equal(read_geocoded(again)[GEOCODE_COLUMNS], geo[GEOCODE_COLUMNS], check_dtype=False)


def test_a_plain_csv_has_its_column_types_beside_it(register: Path, tmp_path: Path, run: Callable[..., Any]) -> None:
    out = tmp_path / "firms.csv"
    assert run("geocode", register, "-o", out, "-q").code == 0
    header = pd.read_csv(out, nrows=0).columns.tolist()
    types = dict(zip(header, (out.with_suffix(".csvt").read_text(encoding="utf-8").strip()).split(","), strict=True))
    assert {types[c] for c in ("ICE", "Code postal", "Code activité", "region_code", "province_code")} == {'"String"'}
    assert (types["année"], types["lat"], types["geocode_score"]) == ('"Integer64"', '"Real"', '"Real"')
    assert types["Effectif"] == '"String"'  # written as the user wrote it: "12 345"
    opened = subprocess.run(["ogrinfo", "-al", str(out)], capture_output=True, text=True, check=False)
    assert opened.returncode == 0 and "region_code (String) = 0" in opened.stdout  # "03", not 3
    # What the README says pandas needs to keep the codes as text.
    frame = pd.read_csv(out, dtype={"region_code": str, "province_code": str, "ICE": str})
    assert frame["region_code"].dropna().str.fullmatch(r"\d\d").all() and frame["ICE"].str.startswith("00").all()
    excel = tmp_path / "excel.csv"
    assert run("geocode", register, "-o", excel, "--excel", "-q").code == 0
    assert not excel.with_suffix(".csvt").exists()  # decimal commas: GDAL would not read them as numbers
