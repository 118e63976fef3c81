"""Records without a weight that ``missing_weight="skip"`` leaves out are said where the sums are shown.

A choropleth of a weight (Effectif) summed per region, with blank cells skipped, must say
how many records its sums leave out: in the figure's caption, its alt text and the HTML
map's header. Figures that show no sums (points) say nothing of it, nor do the other rules.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clusteratlas
from clusteratlas import geocode, map_spec
from clusteratlas.mapspec import describe

TOWNS = ["Casablanca", "Rabat", "Fès", "Tanger", "Agadir", "Oujda", "Marrakech", "Laâyoune"]


def _register(n: int, blanks: int, seed: int) -> pd.DataFrame:
    """``n`` firms in real towns, ``blanks`` of them with an empty Effectif (spread at random)."""
    rng = np.random.default_rng(seed)
    staff = rng.integers(1, 5000, n).astype(str).astype(object)
    staff[rng.choice(n, blanks, replace=False)] = ""
    return pd.DataFrame({"Nom": [f"firme {i}" for i in range(n)], "Ville": rng.choice(TOWNS, n), "Effectif": staff})


def _spec(frame: pd.DataFrame, missing: str, lang: str = "en") -> clusteratlas.MapSpec:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return map_spec(geocode(frame), weight="Effectif", missing_weight=missing, unit="records", lang=lang)


@pytest.mark.parametrize(("n", "blanks", "seed"), [(5, 1, 1), (40, 7, 2), (300, 123, 3)])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_alt_text_says_how_many_records_the_sums_leave_out(n: int, blanks: int, seed: int, lang: str) -> None:
    spec = _spec(_register(n, blanks, seed), "skip", lang)
    assert spec.weight_skipped == blanks
    said = rf"\b{blanks}\s(records?|fiches?) (without|sans) Effectif"
    for kind in ("choropleth", "combined"):
        assert re.search(said, describe(spec, kind)), (kind, describe(spec, kind))
    assert not re.search(said, describe(spec, "points"))  # no sums on a points map


@pytest.mark.parametrize("missing", ["zero", "skip"])
def test_only_skip_leaves_records_out_and_says_so(missing: str) -> None:
    spec = _spec(_register(30, 4, 5), missing)
    assert spec.weight_skipped == (4 if missing == "skip" else 0)
    alt = describe(spec, "choropleth")
    assert ("without Effectif left out of the sums" in alt) == (missing == "skip")
    assert ("without Effectif counted as 0" in alt) == (missing == "zero")  # said too (session 9)


def test_a_figure_caption_and_the_html_map_say_it(tmp_path: Path) -> None:
    frame = _register(60, 9, 7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clusteratlas.figure(
            frame, "choropleth", output=tmp_path / "f.svg", weight="Effectif", missing_weight="skip", unit="records"
        )
        clusteratlas.figure(frame, "points", output=tmp_path / "p.svg", weight="Effectif", missing_weight="skip")
        clusteratlas.web_map(frame, output=tmp_path / "m.html", weight="Effectif", missing_weight="skip", lang="fr")
    svg = (tmp_path / "f.svg").read_text(encoding="utf-8")
    assert "9 records without Effectif left out of the sums" in svg
    assert "without Effectif" not in (tmp_path / "p.svg").read_text(encoding="utf-8")
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "9\u00a0fiches sans Effectif ne sont pas comptées dans les sommes" in page
