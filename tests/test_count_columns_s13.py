"""Counting geocodes records into fewer columns (``geocode_to_count``), with the same counts and warnings.

``shares`` by region, province or zone reads codes, not names or notes: the geocoder gives
every record only the columns a count reads, and the notes and matches of the records a
warning may list. These tests hold it to :func:`geocode`'s full table on generated registers
with every kind of record a warning lists (unplaced, postal codes, foreign towns, conflicts
with a region column, aliases, coordinates), and to ``shares``' tables and warnings.
"""

from __future__ import annotations

import random
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, shares
from clusteratlas.aliases import apply_aliases, combine, load_aliases, shipped_sites
from clusteratlas.geocode import COUNTED, LISTED_ONLY, geocode_to_count
from clusteratlas.options import GeocodeOptions
from clusteratlas.records import prepare_records
from clusteratlas.schema import GEOCODE_COLUMNS

TOWNS = [
    "Casablanca",
    "Rabat",
    "Tanger",
    "Fès",
    "Sidi Ghanem",
    "Maarif",
    "Casablnca",
    "Marakech",
    "Kettama",
    "",
    "N/A",
    "Paris",
    "Casablanca 20250",
    "20250",
    "Tanger Med",
    "Jorf Lasfar",
    "طنجة",
    "Ville de Rabat",
    "xqzt",
    "Zone Gzenaya",
]
REGIONS = ["", "", "", "Casablanca-Settat", "Rabat-Salé-Kénitra", "Souss-Massa", "06", "Oriental"]


def _register(seed: int, n: int, *, points: bool = False) -> pd.DataFrame:
    rng = random.Random(seed)
    frame = pd.DataFrame(
        {
            "name": [f"firm {i}" for i in range(n)],
            "city": [rng.choice(TOWNS) for _ in range(n)],
            "region": [rng.choice(REGIONS) for _ in range(n)],
            "code postal": [rng.choice(["", "20250", "90000"]) for _ in range(n)],
            "Effectif": [str(rng.randrange(1, 3000)) for _ in range(n)],
        }
    )
    if points:  # a third of the records with coordinates (some at sea or abroad)
        given = [rng.random() < 0.3 for _ in range(n)]
        frame["lat"] = [rng.uniform(27.0, 36.0) if g else np.nan for g in given]
        frame["lon"] = [rng.uniform(-13.0, -1.0) if g else np.nan for g in given]
    return frame


@pytest.fixture
def aliases(tmp_path: Path) -> Path:
    path = tmp_path / "aliases.csv"
    path.write_text("name,place\nZone Gzenaya,Tanger\nMaarif,Casablanca\nxqzt,Oujda\n", encoding="utf-8")
    return path


def _caught(call: object) -> tuple[object, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()  # type: ignore[operator]
    return result, [f"{w.category.__name__}: {w.message}" for w in caught]


@pytest.mark.parametrize(("seed", "with_aliases", "points"), [(1, False, False), (2, True, False), (3, True, True)])
def test_count_columns_equal_geocodes_and_warnings_too(
    seed: int, with_aliases: bool, points: bool, aliases: Path
) -> None:
    frame = prepare_records(_register(seed, 3000, points=points))
    used = aliases if with_aliases else None
    full, said = _caught(lambda: geocode(frame.copy(), aliases=used))
    lean, said_lean = _caught(lambda: geocode_to_count(frame.copy(), aliases=used))
    assert said_lean == said
    assert isinstance(full, pd.DataFrame) and isinstance(lean, pd.DataFrame)
    pd.testing.assert_frame_equal(lean[COUNTED], full[COUNTED])
    own = [c for c in full.columns if c not in GEOCODE_COLUMNS]
    pd.testing.assert_frame_equal(lean[own], full[own])  # the file's own columns (a given region) kept alike
    listed = ~full["region_code"].notna().to_numpy() | (full["geocode_status"] == "conflict").to_numpy()
    table = combine(load_aliases(used) if used else None, shipped_sites())
    listed |= apply_aliases(frame, table)[1] >= 0  # placed through an alias: the warning's rows too
    pd.testing.assert_frame_equal(lean.loc[listed, LISTED_ONLY], full.loc[listed, LISTED_ONLY])
    assert listed.sum() > 100 and (~listed).sum() > 100  # both kinds of records were there
    if not points:  # places from names: the other columns are left out
        assert "geocode_precision" not in lean and "region" not in lean


@pytest.mark.parametrize("by", ["region", "province", "zone"])
@pytest.mark.parametrize("weight", [None, "Effectif"])
def test_shares_tables_and_warnings_are_those_of_the_full_geocode(
    by: str, weight: str | None, aliases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _register(7, 2000)
    how = GeocodeOptions(aliases=aliases)
    lean, said_lean = _caught(lambda: shares(frame.copy(), by=by, geocode=how, weight=weight))
    monkeypatch.setattr(sys.modules["clusteratlas.options"], "geocode_to_count", geocode)
    full, said = _caught(lambda: shares(frame.copy(), by=by, geocode=how, weight=weight))
    assert said_lean == said
    assert repr(lean) == repr(full)
    pd.testing.assert_frame_equal(lean.table, full.table)  # type: ignore[attr-defined]


def test_strict_refuses_the_same_records() -> None:
    frame = _register(9, 500)
    errors = []
    for place in (geocode, geocode_to_count):
        with pytest.raises(Exception) as err, warnings.catch_warnings():  # the same error, whatever its class
            warnings.simplefilter("ignore")
            place(frame.copy(), strict=True)
        errors.append((type(err.value).__name__, str(err.value)))
    assert errors[0] == errors[1]
    assert "could not be placed" in errors[0][1]


def test_shares_by_a_geocode_column_under_strict_keeps_every_column() -> None:
    frame = _register(11, 300)
    frame = frame[~frame["city"].isin(["", "N/A", "Paris", "xqzt", "20250", "Casablanca 20250"])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = shares(frame, by="geocode_precision", geocode=GeocodeOptions(strict=True)).table
    assert set(table["group"]) <= {"point", "site", "quarter", "city", "province", "region", "Unknown"}
    assert table["count"].sum() == len(frame)
