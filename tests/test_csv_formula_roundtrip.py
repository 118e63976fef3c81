"""Our CSV neutralises formulas with "'"; reading our own CSV back gives the cells as the user wrote them."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import read_records
from clusteratlas._csvout import safe_cell, unescape_cells
from clusteratlas._readback import as_geocoded

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+212 Industries",
    "-2+3 SARL",
    "@SUM(1+1)",
    " =1+1",
    "\t=1",
    "-7.61",
    "'quoted",
]


def test_unescaping_undoes_safe_cell_on_random_text() -> None:
    rng = np.random.default_rng(5)
    alphabet = list("=+-@' \tab1.,")
    cells = ["".join(rng.choice(alphabet, int(rng.integers(0, 6)))) for _ in range(3000)]
    cells = [c for c in cells if not c.startswith("'")]  # a user's own leading "'" before a sign is the one ambiguity
    written = pd.Series([safe_cell(c) for c in cells], dtype=object)
    assert unescape_cells(written).tolist() == cells


def test_a_geocoded_csv_read_back_keeps_the_user_s_cells(tmp_path: Path, run: Callable[..., object]) -> None:
    src = tmp_path / "hostile.csv"
    pd.DataFrame(
        {"name": HOSTILE, "city": ["Tanger", "Fès", "Rabat", "Agadir", "Oujda", "Safi", "Tétouan", "Nador"]}
    ).to_csv(src, index=False)
    first, second = tmp_path / "g1.csv", tmp_path / "g2.csv"
    assert run("geocode", src, "-o", first, "-q").code == 0  # type: ignore[attr-defined]
    assert run("geocode", first, "-o", second, "-q").code == 0  # type: ignore[attr-defined]
    assert first.read_bytes() == second.read_bytes()  # no apostrophe added at each pass
    assert "'=HYPERLINK" in first.read_text(encoding="utf-8")  # still never a formula in the file
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        back = as_geocoded(read_records(first))
        assert back is not None
        assert back["name"].tolist() == read_records(src)["name"].tolist()  # as the input reads, "'" taken off


@pytest.mark.parametrize("cell", ["'Tanger", "'", "''=1", "abc", ""])
def test_cells_our_writer_did_not_prefix_are_left_alone(cell: str) -> None:
    assert unescape_cells(pd.Series([cell], dtype=object)).tolist() == [cell]
