"""A new user's French register, defect by defect: each test builds its own data and fails before its fix.

Location columns in every combination (a Région/Province-only file with a conflicting row),
exact duplicate records, mixed date cells, totals rows of unsaved formulas, whole-number
weights, French notes and the smaller reading messages.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas.cli import main

#: Places whose city, province, region and coordinates agree (a conflicting row is made from them).
_PLACES = (
    ("Agadir", "Agadir-Ida-Ou-Tanane", "Souss-Massa", 30.42, -9.58),
    ("Nador", "Nador", "Oriental", 35.17, -2.93),
    ("Fès", "Fès", "Fès-Meknès", 34.03, -5.0),
    ("Safi", "Safi", "Marrakech-Safi", 32.3, -9.23),
)
#: The location columns a file may carry, as a French user heads them.
_LOCATION = {"city": "Ville", "address": "Adresse", "province": "Province", "region": "Région", "latlon": "lat"}


def _location_table(columns: tuple[str, ...], seed: int, n: int = 9) -> pd.DataFrame:
    """Records with only ``columns`` of the location columns, the last one's region disagreeing with the rest."""
    rng = np.random.default_rng(seed)
    picks = [_PLACES[i] for i in rng.integers(0, len(_PLACES), size=n)]
    table: dict[str, list[object]] = {"Nom": [f"Firme {i}" for i in range(n)]}
    if "city" in columns:
        table["Ville"] = [p[0] for p in picks]
    if "address" in columns:
        table["Adresse"] = [f"Lot {i}, {p[0]}" for i, p in enumerate(picks)]
    if "province" in columns:
        table["Province"] = [p[1] for p in picks]
    if "region" in columns:
        table["Région"] = [p[2] for p in picks]
        table["Région"][-1] = next(p[2] for p in _PLACES if p[2] != picks[-1][2])
    if "latlon" in columns:
        table["lat"] = [p[3] for p in picks]
        table["lon"] = [p[4] for p in picks]
    return pd.DataFrame(table)


_SUBSETS = [c for k in range(1, len(_LOCATION) + 1) for c in itertools.combinations(_LOCATION, k)]


def _draws(columns: tuple[str, ...]) -> bool:
    """The drawing commands (figure, map) run on a few subsets only: they are slow."""
    return len(columns) in (1, 5) or columns == ("province", "region")


@pytest.mark.parametrize(
    "columns",
    [pytest.param(c, marks=[pytest.mark.slow] if _draws(c) else []) for c in _SUBSETS],
    ids=["-".join(c) for c in _SUBSETS],
)
def test_every_subset_of_location_columns_goes_through_every_command(
    tmp_path: Path, columns: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    _location_table(columns, seed=len(columns)).to_csv(source, index=False, sep=";")
    outputs = {"geocode": "g.csv", "shares": "s.csv", "report": "r.md"}
    if _draws(columns):
        outputs |= {"figure": "f.png", "map": "m.html"}
    if columns == ("address",):  # an address alone is no location column: one clear line, exit 2
        assert main(["geocode", str(source), "-o", str(tmp_path / "g.csv")]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and "no location column" in err and err.count("\n") == 1, err
        assert not (tmp_path / "g.csv").exists()
        return
    said: dict[str, str] = {}
    for command, name in outputs.items():
        code = main([command, str(source), "-o", str(tmp_path / name)])
        err = said[command] = capsys.readouterr().err
        assert code == 0, (command, columns, err)
        assert "internal error" not in err, err
        assert (tmp_path / name).stat().st_size > 0
    geo = pd.read_csv(tmp_path / "g.csv", dtype=str, keep_default_na=False)
    assert len(geo) == 9
    if "region" in columns and {"city", "province"} & set(columns) and "latlon" not in columns:
        assert geo["geocode_status"].tolist()[-1] == "conflict", geo["geocode_status"].tolist()
        assert "geocode_status 'conflict'" in said["geocode"], said["geocode"]


def test_region_and_province_only_file_with_a_conflict_is_written_with_its_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "x.csv"
    source.write_text("Nom;Région;Province\nA;Souss-Massa;Nador\n", encoding="utf-8")
    for name in ("y.csv", "y.gpkg"):
        assert main(["geocode", str(source), "-o", str(tmp_path / name)]) == 0
        err = capsys.readouterr().err
        assert "geocode_status 'conflict'" in err and "A (the region column says Souss-Massa" in err, err
        assert "placed by their province outside" in err and "the city" not in err, err  # there is no town column
    assert pd.read_csv(tmp_path / "y.csv")["geocode_status"].tolist() == ["conflict"]


@pytest.mark.parametrize("seed", [4, 5])
def test_exact_duplicate_records_are_counted_and_named_with_the_row_they_repeat(
    tmp_path: Path, seed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(seed)
    n, k = 400, int(rng.integers(7, 30))
    base = pd.DataFrame(
        {
            "Nom": [f"Firme {i:04d}" for i in range(n)],
            "Ville": rng.choice([p[0] for p in _PLACES], size=n),
            "Effectif": rng.integers(1, 500, size=n).astype(str),
        }
    )
    near = base.iloc[:3].assign(Effectif="9999")  # same name, another cell: not a duplicate
    picks = rng.choice(n, size=k, replace=False)
    table = pd.concat([base, near, base.iloc[picks]], ignore_index=True)
    order = rng.permutation(len(table))
    table = table.iloc[order].reset_index(drop=True)
    source = tmp_path / "dup.csv"
    table.to_csv(source, index=False, sep=";")
    assert main(["shares", str(source), "--format", "csv", "-o", str(tmp_path / "s.csv")]) == 0
    err = capsys.readouterr().err
    expected = table.duplicated(keep="first").to_numpy().nonzero()[0]
    assert len(expected) == k
    firsts = [int(table.index[(table == table.iloc[p]).all(axis=1)][0]) for p in expected[:5]]
    shown = ", ".join(f"row {p + 2} (same as row {f + 2})" for p, f in zip(expected[:5], firsts, strict=True))
    assert f"{k} records repeat an earlier record exactly, every cell the same: {shown} and {k - 5} more." in err, err
    shares = pd.read_csv(tmp_path / "s.csv")
    assert shares["count"].sum() == n + 3 + k  # counted as they are, never dropped
    assert main(["report", str(source), "--lang", "fr", "-o", str(tmp_path / "r.md")]) == 0
    capsys.readouterr()
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert f"{k} fiches répètent exactement une fiche précédente" in text
    assert f"ligne {expected[0] + 2} (identique à ligne {firsts[0] + 2})" in text and f"et {k - 5} autres" in text


def test_duplicates_found_without_a_row_loop_on_a_large_table() -> None:
    from clusteratlas.records.duplicates import duplicate_rows

    rng = np.random.default_rng(9)
    n = 200_000
    frame = pd.DataFrame({"name": rng.integers(0, n // 2, size=n).astype(str), "city": rng.choice(["a", "b"], size=n)})
    frame.loc[n - 1] = [None, None]
    frame.loc[n - 2] = [None, None]
    repeats, originals = duplicate_rows(frame)
    expected = frame.duplicated(keep="first").to_numpy().nonzero()[0]
    assert repeats.tolist() == expected.tolist()
    filled = frame.fillna("-").to_numpy()
    assert (filled[repeats] == filled[originals]).all()
    assert repeats[-1] == n - 1 and originals[-1] == n - 2  # missing cells equal missing cells
    assert (originals < repeats).all()


def _workbook_with_formulas(path: Path, n: int, seed: int, formula_row: int | None) -> None:
    """A sheet of ``n`` firms and a totals row of ``=SUM`` formulas openpyxl saves without values."""
    import openpyxl

    rng = np.random.default_rng(seed)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Entreprises"
    sheet.append(["Registre au 30/11"])
    sheet.append(["Raison sociale", "Ville", "Effectif", "Investissement"])
    for i in range(n):
        sheet.append([f"Firme {i}", str(rng.choice([p[0] for p in _PLACES])), int(rng.integers(1, 900)), 1.5 * i])
    if formula_row is not None:  # a formula inside the records: still refused
        sheet.cell(formula_row, 3).value = "=C3*2"
    sheet.append(["TOTAL GÉNÉRAL", None, f"=SUM(C3:C{n + 2})", f"=SUM(D3:D{n + 2})"])
    book.save(path)


@pytest.mark.parametrize("seed", [6, 7])
def test_a_totals_row_of_unsaved_formulas_is_left_out_not_blocking_the_workbook(tmp_path: Path, seed: int) -> None:
    from clusteratlas import read_records
    from clusteratlas.errors import ClusterAtlasWarning, InputError

    n = int(np.random.default_rng(seed).integers(20, 200))
    path = tmp_path / "reg.xlsx"
    _workbook_with_formulas(path, n, seed, None)
    with pytest.warns(ClusterAtlasWarning, match=rf"row {n + 3} \('TOTAL GÉNÉRAL'\) is a totals row, not a record"):
        frame = read_records(path)
    assert len(frame) == n and frame["name"].iloc[-1] == f"Firme {n - 1}"
    _workbook_with_formulas(path, n, seed, 5)
    with pytest.raises(InputError, match=r"cell\(s\) C5 hold a formula with no saved value") as caught:
        read_records(path)
    assert f"C{n + 3}" not in str(caught.value)  # the totals row's formulas are not the problem


@pytest.mark.parametrize("seed", [8, 9])
def test_whole_weights_sum_to_integers_and_decimal_weights_keep_their_digits(
    tmp_path: Path, seed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 120))
    whole = rng.integers(1, 5000, size=n)
    spelled = [f"{v // 1000} {v % 1000:03d}" if v >= 1000 and i % 2 else str(v) for i, v in enumerate(whole)]
    table = pd.DataFrame(
        {
            "Nom": [f"Firme {i}" for i in range(n)],
            "Ville": rng.choice([p[0] for p in _PLACES], size=n),
            "Effectif": spelled,
            "Investissement": [f"{v / 4:.2f}".replace(".", ",") for v in whole],
        }
    )
    source = tmp_path / "w.csv"
    table.to_csv(source, index=False, sep=";")
    for fmt in ("csv", "json"):
        for column in ("Effectif", "Investissement"):
            out = tmp_path / f"{column}.{fmt}"
            assert main(["shares", str(source), "--weight", column, "--format", fmt, "-o", str(out)]) == 0
            capsys.readouterr()
            text = out.read_text(encoding="utf-8")
            if fmt == "csv":
                weights = pd.read_csv(out, dtype=str)["weight"]
                assert weights.str.contains(".", regex=False).any() == (column != "Effectif"), text
            else:
                body = json.loads(text)
                assert isinstance(body["total_weight"], int) == (column == "Effectif"), body["total_weight"]
                assert body["total_weight"] == (int(whole.sum()) if column == "Effectif" else whole.sum() / 4)
                assert all(isinstance(g["weight"], int) == (column == "Effectif") for g in body["groups"])
    by = ["shares", str(source), "--weight", "Effectif", "--by", "region,Ville", "--format", "json"]
    assert main([*by, "-o", str(tmp_path / "x.json")]) == 0
    crossed = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert crossed["total_weight"] == int(whole.sum()) and isinstance(crossed["total_weight"], int)
    assert all(isinstance(c["weight"], int) for c in crossed["cells"])


@pytest.mark.parametrize(("few", "seed"), [(True, 10), (False, 11)])
def test_records_whose_address_names_disagreeing_places_get_that_reason_in_both_languages(
    tmp_path: Path, few: bool, seed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6)) if few else int(rng.integers(22, 40))
    rows = ["Nom;Ville;Adresse"]
    rows += [f"F{i};;Hay Mohammadi, Technopole de Oujda" for i in range(k)]
    rows += [f"H{i};;" for i in range(2)] + [f"K{i};Rabat;" for i in range(3)]
    order = rng.permutation(len(rows) - 1)
    source = tmp_path / "c.csv"
    source.write_text("\n".join([rows[0], *(rows[1 + i] for i in order)]) + "\n", encoding="utf-8")
    for lang, says, nothing, status in (
        (
            "en",
            "the address names places that disagree",
            "no location given" if few else "(no place given)",
            "conflict",
        ),
        ("fr", "l’adresse nomme des lieux qui ne concordent pas", "(aucun lieu indiqué)", "en conflit"),
    ):
        out = tmp_path / f"r_{lang}.md"
        assert main(["report", str(source), "--lang", lang, "-o", str(out)]) == 0
        capsys.readouterr()
        summary = out.read_text(encoding="utf-8").split("## ")[1].split("![")[0]
        assert summary.count(says) == (k if few else 1), summary
        assert summary.count(nothing) == (2 if few else 1), summary  # only the two rows that name no place
        assert "région indiquée" not in out.read_text(encoding="utf-8")
        assert f"| {status} | " in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", [12, 13])
def test_a_date_column_mixing_workbook_dates_and_text_dates_is_written_as_dates(tmp_path: Path, seed: int) -> None:
    import datetime as dt

    import openpyxl
    import pyogrio

    from clusteratlas import geocode, read_records
    from clusteratlas.export import write_records

    rng = np.random.default_rng(seed)
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre")
    n = int(rng.integers(12, 40))
    days = [
        dt.date(int(rng.integers(1975, 2024)), int(rng.integers(1, 11)), int(rng.integers(1, 29))) for _ in range(n)
    ]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Raison sociale", "Ville", "Date de création"])
    for i, day in enumerate(days):
        form = i % 3
        cell: object = (
            dt.datetime(day.year, day.month, day.day)
            if form == 0
            else day.strftime("%d/%m/%Y")
            if form == 1
            else f"{day.day} {months[day.month - 1]} {day.year}"
        )
        sheet.append([f"Firme {i}", str(rng.choice([p[0] for p in _PLACES])), cell])
    source = tmp_path / "dates.xlsx"
    book.save(source)
    geo = geocode(read_records(source))
    write_records(geo, tmp_path / "out.gpkg")
    info = pyogrio.read_info(tmp_path / "out.gpkg", layer="dates")
    assert dict(zip(info["fields"], info["ogr_types"], strict=True))["Date de création"] == "OFTDate"
    back = pyogrio.read_dataframe(tmp_path / "out.gpkg", layer="dates", read_geometry=False)
    assert [pd.Timestamp(v).date() for v in back["Date de création"]] == days
    write_records(geo, tmp_path / "out.xlsx")
    cells = [row[2] for row in openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(min_row=2)]
    assert all(c.data_type == "d" for c in cells), [c.value for c in cells]
    assert [c.value.date() for c in cells] == days


def test_smaller_reading_messages_empty_workbook_sheet_case_weight_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "vide.xlsx"
    empty.write_bytes(b"")
    assert main(["geocode", str(empty), "-o", str(tmp_path / "v.csv")]) == 2
    err = capsys.readouterr().err
    assert "vide.xlsx: the file is empty" in err and "BadZipFile" not in err, err
    path = tmp_path / "reg.xlsx"
    _workbook_with_formulas(path, 30, 14, None)
    import openpyxl

    book = openpyxl.load_workbook(path)
    book.create_sheet("Notes").append(["Note"])
    book["Notes"].append(["Effectifs déclarés"])
    book.save(path)
    out = tmp_path / "s.csv"
    args = ["shares", str(path), "--sheet", "entreprises", "--format", "csv", "-o", str(out)]
    assert main([*args, "--weight", "Effectifs"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'Effectif'?" in err and "year" not in err, err
    assert main([*args, "--weight", "Effectif"]) == 0, capsys.readouterr().err
    assert pd.read_csv(out)["count"].sum() == 30


def test_a_geopackage_of_several_outputs_offers_only_its_record_layers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyogrio

    source = tmp_path / "in.csv"
    _location_table(("city",), seed=15).to_csv(source, index=False, sep=";")
    gpkg = tmp_path / "all.gpkg"
    for name in ("firmes", "sites"):
        assert main(["geocode", str(source), "-o", str(gpkg), "--layer-name", name, "-q"]) == 0
    assert {"layer_styles", "firmes_regions", "sites_regions"} <= {str(n) for n in pyogrio.list_layers(gpkg)[:, 0]}
    capsys.readouterr()
    assert main(["shares", str(gpkg), "--format", "csv", "-o", str(tmp_path / "s.csv")]) == 2
    said = capsys.readouterr().err
    assert "has 2 layers ('firmes', 'sites')" in said and "layer_styles" not in said and "_regions" not in said, said
    assert main(["shares", str(gpkg), "--layer", "sites", "--format", "csv", "-o", str(tmp_path / "s.csv")]) == 0
    assert pd.read_csv(tmp_path / "s.csv")["count"].sum() == 9
