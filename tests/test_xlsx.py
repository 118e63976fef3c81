"""Spreadsheets that lose nothing (issue 18, item 5): ``-o x.xlsx`` and the ``--excel`` CSV."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from clusteratlas import geocode, read_records
from clusteratlas._xlsx import MAX_CELL, xlsx_headers
from clusteratlas.errors import ClusterAtlasWarning
from clusteratlas.export import csv_text, write_records
from tests.test_gis_types import gis_register


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "firmes.csv"
    frame = gis_register(5, 120)
    frame.loc[3, "Raison sociale"] = '=HYPERLINK("http://x","clic")'
    frame.loc[4, "Raison sociale"] = "Bad\x0bname"
    frame.to_csv(path, index=False, sep=";")
    return path


def _sheet(path: Path) -> Any:
    return openpyxl.load_workbook(path).active


def _column(ws: Any, header: str) -> list[Any]:
    titles = [c.value for c in ws[1]]
    i = titles.index(header) + 1
    return [ws.cell(row=r, column=i) for r in range(2, ws.max_row + 1)]


def test_a_workbook_has_typed_cells_codes_as_text_a_frozen_header_and_filters(
    register: Path, tmp_path: Path, run: Callable[..., Any]
) -> None:
    out = tmp_path / "firmes.xlsx"
    assert run("geocode", register, "-o", out, "--lang", "fr", "-q").code == 0
    ws = _sheet(out)
    source = gis_register(5, 120)
    assert ws.freeze_panes == "A2"
    assert ws.max_column == len(source.columns) + 11  # the user's columns, then the 11 we add
    assert ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}{len(source) + 1}"
    titles = [c.value for c in ws[1]]
    assert titles[:3] == ["Raison sociale", "Ville", "Secteur"] and "Taux export (%)" in titles
    assert titles[-11:-8] == ["Latitude", "Longitude", "Code région"] and "Précision du géocodage" in titles
    assert all(c.font.b for c in ws[1])
    staff = _column(ws, "Effectif")
    assert {c.data_type for c in staff if c.value is not None} == {"n"}
    assert [c.value for c in staff] == [None if s == "" else int(s.replace("\u202f", "")) for s in source["Effectif"]]
    invest = [c.value for c in _column(ws, "Investissement (MDH)")]
    assert invest == [float(s.replace(",", ".")) for s in source["Investissement (MDH)"]]
    for header in ("ICE", "Code postal", "Code activité", "Code région", "Code province"):
        cells = [c for c in _column(ws, header) if c.value is not None]
        assert cells and {c.data_type for c in cells} == {"s"}, header
    assert [c.value for c in _column(ws, "ICE")] == source["ICE"].tolist()  # leading zeros kept
    assert {c.value for c in _column(ws, "Code région")} >= {"03", "04"}
    dates = [c.value for c in _column(ws, "Mise à jour")]
    assert [d.date() if d else None for d in dates] == [
        None if s == "" else dt.datetime.strptime(s, "%d/%m/%Y").date() for s in source["Mise à jour"]
    ]
    assert [c.value for c in _column(ws, "Exportateur")] == [
        {"oui": True, "non": False}.get(s) for s in source["Exportateur"]
    ]
    assert [c.value for c in _column(ws, "année")][:3] == [int(y) for y in source["année"][:3]]
    names = _column(ws, "Raison sociale")
    assert (names[3].value, names[3].data_type) == ('=HYPERLINK("http://x","clic")', "s")  # text, never a formula
    assert names[4].value == "Bad\\x0bname"  # shown, not dropped


def test_a_workbook_has_the_same_bytes_from_any_folder(register: Path, tmp_path: Path, run: Callable[..., Any]) -> None:
    outputs = []
    for folder in ("one", "two/deeper"):
        source = tmp_path / folder / register.name
        source.parent.mkdir(parents=True)
        shutil.copyfile(register, source)
        assert run("geocode", source, "-o", tmp_path / folder / "out.xlsx", "-q").code == 0
        outputs.append((tmp_path / folder / "out.xlsx").read_bytes())
    assert outputs[0] == outputs[1]
    english = _sheet(tmp_path / "one" / "out.xlsx")
    assert [c.value for c in english[1]][-11:-8] == ["Latitude", "Longitude", "Region code"]


def test_headers_keep_ours_in_english_where_the_translation_is_taken() -> None:
    frame = pd.DataFrame(columns=["Région", "region", "region_code"])
    assert xlsx_headers(frame, "fr") == ["Région", "region", "Code région"]


def test_a_cell_too_long_for_a_spreadsheet_is_cut_with_a_warning(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": ["A" * 100_000, "B"], "city": ["Fès", "Rabat"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    with pytest.warns(ClusterAtlasWarning, match="1 cells longer than 32,767 characters"):
        out = write_records(geo, tmp_path / "long.xlsx")
    cell = _sheet(out)["A2"].value
    assert len(cell) == MAX_CELL and cell.endswith("…")


def test_the_excel_csv_has_decimal_commas_and_codes_as_text(register: Path, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(read_records(register))
    out = write_records(geo, tmp_path / "excel.csv", excel=True)
    frame = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    source = gis_register(5, 120)
    assert frame["Investissement (MDH)"].tolist() == source["Investissement (MDH)"].tolist()  # "1234,5"
    assert frame["Effectif"].tolist() == [s.replace("\u202f", "") for s in source["Effectif"]]  # 2880, not "2 880"
    assert frame["lat"].str.fullmatch(r"(-?\d+,\d+)?").all() and frame["lat"].str.contains(",").any()
    assert frame["Taux export (%)"].str.fullmatch(r"\d+").all()
    assert frame["ICE"].tolist() == source["ICE"].tolist()  # as written, leading zeros and all
    assert frame["region_code"].str.fullmatch(r"(\d\d)?").all() and "03" in set(frame["region_code"])
    assert frame["Raison sociale"].iloc[3] == "'" + '=HYPERLINK("http://x","clic")'  # data never a formula
    assert not frame["Raison sociale"].str.startswith("=").any()


def test_excel_shares_keep_codes_as_written() -> None:
    table = pd.DataFrame({"group": ["Fès-Meknès"], "code": ["03"], "count": [4], "share": [0.25], "n": ["1.5"]})
    assert csv_text(table, excel=True) == "group;code;count;share;n\nFès-Meknès;03;4;0,25;1,5\n"
