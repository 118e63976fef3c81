"""A town cell that names a kind of place ("Zone industrielle", "Z.I.", "Quartier") says so.

Registers write the industrial zone where the town should be. Such a cell was "not in the
gazetteer; closest: Venet-Ville [Souq at Tlata des Loulad], …": suggestions that are noise. Its
note now says it names a kind of place, not which one, and to give the town. Generated cells:
random combinations of the words, in any case, with accents, dots and hyphens.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas._notes import notes_in
from clusteratlas.gazetteer import KIND_OF_PLACE_NOTE, load_gazetteer

KINDS = ["Zone", "Zone industrielle", "Z.I.", "ZI", "Quartier", "Parc", "Parc industriel", "Technopark", "Douar", "Hay"]
TAILS = ["", " industrielle", " d'activités", " Industrial Area", " franche", " logistique", " (sans adresse)"]


def _cells(seed: int, n: int) -> list[str]:
    rng = np.random.default_rng(seed)
    cells = [str(rng.choice(KINDS)) + str(rng.choice(TAILS)) for _ in range(n)]
    return [c.upper() if i % 3 == 0 else c.replace(" ", "-") if i % 3 == 1 else c for i, c in enumerate(cells)]


def _geocoded(cities: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({"name": [f"Firm {i}" for i in range(len(cities))], "city": cities})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_kind_of_place_is_said_not_suggested(seed: int) -> None:
    cells = _cells(seed, 15)
    geo = _geocoded(cells)
    assert geo["region_code"].isna().all()
    notes = geo["geocode_note"].astype(str)
    assert notes.str.contains(KIND_OF_PLACE_NOTE, regex=False).all(), notes[~notes.str.contains(KIND_OF_PLACE_NOTE)]
    assert not notes.str.contains("closest").any()
    french = notes_in(geo["geocode_note"], "fr")
    assert french.str.contains("désigne un type de lieu").all(), french.tolist()


def test_other_unknown_names_keep_their_suggestions_and_real_places_are_placed() -> None:
    rng = np.random.default_rng(4)
    places = load_gazetteer().places
    towns = places.loc[places["population"].fillna(0) > 50_000, "name"].drop_duplicates()
    real = [str(t) for t in rng.choice(towns.to_numpy(dtype=object), 20, replace=False)]
    cells = [*real, "Zardrisa", "Qsar Inconnu Zzq", "Zone Industrielle Sidi Bernoussi", "ZI de Tanger"]
    geo = _geocoded(cells)
    assert geo["region_code"].iloc[: len(real)].notna().all()  # places keep being placed
    assert geo["region_code"].iloc[-2:].notna().all()  # a zone with its town: the town
    assert geo["geocode_note"].iloc[len(real)].startswith("not in the gazetteer; closest: ")
    assert KIND_OF_PLACE_NOTE not in " ".join(geo["geocode_note"].astype(str))
