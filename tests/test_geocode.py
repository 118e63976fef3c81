from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import UnresolvedError, UnresolvedWarning, geocode
from clusteratlas import gazetteer as gz
from clusteratlas.errors import RegionConflictWarning
from clusteratlas.geocode import GEOCODE_COLUMNS, PRECISIONS, STATUSES, unplaced


def test_rows_kept_in_order_with_geocode_columns(geocoded: pd.DataFrame) -> None:
    assert len(geocoded) == 17
    assert list(geocoded["name"])[:3] == ["CE3M", "MDFC", "AHP"]
    for col in GEOCODE_COLUMNS:
        assert col in geocoded
    assert set(geocoded["geocode_status"]) <= set(STATUSES)
    assert set(geocoded["geocode_precision"]) <= set(PRECISIONS)


def test_sourced_locations_place_sixteen_and_leave_digipole_unplaced(geocoded: pd.DataFrame) -> None:
    placed = geocoded[geocoded["region_code"].notna()]
    assert len(placed) == 16
    digipole = geocoded[geocoded["name"] == "Digipole"].iloc[0]
    assert digipole["geocode_status"] == "unresolved"
    assert pd.isna(digipole["region_code"]) and np.isnan(digipole["lat"])
    expected = {
        "CE3M": "06",
        "Green H2 Maroc": "04",
        "Valbiom": "02",
        "Agrinova": "03",
        "Maintenance 4.0": "07",
        "AHP": "09",
        "Logipole": "09",
        "Menara Cluster": "07",
    }
    got = dict(zip(geocoded["name"], geocoded["region_code"], strict=True))
    for name, region in expected.items():
        assert got[name] == region


def test_given_coordinates_are_kept_and_placed_by_point_in_polygon() -> None:
    frame = pd.DataFrame(
        {
            "name": ["in Casablanca", "in Paris", "at sea near Agadir"],
            "lat": [33.58, 48.8566, 30.42],  # the third, 0.8 km off Agadir's beach (snap limit: 1 km)
            "lon": [-7.60, 2.3522, -9.64],
            "city": ["Oujda", "", ""],  # coordinates win over the city
        }
    )
    with pytest.warns(UnresolvedWarning, match="in Paris"):
        out = geocode(frame)
    assert list(out["geocode_status"]) == ["given", "given", "given"]
    assert out["region_code"].iat[0] == "06"
    assert out["lat"].iat[1] == 48.8566 and pd.isna(out["region_code"].iat[1])
    assert "outside Morocco" in out["geocode_note"].iat[1]
    assert out["region_code"].iat[2] == "09"  # just off the coast: snapped, and said so
    assert "nearest province" in out["geocode_note"].iat[2]


def test_region_only_and_province_only_rows() -> None:
    frame = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d"],
            "city": ["", "", "Atlantis", ""],
            "region": ["Souss-Massa", "", "Oriental", "Région inconnue"],
            "province": ["", "Settat", "", ""],
        }
    )
    with pytest.warns(UnresolvedWarning, match="1 of 4"):
        out = geocode(frame)
    assert list(out["geocode_status"]) == ["region", "province", "region", "unresolved"]
    assert list(out["geocode_precision"]) == ["region", "province", "region", "none"]
    assert list(out["region_code"].fillna("")) == ["09", "06", "02", ""]
    assert "city not found" in out["geocode_note"].iat[2]
    assert not np.isnan(out["lat"].iat[0])  # a point inside the region, for maps


def test_region_column_conflict_is_noted() -> None:
    frame = pd.DataFrame({"name": ["a"], "city": ["Agadir"], "region": ["Oriental"]})
    with pytest.warns(RegionConflictWarning, match="1 of 1 records are placed by their city outside"):
        out = geocode(frame)
    assert out["region_code"].iat[0] == "09"
    assert "region column says Oriental" in out["geocode_note"].iat[0]
    assert out["geocode_status"].iat[0] == "conflict"  # flagged, not a plain exact match
    assert out["geocode_precision"].iat[0] == "city" and out["geocode_match"].iat[0] == "Agadir"


def test_unresolved_rows_warn_once_with_suggestions() -> None:
    frame = pd.DataFrame({"name": ["x", "y", "z"], "city": ["Paris", "Marrakchiville", "Casablanca"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = geocode(frame)
    ours = [w for w in caught if issubclass(w.category, UnresolvedWarning)]
    assert len(ours) == 1
    assert "2 of 3" in str(ours[0].message) and "closest:" in str(ours[0].message)
    assert len(out) == 3


def test_strict_raises_with_all_unresolved() -> None:
    frame = pd.DataFrame({"name": ["x", "y"], "city": ["Paris", "Lyon"]})
    with pytest.raises(UnresolvedError, match="2 of 2"):
        geocode(frame, strict=True)


def test_each_distinct_name_is_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = gz.resolve_keys

    def counting(keys: object, gazetteer: object = None, **kwds: object) -> object:
        calls.append(list(keys))  # type: ignore[call-overload]
        return real(keys, gazetteer, **kwds)  # type: ignore[arg-type]

    monkeypatch.setattr(sys.modules["clusteratlas.geocode"], "resolve_keys", counting)
    cities = ["Fès", "Fes", "FES", "Rabat", "Rabat", "Agadir"] * 5000
    out = geocode(pd.DataFrame({"city": cities}))
    assert len(out) == 30000
    assert len(calls) == 1  # one bulk call, each key once
    assert sorted(calls[0]) == ["agadir", "fes", "rabat"]
    assert (out["region_code"].iloc[:6].tolist()) == ["03", "03", "03", "04", "04", "09"]


def test_a_huge_name_is_cut_in_listings_never_in_the_records() -> None:
    huge = "N" * 100_000
    frame = pd.DataFrame({"name": [huge, "b"], "city": ["Zqxwvutsrqpo" * 9000, "Rabat"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = geocode(frame)
    (warning,) = [w for w in caught if issubclass(w.category, UnresolvedWarning)]
    assert len(str(warning.message)) < 600
    assert out["name"].iat[0] == huge and out["city"].iat[0] == frame["city"].iat[0]
    listing = unplaced(out)
    assert listing["who"].iat[0] == "N" * 99 + "…"
    assert len(listing["city"].iat[0]) == 100


@pytest.mark.parametrize("city", ["?????", " ? ? ", "\ufffd\ufffd\ufffd", "???? ???"])
def test_a_name_lost_to_an_encoding_says_so_and_how_to_fix_it(city: str) -> None:
    frame = pd.DataFrame({"name": ["a", "b"], "city": [city, "?"]})
    with pytest.warns(UnresolvedWarning, match="save the file as UTF-8"):
        out = geocode(frame)
    assert out["geocode_status"].tolist() == ["unresolved", "unresolved"]
    assert out["geocode_note"].iat[0].startswith("only question marks")
    assert out["geocode_note"].iat[1] == "no place name given"  # one "?" is a person's "unknown"


def test_a_city_shared_by_two_places_goes_to_the_one_in_the_given_region() -> None:
    frame = pd.DataFrame(
        {
            "city": ["Dakhla", "Dakhla", "Dakhla", "Rabat"],
            "region": ["Souss-Massa", "", "Dakhla-Oued Ed-Dahab", "Souss-Massa"],
        }
    )
    with pytest.warns(UnresolvedWarning, match="1 of 4 records are placed by their city outside"):
        out = geocode(frame)
    assert out["region_code"].tolist() == ["09", "12", "12", "04"]
    assert out["geocode_status"].tolist() == ["exact", "exact", "exact", "conflict"]
    assert "took the one in Souss-Massa" in out["geocode_note"].iat[0]
    assert "took the most populous" in out["geocode_note"].iat[1]
    assert "region column says Souss-Massa" in out["geocode_note"].iat[3]


def test_every_shared_name_goes_to_the_place_in_the_region_given() -> None:
    # Generated from the gazetteer: every key naming places in two or more regions, asked
    # once per region with the name as the gazetteer spells it.
    names = gz.load_gazetteer().names
    spread = names.groupby("key")["region_code"].nunique()
    shared = names[names["key"].isin(spread.index[spread > 1])].drop_duplicates(["key", "region_code"])
    assert len(shared) > 50
    frame = pd.DataFrame({"city": shared["name"].to_numpy(), "region": shared["region_code"].to_numpy()})
    out = geocode(frame)
    assert (out["region_code"].to_numpy() == shared["region_code"].to_numpy()).all()
    assert "conflict" not in set(out["geocode_status"])
