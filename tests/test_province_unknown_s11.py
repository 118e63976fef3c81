"""By province, records placed in a region alone are "Province unknown", not "Unplaced".

A register whose row gives a region and no town is placed in that region: it counts in region
and zone shares. By province it was counted with the records placed nowhere ("Unplaced"), so a
reader took a known region for an unknown place. Generated tables: random towns of the
gazetteer, regions alone, and names placed nowhere, shuffled, at several sizes.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, shares
from clusteratlas.aggregate import PROVINCE_UNKNOWN, UNPLACED
from clusteratlas.crosstab import crosstab
from clusteratlas.gazetteer import load_gazetteer
from clusteratlas.geography import admin_table
from clusteratlas.stream import stream_shares
from tests.conftest import Result

REGIONS = list(admin_table("region")["region"])


def _table(seed: int, n: int) -> tuple[pd.DataFrame, int, int]:
    """``n`` records: random towns (about 65%), regions alone and nowhere; the records the geocoder
    places in a region alone and nowhere (the generated regions alone are among the first)."""
    rng = np.random.default_rng(seed)
    places = load_gazetteer().places
    towns = places.loc[places["population"].fillna(0) > 5_000, "name"].drop_duplicates().to_numpy(dtype=object)
    kind = rng.choice(3, size=n, p=[0.65, 0.25, 0.10])
    city = np.where(kind == 0, rng.choice(towns, size=n), "")
    city = np.where(kind == 2, [f"Qqzx Nowhere {i}" for i in range(n)], city)
    region = np.where(kind == 1, rng.choice(np.array(REGIONS, dtype=object), size=n), "")
    frame = pd.DataFrame(
        {
            "name": [f"Firm {i}" for i in range(n)],
            "city": city,
            "region": region,
            "sector": rng.choice(["Textile", "Agri-food", "Digital"], size=n),
            "employees": rng.integers(1, 500, size=n),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    alone = geo["province_code"].isna() & geo["region_code"].notna()
    assert alone[kind == 1].all() and geo["region_code"][kind == 2].isna().all()
    return frame, int(alone.sum()), int(geo["region_code"].isna().sum())


def _quiet_shares(frame: pd.DataFrame, **kw: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return shares(frame, **kw).table  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [5, 60, 2_000])
def test_region_only_records_are_province_unknown_and_still_in_their_region(n: int) -> None:
    frame, alone, nowhere = _table(n, n)
    by_province = _quiet_shares(frame, by="province")
    got = by_province.set_index("group")["count"]
    assert got.get(PROVINCE_UNKNOWN, 0) == alone
    assert got.get(UNPLACED, 0) == nowhere
    assert int(got.sum()) == n  # every record once
    ours = list(by_province["group"].iloc[-(int(alone > 0) + int(nowhere > 0)) :]) if alone or nowhere else []
    assert ours == [g for g, k in ((PROVINCE_UNKNOWN, alone), (UNPLACED, nowhere)) if k]  # after the provinces
    by_region = _quiet_shares(frame, by="region").set_index("group")["count"]
    assert by_region.get(UNPLACED, 0) == nowhere  # a region alone is placed in its region
    assert PROVINCE_UNKNOWN not in by_region


def test_weights_and_per_capita_follow_the_same_rows() -> None:
    frame, alone, nowhere = _table(3, 500)
    table = _quiet_shares(frame, by="province", weight="employees", per_capita=True).set_index("group")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    mask = (geo["province_code"].isna() & geo["region_code"].notna()).to_numpy()
    assert table.loc[PROVINCE_UNKNOWN, "count"] == alone == int(mask.sum())
    assert table.loc[PROVINCE_UNKNOWN, "weight"] == pytest.approx(float(frame.loc[mask, "employees"].sum()))
    assert pd.isna(table.loc[PROVINCE_UNKNOWN, "population_2024"])  # no population: no per-million value
    assert table.loc[UNPLACED, "count"] == nowhere
    assert table["weight"].sum() == pytest.approx(float(frame["employees"].sum()))


def test_the_streaming_engine_counts_the_same_rows(tmp_path: Path) -> None:
    frame, alone, nowhere = _table(11, 900)
    path = tmp_path / "register.csv"
    frame.to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        streamed = stream_shares(path, by="province", chunksize=97).table
        pd.testing.assert_frame_equal(streamed, shares(pd.read_csv(path, keep_default_na=False), by="province").table)
    assert list(streamed["group"].iloc[-2:]) == [PROVINCE_UNKNOWN, UNPLACED]
    assert list(streamed["count"].iloc[-2:]) == [alone, nowhere]


def test_crosstab_by_province_has_the_same_row() -> None:
    frame, alone, nowhere = _table(5, 400)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cells = crosstab(frame, by=("province", "sector")).table
    per_group = cells.groupby("group", sort=False)["count"].sum()
    assert per_group[PROVINCE_UNKNOWN] == alone and per_group[UNPLACED] == nowhere
    assert list(per_group.index[-2:]) == [PROVINCE_UNKNOWN, UNPLACED]


def test_the_cli_says_it_in_french(tmp_path: Path, run: object) -> None:
    path = tmp_path / "t.csv"
    path.write_text("nom,ville,région\nA,Casablanca,\nB,,Souss-Massa\nC,Qqzx Nulle Part,\n", encoding="utf-8")
    out: Result = run("shares", str(path), "--by", "province", "--lang", "fr")  # type: ignore[operator]
    assert out.code == 0, out.err
    lines = [ln for ln in out.out.splitlines() if "inconnue" in ln or "Non localisées" in ln]
    assert lines[0].startswith("Province inconnue") and lines[0].split()[2] == "1", lines
    assert lines[1].startswith("Non localisées") and lines[1].split()[2] == "1", lines
