"""Records whose --value or --size-by cell is empty or unknown are said, not silently left out of the sums."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, map_spec
from clusteratlas.mapspec import describe, weight_skipped_caption

TOWNS = ["Tanger", "Fès", "Casablanca", "Agadir", "Oujda", "Rabat"]


def _records(n: int, seed: int) -> tuple[pd.DataFrame, int]:
    rng = np.random.default_rng(seed)
    cells = rng.choice(np.asarray(["12,5 MDH", "3 MDH", "n.d.", "", "0,8 MDH", "NC"], dtype=object), n)
    frame = pd.DataFrame(
        {
            "name": [f"firm {i}" for i in range(n)],
            "city": rng.choice(TOWNS, n),
            "Investissement": cells,
            "Effectif": rng.choice(np.asarray(["2 880", "n.d.", "210", ""], dtype=object), n),
        }
    )
    unknown = int(np.isin(cells, ["n.d.", "", "NC"]).sum())
    return frame, unknown


def _geocoded(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


@pytest.mark.parametrize("n", [5, 60, 400])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_value_column_s_unknown_cells_are_counted_and_said(n: int, lang: str) -> None:
    frame, unknown = _records(n, seed=n)
    spec = map_spec(_geocoded(frame), value="Investissement", lang=lang)
    assert spec.value_skipped == unknown
    said = weight_skipped_caption(spec)
    if not unknown:
        assert said == ""
        return
    words = "without Investissement left out of the sums" if lang == "en" else "sans Investissement n"
    assert words in said and said.split()[0].replace("\u202f", "") == str(unknown)
    assert said in describe(spec, "choropleth") and said in describe(spec, "combined")


def test_symbols_sized_by_a_column_say_so_and_count_its_unknown_cells() -> None:
    frame, _ = _records(300, seed=3)
    spec = map_spec(_geocoded(frame), size_by="Effectif")
    alt = describe(spec, "points")
    assert "sized by its sum of Effectif" in alt and "sized by its number of clusters" not in alt
    unknown = int(frame["Effectif"].isin(["n.d.", ""]).sum())
    assert f"{unknown} clusters without Effectif add nothing to their symbol's size." in alt  # the spec's unit
    plain = describe(map_spec(_geocoded(frame)), "points")
    assert "sized by its number of clusters" in plain and "add nothing" not in plain


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_records_a_weight_counts_as_zero_are_said(lang: str) -> None:
    frame, _ = _records(200, seed=11)
    unknown = int(frame["Effectif"].isin(["n.d.", ""]).sum())
    spec = map_spec(_geocoded(frame), weight="Effectif", missing_weight="zero", lang=lang)
    said = weight_skipped_caption(spec)
    words = "without Effectif counted as 0" if lang == "en" else "sans Effectif compt"
    assert spec.weight_zeroed == unknown and words in said and said in describe(spec, "choropleth")
    skipped = map_spec(_geocoded(frame), weight="Effectif", missing_weight="skip", lang=lang)
    assert skipped.weight_zeroed == 0 and skipped.weight_skipped == unknown
