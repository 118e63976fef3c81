"""French texts keep "1 = la même" on one line, and a French class list is not ambiguous with decimal commas."""

from __future__ import annotations

import pandas as pd

from clusteratlas import geocode, map_spec
from clusteratlas.mapspec.captions import describe
from clusteratlas.presentation import texts, typeset


def test_equals_between_words_is_bound_in_french_only() -> None:
    assert typeset("1 = la même", "fr") == "1\u00a0=\u00a0la même"
    assert typeset("1 = the same", "en") == "1 = the same"
    assert typeset("a=b", "fr") == "a=b"  # no spaces, nothing to bind
    assert "1\u00a0=\u00a0la même" in texts("map", "fr")["lq_note"]


def test_french_per_capita_classes_are_set_apart_by_semicolons() -> None:
    towns = ["Casablanca", "Rabat", "Tanger", "Fès", "Marrakech", "Agadir", "Oujda", "Laâyoune", "Errachidia"]
    records = geocode(
        pd.DataFrame({"name": [f"f{i}" for i in range(40)], "city": [towns[i % len(towns)] for i in range(40)]})
    )
    spec = map_spec(records, lang="fr", value="per-capita")
    assert any("," in label for label in spec.classes.labels)  # decimal commas in the class bounds
    alt = describe(spec, "choropleth")
    listed = "\u202f; ".join(spec.classes.labels)
    assert f"({listed})" in alt, alt
    english = describe(map_spec(records, lang="en", value="per-capita"), "choropleth")
    assert ", ".join(map_spec(records, lang="en", value="per-capita").classes.labels) in english
