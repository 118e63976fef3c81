"""The CSV body read from its UTF-8 bytes gives the frame pandas gives from the text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusteratlas._csvin import read_text_csv
from clusteratlas.records import _csvbody, delimited, encoding, read_records

#: Cells of a hostile CSV: separators, quotes, line ends of every kind, accents, Arabic, a BOM, blanks.
_PIECES = st.sampled_from(
    [
        "a",
        "Fès",
        "\u0641\u0627\u0633",
        ",",
        ";",
        '"',
        '""',
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "1,5",
        "\ufeff",
        "é",
        "x" * 40,
    ]
)
_BODIES = st.lists(_PIECES, min_size=1, max_size=60).map("".join)


def _by_text(body: str, sep: str) -> pd.DataFrame | str:
    """What ``read_text_csv`` made of the body as text (the reader before), or the error it raised."""
    try:
        return read_text_csv(io.StringIO(body), sep=sep, **_csvbody._OPTIONS)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        return type(err).__name__


def _by_bytes(body: str, sep: str) -> pd.DataFrame | str:
    try:
        return read_text_csv(io.BytesIO(body.encode("utf-8")), sep=sep, **_csvbody._OPTIONS)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        return type(err).__name__


@settings(max_examples=300, deadline=None)
@given(body=_BODIES, sep=st.sampled_from([",", ";"]))
def test_bytes_and_text_read_alike(body: str, sep: str) -> None:
    text, data = _by_text("name,city\n" + body, sep), _by_bytes("name,city\n" + body, sep)
    if isinstance(text, str) or isinstance(data, str):
        assert text == data
    else:
        pd.testing.assert_frame_equal(data, text)


@settings(max_examples=300, deadline=None)
@given(body=_BODIES, sep=st.sampled_from([",", ";"]))
def test_the_first_record_is_read_from_the_same_lines(body: str, sep: str) -> None:
    assert list(_csvbody._lines(body)) == list(io.StringIO(body))
    before = csv.reader(io.StringIO(body), delimiter=sep)
    after = csv.reader(_csvbody._lines(body), delimiter=sep)
    try:
        rows = [next(before) for _ in range(3)]
    except (StopIteration, csv.Error) as err:
        rows = [type(err).__name__]
    try:
        again = [next(after) for _ in range(3)]
    except (StopIteration, csv.Error) as err:
        again = [type(err).__name__]
    assert again == rows


def test_a_wide_first_record_and_a_million_characters_read_as_before() -> None:
    body = "name,city\nfirm,Fès,extra\n" + "firm 2,Rabat\n" * 100_000
    frame = _csvbody.read_body(body, ",")
    assert frame.shape == (100_001, 3)
    assert frame.iloc[0].tolist() == ["firm", "Fès", "extra"]
    assert _csvbody.read_body("name,city\nfirm,Fès\n", ",").iloc[0].tolist() == ["firm", "Fès"]


@pytest.mark.parametrize(
    "content",
    [
        "Zones d'activité — Fès-Meknès\n;;\nnom;ville\nZone 1;Fès\nZone 2;\u0641\u0627\u0633\n",
        "\ufeffname,city\nA,Fès\r\nB,Rabat\r\n",
        "name,city\rA,Fès\rB,Rabat\r",
        "Titre é\n\nname,city\nA,Tanger\n",
    ],
)
def test_records_read_from_the_files_bytes_equal_those_read_from_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    path = tmp_path / "zones.csv"
    path.write_bytes(content.encode("utf-8"))
    raw = path.read_bytes()
    text, _, data = encoding.decode_with_bytes(raw, path)
    assert data is None or data.decode("utf-8") == text  # the bytes given are the text's
    fast = read_records(path)
    real = encoding.decode_with_bytes
    monkeypatch.setattr(delimited, "decode_with_bytes", lambda raw, path: (*real(raw, path)[:2], None))
    pd.testing.assert_frame_equal(fast, read_records(path))
    assert fast.attrs == read_records(path).attrs
