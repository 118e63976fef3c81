"""The study stays with the study: a user's table gets no zones, study fields or study wording.

Issue 18: zones, claims, lever figures and the study's columns appear only when the data
have them or the user asks (``--zones FILE``); ``--no-zones`` removes them from the study too.
Every output of every command, in both languages, is scanned for the study's words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas._resources import data_path
from clusteratlas.profile import load_profile

pytestmark = pytest.mark.slow


def _register(path: Path, n: int = 120, seed: int = 11) -> Path:
    """Write an agency's register of ``n`` firms at real towns (French headers, cp1252), no study column."""
    rng = np.random.default_rng(seed)
    places = pd.read_csv(data_path("geo", "places.csv"), dtype={"region_code": str})
    towns = places.nlargest(60, "population")["name"].to_numpy()
    frame = pd.DataFrame(
        {
            "Raison sociale": [f"Société {i:03d} SARL" for i in range(n)],
            "Ville": rng.choice(towns, n),
            "Secteur d'activité": rng.choice(["Textile", "Automobile", "Agro-industrie", "Chimie"], n),
            "Effectif": [f"{v:,}".replace(",", " ") for v in rng.integers(5, 4000, n)],
            "Date de création": [f"{d:02d}/{m:02d}/{y}" for d, m, y in zip(*_dates(rng, n), strict=True)],
            "ICE": [f"{v:015d}" for v in rng.integers(1, 10**12, n)],
        }
    )
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", errors="replace")
    return path


def _dates(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return rng.integers(1, 29, n), rng.integers(1, 13, n), rng.integers(1990, 2024, n)


def _study_words() -> list[str]:
    """The study's column names and labels, zone names, lever labels and citation (both languages)."""
    study = load_profile()
    words = [*study.own_columns, "lever_", "Table 3", "Tableau 3", "the study", "l'étude", "l’étude"]
    words += [label for labels in study.columns.values() for label in labels.values()]
    words += [lever.label[lang] for lever in study.levers for lang in ("en", "fr")]
    words += ["Other regions", "Autres régions", "Casablanca–Settat–Rabat", "Safi–Marrakech–Agadir", "Oujda–Fès–Meknès"]
    words += ["Location confidence", *study.citation.authors]
    return sorted({w for w in words if len(w) > 3}, key=str.casefold)


def _text(path: Path) -> str:
    """The words a user reads in a file: an HTML page's text, attributes and data, never its library code."""
    raw = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix == ".html":
        # the page's own data (CONFIG, GeoJSON, popups) are JSON in scripts; library code is not ours
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", raw, flags=re.S)
        ours = [s for s in scripts if "CONFIG" in s or '"features"' in s or "popup" in s.casefold()]
        raw = re.sub(r"<script[^>]*>.*?</script>|<style[^>]*>.*?</style>", " ", raw, flags=re.S) + " ".join(ours)
    return html.unescape(raw)


def _outputs(run: Callable, data: Path, out: Path, *extra: str) -> list[Path]:
    """Run every command that applies to a register, in both languages; return the files written."""
    out.mkdir()
    assert run("geocode", data, "-o", out / "geo.csv", "-q").code == 0
    assert run("shares", data, "--by", "region", "--format", "md", "-o", out / "shares.md", "-q").code == 0
    for lang in ("en", "fr"):
        for kind in ("points", "choropleth", "combined", "timeline"):
            r = run("figure", data, "--kind", kind, "--lang", lang, "-o", out / f"{kind}_{lang}.svg", "-q", *extra)
            assert r.code == 0, r.err
        assert run("map", data, "--lang", lang, "-o", out / f"map_{lang}.html", "-q", *extra).code == 0
        for ext in ("html", "md"):
            r = run("report", data, "--lang", lang, "-o", out / f"report_{lang}.{ext}", "-q", *extra)
            assert r.code == 0, r.err
    r = run("report", data, "-o", out / "r.html", "--tables-dir", out / "tables", "--no-figure", "-q", *extra)
    assert r.code == 0, r.err
    return sorted(p for p in out.rglob("*") if p.suffix in {".csv", ".md", ".html", ".svg", ".txt"})


def test_a_register_gets_no_zones_study_fields_or_study_words(run: Callable, tmp_path: Path) -> None:
    data = _register(tmp_path / "registre.csv")
    files = _outputs(run, data, tmp_path / "out")
    assert len(files) > 20
    words = _study_words()
    found = {
        f"{p.name}: {w}" for p in files for text in [_text(p).casefold()] for w in words if w.casefold() in text
    }
    assert not found, sorted(found)
    assert not (tmp_path / "out" / "tables" / "by_zone.csv").exists()


def test_zones_when_asked_and_none_when_refused(run: Callable, tmp_path: Path) -> None:
    data = _register(tmp_path / "registre.csv", n=40)
    zones = tmp_path / "mes_zones.toml"
    zones.write_text('rest = "Reste du pays"\n[[zone]]\nname = "Nord"\nregions = ["01", "02"]\n', encoding="utf-8")
    r = run("report", data, "--zones", zones, "-o", tmp_path / "r.md", "--no-figure", "-q")
    assert r.code == 0, r.err
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Nord" in text and "Reste du pays" in text
    assert "Casablanca–Settat–Rabat" not in text
    r = run("report", data, "--zones", zones, "--no-zones", "-o", tmp_path / "x.md", "-q")
    assert r.code == 2 and "--no-zones" in r.err and not (tmp_path / "x.md").exists()
    # the study's own table keeps its zones, and loses them when refused
    study = data_path("clusters.csv")
    assert run("report", study, "-o", tmp_path / "s.md", "--no-figure", "-q").code == 0
    assert "Casablanca–Settat–Rabat axis" in (tmp_path / "s.md").read_text(encoding="utf-8")
    assert run("report", study, "--no-zones", "-o", tmp_path / "n.md", "--no-figure", "-q").code == 0
    assert "Casablanca–Settat–Rabat axis" not in (tmp_path / "n.md").read_text(encoding="utf-8")
    assert run("figure", study, "--no-zones", "-o", tmp_path / "n.png", "-q").code == 0
    alt = (tmp_path / "n.alt.txt").read_text(encoding="utf-8")
    assert "Casablanca–Settat–Rabat" not in alt and "clusters" in alt  # still the study's table
