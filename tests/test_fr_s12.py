"""French throughout, and words that say what the figure shows (session 12, helper "fr"; issue 20 item 7).

- Under ``--lang fr`` the command line's warnings and one-line errors are French, with French
  typography; English stays byte for byte what it was.
- French texts set the typographic apostrophe (’), never the straight one: the catalogue,
  figures, alt text, captions, the HTML map and the report.
- L19: a key item ("1 Mohammédia") and a detail inset's place ("El Jadida") are never cut
  across lines.
- M17: the study's figures say "clusters" everywhere they count (alt text, caption, subtitle),
  as their keys do; the detail inset names its places, not the clusters at them.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import clusteratlas
from clusteratlas import geocode, map_spec, read_records
from clusteratlas._resources import data_path
from clusteratlas.cli import main
from clusteratlas.presentation import catalogue, texts

NBSP, NNBSP = "\u00a0", "\u202f"
#: A straight apostrophe between letters (or before a field): French sets ’.
STRAIGHT = re.compile(r"(?<=\w)'(?=\w)")
#: English a French user must not meet on stderr.
ENGLISH = [
    "warning:",
    "error:",
    "could not be placed",
    "records",
    "no place name given",
    "not in the gazetteer",
    "closest:",
    "is a place outside",
    "no location given",
    "the file",
    "check the",
    "same as row",
    "repeats an earlier",
    " of these rows",
    "(city '",
    "and 1 more",
]


@cache
def _study() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(read_records(data_path("clusters.csv")))


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------ 1. stderr in French


def test_an_error_line_is_french_under_lang_fr_and_english_unchanged(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = _write(tmp_path / "vide.csv", "name,city\n")
    code, err = _run(["shares", str(empty), "--lang", "fr"], capsys)
    assert code == 2
    assert err == (
        f"erreur{NBSP}: {empty}{NBSP}: le fichier a un en-tête mais aucune fiche{NNBSP}; ajoutez une ligne par fiche.\n"
    )
    code, err = _run(["shares", str(empty)], capsys)
    assert (code, err) == (2, f"error: {empty}: the file has a header but no records; add one row per record.\n")
    code, err = _run(["shares", str(empty), "--lang=en"], capsys)
    assert err == f"error: {empty}: the file has a header but no records; add one row per record.\n"


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("vide.csv", "", "le fichier est vide"),
        ("absent.csv", None, "fichier introuvable"),
        ("colonnes.csv", "name,foo\nA,x\n", "aucune colonne de lieu (colonnes trouvées"),
        ("guillemet.csv", 'name;city\n"x\n', "n’est jamais fermé"),
    ],
)
def test_bad_input_errors_are_french(tmp_path, capsys, name: str, text: str | None, said: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    if text is not None:
        _write(path, text)
    for command in (["shares"], ["figure", "-o", str(tmp_path / "f.png")], ["geocode", "-o", str(tmp_path / "g.csv")]):
        code, err = _run([command[0], str(path), *command[1:], "--lang", "fr"], capsys)
        assert code == 2 and err.startswith(f"erreur{NBSP}: "), err
        assert said in err, err
        assert not [e for e in ENGLISH if e in err], err


def test_a_bad_output_format_and_a_bad_choice_are_french(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = _write(tmp_path / "f.csv", "name,city\nA,Fès\n")
    code, err = _run(["figure", str(data), "-o", str(tmp_path / "x.out"), "--lang", "fr"], capsys)
    assert code == 2 and "impossible d’écrire '.out' comme format de figure" in err, err
    code, err = _run(["figure", str(data), "--kind", "nope", "-o", str(tmp_path / "x.png"), "--lang", "fr"], capsys)
    assert code == 2 and err.startswith(f"erreur{NBSP}: Valeur non valide pour '--kind'{NBSP}:"), err
    assert "(voir clusteratlas figure --help)" in err


def test_the_warnings_a_register_meets_are_french(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = [
        "name,city,region",
        "A,Fès,",
        "B,Zarniboul,",
        "C,Paris,",
        "D,,",
        "E,Tanger,Souss-Massa",
        "A,Fès,",
    ]
    data = _write(tmp_path / "registre.csv", "\n".join(rows) + "\n")
    code, err = _run(["geocode", str(data), "-o", str(tmp_path / "g.csv"), "--lang", "fr"], capsys)
    assert code == 0
    lines = err.splitlines()
    assert lines and all(line.startswith(f"avertissement{NBSP}: ") for line in lines), err
    unplaced = next(line for line in lines if "n’ont pas pu être placées" in line)
    assert f"3 fiches sur 6 n’ont pas pu être placées{NBSP}: " in unplaced
    assert f"B (ville «{NBSP}Zarniboul{NBSP}»{NBSP}: absent du répertoire des lieux" in unplaced
    assert "est un lieu hors du Maroc" in unplaced and "aucun lieu indiqué" in unplaced
    assert any(
        "1 fiche répète exactement une fiche précédente" in line and "ligne 7 (identique à la ligne 2)" in line
        for line in lines
    )
    conflict = next(line for line in lines if "geocode_status" in line)
    assert "1 fiche sur 6 est placée par sa ville hors de la région que donne sa propre colonne" in conflict, conflict
    assert conflict.endswith("Vérifiez la ville ou la colonne région de cette ligne.")
    assert not [e for e in ENGLISH if e in err], err
    assert not STRAIGHT.search(err.replace("'.out'", "")), err
    # English: the same lines as before, word for word
    code, english = _run(["geocode", str(data), "-o", str(tmp_path / "g2.csv")], capsys)
    assert "warning: 3 of 6 records could not be placed: B (city 'Zarniboul': not in the gazetteer" in english
    assert "1 record repeats an earlier record exactly, every cell the same: row 7 (same as row 2)." in english


def test_a_message_the_catalogue_does_not_know_stays_whole() -> None:
    from clusteratlas._messages import translate

    assert translate("something new; with parts", "fr") == "something new; with parts"
    message = "12 of 40 records could not be placed: A (city 'x': not in the gazetteer); and 2 more"
    assert translate(message, "en") is message
    assert translate(message, "fr").endswith(f"{NNBSP}; et 2 autres")


#: Sample fields: counts, and lists of parts the catalogue knows (a problem, a profile's detail).
_SAMPLES = {
    "count": "7",
    "total": "7",
    "n": "7",
    "problems": "no [[claim]] tables",
    "detail": "must name at least one author",
}


def test_every_message_template_reads_itself_back() -> None:
    """Each English message, its fields filled, is read by its own template (or one that says the same)."""
    from clusteratlas._messages import translate

    english, french = texts("messages", "en"), texts("messages", "fr")
    for key, template in english.items():
        parts = ("word_", "phrase_", "record_", "problem_", "detail_", "cell_", "reason_")  # tested in test_frmsg_s13
        if key.startswith(parts) or key.endswith("_one") or key in ("warning", "error", "info", "debug"):
            continue
        message = re.sub(r"\{(\w+)\}", lambda m: _SAMPLES.get(m.group(1), "zzz"), template)
        said = translate(message, "fr")
        assert said != message, key
        assert "zzz" in said or "{" not in french[key], key


# ------------------------------------------------------------ 2. typographic apostrophes


def test_the_french_catalogue_has_no_straight_apostrophe() -> None:
    found = [
        f"{section}.{key}: {text}"
        for section in clusteratlas.presentation._load()["fr"]
        for key, text in texts(section, "fr").items()
        if STRAIGHT.search(text.replace("{", "x"))
    ]
    assert not found, found[:10]
    assert catalogue("map")["fr"]["lq_note"].count("’") == 0 or "'" not in catalogue("map")["fr"]["lq_note"]


def _user_words(records: pd.DataFrame) -> set[str]:
    """The data's own words with a straight apostrophe ("Cité de l'innovation"): shown as written."""
    cells = records.select_dtypes(include=["object", "string"]).astype("string").fillna("")
    return {word for column in cells for cell in cells[column] for word in re.findall(r"\w+'\w+", cell)}


def _straight(text: str, user: set[str]) -> list[str]:
    """The straight apostrophes of our words: not the data's, nor a place's name as the gazetteer writes it (M'diq)."""
    for word in user:
        text = text.replace(word, "")
    text = re.sub(r"\b[ABE-IK-MO-PR-Z]'\w+", "", text)  # M'diq, M'rirt: a name, not French elision (D', L', N'…)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in STRAIGHT.finditer(text)]


@pytest.mark.parametrize("kind", ["points", "lq"])
def test_french_figures_alt_and_captions_set_typographic_apostrophes(tmp_path, kind: str) -> None:  # type: ignore[no-untyped-def]
    from .test_words_s11 import french_study_words

    text = french_study_words(tmp_path, kind)
    assert "’" in text  # French elides: "d’intervention", "l’ensemble"
    assert not _straight(text, _user_words(_study())), _straight(text, _user_words(_study()))[:5]


def test_the_french_map_and_report_set_typographic_apostrophes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .test_figure_french import _page_words

    spec = map_spec(_study(), lang="fr", data_label="fiches.csv")
    page = clusteratlas.interactive.render_map(clusteratlas.interactive.interactive_map(spec))
    report = tmp_path / "rapport.html"
    clusteratlas.write_report(clusteratlas.report(_study(), lang="fr", data_label="fiches.csv"), report)
    text = _page_words(page) + "\n" + _page_words(report.read_text(encoding="utf-8"))
    found = _straight(text, _user_words(_study()))
    assert not found, found[:5]


# ------------------------------------------------------------ 3. L19: no break inside a name


def test_a_detail_inset_title_never_cuts_a_name() -> None:
    from clusteratlas.static._insets import _detail_title
    from clusteratlas.static._style import wrap_text

    spec = map_spec(_study(), lang="fr", data_label="fiches.csv")
    places = pd.DataFrame({"name": ["Casablanca", "El Jadida", "Mohammédia"], "n": [8, 2, 1]})
    title = _detail_title(spec, places)
    for width in (60.0, 80.0, 100.0):
        lines = wrap_text(title, width).split("\n")
        assert any("El\u00a0Jadida" in line for line in lines), lines
        assert not any(line.endswith("El") for line in lines), lines


# ------------------------------------------------------------ 4. M17: the figure's unit, the inset's places


@pytest.mark.parametrize(
    ("lang", "unit", "says", "not_said"),
    [
        ("en", "clusters", "16 of 17 clusters are drawn at 8 places", "records"),
        ("fr", "clusters", "16 clusters sur 17 sont représentés", "fiches"),
        ("en", "records", "16 of 17 records are drawn at 8 places", "clusters are"),
        ("fr", "records", "16 fiches sur 17 sont représentées", "clusters sur"),
    ],
)
def test_the_alt_text_counts_in_the_figure_unit(lang: str, unit: str, says: str, not_said: str) -> None:
    spec = map_spec(_study(), lang=lang, unit=unit)
    alt = clusteratlas.mapspec.describe(spec, "points")
    assert says in alt, alt
    assert not_said not in alt.replace("Clusters industriels", "").replace("Industrial clusters", ""), alt
    size_key = spec.texts["n_records"].format(n=8)
    assert size_key.split()[-1] in alt  # the size key's word ("8 clusters") is the alt text's


def test_the_study_levers_and_timeline_alt_texts_say_clusters() -> None:
    spec = map_spec(_study(), lang="en")
    assert "A matrix of 17 clusters (rows)" in clusteratlas.mapspec.describe(spec, "levers")
    assert "A bar chart of clusters created per year" in clusteratlas.mapspec.describe(spec, "timeline")


def test_the_detail_inset_names_the_place_not_its_clusters() -> None:
    from clusteratlas.static._places import _place_text

    spec = map_spec(_study(), lang="en")
    names = ["AMC", "C2TM", "CISE Maroc", "EMC", "ENR", "MDFC", "MMI", "MNC"]
    labels = _place_text(names, "Casablanca", 8, spec, detailed=True)
    assert labels[0].startswith("Casablanca"), labels
    assert not any("AMC" in label for label in labels), labels
    assert _place_text(["Green H2 Maroc"], "Rabat", 1, spec, detailed=True)[0] == "Rabat"
    assert _place_text(["Green H2 Maroc"], "", 1, spec, detailed=True)[0] == "Green H2 Maroc"  # no town: its name


def test_one_record_agrees_in_the_shares_footer(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = _write(tmp_path / "une.csv", "name,city\nA,Fès\n")
    assert main(["shares", str(data), "--lang", "fr"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(f"1 fiche{NNBSP}; parts de l’ensemble des fiches.")
    assert main(["shares", str(data)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("1 record; shares of all records.")
