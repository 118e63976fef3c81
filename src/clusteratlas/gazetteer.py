"""An offline gazetteer of Moroccan places, and the one function that normalises names.

Places are GeoNames cities and villages (MA and EH country codes) with their Latin and
Arabic alternate names, HCP's 1,503 communes, and curated aliases (``data/aliases.csv``).
Every lookup goes through :func:`normalize_name`; display names are never rewritten.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ._resources import data_path
from .geography import admin_table

_ARABIC = str.maketrans(
    {
        "\u0640": "",  # tatweel
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u06a9": "\u0643",  # keheh (Persian kaf) -> kaf
        "\u06cc": "\u064a",  # Farsi yeh -> yeh
        "\u06af": "\u0643",  # gaf -> kaf (Moroccan spellings of Agadir)
        "\u0762": "\u0643",  # keheh with dot above (Maghrebi gaf) -> kaf
    }
)
_LATIN = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ı": "i", "œ": "oe", "æ": "ae", "ß": "ss"})


def normalize_name(text: object) -> str:
    """Return the lookup key of a place name.

    Casefolds, strips accents and Arabic diacritics, unifies Arabic letter variants and
    drops every space, hyphen, apostrophe and punctuation mark, so that ``"Fès"``,
    ``"FES"``, ``"Ben Guerir"``/``"Benguerir"`` and ``"Dar-el-Beida"``/``"Dar el Beida"``
    share a key. Arabic script is kept, not transliterated.

    Parameters
    ----------
    text : object
        A name; None, NaN and non-strings give ``""``.

    Returns
    -------
    str
        The key, possibly empty.

    Examples
    --------
    >>> normalize_name("Laâyoune")
    'laayoune'
    >>> normalize_name("Tanger-Tétouan-Al Hoceïma") == normalize_name("tanger tetouan al hoceima")
    True
    >>> normalize_name("  ")
    ''
    """
    if not isinstance(text, str):
        return ""
    s = unicodedata.normalize("NFKD", text.casefold())
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")
    return s.translate(_LATIN).translate(_ARABIC)


# Priority of a name kind when several places share a key: lower wins.
TIER = {"primary": 0, "alias": 1, "alternate": 2, "commune": 3, "arabic": 3}


@dataclass(frozen=True)
class Match:
    """How one distinct name resolved.

    Attributes
    ----------
    status : str
        ``exact``, ``alias``, ``fuzzy``, ``commune`` or ``unresolved``.
    place_id : str or None
        The gazetteer id (``gn:…`` GeoNames, ``hcp:…`` HCP commune).
    match : str
        The gazetteer name matched (its display form).
    score : float
        100 for an exact key; for fuzzy matches 100 × (1 − edits / length).
    note : str
        Ambiguities, or the closest suggestions of an unresolved name.
    """

    status: str
    place_id: str | None
    match: str
    score: float
    note: str = ""


#: Typos are matched only against the primary names and curated aliases of places at
#: least this populous: a false match is worse than none.
FUZZY_MIN_POPULATION = 10_000


@dataclass(frozen=True)
class Gazetteer:
    """The loaded gazetteer: places, and every name keyed by :func:`normalize_name`.

    Attributes
    ----------
    places : pandas.DataFrame
        One row per place, indexed by ``place_id``.
    names : pandas.DataFrame
        One row per name, with its ``key``, ``tier`` and place.
    best : dict
        Key -> row of ``names`` that wins for it.
    keys : list of str
        Every key, for suggestions.
    fuzzy_keys : list of str
        The keys typos may be matched to.
    fuzzy_keys_long : list of str
        The same, plus HCP commune names, for keys of 9 characters or more.
    ambiguous : dict
        Key -> note, where places in different regions share the key.
    foreign : dict
        Key -> "Name (CC)" of populous places outside Morocco.
    """

    places: pd.DataFrame
    names: pd.DataFrame
    best: dict[str, int]
    keys: list[str]
    fuzzy_keys: list[str]
    fuzzy_keys_long: list[str]
    ambiguous: dict[str, str]
    foreign: dict[str, str]


def _fuzzy_budget(n: int) -> int:
    """Edits allowed for a typo in a key of ``n`` characters: none under 5."""
    if n < 5:
        return 0
    if n < 9:
        return 1
    return 2


@cache
def load_gazetteer() -> Gazetteer:
    """Load the gazetteer shipped in ``data/geo`` (cached).

    Returns
    -------
    Gazetteer
        Places with their province and region codes, names with their keys.
    """
    places = pd.read_csv(data_path("geo", "places.csv"), dtype=str, keep_default_na=False)
    places["population"] = places["population"].astype(int)
    names = pd.read_csv(data_path("geo", "place_names.csv"), dtype=str, keep_default_na=False)
    aliases = pd.read_csv(data_path("aliases.csv"), dtype=str, keep_default_na=False, comment="#")
    aliases = aliases[aliases["kind"] == "place"]
    extra = pd.DataFrame({"place_id": aliases["target"], "name": aliases["alias"], "name_type": "alias"})
    unknown = sorted(set(extra["place_id"]) - set(places["place_id"]))
    if unknown:
        from .errors import DataError

        msg = f"data/aliases.csv names unknown place ids {unknown}; fix the file."
        raise DataError(msg)
    names = pd.concat([names, extra], ignore_index=True)
    names["key"] = [normalize_name(n) for n in names["name"]]
    names = names[names["key"] != ""]
    info = places.set_index("place_id")
    names = names.join(info[["kind", "population", "region_code"]], on="place_id")
    names["tier"] = names["name_type"].map(TIER).fillna(3).astype(int)
    names.loc[(names["kind"] == "commune"), "tier"] = TIER["commune"]
    names = names.sort_values(
        ["key", "tier", "population", "place_id"], ascending=[True, True, False, True], kind="mergesort"
    )
    names = names.reset_index(drop=True)
    first = ~names["key"].duplicated()
    best = dict(zip(names.loc[first, "key"], names.index[first], strict=True))
    # A key is ambiguous when places of equal tier in different regions share it.
    ambiguous: dict[str, str] = {}
    top = names.merge(names.loc[first, ["key", "tier"]], on=["key", "tier"]).drop_duplicates(["key", "place_id"])
    spread = top.groupby("key", sort=False)["region_code"].nunique()
    for key, regions in top[top["key"].isin(spread.index[spread > 1])].groupby("key", sort=False):
        if True:
            label = ", ".join(
                f"{n} ({r}, pop. {p:,})"
                for n, r, p in zip(regions["name"], regions["region_code"], regions["population"], strict=True)
            )
            ambiguous[str(key)] = f"several places are called this: {label}; took the most populous"
    winners = names.loc[list(best.values())]
    fuzzy = winners[
        (winners["kind"] == "city")
        & (winners["population"] >= FUZZY_MIN_POPULATION)
        & winners["name_type"].isin(["primary", "alias"])
    ]
    foreign_table = pd.read_csv(data_path("geo", "foreign_places.csv"), dtype=str, keep_default_na=False)
    foreign: dict[str, str] = {}
    for name, cc in zip(foreign_table["name"], foreign_table["country_code"], strict=True):
        foreign.setdefault(normalize_name(name), f"{name} ({cc})")
    return Gazetteer(
        places=places.set_index("place_id", drop=False),
        names=names,
        best=best,
        keys=list(best),
        fuzzy_keys=sorted(fuzzy["key"]),
        fuzzy_keys_long=sorted(set(fuzzy["key"]) | set(winners.loc[winners["kind"] == "commune", "key"])),
        ambiguous=ambiguous,
        foreign=foreign,
    )


def suggestions(key: str, choices: list[str], display: list[str], *, limit: int = 3) -> list[str]:
    """Return the display names closest to a key, best first (for unresolved names)."""
    if not key:
        return []
    found = process.extract(key, choices, scorer=OSA.normalized_similarity, limit=limit * 3)
    out: list[str] = []
    for _, _, i in found:
        if display[i] not in out:
            out.append(display[i])
    return out[:limit]


def resolve_name(key: str, gazetteer: Gazetteer | None = None) -> Match:
    """Resolve one normalised place name.

    Parameters
    ----------
    key : str
        A key from :func:`normalize_name`.
    gazetteer : Gazetteer, optional
        Defaults to :func:`load_gazetteer`.

    Returns
    -------
    Match
    """
    gaz = gazetteer or load_gazetteer()
    if not key:
        return Match("unresolved", None, "", 0.0, "no place name given")
    foreign = gaz.foreign.get(key)
    if key in gaz.best:
        row = gaz.names.loc[gaz.best[key]]
        if foreign and row["name_type"] == "alternate":
            note = f"{foreign} is a place outside Morocco; not matched to {row['name']} through an alternate name"
            return Match("unresolved", None, "", 0.0, note)
        status = {"primary": "exact", "alternate": "alias", "alias": "alias"}.get(row["name_type"], "commune")
        if row["kind"] == "commune":
            status = "commune"
        return Match(status, row["place_id"], row["name"], 100.0, gaz.ambiguous.get(key, ""))
    if foreign:
        return Match("unresolved", None, "", 0.0, f"{foreign} is a place outside Morocco (GeoNames)")
    budget = _fuzzy_budget(len(key))
    if budget:
        choices = gaz.fuzzy_keys_long if budget > 1 else gaz.fuzzy_keys
        found = process.extract(key, choices, scorer=OSA.distance, score_cutoff=budget, limit=10)
        # A typo rarely changes the first letter; requiring it avoids most false matches.
        found = [f for f in found if f[0][:1] == key[:1]]
        if found:
            dmin = min(d for _, d, _ in found)
            rows = [gaz.names.loc[gaz.best[k]] for k, d, _ in found if d == dmin]
            # A typo must point at one place; two candidates in different provinces are refused.
            provinces = {gaz.places.at[r["place_id"], "province_code"] for r in rows}
            if len(provinces) == 1:
                rows.sort(key=lambda r: (r["tier"], -r["population"]))
                row = rows[0]
                matched_key = normalize_name(row["name"])
                score = round(100.0 * (1 - dmin / max(len(key), len(matched_key))), 1)
                return Match("fuzzy", row["place_id"], row["name"], score)
            names = sorted({r["name"] for r in rows})
            return Match("unresolved", None, "", 0.0, f"ambiguous typo: could be {' or '.join(names)}")
    display = [gaz.names.at[gaz.best[k], "name"] for k in gaz.keys]
    close = suggestions(key, gaz.keys, display)
    note = f"not in the gazetteer; closest: {', '.join(close)}" if close else "not in the gazetteer"
    return Match("unresolved", None, "", 0.0, note)


@cache
def _admin_index(level: str) -> dict[str, str]:
    """Key -> code for region or province names (French, Arabic, code, curated aliases)."""
    table = admin_table("region" if level == "region" else "province")
    code_col, name_col, ar_col = f"{level}_code", level, f"{level}_ar"
    index: dict[str, str] = {}
    for code, fr, ar in zip(table[code_col], table[name_col], table[ar_col], strict=True):
        index.setdefault(normalize_name(fr), code)
        index.setdefault(normalize_name(ar), code)
        index.setdefault(normalize_name(code), code)
        if level == "region":
            index.setdefault(str(int(code)), code)
    aliases = pd.read_csv(data_path("aliases.csv"), dtype=str, keep_default_na=False, comment="#")
    for alias, target in aliases.loc[aliases["kind"] == level, ["alias", "target"]].itertuples(index=False):
        index.setdefault(normalize_name(alias), target)
    return index


def resolve_admin(key: str, level: str) -> tuple[str | None, str, float]:
    """Resolve a normalised region or province name to its HCP code.

    Returns
    -------
    code : str or None
        The HCP code, or None.
    how : str
        ``exact``, ``fuzzy`` or a note saying why it failed.
    score : float
        As in :class:`Match`.
    """
    index = _admin_index(level)
    if not key:
        return None, f"no {level} given", 0.0
    if key in index:
        return index[key], "exact", 100.0
    budget = _fuzzy_budget(len(key))
    keys = list(index)
    if budget:
        found = process.extract(key, keys, scorer=OSA.distance, score_cutoff=budget, limit=5)
        codes = {index[k] for k, d, _ in found if d == min(d for _, d, _ in found)} if found else set()
        if len(codes) == 1:
            d = min(d for _, d, _ in found)
            k = next(k for k, dd, _ in found if dd == d)
            return codes.pop(), "fuzzy", round(100.0 * (1 - d / max(len(key), len(k))), 1)
    return None, f"{level} not recognised", 0.0
