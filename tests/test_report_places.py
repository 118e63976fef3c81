"""The report's regional profiles name every place: the user's most frequent non-empty spelling,
or the gazetteer's name (in the report's language) when no record writes the town or a typo
outnumbers the right spelling; on registers we generate, with random order and proportions."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode
from clusteratlas.reporting import RECORDS_LISTED_MAX, build_report

from .randomdata import random_records


def _register(seed: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """Records of Casablanca-Settat, more than the report lists: typos, addresses only, region only."""
    rng = np.random.default_rng(seed)
    counts = {
        "typo": int(rng.integers(70, 100)),  # "Mohamedia", outnumbering "Mohammedia"
        "right": int(rng.integers(20, 59)),
        "address": int(rng.integers(40, 70)),  # no town cell, a Casablanca quarter in the address
        "town": int(rng.integers(10, 29)),  # "Casablanca", fewer than the address-only records
        "upper": int(rng.integers(1, 9)),  # "CASABLANCA"
        "region": int(rng.integers(20, 40)),  # no town cell, the region only
    }
    cities = {"typo": "Mohamedia", "right": "Mohammedia", "town": "Casablanca", "upper": "CASABLANCA"}
    parts = []
    for kind, n in counts.items():
        parts.append(
            pd.DataFrame(
                {
                    "name": [f"Firme {kind} {i}" for i in range(n)],
                    "city": cities.get(kind, ""),
                    "address": "Zone industrielle Sidi Bernoussi" if kind == "address" else "",
                    "region": "Casablanca-Settat" if kind == "region" else "",
                    "sector": rng.choice(["Textile", "Chimie", "Automobile"], size=n),
                }
            )
        )
    others = random_records(seed, 40)[["name", "city", "sector", "region"]].assign(address="")
    table = pd.concat([*parts, others], ignore_index=True)
    table = table.iloc[rng.permutation(len(table))].reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(table), counts


@pytest.mark.parametrize("seed", [3, 17, 2024])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_place_is_named_and_typos_yield_to_the_gazetteer(seed: int, lang: str) -> None:
    geo, counts = _register(seed)
    assert geo["region_code"].eq("06").sum() > RECORDS_LISTED_MAX
    built = build_report(geo, figure=False, lang=lang)
    table = next(t for t in built.tables() if t.name == "profile_06_places")
    shown = table.display.iloc[:, 0].astype(str)
    assert shown.str.strip().ne("").all()  # never a blank cell
    raw = table.raw[table.raw["places"].eq(1)].reset_index(drop=True)
    assert table.raw["count"].sum() == geo["region_code"].eq("06").sum()
    # Casablanca: the town written, the quarter in the address, in capitals: one place
    region = geo[geo["region_code"].eq("06")]
    at_casa = region["province"].eq("Casablanca") & region["geocode_precision"].isin(["city", "quarter"])
    assert at_casa.sum() >= counts["address"] + counts["town"] + counts["upper"]
    casa = raw.index[raw["count"].eq(at_casa.sum()) & raw["province"].eq("Casablanca")]
    assert len(casa) == 1
    spellings = "spellings" if lang == "en" else "graphies"
    assert shown.iat[casa[0]] == f"Casablanca (2 {spellings})"  # the empty cells are no spelling
    # Mohammedia: the typo outnumbers the right spelling, so the gazetteer's name comes first
    mo = raw.index[raw["count"].eq(region["city"].isin(["Mohamedia", "Mohammedia"]).sum())]
    assert len(mo) == 1
    name = "Mohammédia"  # its display name in both languages (issue 20 item 7; was GeoNames' and HCP's spellings)
    most = "most often" if lang == "en" else "la plus fréquente\u00a0:"
    assert shown.iat[mo[0]] == f"{name} (2 {spellings}, {most} Mohamedia)"
    # the region only: named by the region, said so
    only = raw.index[raw["count"].eq(counts["region"]) & raw["province"].eq("")]
    only_word = "region only" if lang == "en" else "région seulement"
    assert shown.iat[only[0]] == f"Casablanca-Settat ({only_word})"
    assert not shown.str.contains(r"\(1 (?:spellings|graphies)\)").any()
