"""How a region's profile names its places: the user's most frequent spelling, or the gazetteer's name.

A place (a province and a point to about 100 m) gathers records whose town cells may spell it
several ways, or be empty (records placed by their address, a site, their province or their
region). The profile names a town as every figure and map does, by its display name in the
report's language (:func:`clusteratlas._labels.display_names`), with the most frequent
spelling after it when that differs ("Mohammédia (spelled Mohammedia)"), so a reader finds
both the figures' name and their own; a place no record names a town by, by the gazetteer's
name; a place placed at its province or region only, by its most frequent spelling. A
place's name is never empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..mapspec._placenames import gazetteer_names
from ..mapspec._placenames import rounded as _rounded
from ..mapspec._placenames import stripped as _text
from ..presentation import number

__all__ = ["RESPELLED", "TOWN_PRECISIONS", "gazetteer_names", "place_labels", "top_places"]

#: Statuses of a spelling that is not the gazetteer's own (a typo, a nickname, a user's alias):
#: a place most often spelled so is named by the gazetteer first.
RESPELLED = ("fuzzy", "alias", "user_alias")
#: Precisions of a record placed at a town, a quarter of it or its own point: named by the town's display name first.
TOWN_PRECISIONS = ("point", "city", "quarter")


def top_places(part: pd.DataFrame, k: int, t: dict[str, str], lang: str) -> tuple[pd.DataFrame, int, int]:
    """Count records by place (province and coordinates to about 100 m), with its spellings and gazetteer name.

    Returns
    -------
    tuple
        The ``k`` places with most records (``province``, ``lat``, ``lon``, ``city``: the most
        frequent non-empty spelling, "" when no record has one; ``status`` and ``precision``:
        that spelling's geocoding status and precision; ``spellings``: how many non-empty spellings; ``gazetteer``: the
        gazetteer's name in ``lang``; ``count``), then the records and the places of the rest.
    """
    frame = pd.DataFrame(
        {
            "province": _text(part, "province"),
            "lat": _rounded(part, "lat"),
            "lon": _rounded(part, "lon"),
            "city": _text(part, "city"),
            "status": _text(part, "geocode_status"),
            "precision": _text(part, "geocode_precision"),
            "gazetteer": gazetteer_names(part, t, lang),
        }
    )
    place = ["province", "lat", "lon"]
    spellings = (
        frame.groupby([*place, "city"], sort=True, dropna=False)
        .agg(
            status=("status", "first"),
            precision=("precision", "first"),
            gazetteer=("gazetteer", "first"),
            count=("status", "size"),
        )
        .reset_index()
        .sort_values("count", ascending=False, kind="stable")
    )
    written = spellings[spellings["city"].ne("")]
    by_spelling = written.groupby(place, sort=False, dropna=False).agg(
        city=("city", "first"), status=("status", "first"), precision=("precision", "first"), spellings=("city", "size")
    )
    places = spellings.groupby(place, sort=False, dropna=False).agg(
        gazetteer=("gazetteer", "first"), count=("count", "sum")
    )
    places = places.join(by_spelling, how="left").reset_index()
    places = places.assign(
        city=places["city"].fillna(""),
        status=places["status"].fillna(""),
        precision=places["precision"].fillna(""),
        spellings=places["spellings"].fillna(0),
    )
    places = places.sort_values("count", ascending=False, kind="stable", ignore_index=True)
    rest = places.iloc[k:]
    columns = ["province", "lat", "lon", "city", "status", "precision", "spellings", "gazetteer", "count"]
    return places.head(k)[columns], int(rest["count"].sum()), len(rest)


def place_labels(places: pd.DataFrame, t: dict[str, str], lang: str) -> pd.Series:
    """Say how the profile names each place of :func:`top_places` (never empty).

    The most frequent non-empty spelling, with how many spellings when more than one; the
    gazetteer's name when no record has a town cell; the gazetteer's name then the spellings
    when the most frequent one is not the gazetteer's own: a typo or an alias
    (:data:`RESPELLED`), or any other spelling of a town (:data:`TOWN_PRECISIONS`), so the
    report names a town as the figures and the map do (in their capitals too).
    """
    city, gaz = places["city"].astype(str), places["gazetteer"].fillna("").astype(str)
    n = places["spellings"].fillna(0).astype(int)
    town = places["precision"].isin(TOWN_PRECISIONS) if "precision" in places else pd.Series(False, index=places.index)
    same = gaz.ne("") & gaz.str.casefold().eq(city.str.casefold())
    respelled = (places["status"].isin(RESPELLED) | town) & gaz.ne("") & ~same
    city = city.where(~(town & same), gaz)  # a town written in other capitals is named as the figures name it
    labels = pd.Series(city.to_numpy(), index=places.index, dtype=object)
    for i in np.flatnonzero(n.gt(1).to_numpy()):  # a dozen places at most (TOP_LISTED)
        labels.iat[i] = t["place_spellings"].format(city=city.iat[i], n=number(int(n.iat[i]), lang))
    for i in np.flatnonzero(respelled.to_numpy()):
        key = "place_respelled" if n.iat[i] > 1 else "place_respelled_one"
        labels.iat[i] = t[key].format(name=gaz.iat[i], city=city.iat[i], n=number(int(n.iat[i]), lang))
    unwritten = city.eq("").to_numpy()
    labels[unwritten] = gaz[unwritten].where(gaz[unwritten].ne(""), t["no_place"])
    return labels.astype(str)
