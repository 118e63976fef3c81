"""Names the gazetteer lacks: shipped industrial sites and the user's --aliases file (issue 10, item 7)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import InputError
from clusteratlas.aliases import load_aliases, shipped_sites

from .conftest import Result, geocode_cities


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("Jorf Lasfar", "El Jadida"),
        ("jorf lasfar", "El Jadida"),
        ("Tanger Med", "Fahs-Anjra"),
        ("TANGER-MED", "Fahs-Anjra"),
        ("Atlantic Free Zone", "Kénitra"),
        ("Midparc", "Nouaceur"),
        ("Technopolis", "Salé"),
    ],
)
def test_shipped_sites_are_placed_and_say_so(name: str, province: str) -> None:
    geo = geocode_cities(name)
    row = geo.iloc[0]
    assert row["province"] == province
    assert row["geocode_status"] == "alias"
    assert row["city"] == name  # the user's text is kept
    assert "alias" in row["geocode_note"] and "http" in row["geocode_note"]


def test_every_shipped_site_cites_a_public_source() -> None:
    sites = shipped_sites().table
    assert len(sites) >= 5
    assert sites["source"].str.startswith(("http://", "https://")).all()


def _aliases(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "aliases.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_user_aliases_by_point_place_province_region(tmp_path: Path) -> None:
    path = _aliases(
        tmp_path,
        "nom;latitude;longitude;lieu;province;région;source\n"
        "Zone Sapino;33,353;-7,577;;;;https://example.org\n"
        "Parc Haliopolis;;;Agadir;;;\n"
        "ZI Selouane;;;;Nador;;\n"
        "Pôle Souss;;;;;Souss-Massa;\n"
        "Jorf Lasfar;;;Safi;;;my own reading\n",
        "cp1252",
    )
    frame = pd.DataFrame(
        {
            "name": list("abcdef"),
            "city": ["Zone Sapino", "parc haliopolis", "ZI Selouane", "Pôle Souss", "Jorf Lasfar", "Zone Sapino"],
            "lat": [None, None, None, None, None, 34.0],
            "lon": [None, None, None, None, None, -6.8],
        }
    )
    from clusteratlas import geocode

    geo = geocode(frame, aliases=path)
    assert list(geo["geocode_status"]) == ["user_alias"] * 5 + ["given"]  # own coordinates win
    assert list(geo["geocode_precision"]) == ["point", "city", "province", "region", "city", "point"]
    assert geo.at[0, "lat"] == pytest.approx(33.353) and geo.at[0, "province"] == "Nouaceur"
    assert geo.at[1, "province"] == "Agadir-Ida-Ou-Tanane"
    assert geo.at[2, "province"] == "Nador" and geo.at[3, "region"] == "Souss-Massa"
    assert geo.at[4, "province"] == "Safi"  # the user's alias comes before the shipped site
    assert "my own reading" in geo.at[4, "geocode_note"]
    assert list(geo["city"]) == list(frame["city"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nom,lieu\nA,Atlantis\n", r"row 2: place 'Atlantis' is not a place the gazetteer knows exactly"),
        ("nom,province\nA,Gotham\n", r"row 2: 'Gotham' is not a province of Morocco"),
        ("nom,lieu,province\nA,Agadir,Nador\n", r"row 2: give exactly one target"),
        ("nom,lat,lon\nA,north,west\n", r"row 2: lat/lon 'north', 'west' are not decimal degrees"),
        ("nom,lieu\n,Agadir\n", r"row 2: no name"),
        ("nom,lieu\nA,Agadir\na,Fès\n", r"'A' / 'a' given two different targets"),
        ("ville,secteur\nA,b\n", r"no 'name' column"),
        ("nom,secteur\nA,b\n", r"no target column"),
    ],
)
def test_bad_aliases_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_aliases(_aliases(tmp_path, text))


def test_aliases_option_on_the_command_line(tmp_path: Path, run: Callable[..., Result]) -> None:
    data = tmp_path / "d.csv"
    data.write_text("name,city\nA,Zone Sapino\nB,Fès\n", encoding="utf-8")
    aliases = _aliases(tmp_path, "name,place\nZone Sapino,Nouaceur\n")
    r = run("geocode", data, "-o", tmp_path / "g.csv", "--aliases", aliases)
    assert r.code == 0 and r.err == ""
    assert "user_alias" in (tmp_path / "g.csv").read_text(encoding="utf-8")
    r = run("shares", data, "--by", "region", "--aliases", aliases, "--format", "csv")
    assert r.code == 0 and "Casablanca-Settat,06,1," in r.out
    bad = _aliases(tmp_path, "name,place\nZone Sapino,Atlantis\n")
    r = run("geocode", data, "-o", tmp_path / "h.csv", "--aliases", bad)
    assert r.code == 2 and r.err.startswith("error:") and "Atlantis" in r.err
    assert not (tmp_path / "h.csv").exists()
