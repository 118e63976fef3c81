"""The gazetteer's name of each record's place, in a figure's or report's language.

Shared by the figures (labels and keys name places, not records or a register's spellings)
and the report (its profiles' place names): a record placed at a town or one of its quarters
is named by the town at its point; at a site, by the site; at its province or region only,
by the province or region, said so (a province named after its town as the town is shown);
otherwise by the name the geocoder matched. Towns are
named by their display names in the language asked (:func:`clusteratlas._labels.display_names`:
one rule for every output; French Tanger, Fès, Mohammédia; English Tangier, Fez, Mohammédia).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .._labels import display_names, province_names, renamed
from ..gazetteer import load_gazetteer

__all__ = ["PLACE_DECIMALS", "gazetteer_names", "rounded", "stripped"]

#: Decimals of a degree that make one place: 3, about 100 m (figures' place counts, report profiles).
PLACE_DECIMALS = 3


def stripped(frame: pd.DataFrame, col: str) -> pd.Series:
    """Return a column as stripped strings ("" for missing values or an absent column)."""
    if col not in frame:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[col].astype("string").fillna("").str.strip()


def rounded(frame: pd.DataFrame, col: str) -> pd.Series:
    """Return a coordinate column rounded to :data:`PLACE_DECIMALS` (NaN when absent or not a number)."""
    if col not in frame:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[col], errors="coerce").astype("float64").round(PLACE_DECIMALS)


@functools.cache
def _towns(lang: str) -> pd.DataFrame:
    """Return the gazetteer's towns by rounded point: ``lat``, ``lon``, ``town`` (display name in ``lang``)."""
    places = load_gazetteer().places
    towns = places[places["kind"] == "city"]
    frame = pd.DataFrame(
        {
            "lat": rounded(towns, "lat").to_numpy(),
            "lon": rounded(towns, "lon").to_numpy(),
            "town": towns["place_id"].map(display_names(lang)).fillna(towns["name"]).astype(str).to_numpy(),
            "population": pd.to_numeric(towns["population"], errors="coerce").fillna(0).to_numpy(),
        }
    ).dropna(subset=["lat", "lon"])
    frame = frame.sort_values("population", ascending=False, kind="stable").drop_duplicates(["lat", "lon"])
    return frame[["lat", "lon", "town"]].reset_index(drop=True)


def _once(values: pd.Series, template: str, field: str) -> pd.Series:
    """Fill ``template`` with each distinct value of ``values`` once, and spread the results over the records."""
    text = values.astype(object).where(values.notna(), "").astype(str)  # a column of no value may be numbers
    filled = {v: template.format(**{field: v}) for v in pd.unique(text) if v}
    return text.map(filled).astype("string").fillna("")  # no value to fill: a float column of NaN


def gazetteer_names(part: pd.DataFrame, t: dict[str, str], lang: str) -> pd.Series:
    """Return the gazetteer's name of each record's place, in ``lang`` ("" when it has none).

    A record placed at a town or one of its quarters is named by the town at its point; at a
    site, by the site; at its province or region only, by the province or region, said so
    (``t["place_province"]``, ``t["place_region"]``); otherwise by the name the geocoder
    matched, as towns are shown (:func:`clusteratlas._labels.renamed`).
    """
    precision = stripped(part, "geocode_precision")
    points = pd.DataFrame({"lat": rounded(part, "lat").to_numpy(), "lon": rounded(part, "lon").to_numpy()})
    town = points.merge(_towns(lang), how="left", on=["lat", "lon"])["town"].fillna("").to_numpy()
    match = stripped(part, "geocode_match")
    shown = match.map(renamed(lang)).fillna(match).to_numpy()  # GeoNames' primary names, as towns are shown
    match = match.to_numpy()
    named = np.where(pd.Series(town).ne("").to_numpy(), town, shown)
    provinces = stripped(part, "province")  # named as their town is shown (Mohammédia, not HCP's Mohammadia)
    province = _once(provinces.replace(province_names(lang)), t["place_province"], "province").to_numpy()
    region = _once(stripped(part, "region"), t["place_region"], "region").to_numpy()
    out = np.select(
        [precision.eq("region").to_numpy(), precision.eq("province").to_numpy(), precision.eq("site").to_numpy()],
        [region, province, match],
        default=named,
    )
    return pd.Series(out, index=part.index, dtype="string")
