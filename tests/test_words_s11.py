"""What figures and the study profile say (session 11, helper "words"; issue 20, review items L19-L22, M15, M17).

- A register with the study's category column (``sector_group``, "Filière": every table
  ``benchmarks/make_register.py`` writes) is read with the study's column names, but is not
  the study's table: the study's zones are not drawn on it (L22).
- The study's sector groups have French names, shown in French figures and pages; the data
  keep their values; the lq title of a category reads in French (M15).
"""

from __future__ import annotations

import warnings
from functools import cache

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import clusteratlas
from clusteratlas import geocode, map_spec, read_records
from clusteratlas._resources import data_path
from clusteratlas.profile import load_profile, profile_for
from clusteratlas.reporting.model import build_report


@cache
def _study() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(read_records(data_path("clusters.csv")))


@cache
def _register() -> pd.DataFrame:
    """A register as make_register writes one: name, city, sector_group (the study's category column), year."""
    cities = ["Casablanca", "Rabat", "Fès", "Tanger", "Agadir", "Oujda", "Marrakech", "Kénitra"]
    groups = ["Automobile", "Textile", "Agroalimentaire"]
    frame = pd.DataFrame(
        {
            "name": [f"Firme {i}" for i in range(24)],
            "city": [cities[i % len(cities)] for i in range(24)],
            "sector_group": [groups[i % len(groups)] for i in range(24)],
            "year": [2000 + i for i in range(24)],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


# ------------------------------------------------------------ L22: recognised is not owned


def test_a_register_with_the_category_column_is_recognised_not_owned() -> None:
    study, register = load_profile(), _register()
    assert study.recognises(register) and not study.owns(register)
    assert study.owns(_study()) and study.recognises(_study())
    assert profile_for(register) is study  # its column names, category and report profiles stay the study's


def test_the_study_zones_are_drawn_on_the_study_table_only() -> None:
    register = map_spec(_register())
    assert register.color_by == "sector_group"  # the category column is recognised for any table
    assert register.zones.empty and register.zone_groups.empty  # no study zones on a register
    assert set(map_spec(_study()).zones["group"]) >= {"Safi–Marrakech–Agadir"}
    asked = map_spec(_register(), profile=True)  # the study asked for by name: its zones
    assert not asked.zones.empty
    assert not map_spec(_register(), zones=True).zones.empty  # --zones default asked for explicitly


def test_a_register_report_has_no_zones_but_keeps_its_region_profiles() -> None:
    names = {table.name for table in build_report(_register(), figure=False).tables()}
    assert "by_zone" not in names
    assert "by_sector_group" in names and "profile_06" in names  # the study's column still read as such
    assert "by_zone" in {table.name for table in build_report(_study(), figure=False).tables()}


# ------------------------------------------------------------ M15: the study's sectors in French


def test_french_figures_name_the_study_sectors_in_french() -> None:
    french, english = map_spec(_study(), lang="fr"), map_spec(_study(), lang="en")
    assert "Énergie et environnement" in french.colors and "Energy & environment" not in french.colors
    assert "Energy & environment" in english.colors
    assert list(french.colors.values()) == list(english.colors.values())  # same colours in both languages
    assert set(french.points["category"]) >= {"Agroalimentaire et pêche", "Textile et mode"}
    assert (french.records["sector_group"] == _study()["sector_group"]).all()  # the data keep their values


def test_the_french_lq_title_of_a_study_sector_is_french() -> None:
    spec = map_spec(_study(), lang="fr", color_by="sector_group", category="Energy & environment")
    fig = clusteratlas.figure(spec, "lq")
    texts = " ".join(t.get_text() for t in fig.findobj(plt.Text))
    plt.close(fig)
    assert "Quotient de localisation «\u00a0Énergie et environnement\u00a0»" in texts
    assert "Energy" not in texts and "d'Energy" not in texts


@pytest.mark.parametrize("category", ["IT", "Industrie automobile"])
def test_the_french_lq_title_quotes_the_category(category: str) -> None:
    from clusteratlas.presentation import fill, texts

    title = fill(texts("map", "fr")["lq"], "fr", category=category)  # no "d'IT": no article to guess
    assert title.startswith(f"Quotient de localisation «\u00a0{category}\u00a0» (")


# ------------------------------------------------------------ M17, L20: what labels and keys say


def _figure_texts(spec: object, kind: str, **options: object) -> str:
    fig = clusteratlas.figure(spec, kind, **options)  # type: ignore[arg-type]
    try:
        return "\n".join(t.get_text() for t in fig.findobj(plt.Text))
    finally:
        plt.close(fig)


def test_the_study_figure_counts_its_places_in_clusters() -> None:
    study = map_spec(_study())  # the library's default unit: the study's clusters
    assert study.texts["n_records"] == "{n} clusters" and study.texts["one_record"] == "1 cluster"
    drawn = _figure_texts(study, "points", width_mm=174)
    assert "Agadir: 2 clusters" in drawn and "8 clusters" in drawn  # the label and the size key
    assert "2 records" not in drawn and "8 records" not in drawn
    register = map_spec(_register(), unit="records")
    assert register.texts["n_records"] == "{n} records"
    assert map_spec(_register(), unit="records", lang="fr").texts["one_record"] == "1 fiche"


def test_french_class_counts_take_the_singular_for_zero() -> None:
    from clusteratlas.mapspec.legend import legend_items

    def texts(lang: str) -> list[str]:
        spec = map_spec(_study(), lang=lang, value="count", scheme="user", breaks=[1, 5, 8, 20])
        return [item.text for item in legend_items(spec) if item.group == "classes"]

    assert "5–8 (0\u00a0région)" in texts("fr") or "5–8 (0 région)" in texts("fr"), texts("fr")
    assert "8–20 (1 région)" in texts("fr") and "5–8 (0 regions)" in texts("en")


def test_a_share_key_writes_zero_as_a_share() -> None:
    french = map_spec(_study(), lang="fr", value="share")
    english = map_spec(_study(), lang="en", value="share")
    assert french.classes.labels[0] == "0\u202f%" and english.classes.labels[0] == "0% / none"
    assert map_spec(_study(), lang="fr").classes.labels[0] == "0"  # counts keep their plain zero


def test_records_are_placed_at_their_province_not_to_it() -> None:
    from clusteratlas.presentation import texts

    words = " ".join([*texts("map", "en").values(), *texts("alt", "en").values()])
    assert "placed only to" not in words and "placed only at their province or region" in words


# ------------------------------------------------------------ the levers matrix says what it cut


def test_the_levers_alt_text_says_which_rows_were_cut(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from clusteratlas.static import write_figure

    base = _study()
    many = pd.concat([base] * 9, ignore_index=True)
    many["name"] = [f"Cluster {i}" for i in range(len(many))]
    spec = map_spec(many)
    out = write_figure(spec, "levers", tmp_path / "levers.png", width_mm=84, dpi=60)
    alt = out.with_name("levers.alt.txt").read_text(encoding="utf-8")
    assert f"of {len(many)} (no more fit at 84 mm wide)" in alt, alt[-400:]
    small = write_figure(map_spec(base), "levers", tmp_path / "small.png", width_mm=174, dpi=60)
    assert "no more fit" not in small.with_name("small.alt.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------ M15 in pages: the HTML map and the report


def test_the_french_pages_name_the_study_sectors_in_french(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .test_figure_french import _page_words

    spec = map_spec(_study(), lang="fr")
    page = clusteratlas.interactive.render_map(clusteratlas.interactive.interactive_map(spec))
    words = _page_words(page)
    assert "Énergie et environnement" in words and "Agroalimentaire et pêche" in words
    assert "Energy & environment" not in words and "Agri-food" not in words
    legend = [item.text for item in spec.legend_items() if item.group == "categories"]
    assert "Numérique et TIC (1 sur la carte, 2 au total)" in legend  # Digipole, unplaced, still counted
    french = {t.name: t for t in build_report(_study(), lang="fr", figure=False).tables()}
    groups = french["by_sector_group"].display.iloc[:, 0].tolist()
    assert "Énergie et environnement" in groups and "Energy & environment" not in groups
    assert "Energy & environment" in french["by_sector_group"].raw["group"].tolist()  # the data keep their values
    english = {t.name: t for t in build_report(_study(), lang="en", figure=False).tables()}
    assert "Energy & environment" in english["by_sector_group"].display.iloc[:, 0].tolist()
    assert {"Privée", "Mixte"} <= set(french["by_governance"].display.iloc[:, 0])  # Table 2's values too
    assert "Private" in set(english["by_governance"].display.iloc[:, 0])
    assert "Oui" in words and "Privée" in words  # the map's table: labeling, governance


# ------------------------------------------------------------ every French output of the study, scanned


def _english_values() -> list[str]:
    """The study's values that have a French name: English in a French output once they are named."""
    study = load_profile()
    french = {name for column in study.values for name in study.value_labels(column, "fr").values()}
    english = {v for column in study.values for v, name in study.value_labels(column, "fr").items() if name != v}
    return sorted(english - french, key=len, reverse=True)  # "Public": a governance's English, a financing's French


#: Cases of the review (M15, M17, L20) besides :data:`tests.test_figure_french.ENGLISH`.
MORE_CASES = [r"New Fes", r"\bd'Energy\b", r"\b0 régions\b", r"\bplaced only to\b", r"\b\d+ records\b"]


def _french_scan(text: str) -> list[str]:
    import re

    from .test_figure_french import _english, _user_values

    named = set(_english_values())
    user = [v for v in _user_values(_study()) if v not in named]  # the study's named values are ours to translate
    found = _english(text, user)
    for pattern in [*MORE_CASES, *(rf"(?<!\w){re.escape(v)}(?!\w)" for v in named if len(v) > 3)]:
        found += [text[max(0, m.start() - 40) : m.end() + 40] for m in re.finditer(pattern, text)]
    return found


def french_study_words(folder, kind: str) -> str:  # type: ignore[no-untyped-def]
    """Draw the study's French figure of ``kind`` at 120 mm, plain and for a journal, into ``folder``; return
    the words a reader sees: the SVG's text, its alt text and caption files."""
    from clusteratlas.static import write_figure

    from .test_figure_french import _svg_words

    options = {"color_by": "sector_group", "category": "Energy & environment"} if kind == "lq" else {}
    spec = map_spec(_study(), lang="fr", data_label="fiches.csv", **options)  # type: ignore[arg-type]
    svg = write_figure(spec, kind, folder / f"{kind}.svg", width_mm=120)
    write_figure(spec, kind, folder / f"{kind}-revue.svg", width_mm=120, journal=True)
    texts = [_svg_words(svg.read_text(encoding="utf-8"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return "\n".join(texts)


@pytest.mark.parametrize("kind", ["points", "combined", "lq", "levers"])
def test_every_french_study_figure_is_french(tmp_path, kind: str) -> None:  # type: ignore[no-untyped-def]
    found = _french_scan(french_study_words(tmp_path, kind))
    assert not found, found[:10]


def test_the_french_study_map_and_report_are_french(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .test_figure_french import _page_words

    spec = map_spec(_study(), lang="fr", data_label="fiches.csv")
    page = clusteratlas.interactive.render_map(clusteratlas.interactive.interactive_map(spec))
    report = tmp_path / "rapport.html"
    clusteratlas.write_report(clusteratlas.report(_study(), lang="fr", data_label="fiches.csv"), report)
    found = _french_scan(_page_words(page) + "\n" + _page_words(report.read_text(encoding="utf-8")))
    assert not found, found[:10]
