from __future__ import annotations

import csv
import hashlib
import io
import json
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import export, geocode, read_records, reproduce, shares
from clusteratlas.export import _NUMBER, format_shares, safe_cell, write_csv
from clusteratlas.reporting import build_report, table_files, write_report

EXPECTED_FILES = (
    {
        "geocoded.gpkg",
        "geocoded.csv",
        "geocoded.csvt",  # its column types, for QGIS and GDAL (issue 18)
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

    def boom(frame: pd.DataFrame, *args: str) -> Iterator[bytes]:
        yield b"half a li"
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "csv_blocks", boom)
    with pytest.raises(RuntimeError):
        write_csv(pd.DataFrame({"a": [1]}), target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


# ---------------------------------------------------------------- CSV that stays CSV
HOSTILE_CELLS = [
    "\r=1+1",
    "\r\n=1+1",
    "=1+1",
    " =1+1",
    "\u00a0=1+1",
    "\n-2+3",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=x",
    "a\nb",
    "a\r\nb",
    "a\rb",
    "x,y",
    "x;y",
    'say "hi"',
    '"',
    "line\u2028sep",
    "next\u0085line",
    "para\u2029sep",
    "-7.61",
    "",
    "Fès",
    '=HYPERLINK("http://x","y")',
]


def evaluated(cell: str) -> bool:
    """Would a spreadsheet take this cell for a formula (or a value to compute)?"""
    if cell.startswith(("\t", "\r")):
        return True
    stripped = cell.lstrip()
    return stripped.startswith(("=", "+", "-", "@")) and _NUMBER.match(stripped) is None


def read_back(text: str, sep: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def assert_csv_stays_csv(text: str, n_records: int, sep: str = ",") -> list[list[str]]:
    rows = read_back(text, sep)
    assert len(rows) == n_records + 1, (len(rows), n_records)
    assert len({len(r) for r in rows}) == 1
    bad = [c for r in rows for c in r if evaluated(c)]
    assert bad == [], bad
    return rows


def hostile_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = [HOSTILE_CELLS[i] for i in rng.integers(0, len(HOSTILE_CELLS), (n, 3)).ravel()]
    return pd.DataFrame(
        {
            "name": pick[0::3],
            "city": rng.choice(["Rabat", "Fès", "Casablanca", "Oujda", "\r=1+1", "a,b"], n),
            "sector": pick[1::3],
            "note": pick[2::3],
            "sector_group": pick[2::3][::-1],
            "=evil header": rng.integers(-5, 5, n),
            "score": rng.normal(size=n).round(3),
        }
    )


@pytest.mark.parametrize(("n", "seed"), [(5, 0), (40, 1), (300, 2)])
def test_write_csv_keeps_every_record_and_no_formula(tmp_path: Path, n: int, seed: int) -> None:
    frame = hostile_frame(n, seed)
    raw = write_csv(frame, tmp_path / "t.csv").read_bytes().decode("utf-8")
    rows = assert_csv_stays_csv(raw, n)
    for col in ("name", "sector", "note"):
        got = [r[rows[0].index(col)] for r in rows[1:]]
        want = list(frame[col])
        assert all(g == w or g == "'" + w for g, w in zip(got, want, strict=True)), col
    assert "'=evil header" in rows[0] and [r[-1] for r in rows[1:]] == [repr(float(v)) for v in frame["score"]]


@pytest.mark.parametrize(("n", "seed"), [(5, 3), (300, 4)])
def test_excel_csv_keeps_every_record_and_no_formula(tmp_path: Path, n: int, seed: int) -> None:
    frame = hostile_frame(n, seed)
    raw = write_csv(frame, tmp_path / "t.csv", excel=True).read_bytes().decode("utf-8-sig")
    rows = assert_csv_stays_csv(raw, n, sep=";")
    for col in ("name", "sector", "note"):
        got = [r[rows[0].index(col)] for r in rows[1:]]
        assert all(g == w or g == "'" + w for g, w in zip(got, frame[col], strict=True)), col
    assert [r[-1] for r in rows[1:]] == [repr(float(v)).replace(".", ",") for v in frame["score"]]


def test_a_single_column_of_empty_cells_keeps_its_records(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": ["", "a", "", None]})
    assert_csv_stays_csv(write_csv(frame, tmp_path / "t.csv").read_text(encoding="utf-8"), 4)


@pytest.mark.parametrize("cell", ["\r=1+1", " =1+1", "\n=1", "\u00a0@x", " -1+2"])
def test_formulas_after_leading_whitespace_are_neutralised(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


def test_every_csv_the_toolkit_writes_stays_csv(tmp_path: Path, run: Callable) -> None:
    frame = hostile_frame(30, 7)
    data = tmp_path / "evil.csv"
    # CRLF rows make Python's csv module quote every CR and LF: a valid, hostile input.
    frame.to_csv(data, index=False, lineterminator="\r\n")
    assert len(read_back(data.read_text(encoding="utf-8"))) == 31
    # geocode -o x.csv
    assert run("geocode", data, "-o", tmp_path / "g.csv", "-q").code == 0
    assert_csv_stays_csv((tmp_path / "g.csv").read_text(encoding="utf-8"), 30)
    # shares --format csv, grouped by a hostile column: as many records as groups
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the unplaced-records warning
        geo = geocode(read_records(data))
    for by in ("sector", "name", "note", "region"):
        r = run("shares", data, "--by", by, "--format", "csv", "-q")
        assert r.code == 0, r.err
        assert r.out == format_shares(shares(geo, by=by), "csv")
        assert_csv_stays_csv(r.out, len(shares(geo, by=by).table))
    # report --tables-dir: each table as many records as the report's
    report = build_report(geo, figure=False)
    write_report(report, tmp_path / "r.html", tables_dir=tmp_path / "tables")
    for t, stem in zip(report.tables(), table_files(report), strict=True):  # files are named by table_files
        assert_csv_stays_csv((tmp_path / "tables" / f"{stem}.csv").read_text(encoding="utf-8"), len(t.raw))
    # reproduce, on the hostile data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the unplaced-records warning
        reproduce(data, tmp_path / "maps", figures=False)
    geocoded = (tmp_path / "maps" / "geocoded.csv").read_text(encoding="utf-8")
    assert_csv_stays_csv(geocoded, 30)
    for by in ("zone", "region", "province", "sector_group"):
        text = (tmp_path / "maps" / f"shares_by_{by}.csv").read_text(encoding="utf-8")
        assert_csv_stays_csv(text, len(shares(geo, by=by).table))
    assert_csv_stays_csv((tmp_path / "maps" / "claims.csv").read_text(encoding="utf-8"), 26)
