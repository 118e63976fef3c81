"""A French workbook shows dates day first (dd/mm/yyyy), typed; an English one ISO."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest


@pytest.mark.parametrize(("lang", "shown"), [("fr", "[$-40C]dd/mm/yyyy"), ("en", "yyyy-mm-dd")])
def test_workbook_dates_are_typed_and_shown_as_the_language_writes_them(
    run: Callable, tmp_path: Path, lang: str, shown: str
) -> None:
    src = tmp_path / "d.csv"
    src.write_text("name,city,Date de création\na,Tanger,12/03/2015\nb,Fès,01/07/2019\nc,Rabat,\n", encoding="utf-8")
    out = tmp_path / f"d_{lang}.xlsx"
    assert run("geocode", src, "-o", out, "--lang", lang, "-q").code == 0
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    col = header.index("Date de création") + 1
    cells = [ws.cell(row=r, column=col) for r in (2, 3, 4)]
    assert [c.value.date().isoformat() for c in cells[:2]] == ["2015-03-12", "2019-07-01"]  # typed dates
    assert [c.number_format for c in cells[:2]] == [shown, shown] and cells[2].value is None
