"""The words of the figures: alt text that gives every value, and French outputs in French throughout."""

from __future__ import annotations

import pytest

from clusteratlas.mapspec import describe
from clusteratlas.presentation import value_text

from .randomdata import random_spec


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("value", ["count", "share", "per-capita"])
@pytest.mark.parametrize("kind", ["choropleth", "combined"])
def test_choropleth_alt_text_gives_every_regions_value(lang: str, value: str, kind: str) -> None:
    spec = random_spec(5, 9_000, lang, value)
    alt = describe(spec, kind)
    assert len(spec.regions) == 12
    for region, v in zip(spec.regions["region"], spec.regions["value"], strict=True):
        written = value_text(float(v), value, lang)
        assert f"{region} {written}" in alt, (region, written)
    if value == "count":  # thousands separators: the largest region holds more than 999 records here
        top = int(spec.regions["value"].max())
        assert top >= 1_000
        assert value_text(top, "count", lang) in alt
        assert ("\u202f" if lang == "fr" else ",") in value_text(top, "count", lang)
    if lang == "fr":  # French sets a no-break space before ";"
        assert " ; " not in alt
        assert "plus faible\u00a0: " in alt
