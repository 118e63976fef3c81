"""A long column of text decided by its first rows gets the type all its cells give."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from clusteratlas import _gis

_WORDS = ["Atlas", "Sidi", "Oued", "Zone", "Firme", "Ain", "Dar", "Bab", "n/a", "néant", "-"]


def _cells(rng: random.Random, kind: str, n: int) -> list[str | None]:
    """``n`` cells of one kind: names, numbers as people write them, booleans, dates, codes, blanks."""
    make = {
        "names": lambda: f"{rng.choice(_WORDS)} {rng.randint(0, 10**6)}",
        "integers": lambda: str(rng.randint(-5000, 5000)),
        "reals": lambda: f"{rng.uniform(-100, 100):.3f}",
        "french": lambda: f"{rng.randint(1, 9)} {rng.randint(100, 999)},{rng.randint(0, 9)}",
        "units": lambda: f"{rng.randint(1, 999)} MDH",
        "booleans": lambda: rng.choice(["oui", "non", "Oui", " non "]),
        "dates": lambda: f"20{rng.randint(10, 29)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "codes": lambda: f"0{rng.randint(0, 99999)}",
        "blanks": lambda: rng.choice([None, "", " ", "n/a", "\x1c"]),
    }[kind]
    return [make() for _ in range(n)]


def _types(name: str, column: pd.Series) -> tuple[object, ...]:
    """The column's ``.csvt`` type, its kind in a part, and its kind in a whole table."""
    frame = column.to_frame(name)
    return _gis._csvt_type(name, column), _gis.part_kinds(frame), _gis.column_kinds(frame)


_KINDS = ["names", "integers", "reals", "french", "units", "booleans", "dates", "codes", "blanks"]


@pytest.mark.parametrize("seed", range(3))
def test_the_first_rows_decide_as_all_of_them_would(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(_gis, "_PROBE", 40)
    monkeypatch.setattr(_gis, "_ARROW_FROM", 500)
    decided_early = 0
    for _ in range(30):
        head, tail = rng.choice(_KINDS), rng.choice(_KINDS)
        rows = rng.randint(1200, 2500)
        cut = rng.randint(0, rows)
        cells = _cells(rng, head, cut) + _cells(rng, tail, rows - cut)
        if rng.random() < 0.3:  # a few cells of another kind anywhere
            for at in rng.sample(range(rows), 3):
                cells[at] = _cells(rng, rng.choice(_KINDS), 1)[0]
        name = rng.choice(["x", "Effectif", "code postal", "Export"])
        column = pd.Series(cells, dtype=rng.choice(["str", "object"]))
        monkeypatch.setattr(_gis, "_HEAD_ROWS", 10**9)
        full = _types(name, column)
        monkeypatch.setattr(_gis, "_HEAD_ROWS", 1000)
        decided_early += _gis._head_is_text(name, column)
        assert _types(name, column) == full, (head, tail, cut, name)
    assert decided_early > 0  # the shortcut was taken, and gave the same types


def test_a_column_of_names_with_numbers_after_its_first_rows_is_text() -> None:
    names = [f"Firme {i}" for i in range(_gis._HEAD_ROWS)]
    column = pd.Series(names + ["12"] * 5000, dtype="str")
    assert _gis._head_is_text("x", column)
    assert _gis._csvt_type("x", column) == "String"
    numbers = pd.Series(["12"] * _gis._HEAD_ROWS + names, dtype="str")
    assert not _gis._head_is_text("x", numbers)
    assert _gis._csvt_type("x", numbers) == "String"  # read to the end: names there make it text too
