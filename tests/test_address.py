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
from clusteratlas.gazetteer import load_gazetteer
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
