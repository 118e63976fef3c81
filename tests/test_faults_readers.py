"""The third round of issue 21, in process: each defect it lists, as a rule of the readers and writers.

The hostile files are the corpus's (``benchmarks/fault_cases.py``) or written here; each test
names the rule it holds: a column kept or refused (never lost), one ``ClusterAtlasError``
naming the file, escapes where text meets a terminal or XML, outputs all or nothing.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pandas as pd
import pytest

import clusteratlas as ca
from clusteratlas import ClusterAtlasError, InputError, OutputError, geocode, read_records
from clusteratlas._resources import atomic_write, check_output_target, staged_folder
from clusteratlas._text import terminal_lines, visible_controls
from clusteratlas.aliases import load_aliases
from tests.randomdata import random_records

ROOT = Path(__file__).resolve().parents[1]


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fault_cases", ROOT / "benchmarks" / "fault_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


CORPUS = _corpus()
BY_NAME = {case.name: case for case in CORPUS.cases()}


def _read(name: str, folder: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_records(BY_NAME[name].build(folder))


def _geocoded(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("parquet-two-city", r"'city' \(column 2\) and 'city' \(column 3\) both mean 'city'"),
        ("parquet-binary-column", r"column 'nom' holds binary data that is not UTF-8 text"),
        ("parquet-geo-not-json", r"'geo' metadata is not JSON"),
        ("parquet-geo-list", r"'geo' metadata is not an object with a 'columns' object"),
        ("geojson-latlon-and-geometry", r"feature 1: its 'lat' property \(1.0\) is not its point's"),
        ("csv-nul-late-in-cell", r"line 2002 holds a NUL byte"),
        ("csv-nul-last-byte", r"holds a NUL byte"),
    ],
)
def test_malformed_structures_are_one_error_naming_the_file(tmp_path: Path, name: str, said: str) -> None:
    with pytest.raises(InputError, match=said) as caught:
        _read(name, tmp_path)
    assert str(tmp_path) in str(caught.value)


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("parquet-named-index", ["name", "city"]),
        ("parquet-named-multiindex", ["name", "n", "city"]),
        ("parquet-binary-utf8", ["name", "city"]),
        ("parquet-geo-names-data", ["name", "city"]),
        ("gpkg-no-geometry-layer", ["name", "city"]),
        ("geojson-latlon-agree", ["name", "lat", "lon"]),
    ],
)
def test_columns_are_kept(tmp_path: Path, name: str, columns: list[str]) -> None:
    frame = _read(name, tmp_path)
    assert set(columns) <= set(frame.columns), list(frame.columns)
    assert frame.iloc[0]["name"] in ("A", "Fès") or name == "geojson-latlon-agree"


def test_a_utf8_binary_column_is_text(tmp_path: Path) -> None:
    assert _read("parquet-binary-utf8", tmp_path)["name"].tolist() == ["Fès"]


def test_lat_lon_properties_are_kept_where_a_feature_has_no_point(tmp_path: Path) -> None:
    path = tmp_path / "p.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{"nom":"A","lat":34.0,"lon":-6.8},"geometry":null},'
        '{"type":"Feature","properties":{"nom":"B","lat":null,"lon":null},'
        '"geometry":{"type":"Point","coordinates":[-7.6,33.6]}}]}',
        encoding="utf-8",
    )
    frame = read_records(path)
    assert frame["lat"].tolist() == [34.0, 33.6] and frame["lon"].tolist() == [-6.8, -7.6]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"name,nom,place\nX,Y,gn:2553604\n", r"columns 'name' and 'nom' both mean 'name'"),
        (b"name,lat,latitude,lon\nX,1,2,3\n", r"columns 'lat' and 'latitude' both mean 'lat'"),
        (b"name,region\n" + b"X,06\n" * 2000 + b"Y\x00,04\n", r"line 2002 holds a NUL byte"),
    ],
)
def test_aliases_with_two_columns_of_one_meaning_or_nul_are_refused(tmp_path: Path, body: bytes, said: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(body)
    with pytest.raises(InputError, match=said):
        load_aliases(path)


@pytest.mark.parametrize("depth", [33, 30_000])
def test_side_files_nested_too_deep_are_refused(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "z.toml"
    path.write_text("[[zone]]\nname = 'A'\nregions = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    for load in (ca.load_zones, ca.load_claims):
        with pytest.raises(InputError, match="nested deeper than 32 levels"):
            load(path)


@pytest.mark.parametrize(
    "doc",
    [
        '[[zone]]\nname = "Unplaced"\nregions = ["06"]\n',
        '[[zone]]\nname = "unknown "\nregions = ["06"]\n',
        '[[zone]]\nname = "Non localisées"\nregions = ["06"]\n',
        'rest = "Elsewhere"\n[[zone]]\nname = "Other regions"\nregions = ["06"]\n',
        'rest = "Inconnu"\n[[zone]]\nname = "A"\nregions = ["06"]\n',
    ],
)
def test_zones_may_not_take_our_groups_names(tmp_path: Path, doc: str) -> None:
    path = tmp_path / "z.toml"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(InputError, match="one of clusteratlas's own groups"):
        ca.load_zones(path)


def test_town_cells_that_say_none_are_no_location(tmp_path: Path) -> None:
    places = CORPUS.PLACEHOLDERS
    frame = pd.DataFrame({"name": [f"f{i}" for i in range(len(places))], "city": list(places)})
    geo = _geocoded(frame)
    assert set(geo["geocode_status"]) == {"unresolved"}
    said = dict(zip(places, geo["geocode_note"], strict=True))
    assert all(n.startswith("no location given") for p, n in said.items() if p.strip() not in "-?"), said
    assert all(n == "no place name given" for p, n in said.items() if p.strip() in "-?"), said  # nothing to look up
    assert geo["city"].tolist() == list(places)  # the cells are kept as written


def test_random_registers_with_placeholders_place_only_real_towns() -> None:
    frame = random_records(31, 400)
    frame.loc[::7, ["city", "region"]] = ["N/A", "-"]
    frame.loc[::7, ["lat", "lon"]] = None
    geo = _geocoded(frame)
    none = geo.index[::7]
    assert (geo.loc[none, "geocode_status"] == "unresolved").all()
    assert not geo.loc[none, "geocode_note"].str.contains("closest").any()


def test_control_characters_are_escapes_in_figures_and_on_terminals() -> None:
    assert visible_controls("a\x1b[31m\x07\x85\ufffe\n\tb") == "a\\x1b[31m\\x07\\x85\\ufffe\n\tb"
    assert terminal_lines("x\x1b\r\ny\x9b\u202e\n") == "x\\x1b\r\ny\\x9b\\u202e\n"


def test_an_svg_from_hostile_names_is_xml_and_a_pdf_holds_no_control(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": ["A", "B"], "city": ["Rabat", "Fès"], "secteur": ["\x1b\x01bad\x0b", "ok"]})
    geo = _geocoded(frame)
    for suffix in (".svg", ".pdf"):
        out = tmp_path / f"f{suffix}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ca.figure(geo, "points", output=out)  # coloured by the sector: its names in the legend
        if suffix == ".svg":
            ElementTree.parse(out)
            assert "\\x1b\\x01bad" in out.read_text(encoding="utf-8")
        else:  # the document information (uncompressed) holds the names as escapes, no control
            data = out.read_bytes()
            info = data[data.rindex(b"/Subject") : data.index(b">>", data.rindex(b"/Subject"))]
            assert "bad".encode("utf-16-be") in info  # PDF text strings are UTF-16BE
            assert b"\x00\x1b" not in info and b"\x00\x01" not in info


@pytest.mark.parametrize(
    "keywords",
    [{"dpi": 1_000_000}, {"dpi": 0}, {"dpi": float("nan")}, {"width_mm": -5}, {"width_mm": float("nan")}],
)
def test_figure_sizes_are_bounded_in_the_library(tmp_path: Path, keywords: dict[str, float]) -> None:
    frame = pd.DataFrame({"name": ["A"], "city": ["Rabat"]})
    with pytest.raises(InputError, match=r"`(dpi|width_mm)`"):
        ca.figure(_geocoded(frame), "points", output=tmp_path / "f.png", **keywords)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("cell", [{"a": 1}, [1, 2], {1, 2}])
def test_container_cells_are_refused_by_the_products(tmp_path: Path, cell: object) -> None:
    geo = _geocoded(pd.DataFrame({"name": ["A"], "city": ["Rabat"]}))
    bad = geo.assign(name=[cell])
    for call in (
        lambda: ca.web_map(bad, output=tmp_path / "m.html"),
        lambda: ca.write_report(ca.report(bad), tmp_path / "r.html"),
    ):
        with pytest.raises(InputError, match="column 'name', row 1 holds a"):
            call()


def test_nul_in_paths_is_our_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="NUL"):
        read_records(tmp_path / "a\x00b.csv")
    with pytest.raises(InputError, match="NUL"):
        check_output_target(tmp_path / "o\x00.csv")


def test_special_files_are_refused_as_outputs(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "f.csv"
    os.mkfifo(fifo)
    device = tmp_path / "d.csv"
    device.symlink_to(os.devnull)
    for target, said in ((fifo, "named pipe"), (device, "character device"), (tmp_path, "folder")):
        with pytest.raises(InputError, match=said), atomic_write(target) as f:
            f.write("x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv", "f.csv"]


def test_a_write_that_fails_is_an_output_error_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("earlier", encoding="utf-8")

    def fail() -> None:
        with atomic_write(target) as f:
            f.write("x")
            raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match=r"out.csv: cannot be written \(No space left on device\); the disk is full"):
        fail()
    assert isinstance(OutputError(28, "x", "y"), OSError | ClusterAtlasError)
    assert target.read_text(encoding="utf-8") == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_staged_folder_moves_all_or_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("earlier", encoding="utf-8")
    with pytest.raises(RuntimeError), staged_folder(out) as stage:
        (stage / "a.csv").write_text("new", encoding="utf-8")
        (stage / "b.csv").write_text("new", encoding="utf-8")
        raise RuntimeError("a later file failed")
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"]
    assert (out / "a.csv").read_text(encoding="utf-8") == "earlier"
    with staged_folder(out) as stage:
        (stage / "a.csv").write_text("new", encoding="utf-8")
        (stage / "sub").mkdir()
        (stage / "sub" / "b.csv").write_text("new", encoding="utf-8")
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == ["a.csv", "sub", "sub/b.csv"]
    assert (out / "a.csv").read_text(encoding="utf-8") == "new"
    fresh = tmp_path / "fresh"
    with pytest.raises(RuntimeError), staged_folder(fresh) as stage:
        raise RuntimeError("nothing written")
    assert not fresh.exists()  # a folder made for the run goes with it


def test_nul_late_in_a_chunked_csv_is_refused(tmp_path: Path) -> None:
    from clusteratlas.stream import read_chunks

    path = tmp_path / "in.csv"
    path.write_bytes(b"nom;ville\n" + b"A;Rabat\n" * 3000 + b"B\x00;Rabat\n")
    with pytest.raises(InputError, match=r"record 3001, column 'nom' holds a NUL byte"):
        list(read_chunks(path, chunksize=500))


def test_nullable_integers_stay_integers(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = _read("parquet-nullable-int", tmp_path)  # written from pandas' Int64, with its metadata
    assert frame["n"].tolist() == ["1", ""]
    path = tmp_path / "plain.parquet"  # no pandas metadata: an int64 column with a null
    pq.write_table(pa.table({"nom": ["A", "B"], "ville": ["Rabat", "Fès"], "n": pa.array([7, None], pa.int64())}), path)
    assert read_records(path)["n"].tolist() == ["7", ""]
