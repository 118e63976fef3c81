"""Records whose town places them are grouped by town, their addresses left unread (``_towns.unread_addresses``).

A register with an address per firm has as many distinct (town, address) pairs as rows; the
geocoder used to place each pair. An address is read only for a record its town leaves
unplaced, so records with a town the gazetteer places as it is now share one location. These
tests hold the result to the pair-by-pair placement on generated registers: exact towns,
quarters and sites that are also towns' homonyms, typos, blanks, "N/A", foreign towns, towns
that name two places, aliases, region columns, and addresses that name places or nothing.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas.records import prepare_records

TOWNS = [
    "Casablanca",
    "Rabat",
    "Marrakech",
    "Tanger",
    "Fès",
    "Agadir",
    "Kénitra",
    "Oujda",
    "Salé",
    "Meknès",
    "Sidi Ghanem",
    "Ain Sebaa",
    "Maarif",
    "Hay Mohammadi",
    "Lissasfa",
    "Zenata",
    "Sidi Maarouf",
    "Casablnca",
    "Marakech",
    "Tangr",
    "Goulmim",
    "Kettama",
    "",
    "N/A",
    "-",
    "Paris",
    "Madrid",
    "Aïn Sebaâ - Casablanca",
    "Casablanca 20250",
    "Zone industrielle",
    "Tanger Med",
    "Jorf Lasfar",
    "الدار البيضاء",
    "طنجة",
    "Dakhla",
    "Ville de Rabat",
    "Commune de Azrou",
    "xqzt",
]
ADDRESSES = [
    "",
    "",
    "Zone industrielle Sidi Ghanem",
    "Quartier Maarif, Casablanca",
    "Lot 5 Ain Sebaa",
    "Rue Ibn Sina 12",
    "Route de Rabat km 7",
    "ZI Gzenaya, Tanger",
    "Avenue Hassan II",
    "Parc industriel Sapino",
    "12 rue des FAR, Fès",
    "Technopole d'Oujda",
    "Hay Riad, Rabat",
    "Lot 12",
    "Marrakech",
    "xx",
]
REGIONS = ["", "", "", "Casablanca-Settat", "Rabat-Salé-Kénitra", "Tanger-Tétouan-Al Hoceima", "Souss-Massa", "06"]


def _register(seed: int, n: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = range(n)
    return pd.DataFrame(
        {
            "name": [f"firm {i}" for i in range(n)],
            "city": [rng.choice(TOWNS) for _ in range(n)],
            "adresse": [rng.choice(ADDRESSES) + (f" {rng.randrange(99)}" if rng.random() < 0.5 else "") for _ in rows],
            "region": [rng.choice(REGIONS) for _ in range(n)],
        }
    )


def _geocoded(frame: pd.DataFrame, aliases: Path | None) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = geocode(prepare_records(frame.copy()), aliases=aliases)
    return out, [str(w.message) for w in caught]


@pytest.fixture
def aliases(tmp_path: Path) -> Path:
    path = tmp_path / "aliases.csv"
    path.write_text("name,place\nZone Gzenaya,Tanger\nMaarif,Casablanca\nxqzt,Oujda\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("seed", "with_aliases"), [(1, False), (2, True), (3, False), (4, True)])
def test_towns_that_place_records_leave_addresses_unread_and_nothing_changes(
    seed: int, with_aliases: bool, aliases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    geo = sys.modules["clusteratlas.geocode"]
    frame = _register(seed, 3000)
    used = aliases if with_aliases else None
    new, new_warned = _geocoded(frame, used)
    monkeypatch.setattr(geo, "unread_addresses", lambda f, column, names: f)  # every (town, address) pair
    old, old_warned = _geocoded(frame, used)
    pd.testing.assert_frame_equal(new, old)
    assert new_warned == old_warned
    assert (new["geocode_status"] == "address").sum() > 20  # addresses still place what towns leave
    assert new["geocode_note"].str.contains("address not recognised").sum() > 20


def test_a_register_of_unique_addresses_is_placed_town_by_town(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    geo = sys.modules["clusteratlas.geocode"]
    seen: list[int] = []
    real = geo._place

    def counted(frame, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(len(frame))
        return real(frame, *args, **kwargs)

    monkeypatch.setattr(geo, "_place", counted)
    frame = pd.DataFrame(
        {
            "name": [f"firm {i}" for i in range(2000)],
            "city": np.where(np.arange(2000) % 2 == 0, "Casablanca", "Rabat"),
            "adresse": [f"Lot {i}, rue {i * 7}" for i in range(2000)],
        }
    )
    out, _ = _geocoded(frame, None)
    assert seen == [2]  # two towns, two locations: 2,000 addresses never read
    assert set(out["region_code"]) == {"06", "04"}
