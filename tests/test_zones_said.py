"""A zone table says whose zones it counts: the study's by default, or the user's file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Zones: by default, those of the study (Errajaoui & Nokairi)"),
        ("fr", "Zones\u00a0: par défaut, celles de l’étude (Errajaoui & Nokairi)"),
    ],
)
def test_default_zones_are_named_with_their_study(run: Callable, clusters_csv: Path, lang: str, said: str) -> None:
    r = run("shares", clusters_csv, "--by", "zone", "--lang", lang)
    assert r.code == 0
    assert said in r.out and "--zones" in r.out.splitlines()[-1]


def test_a_users_zones_file_is_named(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    zones = tmp_path / "mes_zones.toml"
    zones.write_text('[[zone]]\nname = "Nord"\nregions = ["01", "02"]\n', encoding="utf-8")
    r = run("shares", clusters_csv, "--by", "zone", "--zones", zones, "--format", "md")
    assert r.code == 0 and r.out.rstrip().endswith("Zones: from mes_zones.toml.")


def test_data_formats_and_other_groupings_carry_no_zone_line(run: Callable, clusters_csv: Path) -> None:
    assert "Zones:" not in run("shares", clusters_csv, "--by", "zone", "--format", "csv").out
    assert "Zones:" not in run("shares", clusters_csv, "--by", "region").out
