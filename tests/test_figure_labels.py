"""What figures say and weigh: file sizes, place names in labels and keys, counts, "Other", alt text (issue 20)."""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from clusteratlas import geocode
from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static._patterns import HATCHES
from clusteratlas.static.save import render

from .placesdata import places_records
from .randomdata import random_spec


@cache
def places_spec(lang: str = "en", value: str = "count") -> MapSpec:
    """The map specification of the 40-place register (:mod:`tests.placesdata`), geocoded quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        names = {"Nom": "name", "Ville": "city", "Secteur": "sector", "Année": "year"}
        geo = geocode(places_records().rename(columns=names))
    return map_spec(geo, data_label="places40.csv", lang=lang, value=value)


def _patterns(svg: str) -> list[str]:
    """The ``<pattern>`` elements of an SVG, without their ids."""
    return [re.sub(r'id="[^"]*"', "", p) for p in re.findall(r"<pattern\b.*?</pattern>", svg, flags=re.DOTALL)]


def test_patterns_are_lines_only() -> None:
    assert HATCHES[0] == ""
    assert all(set(h) <= set("/\\|-+x") for h in HATCHES)  # no dot or circle: each a few straight segments


@pytest.mark.parametrize(("kind", "south"), [("points", "frame"), ("combined", "inset")])
def test_vector_figures_of_forty_places_stay_small_with_each_pattern_once(
    tmp_path: Path, kind: str, south: str
) -> None:
    spec = places_spec()
    svg, pdf = tmp_path / "map.svg", tmp_path / "map.pdf"
    plt.close(render(spec, kind, [svg, pdf], south=south).figure)
    text = svg.read_text(encoding="utf-8")
    patterns = _patterns(text)
    assert len(patterns) >= 2  # the categories that print alike in grey are patterned
    assert len(patterns) == len(set(patterns))  # each pattern defined once
    assert all(" C " not in p and "\nC " not in p for p in patterns)  # straight lines, no Bézier dots
    assert svg.stat().st_size < 1_000_000
    assert pdf.stat().st_size < 1_000_000
    assert "<text" in text and "text-halo-" in text  # labels are text, their halo a stroke, not outlines
    assert not re.search(r'<g id="cluster-label">\s*<path', text)


def test_a_timeline_of_twenty_thousand_records_stays_small(tmp_path: Path) -> None:
    spec = random_spec(20, 20_000)
    svg, pdf = tmp_path / "timeline.svg", tmp_path / "timeline.pdf"
    plt.close(render(spec, "timeline", [svg, pdf]).figure)
    patterns = _patterns(svg.read_text(encoding="utf-8"))
    assert len(patterns) == len(set(patterns))
    assert svg.stat().st_size < 1_000_000
    assert pdf.stat().st_size < 1_000_000
