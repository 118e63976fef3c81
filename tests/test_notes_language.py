"""The geocoder's notes read into parts, losslessly, and written in French in the French workbook.

Registers we generate (a firm register written as a French export, a register with typos
and non-places, and a table of the rare cases: conflicts with the record's region, aliases of
every kind, coordinates at sea, swapped or abroad, text lost to an encoding, addresses with
"; ") are geocoded; every note must read into parts of the catalogue, the parts must give
the note back byte for byte, and the French notes must hold none of the English parts' words.
"""

from __future__ import annotations

import re
import sys
import warnings
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from clusteratlas import geocode, read_records
from clusteratlas._notes import note_parts, notes_in, translate_note
from clusteratlas._xlsx import COLUMN_TITLES
from clusteratlas.export import write_records
from clusteratlas.presentation import texts

from .conftest import ROOT
from .registerdata import make_register as make_firms
from .registerdata import write_csv

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_register import make_register

#: Words of the English notes that are no French word: none may be left in a French note.
ENGLISH = (
    r"\b(not|in the gazetteer|closest|several|places?|called|took|populous|outside|matched|through|alternate|"
    r"given|recogni[sz]ed|city|found|nearest|boundaries|kept|column|says|town cell|names|which|could|decide|"
    r"quarter in|site in|also|both|only|ambiguous|typo|record's|another|coordinates at sea|swapped|"
    r"Read the other way|the|and|or|of|by|its|give|address)\b"
)
#: English exonyms of Moroccan towns: the French notes name them as French does.
EXONYMS = r"\b(Tangier|Fes|Fez|Marrakesh|Meknes|Kenitra|Tetouan)\b"


def _rare(folder: Path) -> pd.DataFrame:
    """Records that give the rare notes: conflicts, aliases of each kind, coordinates at sea or swapped, lost text."""
    aliases = folder / "alias.csv"
    aliases.write_text(
        "nom;lieu;province;region;lat;lon;source\nZone Atlas;;;Souss-Massa;;;mon fichier\n"
        "Chez Ali;;;;33.5;-7.6;\nZI Nord;Tanger;;;;;\nMa Prov;;Settat;;;;\n",
        encoding="utf-8",
    )
    rows = [
        {"city": "Casablanca", "region": "Souss-Massa"},
        {"city": "Dakhla", "province": "Agadir-Ida-Ou-Tanane"},
        {"city": "????"},
        {"city": "Rabat", "lat": -6.85, "lon": 34.0},
        {"city": "Rabat", "lat": 34.03, "lon": -6.87},
        {"city": "", "lat": 40.4, "lon": -3.7},
        {"city": "Nulle Part", "region": "Oriental"},
        {"city": "", "region": "Nowhere land"},
        {"city": "", "province": "Nowhere"},
        {"city": "Tanger Casablanca"},
        {"city": "Zone Atlas"},
        {"city": "Chez Ali"},
        {"city": "ZI Nord"},
        {"city": "Ma Prov"},
        {"city": "Casablnca", "region": "Oriental"},
        {"city": "", "address": "Lot 3; bloc C, Nowhere"},
        {"city": "Sidi Ghanem"},
        {"city": "El Ayoun"},
        {"city": "Agdal", "region": "Fès-Meknès"},
        {"city": "Meknes", "address": "Angle rue 7, Fes"},
        {"city": ""},
    ]
    table = pd.DataFrame(rows).assign(name=[f"Cas {i}" for i in range(len(rows))])
    return geocode(table, aliases=aliases)


@cache
def _geocoded(folder: Path) -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cells, _ = make_firms(500, seed=11)
        firms = geocode(read_records(write_csv(cells, folder / "registre.csv", encoding="cp1252")))
        return {"firms": firms, "typos": geocode(make_register(2000, seed=12)), "rare": _rare(folder)}


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    return _geocoded(tmp_path_factory.mktemp("notes"))


def _distinct(table: pd.DataFrame) -> list[str]:
    return [str(n) for n in table["geocode_note"].dropna().unique() if n]


@pytest.mark.parametrize("source", ["firms", "typos", "rare"])
def test_every_note_reads_into_parts_that_give_it_back(tables: dict[str, pd.DataFrame], source: str) -> None:
    english = texts("notes", "en")
    notes = _distinct(tables[source])
    assert len(notes) >= 15
    for note in notes:
        parts = note_parts(note)
        assert all(key for key, _ in parts), (note, parts)
        assert "; ".join(english[key].format(**fields) for key, fields in parts) == note


def test_the_rare_notes_are_all_read(tables: dict[str, pd.DataFrame]) -> None:
    keys = {key for note in _distinct(tables["rare"]) for key, _ in note_parts(note)}
    wanted = {"region_says", "place_in", "took_in_province", "lost_text", "outside", "swapped", "at_sea"}
    wanted |= {"town_disagree", "alias_region", "alias_point", "alias_place", "alias_province", "address_quoted"}
    assert wanted <= keys, wanted - keys


@pytest.mark.parametrize("source", ["firms", "typos", "rare"])
def test_french_notes_have_no_english(tables: dict[str, pd.DataFrame], source: str) -> None:
    table = tables[source]
    french = notes_in(table["geocode_note"], "fr")
    assert french.index.equals(table.index)
    for english, said in zip(table["geocode_note"], french, strict=True):
        if not english:
            assert said == english
            continue
        # the user's own words (quoted, or the foreign place's name) are theirs: taken out first
        ours = re.sub(r"«\u00a0.*?\u00a0»|'[^']*'|^[^(]* \([A-Z]{2}\) est un lieu", " ", said)
        assert not re.search(ENGLISH, ours), (english, said)
        assert not re.search(EXONYMS, ours), (english, said)
        assert not re.search(r" [:;?!]", ours), (english, said)  # a no-break space before them


def test_french_notes_name_places_as_french_does() -> None:
    said = translate_note("the town cell names 'Tanja' and 'Fez'; placed at Tangier", "fr")
    assert said == "la cellule de ville nomme «\u00a0Tanja\u00a0» et «\u00a0Fez\u00a0»\u202f; placée à Tanger"
    said = translate_note("several places are called this: Dakhla (12, pop. 106,277); took the most populous", "fr")
    assert "Dakhla (12, 106\u202f277 hab.)" in said
    assert translate_note("not matched to Agadir through an alternate name", "fr").startswith("non rapprochée d’Agadir")
    assert translate_note("something we never wrote", "fr") == "something we never wrote"  # kept, not lost


def test_the_french_workbook_writes_notes_in_french(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    geo = tables["rare"]
    fr = write_records(geo, tmp_path / "fiches.xlsx", lang="fr")
    en = write_records(geo, tmp_path / "records.xlsx", lang="en")
    csv = write_records(geo, tmp_path / "records.csv")

    def column(path: Path, title: str) -> list[str]:
        book = load_workbook(path, read_only=True)
        try:
            rows = list(book.active.iter_rows(values_only=True))
        finally:
            book.close()
        return [str(r[rows[0].index(title)] or "") for r in rows[1:]]

    french = column(fr, COLUMN_TITLES["fr"]["geocode_note"])
    assert french == notes_in(geo["geocode_note"], "fr").fillna("").tolist()
    assert any("placée à Tanger" in n for n in french) or any("lieu Tanger" in n for n in french)
    assert column(en, COLUMN_TITLES["en"]["geocode_note"]) == geo["geocode_note"].fillna("").tolist()
    firms = tables["firms"]
    fr = write_records(firms, tmp_path / "registre.xlsx", lang="fr")
    en = write_records(firms, tmp_path / "register.xlsx", lang="en")
    matched = column(fr, COLUMN_TITLES["fr"]["geocode_match"])
    own = firms["city"].fillna("").astype(str).tolist()  # an alternate name matched is the user's spelling
    assert "Tanger" in matched
    assert not [(m, c) for m, c in zip(matched, own, strict=True) if re.search(EXONYMS, m) and m not in c]
    assert column(en, COLUMN_TITLES["en"]["geocode_match"]) == firms["geocode_match"].fillna("").tolist()
    back = pd.read_csv(csv, dtype=str, keep_default_na=False)["geocode_note"].tolist()
    assert back == geo["geocode_note"].fillna("").tolist()  # the CSV keeps the English notes
