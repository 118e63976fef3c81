"""An offline gazetteer of Moroccan places, and the one function that normalises names.

Places are GeoNames cities and villages (MA and EH country codes) with their Latin and
Arabic alternate names, HCP's 1,503 communes, and curated aliases (``data/aliases.csv``).
Every lookup goes through :func:`normalize_name`; display names are never rewritten.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ._csvin import read_text_csv
from ._prebuilt import cached
from ._resources import data_path
from ._typos import TypoPool, decide, typo_candidates
from .errors import DataError
from .geography import admin_table

__all__ = [
    "MAX_MATCH_LENGTH",
    "NOT_FOUND",
    "SOURCE_FILES",
    "SUGGESTION_POOL",
    "TIER",
    "Gazetteer",
    "Match",
    "closest_names",
    "load_gazetteer",
    "normalize_name",
    "normalize_names",
    "not_found_note",
    "not_found_notes",
    "resolve_admin",
    "resolve_keys",
    "resolve_name",
    "typo_places",
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
#: Joins many names into one text for :func:`normalize_names` (a starter, kept by its table).
_JOIN = "\x00"
_JOINED_KEY_CHARS = _KeyChars({ord(_JOIN): _JOIN})


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

    Call it on distinct values (``pd.unique``, ``pd.factorize``). The values are joined by
    a NUL character into one text, normalised by one casefold, one Unicode decomposition and
    one ``str.translate`` (all in C, each character on its own: NUL is a starter, which
    decomposition never moves a mark across), and split again; values holding a NUL are
    normalised one by one.

    Parameters
    ----------
    values : iterable
        Names; None, NaN and non-strings give ``""``. A pandas or Arrow string array is
        read as an object array first.

    Returns
    -------
    list of str
    """
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        values = values.to_numpy(dtype=object, na_value=None)
    texts: Any = values if isinstance(values, list | np.ndarray) else list(values)
    try:
        joined = _JOIN.join(texts)  # every value a string: the common case
    except TypeError:  # some value is not a string: it gives ""
        texts = [v if isinstance(v, str) else "" for v in texts]
        joined = _JOIN.join(texts)
    if not len(texts):
        return []
    if joined.count(_JOIN) != len(texts) - 1:
        return [normalize_name(t) for t in texts]
    return unicodedata.normalize("NFKD", joined.casefold()).translate(_JOINED_KEY_CHARS).split(_JOIN)


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


#: The data files the gazetteer is built from (under ``data/``).
SOURCE_FILES = (("geo", "places.csv"), ("geo", "place_names.csv"), ("aliases.csv",), ("geo", "foreign_places.csv"))


@cache
def load_gazetteer() -> Gazetteer:
    """Load the gazetteer shipped in ``data/geo`` (cached; prebuilt when :mod:`clusteratlas._prebuilt` has it).

    Returns
    -------
    Gazetteer
        Places with their province and region codes, names with their keys.
    """
    return cached("gazetteer", [data_path(*f) for f in SOURCE_FILES], _build_gazetteer)


def _build_gazetteer() -> Gazetteer:
    """Build the gazetteer from its files (:data:`SOURCE_FILES`)."""
    places = read_text_csv(data_path("geo", "places.csv"), keep_default_na=False)
    places["population"] = places["population"].astype(int)
    names = _ranked_names(places)
    first = ~names["key"].duplicated()
    best = dict(zip(names.loc[first, "key"], names.index[first], strict=True))
    ambiguous = _ambiguous(names, first)
    foreign = _foreign_names()
    return Gazetteer(
        places=places.set_index("place_id", drop=False),
        names=names,
        best=best,
        keys=list(best),
        ambiguous=ambiguous,
        foreign=foreign,
        exact=_exact_table(names, best, ambiguous, foreign),
        display=names.loc[list(best.values()), "name"].tolist(),
    )


def _ranked_names(places: pd.DataFrame) -> pd.DataFrame:
    """Every name of every place (GeoNames, HCP, curated aliases) with its key, best first per key."""
    names = read_text_csv(data_path("geo", "place_names.csv"), keep_default_na=False)
    aliases = read_text_csv(data_path("aliases.csv"), keep_default_na=False, comment="#")
    aliases = aliases[aliases["kind"] == "place"]
    extra = pd.DataFrame({"place_id": aliases["target"], "name": aliases["alias"], "name_type": "alias"})
    unknown = sorted(set(extra["place_id"]) - set(places["place_id"]))
    if unknown:
        msg = f"data/aliases.csv names unknown place ids {unknown}; fix the file."
        raise DataError(msg)
    names = pd.concat([names, extra], ignore_index=True)
    names["key"] = normalize_names(names["name"])
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
    """Key -> "Name (CC)" of the populous places outside the country (the most populous of each key).

    "Madrid" is Madrid (ES), 3.3 million, not Madrid (CO), listed first by country code.
    """
    table = read_text_csv(data_path("geo", "foreign_places.csv"), keep_default_na=False)
    people = pd.to_numeric(table["population"], errors="coerce").fillna(0)
    table = table.iloc[np.argsort(-people.to_numpy(), kind="stable")].reset_index(drop=True)
    keys = pd.Series(normalize_names(table["name"]), dtype=object)
    first = ~keys.duplicated().to_numpy()
    labels = (table["name"] + " (" + table["country_code"] + ")").to_numpy(dtype=object)
    return dict(zip(keys.to_numpy()[first], labels[first], strict=True))


#: Keys longer than this are cut before fuzzy matching and suggestions (no place name is
#: near that long; a 100,000-character cell must not cost seconds). Names are never cut.
MAX_MATCH_LENGTH = 200
#: The note of a name found nowhere (suggestions, when computed, follow it).
NOT_FOUND = "not in the gazetteer"
#: A key made only of words naming a kind of place, not which one ("Zone industrielle", "Z.I.",
#: "Quartier", "Parc d'activités", "Douar"): no town is near it, so it gets no suggestions.
KIND_OF_PLACE = re.compile(
    r"(?:zones?|industri(?:elle|el|al)s?|zi|parcs?|park|quartiers?|hay|douars?|technopole|technopark"
    r"|lotissements?|lots?|franches?|free|d|de|du|des|la|le|l|activites?|activit(?:y|ies)|agropole|sites?|usines?"
    r"|cite|centre|center|ville|route|rue|avenue|av|bd|boulevard|km|n|no|siege|social|commerciale?s?|logistiques?"
    r"|logistics?|area|estate|business|offshore|sans|adresse|address|nd|nc|inconnue?|unknown|na|et|and|of|the)+"
)
#: One of the words of :data:`KIND_OF_PLACE` that says a kind of place (not "de", "la", "n").
_KIND_WORD = r"zone|industri|zi|parc|park|quartier|hay|douar|techno|lotissement|agropole|site|usine|cite|cent"
#: The note part that says so.
KIND_OF_PLACE_NOTE = "it names a kind of place, not which one: give its town"
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


#: Nearest gazetteer names looked at per key, before keeping one per place.
SUGGESTION_POOL = 24


@cache
def _suggestion_labels() -> tuple[np.ndarray, np.ndarray]:
    """Each key's place and label: its name, with the place's own name after it when that differs."""
    return cached("suggestion_labels", [data_path(*f) for f in SOURCE_FILES], _build_suggestion_labels)


def _build_suggestion_labels() -> tuple[np.ndarray, np.ndarray]:
    """Build each key's place and label (:func:`_suggestion_labels`)."""
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


def not_found_notes(keys: Sequence[str], gazetteer: Gazetteer | None = None) -> list[str]:
    """Return the notes of unresolved keys: the closest gazetteer names, or that a key names a kind of place.

    A key made only of words such as "zone", "industrielle", "quartier" (:data:`KIND_OF_PLACE`)
    says what kind of place, not which: its "closest" names would be noise, so the note says
    to give the town instead.

    Examples
    --------
    >>> not_found_notes(["zoneindustrielle"])
    ['not in the gazetteer; it names a kind of place, not which one: give its town']
    """
    written = pd.Series(list(keys), dtype=object)
    kind = (written.str.fullmatch(KIND_OF_PLACE.pattern) & written.str.contains(_KIND_WORD)).fillna(False)
    kind = kind.to_numpy(dtype=bool)
    notes = np.full(len(kind), f"{NOT_FOUND}; {KIND_OF_PLACE_NOTE}", dtype=object)
    rest = np.flatnonzero(~kind)
    if len(rest):
        close = closest_names(written.iloc[rest].astype(str).tolist(), gazetteer)
        notes[rest] = [not_found_note(c) for c in close]
    return [str(n) for n in notes]


def resolve_keys(
    keys: Sequence[str] | pd.Index, gazetteer: Gazetteer | None = None, *, suggest: bool | Collection[str] = False
) -> pd.DataFrame:
    """Resolve many normalised place names at once.

    Exact, alternate-name, alias and commune keys are looked up in one join; keys naming a
    populous place abroad are refused; the rest are matched to a typo in bulk by the
    candidate model of :mod:`clusteratlas._typos`: each place a key may be a slip of
    weighs its population discounted by the slip (edits, transliteration, an article), and
    the key goes to the place whose province weighs five times any other's; when two are
    that close it stays unresolved, the note naming them ("Goulmim": Goulmima or Guelmim).

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
        out.loc[wanted, "note"] = not_found_notes(arr[wanted].tolist(), gaz)
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


@cache
def _typo_pool() -> TypoPool:
    """Return the gazetteer keys a typo may be matched to: every key that resolves to a place."""
    return cached("typo_pool", [data_path(*f) for f in SOURCE_FILES], _build_typo_pool)


def _build_typo_pool() -> TypoPool:
    """Build the typo pool from the gazetteer."""
    gaz = load_gazetteer()
    table = gaz.exact[gaz.exact["status"] != "unresolved"]
    places = gaz.places.reindex(table["place_id"])
    names = gaz.names.loc[[gaz.best[k] for k in table.index]]
    tier = names["tier"].to_numpy()
    commune = (places["kind"] == "commune").to_numpy()
    return TypoPool.build(
        pd.DataFrame(
            {
                "key": table.index.to_numpy(dtype=object),
                "place_id": table["place_id"].to_numpy(dtype=object),
                "match": table["match"].to_numpy(dtype=object),
                "own": places["name"].to_numpy(dtype=object),
                "province": places["province_code"].to_numpy(dtype=object),
                "region": places["region_code"].to_numpy(dtype=object),
                "population": places["population"].to_numpy(dtype=float),
                "tier": tier,
                "alternate": (names["name_type"] == "alternate").to_numpy() & ~commune,
                "by_ear": (tier <= TIER["alias"]) | commune,
            }
        )
    )


def typo_places(keys: Sequence[str] | np.ndarray) -> pd.DataFrame:
    """Return every place each key may be a typo of, with its weight (see :mod:`clusteratlas._typos`).

    Parameters
    ----------
    keys : sequence of str
        Keys from :func:`normalize_name` not found exactly.

    Returns
    -------
    pandas.DataFrame
        One row per (``row``: position in ``keys``, place): ``place_id``, ``name`` (the
        place's own), ``province_code``, ``region_code``, ``score`` and ``weight`` (its
        population discounted by the cost of the typo), heaviest first.
    """
    pool = _typo_pool()
    found = typo_candidates(np.asarray(list(keys), dtype=object), pool)
    c = found["choice"].to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {
            "row": found["row"].to_numpy(dtype=np.int64),
            "place_id": pool.place_id[c],
            "name": pool.own[c],
            "province_code": pool.province[c],
            "region_code": pool.region[c],
            "score": found["score"].to_numpy(dtype=float),
            "weight": found["weight"].to_numpy(dtype=float),
        }
    )
    out = out.sort_values(["row", "weight"], ascending=[True, False], kind="stable")
    return out.drop_duplicates(["row", "place_id"]).reset_index(drop=True)


def _resolve_typos(out: pd.DataFrame, arr: np.ndarray, rest: np.ndarray) -> None:
    """Match the keys at positions ``rest`` to a typo (:mod:`clusteratlas._typos`), in place."""
    if not len(rest):
        return
    pool = _typo_pool()
    queries = arr[rest]
    typos = decide(typo_candidates(queries, pool), pool)
    if not typos.empty:
        out.loc[rest[typos.index.to_numpy(dtype=np.int64)], list(_COLUMNS)] = typos[list(_COLUMNS)].to_numpy()


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
    aliases = read_text_csv(data_path("aliases.csv"), keep_default_na=False, comment="#")
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
