"""A choropleth of a column's sums says the unit its numbers share ("Sum of Investissement (MDH)").

A register writes "12,5 MDH": the unit was read (and said in tables and notes), but a figure or
map shading regions by the column's sums titled its key "Sum of Investissement", with no unit.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, map_spec
from clusteratlas.interactive import interactive_map, write_map
from clusteratlas.mapspec import describe

TOWNS = ["Tanger", "Fès", "Casablanca", "Agadir", "Oujda", "Marrakech", "Kénitra", "Safi", "Nador", "Errachidia"]


def _register(seed: int, n: int, unit: str | None) -> pd.DataFrame:
    """``n`` firms in random towns, their investment written as a register writes it (``1 200,5 MDH``)."""
    rng = np.random.default_rng(seed)
    amounts = rng.integers(1, 3000, n) + rng.integers(0, 10, n) / 10
    written = [f"{a:,.1f}".replace(",", " ").replace(".", ",") + (f" {unit}" if unit else "") for a in amounts]
    names = [f"Société {i}" for i in range(n)]
    frame = pd.DataFrame({"Nom": names, "Ville": rng.choice(TOWNS, n), "Investissement": written})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


@pytest.mark.parametrize(("unit", "lang"), [("MDH", "en"), ("MAD", "fr"), ("%", "en")])
def test_the_key_alt_text_and_map_say_the_unit(unit: str, lang: str, tmp_path: Path) -> None:
    geo = _register(len(unit), 40, unit)
    spec = map_spec(geo, value="Investissement", lang=lang)
    assert spec.value_unit == unit
    title = spec.legend_title()
    assert title == ("Somme d’" if lang == "fr" else "Sum of ") + f"Investissement ({unit})", title
    assert f"Investissement ({unit})" in describe(spec, "choropleth")  # the alt text
    page = write_map(interactive_map(spec), tmp_path / "m.html").read_text(encoding="utf-8")
    assert f"Investissement ({unit})" in page


def test_a_column_without_a_unit_keeps_its_title() -> None:
    spec = map_spec(_register(1, 30, None), value="Investissement")
    assert spec.value_unit is None and spec.legend_title() == "Sum of Investissement"
