"""The ``lq`` figure's words: categories as written, regions without records named, French elision."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas.mapspec import MapSpec, describe, map_spec
from clusteratlas.static import draw, write_figure
from clusteratlas.static.lq import lq_spec

#: Towns of six of the twelve regions: the other six have no record.
TOWNS = ["Casablanca", "Rabat", "Tanger", "Fès", "Marrakech", "Agadir", "Settat", "Kénitra", "Meknès", "Tétouan"]
SECTORS = ["Textile et cuir", "IT", "Industrie automobile", "Agroalimentaire"]
#: How the alt text names the quotient: the category as written, "d'" before a vowel in French.
EXPECTED = {
    ("en", "Textile et cuir"): "location quotient of Textile et cuir (",
    ("en", "IT"): "location quotient of IT (",
    ("fr", "Textile et cuir"): "quotient de localisation «\u00a0Textile et cuir\u00a0» (",
    ("fr", "IT"): "quotient de localisation «\u00a0IT\u00a0» (",
}


def user_spec(lang: str, category: str, *, weight: str | None = None, seed: int = 7) -> MapSpec:
    """A user's table with lower-case column names, geocoded; its spec for ``category``'s quotient."""
    rng = np.random.default_rng(seed)
    n = 160
    frame = pd.DataFrame(
        {
            "raison sociale": [f"Société {i}" for i in range(n)],
            "ville": rng.choice(TOWNS, n),
            "secteur": rng.choice(SECTORS, n),
            "Effectif": rng.integers(5, 500, n),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    return map_spec(geo, data_label="entreprises.csv", lang=lang, color_by="secteur", category=category, weight=weight)


def _legend_title(drawing) -> str:
    from matplotlib.legend import Legend

    titles = [leg.get_title().get_text() for leg in drawing.figure.findobj(Legend)]
    return next(t for t in titles if "quotient" in t.lower())


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("category", ["Textile et cuir", "IT"])
def test_alt_text_keeps_the_category_as_written_and_names_regions_without_records(lang: str, category: str) -> None:
    spec = user_spec(lang, category)
    shown = lq_spec(spec)
    alt = describe(shown, "choropleth")
    assert EXPECTED[lang, category] in alt, alt
    assert "textile et cuir" not in alt and "quotient of it " not in alt and "d'it " not in alt
    empty = shown.regions.loc[shown.regions["value"].isna(), "region"].tolist()
    assert len(empty) >= 3  # the table leaves regions without records
    none = "no records" if lang == "en" else "aucune fiche"
    for region in empty:
        assert f"{region} ({none})" in alt, (region, alt)
    assert " ;" not in alt.replace("\u00a0;", "") and "  " not in alt  # no blank value left behind
    drawn = draw(spec, "lq")
    labels = {t.get_text() for t in drawn.figure.findobj(lambda a: hasattr(a, "get_text"))}
    assert any(t.startswith(spec.texts["lq_none"]) for t in labels)  # the legend's class says the same


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("IT", "Quotient de localisation «\u00a0IT\u00a0»"),
        ("Industrie automobile", "Quotient de localisation «\u00a0Industrie automobile\u00a0»"),
    ],
)
def test_french_title_names_the_category_without_elision(category: str, expected: str) -> None:
    # Session 11: the category is quoted, not joined by "de"/"d'" (which gave "d'Energy & environment",
    # and no article before a sector: "de l'énergie"); the note keeps its elision ("Sa part d'Effectif").
    spec = user_spec("fr", category, weight="Effectif")
    drawing = draw(spec, "lq")
    title = _legend_title(drawing)
    assert title.startswith(expected) and " de IT" not in title and "de Industrie" not in title, title
    texts = [t.get_text() for t in drawing.figure.findobj(lambda a: hasattr(a, "get_text") and callable(a.get_text))]
    assert any("Sa part d’Effectif" in t for t in texts)  # the note too
    assert expected.lower() in describe(lq_spec(spec), "choropleth").lower()


def test_french_title_quotes_a_category_starting_with_a_consonant() -> None:
    drawing = draw(user_spec("fr", "Textile et cuir"), "lq")
    assert _legend_title(drawing).startswith("Quotient de localisation «\u00a0Textile et cuir\u00a0»")


def test_the_lq_file_alt_text_gives_each_regions_quotient(tmp_path) -> None:
    spec = user_spec("en", "IT")
    path = write_figure(spec, "lq", tmp_path / "lq.png")
    alt = (tmp_path / "lq.alt.txt").read_text(encoding="utf-8")
    assert path.exists() and "location quotient of IT" in alt
    shown = lq_spec(spec).regions
    top = shown.sort_values("value", ascending=False).iloc[0]
    assert f"{top['region']} {top['value']:.2f}" in alt
