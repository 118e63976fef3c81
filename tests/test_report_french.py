"""French outputs in French: the report's and the workbook's words, plural agreement and elision.

On registers we generate: the French report (its status words, its counts of spellings, its
"d'Effectif"), the French workbook (the headers of our columns, ``year`` included, and our
values: statuses and precisions) with the user's own values kept as written.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from clusteratlas import geocode
from clusteratlas._xlsx import COLUMN_TITLES, OUR_WORDS
from clusteratlas.export import write_records
from clusteratlas.presentation import fill, one, texts
from clusteratlas.reporting import build_report, render_markdown
from clusteratlas.reporting.sections import _unplaced_summary

from .randomdata import random_records

#: Our English status and precision words that are no French word ("exact" is both): none may be
#: left in a French output.
_FRENCH = set(" ".join(texts("status", "fr").values()).split())
ENGLISH_WORDS = [w for w in texts("status", "en").values() if not set(w.split()) <= _FRENCH]


def _register(seed: int, unplaced: int) -> pd.DataFrame:
    """Random records, a Casablanca-Settat of more than 200 placed by town, typo and address, and unplaced ones."""
    rng = np.random.default_rng(seed)
    base = random_records(seed, 120)[["name", "city", "sector", "region"]].assign(address="")
    n = 230
    kinds = rng.choice(["Casablanca", "Mohamedia", "", "Casablnca"], size=n, p=[0.3, 0.3, 0.3, 0.1])
    casa = pd.DataFrame(
        {
            "name": [f"Firme {i}" for i in range(n)],
            "city": kinds,
            "sector": rng.choice(["Textile", "Automobile"], size=n),
            "region": "",
            "address": np.where(kinds == "", "Zone industrielle Sidi Bernoussi", ""),
        }
    )
    lost = pd.DataFrame(
        {"name": [f"Perdue {i}" for i in range(unplaced)], "city": "Ksar Imaginaire", "sector": "Textile"}
    ).assign(region="", address="")
    table = pd.concat([base, casa, lost], ignore_index=True)
    table = table.iloc[rng.permutation(len(table))].reset_index(drop=True)
    table["Effectif"] = rng.integers(1, 5000, size=len(table))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(table)


def _sheet(path: Path) -> list[tuple[object, ...]]:
    """Every row of a workbook's sheet, the file closed after."""
    book = load_workbook(path, read_only=True)
    try:
        return list(book.active.iter_rows(values_only=True))
    finally:
        book.close()


def _english(text: str) -> list[str]:
    """Our English status words standing alone in ``text`` (user values are not ours: none is such a word here)."""
    return [m.group(0) for w in ENGLISH_WORDS for m in re.finditer(rf"(?<![\w'-]){re.escape(w)}(?![\w'-])", text)]


@pytest.mark.parametrize("seed", [5, 41])
def test_the_french_report_agrees_and_elides(seed: int) -> None:
    geo = _register(seed, unplaced=int(np.random.default_rng(seed).integers(21, 40)))
    built = build_report(geo, figure=False, lang="fr", weight="Effectif", cross_by="sector")
    text = render_markdown(built)
    assert not _english(text), _english(text)[:5]
    assert not re.search(r"(?<![\d\u202f,])[01] (?:graphies|fiches|lieux)\b", text)
    assert "Les 0 autres" not in text and "les 1 plus" not in text
    assert "sous 1 graphie de lieu\u202f; la voici, avec ses fiches." in text
    assert "Parts d’Effectif par région" in text and "de Effectif" not in text
    assert "adresse" in text  # the records placed by their address, in French


def test_the_unplaced_summary_agrees_in_number() -> None:
    t = texts("report", "fr")
    assert "sous 1 graphie de lieu\u202f; la voici" in _unplaced_summary(t, "fr", 27, 1, 0, 0)
    one_left = _unplaced_summary(t, "fr", 40, 15, 1, 1)
    assert "L’autre fiche (1 graphie) est dans" in one_left and "sous 16 graphies" in one_left
    assert "Les 5 autres fiches (1 graphie) sont" in _unplaced_summary(t, "fr", 40, 15, 5, 1)
    assert "Les 10 autres fiches (3 graphies) sont" in _unplaced_summary(t, "fr", 40, 15, 10, 3)
    assert "les 3 suivent" in _unplaced_summary(t, "fr", 40, 3, 0, 0)
    en = _unplaced_summary(texts("report", "en"), "en", 52, 15, 20, 6)
    assert en == (
        "52 records are not placed, under 21 spellings of place; the 15 most frequent follow, with their records. "
        "The other 20 records (6 spellings) are in your table and its geocoded CSV (rows with no region); "
        "the table below counts every record by status."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Effectif", "Part d’Effectif"),
        ("Hectares", "Part d’Hectares"),
        ("Émissions", "Part d’Émissions"),
        ("Surface", "Part de Surface"),
        ("", "Part de "),
    ],
)
def test_de_is_elided_before_a_vowel_or_h(value: str, expected: str) -> None:
    assert fill("Part de {weight}", "fr", weight=value) == expected
    assert fill("Part de {weight}", "en", weight=value) == f"Part de {value}"  # only French elides
    assert fill("Démonstration de {x}", "fr", x="Oujda") == "Démonstration d’Oujda"
    assert one(0, "fr") and one(1, "fr") and not one(2, "fr") and not one(0, "en")


def test_the_french_workbook_writes_our_headers_and_values_in_french(tmp_path: Path) -> None:
    geo = _register(9, unplaced=5)
    geo["name"] = [f"Entreprise {i}" for i in range(len(geo))]  # no 100,000-character name: cut in a workbook
    out = write_records(geo, tmp_path / "fiches.xlsx", lang="fr")
    rows = _sheet(out)
    header, body = list(rows[0]), pd.DataFrame(rows[1:], columns=rows[0])
    ours = [c for c in geo.columns if c in COLUMN_TITLES["fr"]]
    for column in ours:
        assert COLUMN_TITLES["fr"][column] in header, column
        assert column not in header or column == COLUMN_TITLES["fr"][column]
    words = texts("status", "fr")
    for column in OUR_WORDS:
        values = set(body[COLUMN_TITLES["fr"][column]].dropna())
        assert values and values <= set(words.values()), values - set(words.values())
        assert not _english(" ".join(values))
    assert "adresse" in set(body[COLUMN_TITLES["fr"]["geocode_status"]])
    for column in ("name", "city", "sector", "address"):  # the user's values as written
        assert body[column].fillna("").tolist() == geo[column].fillna("").astype(str).tolist()
    english = write_records(geo, tmp_path / "records.xlsx", lang="en")
    rows = _sheet(english)
    assert {"address", "city"} <= {v for row in rows[1:] for v in row}  # English stays as it was


def test_the_added_year_header_is_translated(tmp_path: Path) -> None:
    table = pd.DataFrame({"nom": ["A", "B"], "ville": ["Rabat", "Fès"], "date de création": ["03/07/2012", "2015"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(table)
    assert "year" in geo.columns
    out = write_records(geo, tmp_path / "fiches.xlsx", lang="fr")
    header = _sheet(out)[0]
    assert "Année" in header and "year" not in header


def test_counts_agree_with_their_nouns() -> None:
    one_record = pd.DataFrame({"name": ["Usine"], "city": ["Rabat"]})
    two = pd.DataFrame({"name": ["Usine", "Perdue"], "city": ["Rabat", "Ksar Imaginaire"]})
    rng = np.random.default_rng(3)
    many = pd.DataFrame({"name": [f"Firme {i}" for i in range(230)], "city": "Oujda"})
    many["sector"] = rng.choice(["Textile", "Chimie"], size=len(many))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = [geocode(t) for t in (one_record, two, many)]
    first = [next(s for s in build_report(g, figure=False, lang="fr").sections if s.key == "summary") for g in tables]
    assert first[0].paragraphs[0] == "1 fiche, 1 placée, 0 non placée."
    assert first[1].paragraphs[0] == "2 fiches, 1 placée, 1 non placée."
    english = next(s for s in build_report(tables[0], figure=False).sections if s.key == "summary")
    assert english.paragraphs[0] == "1 record, 1 placed, 0 not placed."
    places = next(t for t in build_report(tables[2], figure=False, lang="fr").tables() if t.name.endswith("_places"))
    assert "230 fiches en 1 lieu, nommé par sa graphie" in places.caption and "les 1 " not in places.caption
