"""Every input row is accounted for in the report: placed, listed as not placed with its row in
the user's file, or named as a totals row left out (its row and first cells); on registers we
generate (title rows, a group-header line, blank rows between blocks, a totals row)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, read_records, schema
from clusteratlas.reporting import build_report

from .owndata import write_own_data
from .registerdata import make_register, write_csv, write_workbook


def _file_rows(path: Path) -> dict[int, str]:
    """The first cell of every row of the file, by the row a spreadsheet (or an editor) shows."""
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        try:
            rows = book.active.iter_rows(values_only=True)
            return {i: str(row[0] or "") for i, row in enumerate(rows, start=1)}
        finally:
            book.close()
    lines = path.read_bytes().decode("cp1252").splitlines()
    return {i: line.split(";")[0] for i, line in enumerate(lines, start=1)}


def _summary(path: Path, lang: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(read_records(path))
    built = build_report(geo, figure=False, lang=lang)
    summary = next(s for s in built.sections if s.key == "summary")
    return geo, summary.paragraphs, summary.items


def _rows_named(item: str, word: str) -> list[int]:
    """The file rows an item of the summary names: "row 7: …", or "(status; rows 5, 9, …): n"."""
    one = re.match(rf"{word} (\d+)", item)
    if one:
        return [int(one.group(1))]
    many = re.search(rf"{word}s? ([\d, …]+)\)", item)
    assert many, item
    return [int(r) for r in re.findall(r"\d+", many.group(1))]


@pytest.mark.parametrize(
    ("seed", "suffix", "lang", "lost"),
    [(4, ".xlsx", "fr", 0), (8, ".csv", "en", 0), (15, ".xlsx", "en", 9), (16, ".csv", "fr", 11)],
)
def test_the_report_names_the_totals_row_and_each_unplaced_row(
    tmp_path: Path, seed: int, suffix: str, lang: str, lost: int
) -> None:
    rng = np.random.default_rng(seed)
    cells, _ = make_register(int(rng.integers(150, 420)), seed=seed)
    if lost:  # more than the summary lists one by one: grouped by spelling, with their rows
        cells.loc[cells.index[::lost], ["Ville", "Adresse du siège"]] = ["Ksar Imaginaire", ""]
    path = tmp_path / f"registre{suffix}"
    write_workbook(cells, path) if suffix == ".xlsx" else write_csv(cells, path, encoding="cp1252")
    first = _file_rows(path)
    totals = [r for r, c in first.items() if c == "TOTAL GÉNÉRAL"]
    geo, paragraphs, items = _summary(path, lang)
    assert len(totals) == 1 and schema.left_out(geo)[0][0] == totals[0]
    word = "row" if lang == "en" else "ligne"
    said = [p for p in paragraphs if f"{word} {totals[0]} ('TOTAL GÉNÉRAL'" in p]
    assert len(said) == 1, paragraphs  # next to the list of records not placed
    unplaced = set(geo.loc[geo["region_code"].isna(), "name"].astype(str))
    assert unplaced and items
    listed = [r for item in items for r in _rows_named(item, word)]
    assert listed and (len(listed) < len(items) * 5 if lost else len(listed) == len(unplaced))
    for row in listed:  # each row named is, in the user's file, a record not placed
        assert first[row] in unplaced or first[row][:40] in {u[:40] for u in unplaced}, (row, first[row])


def test_few_unplaced_records_are_listed_with_their_rows(tmp_path: Path) -> None:
    path = write_own_data(tmp_path)
    lines = path.read_bytes().decode("cp1252").splitlines()
    lines.insert(5, ";;;;")  # a blank row between blocks: rows after it move down
    lines += ["Total;;;;5 480"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    first = _file_rows(path)
    for lang, word in (("en", "row"), ("fr", "ligne")):
        geo, paragraphs, items = _summary(path, lang)
        unplaced = geo[geo["region_code"].isna()]
        assert len(items) == len(unplaced) >= 1
        for item, name in zip(items, unplaced["name"], strict=True):
            row = int(re.match(rf"{word} (\d+)", item).group(1))  # type: ignore[union-attr]
            assert first[row] == name and name in item
        total = len(lines)
        assert any(f"{word} {total} ('Total', '5 480')" in p for p in paragraphs), paragraphs
