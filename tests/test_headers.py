"""Bilingual and variant headers, chosen columns, postal codes and number units, on registers we generate.

A register of our own (towns drawn from the shipped gazetteer, a title line above the
header, in English and in French) is written under every spelling of its headers that
analysts use; each spelling must place the records exactly as the plain header does.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import InputError, geocode, read_records, shares
from clusteratlas._notes import notes_in
from clusteratlas._resources import data_path
from clusteratlas.geography import admin_table
from clusteratlas.records import canonical_column, find_header, header_parts
from clusteratlas.reporting import build_report, render_markdown

TITLES = {
    "fr": "Registre des entreprises membres (état au 31/12/2024)",
    "en": "Member firms register - Atlantic Industrial Cluster (as of 2024)",
}


def _towns(seed: int, n: int) -> pd.DataFrame:
    """Towns of the gazetteer with a unique name (big ones more likely), and their region codes."""
    places = pd.read_csv(data_path("geo", "places.csv"), dtype={"region_code": str, "province_code": str})
    places = places[places["population"].fillna(0) > 50_000].drop_duplicates("name", keep=False)
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(places), size=n)
    return places.iloc[pick][["name", "region_code", "province_code"]].reset_index(drop=True)


def _register(tmp_path: Path, headers: dict[str, str], *, lang: str, seed: int = 7, n: int = 60) -> Path:
    """Write a CSV register: a title line, then ``headers`` (role -> header) over generated firms."""
    towns = _towns(seed, n)
    cells = {
        "name": [f"{'Société' if lang == 'fr' else 'Firm'} {i:03d}" for i in range(n)],
        "city": towns["name"].tolist(),
        "sector": [("Textile", "Automobile", "Agro")[i % 3] for i in range(n)],
    }
    frame = pd.DataFrame({headers[k]: v for k, v in cells.items() if k in headers})
    path = tmp_path / f"registre_{lang}_{abs(hash(tuple(headers.values()))) % 10**6}.csv"
    path.write_text(TITLES[lang] + "\n" + frame.to_csv(index=False), encoding="utf-8")
    return path


def _geocoded(path: Path, **kwargs: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(read_records(path, **kwargs))


CITY_HEADERS = [
    "Ville/City",
    "Ville / City",
    "City (Ville)",
    "Ville-City",
    "Ville | City",
    "Ville - City",
    "Localité",
    "Commune",
    "Ville du siège",
    "VILLE",
    "Town / Ville",
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("header", CITY_HEADERS)
def test_every_spelling_of_the_town_header_places_as_the_plain_one(tmp_path: Path, header: str, lang: str) -> None:
    plain = _geocoded(_register(tmp_path, {"name": "Nom", "city": "Ville", "sector": "Secteur"}, lang=lang))
    named = {"name": "Raison sociale / Company name", "city": header, "sector": "Secteur / Sector"}
    got = _geocoded(_register(tmp_path, named, lang=lang))
    assert "city" in got and "name" in got and "sector" in got
    assert got["region_code"].tolist() == plain["region_code"].tolist()
    truth = _towns(7, 60)["region_code"]
    assert (got["region_code"] == truth).mean() > 0.95


@pytest.mark.parametrize(
    "header", ["Préfecture/Province", "Préfecture / Province", "Préfecture ou province", "Province (Préfecture)"]
)
def test_every_spelling_of_the_province_header_places_by_it(tmp_path: Path, header: str) -> None:
    towns = _towns(3, 40)
    provinces = admin_table("province").set_index("province_code")
    names = provinces.loc[towns["province_code"], "province"].tolist()
    frame = pd.DataFrame({"Nom": [f"E{i}" for i in range(40)], header: names})
    path = tmp_path / "prov.csv"
    path.write_text(TITLES["fr"] + "\n" + frame.to_csv(index=False), encoding="utf-8")
    got = _geocoded(path)
    assert "province" in got
    assert got["province_code"].tolist() == towns["province_code"].tolist()


def test_the_parts_of_a_header_name_one_column_or_none() -> None:
    assert header_parts("Raison sociale / Company name") == ["Raison sociale", "Company name"]
    assert canonical_column("Secteur | Sector") == "sector"
    assert canonical_column("Ville (optionnel)") == "city"
    # two columns in one header, or a hyphenated word whose other part is no column: none of ours
    assert canonical_column("Ville / Région") is None
    assert canonical_column("Sous-secteur") is None
    assert canonical_column("Code postal") is None


def test_the_header_below_a_title_that_names_a_place_is_found() -> None:
    rows = [
        (1, ["Région / Region", ""]),
        (2, ["N°", "Raison sociale", "Ville", "Secteur"]),
        (3, ["1", "A", "Fès", "x"]),
    ]
    assert find_header(rows, "t.csv", "line") == 1
    # no location anywhere: the row naming our columns, not the title, is the header (the error names it)
    rows = [(1, ["Liste", ""]), (2, ["N°", "Raison sociale", "Wilaya", "Secteur"]), (3, ["1", "A", "Fès", "x"])]
    assert find_header(rows, "t.csv", "line") == 1


def test_a_header_by_its_parts_gives_way_to_a_whole_one(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    frame = pd.DataFrame({"Nom": ["A", "B"], "Ville": ["Fès", "Tanger"], "Ville du siège / HQ": ["Rabat", "Oujda"]})
    path = tmp_path / "two.csv"
    frame.to_csv(path, index=False)
    with caplog.at_level(logging.WARNING, logger="clusteratlas"):
        got = read_records(path)
    assert got["city"].tolist() == ["Fès", "Tanger"] and "Ville du siège / HQ" in got
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "'Ville du siège / HQ' looks like a city column but is not read" in said and "city_column" in said


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_city_column_chooses_and_a_wrong_name_gets_a_did_you_mean(tmp_path: Path, lang: str) -> None:
    path = _register(tmp_path, {"name": "Nom", "city": "Siège (ville)", "sector": "Wilaya"}, lang=lang)
    got = _geocoded(path, city_column="siege (ville)")
    plain = _geocoded(_register(tmp_path, {"name": "Nom", "city": "Ville", "sector": "Secteur"}, lang=lang))
    assert got["region_code"].tolist() == plain["region_code"].tolist()
    with pytest.raises(InputError, match=r"no column 'Siege vile' \(`city_column`\); did you mean 'Siège \(ville\)'"):
        read_records(path, city_column="Siege vile")


def test_command_line_options_choose_columns(run: Callable, tmp_path: Path) -> None:
    frame = pd.DataFrame({"Firme": ["A", "B", "C"], "Wilaya": ["Fès", "Tanger", "Oujda"], "Lieu": ["x", "y", "z"]})
    path = tmp_path / "w.csv"
    frame.to_csv(path, index=False)
    r = run("geocode", path, "-o", tmp_path / "out.csv")
    assert r.code == 2 and "'Wilaya' looks like a province column (--province-column)" in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    r = run("geocode", path, "-o", tmp_path / "out.csv", "--city-column", "wilaya", "--name-column", "Firme")
    assert r.code == 0, r.err
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert out["region_code"].tolist() == ["03", "01", "02"]
    r = run("geocode", path, "-o", tmp_path / "o2.csv", "--region-column", "Wilayaa")
    assert r.code == 2 and "did you mean 'Wilaya'?" in r.err and "--region-column" in r.err


def test_a_two_sheet_workbook_with_a_title_and_bilingual_headers(run: Callable, tmp_path: Path) -> None:
    import openpyxl

    towns = _towns(11, 50)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Entreprises"
    sheet.append([TITLES["fr"] + " / " + TITLES["en"]])
    sheet.append(["N°", "Raison sociale / Company name", "Ville/City", "Préfecture / Province", "Code postal"])
    for i, town in enumerate(towns["name"]):
        sheet.append([i + 1, f"Firme {i}", town, None, None])
    sheet.append([51, "Firme sans ville", None, "Préfecture de Rabat", None])
    sheet.append([52, "Firme postale", None, None, "20250"])
    sheet.append([53, "Firme code", "20250", None, None])
    book.create_sheet("Notes").append(["n.d.", "non disponible"])
    path = tmp_path / "registre.xlsx"
    book.save(path)
    r = run("geocode", path, "--sheet", "entreprises", "-o", tmp_path / "r.csv")
    assert r.code == 0, r.err
    out = pd.read_csv(tmp_path / "r.csv", dtype=str, keep_default_na=False)
    assert out["region_code"].iloc[:50].tolist() == towns["region_code"].tolist()
    assert out["region_code"].iloc[50] == "04" and out["geocode_status"].iloc[50] == "province"
    assert out["geocode_note"].iloc[51].endswith("postal code '20250' not read as a place: write the town")
    assert out["geocode_note"].iloc[52] == "a postal code, not a place: write the town"
    french = notes_in(out["geocode_note"].iloc[51:], "fr").tolist()
    assert french[1] == "un code postal, pas un lieu\xa0: écrivez la ville" and "code postal" in french[0]


@pytest.mark.parametrize(("cells", "total"), [(["12,5 MDH", "3 M MAD", "n.d.", "1 MDH"], 16.5), (["2 MAD", "3 DH"], 5)])
def test_two_spellings_of_one_unit_are_one_unit(cells: list[str], total: float) -> None:
    frame = pd.DataFrame({"name": list("abcd")[: len(cells)], "city": ["Fès"] * len(cells), "CA": cells})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = shares(frame, by="region", weight="CA", missing_weight="zero")
    assert table.total_weight == pytest.approx(total)


def test_two_units_are_named_and_the_weight_error_names_missing_weight(run: Callable, tmp_path: Path) -> None:
    path = tmp_path / "kdh.csv"
    path.write_text("Nom,Ville,CA\nA,Tanger,3 MDH\nB,Fès,12 KDH\nC,Oujda,nd\nD,Rabat,beaucoup\n", encoding="utf-8")
    r = run("shares", path, "--weight", "CA")
    assert r.code == 2 and r.err.count("\n") == 1
    assert "two units in one column: MDH and KDH" in r.err and "--missing-weight" in r.err
    assert "'nd'" not in r.err  # n.d., nd: unknown, as in town cells


def test_by_gets_a_did_you_mean(run: Callable, tmp_path: Path) -> None:
    path = _register(tmp_path, {"name": "Nom", "city": "Ville", "sector": "Secteur / Sector"}, lang="fr")
    r = run("shares", path, "--by", "secteu")
    assert r.code == 2 and "did you mean 'Secteur / Sector'?" in r.err


def test_an_ods_file_says_how_to_save_it(run: Callable, tmp_path: Path) -> None:
    path = tmp_path / "registre.ods"
    path.write_bytes(b"PK\x03\x04")
    r = run("geocode", path, "-o", tmp_path / "r.csv")
    assert r.code == 2 and "OpenDocument" in r.err and "save it as .xlsx" in r.err


@pytest.mark.parametrize(
    ("lang", "many", "one"),
    [("en", "2 records have no year", "1 record has no year"), ("fr", "2 fiches sans année", "1 fiche sans année")],
)
def test_the_report_counts_undated_records_in_agreement(lang: str, many: str, one: str) -> None:
    frame = pd.DataFrame(
        {
            "name": list("abcdef"),
            "city": ["Fès", "Tanger", "Oujda", "Rabat", "Agadir", "Safi"],
            "year": ["2001", "2012", "2015", "2019", "", ""],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
        text = render_markdown(build_report(geo, figure=False, lang=lang))
        text_one = render_markdown(build_report(geocode(frame.iloc[:5]), figure=False, lang=lang))
    assert many in text and "(s)" not in text.split(many)[0][-40:]
    assert one in text_one


def test_a_commune_beside_a_town_gives_way_unless_chosen(tmp_path: Path) -> None:
    import openpyxl

    towns = _towns(5, 30)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Firmes"
    sheet.append(["Firms register"])
    sheet.append(["Company", "Ville", "Commune", "Sector"])
    for i, town in enumerate(towns["name"]):
        sheet.append([f"F{i}", "Atlantis", town, "x"])
    book.create_sheet("Notes").append(["a note"])
    path = tmp_path / "communes.xlsx"
    book.save(path)
    plain = _geocoded(path, sheet="Firmes")
    assert plain["city"].eq("Atlantis").all() and "Commune" in plain
    chosen = _geocoded(path, sheet="Firmes", city_column="commune")
    assert chosen["city"].tolist() == towns["name"].tolist() and "Ville" in chosen
    assert (chosen["region_code"] == towns["region_code"]).mean() > 0.95


def test_the_warning_names_the_flags_and_keeps_a_percent_in_a_header(run: Callable, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("Nom,Ville,%s Ville,Wilaya\nA,Fès,Rabat,x\n", encoding="utf-8")
    r = run("geocode", path, "-o", tmp_path / "o.csv")
    assert r.code == 0, r.err
    assert "column '%s Ville' looks like a city column but is not read (the city is read from 'Ville')" in r.err
    assert "choose it with --city-column" in r.err and "'Wilaya' looks like a province column" in r.err
    assert "--province-column" in r.err and "`" not in r.err
