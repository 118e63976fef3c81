"""A big CSV parsed in two halves by two threads reads exactly as the whole file does, or is read whole."""

from __future__ import annotations

import io
import random

import pandas as pd
import pytest

from clusteratlas import _csvin
from clusteratlas._csvin import read_text_csv, read_text_halves
from clusteratlas.records._csvbody import _OPTIONS

CELLS = ["Casablanca", "Fès", '"Rabat, Salé"', '"two\nlines"', "", " x", '5" screen', '"a ""q"" b"', "طنجة", "#c"]


def _whole(data: bytes) -> pd.DataFrame | str:
    try:
        return read_text_csv(io.BytesIO(data), sep=",", **_OPTIONS)
    except (pd.errors.ParserError, ValueError) as err:
        return type(err).__name__


def _random_csv(rnd: random.Random) -> bytes:
    width = rnd.randint(1, 4)
    lines = [",".join(f"h{j}" for j in range(width))]
    for _ in range(rnd.randint(1, 40)):
        cells = width + (rnd.choice([-1, 1]) if rnd.random() < 0.05 else 0)
        lines.append("" if rnd.random() < 0.05 else ",".join(rnd.choice(CELLS) for _ in range(max(cells, 1))))
    eol = rnd.choice(["\n", "\r\n"])
    bom = "\ufeff" if rnd.random() < 0.1 else ""
    return (bom + eol.join(lines) + (eol if rnd.random() < 0.7 else "")).encode()


def test_halves_equal_the_whole_or_refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_csvin, "SPLIT_BYTES", 0)
    rnd = random.Random(7)
    split = 0
    for _ in range(300):
        data = _random_csv(rnd)
        halves = read_text_halves(data, sep=",", **_OPTIONS)
        if halves is None:
            continue
        whole = _whole(data)
        assert isinstance(whole, pd.DataFrame), (data, whole)
        assert list(halves.columns) == list(whole.columns)
        assert halves.equals(whole), data
        split += 1
    assert split > 100  # the mechanism was exercised, not only refused


def test_cut_inside_a_quoted_cell_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_csvin, "SPLIT_BYTES", 0)
    body = "name,city\n" + "a,Fès\n" * 50 + 'b,"one\n' + "more line\n" * 10 + '"\n' + "c,Rabat\n" * 50
    assert read_text_halves(body.encode(), sep=",", **_OPTIONS) is None


def test_a_wide_row_in_the_second_half_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_csvin, "SPLIT_BYTES", 0)
    body = "name,city\n" + "a,Fès\n" * 50 + "c,Rabat\n" * 30 + "d,Salé,extra\n" + "c,Rabat\n" * 30
    assert read_text_halves(body.encode(), sep=",", **_OPTIONS) is None


def test_a_big_file_is_split_and_equal() -> None:
    towns = ("Fès", '"Rabat, Salé"', "Tanger")
    rows = "".join(f"firm {i},{towns[i % 3]},{i % 7}\n" for i in range(400_000))
    data = ("name,city,n\n" + rows).encode()
    assert len(data) >= _csvin.SPLIT_BYTES
    halves = read_text_halves(data, sep=",", **_OPTIONS)
    assert halves is not None
    assert halves.equals(_whole(data))
    assert len(halves) == 400_000
