"""An offline gazetteer of Moroccan places, and the one function that normalises names.

Places are GeoNames cities and villages (MA and EH country codes) with their Latin and
Arabic alternate names, HCP's 1,503 communes, and curated aliases (``data/aliases.csv``).
Every lookup goes through :func:`normalize_name`; display names are never rewritten.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ._resources import data_path
from .errors import DataError
from .geography import admin_table

__all__ = [
    "FUZZY_MIN_POPULATION",
    "MAX_MATCH_LENGTH",
    "NOT_FOUND",
    "RISKY_RATIO",
    "RISKY_SMALL",
    "RIVAL_MARGIN",
    "SUGGESTION_POOL",
    "TIER",
    "Gazetteer",
    "Match",
    "closest_names",
    "load_gazetteer",
    "normalize_name",
    "normalize_names",
    "not_found_note",
    "resolve_admin",
    "resolve_keys",
    "resolve_name",
]

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


class _KeyChars(dict[int, "str | None"]):
    """``str.translate`` table of key characters, filled on first sight of each character.

    Drops every character that is not a letter or a digit (Unicode categories L*, N*), then
    applies the Latin and Arabic unifications above.
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value: str | None = None
        if unicodedata.category(char)[0] in "LN":
            value = _LATIN.get(code, _ARABIC.get(code, char))
        self[code] = value
        return value


_KEY_CHARS = _KeyChars()


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
    return unicodedata.normalize("NFKD", text.casefold()).translate(_KEY_CHARS)


def normalize_names(values: Iterable[object]) -> list[str]:
    """Return the :func:`normalize_name` key of each value, in order.

    Call it on distinct values (``pd.unique``, ``pd.factorize``): each costs a casefold, a
    Unicode decomposition and one ``str.translate`` through a cached table, all in C.

    Parameters
    ----------
    values : iterable
        Names; None, NaN and non-strings give ``""``.

    Returns
    -------
    list of str
    """
    return [normalize_name(v) for v in values]


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
    exact : pandas.DataFrame
        Key -> how it resolves (the fields of :class:`Match`), for every key.
    display : list of str
        The display name of each of ``keys``.
    """

    places: pd.DataFrame
    names: pd.DataFrame
    best: dict[str, int]
    keys: list[str]
    fuzzy_keys: list[str]
    fuzzy_keys_long: list[str]
    ambiguous: dict[str, str]
    foreign: dict[str, str]
    exact: pd.DataFrame
    display: list[str]


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
    names = _ranked_names(places)
    first = ~names["key"].duplicated()
    best = dict(zip(names.loc[first, "key"], names.index[first], strict=True))
    ambiguous = _ambiguous(names, first)
    winners = names.loc[list(best.values())]
    fuzzy = winners[
        (winners["kind"] == "city")
        & (winners["population"] >= FUZZY_MIN_POPULATION)
        & winners["name_type"].isin(["primary", "alias"])
    ]
    foreign = _foreign_names()
    return Gazetteer(
        places=places.set_index("place_id", drop=False),
        names=names,
        best=best,
        keys=list(best),
        fuzzy_keys=sorted(fuzzy["key"]),
        fuzzy_keys_long=sorted(set(fuzzy["key"]) | set(winners.loc[winners["kind"] == "commune", "key"])),
        ambiguous=ambiguous,
        foreign=foreign,
        exact=_exact_table(names, best, ambiguous, foreign),
        display=names.loc[list(best.values()), "name"].tolist(),
    )


def _ranked_names(places: pd.DataFrame) -> pd.DataFrame:
    """Every name of every place (GeoNames, HCP, curated aliases) with its key, best first per key."""
    names = pd.read_csv(data_path("geo", "place_names.csv"), dtype=str, keep_default_na=False)
    aliases = pd.read_csv(data_path("aliases.csv"), dtype=str, keep_default_na=False, comment="#")
    aliases = aliases[aliases["kind"] == "place"]
    extra = pd.DataFrame({"place_id": aliases["target"], "name": aliases["alias"], "name_type": "alias"})
    unknown = sorted(set(extra["place_id"]) - set(places["place_id"]))
    if unknown:
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
    return names.reset_index(drop=True)


def _ambiguous(names: pd.DataFrame, first: pd.Series) -> dict[str, str]:
    """Key -> note, where places of equal (best) tier in different regions share the key."""
    ambiguous: dict[str, str] = {}
    top = names.merge(names.loc[first, ["key", "tier"]], on=["key", "tier"]).drop_duplicates(["key", "place_id"])
    spread = top.groupby("key", sort=False)["region_code"].nunique()
    for key, regions in top[top["key"].isin(spread.index[spread > 1])].groupby("key", sort=False):
        label = ", ".join(
            f"{n} ({r}, pop. {p:,})"
            for n, r, p in zip(regions["name"], regions["region_code"], regions["population"], strict=True)
        )
        ambiguous[str(key)] = f"several places are called this: {label}; took the most populous"
    return ambiguous


def _foreign_names() -> dict[str, str]:
    """Key -> "Name (CC)" of the populous places outside the country (the first of each key)."""
    table = pd.read_csv(data_path("geo", "foreign_places.csv"), dtype=str, keep_default_na=False)
    foreign: dict[str, str] = {}
    for name, cc in zip(table["name"], table["country_code"], strict=True):
        foreign.setdefault(normalize_name(name), f"{name} ({cc})")
    return foreign


#: Keys longer than this are cut before fuzzy matching and suggestions (no place name is
#: near that long; a 100,000-character cell must not cost seconds). Names are never cut.
MAX_MATCH_LENGTH = 200
#: The note of a name found nowhere (suggestions, when computed, follow it).
NOT_FOUND = "not in the gazetteer"
#: Distinct names scored against the gazetteer per block (bounds the memory of ``cdist``).
_BLOCK = 4096
_COLUMNS = ("status", "place_id", "match", "score", "note")


def _exact_table(
    names: pd.DataFrame, best: dict[str, int], ambiguous: dict[str, str], foreign: dict[str, str]
) -> pd.DataFrame:
    """Key -> resolution of every gazetteer key (exact, alias or commune), as one table."""
    rows = names.loc[list(best.values())]
    keys = pd.Index(list(best), dtype=object)
    status = rows["name_type"].map({"primary": "exact", "alternate": "alias", "alias": "alias"}).fillna("commune")
    status = status.where(rows["kind"] != "commune", "commune").to_numpy(dtype=object)
    place = rows["place_id"].to_numpy(dtype=object)
    match = rows["name"].to_numpy(dtype=object)
    score = np.full(len(rows), 100.0)
    note = np.array([ambiguous.get(k, "") for k in keys], dtype=object)
    # A populous foreign place's name is never matched through a mere alternate name.
    outside = np.array([foreign.get(k, "") for k in keys], dtype=object)
    refused = (outside != "") & (rows["name_type"] == "alternate").to_numpy()
    if refused.any():
        note[refused] = [
            f"{f} is a place outside Morocco; not matched to {m} through an alternate name"
            for f, m in zip(outside[refused], match[refused], strict=True)
        ]
        status[refused], place[refused], match[refused], score[refused] = "unresolved", None, "", 0.0
    table = pd.DataFrame({"status": status, "place_id": place, "match": match, "note": note}, index=keys, dtype=object)
    table.insert(3, "score", score)
    return table


@dataclass(frozen=True)
class _Choices:
    """Gazetteer keys a typo may be matched to, with what the tie-breaks need, as arrays."""

    keys: np.ndarray
    length: np.ndarray
    first: np.ndarray
    place_id: np.ndarray
    name: np.ndarray
    tier: np.ndarray
    population: np.ndarray
    province: np.ndarray

    @classmethod
    def build(cls, keys: list[str], gaz: Gazetteer) -> _Choices:
        rows = gaz.names.loc[[gaz.best[k] for k in keys]]
        return cls(
            keys=np.asarray(keys, dtype=object),
            length=np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys)),
            first=np.asarray([k[:1] for k in keys], dtype=object),
            place_id=rows["place_id"].to_numpy(dtype=object),
            name=rows["name"].to_numpy(dtype=object),
            tier=rows["tier"].to_numpy(dtype=np.int64),
            population=rows["population"].to_numpy(dtype=np.int64),
            province=gaz.places["province_code"].reindex(rows["place_id"]).to_numpy(dtype=object),
        )


@cache
def _choices(budget: int) -> _Choices:
    gaz = load_gazetteer()
    if budget < 0:  # every key: the rivals a typo's match is checked against
        return _Choices.build(gaz.keys, gaz)
    return _Choices.build(gaz.fuzzy_keys_long if budget > 1 else gaz.fuzzy_keys, gaz)


#: A typo's one edit at the end of a name is risky: Maghrebi town names often differ only
#: by a final letter (Goulmima, 18,000 people, is not Guelmim's "Goulmim"). Such a match to a
#: town under ``RISKY_SMALL`` people is refused when a town ``RISKY_RATIO`` times as populous,
#: in another province, lies within one more edit of the typo through any of its names.
RISKY_SMALL = 50_000
RISKY_RATIO = 5
RIVAL_MARGIN = 1


def _end_edit(typed: np.ndarray, matched: np.ndarray) -> np.ndarray:
    """Whether each pair of keys differs by one edit at the end (a letter added, dropped or changed)."""
    t, m = pd.Series(typed, dtype=object), pd.Series(matched, dtype=object)
    same: np.ndarray = ((t.str[:-1] == m) | (m.str[:-1] == t) | (t.str[:-1] == m.str[:-1])).to_numpy(dtype=bool)
    return same


def _rivals(keys: np.ndarray, dist: np.ndarray, province: np.ndarray, population: np.ndarray) -> pd.DataFrame:
    """Places about as near each typo as its match: (row, name) pairs, one per rival place.

    ``keys[i]`` matched a place of ``province[i]`` and ``population[i]`` at ``dist[i]``
    edits. A rival is any gazetteer name (primary, alternate, alias or commune) sharing the
    key's first letter, within ``dist + RIVAL_MARGIN`` edits, of a place in another province
    with at least ``population``. Scored in bulk with ``cdist``, blocked by length.
    """
    ch = _choices(-1)
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    reach = dist + RIVAL_MARGIN
    parts = []
    for length, cutoff in {(int(a), int(b)) for a, b in zip(lengths, reach, strict=True)}:
        rows = np.flatnonzero((lengths == length) & (reach == cutoff))
        cand = np.flatnonzero(np.abs(ch.length - length) <= cutoff)
        if not len(cand):
            continue
        d = process.cdist(
            keys[rows].tolist(), ch.keys[cand].tolist(), scorer=OSA.distance, score_cutoff=cutoff, dtype=np.int32
        )
        r, c = np.nonzero(d <= cutoff)
        parts.append(pd.DataFrame({"row": rows[r], "choice": cand[c]}))
    if not parts:
        return pd.DataFrame({"row": np.array([], dtype=np.int64), "name": np.array([], dtype=object)})
    found = pd.concat(parts, ignore_index=True)
    row, c = found["row"].to_numpy(), found["choice"].to_numpy()
    first = np.array([k[:1] for k in keys], dtype=object)
    keep = (ch.first[c] == first[row]) & (ch.province[c] != province[row]) & (ch.population[c] >= population[row])
    found = found[keep].assign(place_id=ch.place_id[c[keep]])
    found = found.drop_duplicates(["row", "place_id"]).sort_values(["row", "place_id"], kind="stable")
    names = load_gazetteer().places["name"].reindex(found["place_id"]).to_numpy(dtype=object)
    return pd.DataFrame({"row": found["row"].to_numpy(), "name": names})


def _typo_candidates(keys: np.ndarray, budget: int) -> pd.DataFrame:
    """Gazetteer keys within ``budget`` edits of each key (first letter kept), best first.

    Blocked by length (``budget`` edits change the length by at most ``budget``), scored with
    ``rapidfuzz.process.cdist``. Per key, the ten nearest keys by (distance, position) are
    kept, then those whose first letter differs are dropped: the rule
    ``process.extract(..., limit=10)`` followed by the first-letter filter implements.

    Returns
    -------
    pandas.DataFrame
        One row per (key position ``row``, choice position ``choice``) at the key's least
        distance ``dist``, in (row, choice) order.
    """
    ch = _choices(budget)
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    parts = []
    for length in np.unique(lengths):
        rows = np.flatnonzero(lengths == length)
        cand = np.flatnonzero(np.abs(ch.length - length) <= budget)
        if not len(cand):
            continue
        for start in range(0, len(rows), _BLOCK):
            block = rows[start : start + _BLOCK]
            dist = process.cdist(
                keys[block].tolist(),
                ch.keys[cand].tolist(),
                scorer=OSA.distance,
                score_cutoff=budget,
                dtype=np.int32,
                workers=-1,
            )
            top = np.argsort(dist, axis=1, kind="stable")[:, :10]
            d = np.take_along_axis(dist, top, axis=1)
            choice = cand[top]
            first = np.array([k[:1] for k in keys[block]], dtype=object)
            keep = (d <= budget) & (ch.first[choice] == first[:, None])
            r, c = np.nonzero(keep)
            parts.append(pd.DataFrame({"row": block[r], "choice": choice[r, c], "dist": d[r, c]}))
    if not parts:
        return pd.DataFrame({"row": [], "choice": [], "dist": []}, dtype=np.int64)
    found = pd.concat(parts, ignore_index=True)
    least = found.groupby("row")["dist"].transform("min")
    return found[found["dist"] == least].sort_values(["row", "choice"], kind="stable")


def _fuzzy(keys: np.ndarray, budget: int) -> pd.DataFrame:
    """Resolve keys with a typo budget; rows only for keys with candidates (indexed by position)."""
    ch = _choices(budget)
    found = _typo_candidates(keys, budget)
    if found.empty:
        return pd.DataFrame(columns=list(_COLUMNS))
    c = found["choice"].to_numpy()
    found = found.assign(province=ch.province[c], tier=ch.tier[c], neg_pop=-ch.population[c], name=ch.name[c])
    # A typo must point at one place; candidates in different provinces are refused.
    provinces = found.groupby("row")["province"].nunique()
    one = found[found["row"].isin(provinces.index[provinces == 1])]
    best = one.sort_values(["row", "tier", "neg_pop"], kind="stable").drop_duplicates("row")
    b = best["choice"].to_numpy()
    # An edit at the end onto a small town, a much bigger one about as near: ambiguous.
    risky = best[
        (best["dist"].to_numpy() == 1)
        & (ch.population[b] < RISKY_SMALL)
        & _end_edit(keys[best["row"].to_numpy()], ch.keys[b])
    ]
    r = risky["choice"].to_numpy()
    rivals = _rivals(
        keys[risky["row"].to_numpy()], risky["dist"].to_numpy(), ch.province[r], ch.population[r] * RISKY_RATIO
    )
    rival_rows = risky["row"].to_numpy()[rivals["row"].to_numpy()]
    doubtful = pd.concat(
        [
            found.loc[~found["row"].isin(one["row"]), ["row", "name"]],
            best.loc[best["row"].isin(rival_rows), ["row", "name"]],
            pd.DataFrame({"row": rival_rows, "name": rivals["name"].to_numpy()}),
        ]
    )
    best = best[~best["row"].isin(rival_rows)]
    b = best["choice"].to_numpy()
    key_len = np.fromiter((len(k) for k in keys[best["row"]]), dtype=np.int64, count=len(best))
    dmin = best["dist"].to_numpy()
    score = [
        round(100.0 * (1 - int(d) / max(int(a), int(m))), 1)
        for d, a, m in zip(dmin, key_len, ch.length[b], strict=True)
    ]
    out = pd.DataFrame(
        {"status": "fuzzy", "place_id": ch.place_id[b], "match": ch.name[b], "score": score, "note": ""},
        index=best["row"].to_numpy(),
    )
    if not doubtful.empty:
        notes = doubtful.groupby("row")["name"].agg(lambda n: f"ambiguous typo: could be {' or '.join(sorted(set(n)))}")
        refused = pd.DataFrame(
            {
                "status": "unresolved",
                "place_id": np.full(len(notes), None, dtype=object),
                "match": "",
                "score": 0.0,
                "note": notes.to_numpy(dtype=object),
            },
            index=notes.index,
        )
        out = pd.concat([out, refused])
    return out


#: Nearest gazetteer names looked at per key, before keeping one per place.
SUGGESTION_POOL = 24


@cache
def _suggestion_labels() -> tuple[np.ndarray, np.ndarray]:
    """Each key's place and label: its name, with the place's own name after it when that differs."""
    gaz = load_gazetteer()
    rows = gaz.names.loc[[gaz.best[k] for k in gaz.keys]]
    place = rows["place_id"].to_numpy(dtype=object)
    own = gaz.places["name"].reindex(place).to_numpy(dtype=object)
    shown = rows["name"].to_numpy(dtype=object)
    same = np.array(normalize_names(own), dtype=object) == np.asarray(gaz.keys, dtype=object)
    label = np.where(same, own, shown + " (" + own.astype(str) + ")")
    return place, label


def closest_names(keys: Sequence[str], gazetteer: Gazetteer | None = None, *, limit: int = 3) -> list[list[str]]:
    """Return the places whose names are closest to each key, best first (for unresolved names).

    All keys are scored at once with ``rapidfuzz.process.cdist`` (OSA similarity) against
    every gazetteer key; keys are cut to :data:`MAX_MATCH_LENGTH` characters first. Of the
    :data:`SUGGESTION_POOL` nearest names, one per place is kept (the nearest), so that
    the suggestions are different places; a name other than the place's own is shown with
    the place's name after it: "Wejda (Oujda)".

    Parameters
    ----------
    keys : sequence of str
        Keys from :func:`normalize_name`.
    gazetteer : Gazetteer, optional
        Defaults to :func:`load_gazetteer`.
    limit : int, default 3
        Places per key.

    Returns
    -------
    list of list of str
        Labels, one list per key (empty for an empty key).
    """
    gaz = gazetteer or load_gazetteer()
    place, label = _suggestion_labels()
    out: list[list[str]] = [[] for _ in keys]
    todo = np.asarray([i for i, k in enumerate(keys) if k], dtype=np.int64)
    for start in range(0, len(todo), _BLOCK // 8):
        block = todo[start : start + _BLOCK // 8]
        queries = [keys[i][:MAX_MATCH_LENGTH] for i in block]
        sim = process.cdist(queries, gaz.keys, scorer=OSA.normalized_similarity, dtype=np.float64, workers=-1)
        top = np.argsort(-sim, axis=1, kind="stable")[:, :SUGGESTION_POOL]
        picks = pd.DataFrame({"row": np.repeat(block, top.shape[1]), "key": top.ravel()})
        picks = picks.assign(place=place[picks["key"]]).drop_duplicates(["row", "place"])
        picks = picks.groupby("row", sort=False).head(limit)
        for row, names in pd.Series(label[picks["key"]]).groupby(picks["row"].to_numpy(), sort=False):
            out[int(row)] = names.tolist()
    return out


def not_found_note(close: list[str]) -> str:
    """Return the note of an unresolved name, with its closest gazetteer names when given."""
    return f"{NOT_FOUND}; closest: {', '.join(close)}" if close else NOT_FOUND


def resolve_keys(
    keys: Sequence[str] | pd.Index, gazetteer: Gazetteer | None = None, *, suggest: bool | Collection[str] = False
) -> pd.DataFrame:
    """Resolve many normalised place names at once.

    Exact, alternate-name, alias and commune keys are looked up in one join; keys naming a
    populous place abroad are refused; the rest are matched to a typo in bulk: one edit
    for keys of 5 to 8 characters, two from 9 (only to populous Moroccan cities, and to
    communes from 9 characters), keeping the first letter, and refused when the nearest
    candidates lie in different provinces, or when the one edit is at the end of the name,
    onto a town under :data:`RISKY_SMALL` people, and a town :data:`RISKY_RATIO` times as
    populous in another province is one edit further ("Goulmim": Goulmima or Guelmim).

    Parameters
    ----------
    keys : sequence of str
        Distinct keys from :func:`normalize_name`.
    gazetteer : Gazetteer, optional
        Defaults to :func:`load_gazetteer`.
    suggest : bool or collection of str, default False
        Which unresolved keys get the closest gazetteer names in their note: all (True),
        none (False) or those in the collection. Without, the note is "not in the gazetteer".

    Returns
    -------
    pandas.DataFrame
        One row per key, in order, with the fields of :class:`Match`: ``status``,
        ``place_id``, ``match``, ``score``, ``note``.
    """
    gaz = gazetteer or load_gazetteer()
    arr = np.asarray(list(keys), dtype=object)
    out = _unresolved(len(arr))
    if not len(arr):
        return out
    empty = arr == ""
    out.loc[empty, "note"] = "no place name given"
    pos = gaz.exact.index.get_indexer(arr)
    hit = pos >= 0
    out.loc[hit, list(_COLUMNS)] = gaz.exact.iloc[pos[hit]].to_numpy()
    rest = np.flatnonzero(~hit & ~empty)
    outside = np.array([gaz.foreign.get(k, "") for k in arr[rest]], dtype=object)
    abroad = rest[outside != ""]
    out.loc[abroad, "note"] = [f"{f} is a place outside Morocco (GeoNames)" for f in outside[outside != ""]]
    rest = rest[outside == ""]
    _resolve_typos(out, arr, rest)
    missing = rest[(out.loc[rest, "status"] == "unresolved").to_numpy() & (out.loc[rest, "note"] == "").to_numpy()]
    out.loc[missing, "note"] = NOT_FOUND
    wanted = _wanted(arr, missing, suggest)
    if len(wanted):
        out.loc[wanted, "note"] = [not_found_note(c) for c in closest_names(arr[wanted].tolist(), gaz)]
    return out.astype({"status": object, "place_id": object, "match": object, "score": float, "note": object})


def _unresolved(n: int) -> pd.DataFrame:
    """Return a resolution table of ``n`` keys, none resolved yet (the columns of :class:`Match`)."""
    return pd.DataFrame(
        {
            "status": np.full(n, "unresolved", dtype=object),
            "place_id": np.full(n, None, dtype=object),
            "match": np.full(n, "", dtype=object),
            "score": np.zeros(n),
            "note": np.full(n, "", dtype=object),
        }
    )


def _resolve_typos(out: pd.DataFrame, arr: np.ndarray, rest: np.ndarray) -> None:
    """Match the keys at positions ``rest`` to a typo, each within its length's budget (in place)."""
    lengths = np.fromiter((len(k) for k in arr[rest]), dtype=np.int64, count=len(rest))
    budgets = np.where(lengths < 5, 0, np.where(lengths < 9, 1, 2))
    for budget in (1, 2):
        sub = rest[budgets == budget]
        if len(sub):
            typos = _fuzzy(arr[sub], budget)
            if not typos.empty:
                out.loc[sub[typos.index.to_numpy()], list(_COLUMNS)] = typos[list(_COLUMNS)].to_numpy()


def _wanted(arr: np.ndarray, missing: np.ndarray, suggest: bool | Collection[str]) -> np.ndarray:
    """Return the positions among ``missing`` whose notes get suggestions, as ``suggest`` says."""
    if suggest is True:
        return missing
    if suggest is False or not len(missing):
        return missing[:0]
    chosen = set(suggest)
    return missing[[k in chosen for k in arr[missing]]]


def resolve_name(key: str, gazetteer: Gazetteer | None = None) -> Match:
    """Resolve one normalised place name (with suggestions when it is not found).

    Parameters
    ----------
    key : str
        A key from :func:`normalize_name`.
    gazetteer : Gazetteer, optional
        Defaults to :func:`load_gazetteer`.

    Returns
    -------
    Match

    See Also
    --------
    resolve_keys : the same for many keys at once.
    """
    row = resolve_keys([key], gazetteer, suggest=True).iloc[0]
    return Match(str(row["status"]), row["place_id"], str(row["match"]), float(row["score"]), str(row["note"]))


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
