"""Place names a reader can find in their own table, the same in every output (issue 20, item 7).

One rule names every town (:func:`clusteratlas._labels.display_names`): a curated, sourced
name (``data/geo/display_names.csv``), else the HCP commune's, else GeoNames'; English is
the French name but for the few English exonyms. Figures, the map's town labels and the
report take it.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas._labels import curated_names, display_names, renamed, search_names, town_labels
from clusteratlas.gazetteer import load_gazetteer, normalize_names
from clusteratlas.interactive._context import towns
from clusteratlas.mapspec import map_spec
from clusteratlas.presentation import texts
from clusteratlas.reporting._places import place_labels, top_places
from tests.randomdata import random_records

#: Letters of French and English usage in a place name; any other (Ç, ü, ğ, ’ for an ayn...) needs a source.
USUAL = re.compile(r"[A-Za-z0-9 '\-.()éèêëàâîïôûùçÉÈÀÂÎ]*")

#: A French user's spellings, as a cartographer typed them for a review (the towns of 150 records).
FRENCH_USER = [
    "Agadir", "Al Hoceïma", "Asilah", "Berkane", "Berrechid", "Béni Mellal", "Casablanca", "Chefchaouen",
    "Dakhla", "El Jadida", "Errachidia", "Essaouira", "Fnideq", "Fquih Ben Salah", "Fès", "Guelmim",
    "Inezgane", "Khouribga", "Khénifra", "Kénitra", "Larache", "Laâyoune", "M'diq", "Marrakech", "Martil",
    "Meknès", "Mohammédia", "Nador", "Ouarzazate", "Oujda", "Rabat", "Safi", "Salé", "Settat", "Smara",
    "Tan-Tan", "Tanger", "Taroudant", "Taza", "Tiznit", "Témara", "Tétouan",
]  # fmt: skip


def _quiet_geocode(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


def _towns_table() -> pd.DataFrame:
    places = load_gazetteer().places
    towns_ = places[places["kind"] == "city"].reset_index(drop=True)
    return towns_.assign(fr=towns_["place_id"].map(display_names("fr")), en=towns_["place_id"].map(display_names("en")))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_name_the_gazetteer_can_show_is_in_usual_letters_or_sourced(lang: str) -> None:
    shown = _towns_table()
    curated = set(curated_names()["place_id"])
    odd = shown[~shown[lang].map(lambda s: USUAL.fullmatch(s) is not None) & ~shown["place_id"].isin(curated)]
    assert odd.empty, odd[["place_id", "name", lang]].to_string()
    # What GeoNames writes and no one else does is never shown.
    assert not shown[lang].isin(["Al Fqih Ben Çalah", "La Güera", "Zawyat ech Cheïkh", "Sidi ’Addi"]).any()
    others = load_gazetteer().places
    others = others[~others["kind"].isin(["city", "commune"])]["name"].astype(str)
    sites = pd.read_csv("data/geo/sites.csv", keep_default_na=False)["name"]
    for name in [*others, *sites]:
        assert USUAL.fullmatch(name) or "’" not in name, name


def test_curated_names_carry_a_source_and_change_what_the_rule_gives() -> None:
    curated = curated_names()
    assert list(curated.columns) == ["place_id", "fr", "en", "source", "note"]
    assert curated["source"].str.strip().ne("").all()
    assert curated["place_id"].is_unique
    shown = _towns_table().set_index("place_id")
    assert set(curated["place_id"]) <= set(shown.index)
    for row in curated.itertuples():
        for lang in ("fr", "en"):
            wanted = getattr(row, lang)
            if wanted:
                assert shown.at[row.place_id, lang] == wanted
        if row.en:  # an exonym differs from the French name
            assert row.en != shown.at[row.place_id, "fr"]
        assert row.fr or row.en


def test_english_is_french_but_for_the_sourced_exonyms() -> None:
    shown = _towns_table()
    exonyms = set(curated_names().query("en != ''")["place_id"])
    differ = set(shown.loc[shown["en"] != shown["fr"], "place_id"])
    assert differ == exonyms
    en = display_names("en")
    assert [en["gn:2530335"], en["gn:2548885"], en["gn:2542997"]] == ["Tangier", "Fez", "Marrakesh"]
    # No mix of accented and unaccented spellings in one language.
    assert {en["gn:2542715"], en["gn:2544571"], en["gn:2528910"], en["gn:2537763"]} == {
        "Meknès",
        "Kénitra",
        "Tétouan",
        "Salé",
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_display_name_geocodes_to_its_own_town(lang: str) -> None:
    shown = _towns_table()
    geo = _quiet_geocode(pd.DataFrame({"name": [f"r{i}" for i in range(len(shown))], "city": shown[lang]}))
    at = np.isclose(geo["lat"].astype(float), shown["lat"].astype(float), atol=1e-4) & np.isclose(
        geo["lon"].astype(float), shown["lon"].astype(float), atol=1e-4
    )
    # Elsewhere only for a homonym: a bigger town of the same name.
    other = shown[~at]
    matched = geo.loc[~at, "geocode_match"].astype(str).map(renamed(lang)).fillna(geo.loc[~at, "geocode_match"])
    assert geo.loc[~at, "geocode_precision"].eq("city").all(), other[lang].tolist()
    assert list(normalize_names(matched)) == list(normalize_names(other[lang]))
    assert len(other) <= 10


def test_the_french_map_labels_are_a_french_users_spellings() -> None:
    frame = pd.DataFrame({"name": [f"c{i}" for i in range(len(FRENCH_USER))], "city": FRENCH_USER})
    geo = _quiet_geocode(frame)
    assert geo["geocode_precision"].eq("city").all()
    rows = towns("fr", geo[["lat", "lon"]])
    labels = pd.DataFrame(rows, columns=["label", "lat", "lon", "min_zoom", "records"]).round({"lat": 3, "lon": 3})
    points = geo.assign(lat=geo["lat"].astype(float).round(3), lon=geo["lon"].astype(float).round(3))
    at = points.merge(labels, how="inner", on=["lat", "lon"])
    assert len(at) >= 35
    wrong = at.loc[at["city"] != at["label"], ["city", "label"]]
    assert wrong.empty, wrong.to_string()


def test_the_maps_search_finds_a_place_by_every_spelling_of_it_and_its_names() -> None:
    cities = ["El Jadida", "Mazagan", "Casablanca", "Rabat", "Fes", "", "كازابلانكا"]
    geo = _quiet_geocode(pd.DataFrame({"name": list("abcdefg"), "city": cities}))
    words = search_names(geo)
    assert "Mazagan" in words.iat[0] and "El Jadida" in words.iat[1]  # one town, found by either spelling
    assert "كازابلانكا" in words.iat[2] and "Casablanca" in words.iat[6]
    assert "Mazagan" not in words.iat[3] and "Casablanca" not in words.iat[3]
    assert words.iat[4].split(" | ")[:2] == ["Fes", "Fez"]  # the match, then the display names ("Fès" folds to "Fes")
    assert words.iat[5] is None  # no place, no name
    none = search_names(pd.DataFrame({"geocode_match": [None, "Nowhere"], "lat": [None, 0.0], "lon": [None, 0.0]}))
    assert none.iat[0] is None and none.iat[1] == "Nowhere"


@pytest.mark.parametrize(("seed", "lang"), [(3, "fr"), (11, "en"), (29, "fr")])
def test_a_random_tables_figure_labels_map_labels_and_report_name_places_alike(seed: int, lang: str) -> None:
    records = random_records(seed, 400)
    geo = _quiet_geocode(records)
    spec = map_spec(geo, data_label="random.csv", lang=lang)
    figure = spec.points.assign(lat=spec.points["lat"].round(3), lon=spec.points["lon"].round(3))
    figure_names = figure.groupby(["lat", "lon"])["place"].first()
    t = texts("report", lang)
    places, _, _ = top_places(geo, 10_000, t, lang)
    report = places.assign(label=place_labels(places, t, lang)).set_index(["lat", "lon"])
    shared = report.index.intersection(figure_names.index)
    assert len(shared) > 50
    for key in shared:
        name, label = figure_names[key], report.at[key, "label"]
        label = label if isinstance(label, str) else label.iloc[0]
        # The same place name; "(region)" on a figure is "(region only)" in the report.
        assert label.startswith(name.split(" (")[0]), (name, label)
    # The map's town labels name the towns as the figures do.
    labels = town_labels(lang).assign(lat=lambda f: f["lat"].round(3), lon=lambda f: f["lon"].round(3))
    labels = labels.drop_duplicates(["lat", "lon"]).set_index(["lat", "lon"])["name"]
    common = labels.index.intersection(figure_names.index)
    assert len(common) > 20
    assert (labels[common] == figure_names[common]).all()
    # GeoNames' primaries the records were written in are never what the outputs show.
    assert not set(figure_names) & {"Al Fqih Ben Çalah", "La Güera", "Fes" if lang == "en" else "Tangier"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_province_named_after_its_town_is_shown_as_the_town_is(lang: str) -> None:
    """A record placed only to its province is named as the province's town is shown: one place, one spelling."""
    from clusteratlas._labels import province_names
    from clusteratlas.mapspec._placenames import gazetteer_names

    renames = province_names(lang)
    assert renames["Mohammadia"] == "Mohammédia" and renames["Es-Semara"] == "Smara"
    codes = {"Mohammadia": "06.371", "Es-Semara": "11.221", "Casablanca": "06.141"}
    part = pd.DataFrame(
        {
            "province": list(codes),
            "province_code": list(codes.values()),
            "geocode_precision": "province",
            "lat": 30.0,  # a point at sea: no town's
            "lon": -20.0,
            "geocode_match": "",
        }
    )
    named = gazetteer_names(part, texts("map", lang), lang).tolist()
    assert named == [f"{n} (province)" for n in ("Mohammédia", "Smara", "Casablanca")], named
    towns = display_names(lang)
    shown = set(towns.to_numpy())
    for hcp, name in renames.items():  # every renamed province takes a town's display name, never an invented one
        assert name in shown and name != hcp, (hcp, name)
