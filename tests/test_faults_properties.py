"""Malformed structures for every reader and side file (issue 21): only our exceptions come out.

Hypothesis builds damaged CSV files, workbooks (hand-written sheet XML, dimensions, shared
strings; truncated and bit-flipped zips), GeoJSON documents (any JSON where the structure
expects features), GeoPackages and Parquet files (truncated and bit-flipped, random column
names and types, random ``geo`` metadata), and ``--aliases``, ``--zones``, ``--claims`` and
``--renames`` files. The library may refuse them only with a
:class:`~clusteratlas.errors.ClusterAtlasError`; the command line may exit only 0 or 2. Runs
are derandomised (the same examples every run) and bounded: the whole file takes well under
a minute.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import random
import sqlite3
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from clusteratlas import ClusterAtlasError, geocode, load_claims, load_zones, read_records, shares
from clusteratlas.aliases import load_aliases
from clusteratlas.cli import main
from clusteratlas.reporting.compare import load_renames

PROPERTY = settings(
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # no shrinking: a failure is shown at once
    database=None,
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HEADERS = ["nom", "name", "ville", "city", "lat", "lon", "latitude", "région", "province", "année", "", "x", "x"]
CELLS = ["Rabat", "Fès", "N/A", "33,5", "-7.6", "91", "2024", "=1+1", "\x1b[2J", "\u202e", '"', "\r", ""]
FRAGMENTS = [";", ",", "\t", "\n", "\r\n", '"', "\x00", "\ufeff", "../", "\\", " ", *HEADERS, *CELLS]

fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6))
text_soup = st.lists(fragment, max_size=40).map("".join)
raw_bytes = st.binary(max_size=300)
json_value = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def _library(call: Callable[[], object]) -> None:
    """Make a library call; a ``ClusterAtlasError`` is a fine answer, anything else fails the test."""
    with warnings.catch_warnings(), contextlib.suppress(ClusterAtlasError):
        warnings.simplefilter("ignore")
        call()


def _records(path: Path) -> None:
    _library(lambda: shares(geocode(read_records(path)), by="region"))


def _cli(*args: str) -> None:
    with tempfile.TemporaryDirectory() as out:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = main([args[0], args[1], "-o", str(Path(out) / args[2]), *args[3:], "-q"])
        assert code in (0, 2), args


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def _mutated(data: bytes, how: tuple[int, int, int]) -> bytes:
    """A valid file damaged: cut at a point, and a few bytes overwritten (derandomised by ``how``)."""
    cut, flips, seed = how
    rng = random.Random(seed)
    out = bytearray(data[: max(1, cut * len(data) // 100)])
    for _ in range(flips):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


damage = st.tuples(st.integers(1, 100), st.integers(0, 8), st.integers(0, 2**16))


# --------------------------------------------------------------------------- CSV


@PROPERTY
@given(
    body=st.one_of(text_soup, raw_bytes.map(lambda b: b.decode("latin-1"))),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
def test_csv_structures(folder: Path, body: str, encoding: str) -> None:
    path = _write(folder, "in.csv", body.encode(encoding, "replace"))
    _records(path)
    _cli("geocode", str(path), "out.csv")


# --------------------------------------------------------------------------- XLSX


def _sheet(rows: list[list[tuple[str, str]]], dimension: str) -> str:
    cells = "".join(
        f'<row r="{r + 1}">'
        + "".join(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>' for ref, v in row)
        + "</row>"
        for r, row in enumerate(rows)
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{cells}</sheetData></worksheet>'


@functools.cache
def _book_parts() -> dict[str, str]:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["nom", "ville"])
    book.active.append(["A", "Rabat"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {n: z.read(n).decode() for n in z.namelist()}


ref = st.one_of(
    st.sampled_from(["A1", "B2", "XFD1", "A1048576", "ZZZZ9", "A0", "A-1", "1A", ""]),
    st.from_regex(r"[A-Z]{1,3}[0-9]{1,7}", fullmatch=True),
)
xml_text = st.one_of(st.sampled_from(["nom", "ville", "Rabat", "&amp;", "<b>", "&#0;", "]]>", ""]), st.text(max_size=6))


@PROPERTY
@given(
    rows=st.lists(st.lists(st.tuples(ref, xml_text), max_size=4), max_size=4),
    dimension=st.one_of(st.just(""), ref, st.builds(lambda a, b: f"{a}:{b}", ref, ref)),
    damaged=st.one_of(st.none(), damage),
)
def test_xlsx_structures(folder: Path, rows: list[list[tuple[str, str]]], dimension: str, damaged: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _book_parts().items():
            z.writestr(name, _sheet(rows, dimension) if name.endswith("sheet1.xml") else text)
    data = buffer.getvalue() if damaged is None else _mutated(buffer.getvalue(), damaged)
    _records(_write(folder, "in.xlsx", data))


# --------------------------------------------------------------------------- GeoJSON


def _feature_doc(properties: Any, geometry: Any, kind: Any) -> Any:
    return {"type": "FeatureCollection", "features": [{"type": kind, "properties": properties, "geometry": geometry}]}


geometry = st.one_of(
    json_value,
    st.builds(lambda c: {"type": "Point", "coordinates": c}, json_value),
    st.builds(lambda x, y: {"type": "Point", "coordinates": [x, y]}, st.floats(), st.floats()),
)


@PROPERTY
@given(
    doc=st.one_of(
        json_value,
        st.builds(_feature_doc, json_value, geometry, st.sampled_from(["Feature", "feature", None, 1])),
        st.builds(lambda f: {"type": "FeatureCollection", "features": f}, json_value),
    )
)
def test_geojson_structures(folder: Path, doc: Any) -> None:
    _records(_write(folder, "in.geojson", json.dumps(doc, allow_nan=True).encode()))


# --------------------------------------------------------------------------- GeoPackage


@functools.cache
def _gpkg_bytes() -> bytes:
    import geopandas as gpd
    from shapely.geometry import Point

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.gpkg"
        gpd.GeoDataFrame({"nom": ["A"], "ville": ["Rabat"]}, geometry=[Point(-6.8, 34.0)], crs="EPSG:4326").to_file(
            path
        )
        return path.read_bytes()


sql_name = st.one_of(st.sampled_from(["nom", "ville", "geom", "x y", "", "../x"]), st.text(min_size=1, max_size=5))


@PROPERTY
@given(damaged=st.one_of(damage, st.none()), columns=st.lists(sql_name, min_size=1, max_size=4))
def test_gpkg_structures(folder: Path, damaged: Any, columns: list[str]) -> None:
    path = folder / "in.gpkg"
    path.unlink(missing_ok=True)
    if damaged is not None:
        path.write_bytes(_mutated(_gpkg_bytes(), damaged))
    else:  # a SQLite file that is not a GeoPackage, with any table
        names = ", ".join(f'"{c.replace(chr(34), "").replace(chr(0), "")}{i}" TEXT' for i, c in enumerate(columns))
        with sqlite3.connect(path) as con:
            con.execute(f"CREATE TABLE t ({names})")
        con.close()
    _records(path)


# --------------------------------------------------------------------------- Parquet


arrow_column = st.sampled_from(["text", "int", "binary", "bytes-bad", "nested", "null", "float"])


def _arrow(kind: str) -> Any:
    import pyarrow as pa

    return {
        "text": pa.array(["Rabat"]),
        "int": pa.array([1], pa.int64()),
        "binary": pa.array([b"Fes"], pa.binary()),
        "bytes-bad": pa.array([b"\xff\x00"], pa.large_binary()),
        "nested": pa.array([{"a": [1]}]),
        "null": pa.array([None], pa.null()),
        "float": pa.array([float("nan")]),
    }[kind]


@PROPERTY
@given(
    columns=st.lists(st.tuples(st.one_of(st.sampled_from(HEADERS), st.text(max_size=4)), arrow_column), max_size=5),
    geo=st.one_of(st.none(), json_value.map(json.dumps), st.binary(max_size=20)),
    damaged=st.one_of(st.none(), damage),
)
def test_parquet_structures(folder: Path, columns: list[tuple[str, str]], geo: Any, damaged: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_arrays([_arrow(k) for _, k in columns], names=[n for n, _ in columns])
    if geo is not None:
        table = table.replace_schema_metadata({b"geo": geo.encode() if isinstance(geo, str) else geo})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    data = buffer.getvalue() if damaged is None else _mutated(buffer.getvalue(), damaged)
    _records(_write(folder, "in.parquet", data))


# --------------------------------------------------------------------------- side files


ALIAS_HEADERS = ["name", "nom", "lat", "latitude", "lon", "place", "lieu", "province", "region", "région", "source"]
alias_cell = st.one_of(
    st.sampled_from(["Rabat", "06", "04.421", "33.5", "north", "gn:2553604", ""]), st.text(max_size=5)
)


@PROPERTY
@given(
    header=st.lists(st.one_of(st.sampled_from(ALIAS_HEADERS), st.text(max_size=4)), max_size=5),
    rows=st.lists(st.lists(alias_cell, max_size=6), max_size=4),
    sep=st.sampled_from([",", ";", "\t"]),
    soup=st.one_of(st.none(), text_soup),
)
def test_aliases_structures(folder: Path, header: list[str], rows: list[list[str]], sep: str, soup: str | None) -> None:
    body = soup if soup is not None else "\n".join(sep.join(r) for r in [header, *rows])
    path = _write(folder, "aliases.csv", body.encode("utf-8", "replace"))
    _library(lambda: load_aliases(path))
    plain = _write(folder, "plain.csv", b"nom;ville\nA;Rabat\n")
    _cli("geocode", str(plain), "o.csv", "--aliases", str(path))


def _toml_value(value: Any) -> str:
    """A TOML rendering of a JSON-like value (inline tables and arrays), for the structure tests."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if value is None:
        return '""'
    if isinstance(value, float) and value != value:
        return "nan"
    return json.dumps(value) if not isinstance(value, bool) else str(value).lower()


toml_key = st.one_of(
    st.sampled_from(["regions", "provinces", "name_fr", "kind", "id", "value", "by", "claims"]), st.text(max_size=4)
)
toml_doc = st.one_of(
    text_soup,
    st.builds(
        lambda table, name, items: (
            f"[{table}.{json.dumps(name)}]\n"
            + "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in items.items())
        ),
        st.sampled_from(["zones", "claims", "x"]),
        st.one_of(st.sampled_from(["North", "Unplaced", "Other regions", "Unknown"]), st.text(max_size=4)),
        st.dictionaries(toml_key, json_value, max_size=4),
    ),
    st.builds(
        lambda items: "[[claims]]\n" + "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in items.items()),
        st.dictionaries(toml_key, json_value, max_size=5),
    ),
)


@PROPERTY
@given(doc=toml_doc)
def test_zones_and_claims_structures(folder: Path, doc: str) -> None:
    path = _write(folder, "side.toml", doc.encode("utf-8", "surrogatepass"))
    _library(lambda: load_zones(path))
    _library(lambda: load_claims(path))
    plain = _write(folder, "plain.csv", b"nom;ville\nA;Rabat\nB;F\xc3\xa8s\n")
    _cli("shares", str(plain), "s.csv", "--by", "zone", "--zones", str(path))


@PROPERTY
@given(
    body=st.one_of(
        text_soup,
        st.lists(st.lists(alias_cell, max_size=3), max_size=4).map(
            lambda rows: "old,new\n" + "\n".join(",".join(r) for r in rows)
        ),
    )
)
def test_renames_structures(folder: Path, body: str) -> None:
    path = _write(folder, "renames.csv", body.encode("utf-8", "replace"))
    _library(lambda: load_renames(path))
