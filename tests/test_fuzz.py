"""Property-based fuzzing of the input and output edges (issue 8, item 9).

Hypothesis writes CSV files with hostile cells (separators, quotes, CR/LF, control
characters, bidi marks, formula prefixes, markup, accents, Arabic) in several encodings and
separators, and checks the promises: reading raises nothing but our ``InputError``; rows are
kept, in order; every CSV we write reads back with as many records and no live formula; and
no markup from the data survives into the HTML as markup. Runs are derandomised (the same
examples every run) and bounded, so CI stays fast.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from clusteratlas import InputError, geocode, read_records
from clusteratlas.export import write_csv

CITIES = ["Casablanca", "Fès", "Marrakech", "Tanger", "Agadir", "Oujda", "Laâyoune", "الرباط", "Dakhla", "Kénitra"]
HOSTILE = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1+1",
    ' =HYPERLINK("http://x")',
    "<img src=x onerror=alert(1)>",
    "</script><svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "\x1b]0;pwned\x07",
    "\u202eevil",
    "a\u2028b",
    'quote " inside',
    "semi;colon,comma\ttab",
    "line\nbreak",
    "cr\rmid",
    "",
    "   ",
]
ALPHABET = st.sampled_from(list("aéèçàâôîûÀÉ ,;\t\"'\r\n=+-@<>/&\\\x00\x1b\u202e\u2028ال0123456789"))
cell = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(CITIES), st.text(ALPHABET, max_size=12))
row = st.tuples(
    cell, st.one_of(st.sampled_from(CITIES), cell), cell, st.one_of(st.just(""), st.integers(1900, 2100).map(str), cell)
)
# No shrinking: a failure is reported at once with its example (shrinking can take minutes).
PHASES = (Phase.explicit, Phase.reuse, Phase.generate)
FUZZ = settings(
    phases=PHASES,
    database=None,
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FORMULA = re.compile(r"^\s*[=+\-@]|^[\t\r]")
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?$")


def _write(path: Path, rows: list[tuple[str, str, str, str]], sep: str, encoding: str) -> bool:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(["name", "city", "sector", "year"])
    writer.writerows(rows)
    try:
        path.write_bytes(buf.getvalue().encode(encoding))
    except UnicodeEncodeError:
        return False
    return True


def _quiet_geocode(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


@FUZZ
@given(
    rows=st.lists(row, min_size=1, max_size=12),
    sep=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_read_and_geocode_keep_every_row_or_say_why(
    tmp_path_factory: pytest.TempPathFactory, rows, sep, encoding
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "in.csv"
    if not _write(path, rows, sep, encoding):
        return
    try:
        frame = read_records(path)
    except InputError as err:
        assert str(err).strip()  # a message saying what and where
        return
    assert len(frame) == len(rows)
    geo = _quiet_geocode(frame)
    assert len(geo) == len(rows)
    assert list(geo.index) == list(frame.index)
    assert geo["geocode_status"].notna().all()


def _cells_back(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@FUZZ
@given(rows=st.lists(row, min_size=1, max_size=15))
def test_written_csv_reads_back_whole_and_inert(tmp_path_factory: pytest.TempPathFactory, rows) -> None:
    frame = pd.DataFrame(rows, columns=["name", "city", "sector", "note"])
    out = tmp_path_factory.mktemp("fuzz") / "out.csv"
    write_csv(frame, out)
    back = _cells_back(out)
    assert len(back) == len(rows) + 1
    assert all(len(r) == 4 for r in back)
    for r in back[1:]:
        for value in r:
            assert not (FORMULA.match(value) and not NUMBER.match(value.strip())), value


@FUZZ
@given(rows=st.lists(row, min_size=1, max_size=15))
def test_geocoded_csv_round_trip(tmp_path_factory: pytest.TempPathFactory, rows) -> None:
    frame = pd.DataFrame(rows, columns=["name", "city", "sector", "note"])
    geo = _quiet_geocode(frame)
    out = tmp_path_factory.mktemp("fuzz") / "geo.csv"
    write_csv(geo, out)
    back = _cells_back(out)
    assert len(back) == len(rows) + 1
    for original, written in zip(frame["name"], (r[0] for r in back[1:]), strict=True):
        assert written in (original, "'" + original)
        assert not (FORMULA.match(written) and not NUMBER.match(written.strip())), written


MARKUP = ["<img src=x onerror=alert(1)>", "</script><svg onload=alert(1)>", "<iframe src=javascript:alert(1)>"]


@settings(
    phases=PHASES,
    database=None,
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    names=st.lists(st.sampled_from(MARKUP + CITIES), min_size=2, max_size=6),
    columns=st.sampled_from(["name", "sector", "city"]),
)
def test_no_markup_from_data_in_the_html(names: list[str], columns: str) -> None:
    from clusteratlas import interactive_map, map_spec

    frame = pd.DataFrame({"name": names, "city": ["Casablanca"] * len(names), "sector": ["Energy"] * len(names)})
    frame[columns] = names
    geo = _quiet_geocode(frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        html = interactive_map(map_spec(geo)).get_root().render()
    for token in MARKUP:
        assert token not in html


@FUZZ
@given(values=st.lists(st.one_of(cell, st.none(), st.integers()), min_size=1, max_size=30))
def test_vectorised_formula_guard_equals_the_scalar_one(values: list[object]) -> None:
    from clusteratlas.export import _safe_cells, safe_cell

    got = list(_safe_cells(pd.Series(values, dtype=object)))
    assert got == ["" if v is None else (safe_cell(v) if isinstance(v, str) else str(v)) for v in values]
