"""Issue 17's Done-when, end to end: a register of our own making through every command.

The register (:mod:`tests.registerdata`: 430 firms, every form a register writes places,
dates and numbers in) is written as CSV in Windows-1252, as CSV in UTF-8 with a BOM and as
a workbook with a title row and a merged group-header line. The three read to the same
records; the geocoding is scored against the truth written with it; every command runs in
English and French.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import ClusterAtlasWarning, geocode, read_records, schema, shares
from clusteratlas.records import parse_numbers, row_numbers

from .conftest import Result
from .registerdata import HEADERS, LOCATIONS, make_register, write_csv, write_workbook

#: The share of the records with a Moroccan location that must land in their true region.
RIGHT_REGION = 0.97
#: What the note of a record with no Moroccan location says (its reason), by kind.
REASONS = {
    "foreign": ("outside Morocco", "not in the gazetteer"),
    "blank": ("no location given", "not in the gazetteer", "address not recognised"),  # a blank town, an address
}


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], pd.DataFrame, pd.DataFrame]:
    """The register as three exports (cp1252 CSV, UTF-8 BOM CSV, workbook), its cells and its truth."""
    folder = tmp_path_factory.mktemp("register")
    cells, truth = make_register(430, seed=2024)
    files = {
        "cp1252": write_csv(cells, folder / "registre_1252.csv", encoding="cp1252"),
        "utf8": write_csv(cells, folder / "registre_utf8.csv", encoding="utf-8-sig"),
        "xlsx": write_workbook(cells, folder / "registre.xlsx"),
    }
    return files, cells, truth


def _read(path: Path) -> pd.DataFrame:
    with pytest.warns(ClusterAtlasWarning, match=r"\('TOTAL GÉNÉRAL'\) is a totals row, not a record; left out"):
        return read_records(path)


def _geocoded(path: Path) -> pd.DataFrame:
    frame = _read(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


def test_the_register_holds_every_form(register: tuple[dict[str, Path], pd.DataFrame, pd.DataFrame]) -> None:
    _, cells, truth = register
    assert len(cells) >= 400
    assert set(truth["kind"]) == {kind for *_, kind in LOCATIONS}
    assert set(cells["Ville"]) >= {town for town, *_ in LOCATIONS}
    dates = cells["Date de création"]
    for form in (r"^\d\d/\d\d/\d{4}$", r"^\d{4}-\d\d-\d\d$", r"^\d{1,2} [a-zéû]+ \d{4}$", r"^\d\d\.\d\d\.\d{4}$"):
        assert dates.str.match(form).any(), form
    staff = cells["Effectif"]
    assert staff.str.contains(r"^\d \d{3}$").any() and staff.str.contains(r"^\d\.\d{3}$").any()
    assert cells["Capital social"].str.fullmatch(r"\d+ MDH").any() and cells["Taux d'export"].str.contains(",").any()


def test_the_three_exports_read_to_the_same_records(
    register: tuple[dict[str, Path], pd.DataFrame, pd.DataFrame],
) -> None:
    files, cells, truth = register
    frames = {kind: _read(path) for kind, path in files.items()}
    first = frames["cp1252"]
    assert len(first) == len(cells)  # blank rows and the totals row are no records
    for kind in ("utf8", "xlsx"):
        pd.testing.assert_frame_equal(frames[kind], first)
        assert schema.headers(frames[kind]) == schema.headers(first)
    assert list(first.columns) == [
        "name",
        "Adresse du siège",
        "city",
        "sector",
        "Effectif",
        "Capital social",
        "Taux d'export",
        "Date de création",
        "year",
        "ICE",
    ]
    assert first["year"].tolist() == truth["year"].tolist()
    assert first["ICE"].tolist() == cells["ICE"].tolist()  # codes stay text, leading zeros kept
    # the rows of the file: a blank row after every 150 records, the workbook's three lines above
    assert row_numbers(first, [0, 149, 150]).tolist() == [2, 151, 153]
    assert row_numbers(frames["xlsx"], [0, 150]).tolist() == [4, 155]


def test_numbers_are_read_as_written(register: tuple[dict[str, Path], pd.DataFrame, pd.DataFrame]) -> None:
    files, _, truth = register
    frame = _read(files["utf8"])
    staff = parse_numbers(frame["Effectif"], column="Effectif", table=frame)
    assert staff.values.to_numpy(dtype=float, na_value=np.nan) == pytest.approx(truth["staff"].to_numpy(), nan_ok=True)
    capital = parse_numbers(frame["Capital social"], column="Capital social", table=frame)
    assert capital.unit == "MDH" and capital.values.tolist() == pytest.approx(truth["capital"].tolist())
    export = parse_numbers(frame["Taux d'export"], column="Taux d'export", table=frame)
    assert export.values.tolist() == pytest.approx(truth["export"].tolist())


def test_geocoding_scored_against_the_truth(register: tuple[dict[str, Path], pd.DataFrame, pd.DataFrame]) -> None:
    files, _, truth = register
    geo = _geocoded(files["cp1252"])
    placed = schema.is_placed(geo)
    region = geo["region_code"].astype("string").fillna("").to_numpy(dtype=object)
    moroccan = (truth["region"] != "").to_numpy()
    right = placed & (region == truth["region"].to_numpy(dtype=object))
    assert not (placed & ~right).any(), geo.loc[placed & ~right, ["city", "region_code"]]  # 0 in a wrong region
    assert right[moroccan].mean() >= RIGHT_REGION, right[moroccan].mean()
    assert not placed[~moroccan].any()
    # every other record is listed with its reason
    notes = geo["geocode_note"].astype("string").fillna("")
    assert notes[~placed].str.len().gt(0).all()
    for kind, reasons in REASONS.items():
        said = notes[(truth["kind"] == kind).to_numpy()]
        assert said.map(lambda n, r=reasons: any(x in n for x in r)).all(), said.unique()
    missed = ~placed & moroccan
    assert notes[missed].str.contains("could be").all()  # a homonym the row can't decide, candidates named
    # each kind of place form is placed: quarters and sites at their precision, addresses by status
    kinds = truth["kind"].to_numpy()
    assert set(geo.loc[(kinds == "quarter") & placed, "geocode_precision"]) == {"quarter"}
    assert (geo.loc[kinds == "address", "geocode_status"] == "address").all()


def test_shares_count_the_true_regions(register: tuple[dict[str, Path], pd.DataFrame, pd.DataFrame]) -> None:
    files, _, truth = register
    geo = _geocoded(files["xlsx"])
    table = shares(geo, by="region").table.set_index("code")
    placed = schema.is_placed(geo)
    expected = truth.loc[placed, "region"].value_counts()
    assert table.loc[expected.index, "count"].tolist() == expected.tolist()
    assert int(table["count"].sum()) == len(truth)


def test_geocode_writes_the_same_bytes_from_every_export(
    register: tuple[dict[str, Path], pd.DataFrame, pd.DataFrame], run: Callable[..., Result], tmp_path: Path
) -> None:
    files, cells, _ = register
    written = {}
    for kind, path in files.items():
        out = tmp_path / f"{kind}.csv"
        r = run("geocode", path, "-o", out)
        assert r.code == 0, r.err
        assert "'TOTAL GÉNÉRAL'" in r.err and "totals row" in r.err
        written[kind] = out.read_bytes()
    assert written["cp1252"] == written["utf8"] == written["xlsx"]
    back = pd.read_csv(tmp_path / "xlsx.csv", dtype=str, keep_default_na=False)
    assert list(back.columns[:10]) == [*HEADERS[:8], "year", HEADERS[8]]
    assert back["Date de création"].tolist() == cells["Date de création"].tolist()
    assert back["ICE"].tolist() == cells["ICE"].tolist()
    assert not back.map(lambda v: str(v).startswith(("=", "+", "@"))).any().any()  # no live formulas


#: Every command a register runs through: (name, arguments after the input, output suffix).
COMMANDS = (
    ("shares-region", ("shares", "--by", "region", "--format", "json"), None),
    ("shares-province", ("shares", "--by", "province", "--format", "csv"), None),
    ("shares-sector", ("shares", "--by", "Secteur d'activité", "--format", "csv"), None),
    ("shares-year", ("shares", "--by", "year", "--format", "csv"), None),
    ("shares-zone", ("shares", "--by", "zone", "--format", "csv"), None),
    ("points", ("figure", "--kind", "points", "--size-by", "Effectif"), ".png"),
    ("choropleth", ("figure", "--kind", "choropleth", "--value", "Capital social"), ".svg"),
    ("per-capita", ("figure", "--kind", "choropleth", "--value", "per-capita"), ".png"),
    ("combined", ("figure", "--kind", "combined", "--size-by", "Effectif", "--color-by", "Secteur d'activité"), ".pdf"),
    ("timeline", ("figure", "--kind", "timeline"), ".png"),
    ("map", ("map",), ".html"),
    ("report-html", ("report",), ".html"),
    ("report-md", ("report",), ".md"),
)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_command_runs_on_the_register(
    register: tuple[dict[str, Path], pd.DataFrame, pd.DataFrame],
    run: Callable[..., Result],
    tmp_path: Path,
    lang: str,
) -> None:
    files, _, truth = register
    for name, args, suffix in COMMANDS:
        source = files["xlsx"] if name.startswith(("map", "combined")) else files["cp1252"]
        out = ("-o", tmp_path / f"{name}-{lang}{suffix}") if suffix else ()
        language = () if args[0] == "shares" else ("--lang", lang)
        r = run(args[0], source, *args[1:], *out, *language)
        assert r.code == 0, (name, r.err)
        assert "Traceback" not in r.err
        if suffix:
            assert (tmp_path / f"{name}-{lang}{suffix}").stat().st_size > 0, name
        if name == "shares-region":
            counts = {g["code"]: g["count"] for g in json.loads(r.out)["groups"]}
            placed = truth[truth["region"] != ""]["region"].value_counts()
            assert counts["06"] == placed["06"] and sum(counts.values()) == len(truth)
    page = (tmp_path / f"map-{lang}.html").read_text(encoding="utf-8")
    assert "<b>Sté</b>" not in page  # names escaped
    levers = run("figure", files["cp1252"], "--kind", "levers", "-o", tmp_path / "levers.png", "--lang", lang)
    said = ("warning:", "avertissement\u00a0:")  # French stderr under --lang fr
    errors = [line for line in levers.err.splitlines() if not line.startswith(said)]
    assert levers.code == 2 and len(errors) == 1, errors  # no levers: one clear line
    assert errors[0].startswith("error:" if lang == "en" else "erreur\u00a0:"), errors
    assert not (tmp_path / "levers.png").exists()


@pytest.mark.parametrize("engine", ["stream", "dask"])
def test_engines_read_the_register_as_memory_does(
    register: tuple[dict[str, Path], pd.DataFrame, pd.DataFrame], tmp_path: Path, engine: str
) -> None:
    from clusteratlas.engines import geocode_file, shares_file

    files, _, _ = register
    kwds = {"stream": {"chunksize": 100}, "dask": {"blocksize": 20_000}}[engine]
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        geocode_file(files["utf8"], tmp_path / "memory.csv")
        geocode_file(files["utf8"], tmp_path / f"{engine}.csv", engine=engine, engine_kwds=kwds)
        memory = shares_file(files["utf8"], by="Secteur d'activité")
        other = shares_file(files["utf8"], by="Secteur d'activité", engine=engine, engine_kwds=kwds)
    assert (tmp_path / f"{engine}.csv").read_bytes() == (tmp_path / "memory.csv").read_bytes()
    pd.testing.assert_frame_equal(other.table, memory.table)
    totals = [str(w.message) for w in said if "TOTAL GÉNÉRAL" in str(w.message)]
    assert len(totals) == 4, totals  # once per run, every engine
