"""The library's contract for records that are not geocoded yet (``shares(geocode=...)``, ``read_geocoded``)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from clusteratlas import GeocodeOptions, InputError, ReadOptions, UnresolvedError, geocode, shares
from clusteratlas.options import is_geocoded, read_geocoded

from .randomdata import random_records


def _quiet_geocode(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


@pytest.mark.parametrize(("seed", "size"), [(1, 5), (2, 60), (3, 400)])
def test_shares_geocodes_ungeocoded_records_by_default(seed: int, size: int) -> None:
    frame = random_records(seed, size)
    assert not is_geocoded(frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = shares(frame, by="region").table
    pd.testing.assert_frame_equal(got, shares(_quiet_geocode(frame), by="region").table)


@pytest.mark.parametrize("by", ["region", "province", "zone"])
def test_shares_without_geocoding_names_the_missing_columns(by: str) -> None:
    frame = random_records(4, 30)
    with pytest.raises(InputError, match=r"not geocoded \(no 'region_code', 'geocode_status' column\)"):
        shares(frame, by=by, geocode=False)


def test_shares_of_a_column_never_needs_places() -> None:
    frame = random_records(5, 50)
    table = shares(frame, by="sector", geocode=False).table
    assert int(table["count"].sum()) == len(frame)
    assert "region_code" not in frame  # the caller's frame is not touched


def test_geocoded_records_are_not_geocoded_again() -> None:
    geo = _quiet_geocode(random_records(6, 40))
    marked = geo.assign(region_code=geo["region_code"].where(geo.index != 0, None))  # what the caller says
    table = shares(marked, by="region", geocode=False).table
    assert table.set_index("group")["count"].sum() == len(geo)
    assert int(table.set_index("group")["count"]["Unplaced"]) == int(marked["region_code"].isna().sum())


def test_strict_options_refuse_unplaced_records_even_for_a_column() -> None:
    frame = pd.DataFrame({"name": ["a", "b"], "city": ["Casablanca", "Nowhere-at-all-xyz"], "sector": ["x", "y"]})
    with pytest.raises(UnresolvedError):
        shares(frame, by="sector", geocode=GeocodeOptions(strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert shares(frame, by="sector", geocode=GeocodeOptions()).total == 2


def test_read_geocoded_refuses_sheet_for_a_frame() -> None:
    with pytest.raises(InputError, match="`sheet` and `layer`"):
        read_geocoded(random_records(7, 5), ReadOptions(sheet="x"))
