"""The study as a profile: the loader, the rule that applies it, and a core that knows no study column."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pandas as pd
import pytest

import clusteratlas
from clusteratlas import geocode
from clusteratlas._resources import data_path
from clusteratlas.errors import InputError
from clusteratlas.presentation import texts
from clusteratlas.profile import PROFILE_ENV, Profile, load_profile, profile_for

STUDY_DIR = data_path("profiles", "study")


def _write(folder: Path, text: str) -> Path:
    """Write a profile folder: ``profile.toml`` with ``text``, and copies of the study's zones and claims."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("zones.toml", "claims.toml"):
        (folder / name).write_bytes((STUDY_DIR / name).read_bytes())
    (folder / "data.csv").write_text("name,city\nA,Rabat\n", encoding="utf-8")
    (folder / "profile.toml").write_text(text, encoding="utf-8")
    return folder


def _study_text() -> str:
    text = (STUDY_DIR / "profile.toml").read_text(encoding="utf-8")
    return text.replace('"../../clusters.csv"', '"data.csv"').replace('compare = "../../clusters_2019.csv"\n', "")


# ------------------------------------------------------------ the shipped profile


def test_the_study_profile_holds_its_columns_levers_periods_figures_and_wording() -> None:
    study = load_profile()
    assert study is load_profile("study") is load_profile(STUDY_DIR) is load_profile(STUDY_DIR / "profile.toml")
    assert study.name == "study" and study.unit == "clusters" and study.category == "sector_group"
    assert list(study.columns) == ["sector_group", "governance", "financing", "labeling"]
    assert study.columns["governance"] == {"en": "Governance", "fr": "Gouvernance"}
    assert len(study.levers) == 7 and study.lever_columns[0] == "lever_rnd"
    assert study.periods == (2010, 2015, 2020)
    assert [f.name for f in study.figures] == [
        "clusters_points",
        "clusters_choropleth",
        "clusters_combined",
        "clusters_timeline",
        "clusters_levers",
    ]
    assert study.figures[0].formats == (".png", ".svg", ".pdf") and study.shares == ("sector_group",)
    assert study.data == data_path("clusters.csv").resolve()
    assert study.compare == data_path("clusters_2019.csv").resolve()
    assert study.zones == STUDY_DIR.resolve() / "zones.toml" and study.claims == STUDY_DIR.resolve() / "claims.toml"
    assert study.texts("map", "en")["levers"] == "Intervention levers (Table 3)"
    assert study.texts("map", "fr")["levers"] == "Leviers d’intervention (tableau 3)"
    assert study.citation.short == "Errajaoui & Nokairi" and study.citation.text().startswith("Oumaima Errajaoui")
    assert "Errajaoui & Nokairi" in study.data_label


def test_lever_labels_in_both_languages_and_records_read_the_profiles_levers() -> None:
    """The records read the default profile's levers as yes/no columns and its headers as its columns."""
    from clusteratlas.records import canonical_column, profile_headers, yes_no_columns

    study = load_profile()
    levers = study.lever_labels("en")
    assert yes_no_columns() == study.lever_columns and list(levers) == list(study.lever_columns)
    assert levers["lever_rnd"] == "Innovation development R&D" and study.lever_short("en")["lever_rnd"] == "R&D"
    assert canonical_column("Système de gouvernance") == "governance" and canonical_column("Filière") == "sector_group"
    assert canonical_column(" Lever_Skills ") == "lever_skills" and "vocation" in profile_headers()
    french = study.lever_labels("fr")
    assert set(french) == set(levers) and all(french[c] != levers[c] for c in levers)
    assert study.lever_short("fr")["lever_skills"] == "Compétences"
    assert study.column_label("lever_skills", "fr") == "Développement des compétences"
    assert study.column_label("sector", "fr") is None


def test_profile_wording_rewords_existing_catalogue_keys_only() -> None:
    """The profile rewords the core's keys, and titles its own columns' share tables (``by_COLUMN``)."""
    study = load_profile()
    own = {f"by_{column}" for column in study.columns}
    for lang in ("en", "fr"):
        for section in ("map", "report"):
            assert set(study.texts(section, lang)) <= set(texts(section, lang)) | own, (lang, section)
        assert own <= set(study.texts("report", lang)) and not own & set(texts("report", lang))
        assert set(study.texts("reproduction", lang)) == {"title"}


# ------------------------------------------------------------ which profile applies


def test_profile_applies_to_records_with_its_columns_or_when_asked() -> None:
    study = load_profile()
    mine = pd.DataFrame({"name": ["a"], "city": ["Rabat"], "sector": ["x"]})
    assert profile_for(mine) is None  # no study column: no study wording
    assert profile_for(mine, True) is study and profile_for(mine, "study") is study
    assert profile_for(mine.assign(governance="Private")) is study
    assert profile_for(mine.assign(lever_rnd=True), False) is None
    assert profile_for(["name", "sector_group"]) is study
    assert profile_for(mine, study) is study


def test_environment_selects_another_default_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = _write(tmp_path / "mine", _study_text().replace('name = "study"', 'name = "mine"'))
    monkeypatch.setenv(PROFILE_ENV, str(other))
    assert load_profile().name == "mine" and load_profile().compare is None
    assert load_profile("study").name == "study"
    monkeypatch.setenv(PROFILE_ENV, "study")
    assert load_profile().name == "study"


def test_a_data_folder_without_profiles_applies_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "geo").symlink_to(data_path("geo"))
    monkeypatch.setenv("CLUSTERATLAS_DATA", str(tmp_path))
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    assert profile_for(["name", "sector_group"]) is None
    with pytest.raises(InputError, match="no such profile file"):
        profile_for(["name"], True)


# ------------------------------------------------------------ errors name the file and the key


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('unit = "clusters"', 'unit = "firms"', r"profile\.unit: must be one of clusters, records"),
        ("periods = [2010, 2015, 2020]", "periods = [2015, 2010]", r"profile\.periods: must be increasing years"),
        ('zones = "zones.toml"', 'zones = "nope.toml"', r"profile\.zones: names 'nope\.toml', which is not a file"),
        (', fr = "Groupe sectoriel"', "", r"columns\.sector_group\.fr: must be a non-empty text"),
        ('short = { en = "R&D", fr = "R&D" }', 'short = { en = "R&D" }', r"lever 1\.short\.fr"),
        ('formats = [".png"]', 'formats = ["png"]', r"figure 2\.formats: must list file extensions"),
        ("[texts.fr.reproduction]", "[texts.fr.nope]", r"texts\.fr: unknown section 'nope'"),
        ("[reproduce]", "[reproduce]\ncolour = 1", r"\[reproduce\]: unknown key 'colour'"),
        ('short = "Errajaoui & Nokairi"', "", r"citation\.short"),
    ],
)
def test_bad_profiles_name_the_file_and_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = _study_text()
    assert old in text
    folder = _write(tmp_path / "bad", text.replace(old, new, 1))
    with pytest.raises(InputError, match=message) as caught:
        load_profile(folder)
    assert str(folder / "profile.toml") in str(caught.value)
    assert "see data/profiles/study/profile.toml for the format" in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = _study_text().replace('unit = "clusters"', 'unit = "firms"').replace('category = "sector_group"\n', "")
    with pytest.raises(InputError, match=r"profile\.unit.*profile\.category"):
        load_profile(_write(tmp_path / "two", text))


def test_missing_and_broken_profile_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such profile file"):
        load_profile(tmp_path / "nowhere")
    folder = _write(tmp_path / "broken", "[profile\n")
    with pytest.raises(InputError, match=r"not a valid TOML file.*data/profiles/study/profile\.toml"):
        load_profile(folder)


# ------------------------------------------------------------ the core knows no study column

#: The study's column names and words (case matters for the columns: they are identifiers).
STUDY_WORDS = re.compile(
    r"(?<![A-Za-z0-9])(?:sector_group|governance|financing|labeling|LEVERS|LEVER_SHORT"
    r"|lever_(?:rnd|cooperation|skills|infrastructure|international|subsidies|governance))(?![A-Za-z0-9])"
    r"|(?i:\btable(?:au)? 3\b|errajaoui|nokairi)"
)
SRC = Path(clusteratlas.__file__).parent
#: Parts of the core that still name the study's columns or words (file or package -> lines).
#: Empty: the study's columns, levers, header spellings, wording and map table live in its
#: profile (data/profiles/study). It can only shrink: an entry that no longer names the study fails.
STUDY_ALLOWED: dict[str, int] = {}
#: Lines that use one of the study's words for something else, exactly as written.
NOT_THE_STUDY = frozenset({'_QML_LABELS = "labeling"'})  # QGIS's <labeling> element in the GeoPackage styles


def study_lines() -> dict[str, list[str]]:
    """Every line of the core naming the study, by top-level module or package (``static``, ``_locale``)."""
    found: dict[str, list[str]] = collections.defaultdict(list)
    for path in sorted(SRC.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        rel = path.relative_to(SRC)
        for i, line in enumerate(text.splitlines(), start=1):
            if STUDY_WORDS.search(line) and line.strip() not in NOT_THE_STUDY:
                found[rel.parts[0].removesuffix(".py")].append(f"{rel}:{i}: {line.strip()}")
    return dict(found)


def test_the_scan_finds_what_it_should() -> None:
    for line in ('by = "sector_group"', "by_governance = 1", "x = LEVERS", "Source: tableau 3", "lever_rnd"):
        assert STUDY_WORDS.search(line), line
    for line in ("lever_counts(records)", "lever_columns", "governances_x", "Table 30", "sector"):
        assert not STUDY_WORDS.search(line), line


def test_the_core_names_no_study_column_or_word() -> None:
    found = study_lines()
    over = {k: v for k, v in found.items() if len(v) > STUDY_ALLOWED.get(k, 0)}
    assert over == {}, "the study's columns and words belong to its profile (data/profiles/study)"
    stale = {k for k in STUDY_ALLOWED if k not in found}
    assert stale == set(), "clean now: remove them from STUDY_ALLOWED"


# ------------------------------------------------------------ what the profile changes in outputs


def test_a_table_without_study_columns_gets_no_study_wording() -> None:
    from clusteratlas.mapspec import describe, map_spec

    frame = pd.DataFrame({"name": ["a", "b"], "city": ["Rabat", "Fès"], "sector": ["x", "y"]})
    frame["lever_a"] = pd.array([True, False], dtype="boolean")
    geo = geocode(frame)
    spec = map_spec(geo, unit="records")
    assert spec.profile is None and spec.texts["levers"] == "Intervention levers"
    assert "Table 3" not in spec.texts["levers_source"] and spec.color_by == "sector"
    asked = map_spec(geo, unit="records", profile="study")
    assert isinstance(asked.profile, Profile) and asked.texts["levers"] == "Intervention levers (Table 3)"
    assert describe(spec, "points").endswith(spec.source)


def test_study_records_get_the_profile_in_both_languages(geocoded: pd.DataFrame) -> None:
    from clusteratlas.mapspec import describe, map_spec

    fr = map_spec(geocoded, lang="fr")
    assert fr.profile is load_profile() and fr.color_by == "sector_group"
    assert fr.category_title() == "Groupe sectoriel" and fr.texts["levers"] == "Leviers d’intervention (tableau 3)"
    alt = describe(fr, "levers")
    assert "Compétences (Développement des compétences)" in alt and "Skills development" not in alt
    plain = map_spec(geocoded, profile=False)
    assert plain.profile is None and plain.color_by == "sector" and plain.texts["levers"] == "Intervention levers"


# ------------------------------------------------------------ another study, as data only

OTHER_PROFILE = """
[profile]
name = "agro"
unit = "records"
category = "branch"
periods = [2000, 2015]
zones = "zones.toml"
claims = "claims.toml"

[data]
file = "data.csv"
label = "the agro register"

[citation]
authors = ["A. Author"]
title = "Agro-industrial parks"
venue = "a report"
short = "Author"

[columns]
branch = { en = "Branch", fr = "Branche" }
tenure = { en = "Tenure", fr = "Statut foncier" }

[headers]
branch = ["branch", "branche", "filière agro"]
tenure = ["tenure", "statut foncier"]

[[lever]]
column = "lever_export"
label = { en = "Export support", fr = "Appui à l'export" }
short = { en = "Export", fr = "Exportation" }

[[lever]]
column = "lever_water"
label = { en = "Water access", fr = "Accès à l'eau" }
short = { en = "Water", fr = "Eau" }

[[figure]]
name = "agro_points"
kind = "points"
formats = [".png"]

[map]
table = ["year", "branch", "city", "region"]

[reproduce]
shares = ["branch"]

[texts.en.report]
by_branch = "Shares by branch"

[texts.fr.report]
by_branch = "Répartition par branche"
"""


def test_another_profile_drives_reading_levers_figures_maps_and_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A profile of other columns and levers needs no code: the core reads, labels and tabulates them."""
    from clusteratlas.interactive._columns import table_columns
    from clusteratlas.interactive._study import lever_columns, lever_labels
    from clusteratlas.mapspec import map_spec
    from clusteratlas.records import read_records
    from clusteratlas.reporting.model import build_report
    from clusteratlas.static import draw

    folder = _write(tmp_path / "agro", OTHER_PROFILE)
    monkeypatch.setenv(PROFILE_ENV, str(folder))
    n = 12
    rows = pd.DataFrame(
        {
            "Nom": [f"parc {i}" for i in range(n)],
            "Ville": ["Rabat", "Fès", "Tanger", "Agadir"] * (n // 4),
            "Filière agro": ["Olives", "Dattes", "Agrumes"] * (n // 3),
            "Statut foncier": ["public", "privé"] * (n // 2),
            "lever_export": ["oui", "non", ""] * (n // 3),
            "lever_water": ["x", "", "non", "oui"] * (n // 4),
            "Gouvernance": ["a", "b"] * (n // 2),  # the study's column: this profile does not know it
        }
    )
    rows.to_csv(tmp_path / "agro.csv", index=False)
    records = read_records(tmp_path / "agro.csv")
    assert {"branch", "tenure", "lever_export", "lever_water", "Gouvernance"} <= set(records.columns)
    assert "governance" not in records and records["lever_export"].dtype == "boolean"
    assert records["lever_water"].tolist()[:4] == [True, pd.NA, False, True]
    geo = geocode(records)
    spec = map_spec(geo, lang="fr")
    assert spec.profile is not None and spec.profile.name == "agro" and spec.color_by == "branch"
    assert spec.category_title() == "Branche"
    record = draw(spec, "levers").record
    assert record.columns == ("lever_export", "lever_water")
    assert lever_columns(spec) == ["lever_export", "lever_water"]
    assert lever_labels(spec, lever_columns(spec)) == [["lever_export", "Exportation"], ["lever_water", "Eau"]]
    shown = [key for key, _ in table_columns(spec, [], [])]
    assert shown[:4] == ["name", "branch", "city", "region"]  # the profile's [map] table (no year in these data)
    built = build_report(geo, lang="fr", figure=False)
    captions = [t.caption for t in built.tables()]
    assert any(c.startswith("Répartition par branche (") for c in captions)  # the profile's wording
    assert any(c.startswith("Répartition par Statut foncier (") for c in captions)  # its column, the file's header
    levers = next(t for t in built.tables() if t.name == "levers")
    assert levers.raw["label"].tolist() == ["Appui à l'export", "Accès à l'eau"]
    assert any(c.startswith("Répartition par Gouvernance (") for c in captions)  # a user's column like any other
