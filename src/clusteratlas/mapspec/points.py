"""The points of a map: their categories and colours, flags, sizes and places.

Categories take colour-blind-safe colours in sorted order (:func:`category_colors`); beyond
12 the rarest fold into "Other" (:func:`fold_categories`). :func:`placed_points` gives every
placed record its category, colour, flags (low confidence, coarse precision), label,
gazetteer place and size.
"""

from __future__ import annotations

import pandas as pd

from ..aggregate import locale_key
from ..gazetteer import load_gazetteer, normalize_names, resolve_keys
from ..geocode import shorten
from ..schema import is_placed
from ._placenames import PLACE_DECIMALS, gazetteer_names

__all__ = [
    "ALL_RECORDS",
    "DENSITY_PLACES",
    "OKABE_ITO",
    "OTHER_COLOR",
    "OTHER_LABEL",
    "PALETTE",
    "PLACE_DECIMALS",
    "UNKNOWN_COLOR",
    "UNKNOWN_LABEL",
    "canonical_places",
    "category_colors",
    "fold_categories",
    "place_count",
    "placed_points",
    "size_unit",
]

#: Okabe & Ito's colour-blind-safe categorical palette (black last).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: Categorical palette for up to 12 categories: Okabe–Ito without black, then five colours
#: chosen so that any two of the twelve (and "Other", "Unknown") differ by CIEDE2000 >= 10
#: with normal vision and under simulated deuteranopia and protanopia (Machado et al. 2009;
#: Paul Tol's muted colours, used before, came to 3.5): brick, wine, pale green, azure, rose.
#: Beyond 12, the 11 most frequent categories keep a colour and the rest are drawn as "Other".
PALETTE = (*OKABE_ITO[:7], "#962D2D", "#A50069", "#A5D296", "#3C87FF", "#FF2D69")

UNKNOWN_COLOR = "#ffffff"
OTHER_COLOR = "#bdbdbd"
OTHER_LABEL = "Other"
UNKNOWN_LABEL = "Unknown"
#: ``color_by`` when the records have no category column: one colour for all.
ALL_RECORDS = "(all records)"


def category_colors(values: list[str]) -> dict[str, str]:
    """Assign colour-blind-safe colours to categories in sorted order; "Unknown" is white, "Other" grey.

    Up to 7 categories take Okabe–Ito's colours, up to 12 :data:`PALETTE`; callers fold
    the rarest categories into "Other" beyond that (see :func:`fold_categories`).
    """
    cats = sorted({v for v in values if v not in (UNKNOWN_LABEL, OTHER_LABEL)}, key=lambda c: (locale_key(c), c))
    out = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(cats)}
    if OTHER_LABEL in values:
        out[OTHER_LABEL] = OTHER_COLOR
    if UNKNOWN_LABEL in values:
        out[UNKNOWN_LABEL] = UNKNOWN_COLOR
    return out


def fold_categories(cat: pd.Series, limit: int = len(PALETTE)) -> pd.Series:
    """Keep the ``limit - 1`` most frequent categories (ties by name) and call the rest "Other".

    With at most ``limit`` distinct categories (besides "Unknown") nothing changes.
    """
    known = cat[cat != UNKNOWN_LABEL]
    counts = known.value_counts()
    if len(counts) <= limit:
        return cat
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    keep = {c for c, _ in order[: limit - 1]}
    return cat.where(cat.isin(keep) | cat.eq(UNKNOWN_LABEL), OTHER_LABEL)


def placed_points(
    geocoded: pd.DataFrame, color_by: str, size_by: str | None, t: dict[str, str], *, lang: str = "en"
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return the placed records with their category, colour, flags, label and size, and the category colours.

    Places (``place``) are named by the gazetteer in ``lang`` (:func:`._placenames.gazetteer_names`),
    never by the data's spelling: in French, the HCP communes' names (Tanger, Fès, Marrakech)
    instead of GeoNames' primary names (Tangier, Fes, Marrakesh); a site by its name; a record
    placed by its province or region only by that area's name, said so.
    """
    placed = geocoded[is_placed(geocoded) & geocoded["lat"].notna().to_numpy(dtype=bool)].copy()
    if color_by == ALL_RECORDS:
        cat = pd.Series(t["all_records"], index=placed.index, dtype="string")
    else:
        cat = placed[color_by].astype("string").str.strip()
    placed["category"] = fold_categories(cat.where(cat.notna() & cat.ne(""), UNKNOWN_LABEL).astype(str))
    colors = category_colors(list(placed["category"]))
    placed["color"] = placed["category"].map(colors)
    conf = placed["location_confidence"].astype("string").str.lower() if "location_confidence" in placed else None
    placed["uncertain"] = conf.eq("low").fillna(False).to_numpy(dtype=bool) if conf is not None else False
    placed["coarse"] = placed["geocode_precision"].isin(["province", "region"]).to_numpy()
    name = geocoded["name"].astype("string") if "name" in geocoded else pd.Series("", index=geocoded.index)
    placed["label"] = shorten(name.loc[placed.index].fillna("")).astype(str)
    placed["place"] = gazetteer_names(placed, t, lang).astype(str)
    if size_by is not None:
        # A record weighs its value over the mean value: a place's area is then proportional
        # to the column's total there (a place of average records looks as with counts).
        size = pd.to_numeric(placed[size_by], errors="coerce").fillna(0).clip(lower=0)
        placed["size"] = (size / size_unit(placed, size_by)).to_numpy(dtype=float)
    else:
        placed["size"] = 1.0
    return placed, colors


#: Statuses whose ``geocode_match`` names a gazetteer place (alternate names and aliases too).
_MATCHED = ("exact", "alias", "fuzzy", "commune")


def canonical_places(geocoded: pd.DataFrame) -> pd.Series:
    """Return the gazetteer's own name of the place each record was matched to, "" where none.

    A record spelled "Casablnca", "CASABLANCA" or "Casa" gets "Casablanca": the name the
    gazetteer gives the place, not the data's spelling nor the alternate name matched.
    Records placed by their coordinates, or by province or region only, get "".
    Each distinct matched name is resolved once.

    Parameters
    ----------
    geocoded : pandas.DataFrame
        From :func:`clusteratlas.geocode`.

    Returns
    -------
    pandas.Series of str
        Indexed like ``geocoded``.
    """
    out = pd.Series("", index=geocoded.index, dtype=object)
    if "geocode_match" not in geocoded or "geocode_status" not in geocoded:
        return out
    match = geocoded["geocode_match"].astype("string").fillna("").str.strip()
    ok = geocoded["geocode_status"].isin(_MATCHED).to_numpy(dtype=bool) & match.ne("").to_numpy(dtype=bool)
    if "geocode_precision" in geocoded:
        ok &= geocoded["geocode_precision"].astype("string").eq("city").fillna(False).to_numpy(dtype=bool)
    if not ok.any():
        return out
    distinct = pd.unique(match[ok].to_numpy(dtype=object))
    keys = normalize_names(list(distinct))
    gaz = load_gazetteer()
    ids = resolve_keys(list(dict.fromkeys(keys)), gaz)["place_id"]
    by_key = dict(zip(dict.fromkeys(keys), ids.to_numpy(dtype=object), strict=True))
    names = gaz.places["name"]
    resolved = {}
    for m, k in zip(distinct, keys, strict=True):  # one per distinct name, not per record
        pid = by_key.get(k)
        resolved[m] = str(names.get(pid, m)) if isinstance(pid, str) else str(m)
    out[ok] = match[ok].map(resolved).to_numpy(dtype=object)
    return out


def size_unit(points: pd.DataFrame, size_by: str) -> float:
    """Return the value of ``size_by`` that weighs as much as one record: the mean of its positive values."""
    size = pd.to_numeric(points[size_by], errors="coerce")
    positive = size[size > 0]
    return float(positive.mean()) if len(positive) else 1.0


#: Above this many distinct places, point figures show a density layer instead of symbols (was 300): every
#: symbol is named or numbered, and a key of more places would leave the map too little room on the page.
DENSITY_PLACES = 120


def place_count(points: pd.DataFrame) -> int:
    """Return how many distinct places (coordinates rounded to :data:`PLACE_DECIMALS`) the points occupy."""
    if points.empty:
        return 0
    key = pd.DataFrame({"lat": points["lat"].round(PLACE_DECIMALS), "lon": points["lon"].round(PLACE_DECIMALS)})
    return len(key.drop_duplicates())
