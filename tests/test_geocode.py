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

    monkeypatch.setattr(sys.modules["clusteratlas._towns"], "resolve_keys", counting)  # geocode's town steps
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


def test_the_records_region_or_province_decides_an_ambiguous_typo() -> None:
    # "Sati" is one letter from Safi (Marrakech-Safi) and from Sali, a name of Salé.
    frame = pd.DataFrame(
        {
            "city": ["Sati", "Sati", "Sati", "Sati"],
            "region": ["Marrakech-Safi", "Rabat-Salé-Kénitra", "", ""],
            "province": ["", "", "Safi", ""],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = geocode(frame)
    regions = out["region_code"].astype(object).where(out["region_code"].notna(), None).tolist()
    assert regions == ["07", "04", "07", None]
    assert out["geocode_status"].tolist() == ["fuzzy", "fuzzy", "fuzzy", "unresolved"]
    assert out["geocode_match"].tolist()[:2] == ["Safi", "Salé"]
    assert "took the one the record's region or province column gives" in out["geocode_note"].iat[0]
    assert out["geocode_note"].iat[3] == "ambiguous typo: could be Safi or Salé"


# ------------------------------------------------------------ a register as agencies write them (issue 17)

#: (town cell, true region) for towns written as people write them; None: no Moroccan place.
_TOWNS = [
    ("Casablanca", "06"), ("Rabat", "04"), ("Salé", "04"), ("Kénitra", "04"), ("Témara", "04"),
    ("Tanger", "01"), ("Tétouan", "01"), ("Larache", "01"), ("Fès", "03"), ("Meknès", "03"),
    ("Taza", "03"), ("Oujda", "02"), ("Nador", "02"), ("Berkane", "02"), ("Marrakech", "07"),
    ("Safi", "07"), ("Essaouira", "07"), ("Agadir", "09"), ("Inezgane", "09"), ("Taroudant", "09"),
    ("Tiznit", "09"), ("Béni Mellal", "05"), ("Khouribga", "05"), ("Khénifra", "05"),
    ("Errachidia", "08"), ("Ouarzazate", "08"), ("Guelmim", "10"), ("Laâyoune", "11"),
    ("Mohammedia", "06"), ("El Jadida", "06"), ("Settat", "06"), ("Berrechid", "06"),
    ("Nouaceur", "06"), ("Had Soualem", "06"), ("Aït Melloul", "09"), ("Selouane", "02"),
    ("Bouskoura", "06"), ("Tit Mellil", "06"), ("Skhirat", "04"), ("Benguerir", "07"),
]
_FORMS = [
    ("Casablanca 20250", "06"), ("20190 Casablanca", "06"), ("Tanger 90000", "01"), ("Rabat 10000", "04"),
    ("Fès 30050", "03"), ("Marrakech 40000", "07"), ("80000 Agadir", "09"), ("Casablanca (Maroc)", "06"),
    ("Rabat - Maroc", "04"), ("Tanger, Maroc", "01"), ("Oujda (Morocco)", "02"),
    ("Aïn Sebaâ - Casablanca", "06"), ("Sidi Maârouf, Casablanca", "06"), ("Bouskoura Casablanca", "06"),
    ("Sidi Bernoussi - Casablanca", "06"), ("Hay Hassani, Casablanca", "06"), ("Gueliz - Marrakech", "07"),
    ("Agdal Riyad, Rabat", "04"), ("Bni Makada, Tanger", "01"), ("Zouagha - Fès", "03"),
    ("Tabriquet, Salé", "04"), ("Lot 45, ZI Sidi Ghanem, Marrakech", "07"), ("ZI Gzenaya, Tanger", "01"),
    ("Zenata, Mohammedia", "06"), ("Mohammedia - Casablanca", "06"),
]
_PLACES = [
    ("Sidi Bernoussi", "06"), ("Aïn Sebaâ", "06"), ("Sidi Maarouf", "06"), ("Lissasfa", "06"), ("Sapino", "06"),
    ("Zenata", "06"), ("Gzenaya", "01"), ("Tanger Automotive City", "01"), ("Tanger Free Zone", "01"),
    ("Technopole d'Oujda", "02"), ("Sidi Ghanem", "07"), ("Gueliz", "07"), ("Moulay Rachid", "06"),
    ("Sidi Moumen", "06"), ("Aïn Chock", "06"), ("Bni Makada", "01"), ("Parc industriel Aïn Johra", "04"),
    ("Ahl Loghlam", "06"), ("Roches Noires", "06"), ("Jorf Lasfar", "06"), ("Tanger Med", "01"),
    ("Midparc", "06"), ("Tanja", "01"), ("Casa", "06"), ("Fas", "03"), ("Tanjah", "01"),
    ("Casablanka", "06"), ("Marakech", "07"), ("Tetuan", "01"), ("Kenitra", "04"), ("Agadirr", "09"),
]
#: (address, true region): records whose town cell is blank (or unknown) and whose address says where.
_ADDRESSES = [
    ("Lot 12, ZI Sidi Bernoussi, 20600 Casablanca", "06"), ("Zone industrielle Gzenaya, Tanger", "01"),
    ("Route de Rabat km 12, Aïn Harrouda", "06"), ("Bd Mohammed V, 30000 Fès", "03"),
    ("Quartier industriel Sidi Ghanem, Marrakech", "07"), ("Avenue Hassan II, Agadir", "09"),
    ("Technopole d'Oujda, lot 5", "02"), ("Rue 7, Hay Moulay Rachid, Casablanca", "06"),
    ("Parc industriel de Selouane, Nador", "02"), ("Angle Rue de Fès et Bd Zerktouni, Casablanca", "06"),
    ("12 rue Ibn Batouta, 90000 Tanger", "01"), ("Lotissement Sapino, Nouaceur", "06"),
    ("Tanger Automotive City, Jouamaa", "01"), ("Immeuble 4, Sidi Maârouf, Casablanca", "06"),
    ("Avenue des FAR, Meknès", "03"), ("Zone franche de Tanger, lot 7", "01"),
]
#: Rows whose region column decides a homonym, and rows with no Moroccan place at all.
_WITH_REGION = [
    ("El Ayoun", "Laâyoune-Sakia El Hamra", "11"), ("El Ayoun", "Oriental", "02"),
    ("Sidi Ghanem", "Marrakech-Safi", "07"), ("Dakhla", "Souss-Massa", "09"),
]
_NOWHERE = [("Paris", None), ("Madrid", None), ("Lyon", None), ("Dubai", None), ("", None), ("N/A", None)]
#: Cells whose parts disagree: the truth is not knowable from the row.
_CONFLICTS = ["Aïn Sebaâ - Marrakech", "Sidi Ghanem, Tanger"]


def make_register(seed: int = 17) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a 450-row register (the columns agencies export) and its truth, row by row.

    Truth: ``region`` the region the writer meant (None where the row names no Moroccan
    place or contradicts itself) and ``kind`` what the row is (town, form, place,
    address, region, nowhere, conflict).
    """
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, str, str | None, str | None, str]] = []  # town, address, region column, truth, kind
    for pool, kind, n in ((_TOWNS, "town", 150), (_FORMS, "form", 100), (_PLACES, "place", 110)):
        for i in rng.integers(0, len(pool), size=n):
            rows.append((pool[i][0], "", None, pool[i][1], kind))
    for i in rng.integers(0, len(_ADDRESSES), size=48):
        town = "" if rng.random() < 0.75 else "Zone Industrielle"
        rows.append((town, _ADDRESSES[i][0], None, _ADDRESSES[i][1], "address"))
    rows += [(t, "", r, truth, "region") for t, r, truth in _WITH_REGION] * 4
    rows += [(t, "", None, truth, "nowhere") for t, truth in _NOWHERE] * 3
    rows += [(t, "", None, None, "conflict") for t in _CONFLICTS] * 2
    rows.append(("El Ayoun", "", None, "11", "homonym"))
    order = rng.permutation(len(rows))
    rows = [rows[i] for i in order]
    register = pd.DataFrame(
        {
            "Raison sociale": [f"Société {i:03d} SARL" for i in range(len(rows))],
            "Adresse": [r[1] for r in rows],
            "Ville": [r[0] for r in rows],
            "Région": [r[2] or "" for r in rows],
            "Secteur d'activité": rng.choice(["Textile", "Automobile", "Agroalimentaire", "Chimie"], size=len(rows)),
            "Effectif": rng.integers(5, 3000, size=len(rows)),
        }
    )
    truth = pd.DataFrame({"region": [r[3] for r in rows], "kind": [r[4] for r in rows]})
    return register, truth


def score_register(geocoded: pd.DataFrame, truth: pd.DataFrame) -> dict[str, object]:
    """Count right, wrong and unplaced records against the truth, and list every record not placed right."""
    got = geocoded["region_code"].astype("string").fillna("").to_numpy(dtype=object)
    want = truth["region"].fillna("").to_numpy(dtype=object)
    placed = got != ""
    located = want != ""
    wrong = placed & located & (got != want)
    right = placed & (got == want)
    others = [
        f"{city!r} / {address!r}: {status}, {note}"
        for city, address, status, note, ok in zip(
            geocoded["city"].astype("string").fillna(""),
            geocoded["Adresse"].astype("string").fillna(""),
            geocoded["geocode_status"],
            geocoded["geocode_note"],
            right,
            strict=True,
        )
        if not ok
    ]
    return {
        "right": int(right.sum()),
        "wrong": int(wrong.sum()),
        "placed_without_truth": int((placed & ~located).sum()),
        "located": int(located.sum()),
        "unplaced": int((located & ~placed).sum()),
        "others": others,
    }


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_register_places_its_records_in_the_right_region(tmp_path: pytest.TempPathFactory, encoding: str) -> None:
    from clusteratlas import read_records

    register, truth = make_register()
    assert len(register) >= 400
    path = tmp_path / "register.csv"  # type: ignore[operator]
    register.to_csv(path, sep=";", index=False, encoding=encoding)
    truth.to_csv(tmp_path / "register_truth.csv", index=False)  # type: ignore[operator]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geocoded = geocode(read_records(path))
    score = score_register(geocoded, truth)
    assert score["wrong"] == 0, [o for o in score["others"] if "conflict" not in o][:20]
    assert score["placed_without_truth"] == 0
    assert score["right"] / score["located"] >= 0.97, score
    # Every record not placed right is listed with its reason.
    assert all(o.split(": ", 1)[1].strip(", ") for o in score["others"])


def test_cells_of_numbers_only_are_unresolved_not_an_error() -> None:
    """A town or address cell of postcodes or numbers only ("20250", "12 34") names no place (was a ValueError)."""
    import warnings

    from clusteratlas._cells import mentions

    assert mentions(pd.Series(["20250", "12 34"])).empty
    frame = pd.DataFrame({"name": ["a", "b", "c"], "city": ["20250", "Casablanca 20250", "12 34"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    assert geo["geocode_status"].tolist() == ["unresolved", "exact", "unresolved"]


def test_a_geocoded_table_geocodes_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Our own output, read and geocoded again by the library, keeps every column (was a ValueError)."""
    import warnings

    from clusteratlas import read_records
    from clusteratlas.export import write_records

    frame = pd.DataFrame({"name": ["a", "b"], "city": ["Rabat", ""], "lat": [None, 33.59], "lon": [None, -7.62]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = geocode(frame)
        write_records(first, tmp_path / "geo.csv")
        again = geocode(read_records(tmp_path / "geo.csv"))
    assert again["region_code"].tolist() == first["region_code"].tolist()
    assert {"lat (given)", "lat (given) 2", "lat"} <= set(again.columns)
