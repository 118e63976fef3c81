"""Places read out of texts segment by segment, each distinct segment once (:mod:`clusteratlas._segments`).

The result must be the reading of each text whole: these tests compare the two on generated
town cells and addresses (quarters, sites, towns, streets, numbers, Arabic, separators of
every kind, empty segments, texts repeated with other streets) and through the geocoder.
"""

from __future__ import annotations

import random
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from clusteratlas import _cells, geocode
from clusteratlas._segments import Reading, by_segment, segments
from clusteratlas.records import prepare_records

PARTS = [
    "Lot 45",
    "ZI Sidi Ghanem",
    "Marrakech",
    "Rue Ibn Sina 12",
    "Hay Riad",
    "Rabat",
    "Ain Sebaa",
    "Casablanca",
    "Route de Rabat km 7",
    "Zone industrielle Gzenaya",
    "Tanger",
    "Quartier Maarif",
    "Sala Al Jadida",
    "20250",
    "الدار البيضاء",
    "حي الرياض",
    "Technopole d'Oujda",
    "Parc industriel Sapino",
    "Nouaceur",
    "Sidi Maarouf",
    "El Jadida",
    "Ad Dar al Byda'",
    "L'Oulad Tayeb",
    "Fès",
    "",
    " ",
    "Bd Zerktouni",
    "Mohammedia",
    "Ain Sebaâ",
    "Salé",
    "Kénitra",
    "Atlantic Free Zone",
    "Atlantc Free Zone",
    "Tanger Med",
    "Dakhla",
    "Agadir",
    "Inezgane",
]
SEPARATORS = [", ", " - ", " / ", "; ", " (", ") ", " – ", "\n", " | ", ",", " — "]


def _texts(seed: int, n: int) -> pd.Series:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(PARTS) for _ in range(rng.randrange(1, 5))]
        text = parts[0]
        for p in parts[1:]:
            text += rng.choice(SEPARATORS) + p
        out.append(text)
    uniq = sorted(set(out))
    return pd.Series(uniq, index=np.arange(len(uniq)) * 3 + 1, dtype=object)  # an index of positions, not 0..n


def _whole(texts: pd.Series, pattern: str, read, every_text: bool = True) -> Reading:  # type: ignore[no-untyped-def]
    """Every text read whole, none alike: the reading before segments were shared."""
    rows = read(texts)
    return Reading(rows, pd.Series(rows["text"].unique(), index=rows["text"].unique()))


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_segment_by_segment_is_the_whole_reading(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts(seed, 1500)
    got = _cells.mentions(texts)
    monkeypatch.setattr(_cells, "by_segment", _whole)
    want = _cells.mentions(texts)
    pd.testing.assert_frame_equal(got.drop(columns="alike"), want.drop(columns="alike"))
    assert got["text"].nunique() > 500  # most texts name places
    assert (want["alike"] == want["text"]).all()  # read whole, no text reads like another
    assert got["alike"].nunique() < got["text"].nunique()  # shared segments: some texts read alike


@pytest.mark.parametrize("seed", [9, 10])
def test_choices_are_the_same(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    texts = pd.Series(rng.choices(_texts(seed, 2000).tolist(), k=4000), dtype=object)
    areas = {
        "region": np.array([rng.choice([None, "06", "04", "01"]) for _ in range(4000)], dtype=object),
        "province": np.array([rng.choice([None, None, "06.141", "01.511"]) for _ in range(4000)], dtype=object),
    }
    rows = np.arange(0, 4000, 2)
    got = _cells.read_rows(texts, rows, areas, what="address")
    monkeypatch.setattr(_cells, "by_segment", _whole)
    want = _cells.read_rows(texts, rows, areas, what="address")
    pd.testing.assert_frame_equal(got, want)
    assert (got["status"] != "unresolved").sum() > 500


def test_the_geocoder_places_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    texts = _texts(5, 3000).tolist()
    frame = pd.DataFrame(
        {
            "name": [f"firm {i}" for i in range(3000)],
            "city": [rng.choice(["", "xqzt", "Casablnca", "Ain Sebaa - Casablanca", "N/A"]) for _ in range(3000)],
            "adresse": [rng.choice(texts) for _ in range(3000)],
        }
    )

    def run() -> pd.DataFrame:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return geocode(prepare_records(frame.copy()))

    got = run()
    monkeypatch.setattr(_cells, "by_segment", _whole)
    pd.testing.assert_frame_equal(got, run())
    assert (got["geocode_status"] == "address").sum() > 500
    assert "clusteratlas._segments" in sys.modules


def test_segments_are_numbered_in_order() -> None:
    cut = segments(pd.Series(["a, b", "c", ""], index=[5, 7, 9]), r",\s*")
    assert cut.to_dict("list") == {"text": [5, 5, 7, 9], "segment": ["a", "b", "c", ""], "seg": [0, 1, 0, 0]}


def test_a_segment_read_once_is_given_to_every_text() -> None:
    calls: list[list[str]] = []

    def read(segs: pd.Series) -> pd.DataFrame:
        calls.append(segs.tolist())
        keep = segs[segs != "x"]
        return pd.DataFrame({"text": keep.index, "seg": 0, "value": keep.str.upper().to_numpy()})

    out, alike = by_segment(pd.Series(["a, x, b", "b, a", "x", "b, x, a"], index=[10, 20, 30, 40]), r",\s*", read)
    assert calls == [["a", "x", "b"]]  # three distinct segments, each read once
    assert out.to_dict("list") == {
        "text": [10, 10, 20, 20, 40, 40],
        "seg": [0, 2, 0, 1, 0, 2],
        "value": ["A", "B", "B", "A", "B", "A"],
    }
    assert alike.to_dict() == {10: 10, 20: 20, 40: 20}  # "b, x, a" reads as "b, a"


def test_texts_of_the_same_segments_in_order_read_alike() -> None:
    def read(segs: pd.Series) -> pd.DataFrame:
        keep = segs[segs.str.len() > 1]  # "x" names nothing
        return pd.DataFrame({"text": keep.index, "seg": 0, "value": keep.to_numpy()})

    texts = pd.Series(["ab, x, cd", "ab, cd", "cd, ab", "x, ab, x, cd", "ab, ab, cd", "x"], index=[1, 2, 3, 4, 5, 6])
    rows, alike = by_segment(texts, r",\s*", read)
    assert alike.to_dict() == {1: 1, 2: 1, 3: 3, 4: 1, 5: 5}  # "x" names nothing: no rows, not listed
    firsts, _ = by_segment(texts, r",\s*", read, every_text=False)
    assert sorted(set(firsts["text"])) == [1, 3, 5]
    pd.testing.assert_frame_equal(
        firsts.reset_index(drop=True), rows[rows["text"].isin([1, 3, 5])].reset_index(drop=True)
    )
