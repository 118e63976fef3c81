"""A big UTF-8 CSV decoded only as far as its head reads exactly as the whole-decoded file does.

``utf8_head`` lets the CSV reader skip making a Python string of a big file (pandas parses
its bytes). Each file here is read twice through ``read_records``: with the head-only path
forced on (``HEAD_ONLY_BYTES = 0``) and off; the records, their provenance, the warnings
and the errors must be the same.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import read_records
from clusteratlas.errors import InputError
from clusteratlas.records import encoding
from clusteratlas.records.encoding import utf8_head

CELLS = ["Casablanca", "Fès", '"Rabat, Salé"', '"two\nlines"', "", " x", '5" screen', '"a ""q"" b"', "طنجة", "Total"]
TITLES = ["Registre des entreprises 2024", "Source : AMDIE;;", ""]


def _random_csv(rnd: random.Random) -> str:
    """A register-like CSV: title lines, blank lines, quoted newlines, wide rows, a totals row, CRLF."""
    width = rnd.randint(2, 4)
    lines = [t for t in TITLES if rnd.random() < 0.3]
    lines.append(",".join(["name", "city", "Effectif", "sector"][:width]))
    for i in range(rnd.randint(0, 40)):
        cells = width + (1 if rnd.random() < 0.04 else 0)
        row = [rnd.choice(CELLS) if j else f"firm {i}" for j in range(cells)]
        lines.append("" if rnd.random() < 0.05 else ",".join(row))
    if rnd.random() < 0.1:
        lines.append(",".join(["Total", "", "2 880", ""][:width]))
    eol = rnd.choice(["\n", "\n", "\r\n"])
    return eol.join(lines) + (eol if rnd.random() < 0.7 else "")


def _read(path: Path) -> tuple[object, list[str]]:
    """The records and their provenance (or the error's message), and the warnings' messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = read_records(path)
        except InputError as err:
            return f"InputError: {err}", [str(w.message) for w in caught]
    attrs = dict(frame.attrs)
    return (frame, attrs), [str(w.message) for w in caught]


def _same(a: object, b: object) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    assert isinstance(a, tuple) and isinstance(b, tuple)
    fa, fb = a[0], b[0]
    assert list(fa.columns) == list(fb.columns)
    assert [str(t) for t in fa.dtypes] == [str(t) for t in fb.dtypes]
    pd.testing.assert_frame_equal(fa, fb)
    assert repr(a[1]) == repr(b[1])


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[object, list[str]], tuple[object, list[str]]]:
    monkeypatch.setattr(encoding, "HEAD_ONLY_BYTES", 2**62)
    whole = _read(path)
    monkeypatch.setattr(encoding, "HEAD_ONLY_BYTES", 0)
    head = _read(path)
    return whole, head


def test_random_registers_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(13)
    used = 0
    for k in range(150):
        path = tmp_path / f"r{k}.csv"
        path.write_bytes(_random_csv(rnd).encode("utf-8"))
        (whole, said), (head, said_head) = _both(path, monkeypatch)
        _same(whole, head)
        assert said == said_head, path.read_text()
        used += utf8_head(path.read_bytes()) is not None
    assert used > 120  # the head-only path ran (not only the whole-text fallbacks)


@pytest.mark.parametrize(
    "text",
    [
        # the first record is a quoted cell longer than the head: read on the whole text
        'name,city\n"' + "x" * 300_000 + '\nmore",Fès\nb,Rabat\n',
        # the first record is wider than the header, past a long blank stretch
        "name,city\n" + "\n" * 300_000 + "a,Fès,extra\nb,Rabat\n",
        # a later row wider than the header: the error names its line
        "name,city\n" + "a,Fès\n" * 50_000 + "b,Rabat,extra\n",
        # a quote never closed
        "name,city\n" + "a,Fès\n" * 1000 + 'b,"Rabat\n' + "c,Salé\n" * 10,
        # a quoted newline far down: record lines no longer follow file lines
        "name,city\n" + "a,Fès\n" * 60_000 + 'b,"Rabat\nSalé"\n' + "c,Tanger\n" * 10,
        # title rows above the header
        "Registre 2024\n\nname;city\n" + "a;Fès\n" * 70_000,
        # only spaces, some of them Unicode
        "\u00a0 \n" * 1000,
        " \t\n\x1c" * 1000,
        # a byte-order mark, CR line ends
        "\ufeffname,city\n" + "a,Fès\n" * 1000,
        "name,city\r" + "a,Fès\r" * 1000,
    ],
)
def test_edge_files_read_the_same(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "edge.csv"
    path.write_bytes(text.encode("utf-8"))
    (whole, said), (head, said_head) = _both(path, monkeypatch)
    _same(whole, head)
    assert said == said_head


def test_not_utf8_is_decoded_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = ("name,city\n" + "a,Fès\n" * 10).encode("utf-8") + "b,Salé\n".encode("cp1252")
    monkeypatch.setattr(encoding, "HEAD_ONLY_BYTES", 0)
    assert utf8_head(raw) is None
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    (whole, said), (head, said_head) = _both(path, monkeypatch)
    _same(whole, head)
    assert said == said_head and any("Windows-1252" in s for s in said)


def test_arrow_checks_utf8_as_python_decodes_it() -> None:
    rnd = random.Random(5)
    samples = [b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80", b"\xe0\x80\xaf", b"\xef\xbf\xbf", b"a\xc3"]
    pool = [0x41, 0x80, 0xBF, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
    samples += [bytes(rnd.choice(pool) for _ in range(rnd.randint(1, 6))) for _ in range(20_000)]
    for raw in samples:
        try:
            raw.decode("utf-8")
            python = True
        except UnicodeDecodeError:
            python = False
        assert encoding._valid_utf8(raw) is python, raw


def test_excel_utf8_mark_is_read_past(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoding, "HEAD_ONLY_BYTES", 0)
    raw = "\ufeffname,city\na,Fès\n".encode()
    got = utf8_head(raw)
    assert got is not None and got[0] == "name,city\na,Fès\n" and got[1] == raw[3:]
    assert utf8_head("\ufeffa".encode("utf-16")) is None  # other marks: decoded whole


def test_head_is_cut_between_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoding, "HEAD_ONLY_BYTES", 0)
    raw = ("name,city\n" + "a,طنجة€😀\n" * 40_000).encode("utf-8")
    got = utf8_head(raw)
    assert got is not None and len(got[0]) >= 65_536
    assert raw.startswith(got[0].encode("utf-8")) and got[1] == raw


def test_big_register_takes_the_head_path(tmp_path: Path) -> None:
    """A real-size file (over HEAD_ONLY_BYTES) takes the head-only path and reads every record."""
    n = 450_000
    towns = np.array(["Fès", "Rabat", "Tanger", "Salé"], dtype=object)
    body = "".join(f"firm {i},{towns[i % 4]},{i % 97}\n" for i in range(n))
    raw = ("name,city,Effectif\n" + body).encode("utf-8")
    assert len(raw) >= encoding.HEAD_ONLY_BYTES
    assert utf8_head(raw) is not None
    path = tmp_path / "big.csv"
    path.write_bytes(raw)
    frame = read_records(path)
    assert len(frame) == n
    assert frame["city"].iloc[-1] == "Salé"  # firm 449999, 449999 % 4 == 3
