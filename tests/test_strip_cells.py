"""Cells stripped in Arrow as Python strips them: one helper for the .csvt's filled cells and the town column."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from clusteratlas._text import strip_cells
from clusteratlas._towns import SAYS_NONE, CityNames

_ALPHABET = ["a", "N", "/", "A", " ", "\t", "\n", "\x1c", "\x1d", "\x1e", "\x1f", "\u00a0", "\u2028", "\x85"]
_ALPHABET += ["\u3000", "\u200b", "é", "İ", "-", "?", "néant"]


@pytest.mark.parametrize("dtype", ["str", "string", "object"])
def test_strip_cells_strips_as_python_does(dtype: str) -> None:
    rng = random.Random(dtype)
    cells: list[str | None] = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 5))) for _ in range(3000)]
    cells[::17] = [None] * len(cells[::17])
    column = pd.Series(cells, dtype=dtype)
    got = strip_cells(column.astype("str") if dtype == "object" else column)
    expected = [None if c is None else c.strip() for c in cells]
    assert [None if pd.isna(g) else g for g in got] == expected
    assert any(c is not None and c.strip() != c.strip(" \t\n\u00a0\u2028\x85\u3000") for c in cells)  # odd cells drawn


def test_a_town_cell_is_blank_when_python_strips_it_to_nothing_or_to_a_word_for_none() -> None:
    values = ["\x1c\x1f", " \x1e ", "\x1cN/A\x1f", " néant ", "Rabat\x1c", "\x1dFes", "-", 12]
    names = CityNames(np.arange(len(values)), np.array(values, dtype=object), np.array(values, dtype=object))
    python = [not isinstance(v, str) or not v.strip() or v.strip().casefold() in SAYS_NONE for v in values]
    assert names.blank().tolist() == python
    assert python == [True, True, True, True, False, False, "-" in SAYS_NONE, True]
