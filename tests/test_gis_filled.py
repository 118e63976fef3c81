"""Arrow's way to a string column's filled cells (large columns) gives what Python's gives, and the same types."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from clusteratlas import _gis

_ALPHABET = ["a", "b", " ", "\x1c", "\x1f", "\t", "\u00a0", "\u2028", "\x85", "N", "/", "A", "-", "é", "ß", "?"]
_ALPHABET += ["İ", "\u3000", "\u200b", "1", "0", ".", "2", "true", "oui", "2015-03-12", " 12 "]


@pytest.mark.parametrize("seed", range(4))
def test_arrow_and_python_find_the_same_filled_cells(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        cells: list[str | None] = [
            "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 30))
        ]
        if rng.random() < 0.3:
            cells = [c if rng.random() < 0.8 else None for c in cells]
        column = pd.Series(cells * 50, dtype="str")
        monkeypatch.setattr(_gis, "_ARROW_FROM", 10**9)
        python = (_gis._filled(column).tolist(), _gis._csvt_type("x", column), _gis.part_kinds(column.to_frame("x")))
        monkeypatch.setattr(_gis, "_ARROW_FROM", 0)
        arrow = (_gis._filled(column).tolist(), _gis._csvt_type("x", column), _gis.part_kinds(column.to_frame("x")))
        assert arrow == python, cells
