"""Session 15 (the lead): the timeline's alt text counts what its small maps draw (review H3)."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pytest

from clusteratlas.mapspec import describe
from clusteratlas.static import draw, write_figure

from .randomdata import random_spec
from .test_figure_print import _pdf_info

matplotlib.use("Agg")

#: A period map's title: "Created 1975–1979: 81 of 95 records placed", or "…: 8 clusters" when all are placed.
TITLE = re.compile(r"^(?:Created|Créés|Créées) (\d{4}(?:–\d{4})?)\W+(.*)$")
NUMBER = re.compile(r"\d[\d,\u202f\u00a0]*")


def _digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))


@pytest.mark.parametrize(("n", "lang"), [(2000, "fr"), (2000, "en"), (60, "en")])
def test_timeline_alt_text_gives_each_maps_placed_records(n: int, lang: str) -> None:
    """Each period's "placed of created" in the alt text is its small map's title, not every record created.

    On session 14's main the alt text said "2005–2009: 510" where the map drew 446, and never
    said the maps of a big table are densities.
    """
    spec = random_spec(5, n, lang)
    fig = draw(spec, "timeline").figure
    titles = [t for ax in fig.axes if (t := ax.get_title()) and TITLE.search(t)]
    assert len(titles) >= 2
    alt = describe(spec, "timeline")
    of = "of" if lang == "en" else "sur"
    for title in titles:
        found = TITLE.search(title)
        assert found is not None
        counts = [_digits(x) for x in NUMBER.findall(found[2])]
        placed, created = counts[0], counts[-1]
        said = re.search(re.escape(found[1]) + r"\W+(\d[\d,\u202f\u00a0]*) " + of + r" (\d[\d,\u202f\u00a0]*)", alt)
        assert said is not None, (found[1], alt)
        assert (_digits(said[1]), _digits(said[2])) == (placed, created), title
    dense = {"en": "density of (records|clusters) per hexagon", "fr": "densité de (fiches|clusters) par hexagone"}[lang]
    assert bool(re.search(dense, alt)) == (n > 1000), alt


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_french_title_metadata_keeps_the_no_break_space(tmp_path: Path, suffix: str) -> None:
    """The SVG ``<title>`` and the PDF Title of a French figure keep "csv\u00a0: fiches" (review L1).

    The drawn title was joined with ``str.split()``, which splits at no-break spaces too.
    """
    path = write_figure(random_spec(5, 60, "fr"), "timeline", tmp_path / f"t{suffix}")
    data = path.read_bytes()
    if suffix == ".svg":
        title = re.search(r"<title>([^<]*)</title>", data.decode())
        assert title is not None
        text = title[1]
    else:
        text = _pdf_info(data)["Title"]
    assert "\u00a0:" in text, text
    assert " :" not in text, text


def test_english_names_never_keep_a_french_form_of_an_exonym() -> None:
    """An English key never sets "Fès al Bali" beside "Fez" (review L4).

    Of every town whose English name is an exonym of one word (Fez for Fès, Tangier for
    Tanger), the French word appears in no English name: a quarter named after its town takes
    the exonym too (Fez Jdid, Fez el-Bali).
    """
    from clusteratlas._labels import display_names

    en, fr = display_names("en"), display_names("fr")
    exonyms = {f: e for f, e in zip(fr, en, strict=True) if f != e and " " not in f and " " not in e}
    assert {"Fès", "Tanger"} <= set(exonyms)
    words = en.str.split(r"[\s\-]+", regex=True).explode()
    kept = sorted(set(words[words.isin(list(exonyms))].index))
    assert kept == [], {p: en[p] for p in kept}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_region_captions_of_the_report_say_what_they_count(lang: str) -> None:
    """A region's table is captioned "Oriental (02): 9 records", never a bare "Oriental (02): 9" (review L6)."""
    import warnings

    from clusteratlas import geocode
    from clusteratlas.reporting import build_report

    from .randomdata import random_records

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = build_report(geocode(random_records(8, 150)), lang=lang)
    head = re.compile(r"^[^:]+ \(\d{2}\)[\s\u00a0\u202f]?:[\s\u00a0\u202f](.*)$")
    said = [found[1] for t in report.tables() if (found := head.match(t.caption))]
    assert len(said) >= 5
    unit = {"en": r"^\d[\d,]* records?\b", "fr": r"^\d[\d\u202f\u00a0]* fiches?\b"}[lang]
    assert [s for s in said if not re.match(unit, s)] == []


def test_two_units_are_joined_in_french() -> None:
    """"deux unités dans une colonne : MDH et %", not "MDH and %" (session 14's French leftover)."""
    import pandas as pd

    from clusteratlas._messages import translate
    from clusteratlas.errors import InputError
    from clusteratlas.records.numeric import parse_numbers

    with pytest.raises(InputError) as raised:
        parse_numbers(pd.Series(["12 MDH", "5 %", "3 MDH"]), column="invest", unknown="empty it")
    english = str(raised.value)
    assert "two units in one column: MDH and %;" in english
    french = translate(english, "fr")
    assert "deux unités dans une colonne\u00a0: MDH et %" in french.replace(" :", "\u00a0:"), french
    assert " and " not in french


def test_the_dask_and_late_encoding_csv_messages_are_french() -> None:
    """The messages of a CSV Dask (or a stream past its first megabyte) cannot read are French whole.

    Session 14 left them English under ``--lang fr``: they had no template.
    """
    import pandas as pd

    from clusteratlas._messages import translate
    from clusteratlas.cli import with_flags
    from clusteratlas.engines._dask import _dask_csv_error, _Source
    from clusteratlas.stream import csv_error

    source = _Source(None, "x.csv", False, None, "utf-8")
    bad_bytes = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
    bad_row = pd.errors.ParserError("Error tokenizing data. C error: Expected 2 fields in line 3, saw 3")
    errors = [_dask_csv_error(source, bad_bytes), _dask_csv_error(source, bad_row), csv_error("x.csv", bad_bytes)]
    for english in (with_flags(str(e)) for e in errors):
        french = translate(english, "fr")
        assert french != english
        assert not re.search(r"\b(holds|bytes|cannot|read|partition;|megabyte|save it|Dask cuts)\b", french), french


@pytest.mark.parametrize(
    "english",
    [
        "out.gpkg: not written: it is open in qgis (pid 12), and replacing it now would lose that program's work; "
        "close the file there (in QGIS, remove its layers from the project) and run again, or write to a new "
        ".gpkg file.",
        "out.gpkg: not written: another program is writing to it (database is locked), and replacing it now would "
        "lose that program's work; close the file there (in QGIS, remove its layers from the project) and run "
        "again, or write to a new .gpkg file.",
        "a.csv: row 3 has 4 fields, more than the header's 2 (separator ','); quote cells that contain the "
        "separator or remove the extra cells.",
        "a.gpkg: a column cannot be written to a GeoPackage (GDAL: Invalid field name); rename that column in "
        "the input, or write .geojson, .parquet or .csv.",
    ],
)
def test_messages_built_outside_a_raise_are_french(english: str) -> None:
    """Messages built as ``InputError(...)``/``OutputError(...)`` and raised elsewhere have French templates.

    The drift test (``test_frmsg_s13``) read only ``raise X(...)``; it now reads every such call,
    and these four had no template.
    """
    from clusteratlas._messages import translate

    french = translate(english, "fr")
    assert french != english
    assert not re.search(r"\b(not written|program|replacing|fields|header|cannot|rename|database)\b", french), french


def test_the_french_levers_key_sets_french_apostrophes() -> None:
    """The levers figure's key of lever names is French typography: "l’innovation", not "l'innovation"."""
    from .randomdata import study_spec

    fig = draw(study_spec("fr"), "levers").figure
    said = " ".join(t.get_text() for t in fig.texts)
    assert "l\u2019innovation" in said, said
    assert not re.search(r"\w'\w", said), said
