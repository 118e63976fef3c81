"""Hostile registers (issue 21) read by the library: bounded work, one clear error, no column lost.

The files are built by ``benchmarks/fault_cases.py``, the cases ``benchmarks/fault_corpus.py``
runs through the command line in fresh processes; here a sample is read in process, the time
each takes bounded, and the readers' new rules are checked one by one.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import warnings
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from clusteratlas import ClusterAtlasError, InputError, geocode, read_records, schema
from clusteratlas.records import MAX_COLUMNS, address_column

ROOT = Path(__file__).resolve().parents[1]


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fault_cases", ROOT / "benchmarks" / "fault_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


CORPUS = _corpus()
BY_NAME = {case.name: case for case in CORPUS.cases()}


def test_the_corpus_has_over_a_hundred_cases_of_every_kind() -> None:
    groups = {case.group for case in BY_NAME.values()}
    assert len(BY_NAME) >= 100
    assert groups >= {"csv", "xlsx", "geojson", "gpkg", "parquet", "side", "output", "report"}


def _read(name: str, folder: Path) -> pd.DataFrame:
    path = BY_NAME[name].build(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_records(path)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("xlsx-zip-bomb-sheet", r"'xl/worksheets/sheet1\.xml' unpacks to 48,000,383 bytes from"),
        ("xlsx-shared-string-bomb", r"'xl/sharedStrings\.xml' unpacks to .* as a zip bomb does"),
        ("xlsx-cell-at-xfd1048576", r"cell XFD1048576 is past the 1,000 columns a table may have"),
        ("xlsx-uncached-formula", r"cell\(s\) C2 hold a formula with no saved value; open the workbook"),
        ("xlsx-5000-columns", r"cell ALM1 is past the 1,000 columns a table may have"),
        ("csv-12005-columns", r"has over 1,000 columns"),
        ("csv-no-newline-long-line", r"has over 1,000 columns"),
    ],
)
def test_hostile_files_are_one_clear_error_in_seconds(tmp_path: Path, name: str, said: str) -> None:
    start = time.monotonic()
    with pytest.raises(InputError, match=said):
        _read(name, tmp_path)
    assert time.monotonic() - start < 20


def test_a_declared_dimension_costs_nothing(tmp_path: Path) -> None:
    for name in ("xlsx-dimension-xfd1048576", "xlsx-dimension-xfd"):
        start = time.monotonic()
        frame = _read(name, tmp_path / name if (tmp_path / name).mkdir() is None else tmp_path)
        assert time.monotonic() - start < 10
        assert frame["name"].tolist() == ["Alpha"] and list(frame.columns) == ["name", "city"]


def test_error_cells_are_read_as_written(tmp_path: Path) -> None:
    frame = _read("xlsx-error-cells", tmp_path)
    assert frame["name"].tolist() == ["Alpha", "#N/A"]
    assert frame["city"].tolist() == ["Casablanca", "Fès"]


def test_the_column_limit_is_a_thousand(tmp_path: Path) -> None:
    header = ";".join(["nom", "ville", *(f"c{i}" for i in range(MAX_COLUMNS - 2))])
    path = tmp_path / "wide.csv"
    path.write_text(header + "\nA;Rabat" + ";1" * (MAX_COLUMNS - 2) + "\n", encoding="utf-8")
    assert read_records(path).shape == (1, MAX_COLUMNS)
    path.write_text(header + ";one more\nA;Rabat" + ";1" * (MAX_COLUMNS - 1) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"has over 1,000 columns \(1,001 counted\)"):
        read_records(path)


def test_stream_of_a_bom_and_blanks_is_empty(tmp_path: Path) -> None:
    from clusteratlas.stream import read_chunks

    path = BY_NAME["csv-chunksize-bom-blanks"].build(tmp_path)
    with pytest.raises(InputError, match="the file is empty"):
        list(read_chunks(path, chunksize=10))


def test_a_symbolic_link_loop_is_named(tmp_path: Path) -> None:
    from clusteratlas.engines import geocode_file

    path = BY_NAME["csv-symlink-loop"].build(tmp_path)
    with pytest.raises(InputError, match="symbolic link loop"):
        geocode_file(path, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    "name",
    sorted(n for n, c in BY_NAME.items() if c.group in ("csv", "xlsx") and c.library and "huge" not in n),
)
def test_the_library_raises_only_our_errors(tmp_path: Path, name: str) -> None:
    try:
        frame = _read(name, tmp_path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            geo = geocode(frame)
    except ClusterAtlasError:
        return
    given = schema.headers(geo)
    written = {str(given.get(c, c)) for c in geo.columns}  # the headers the records are written under
    assert set(BY_NAME[name].keep) <= written, (name, sorted(written))


@pytest.mark.parametrize(
    ("header", "address"),
    [
        ("Adresse du siège", "Adresse du siège"),
        ("SIÈGE SOCIAL", "SIÈGE SOCIAL"),
        ("Head office address", "Head office address"),
        ("Localisation", "Localisation"),
    ],
)
def test_address_headers_place_blank_towns(tmp_path: Path, header: str, address: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"Raison sociale;{header};Ville\nA;Lot 17, ZI Sidi Ghanem, Marrakech;\nB;rue 4;Fès\n", "utf-8")
    frame = read_records(path)
    assert address_column(list(frame.columns)) == address and "city" in frame
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    assert geo["geocode_status"].tolist() == ["address", "exact"]
    assert geo["region_code"].tolist() == ["07", "03"]


def test_a_localisation_alone_is_the_town(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("nom;Localisation\nA;Tanger\n", "utf-8")
    assert list(read_records(path).columns) == ["name", "city"]
