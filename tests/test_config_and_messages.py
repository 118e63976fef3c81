"""Config files are validated whenever passed, and messages stay one safe line (issue 8, items 3-4)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from clusteratlas import InputError, evaluate_claims, load_claims, load_zones
from clusteratlas._text import one_line
from clusteratlas.cli._log import library_warning as _library_warning

from .conftest import Result, geocode_cities

GOOD_CLAIM = """
[[claim]]
id = "axis"
kind = "share"
by = "zone"
group = "Casablanca–Settat–Rabat axis"
published = 0.6
op = "≈"
tolerance = 0.05
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('claim = "share"\n', r"'claim' is text; write each claim as a \[\[claim\]\] table"),
        (GOOD_CLAIM.replace("0.05", '"abc"'), r"'tolerance' must be a number, not 'abc'"),
        (GOOD_CLAIM.replace("tolerance", "tolerence"), r"unknown key 'tolerence' \(did you mean 'tolerance'\?\)"),
        (GOOD_CLAIM.replace("0.6", "60"), r"'published' is a share, between 0 and 1"),
        (GOOD_CLAIM.replace('kind = "share"', 'kind = "average"'), r"kind 'average' is not one of"),
        (GOOD_CLAIM.replace('op = "≈"', 'op = "~"'), r"op '~' is not one of"),
        (GOOD_CLAIM.replace("published = 0.6", 'published = "sixty"'), r"'published' must be a number"),
        ("[[claim]]\nid = 1\nkind = 'count'\npublished = 3\n", r"'id' must be text, not 1"),
        (
            "[[claim]]\nid='x'\nkind='all'\npublished=1\nsubset={column='a', op='>', value='b'}\ntest={column='b'}\n",
            r"op '>' needs a number as value.*test needs a 'value'",
        ),
        (
            "[[claim]]\nid='x'\nkind='least_common'\npublished=['a']\ncolumns=['a','b']\nk=5\n",
            r"'k' must be a whole number from 1 to 2",
        ),
        ("claim = [1, 2]\n", r"claim #1 is a whole number, not a \[\[claim\]\] table"),
    ],
)
def test_malformed_claims_listed(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_claims(path)


def test_every_claim_problem_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(GOOD_CLAIM.replace("0.05", '"abc"').replace("op = ", "opp = "), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_claims(path)
    assert "'tolerance' must be a number" in str(info.value)
    assert "unknown key 'opp'" in str(info.value)


@pytest.mark.parametrize(
    ("by", "group", "message"),
    [
        ("zone", "Atlantis", r"zone 'Atlantis' is not one of"),
        ("region", "Atlantis", r"'Atlantis' is not a region of Morocco"),
        ("province", "Gotham", r"'Gotham' is not a province of Morocco"),
    ],
)
def test_claims_on_unknown_groups_are_errors(by: str, group: str, message: str) -> None:
    claims = [{"id": "c", "kind": "share", "by": by, "group": group, "published": 0.5, "op": "≈", "tolerance": 0.1}]
    geo = geocode_cities("Casablanca", "Fès", "Agadir")
    with pytest.raises(InputError, match=message):
        evaluate_claims(geo, claims=claims)


def test_claims_on_region_by_name_or_code() -> None:
    geo = geocode_cities("Casablanca", "Mohammedia", "Agadir", "Paris")
    for group in ("Casablanca-Settat", "casablanca settat", "06"):
        claims = [{"id": "c", "kind": "count", "by": "region", "group": group, "published": 2}]
        (result,) = evaluate_claims(geo, claims=claims)
        assert (result.status, result.recomputed) == ("match", "2"), group


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('zone = "axis"\n', r"no \[\[zone\]\] tables"),
        ('rest = 3\n[[zone]]\nname = "A"\nregions = ["06"]\n', r"'rest' must be a name \(text\), not 3"),
        ('[[zone]]\nname = "A"\nregions = "06"\n', r"zone 'A' needs 'regions', a non-empty list"),
        ('[[zone]]\nname = "A"\nregion = ["06"]\n', r"unknown key\(s\) \['region'\]"),
        ('[[zone]]\nname = "A"\nregions = ["Atlantis"]\n', r"region 'Atlantis' is not one of Morocco's 12 regions"),
        ('[[zone]]\nname = "A"\nregions = [["06"]]\n', r"region \['06'\] is not one of"),
        ('title = "x"\n[[zone]]\nname = "A"\nregions = ["06"]\n', r"unknown top-level key 'title'"),
        ("[[zone]]\nname = 'A'\nregions = ['06']\nname_fr = 2\n", r"'name_fr' must be text"),
    ],
)
def test_malformed_zones(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "zones.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_zones(path)


def _csv(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "in.csv"
    body = "".join(f'"{n}","{c}"\n' for n, c in rows)
    path.write_text("name,city\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["shares", "figure", "map", "report", "reproduce"])
def test_bad_config_files_exit_2_whatever_the_command(tmp_path: Path, run: Callable[..., Result], command: str) -> None:
    data = _csv(tmp_path, [("A", "Casablanca"), ("B", "Fès")])
    zones = tmp_path / "zones.toml"
    zones.write_text('[[zone]]\nname = "A"\nregions = ["Atlantis"]\n', encoding="utf-8")
    out = tmp_path / "out"
    args = {
        "shares": ["shares", data, "--by", "region", "--zones", zones],
        "figure": ["figure", data, "-o", out.with_suffix(".png"), "--zones", zones],
        "map": ["map", data, "-o", out.with_suffix(".html"), "--zones", zones],
        "report": ["report", data, "-o", out.with_suffix(".md"), "--zones", zones],
        "reproduce": ["reproduce", "--data", data, "--out", out, "--zones", zones],
    }[command]
    result = run(*args)
    assert result.code == 2, result.err
    assert result.err.startswith("error: ") and "Atlantis" in result.err
    assert result.err.count("\n") == 1
    assert not out.exists() and not list(tmp_path.glob("out.*"))


@pytest.mark.parametrize("command", ["report", "reproduce"])
def test_bad_claims_exit_2_not_internal_error(tmp_path: Path, run: Callable[..., Result], command: str) -> None:
    data = _csv(tmp_path, [("A", "Casablanca"), ("B", "Fès")])
    claims = tmp_path / "claims.toml"
    claims.write_text(GOOD_CLAIM.replace("0.05", '"abc"'), encoding="utf-8")
    out = tmp_path / "out"
    if command == "report":
        result = run("report", data, "-o", out.with_suffix(".md"), "--claims", claims)
    else:
        result = run("reproduce", "--data", data, "--out", out, "--claims", claims)
    assert result.code == 2, result.err
    assert "internal error" not in result.err
    assert "'tolerance' must be a number" in result.err


HOSTILE = [
    ("\x1b]0;pwned\x07Title", "\x1b[2JNowhere"),
    ("Rev\u202eesrever", "Atlantis\u2066x\u2069"),
    ("Line", "Nowhere\nerror: forged line"),
    ("CR", "Nowhere\rerror: forged"),
    ("NEL", "Nowhere\u0085error: forged\u2028too"),
]


def test_names_reach_the_terminal_escaped(tmp_path: Path, run: Callable[..., Result]) -> None:
    data = _csv(tmp_path, [*HOSTILE, ("Ok", "Casablanca")])
    result = run("geocode", data, "-o", tmp_path / "out.csv")
    assert result.code == 0
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: 5 of 6 records could not be placed")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]", result.err)
    assert "\\x1b]0;pwned\\x07Title" in result.err and "Rev\\u202eesrever" in result.err


def test_errors_naming_values_stay_one_line(tmp_path: Path, run: Callable[..., Result]) -> None:
    data = _csv(tmp_path, [("A", "Casablanca")])
    result = run("shares", data, "--by", "bad\nerror: forged\x1b[31m")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "\x1b" not in result.err
    assert "bad\\nerror: forged\\x1b[31m" in result.err


def test_one_line_cuts_huge_messages() -> None:
    text = one_line("x" * 100_000)
    assert len(text) < 4100 and text.endswith("(96,000 more characters)")


def test_library_warnings_reworded_without_paths() -> None:
    level, text = _library_warning(
        "Glyph 26481 (\\N{CJK UNIFIED IDEOGRAPH-6771}) missing from font(s) DejaVu Sans.",
        UserWarning,
        "/x/.venv/lib/python3.11/site-packages/matplotlib/backends/backend_agg.py",
    )
    assert level == logging.WARNING
    assert text.startswith("the figure's font has no glyph for '東' (U+6771)")
    level, text = _library_warning("old API", FutureWarning, "/x/site-packages/pyogrio/raw.py")
    assert (level, text) == (logging.DEBUG, "pyogrio: old API")
    level, text = _library_warning("odd\nsecond", RuntimeWarning, "/x/site-packages/shapely/set_operations.py")
    assert (level, text) == (logging.WARNING, "shapely says: odd")


def test_missing_glyph_in_a_figure_is_our_warning(tmp_path: Path, run: Callable[..., Result]) -> None:
    # Labels name places by the gazetteer's names: the data's own glyphs reach the figure as a category.
    data = tmp_path / "in.csv"
    data.write_text("name,city,sector\nA,Casablanca,東京クラスター\nB,Fès,Textile\n", encoding="utf-8")
    result = run("figure", data, "-o", tmp_path / "f.png", "--kind", "points", "--dpi", "72")
    assert result.code == 0, result.err
    assert "site-packages" not in result.err and ".py:" not in result.err
    assert "the figure's font has no glyph for" in result.err
    assert all(line.startswith("warning: ") for line in result.err.splitlines())


def test_library_log_records_reworded(capsys: pytest.CaptureFixture[str]) -> None:
    from clusteratlas.cli import _log

    _log.setup_logging(0, 0)
    logging.getLogger("adjustText").warning("Some labels are too long, can't fit inside the X axis")
    logging.getLogger("pyogrio.raw").warning("Layer\nforged")
    assert capsys.readouterr().err.splitlines() == [
        "warning: some labels are too long to place without overlap; shorten the names or use --kind choropleth",
        "warning: pyogrio says: Layer",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "FIFO"),
        (b"", "not a renames CSV"),
        (b'old,new\n"a,b\n', "not a renames CSV"),
        (b"old,new\nF\xe8s,x\n", "not a renames CSV"),
        (b"a,b\n1,2\n", "needs columns 'old' and 'new'"),
    ],
)
def test_bad_renames_file(tmp_path: Path, content: bytes | None, message: str) -> None:
    import os

    from clusteratlas.reporting import load_renames

    path = tmp_path / "renames.csv"
    if content is None:
        os.mkfifo(path)
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_renames(path)


def test_unplaced_rows_named_by_their_editor_line(tmp_path: Path, run: Callable[..., Result]) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        'Liste des zones\n\ncity,sector\nCasablanca,a\n\nNowhere,b\n"Multi\nline",c\nAtlantis,d\n', encoding="utf-8"
    )
    r = run("geocode", path, "-o", tmp_path / "out.csv")
    assert r.code == 0
    assert (
        "row 6 (city 'Nowhere'" in r.err and "row 7 (city 'Multi\\nline'" in r.err and "row 9 (city 'Atlantis'" in r.err
    )
