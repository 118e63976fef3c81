"""French on the terminal, what session 13 left: value placeholders in ``--help``, click's "did you mean"."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from clusteratlas.cli import main

STUDY = str(Path(__file__).resolve().parents[1] / "data" / "clusters.csv")
COMMANDS = ("geocode", "shares", "figure", "map", "report", "reproduce")
ENGLISH_PLACEHOLDERS = re.compile(r" (TEXT|COLUMN|INTEGER|FLOAT|ADDRESS|NAME|RANGE)\b")


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main([*args, "--help"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_french_help_names_values_in_french(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    terms = [line for line in _help(capsys, "--lang", "fr", command).splitlines() if line.lstrip().startswith("-")]
    assert terms
    assert [t for t in terms if ENGLISH_PLACEHOLDERS.search(t)] == []


def test_french_placeholders_are_the_catalogues(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "--lang", "fr", "shares")
    assert re.search(r"--weight COLONNE\b", text)
    assert re.search(r"--by TEXTE\b", text)


def test_english_help_keeps_its_placeholders(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "shares")
    assert re.search(r"--weight COLUMN\b", text)
    assert re.search(r"--by TEXT\b", text)


def test_an_unknown_option_with_several_close_ones_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "fr", "shares", STUDY, "--min-count", "3"]) == 2
    err = re.sub("[\u00a0\u202f]", " ", capsys.readouterr().err.strip())  # French spaces before : and ?
    assert err.startswith("erreur : Option inconnue ")
    assert "Vouliez-vous dire l’une de ces options" in err
    assert "Did you mean" not in err and "No such option" not in err
    assert main(["shares", STUDY, "--min-count", "3"]) == 2
    assert "(Did you mean one of: " in capsys.readouterr().err


def test_system_errors_are_french(tmp_path: Path) -> None:
    """The system's own words inside a message (strerror) are the catalogue's under --lang fr."""
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "clusteratlas", "--lang", "fr", "shares", STUDY, "--by", "region"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert "plus de place sur le disque" in done.stderr
    assert "No space left" not in done.stderr
    long_name = tmp_path / ("a" * 300 + ".csv")
    args = ["--lang", "fr", "shares", STUDY, "--by", "region", "-o", str(long_name)]
    done = subprocess.run(
        [sys.executable, "-m", "clusteratlas", *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert "nom de fichier trop long" in done.stderr
    assert "File name too long" not in done.stderr


@pytest.mark.parametrize(
    ("body", "french"),
    [
        ("a = [\n", "valeur non valide (à la fin du document)"),
        ("a = 1\na = 2\n", "impossible de remplacer une valeur (ligne 2, colonne 6)"),
        ("[z\n", "« ] » attendu à la fin d’une déclaration de table (ligne 1, colonne 3)"),
        ("a = {b=1, b=2}\n", "clé 'b' en double dans une table en ligne (ligne 1, colonne 14)"),
        ("a = 1\n", "clé de premier niveau inconnue 'a' (un fichier de zones a « rest » et des tables [[zone]])"),
    ],
)
def test_toml_reasons_are_french(body: str, french: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """tomllib's reasons and a zones file's unknown key, inside French messages."""
    zones = tmp_path / "zones.toml"
    zones.write_text(body, encoding="utf-8")
    assert main(["--lang", "fr", "shares", STUDY, "--by", "zone", "--zones", str(zones)]) == 2
    err = re.sub("[\u00a0\u202f]", " ", capsys.readouterr().err)
    assert french in err
    assert not re.search(r"\b(Invalid|Cannot|Expected|Duplicate|unknown|at line|at end)\b", err)


@pytest.mark.parametrize(
    ("table", "args", "french"),
    [
        (
            "name,lat,lon\nA,33.5,-7.6\nB,abc,-7\nC,100,-7\n",
            ["--by", "region"],
            ["ligne 3 ('abc' : pas un nombre), ligne 4 ('100' : hors de ±90°)", "latitude et longitude sont-elles"],
        ),
        (
            "name,city,year\nA,Rabat,abc\nB,Rabat,1200\n",
            ["--by", "year"],
            ["ligne 2 ('abc' : pas une année), ligne 3 ('1200' : hors de 1900–2100)"],
        ),
        (
            "name,city,effectif\nA,Rabat,12\nB,Fes,abc\n",
            ["--by", "region", "--weight", "effectif"],
            ["ligne 3 ('abc') : pas un nombre ; écrivez des nombres", "ou videz-la (ou écrivez n.d.)"],
        ),
    ],
)
def test_every_reason_of_a_cell_list_is_french(
    table: str, args: list[str], french: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each value's reason in a list of bad cells, and the hint after it, under --lang fr (the last one only was)."""
    path = tmp_path / "t.csv"
    path.write_text(table, encoding="utf-8")
    assert main(["--lang", "fr", "shares", str(path), *args]) == 2
    err = re.sub("[\u00a0\u202f]", " ", capsys.readouterr().err)
    for text in french:
        assert text in err
    assert not re.search(r"\b(not a|outside|row|column|empty it|swapped)\b", err)
    assert main(["shares", str(path), *args]) == 2
    assert "error: " in capsys.readouterr().err


def test_lang_before_the_command_is_the_commands_language(capsys: pytest.CaptureFixture[str]) -> None:
    """``clusteratlas --lang fr shares …`` prints the table in French, as ``shares … --lang fr`` does."""
    assert main(["--lang", "fr", "shares", STUDY, "--by", "zone"]) == 0
    before = capsys.readouterr().out
    assert main(["shares", STUDY, "--by", "zone", "--lang", "fr"]) == 0
    after = capsys.readouterr().out
    assert before == after
    assert "17 fiches" in before
    assert main(["--lang", "fr", "shares", STUDY, "--by", "zone", "--lang", "en"]) == 0  # the command's own wins
    assert "17 records; shares of all records." in capsys.readouterr().out
    assert main(["shares", STUDY, "--by", "zone"]) == 0
    assert "17 records; shares of all records." in capsys.readouterr().out


def test_several_column_hints_are_each_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two "looks like a place column" hints joined: both French (the second one was English)."""
    path = tmp_path / "h.csv"
    path.write_text("name,wilaya,commune_rurale,douar\nA,Rabat,Rabat,Agdal\nB,Fes,Fes,Medina\n", encoding="utf-8")
    assert main(["--lang", "fr", "shares", str(path), "--by", "region"]) == 2
    err = re.sub("[\u00a0\u202f]", " ", capsys.readouterr().err)
    assert "'wilaya' ressemble à une colonne province (--province-column)" in err
    assert "'commune_rurale' ressemble à une colonne ville (--city-column)" in err
    assert "looks like" not in err


CLAIMS = """source = "x"
[[claim]]
id = "a"
text = "t"
kind = "share"
by = "zone"
group = "Casablanca–Settat–Rabat axis"
published = 0.6
op = "≈"
tolerance = 0.05
subset = {column = "sector", op = "~~", value = "x"}
[[claim]]
id = "b"
text = "t"
kind = "count"
published = "x"
"""


def test_claim_problems_name_their_place_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A condition's place ("claim 'a' subset") and a published value's type are French too."""
    claims = tmp_path / "claims.toml"
    claims.write_text(CLAIMS, encoding="utf-8")
    args = ["reproduce", "--claims", str(claims), "--out", str(tmp_path / "out")]
    assert main(["--lang", "fr", *args]) == 2
    err = re.sub("[\u00a0\u202f]", " ", capsys.readouterr().err)
    assert "constat 'a', condition « subset » : l’opérateur '~~'" in err
    assert "« published » doit être un nombre pour le type 'count', pas du texte ('x')" in err
    assert not re.search(r"\b(claim|must|text|subset :)\b", err.replace("« subset »", ""))
    assert main(args) == 2
    assert "claim 'a' subset: op '~~' is not one of" in capsys.readouterr().err


def test_unreadable_files_are_said_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file no reader can open: the message and the library's reason (GDAL, Arrow), in French."""
    gpkg, parquet = tmp_path / "bad.gpkg", tmp_path / "bad.parquet"
    gpkg.write_bytes(b"SQLite format 3\x00garbage")
    parquet.write_bytes(bytes(range(100)))
    assert main(["--lang", "fr", "shares", str(gpkg), "--by", "region"]) == 2
    err = re.sub("[\u00a0\u202f]", " ", capsys.readouterr().err)
    assert "illisible comme GeoJSON/GeoPackage ('" in err
    assert "bad.gpkg' n’est pas dans un format de fichier reconnu) ;" in err
    assert main(["--lang", "fr", "shares", str(parquet), "--by", "region"]) == 2
    err = re.sub("[\u00a0\u202f]", " ", capsys.readouterr().err)
    assert "illisible comme Parquet (marque Parquet absente en fin de fichier" in err
    assert not re.search(r"\b(cannot|recognized|magic|footer)\b", err)
