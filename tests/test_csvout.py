"""The column-wise CSV writer gives the bytes the cell-by-cell definition gives, and reads back whole."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusteratlas import _csvout
from clusteratlas._csvout import csv_blocks, csv_lines, safe_cell
from clusteratlas._xlsx import excel_frame
from clusteratlas.export import write_csv

_QUOTED = '"\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'


def _reference(frame: pd.DataFrame, sep: str, decimal: str) -> str:
    """The definition, one cell at a time: what the writer did before it was vectorised."""
    one = len(frame.columns) == 1
    need = re.compile("[" + re.escape(sep + _QUOTED) + "]")

    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if need.search(cell) or (one and cell == "") else cell

    columns = []
    for name in frame.columns:
        s = frame[name]
        if pd.api.types.is_bool_dtype(s):
            cells = ["" if pd.isna(v) else ("true" if v else "false") for v in s]
        elif pd.api.types.is_numeric_dtype(s):
            body = s.to_frame().to_csv(
                index=False, header=False, lineterminator="\n", decimal=decimal, sep="\t" if decimal == "," else ","
            )
            cells = ["" if c == '""' else c for c in body.split("\n")[:-1]]
        else:
            cells = [str(safe_cell("" if pd.isna(v) else str(v))) for v in s.astype(object)]
        columns.append([quote(c) for c in cells])
    lines = [sep.join(quote(str(safe_cell(str(c)))) for c in frame.columns) + "\n"]
    lines += [sep.join(row) + "\n" for row in zip(*columns, strict=True)] if columns else []
    return "".join(lines)


HOSTILE = st.text(alphabet=st.sampled_from(list("ab ,;\"=+-@\t\r\n\x0b\x1c\x85\u2028é0123456789.'")), max_size=8)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(0, 12))
    kinds = draw(
        st.lists(
            st.sampled_from(["text", "str", "string", "float", "int", "bool", "boolean", "date", "mixed"]),
            min_size=1,
            max_size=5,
        )
    )
    data = {}
    for i, kind in enumerate(kinds):
        if kind in ("text", "str", "string"):  # object, and pandas' two string dtypes held in Arrow
            dtype = object if kind == "text" else kind
            col = pd.Series(draw(st.lists(st.one_of(HOSTILE, st.none()), min_size=rows, max_size=rows)), dtype=dtype)
        elif kind == "float":
            vals = draw(
                st.lists(
                    st.sampled_from([0.0, -0.0, 1.5, -7.61, 1e-7, 1e20, 35.76727, np.nan, np.inf]),
                    min_size=rows,
                    max_size=rows,
                )
            )
            col = pd.Series(vals, dtype=float)
        elif kind == "int":
            col = pd.Series(
                draw(st.lists(st.one_of(st.integers(-3000, 3000), st.none()), min_size=rows, max_size=rows)),
                dtype="Int64",
            )
        elif kind == "bool":
            col = pd.Series(draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), dtype=bool)
        elif kind == "boolean":
            col = pd.Series(
                draw(st.lists(st.one_of(st.booleans(), st.none()), min_size=rows, max_size=rows)), dtype="boolean"
            )
        elif kind == "date":
            col = pd.Series(
                pd.to_datetime(
                    draw(
                        st.lists(
                            st.sampled_from(["2019-03-01", "2020-12-31 10:00", None]), min_size=rows, max_size=rows
                        )
                    ),
                    format="mixed",
                )
            )
        else:
            col = pd.Series(
                draw(st.lists(st.one_of(HOSTILE, st.integers(-5, 5), st.none()), min_size=rows, max_size=rows)),
                dtype=object,
            )
        data[draw(st.sampled_from(["a", "=b", "c,d", 'e"f', " g"])) + str(i)] = col
    return pd.DataFrame(data)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames(), excel=st.booleans(), block=st.sampled_from([1, 2, 5, 100_000]))
def test_the_writer_gives_the_definitions_bytes(frame: pd.DataFrame, excel: bool, block: int) -> None:
    sep, decimal = (";", ",") if excel else (",", ".")
    saved = _csvout.BLOCK_ROWS
    _csvout.BLOCK_ROWS = block
    try:
        got = "".join(csv_lines(frame, sep, decimal))
        raw = b"".join(bytes(b) for b in csv_blocks(frame, sep, decimal))
    finally:
        _csvout.BLOCK_ROWS = saved
    assert got == _reference(frame, sep, decimal)
    assert raw == got.encode("utf-8")  # the bytes written to a file are the text's
    back = list(csv.reader(io.StringIO(got, newline=""), delimiter=sep))
    assert len(back) == len(frame) + 1
    assert all(len(row) == len(frame.columns) for row in back)


def test_one_numeric_column_with_a_gap_writes_an_empty_quoted_cell() -> None:
    text = "".join(csv_lines(pd.DataFrame({"x": [1.5, np.nan]})))
    assert text == 'x\n1.5\n""\n'  # before: """""" , read back as a quote


def test_unhashable_cells_are_written_as_text() -> None:
    frame = pd.DataFrame({"a": pd.Series([{"k": 1}, [1, 2], None], dtype=object)})
    assert "".join(csv_lines(frame)) == 'a\n{\'k\': 1}\n"[1, 2]"\n""\n'


@pytest.mark.parametrize("value", ["=1+1", " =1+1", "\t1", "-7.61", "+212 5", "@x", "a=b", "\u00a0-x"])
def test_formulas_are_neutralised_as_safe_cell_says(value: str) -> None:
    text = "".join(csv_lines(pd.DataFrame({"a": [value], "b": [1]})))
    assert next(csv.reader(io.StringIO(text.splitlines()[1])))[0] == safe_cell(value)


@pytest.mark.parametrize("excel", [False, True])
def test_write_csv_writes_the_text_in_its_encoding_over_many_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, excel: bool
) -> None:
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "name": pd.Series([f"Firme é{i}" if i % 7 else "=1+1" for i in range(2_000)], dtype="str"),
            "x": rng.normal(size=2_000),
            "code": pd.Series(["03", None, "a;b", 'q"'] * 500, dtype="string"),
        }
    )
    monkeypatch.setattr(_csvout, "BLOCK_ROWS", 97)  # 21 blocks, built by the threads ahead of the writer
    out = write_csv(frame, tmp_path / "t.csv", excel=excel)
    sep, decimal = (";", ",") if excel else (",", ".")
    text = _reference(excel_frame(frame) if excel else frame, sep, decimal)
    assert out.read_bytes() == text.encode("utf-8-sig" if excel else "utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_a_failed_block_stops_the_writer_and_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = _csvout._block_bytes

    def fails_third(block: pd.DataFrame, sep: str, decimal: str) -> memoryview:
        calls.append(len(block))
        if len(calls) == 3:
            raise MemoryError
        return real(block, sep, decimal)

    monkeypatch.setattr(_csvout, "BLOCK_ROWS", 10)
    monkeypatch.setattr(_csvout, "_block_bytes", fails_third)
    with pytest.raises(MemoryError):
        write_csv(pd.DataFrame({"a": range(1_000)}), tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []
    assert len(calls) <= 3 + _csvout.WORKERS  # no block built after the failure was seen, but those ahead
