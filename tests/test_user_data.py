"""Users' own tables: their column names, small numbers flagged (issue 10); registers (issue 17)."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import ClusterAtlasWarning, InputError, read_records, shares

from .conftest import Result, geocode_cities

ZONES_FR = (
    "nom;ville;Secteur d'activité;année\n"
    "Technopark;Casablanca;Numérique;2001\n"
    "Agropole;Meknès;Agro-industrie;2012\n"
    "Zone franche;Tanger;Automobile;2008\n"
    "Haliopolis;Agadir;Agro-industrie;2010\n"
    "Technopolis;Salé;Numérique;2008\n"
)


@pytest.fixture
def french_csv(tmp_path: Path) -> Path:
    path = tmp_path / "zones_industrielles.csv"
    path.write_bytes(ZONES_FR.encode("cp1252"))
    return path


@pytest.mark.parametrize("by", ["Secteur d'activité", "secteur d'activite", "SECTEUR D'ACTIVITÉ", "sector", "secteur"])
def test_by_accepts_the_users_own_column_name(french_csv: Path, by: str) -> None:
    result = shares(read_records(french_csv), by=by)
    assert dict(zip(result.table["group"], result.table["count"], strict=True)) == {
        "Agro-industrie": 2,
        "Numérique": 2,
        "Automobile": 1,
    }


def test_shares_command_by_french_column(french_csv: Path, run: Callable[..., Result]) -> None:
    r = run("shares", french_csv, "--by", "année", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [g["group"] for g in doc["groups"]] == ["2001", "2008", "2010", "2012"]


def test_unknown_column_still_an_error(french_csv: Path, run: Callable[..., Result]) -> None:
    r = run("shares", french_csv, "--by", "budget")
    assert r.code == 2 and "no column 'budget'" in r.err


def test_per_capita_on_few_records_is_flagged() -> None:
    geo = geocode_cities(*(["Casablanca"] * 6), "Fès", "Paris")
    table = shares(geo, by="region", per_capita=True).table.set_index("group")
    assert not table.at["Casablanca-Settat", "few_records"]
    assert table.at["Fès-Meknès", "few_records"]
    assert table.at["Oriental", "few_records"]  # zero records: nothing to read in its quotient
    assert pd.isna(table.at["Unplaced", "few_records"])


def test_no_claims_everywhere(clusters_csv: Path, tmp_path: Path, run: Callable[..., Result]) -> None:
    r = run("reproduce", "--data", clusters_csv, "--out", tmp_path / "m", "--no-claims", "-q")
    assert r.code == 0, r.err
    assert json.loads((tmp_path / "m" / "reproduction.json").read_text(encoding="utf-8"))["claims"] == []
    assert "Published claims" not in (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    r = run("reproduce", "--out", tmp_path / "n", "-q")
    assert r.code == 0 and "17 match, 5 mismatch, 4 not computable" in r.out


def test_excel_csv_is_semicolon_bom_decimal_comma(french_csv: Path, tmp_path: Path, run: Callable[..., Result]) -> None:
    out = tmp_path / "geo.csv"
    r = run("geocode", french_csv, "-o", out, "--excel", "-q")
    assert r.code == 0, r.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.split(";")[:4] == ["nom", "ville", "Secteur d'activité", "année"]  # the file's own headers
    lat = first.split(";")[header.split(";").index("lat")]
    assert "," in lat and "." not in lat  # 33,58…: a number to French Excel
    assert "Numérique" in text
    r = run("shares", french_csv, "--by", "region", "--format", "csv", "--excel", "-o", tmp_path / "s.csv")
    assert r.code == 0, r.err
    rows = (tmp_path / "s.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("group;code;count;share")
    assert any(line.startswith("Casablanca-Settat;06;1;0,2") for line in rows)


def test_shares_in_french(french_csv: Path, run: Callable[..., Result]) -> None:
    r = run("shares", french_csv, "--by", "zone", "--per-capita", "--lang", "fr")
    assert r.code == 0, r.err
    assert r.out.startswith("groupe")
    assert "Axe Casablanca–Settat–Rabat" in r.out and "Autres régions" in r.out
    assert "40,0\u202f%" in r.out and "12\u202f821\u202f606" in r.out
    assert "moins de 5 fiches" in r.out
    for english in ("group ", "count", "share", "Other regions", "records"):
        assert english not in r.out


def test_users_columns_keep_their_names_and_values(tmp_path: Path, run: Callable[..., Result]) -> None:
    data = tmp_path / "d.csv"
    data.write_text(
        "nom,ville,région,latitude,longitude\nA,Casablanca,Souss-Massa,,\nB,,,34.02,-6.83\n", encoding="utf-8"
    )
    for out in (tmp_path / "g.csv", tmp_path / "g.geojson"):
        r = run("geocode", data, "-o", out, "-q")
        assert r.code == 0, r.err
    header = (tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["nom", "ville", "région"]
    assert {"latitude", "longitude", "lat", "lon", "region", "province"} <= set(header)
    props = json.loads((tmp_path / "g.geojson").read_text(encoding="utf-8"))["features"][0]["properties"]
    assert props["région"] == "Souss-Massa" and props["region"] == "Casablanca-Settat"
    assert props["nom"] == "A" and "name" not in props


# --- registers as agencies export them (issue 17, items 1-3) ------------------------------

CITIES = ["Casablanca", "Rabat", "Fès", "Tanger", "Marrakech", "Agadir", "Meknès", "Oujda", "Kénitra", "Tétouan"]
SECTORS = {"fr": ["Textile", "Automobile", "Agro-industrie", "Aéronautique"], "en": ["Textile", "Cars", "Food", "Air"]}
HEADERS = {
    "fr": [
        *("Raison sociale", "Adresse", "Ville", "Secteur d'activité"),
        *("Effectif", "Capital", "Date de création", "ICE"),
    ],
    "en": ["Company name", "Address", "City", "Sector", "Employees", "Capital", "Date created", "ICE"],
}
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def _date_cell(rng: np.random.Generator, day: dt.date, lang: str) -> str:
    """One of the forms registers write a creation date in."""
    month = (MOIS if lang == "fr" else MONTHS_EN)[min(day.month, 10) - 1]
    forms = [
        f"{day:%d/%m/%Y}",
        f"{day:%d-%m-%Y}",
        f"{day:%d.%m.%Y}",
        day.isoformat(),
        f"{day.isoformat()}T09:30:00",
        f"{day:%m/%Y}",
        f"{day.day} {month} {day.year}" if lang == "fr" else f"{month} {day.day}, {day.year}",
        str(day.year),
    ]
    return forms[int(rng.integers(len(forms)))]


def _number_cell(rng: np.random.Generator, n: int) -> str:
    """Employees as people write them: thousands by space, U+00A0, U+202F, dot or apostrophe."""
    if n < 1000:
        return str(n)
    sep = str(rng.choice([" ", "\u00a0", "\u202f", ".", "'", ""]))
    return f"{n:,}".replace(",", sep)


def agency_register(n: int, *, seed: int, lang: str = "fr") -> tuple[pd.DataFrame, pd.DataFrame]:
    """A register of ``n`` firms as an agency exports it (its cells as text) and the truth behind it."""
    rng = np.random.default_rng(seed)
    days = [dt.date(1960, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 23000, size=n)]
    staff = rng.integers(3, 30000, size=n)
    capital = rng.integers(1, 999, size=n) / 10
    truth = pd.DataFrame(
        {
            "name": [f"Société {i:04d}" if lang == "fr" else f"Company {i:04d}" for i in range(n)],
            "city": rng.choice(CITIES, size=n),
            "sector": rng.choice(SECTORS[lang], size=n),
            "staff": staff.astype(float),
            "capital": capital,
            "year": pd.array([d.year for d in days], dtype="Int64"),
        }
    )
    blank = rng.random(n) < 0.05  # unknown dates and staff
    truth.loc[blank, "year"] = pd.NA
    truth.loc[blank, "staff"] = np.nan
    decimal = "," if lang == "fr" else "."
    cells = pd.DataFrame(
        {
            "name": truth["name"],
            "address": [f"{int(k)} rue {i}" for i, k in enumerate(rng.integers(1, 200, size=n))],
            "city": truth["city"],
            "sector": truth["sector"],
            "staff": ["" if b else _number_cell(rng, int(s)) for b, s in zip(blank, staff, strict=True)],
            "capital": [f"{c:.1f}".replace(".", decimal) + " MDH" for c in capital],
            "date": ["" if b else _date_cell(rng, d, lang) for b, d in zip(blank, days, strict=True)],
            "ice": [f"{int(k):015d}" for k in rng.integers(10**12, 10**14, size=n)],
        }
    )
    cells.columns = HEADERS[lang]
    return cells, truth


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _write_csv(cells: pd.DataFrame, path: Path, *, encoding: str, sep: str) -> Path:
    text = cells.to_csv(sep=sep, index=False, lineterminator="\r\n")
    if encoding == "cp1252":  # Windows-1252 has U+00A0 but no U+202F
        text = text.replace("\u202f", "\u00a0")
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(("lang", "encoding", "sep"), [("fr", "cp1252", ";"), ("en", "utf-8-sig", ",")])
def test_register_dates_give_years(tmp_path: Path, lang: str, encoding: str, sep: str) -> None:
    cells, truth = agency_register(450, seed=17, lang=lang)
    frame = read_records(_write_csv(cells, tmp_path / "register.csv", encoding=encoding, sep=sep))
    header = HEADERS[lang][6]
    assert frame["year"].tolist() == truth["year"].tolist()
    # the dates are kept as written, under the user's header, and the year follows them
    assert frame[header].tolist() == cells[header].tolist()
    assert list(frame.columns).index("year") == list(frame.columns).index(header) + 1


def test_workbook_date_cells_give_years(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Raison sociale", "Ville", "Date de création"])
    sheet.append(["A", "Rabat", dt.datetime(2015, 3, 12)])
    sheet.append(["B", "Fès", dt.date(1998, 12, 31)])
    sheet.append(["C", "Safi", 2004])
    sheet.append(["D", "Safi", "12 mars 2011"])
    sheet.append(["E", "Safi", None])
    book.save(tmp_path / "dates.xlsx")
    frame = read_records(tmp_path / "dates.xlsx")
    assert frame["year"].tolist() == [2015, 1998, 2004, 2011, pd.NA]
    assert frame["Date de création"].tolist() == ["2015-03-12", "1998-12-31", "2004", "12 mars 2011", ""]


def test_plain_years_stay_as_they_were(tmp_path: Path) -> None:
    frame = read_records(write_text(tmp_path / "y.csv", "nom;ville;année\nA;Rabat;2014\nB;Fès;\n"))
    assert list(frame.columns) == ["name", "city", "year"] and frame["year"].tolist() == [2014, pd.NA]


def test_bad_dates_are_one_error_naming_rows_and_values(tmp_path: Path) -> None:
    text = "nom;ville;Date de création\nA;Rabat;14/07/2015\nB;Fès;31/02/2015\nC;Safi;bientôt\nD;Safi;\n"
    with pytest.raises(InputError) as info:
        read_records(write_text(tmp_path / "d.csv", text))
    message = str(info.value)
    assert "column 'Date de création': row 3 ('31/02/2015'), row 4 ('bientôt'): not a year" in message
    assert "14/07/2015" not in message


def test_geocode_writes_the_dates_as_written(tmp_path: Path, run: Callable[..., Result]) -> None:
    cells, truth = agency_register(400, seed=3)
    data = _write_csv(cells, tmp_path / "register.csv", encoding="cp1252", sep=";")
    out = tmp_path / "geo.csv"
    r = run("geocode", data, "-o", out, "-q")
    assert r.code == 0, r.err
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert written["Date de création"].tolist() == cells["Date de création"].tolist()
    assert written["year"].tolist() == ["" if pd.isna(y) else str(y) for y in truth["year"]]
    again = read_records(out)  # the written file reads back: dates kept, the year beside them
    assert again["year"].tolist() == truth["year"].tolist()
    assert again["Date de création"].tolist() == cells["Date de création"].tolist()
    for args in (("shares", data, "--by", "year", "--format", "csv"), ("shares", out, "--by", "region")):
        r = run(*args, "-q")
        assert r.code == 0, r.err


def test_dates_streamed_as_read_whole(tmp_path: Path) -> None:
    from clusteratlas.stream import read_chunks

    cells, truth = agency_register(500, seed=5, lang="en")
    cells.loc[:199, "Date created"] = cells.loc[:199, "Date created"].str.extract(r"(\d{4})")[0].fillna("")
    for header in ("Date created", "Année"):  # a date column, a year column with dates further down
        data = _write_csv(cells.rename(columns={"Date created": header}), tmp_path / "r.csv", encoding="utf-8", sep=",")
        whole = read_records(data)
        streamed = pd.concat(read_chunks(data, chunksize=150), ignore_index=True)
        assert list(whole.columns) == list(streamed.columns)
        assert streamed["year"].tolist() == whole["year"].tolist() == truth["year"].tolist()
        assert (header in whole) == (header == "Date created")  # a year column holds years


@pytest.mark.parametrize(
    ("cells", "values", "unit"),
    [
        (
            ["2 880", "2\u00a0880", "2\u202f880", "2.880", "2'880", "1.234.567", "45", ""],
            [2880.0] * 5 + [1234567, 45],
            None,
        ),
        (["5,4", "1 234,5", "1.234,5", "-3,25", "\u22122", "n/a"], [5.4, 1234.5, 1234.5, -3.25, -2], None),
        (["1,234,567", "1,234.5", "0.5"], [1234567, 1234.5, 0.5], None),
        (["12 MDH", "3,5 MDH", "MDH 1 200", "-"], [12, 3.5, 1200], "MDH"),
        (["45 %", "12,5%", "100%"], [45, 12.5, 100], "%"),
        (["2.880", "3.5"], [2.88, 3.5], None),  # a decimal dot elsewhere: dots are decimal
    ],
)
def test_numbers_as_people_write_them(cells: list[str], values: list[float], unit: str | None) -> None:
    from clusteratlas.errors import AmbiguousNumberWarning
    from clusteratlas.records import parse_numbers

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = parse_numbers(pd.Series(cells), column="x")
    said = [w for w in caught if issubclass(w.category, AmbiguousNumberWarning)]
    assert len(said) == (cells == ["2.880", "3.5"])  # a lone dot read as a decimal is said
    assert got.values.dropna().tolist() == pytest.approx(values)
    assert got.unit == unit
    assert got.values.isna().sum() == len(cells) - len(values)  # empty and unknown cells only


def test_a_word_among_numbers_is_an_error_naming_rows(tmp_path: Path) -> None:
    from clusteratlas.records import parse_numbers

    frame = read_records(
        write_text(tmp_path / "n.csv", "nom;ville;Effectif\nA;Rabat;2 880\nB;Fès;environ 50\nC;Safi;12 DH\n")
    )
    with pytest.raises(InputError) as info:
        parse_numbers(frame["Effectif"], column="Effectif", table=frame)
    assert "n.csv, column 'Effectif': row 3 ('environ 50'), row 4 ('12 DH'): not a number; write numbers" in str(
        info.value
    )


def test_size_by_and_value_read_registers_numbers(tmp_path: Path, run: Callable[..., Result]) -> None:
    from clusteratlas import geocode, map_spec

    cells, truth = agency_register(420, seed=9)
    data = _write_csv(cells, tmp_path / "register.csv", encoding="utf-8-sig", sep=";")
    geo = geocode(read_records(data))  # ten towns: every record placed
    spec = map_spec(geo, size_by="Effectif", value="Capital")
    staff = truth["staff"].fillna(0).to_numpy()[spec.points.index]
    assert spec.points["size"].to_numpy() == pytest.approx(staff / staff[staff > 0].mean())
    by_region = truth.assign(region=geo["region"]).groupby("region")["capital"].sum()
    regions = spec.regions.set_index("region")["value"]
    assert regions[by_region.index].to_numpy() == pytest.approx(by_region.to_numpy())
    assert spec.records["Effectif"].tolist() == cells["Effectif"].tolist()  # the records keep their text
    for args in (("figure", "--kind", "points", "--size-by", "Effectif"), ("figure", "--value", "Capital")):
        r = run(args[0], data, *args[1:], "-o", tmp_path / "f.png", "-q")
        assert r.code == 0, r.err
    cells.loc[[5, 9], "Effectif"] = ["beaucoup", "environ 50"]  # "NC" (non communiqué) is unknown, not an error
    data = _write_csv(cells, tmp_path / "words.csv", encoding="utf-8-sig", sep=";")
    r = run("figure", data, "--kind", "points", "--size-by", "Effectif", "-o", tmp_path / "g.png")
    assert r.code == 2 and "row 7 ('beaucoup'), row 11 ('environ 50'): not a number" in r.err, r.err
    assert not (tmp_path / "g.png").exists()


def _as_exported(cells: pd.DataFrame) -> list[list[object]]:
    """The register's rows as a workbook holds them: ISO dates as date cells, the rest as text."""
    rows: list[list[object]] = []
    for row in cells.itertuples(index=False):
        rows.append([dt.date.fromisoformat(v) if len(str(v)) == 10 and str(v)[4] == "-" else v for v in row])
    return rows


def _agency_workbook(path: Path, cells: pd.DataFrame) -> Path:
    """The register as an agency's workbook: a title row, a merged group-header line (the name merged
    down over both header lines), a blank column and a blank row between blocks, a totals row, and a
    hidden sheet with data."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Entreprises"
    headers = list(cells.columns)
    width = len(headers) + 1  # a blank column between the location block and the activity block
    sheet.append(["Registre des entreprises industrielles — 2024"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["Raison sociale", "Localisation", None, None, "Activité", None, None, None, "Identifiant"])
    sheet.append([None, *headers[1:3], None, *headers[3:]])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:C2")
    sheet.merge_cells("E2:H2")
    rows = _as_exported(cells)
    for i, row in enumerate(rows):
        sheet.append([*row[:3], None, *row[3:]])
        if i == len(rows) // 2:
            sheet.append([])
    sheet.append(["TOTAL GÉNÉRAL", None, None, None, None, 123456])
    hidden = book.create_sheet("Codes villes")
    hidden.append(["ville", "code"])
    hidden.append(["Rabat", "04"])
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


def test_a_workbook_as_exported_reads_as_its_one_header_csv(tmp_path: Path, run: Callable[..., Result]) -> None:
    from clusteratlas import schema

    cells, _ = agency_register(410, seed=23)
    book = _agency_workbook(tmp_path / "registre.xlsx", cells)
    plain = cells.copy()
    plain["Date de création"] = [str(v) for v in plain["Date de création"]]
    csv = _write_csv(plain, tmp_path / "registre.csv", encoding="utf-8-sig", sep=";")
    with pytest.warns(ClusterAtlasWarning, match=r"row 415 \('TOTAL GÉNÉRAL'\) is a totals row, not a record"):
        from_book = read_records(book)
    from_csv = read_records(csv)
    pd.testing.assert_frame_equal(from_book, from_csv)
    assert schema.headers(from_book) == schema.headers(from_csv)
    assert list(from_book.columns[:4]) == ["name", "Adresse", "city", "sector"]
    # geocode writes the same records under the same headers
    for data, out in ((book, tmp_path / "book.csv"), (csv, tmp_path / "csv.csv")):
        r = run("geocode", data, "-o", out, "-q")
        assert r.code == 0, r.err
    assert (tmp_path / "book.csv").read_bytes() == (tmp_path / "csv.csv").read_bytes()


def test_a_csv_as_exported_reads_as_its_one_header_csv(tmp_path: Path) -> None:
    from clusteratlas.stream import read_chunks

    cells, _ = agency_register(430, seed=29, lang="en")
    plain = _write_csv(cells, tmp_path / "plain.csv", encoding="utf-8", sep=",")
    body = cells.to_csv(index=False, header=False, lineterminator="\n").splitlines()
    text = "\n".join(
        [
            "Industrial register,,,,,,,",  # a title
            ",,,,,,,",
            "Identification,,Location,Activity,,,,Codes",  # a group line (exported merged cells)
            ",".join(cells.columns),
            *body[:200],
            ",,,,,,,",  # a blank row between blocks
            *body[200:],
            "Total,,,,123456,,,",
        ]
    )
    exported = tmp_path / "exported.csv"
    exported.write_text(text + "\n", encoding="utf-8")
    with pytest.warns(ClusterAtlasWarning, match=r"row 436 \('Total'\) is a totals row"):
        whole = read_records(exported)
    pd.testing.assert_frame_equal(whole, read_records(plain))
    with pytest.warns(ClusterAtlasWarning, match="totals row"):
        streamed = pd.concat(read_chunks(exported, chunksize=120), ignore_index=True)
    pd.testing.assert_frame_equal(streamed, whole)


@pytest.mark.parametrize(
    ("rows", "names"),
    [
        # a name merged down over both lines; labels over blocks add nothing to distinct names
        ([["Raison sociale", "Localisation", "", "Activité"], ["", "Adresse", "Ville", "Secteur"]], None),
        # a name repeated under two groups is told apart by its group
        ([["Siège", "", "Usine", ""], ["Ville", "Téléphone", "Effectif", "Téléphone"]], None),
    ],
)
def test_group_lines_prefix_names_only_to_tell_them_apart(rows: list[list[str]], names: list[str] | None) -> None:
    from clusteratlas.records import find_header, header_names

    head = [(i + 1, r) for i, r in enumerate(rows)]
    k = find_header(head, "t.csv", "line")
    assert k == 1
    got = header_names(head, k)
    if rows[0][0] == "Raison sociale":
        assert got == ["Raison sociale", "Adresse", "Ville", "Secteur"]
    else:
        assert got == ["Ville", "Siège - Téléphone", "Effectif", "Usine - Téléphone"]


def test_a_totals_row_with_a_place_is_a_record(tmp_path: Path) -> None:
    text = "nom;ville;effectif\nA;Rabat;10\nEnsemble Textile;Casablanca;20\n"
    assert read_records(write_text(tmp_path / "t.csv", text))["name"].tolist() == ["A", "Ensemble Textile"]


def test_hidden_sheets_are_not_chosen(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["nom", "ville"])
    book.active.append(["A", "Rabat"])
    old = book.create_sheet("Ancien")
    old.append(["nom", "ville"])
    old.append(["B", "Fès"])
    old.sheet_state = "hidden"
    book.save(tmp_path / "b.xlsx")
    assert read_records(tmp_path / "b.xlsx")["city"].tolist() == ["Rabat"]
    assert read_records(tmp_path / "b.xlsx", sheet="Ancien")["city"].tolist() == ["Fès"]
