"""What figures say and weigh: file sizes, place names in labels and keys, counts, "Other", alt text (issue 20)."""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas.mapspec import MapSpec, describe, map_spec, other_categories
from clusteratlas.static._patterns import HATCHES
from clusteratlas.static.save import render

from .placesdata import SECTORS, places_records
from .randomdata import random_spec


@cache
def places_spec(lang: str = "en", value: str = "count") -> MapSpec:
    """The map specification of the 40-place register (:mod:`tests.placesdata`), geocoded quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        names = {"Nom": "name", "Ville": "city", "Secteur": "sector", "Année": "year"}
        geo = geocode(places_records().rename(columns=names))
    return map_spec(geo, data_label="places40.csv", lang=lang, value=value, unit="records")


def _patterns(svg: str) -> list[str]:
    """The ``<pattern>`` elements of an SVG, without their ids."""
    return [re.sub(r'id="[^"]*"', "", p) for p in re.findall(r"<pattern\b.*?</pattern>", svg, flags=re.DOTALL)]


def test_patterns_are_lines_only() -> None:
    assert HATCHES[0] == ""
    assert all(set(h) <= set("/\\|-+x") for h in HATCHES)  # no dot or circle: each a few straight segments


@pytest.mark.parametrize(("kind", "south"), [("points", "frame"), ("combined", "inset")])
def test_vector_figures_of_forty_places_stay_small_with_each_pattern_once(
    tmp_path: Path, kind: str, south: str
) -> None:
    spec = places_spec()
    svg, pdf = tmp_path / "map.svg", tmp_path / "map.pdf"
    plt.close(render(spec, kind, [svg, pdf], south=south).figure)
    text = svg.read_text(encoding="utf-8")
    patterns = _patterns(text)
    assert len(patterns) == len(set(patterns))  # each hatch pattern (if any) defined once
    # Session 11: symbols and key swatches draw their pattern as marks centred on them (one path each), not
    # as a page-fixed hatch, which showed one line or none on a small symbol.
    marks = re.findall(r'<g id="pattern-marks[^"]*">\s*<path d="([^"]*)"', text)
    assert len(marks) >= 2  # the categories that print alike in grey are patterned
    assert all(" C " not in d and "\nC " not in d for d in [*marks, *patterns])  # straight lines, no Bézier dots
    assert svg.stat().st_size < 1_000_000
    assert pdf.stat().st_size < 1_000_000
    assert "<text" in text and "text-halo-" in text  # labels are text, their halo a stroke, not outlines
    assert not re.search(r'<g id="cluster-label">\s*<path', text)


def test_a_timeline_of_twenty_thousand_records_stays_small(tmp_path: Path) -> None:
    spec = random_spec(20, 20_000)
    svg, pdf = tmp_path / "timeline.svg", tmp_path / "timeline.pdf"
    plt.close(render(spec, "timeline", [svg, pdf]).figure)
    patterns = _patterns(svg.read_text(encoding="utf-8"))
    assert len(patterns) == len(set(patterns))
    assert svg.stat().st_size < 1_000_000
    assert pdf.stat().st_size < 1_000_000


def _figure_words(fig: plt.Figure) -> list[str]:
    """Every visible text of a figure: labels, numbers, the key, legends, captions."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_labels_and_keys_name_places_with_their_count_not_records(lang: str) -> None:
    spec = places_spec(lang)
    drawing = render(spec, "points")
    try:
        words = _figure_words(drawing.figure)
    finally:
        plt.close(drawing.figure)
    text = "\n".join(words)
    assert "Entreprise" not in text  # no record's name stands for its place
    record = drawing.record
    said = {" ".join(lb.text.split()) for f in (record.main, *record.insets) for lb in f.labels}
    keyed = {re.sub(r"^\d+\s+", "", line) for line in record.key}
    for town in ("Azrou", "Ifrane", "Midelt"):  # one record each: named by the place
        assert town in said | keyed, town
    title = spec.texts["key_one"].format(key=spec.texts["key"], one=spec.texts["one_record"])
    bare = [line for line in keyed if not re.search(r"\d", line)]  # a numbered place without its count
    # the key says what a line without a count means, whenever it has one
    assert bool(bare) == (" ".join(title.split()) in " ".join(text.split())), bare


def test_a_registers_spellings_and_arabic_script_never_name_a_place_in_a_french_figure() -> None:
    records = pd.DataFrame(
        {
            "name": [f"Société {i}" for i in range(12)],
            "city": ["قصبة تاد لة", "OUANNANA", "Kazablanko", "beni melala", "Tanger", "Tangier", "Marrakesh",
                     "Marrakech", "Fes", "Fès", "Casablanca", "casablanca"],
            "sector": ["A", "B"] * 6,
        }
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(records), data_label="reg.csv", lang="fr")
    assert not spec.points["place"].str.contains(r"[\u0600-\u06FF]").any()
    drawing = render(spec, "points")
    try:
        text = "\n".join(_figure_words(drawing.figure))
    finally:
        plt.close(drawing.figure)
    assert not re.search(r"[\u0600-\u06FF]", text)
    for raw in ("OUANNANA", "Kazablanko", "beni melala", "Tangier", "Marrakesh", "Fes:", "Fes "):
        assert raw not in text, raw
    assert "Tanger" in text and "Marrakech" in text
    assert "(province)" in text  # a commune placed at its province is named by the province, said so


def _keyed_names(key: tuple[str, ...]) -> list[str]:
    """The place of each key line ("12 Salé: 250 records" → "Salé")."""
    return [re.sub(r"^\d+\s+", "", line).split(":")[0].strip() for line in key]


@pytest.mark.parametrize("south", ["frame", "inset"])
def test_each_place_is_counted_once_and_keyed_once(south: str) -> None:
    spec = places_spec()
    drawing = render(spec, "points", south=south)
    plt.close(drawing.figure)
    record = drawing.record
    places = len(spec.points[["lat", "lon"]].round(3).drop_duplicates())
    assert places == 40
    assert record.candidates == places  # "All 40 places labelled", not 42: inset places counted once
    assert record.labelled <= places
    if south == "frame":
        names = _keyed_names(record.key)
        assert len(names) == len(set(names)), names  # one number a place across the map and its detail inset


def test_other_says_which_categories_it_holds_with_counts() -> None:
    spec = places_spec()
    merged = other_categories(spec)
    assert len(merged) == len(SECTORS) - 11  # 15 sectors: 11 keep a colour, 4 are "Other"
    alt = describe(spec, "points")
    drawing = render(spec, "points")
    try:
        drawn = " ".join(" ".join(_figure_words(drawing.figure)).split())
    finally:
        plt.close(drawing.figure)
    timeline = describe(spec, "timeline")
    for name, n in merged:
        assert f"{name} {n}" in alt, name
        assert f"{name} {n}" in timeline, name
        assert f"{name} ({n})" in drawn, name  # the caption's note under the legend


def test_alt_text_gives_places_and_caps_the_unplaced_list() -> None:
    records = places_records().rename(columns={"Nom": "name", "Ville": "city", "Secteur": "sector"})
    lost = pd.DataFrame(
        {"name": [f"Lost\t<b>{i}</b>\nfirm" for i in range(1_200)], "city": "", "sector": "Agroalimentaire"}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(pd.concat([records, lost], ignore_index=True)), data_label="x.csv", lang="en")
    alt = describe(spec, "points")
    assert "Places by clusters: Casablanca 600; Tangier 100;" in alt
    assert "and 30 more." in alt  # 40 places: ten named
    assert "Not shown (1,200)" in alt  # thousands separators
    assert "and 1,190 more: see the report or the geocoded file" in alt
    assert alt.count("Lost") == 10
    assert "\t" not in alt and "\n" not in alt
    assert len(alt) < 3_000


def test_the_few_records_note_has_no_asterisk_that_points_at_nothing() -> None:
    spec = places_spec(value="per-capita")
    drawing = render(spec, "choropleth")
    try:
        words = _figure_words(drawing.figure)
    finally:
        plt.close(drawing.figure)
    note = spec.texts["few"].split("{")[0].lstrip("* ")  # "Per-capita value resting on fewer than "
    assert any(note in w for w in words)  # the note is there, in words
    assert not any(w.lstrip().startswith("*") or "\n*" in w for w in words)


def test_the_alt_texts_hint_names_the_command_line_option() -> None:
    records = pd.DataFrame({"name": ["A", "B"], "city": ["", "Casablanca"], "address": ["Rue Inconnue 12", ""]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(records), data_label="x.csv", lang="en")
    alt = describe(spec, "points")
    assert "`--aliases FILE`" in alt  # an address the geocoder did not recognise: its hint
    assert "(`aliases`)" not in alt and "[`aliases`]" not in alt


def test_alt_text_never_says_and_one_more_it_names_that_place() -> None:
    records = places_records().rename(columns={"Nom": "name", "Ville": "city", "Secteur": "sector"})
    for lang, more in (("en", "and 1 more"), ("fr", "et 1 autre")):
        for n_places in (11, 12):
            towns = records["city"].drop_duplicates().head(n_places)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                spec = map_spec(geocode(records[records["city"].isin(towns)]), data_label="x.csv", lang=lang)
            alt = describe(spec, "points")
            assert more not in alt, (lang, n_places)
            named = 11 if n_places == 11 else 10
            tail = f"{'and' if lang == 'en' else 'et'} 2 {'more' if lang == 'en' else 'autres'}"
            assert (tail in alt) == (n_places == 12), (lang, n_places, alt)
            assert alt.count(";") >= named - 1
