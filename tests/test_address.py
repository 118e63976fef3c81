"""Addresses with the town column empty: the names a town cell knows, found inside them, on generated registers."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from clusteratlas import geocode
from clusteratlas._resources import data_path
from clusteratlas._subplaces import load_subplaces
from clusteratlas.gazetteer import load_gazetteer, normalize_names
from clusteratlas.geography import admin_table

#: Words around a site's name in an address, as registers write them.
_BEFORE = ("", "Lot 12, ", "Immeuble 4, ", "BP 311 ", "Zone franche, lot 7 - ", "Usine n° 3, ")
_AFTER = ("", ", Maroc", " (Maroc)", ", lot 45", " - Lot B12")


def _quiet_geocode(frame: pd.DataFrame, **kwargs: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame, **kwargs)  # type: ignore[arg-type]


def _shipped_sites() -> pd.DataFrame:
    """The shipped site aliases: (alias, the province of its target, a province or a place)."""
    table = pd.read_csv(data_path("aliases.csv"), dtype=str, keep_default_na=False, comment="#")
    sites = table[table["kind"] == "site"]
    of_place = load_gazetteer().places["province_code"].reindex(sites["target"]).to_numpy(dtype=object)
    province = np.where(sites["target"].str.startswith("gn:"), of_place, sites["target"].to_numpy(dtype=object))
    return pd.DataFrame({"name": sites["alias"].to_numpy(), "province": province})


def _register(names: pd.DataFrame, seed: int, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    """``n`` records whose address holds one of ``names`` among noise words, town column empty."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(names), size=n)
    before = np.asarray(_BEFORE, dtype=object)[rng.integers(0, len(_BEFORE), size=n)]
    after = np.asarray(_AFTER, dtype=object)[rng.integers(0, len(_AFTER), size=n)]
    address = before + names["name"].to_numpy(dtype=object)[pick] + after
    frame = pd.DataFrame({"name": [f"firm {i}" for i in range(n)], "city": "", "address": address})
    return frame, names["province"].to_numpy(dtype=object)[pick]


def test_shipped_site_names_in_addresses_are_placed_as_in_the_town_column() -> None:
    sites = _shipped_sites()
    assert len(sites) >= 9
    frame, truth = _register(sites, seed=5, n=400)
    geo = _quiet_geocode(frame)
    got = geo["province_code"].astype("string").fillna("").to_numpy(dtype=object)
    wrong = frame["address"][got != truth]
    assert wrong.empty, wrong.head(10).tolist()
    assert set(geo["geocode_status"]) == {"address"}
    assert geo["geocode_note"].str.contains("alias '", regex=False).all()
    # The same names in the town column land in the same province.
    town = _quiet_geocode(pd.DataFrame({"name": sites["name"], "city": sites["name"]}))
    assert (town["province_code"].to_numpy(dtype=object) == sites["province"].to_numpy(dtype=object)).all()


def test_tanger_med_is_fahs_anjra_not_tangier_and_two_names_of_one_province_agree() -> None:
    frame = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d"],
            "city": ["", "", "", ""],
            "address": [
                "Tanger Med",
                "Zone franche de Ksar El Majaz - Tanger Med",
                "Lot 4, Tanger Med, Ksar Sghir",
                "Midparc",
            ],
        }
    )
    geo = _quiet_geocode(frame)
    fahs = admin_table("province").set_index("province")["province_code"]["Fahs-Anjra"]
    assert geo["province_code"].tolist()[:3] == [fahs] * 3, geo["geocode_note"].tolist()
    assert (geo["geocode_status"] == "address").all(), geo["geocode_note"].tolist()
    assert geo["region_code"].notna().all()


def _article_variants(name: str) -> list[str]:
    """Every way of writing the article inside ``name`` (d'/de/du/des/de la/none)."""
    pattern = r"(?i)\s(?:de la|de l'|d'|des|du|de)\s*(?=\w)"
    return [re.sub(pattern, f" {a}", name) for a in ("d'", "de ", "du ", "des ", "de la ", "")]


def test_articles_inside_a_site_name_are_equivalent() -> None:
    sub = load_subplaces()
    places = sub.places
    written = sub.names.drop_duplicates(["name", "place_id"])
    named = written[written["name"].str.contains(r"\s(?:d'|de |du |des )", regex=True)]
    assert len(named) >= 5  # Technopole d'Oujda, Parc industriel de Selouane, …
    rows = [
        (v, places.loc[p, "province_code"])
        for n, p in zip(named["name"], named["place_id"], strict=True)
        for v in _article_variants(n)
    ]
    names = pd.DataFrame(rows, columns=["name", "province"])
    frame, truth = _register(names, seed=9, n=300)
    geo = _quiet_geocode(frame)
    got = geo["province_code"].astype("string").fillna("").to_numpy(dtype=object)
    assert (got == truth).all(), frame["address"][got != truth].head().tolist()
    coarse = geo["geocode_precision"].isin(["site", "quarter"]).to_numpy()
    assert coarse.all(), frame["address"][~coarse].head().tolist()
    oujda = _quiet_geocode(pd.DataFrame({"name": ["x"], "address": ["Technopole de Oujda"]}))
    assert oujda["geocode_precision"].tolist() == ["site"]
    assert "Technopole d'Oujda" in oujda["geocode_note"].iloc[0]


def test_a_user_alias_names_a_place_inside_an_address(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,place\nQ.I. Bensouda,Fès\nParc Zeta,Nador\n", encoding="utf-8")
    frame = pd.DataFrame(
        {
            "name": ["a", "b", "c"],
            "city": ["", "", ""],
            "address": ["Q.I. Bensouda", "Lot 7, Q.I. Bensouda", "Parc Zeta - lot 3"],
        }
    )
    plain = _quiet_geocode(frame)
    assert plain["region_code"].isna().all()
    geo = _quiet_geocode(frame, aliases=aliases)
    assert geo["province"].tolist() == ["Fès", "Fès", "Nador"], geo["geocode_note"].tolist()
    assert geo["geocode_note"].str.contains("alias 'Q.I. Bensouda'|alias 'Parc Zeta'", regex=True).all()


#: Addresses that name no place a register's reader can know (a quarter the tables lack, a street).
_UNKNOWN = ("Q.I. Bensouda", "Bd Zerktouni", "Lotissement Al Manar, lot 9", "Km 7 route 1077", "Zone Zeta Nord")


def test_an_unplaced_record_with_an_address_says_the_address_is_not_recognised() -> None:
    rng = np.random.default_rng(3)
    n = 200
    address = np.asarray(_UNKNOWN, dtype=object)[rng.integers(0, len(_UNKNOWN), size=n)]
    frame = pd.DataFrame({"name": [f"f{i}" for i in range(n)], "city": "", "address": address})
    frame.loc[::7, "address"] = "Atlantc Free Zone"  # a shipped site misspelt
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        geo = geocode(frame)
    notes = geo["geocode_note"].astype(str)
    assert geo["region_code"].isna().all()
    assert not notes.str.contains("no location given").any()
    quoted = "address not recognised: '" + frame["address"] + "'"
    assert all(n.startswith(q) for n, q in zip(notes, quoted, strict=True))
    assert notes.str.contains("aliases file (`aliases`)", regex=False).all()
    misspelt = notes[frame["address"] == "Atlantc Free Zone"]
    assert misspelt.str.contains("closest: Atlantic Free Zone", regex=False).all(), misspelt.iloc[0]
    message = " ".join(str(w.message) for w in caught)
    assert "address not recognised: 'Q.I. Bensouda'" in message or "address not recognised: 'Bd" in message
    assert "no location given" not in message


def test_the_same_address_gets_the_same_note_in_any_chunk() -> None:
    frame = pd.DataFrame({"name": ["a", "b", "c"], "city": "", "address": ["Atlantc Free Zone", "Bd Zerktouni", "x"]})
    whole = _quiet_geocode(frame)["geocode_note"].tolist()
    parts = [_quiet_geocode(frame.iloc[[i]].reset_index(drop=True))["geocode_note"].iloc[0] for i in range(3)]
    assert whole == parts


def test_an_address_not_recognised_with_a_province_column_says_both() -> None:
    frame = pd.DataFrame({"name": ["a"], "city": [""], "address": ["Q.I. Bensouda"], "province": ["Fès"]})
    geo = _quiet_geocode(frame)
    assert geo["geocode_status"].tolist() == ["province"]
    assert geo["geocode_note"].tolist() == ["address not recognised; placed by its province"]


def test_captions_and_report_name_the_address_in_both_languages() -> None:
    from clusteratlas.mapspec.captions import unplaced_list, unplaced_reasons
    from clusteratlas.presentation import texts

    frame = pd.DataFrame({"name": ["a", "b", "c"], "city": ["", "", "Qwzxy"], "address": ["Q.I. Bensouda"] * 3})
    geo = _quiet_geocode(frame)
    assert unplaced_reasons(geo) == {"reason_address": 2, "reason_not_found": 1}
    fr = unplaced_list(geo, "fr")
    said = "adresse non reconnue\u00a0: Q.I. Bensouda"
    assert fr[:2] == [f"a ({said})", f"b ({said})"]
    en = unplaced_list(geo, "en")
    assert en[0].startswith("a (address not recognised: 'Q.I. Bensouda'")
    for lang in ("en", "fr"):
        t = texts("map", lang)
        assert "{n}" in t["reason_address"] and "{address}" in t["unplaced_address"]
        assert "{address}" in texts("report", lang)["address_group"]


def _far_pairs(seed: int, n: int) -> pd.DataFrame:
    """``n`` pairs of towns of one region, in two provinces more than 60 km apart (their names are unique keys)."""
    gaz = load_gazetteer()
    towns = gaz.places[(gaz.places["kind"] == "city") & (gaz.places["population"] > 30_000)].copy()
    keys = pd.Series(normalize_names(towns["name"]), index=towns.index)
    towns = towns[~keys.isin(keys[keys.duplicated()]).to_numpy() & ~keys.isin(load_subplaces().names["key"]).to_numpy()]
    pairs = towns.merge(towns, on="region_code", suffixes=("_a", "_b"))
    pairs = pairs[pairs["province_code_a"] < pairs["province_code_b"]]
    lat_a, lat_b = pairs["lat_a"].astype(float), pairs["lat_b"].astype(float)
    lon_a, lon_b = pairs["lon_a"].astype(float), pairs["lon_b"].astype(float)
    km = 111.0 * np.hypot(lat_a - lat_b, (lon_a - lon_b) * np.cos(np.radians(lat_a)))
    pairs = pairs[(km > 60).to_numpy()]
    return pairs.sample(n=min(n, len(pairs)), random_state=seed).reset_index(drop=True)


def test_an_address_naming_two_places_of_one_region_is_a_conflict_the_warning_words_so() -> None:
    pairs = _far_pairs(seed=4, n=30)
    assert len(pairs) >= 10
    address = ("Lot 3, " + pairs["name_a"] + " - " + pairs["name_b"]).to_numpy(dtype=object)
    frame = pd.DataFrame({"name": [f"f{i}" for i in range(len(pairs))], "city": "", "address": address})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        geo = geocode(frame)
    assert (geo["geocode_status"] == "conflict").all(), geo["geocode_note"].head().tolist()
    assert (geo["region_code"].to_numpy(dtype=object) == pairs["region_code"].to_numpy(dtype=object)).all()
    assert geo["geocode_note"].str.contains("; both in the region ", regex=False).all()
    message = next(str(w.message) for w in caught if "'conflict'" in str(w.message))
    assert "column" not in message, message  # the table has no region or province column
    assert message.endswith("Check the address of these rows.")
    assert "both in the region" in message


def test_a_conflict_with_a_region_column_names_that_column_only() -> None:
    frame = pd.DataFrame({"name": ["a", "b"], "city": ["Agadir", "Oujda"], "Région": ["Oriental", "Souss-Massa"]})
    from clusteratlas.records import prepare_records

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        geocode(prepare_records(frame))
    message = next(str(w.message) for w in caught if "'conflict'" in str(w.message))
    assert message.startswith("2 of 2 records are placed by their city outside the region their own column gives")
    assert message.endswith("Check the city or the region column of these rows."), message
    assert "province" not in message


def test_long_notes_and_names_are_cut_at_a_word_end() -> None:
    from clusteratlas.geocode import LABEL_WIDTH, shorten

    rng = np.random.default_rng(11)
    words = np.array(["Tanger", "Fahs-Anjra", "Casablanca-Settat", "zone", "d'exportation", "(site", "lot", "7"])
    texts = pd.Series([" ".join(rng.choice(words, size=rng.integers(5, 40))) for _ in range(300)], dtype="string")
    cut = shorten(texts)
    long = texts.str.len() > LABEL_WIDTH
    assert (cut[~long] == texts[~long]).all()
    assert (cut[long].str.len() <= LABEL_WIDTH).all()
    assert cut[long].str.endswith("…").all()
    for whole, short in zip(texts[long], cut[long], strict=True):
        kept = short[:-1]
        assert whole.startswith(kept)
        assert whole[len(kept)] in " ,;:(" or kept[-1] in " ,;:(", (whole, short)
    one_word = shorten(pd.Series(["x" * 300], dtype="string"))
    assert one_word.str.len().iloc[0] == LABEL_WIDTH


#: Coastal towns away from any land border, and their true provinces come from the gazetteer.
_COAST = ("Safi", "El Jadida", "Essaouira", "Agadir", "Rabat", "Casablanca", "Larache", "Dakhla", "Kenitra", "Asilah")


def _offshore(seed: int, n: int) -> pd.DataFrame:
    """Points 2–9 km from a coastal town, in random directions, that no province holds (at sea)."""
    from clusteratlas.geography import locate

    gaz = load_gazetteer().places
    towns = (
        gaz[(gaz["kind"] == "city") & gaz["name"].isin(_COAST)]
        .sort_values("population")
        .drop_duplicates("name", keep="last")
    )
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(towns), size=n * 6)
    km, angle = rng.uniform(2, 9, size=len(pick)), rng.uniform(0, 2 * np.pi, size=len(pick))
    lat0 = towns["lat"].astype(float).to_numpy()[pick]
    lon0 = towns["lon"].astype(float).to_numpy()[pick]
    lat = lat0 + km * np.sin(angle) / 110.57
    lon = lon0 + km * np.cos(angle) / (111.32 * np.cos(np.radians(lat0)))
    at_sea = pd.isna(locate(lon, lat)[0])
    frame = pd.DataFrame(
        {
            "name": [f"p{i}" for i in range(len(pick))],
            "city": towns["name"].to_numpy(dtype=object)[pick],
            "lat": lat,
            "lon": lon,
            "truth": towns["province_code"].to_numpy(dtype=object)[pick],
        }
    )
    return frame[at_sea].head(n).reset_index(drop=True)


def test_points_at_sea_off_the_town_their_cell_names_are_placed_by_the_town() -> None:
    frame = _offshore(seed=2, n=120)
    assert len(frame) >= 60
    geo = _quiet_geocode(frame.drop(columns="truth"))
    got = geo["province_code"].astype("string").fillna("").to_numpy(dtype=object)
    assert (got == frame["truth"].to_numpy(dtype=object)).all(), (
        geo["geocode_note"][got != frame["truth"]].head().tolist()
    )
    assert geo["geocode_note"].str.fullmatch(r"coordinates at sea, \d+ km from .+; placed by the town").all()
    assert (geo["geocode_status"] == "given").all()
    assert np.allclose(geo["lat"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float))  # kept as given
    # The same points whose town cell names a town far away stay unplaced, said to be at sea off a province.
    far = _quiet_geocode(frame.drop(columns="truth").assign(city="Oujda"))
    assert far["region_code"].isna().all()
    assert far["geocode_note"].str.fullmatch(r"at sea, \d+ km off .+; not placed").all()


def test_swapped_coordinates_get_a_hint_and_are_not_moved() -> None:
    gaz = load_gazetteer().places
    towns = gaz[(gaz["kind"] == "city") & (gaz["population"] > 20_000)].sample(n=80, random_state=6)
    lat, lon = towns["lat"].astype(float).to_numpy(), towns["lon"].astype(float).to_numpy()
    frame = pd.DataFrame({"name": towns["name"].to_numpy(), "lat": lon, "lon": lat})  # swapped
    geo = _quiet_geocode(frame)
    assert geo["region_code"].isna().all()
    notes = geo["geocode_note"].astype(str)
    assert notes.str.contains(
        "latitude and longitude swapped? Read the other way round, the point is in ", regex=False
    ).all()
    province = admin_table("province").set_index("province_code")["province"]
    named = notes.str.extract(r"the point is in (.+)$", expand=False)
    assert (
        named.to_numpy(dtype=object) == province.reindex(towns["province_code"]).to_numpy(dtype=object)
    ).mean() > 0.95
    right = _quiet_geocode(frame.rename(columns={"lat": "lon", "lon": "lat"}))
    assert not right["geocode_note"].astype(str).str.contains("swapped").any()


def test_the_industrial_zone_of_tassila_is_not_the_village_of_tassila() -> None:
    # ZI Tassila (Agadir's 1974 zone) lies in Dcheira El Jihadia, Inezgane-Aït Melloul; the village
    # Tassila that shares its name is in Chtouka-Aït Baha, 45 km south.
    said = ["ZI Tassila", "Zone industrielle de Tassila, lot 12", "Z.I. Tassila", "ZI de Tassila - Lot B12"]
    frame = pd.DataFrame(
        {"name": [f"firm {i}" for i in range(5)], "city": [""] * 4 + ["Tassila"], "address": [*said, ""]}
    )
    geo = _quiet_geocode(frame)
    provinces = admin_table("province").set_index("province_code")["province"]
    got = provinces.reindex(geo["province_code"]).tolist()
    assert got == ["Inezgane-Aït Melloul"] * 4 + ["Chtouka-Aït Baha"]
    assert geo["geocode_precision"].tolist()[:4] == ["site"] * 4
