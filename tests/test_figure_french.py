"""French outputs in French throughout: no English word and no English exonym in any French figure or page.

Every French output is scanned: the figures' SVG text (title, description, labels, keys,
legends, captions), their alt text and journal caption, the HTML map's words (its page text,
labels, and the words its script shows) and the report. The user's own values (record
names, categories, the file's headers) are taken out first: they are the user's words.
"""

from __future__ import annotations

import json
import re
import warnings
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import clusteratlas
from clusteratlas import geocode, map_spec

from .randomdata import random_records

#: English words and exonyms that must not appear in a French output (word boundaries, case as written).
ENGLISH = [
    r"Tangier",
    r"\bFez\b",
    r"\bFes\b",
    r"Marrakesh",
    r"\bMeknes\b",
    r"\bKenitra\b",
    r"\bTetouan\b",
    r"\b[Rr]ecords?\b",
    r"\b[Ss]hares?\b",
    r"\b[Rr]egions?\b",
    r"\bZoom (in|out)\b",
    r"\bLayers\b",
    r"\bTowns\b",
    r"\bUnplaced\b",
    r"\bUnknown\b",
    r"\bOther\b",
    r"\bper million\b",
    r"\b[Ss]ectors?\b",
    r"\bNot shown\b",
    r"\bLow-confidence\b",
    r"\bNumbered places\b",
    r"\bDetail\b",
    r"\bLocation quotient\b",
    r"\b(the|and|of|with|by|from|placed|fewer than|inhabitants)\b",
    r"\bData:",
    r"\bBoundaries\b",
    r"\bPlaces:",
    r"\bprecision\b",
    r"\bLabelled\b",
]


@cache
def _tables() -> dict[str, pd.DataFrame]:
    """The study's table and a random table placed by coordinates (place names from the gazetteer)."""
    from clusteratlas import read_records
    from clusteratlas._resources import data_path

    rng = np.random.default_rng(7)
    raw = random_records(7, 150)
    raw = raw[raw["lat"].notna()].drop(columns=["city"]).reset_index(drop=True)
    raw["name"] = [f"Entreprise {i}" for i in range(len(raw))]
    raw["sector"] = [f"Secteur {c}" for c in rng.choice(list("ABCDEFGHI"), size=len(raw))]
    raw["year"] = rng.integers(1990, 2024, size=len(raw))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"study": geocode(read_records(data_path("clusters.csv"))), "random": geocode(raw)}


def _user_values(records: pd.DataFrame) -> list[str]:
    """Every value and header of the user's own columns, longest first (taken out before the scan)."""
    own = [c for c in records.columns if not str(c).startswith(("geocode", "region", "province", "match"))]
    values = {str(v) for c in own for v in records[c].dropna().unique()} | {str(c) for c in own}
    headers = clusteratlas.schema.headers(records) if hasattr(clusteratlas, "schema") else {}
    values |= {str(v) for v in headers.values() if v}
    return sorted((v for v in values if len(v) > 2), key=len, reverse=True)


#: Town names the gazetteer gives no French name for yet: none since session 11 (GeoNames' "New Fes"
#: is "Fès Jdid" in French, ``data/geo/display_names.csv``). Listed, not hidden.
NO_FRENCH_NAME_YET: tuple[str, ...] = ()
#: The study's lever names are the profile's French labels in French outputs (issue 19): none listed.
NOT_FRENCH_YET = NO_FRENCH_NAME_YET


def _english(text: str, user: list[str]) -> list[str]:
    for value in [*user, *NOT_FRENCH_YET]:
        text = text.replace(value, " ")
    text = re.sub(r"\{[a-z_]+\}", " ", text)  # a template's fields ({share}), filled with French words
    text = re.sub(r"https?://\S+|[\w./-]+\.(?:geojson|csv|gpkg|parquet|toml|json|txt)\b", " ", text)  # addresses, files
    found = []
    for pattern in ENGLISH:
        for m in re.finditer(pattern, text):
            found.append(text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " "))
    return found


class _Words(HTMLParser):
    """The words a reader meets on a page: text outside scripts and styles, and labelling attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")
        self.words += [v for k, v in attrs if k in ("aria-label", "title", "alt", "placeholder") and v]

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.words.append(data)


def _page_words(page: str) -> str:
    parser = _Words()
    parser.feed(page)
    words = parser.words
    config = re.search(r'id="clusteratlas-config">(.*?)</script>', page, flags=re.DOTALL)
    if config:  # the words the map's script shows: its texts, legends, layers, fields, town labels

        def strings(obj: object) -> list[str]:
            if isinstance(obj, str):  # not the keys of fields and colours ("region", "#E69F00"): never shown
                return [] if re.fullmatch(r"[a-z_]+|#[0-9A-Fa-f]{6}", obj) else [obj]
            if isinstance(obj, dict):
                return [s for k, v in obj.items() if k != "data" for s in strings(v)]
            if isinstance(obj, list):
                return [s for v in obj for s in strings(v)]
            return []

        words += strings(json.loads(config.group(1)))
    return "\n".join(words)


def _svg_words(svg: str) -> str:
    return "\n".join(re.findall(r"<(?:text|tspan|title|desc)\b[^>]*>([^<]*)<", svg))


@pytest.mark.parametrize("source", ["study", "random"])
@pytest.mark.parametrize("kind", ["points", "choropleth", "combined", "timeline", "lq"])
def test_french_figures_have_no_english(tmp_path: Path, source: str, kind: str) -> None:
    records = _tables()[source]
    column = "sector_group" if source == "study" else "sector"
    category = str(records[column].dropna().iat[0])
    options = {"category": category, "color_by": column} if kind == "lq" else {}
    value = "per-capita" if kind == "choropleth" else "count"
    unit = "clusters" if source == "study" else "records"
    spec = map_spec(records, data_label="fiches.csv", lang="fr", value=value, unit=unit, **options)  # type: ignore[arg-type]
    out = tmp_path / f"{kind}.svg"
    plt.close(clusteratlas.figure(spec, kind, output=out, journal=False))
    journal = tmp_path / f"{kind}-revue.svg"
    plt.close(clusteratlas.figure(spec, kind, output=journal, journal=True))
    texts = [_svg_words(out.read_text(encoding="utf-8"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.txt"))]
    found = _english("\n".join(texts), _user_values(records))
    assert not found, found[:10]


@pytest.mark.parametrize("source", ["study", "random"])
def test_the_french_map_and_report_have_no_english(tmp_path: Path, source: str) -> None:
    records = _tables()[source]
    user = _user_values(records)
    unit = "clusters" if source == "study" else "records"
    spec = map_spec(records, data_label="fiches.csv", lang="fr", unit=unit)
    page = clusteratlas.interactive.render_map(clusteratlas.interactive.interactive_map(spec))
    found = _english(_page_words(page), user)
    assert not found, found[:10]
    report = tmp_path / "rapport.html"
    clusteratlas.write_report(clusteratlas.report(records, lang="fr", data_label="fiches.csv"), report)
    found = _english(_page_words(report.read_text(encoding="utf-8")), user)
    assert not found, found[:10]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_blank_or_dash_town_cell_is_no_place_given_not_a_place_not_found(lang: str) -> None:
    """A town cell of blanks, a tab, "-" or "?" is no place given, never "lieu introuvable : " and nothing."""
    from clusteratlas.mapspec.captions import unplaced_list

    cells = ["\t", " ", "-", "?", "Rosanibo"]
    frame = pd.DataFrame({"name": [f"firm {i}" for i in range(len(cells))], "city": cells})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        listed = unplaced_list(geocode(frame), lang)
    assert len(listed) == len(cells), listed
    none = r"aucun lieu indiqué" if lang == "fr" else r"no location given|no place name given"
    assert all(re.search(none, line) for line in listed[:4]), listed
    assert "Rosanibo" in listed[4] and not re.search(none, listed[4]), listed
    assert not any(re.search(r":\s*[)\]]", line) for line in listed), listed  # nothing after a colon
    assert not any(re.search(r"\([^()]*\(", line) for line in listed), listed  # no parentheses in parentheses
