"""Every word a French user sees on the terminal is French under ``--lang fr`` (session 13, helper "frmsg").

Issue 20, item 7. Measured here:

1. Every message the library raises, warns or logs (``InputError(msg)``, ``warnings.warn``,
   ``log.info``), every problem of a list (a zones, claims, aliases or profile file), read in
   the source itself (its AST): each has a template in the catalogue's ``[messages]``, so a
   message added in English alone fails here. Thirty-odd broken inputs and option misuses
   run under ``--lang fr`` leave no English word on stderr.
2. click's own messages (usage errors, a missing option, an unknown command) and ``--help``
   (the commands, their one-line summaries, every option's help) in French, ``--lang fr``
   before or after ``--help``; English help and messages unchanged.
3. ``-v`` lines (``info : …``) in French.
4. The notes say "hors du Maroc"; ``period_coarse`` is gone; the figures' pattern line names
   the rim ticks of thin wedges (the HTML map's, which has none, does not).
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import clusteratlas
from clusteratlas._messages import _match, translate
from clusteratlas.cli import main, with_flags
from clusteratlas.geography import pack
from clusteratlas.presentation import texts

SRC = Path(clusteratlas.__file__).parent
NBSP = "\u00a0"
#: The exceptions whose message reaches the terminal.
_RAISED = {"InputError", "OutputError", "DataError", "UnresolvedError", "UsageError", "BadParameter"}
_LOGGED = {"info", "debug", "warning"}
#: English words a French line must not hold (outside quoted values, paths and option names).
_WORDS = """the and is not give use with records record column columns row rows line lines cells cell file
files must only which cannot found needs unknown missing write wrote placed read no of to an in one
each was are has have its it from be this that than more there but such into without should
choose keep drop save check"""
ENGLISH = frozenset(_WORDS.split())
ENGLISH_CAPITALISED = ("Usage", "Show", "Commands", "Missing", "Invalid", "Got", "No such", "Error", "Aborted")
#: What a line may hold in English: quoted values, paths, options, dotted and snake names, a library's words.
_NOT_WORDS = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|\S*/\S*|--?[\w-]+|\S+\.\w+\S*|\w+_\w+\S*|\w+=\S*|\[[^\]]*\]")


# ------------------------------------------------------------ the source's messages, read from its AST


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _name(node.func)
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    return "value"


def _template(node: ast.AST) -> str | None:
    """A message literal as a template: each f-string field ``{name}``; None when built otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            else:
                assert isinstance(value, ast.FormattedValue)
                parts.append("{" + _name(value.value).strip("_") + "}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return None if left is None or right is None else left + right
    return None


def _said(node: ast.AST) -> tuple[str, ast.AST] | None:
    """The kind of message a node says and its text's expression, or None."""
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
        return ("message", node.exc.args[0]) if _name(node.exc.func) in _RAISED else None
    if isinstance(node, ast.Call) and _name(node.func) in _RAISED and node.args:  # built, returned, raised later
        oserror = _name(node.func) == "OutputError" and len(node.args) > 1  # OutputError(errno, message, path)
        return "message", node.args[1 if oserror else 0]
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
        return None
    owner, attr = _name(node.func.value), node.func.attr
    if attr == "warn" and owner == "warnings":
        return "message", node.args[0]
    if attr in _LOGGED and owner in ("log", "getLogger"):
        return "log", node.args[0]
    if attr == "append" and owner == "problems":
        return "problem_", node.args[0]
    if attr == "fail" and len(node.args) == 2:  # a profile's problem: fail(key, detail)
        return "detail_", node.args[1]
    return None


def _sites() -> Iterator[tuple[str, str, str | None]]:
    """Every message of the source: (where, kind, template or None when built by a function)."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where_seen: dict[tuple[int, int], tuple[str, str, str | None]] = {}
        for function in ast.walk(tree):  # outer functions first: an inner one's view wins
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assigned: dict[str, list[ast.Assign]] = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    assigned.setdefault(node.targets[0].id, []).append(node)
            for node in ast.walk(function):
                said = _said(node)
                if said is None:
                    continue
                kind, arg = said
                values: list[ast.AST] = [arg]
                if isinstance(arg, ast.Name):  # msg = f"..."; raise InputError(msg): every msg before it
                    values = [a.value for a in assigned.get(arg.id, []) if a.lineno < node.lineno] or [arg]
                for i, value in enumerate(values):
                    where = f"{path.relative_to(SRC)}:{node.lineno}"
                    where_seen[(node.lineno, i)] = (where, kind, _template(value))
        yield from where_seen.values()


def _sample(template: str) -> str:
    """The message a template says with sample values (the pack's country as the pack names it)."""
    count = iter(range(1, 1000))
    text = re.sub(r"`\{(\w+)\}`", r"{\1}", template)
    text = re.sub(
        r"(?<!\{)\{(\w+)\}(?!\})",
        lambda m: pack().country if m.group(1) == "country" else f"x{next(count)}",
        text,
    )
    text = text.replace("{{", "{").replace("}}", "}")
    return with_flags(re.sub(r"%[sdr]", lambda m: f"x{next(count)}", text))


def _literal(text: str) -> int:
    return len(re.sub(r"\{\w+\}|x\d+", "", text))


#: Messages the source builds from pieces the catalogue reads as one field (a list of rows, a
#: hint said only sometimes): each checked on what it says at run time, read whole in French.
COMPOSED = {
    "{path}: row{value} {shown}{more} are not valid UTF-8; their other bytes were read as Windows-1252 (the rest "
    "of the file as UTF-8); save the file as UTF-8 to be sure.": "a.csv: rows 3, 5 are not valid UTF-8; their "
    "other bytes were read as Windows-1252 (the rest of the file as UTF-8); save the file as UTF-8 to be sure.",
    "{source}: {count} {what} an earlier record exactly, every cell the same: {shown}{more}. They are counted as "
    "they are; remove the repeated rows from the file if they are the same firm.": "a.csv: 2 records repeat an "
    "earlier record exactly, every cell the same: row 3 (same as row 2), row 4 (same as row 2). They are counted "
    "as they are; remove the repeated rows from the file if they are the same firm.",
    "{source}: {shown} {what}; left out.": "a.csv: row 9 ('Total') is a totals row, not a record; left out.",
    "{source}: no column {text} (`{option}`){hint} {listed}.": "a.csv: no column 'Ville' (--city-column); did you "
    "mean 'ville'? The columns are 'name', 'ville'.",
    "{source}: no location column (found {found});{said} choose one with `city_column`, `province_column` or "
    "`region_column`, or name a column by one of these (case and accents ignored) — {accepted}.": "a.csv: no "
    "location column (found 'N°', 'Wilaya'); 'Wilaya' looks like a province column (--province-column); choose "
    "one with --city-column, --province-column or --region-column, or name a column by one of these (case and "
    "accents ignored) — city: ville.",
    "{rstrip}; Dask cuts a CSV into byte blocks at line breaks, so a quoted cell holding a line break can't be read "
    "this way: use `engine` stream, or convert the table to Parquet.": "a.csv: cannot be read as CSV (Error "
    "tokenizing data. C error: Expected 2 fields in line 3, saw 3); check its separators and quotes; Dask cuts a "
    "CSV into byte blocks at line breaks, so a quoted cell holding a line break can't be read this way: use "
    "--engine stream, or convert the table to Parquet.",
    "no column {by} in the records; {hint}use region, province, zone or one of: {available}.": "no column "
    "'secteur' in the records; did you mean 'Secteur'? use region, province, zone or one of: name, Secteur.",
}
#: Messages a function builds (or a warning said again elsewhere), by file: what they say at run time.
BUILT = {
    "_xlsx.py": "column 'Notes': 2 cells longer than 32,767 characters (a spreadsheet's limit) are cut there in "
    "the workbook, ending with '…'; the CSV and geodata outputs keep them whole.",
    "aggregate.py": "no column 'Efectif' to weigh the records by; did you mean 'Effectif'? use one of: name, Effectif.",
    "engines/_dask.py": "a.csv: row 9 ('Total') is a totals row, not a record; left out.",
    "engines/_dask_count.py": "1 of 3 records could not be placed: C (city 'Paris': Paris [FR] is a place "
    "outside Morocco [GeoNames])",
    "geocode.py": "1 of 3 records could not be placed: C (city 'Paris': Paris [FR] is a place outside Morocco "
    "[GeoNames])",
    "records/roles.py": "a.csv: column 'Ville2' looks like a city column but is not read (the city is read from "
    "'city'); choose it with --city-column.",
    "registry.py": "--kind: unknown figure kind 'pionts'; did you mean 'points'? Use one of: points, choropleth.",
    "stream.py": "1 of 3 records could not be placed: C (city 'Paris': Paris [FR] is a place outside Morocco "
    "[GeoNames])",
}


def test_every_message_of_the_source_has_a_french_template() -> None:
    english = texts("messages", "en")
    missing, sites, composed, built = [], 0, set(), set()
    for where, kind, template in _sites():
        if template is None:
            built.add(where.split(":")[0])
            continue
        if template in COMPOSED:
            composed.add(template)
            continue
        sites += 1
        sample = _sample(template)
        read = _match(sample, "" if kind in ("message", "log") else kind)
        # Read by a template that says as much (not a catch-all "{path}: {problems}." swallowing it).
        if read is None or _literal(english[read[0]]) < 0.75 * _literal(with_flags(template)):
            missing.append(f"{where}: {template}")
    assert sites > 250  # raises, warnings, log lines and problems of lists: all of them are read
    assert missing == []
    assert composed == set(COMPOSED)  # each still in the source, as written here
    assert built == set(BUILT)  # a message built by a new function needs its example here


@pytest.mark.parametrize("message", [*COMPOSED.values(), *BUILT.values()])
def test_messages_built_from_pieces_read_whole(message: str) -> None:
    said = translate(message, "fr")
    assert said != message
    assert _english(said) == [], said


def test_a_problem_the_catalogue_does_not_know_keeps_the_whole_message_english() -> None:
    known = "z.toml: no [[claim]] tables; see data/claims.toml for the format."
    assert (
        translate(known, "fr") == "z.toml\u00a0: aucune table [[claim]]\u202f; voyez data/claims.toml pour le format."
    )
    unknown = "z.toml: no [[claim]] tables; something new; see data/claims.toml for the format."
    assert translate(unknown, "fr") == unknown  # never half-translated


def test_every_template_is_a_french_sentence_of_its_own() -> None:
    english, french = texts("messages", "en"), texts("messages", "fr")
    assert english.keys() == french.keys()
    same = [k for k in english if english[k] == french[k] and not re.fullmatch(r"[{}\w\s:.()]*", english[k])]
    assert same == []


# ------------------------------------------------------------ the command line under --lang fr


def _english(line: str) -> list[str]:
    """The English words of a French line (quoted values, paths, options and names set aside)."""
    text = _NOT_WORDS.sub(" ", line)
    found = [w for w in re.findall(r"[^\W\d_]+", text) if w in ENGLISH]
    return found + [w for w in ENGLISH_CAPITALISED if w in text]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Broken files, one per kind of mistake, in ``tmp_path``."""
    files = {
        "ok.csv": "name,city\nA,Casablanca\n",
        "baddate.csv": "name,city,year\nA,Casablanca,20x5\n",
        "badlat.csv": "name,lat,lon\nA,abc,-7\n",
        "latonly.csv": "name,lat\nA,33\n",
        "negw.csv": "name,city,Effectif\nA,Casablanca,-3\n",
        "nulw.csv": "name,city,Effectif\nA,Casablanca,\n",
        "extra.csv": "name,city\nA,Casablanca,extra\n",
        "dup.csv": "name,city,city\nA,B,C\n",
        "zones.toml": '[[zone]]\nname="N"\nregions=["XX"]\n',
        "zones2.toml": '[[zone]]\nregions=[]\nfoo=1\n[[zone]]\nname="N"\nregions=["01"]\n'
        '[[zone]]\nname="N"\nregions=["01"]\n',
        "aliases.csv": "name\nfoo\n",
        "aliases2.csv": "name,lat,lon\nfoo,abc,1\n,1,1\n",
        "claims.toml": '[[claim]]\nkind="share"\n',
        "claims2.toml": '[[claim]]\nid="a"\nkind="nope"\npublished=1\n[[claim]]\nid="a"\nkind="share"\npublished=1\n',
        "head.csv": "Titre\n\nname,city\nA,Casablanca\n",
        "book.csv": "PK\x03\x04 not really",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


BROKEN = [
    ["shares", "ok.csv", "--by", "nonsense"],
    ["shares", "ok.csv", "--by", "region,nope"],
    ["shares", "ok.csv", "--per-capita", "--by", "sector"],
    ["shares", "ok.csv", "--weight", "Nope"],
    ["shares", "negw.csv", "--weight", "Effectif"],
    ["shares", "nulw.csv", "--weight", "Effectif"],
    ["shares", "ok.csv", "--zones", "zones.toml", "--by", "zone"],
    ["shares", "ok.csv", "--zones", "zones2.toml", "--by", "zone"],
    ["shares", "ok.csv", "--zones", "nofile.toml", "--by", "zone"],
    ["shares", "ok.csv", "--aliases", "aliases.csv"],
    ["shares", "ok.csv", "--aliases", "aliases2.csv"],
    ["shares", "ok.csv", "--format", "x"],
    ["shares", "ok.csv", "--frmt", "x"],
    ["shares", "ok.csv", "-o", "a.csv", "-o", "b.csv"],
    ["shares"],
    ["report", "ok.csv", "-o", "r.html", "--claims", "claims.toml"],
    ["report", "ok.csv", "-o", "r.html", "--claims", "claims2.toml"],
    ["figure", "baddate.csv", "-o", "f.png", "--kind", "timeline"],
    ["figure", "ok.csv", "-o", "f.png", "--kind", "lq"],
    ["figure", "ok.csv", "-o", "f.png", "--kind", "levers"],
    ["figure", "ok.csv", "-o", "f.png", "--scheme", "user", "--kind", "choropleth"],
    ["figure", "ok.csv", "-o", "f.png", "--breaks", "3,1", "--scheme", "user", "--kind", "choropleth"],
    ["figure", "ok.csv", "-o", "f.png", "--breaks", "a,b"],
    ["figure", "ok.csv", "-o", "f.png", "--periods", "x"],
    ["figure", "ok.csv", "-o", "f.png", "--k", "0", "--kind", "choropleth"],
    ["figure", "ok.csv", "-o", "f.png", "--zones", "zones.toml", "--no-zones"],
    ["figure", "ok.csv", "-o", "f.png", "--value", "Nope", "--kind", "choropleth"],
    ["figure", "ok.csv", "-o", "f.png", "--kind", "choropleth", "--value", "name"],
    ["figure", "ok.csv", "-o", "f.png", "--size-by", "name"],
    ["figure", "ok.csv", "-o", "f.txt"],
    ["map", "ok.csv", "-o", "m.html", "--max-zoom", "40"],
    ["map", "ok.csv", "-o", "m.html", "--tiles", "nope"],
    ["geocode", "badlat.csv", "-o", "g.csv"],
    ["geocode", "latonly.csv", "-o", "g.csv"],
    ["geocode", "extra.csv", "-o", "g.csv"],
    ["geocode", "dup.csv", "-o", "g.csv"],
    ["geocode", "ok.csv", "-o", "ok.csv"],
    ["geocode", "ok.csv", "-o", "g.txt"],
    ["geocode", "ok.csv"],
    ["geocode", "ok.csv", "-o", "g.csv", "--city-column", "Ville"],
    ["geocode", "ok.csv", "-o", "g.csv", "--sheet", "S"],
    ["geocode", "ok.csv", "-o", "g.csv", "--chunksize", "0"],
    ["geocode", "ok.csv", "-o", "g.gpkg", "--chunksize", "5"],
    ["geocode", "ok.csv", "-o", "g.csv", "extra-arg"],
    ["geocode", "ok.csv", "-o", "g.csv", "--engine", "nope"],
    ["nope"],
]


def test_broken_inputs_and_option_misuses_are_french(
    inputs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(inputs)
    english = {}
    for args in BROKEN:
        code, _, err = _run([*args, "--lang", "fr"], capsys)
        assert code == 2, (args, err)
        assert err.startswith("erreur\u00a0: "), (args, err)
        if _english(err):
            english[" ".join(args)] = (_english(err), err)
    assert len(BROKEN) >= 40
    assert english == {}


def test_english_errors_are_the_library_words_unchanged(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["shares", str(inputs / "ok.csv"), "--per-capita", "--by", "sector"], capsys)
    assert code == 2
    assert err == "error: --per-capita needs a geographic --by (region, province or zone), not 'sector'.\n"
    code, _, err = _run(["geocode", str(inputs / "ok.csv")], capsys)
    assert err == "error: Missing option '-o' / '--output'. (see clusteratlas geocode --help)\n"


@pytest.mark.parametrize("command", [[], ["figure"], ["geocode"], ["shares"], ["map"], ["report"], ["reproduce"]])
@pytest.mark.parametrize("where", ["before", "after"])
def test_help_is_french_under_lang_fr(command: list[str], where: str, capsys: pytest.CaptureFixture[str]) -> None:
    lang = ["--lang", "fr"]
    args = [*command, *lang, "--help"] if where == "before" else [*command, "--help", *lang]
    if command == ["reproduce"]:  # it writes the study's outputs in both languages: --lang goes before it
        args = [*lang, *command, "--help"] if where == "before" else [*lang, "--help", *command]
    code, out, _ = _run(args, capsys)
    assert code == 0
    assert out.startswith("Utilisation\u00a0: clusteratlas")
    assert "Options\u00a0:" in out and "Afficher ce message et quitter." in out
    assert _english(out) == [], out
    code, english, _ = _run([*command, "--help"], capsys)  # and English again after it, as it was
    assert english.startswith("Usage: clusteratlas") and "Show this message and exit." in english


def test_the_commands_one_line_summaries_are_french(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["--help", "--lang", "fr"], capsys)
    commands = out.split("Commandes\u00a0:\n")[1]
    assert "Géocoder INPUT" in commands and "Compter les fiches" in commands and "Dessiner une figure" in commands
    assert "..." not in commands or "Geocode" not in commands


def test_every_option_help_has_a_french_text() -> None:
    from clusteratlas.cli import cli

    known = set(texts("help", "en").values())
    helps = {p.help for c in cli.commands.values() for p in c.params if getattr(p, "help", None)}
    helps |= {p.help for p in cli.params if getattr(p, "help", None)}
    assert helps - known == set()  # an option added with English help alone fails here


def test_verbose_lines_are_french(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = inputs / "v.csv"
    code, _, err = _run(["geocode", str(inputs / "head.csv"), "-o", str(out), "-v", "--lang", "fr"], capsys)
    assert code == 0
    lines = err.splitlines()
    assert any(line.startswith("info\u00a0: ") and "l’en-tête est à la ligne 3" in line for line in lines), err
    assert any(line.startswith("info\u00a0: 1 fiche") and "écrit" in line for line in lines), err
    assert [line for line in lines if _english(line)] == []
    code, _, err = _run(["geocode", str(inputs / "head.csv"), "-o", str(out), "-v"], capsys)
    assert "info: placed 1 of 1 records; wrote" in err  # English unchanged


# ------------------------------------------------------------ notes and the pattern rule


def test_notes_say_du_maroc() -> None:
    from clusteratlas._notes import translate_note

    assert translate_note("Paris (FR) is a place outside Morocco (GeoNames)", "fr") == (
        "Paris (FR) est un lieu hors du Maroc (GeoNames)"
    )
    assert translate_note("outside Morocco: kept, placed in no region", "fr").startswith("hors du Maroc\u00a0:")
    assert all("hors Maroc" not in text for text in texts("notes", "fr").values())


def test_period_coarse_is_gone_and_the_pattern_rule_names_the_rim_ticks() -> None:
    for lang in ("en", "fr"):
        assert "period_coarse" not in texts("map", lang)
    assert "rim tick" in texts("map", "en")["patterns"] and "trait au bord" in texts("map", "fr")["patterns"]
    assert "rim" not in texts("map", "en")["patterns_web"]  # the HTML map draws no rim ticks


def test_english_version_starts_without_the_french_machinery() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from clusteratlas.cli import main; main(['--version']); "
        "print(sorted(m for m in sys.modules if m.startswith('clusteratlas')))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert "clusteratlas.cli._french" not in out and "clusteratlas._messages" not in out
