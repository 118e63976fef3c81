"""Reading places out of text: town cells that say more than a town, and addresses.

A town cell such as "Aïn Sebaâ - Casablanca", "20190 Casablanca", "Casablanca (Maroc)" or
"Lot 45, ZI Sidi Ghanem, Marrakech", and an address, are cut into segments (at commas,
brackets, slashes and spaced dashes) and words; every run of one to :data:`MAX_WORDS` words
is looked up, as one key, among the gazetteer's names and the quarters and sites of
:mod:`clusteratlas._subplaces`. A run after a street word ("Route de Rabat", "Avenue
Moulay Rachid") names a street, not a place, and is skipped; a run inside a longer match
is dropped. Each text then has *mentions*, each with its *candidates* (the places that
share the name), and :func:`choose` decides, for each distinct (text, stated region,
stated province):

1. a mention's candidates inside the region or province the record states are kept;
2. when a mention has several, those that agree with the other mentions are kept (two
   places agree when they share a province, or a region within :data:`AGREE_KM`);
3. when several are still left, the most specific wins if they share a province (a
   quarter over its city); else the one :data:`DOMINANCE` times heavier (population, a
   site its host's) wins and the note names the others; else the mention is ambiguous;
4. the mentions left agree: the most specific place is taken (site, quarter, then the
   smaller town); or they disagree: ``conflict``, placed at their region when they share
   one, else not placed, the note naming both.

Everything works on distinct texts and distinct (text, region, province) triples; a
text's words are read once, in bulk.
"""

from __future__ import annotations

from functools import cache, partial

import numpy as np
import pandas as pd

from ._closest import closest_names
from ._prebuilt import cached
from ._resources import data_path
from ._segments import _SEGMENT, _WORD, MAX_WORDS, Reading, by_segment, runs_of_words, street_context, words_of
from ._subplaces import PRECISION_OF, alias_candidates, close_runs, load_subplaces
from ._typos import DOMINANCE as TYPO_DOMINANCE
from .aliases import Aliases, shipped_sites
from .gazetteer import SOURCE_FILES, load_gazetteer, normalize_names, typo_places
from .geography import admin_table, pack

__all__ = [
    "ADDRESS_HINT",
    "AGREE_KM",
    "DOMINANCE",
    "MAX_WORDS",
    "NOT_RECOGNISED",
    "SUGGESTED_WORDS",
    "choose",
    "mentions",
    "not_recognised",
    "read_rows",
    "settle_typos",
    "subplace_keys",
    "write_rows",
]

#: Two places of one region agree when they are at most this far apart (a town and its suburb).
AGREE_KM = 35.0
#: A candidate wins over its homonyms when it weighs this many times the next one.
DOMINANCE = 10.0
#: How the note of an address that names no known place begins (then the address, quoted).
NOT_RECOGNISED = "address not recognised: "
#: What the note of an unrecognised address tells to do.
ADDRESS_HINT = "give its town in the town column, or name it in an aliases file (`aliases`)"
#: Addresses of at most this many words get the closest names of places (a place's name
#: misspelt, "Atlantc Free Zone"); a street address ("12 rue Ibn Batouta") has none near.
SUGGESTED_WORDS = 4
#: A suggested name is at least this similar to the address (OSA, normalised).
_SUGGEST_SIMILARITY = 0.7
#: Longest address quoted in a note (the records keep it whole).
_QUOTED = 100

#: Rank of each kind of candidate, most specific first.
_RANK = {"alias": 0, "site": 0, "quarter": 1, "city": 2, "commune": 3}
_CANDIDATE_COLUMNS = [
    "key",
    "place_id",
    "kind",
    "status",
    "match",
    "own",
    "host_id",
    "province_code",
    "region_code",
    "lat",
    "lon",
    "weight",
    "precision",
    "about",
]


@cache
def _candidates() -> pd.DataFrame:
    """Every name key with the places it may mean: the shipped sites, sub-places, the gazetteer's best tier.

    A shipped site's name (``data/aliases.csv``) means its target only, as in a town cell.
    Prebuilt when it can be (:mod:`clusteratlas._prebuilt`): its regions come from the
    geography pack's boundaries, which are part of its key.
    """
    geo = pack()
    files = [data_path(*f) for f in (*SOURCE_FILES, ("geo", "quarters.csv"), ("geo", "sites.csv"))]
    files += [geo.boundary_file(level, "print") for level in ("region", "province")]
    return cached("candidates", files, _build_candidates)


def _build_candidates() -> pd.DataFrame:
    """Build the candidates' table."""
    table = pd.concat([alias_candidates(shipped_sites()), _named_candidates()], ignore_index=True)
    return _overridden(table)


def _overridden(table: pd.DataFrame) -> pd.DataFrame:
    """Drop the other places of a key an alias names (an alias means its target only), and rank the rest."""
    aliased = table.loc[table["kind"] == "alias", "key"]
    table = table[(table["kind"] == "alias").to_numpy() | ~table["key"].isin(aliased).to_numpy()]
    table = table.reset_index(drop=True)
    table["rank"] = table["kind"].map(_RANK).to_numpy(dtype=np.int64)
    return table[[*_CANDIDATE_COLUMNS, "rank"]]


def _candidates_with(aliases: Aliases | None) -> pd.DataFrame:
    """Return the candidates, with a user's aliases (``origin`` ``user``) before any other meaning of their names."""
    if aliases is None or not (aliases.table["origin"] == "user").any():
        return _candidates()
    user = Aliases(aliases.table[aliases.table["origin"] == "user"].reset_index(drop=True))
    return _overridden(pd.concat([alias_candidates(user), _candidates()], ignore_index=True))


def _named_candidates() -> pd.DataFrame:
    """Every name key with the places it may mean: the gazetteer's best tier, and sub-places."""
    gaz = load_gazetteer()
    sub = load_subplaces()
    names = gaz.names
    best_tier = names.groupby("key", sort=False)["tier"].transform("min")
    main = names[(names["tier"] == best_tier).to_numpy()].drop_duplicates(["key", "place_id"])
    usable = gaz.exact["status"].reindex(main["key"]).to_numpy() != "unresolved"
    main = main[usable & ~main["key"].isin(sub.words).to_numpy()]
    places = gaz.places.reindex(main["place_id"])
    is_city = (places["kind"] == "city").to_numpy()
    status = main["name_type"].map({"primary": "exact", "alternate": "alias", "alias": "alias"}).fillna("commune")
    main_rows = pd.DataFrame(
        {
            "key": main["key"].to_numpy(dtype=object),
            "place_id": main["place_id"].to_numpy(dtype=object),
            "kind": np.where(is_city, "city", "commune"),
            "status": np.where(is_city, status.to_numpy(dtype=object), "commune"),
            "match": main["name"].to_numpy(dtype=object),
            "own": places["name"].to_numpy(dtype=object),
            "host_id": main["place_id"].to_numpy(dtype=object),
            "province_code": places["province_code"].to_numpy(dtype=object),
            "region_code": places["region_code"].to_numpy(dtype=object),
            "lat": np.where(is_city, pd.to_numeric(places["lat"], errors="coerce"), np.nan),
            "lon": np.where(is_city, pd.to_numeric(places["lon"], errors="coerce"), np.nan),
            "weight": places["population"].to_numpy(dtype=np.int64),
            "precision": np.where(is_city, "city", "province"),
            "about": "",
        }
    )
    info = sub.places.reindex(sub.names["place_id"])
    sub_rows = pd.DataFrame(
        {
            "key": sub.names["key"].to_numpy(dtype=object),
            "place_id": sub.names["place_id"].to_numpy(dtype=object),
            "kind": info["kind"].to_numpy(dtype=object),
            "status": np.where(sub.names["own"].to_numpy(dtype=bool), "exact", "alias"),
            "match": sub.names["name"].to_numpy(dtype=object),
            "own": info["name"].to_numpy(dtype=object),
            "host_id": info["host_id"].to_numpy(dtype=object),
            "province_code": info["province_code"].to_numpy(dtype=object),
            "region_code": info["region_code"].to_numpy(dtype=object),
            "lat": info["lat"].to_numpy(dtype=float),
            "lon": info["lon"].to_numpy(dtype=float),
            "weight": info["weight"].to_numpy(dtype=np.int64),
            "precision": info["kind"].map(PRECISION_OF).to_numpy(dtype=object),
            "about": "",
        }
    )
    return pd.concat([sub_rows, main_rows], ignore_index=True)


def subplace_keys() -> frozenset[str]:
    """Return the keys that name a quarter or a site (a town cell holding one is read again)."""
    sub = load_subplaces()
    return frozenset(sub.names["key"])


def mentions(texts: pd.Series, aliases: Aliases | None = None) -> pd.DataFrame:
    """Find the places named in each distinct text.

    Parameters
    ----------
    texts : pandas.Series
        Distinct texts (town cells or addresses), indexed by their position.
    aliases : Aliases, optional
        The user's aliases (rows of origin ``user``), names before any other; the shipped
        sites are always looked up.

    Returns
    -------
    pandas.DataFrame
        One row per (mention, candidate place): ``text`` (the index of ``texts``),
        ``mention`` (its number in the text), ``words`` (the words matched, as written), and
        the candidate's ``place_id``, ``kind``, ``status``, ``match``, ``own``, ``host_id``,
        ``province_code``, ``region_code``, ``lat``, ``lon``, ``weight``, ``precision``,
        ``about`` (an alias's description), ``rank``; ``alike``: the first text whose mentions
        come from the same segments in the same order, so that it reads as this one does.
    """
    rows, alike = _mentions(texts, aliases, every_text=True)
    rows["alike"] = alike.reindex(rows["text"].to_numpy()).to_numpy()
    return rows


def _mentions(texts: pd.Series, aliases: Aliases | None, *, every_text: bool) -> Reading:
    """Return :func:`mentions`' rows (without ``alike``; only the first text of those alike unless ``every_text``)."""
    runs, alike = by_segment(texts, _SEGMENT, partial(_segment_runs, aliases=aliases), every_text=every_text)
    if runs.empty:
        return Reading(pd.DataFrame(columns=["text", "mention", "words", *_CANDIDATE_COLUMNS, "rank"]), alike)
    runs = runs.sort_values(["text", "seg", "first", "rank", "weight"], ascending=[True, True, True, True, False])
    runs["mention"] = runs.groupby(["text", "seg", "first"], sort=False).ngroup()
    return Reading(runs.drop(columns=["seg", "first", "last", "key"]).reset_index(drop=True), alike)


def _segment_runs(texts: pd.Series, aliases: Aliases | None) -> pd.DataFrame:
    """Return the runs of words of each text that name places, less those inside a longer one (:func:`mentions`)."""
    none = pd.DataFrame(columns=["text", "seg", "first", "last", "words", *_CANDIDATE_COLUMNS, "rank"])
    words = words_of(texts.astype("string").fillna(""))
    if words.empty:
        return none
    street = street_context(words)
    letters = ~np.char.isdigit(words["key"].to_numpy(dtype=str))  # postcodes and numbers: no place
    words, street = words[letters].reset_index(drop=True), street[letters]
    if words.empty:  # numbers only ("20250"): no place named
        return none
    words["pos"] = words.groupby(["text", "seg"]).cumcount()
    words["n"] = words.groupby(["text", "seg"])["pos"].transform("size")
    every = runs_of_words(words, street)
    candidates = _candidates_with(aliases)
    runs = every.merge(candidates, on="key")
    if not runs.empty:  # a run nearly spelling one name that holds two shorter ones found ("Sala Al Jadida")
        runs = pd.concat([runs, close_runs(every, runs, candidates)], ignore_index=True)
    return _outermost(runs)


def _outermost(runs: pd.DataFrame) -> pd.DataFrame:
    """Drop the runs that share a word with a longer matched run of the same segment.

    Two runs that share a word are two readings of the same words, not two places named
    ("Ad Dar" and "Dar al Byda" in "Ad Dar al Byda'", "L Oulad" and "Oulad Tayeb" in
    "L'Oulad Tayeb"): the longer reading (in words, then in letters) is kept.
    """
    spans = runs.drop_duplicates(["text", "seg", "first", "last"])[["text", "seg", "first", "last", "key"]]
    spans = spans.assign(size=(spans["last"] - spans["first"]) * 1000 + spans["key"].str.len()).drop(columns="key")
    pairs = spans.merge(spans, on=["text", "seg"], suffixes=("", "_o"))
    inside = (
        (pairs["first_o"] <= pairs["last"]) & (pairs["first"] <= pairs["last_o"]) & (pairs["size_o"] > pairs["size"])
    )
    covered = pairs.loc[inside, ["text", "seg", "first", "last"]].drop_duplicates()
    runs = runs.merge(covered.assign(_covered=True), on=["text", "seg", "first", "last"], how="left")
    return runs[runs["_covered"].isna()].drop(columns="_covered")


def _agree(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """Whether places ``a`` and ``b`` (row by row) agree: one province, or one region and near."""
    same_p = a["province_code"].to_numpy(dtype=object) == b["province_code"].to_numpy(dtype=object)
    same_r = a["region_code"].to_numpy(dtype=object) == b["region_code"].to_numpy(dtype=object)
    lat1, lon1 = np.radians(a["lat"].to_numpy(dtype=float)), np.radians(a["lon"].to_numpy(dtype=float))
    lat2, lon2 = np.radians(b["lat"].to_numpy(dtype=float)), np.radians(b["lon"].to_numpy(dtype=float))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    with np.errstate(invalid="ignore"):
        km = 2 * 6371.0 * np.arcsin(np.sqrt(h))
    near = np.nan_to_num(km, nan=np.inf) <= AGREE_KM
    return np.asarray(same_p | (same_r & near), dtype=bool)


def _agreeing(c: pd.DataFrame) -> pd.DataFrame:
    """Keep, of a mention's several candidates, those that agree with every other mention of the case."""
    size = c.groupby(["case", "mention"])["place_id"].transform("size")
    mentions_n = c.groupby("case")["mention"].transform("nunique")
    todo = c[(size > 1).to_numpy() & (mentions_n > 1).to_numpy()]
    if todo.empty:
        return c
    pairs = todo.reset_index().merge(c, on="case", suffixes=("", "_o"))
    pairs = pairs[pairs["mention"] != pairs["mention_o"]]
    other = pairs[[f"{k}_o" for k in ("province_code", "region_code", "lat", "lon")]]
    pairs = pairs.assign(ok=_agree(pairs, other.set_axis(["province_code", "region_code", "lat", "lon"], axis=1)))
    per_other = pairs.groupby(["index", "mention_o"])["ok"].any()
    good = per_other.groupby(level=0).all()
    good_rows = good.index[good.to_numpy()]
    keep = pd.Series(True, index=c.index)
    keep.loc[todo.index] = todo.index.isin(good_rows)
    any_good = keep.groupby([c["case"], c["mention"]]).transform("any")
    return c[(keep | ~any_good).to_numpy()]


def _settle(c: pd.DataFrame) -> pd.DataFrame:
    """One candidate per mention: the most specific of one province, a dominant one, or none (ambiguous).

    Returns the candidates left, with ``others`` (the names a dominant candidate won over)
    and ``ambiguous`` (the names of a mention that could not be decided; its rows are kept
    once, with the first candidate's columns).
    """
    c = c.sort_values(["case", "mention", "weight", "rank"], ascending=[True, True, False, True], kind="stable")
    by = [c["case"], c["mention"]]
    one_province = (c.groupby(by)["province_code"].transform("nunique") == 1).to_numpy()
    label = c["own"].astype(str) + " (" + _unit_names(c["province_code"], "province") + ", "
    label = label + _unit_names(c["region_code"], "region") + ")"
    ranked = c.assign(label=label.to_numpy(dtype=object))
    first = ranked.groupby(by).cumcount().to_numpy() == 0
    second_weight = ranked["weight"].where(ranked.groupby(by).cumcount() == 1).groupby(by).transform("max")
    dominant = (ranked["weight"] >= DOMINANCE * second_weight.fillna(0)).to_numpy()
    labels, rest = _joined_labels(ranked, one_province)
    specific = ranked.sort_values(["case", "mention", "rank", "weight"], ascending=[True, True, True, False])
    best_specific = ~specific.duplicated(["case", "mention"])
    pick_specific = pd.Series(False, index=ranked.index)
    pick_specific.loc[specific.index[best_specific.to_numpy()]] = True
    keep = np.where(one_province, pick_specific.to_numpy(), first)
    out = ranked[keep].copy()
    decided = one_province[keep] | dominant[keep]
    out["others"] = np.where(one_province[keep] | ~decided, "", rest[keep])
    out["ambiguous"] = np.where(decided, "", labels[keep])
    return out


def _joined_labels(ranked: pd.DataFrame, one_province: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's mention's candidates, listed (all, and all but the first), for mentions that need them.

    Only mentions with candidates in several provinces are listed (a few): joined once per
    mention, then spread to its rows.
    """
    labels = np.full(len(ranked), "", dtype=object)
    rest = np.full(len(ranked), "", dtype=object)
    size = ranked.groupby(["case", "mention"])["place_id"].transform("size").to_numpy()
    multi = (size > 1) & ~one_province
    if multi.any():
        sub = ranked[multi]
        lists = sub.groupby(["case", "mention"], sort=False)["label"].agg(list)
        all_of = pd.Series([", ".join(dict.fromkeys(v)) for v in lists], index=lists.index)
        but_first = pd.Series([", ".join(dict.fromkeys(v[1:])) for v in lists], index=lists.index)
        at = pd.MultiIndex.from_frame(sub[["case", "mention"]])
        labels[multi] = all_of.reindex(at).to_numpy(dtype=object)
        rest[multi] = but_first.reindex(at).to_numpy(dtype=object)
    return labels, rest


def _unit_names(codes: pd.Series, level: str) -> pd.Series:
    """Return the names of province or region codes (``level``), "?" for a missing code."""
    names = admin_table("region" if level == "region" else "province").set_index(f"{level}_code")[level]
    return pd.Series(names.reindex(codes.to_numpy()).to_numpy(dtype=object), index=codes.index).fillna("?")


_RESULT_COLUMNS = [
    "status",
    "place_id",
    "match",
    "precision",
    "lat",
    "lon",
    "province_code",
    "region_code",
    "note",
]


def choose(found: pd.DataFrame, cases: pd.DataFrame, *, what: str) -> pd.DataFrame:
    """Decide where each case places its record, from the mentions of its text.

    Parameters
    ----------
    found : pandas.DataFrame
        From :func:`mentions`.
    cases : pandas.DataFrame
        One row per distinct (``text``, ``want_r``, ``want_p``): the text's index in
        :func:`mentions`' input and the region and province codes the record states (None
        where it states none).
    what : str
        What the text is, for notes: ``"town cell"`` or ``"address"``.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``cases``: ``status`` (the candidate's ``exact``, ``alias`` or
        ``commune``; ``conflict``; or ``unresolved``), ``place_id``, ``match``,
        ``precision`` (``site``, ``quarter``, ``city``, ``province``, ``region``, ``none``),
        ``lat``, ``lon``, ``province_code``, ``region_code``, ``note`` (empty when the text
        named no place).
    """
    out = pd.DataFrame(index=cases.index, columns=_RESULT_COLUMNS, dtype=object)
    out["status"], out["precision"], out["note"], out["match"] = "unresolved", "none", "", ""
    out["lat"], out["lon"] = np.nan, np.nan
    c = cases.rename_axis("case").reset_index().merge(found, on="text")
    if c.empty:
        return out
    wr, wp = c["want_r"], c["want_p"]
    inside = (wr.isna() | (c["region_code"] == wr)) & (wp.isna() | (c["province_code"] == wp))
    any_inside = inside.groupby([c["case"], c["mention"]]).transform("any")
    c = _settle(_agreeing(c[(inside | ~any_inside).to_numpy()]))
    clear = c[c["ambiguous"] == ""]
    has_clear = c["case"].isin(clear["case"]).to_numpy()
    _say_ambiguous(out, c[~has_clear], what)
    _combine(out, clear, what)
    return out


def _say_ambiguous(out: pd.DataFrame, c: pd.DataFrame, what: str) -> None:
    """Leave unresolved the cases whose every mention could mean several places; list them."""
    if c.empty:
        return
    text = c.groupby("case").agg(words=("words", "first"), labels=("ambiguous", "first"))
    out.loc[text.index, "note"] = (
        f"the {what} names "
        + "'"
        + text["words"]
        + "'"
        + ", which could be "
        + text["labels"]
        + "; give the region or province to decide"
    ).to_numpy(dtype=object)


def _combine(out: pd.DataFrame, c: pd.DataFrame, what: str) -> None:
    """Place each case at the most specific of its mentions when they agree; else ``conflict``."""
    if c.empty:
        return
    pairs = c.merge(c, on="case", suffixes=("", "_o"))
    pairs = pairs[pairs["mention"] < pairs["mention_o"]]
    other = pairs[[f"{k}_o" for k in ("province_code", "region_code", "lat", "lon")]]
    ok = _agree(pairs, other.set_axis(["province_code", "region_code", "lat", "lon"], axis=1))
    clash = pd.Series(~ok, index=pairs.index).groupby(pairs["case"]).any()
    clashing = clash.index[clash.to_numpy()]
    said = _said(c)
    chosen = c[~c["case"].isin(clashing)].sort_values(["case", "rank", "weight"], kind="stable")
    chosen = chosen.drop_duplicates("case").set_index("case")
    _place_chosen(out, chosen, said, what)
    _place_conflicts(out, c[c["case"].isin(clashing)], said, what)


def _said(c: pd.DataFrame) -> pd.Series:
    """Return each case's words, quoted and joined in order ("'Aïn Sebaâ' and 'Casablanca'"), by case."""
    words = c[["case", "words"]].drop_duplicates()
    case = words["case"].to_numpy()
    quoted = ("'" + words["words"].astype(str) + "'").to_numpy(dtype=object)
    many = words["case"].duplicated(keep=False).to_numpy()
    said = pd.Series(quoted[~many], index=case[~many], dtype=object)
    if many.any():
        joined = pd.Series(quoted[many], dtype=object).groupby(case[many], sort=False).agg(" and ".join)
        said = pd.concat([said, joined])
    return said


def _place_chosen(out: pd.DataFrame, chosen: pd.DataFrame, said: pd.Series, what: str) -> None:
    if chosen.empty:
        return
    idx = chosen.index
    kind = chosen["kind"].to_numpy(dtype=object)
    precision = chosen["precision"].to_numpy(dtype=object)
    out.loc[idx, "status"] = chosen["status"].to_numpy(dtype=object)
    out.loc[idx, "place_id"] = chosen["place_id"].to_numpy(dtype=object)
    out.loc[idx, "match"] = chosen["match"].to_numpy(dtype=object)
    out.loc[idx, "precision"] = precision
    out.loc[idx, "lat"] = chosen["lat"].to_numpy(dtype=float)
    out.loc[idx, "lon"] = chosen["lon"].to_numpy(dtype=float)
    out.loc[idx, "province_code"] = chosen["province_code"].to_numpy(dtype=object)
    out.loc[idx, "region_code"] = chosen["region_code"].to_numpy(dtype=object)
    where = np.where(np.isin(kind, ("quarter", "site")), " (" + kind + " in " + _host_names(chosen) + ")", "")
    named = f"the {what} names " + said.reindex(idx).to_numpy(dtype=object)
    note = named + "; placed at " + chosen["own"].astype(str).to_numpy(dtype=object) + where
    about = chosen["about"].astype(str).to_numpy(dtype=object)
    note = np.where(about != "", named + "; " + about, note)
    others = chosen["others"].to_numpy(dtype=object)
    out.loc[idx, "note"] = np.where(others != "", note + "; also the name of " + others, note)


def _host_names(chosen: pd.DataFrame) -> np.ndarray:
    """Return the name of each chosen sub-place's host place."""
    gaz = load_gazetteer()
    names: np.ndarray = gaz.places["name"].reindex(chosen["host_id"]).fillna("").to_numpy(dtype=object).astype(str)
    return names


def _place_conflicts(out: pd.DataFrame, c: pd.DataFrame, said: pd.Series, what: str) -> None:
    """Cases whose mentions disagree: ``conflict``, at their region when they share one, else not placed."""
    if c.empty:
        return
    regions = c.groupby("case")["region_code"].agg(["nunique", "first"])
    idx = regions.index
    one = (regions["nunique"] == 1).to_numpy()
    # Places of one region are named with their provinces, the region said once; else with their regions.
    shared = c["case"].map(regions["nunique"] == 1).to_numpy(dtype=bool)
    unit = np.where(shared, _unit_names(c["province_code"], "province"), _unit_names(c["region_code"], "region"))
    label = c["own"].astype(str) + " (" + unit + ")"
    listed = label.groupby(c["case"]).agg(lambda s: " and ".join(dict.fromkeys(s)))
    out.loc[idx, "status"] = "conflict"
    out.loc[idx[one], "precision"] = "region"
    out.loc[idx[one], "region_code"] = regions["first"].to_numpy(dtype=object)[one]
    region = _unit_names(regions["first"], "region").to_numpy(dtype=object)
    tail = np.where(one, "; both in the region " + region + ": placed at that region only", "; not placed")
    out.loc[idx, "note"] = (
        f"the {what} names places that disagree: " + listed.reindex(idx).to_numpy(dtype=object) + tail
    )
    del said


def read_rows(
    texts: pd.Series, rows: np.ndarray, areas: dict[str, np.ndarray], *, what: str, aliases: Aliases | None = None
) -> pd.DataFrame:
    """Read the places named in the texts of some rows, each distinct (text, region, province) once.

    Parameters
    ----------
    texts : pandas.Series
        A whole column (town cells or addresses).
    rows : numpy.ndarray
        The positions of the rows to read.
    areas : dict
        ``region`` and ``province``: the codes each record's own columns give (None where
        none), over the whole table, as :func:`clusteratlas.geocode` finds them.
    what : str
        ``"town cell"`` or ``"address"``, for the notes.
    aliases : Aliases, optional
        The aliases of the call (:func:`mentions`).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`choose`, one row per position of ``rows``, in order.
    """
    none = np.full(len(texts), None, dtype=object)
    sub = pd.DataFrame(
        {
            "value": texts.iloc[rows].to_numpy(dtype=object),
            "want_r": areas.get("region", none)[rows],
            "want_p": areas.get("province", none)[rows],
        }
    )
    codes, uniq = pd.factorize(sub["value"])
    uniq = np.asarray(uniq, dtype=object)
    user = frozenset() if aliases is None else frozenset(aliases.table.loc[aliases.table["origin"] == "user", "key"])
    may = np.flatnonzero(_may_name(uniq, user))
    found, alike = _mentions(pd.Series(uniq[may], index=may, dtype=object), aliases, every_text=False)
    reading = np.arange(len(uniq))  # each text decided as the first text that reads alike
    reading[alike.index.to_numpy(dtype=np.intp)] = alike.to_numpy(dtype=np.intp)
    sub["text"] = reading[codes]
    keyed = sub[["text", "want_r", "want_p"]].fillna({"want_r": "", "want_p": ""})
    case_of_row = keyed.groupby(["text", "want_r", "want_p"], sort=False).ngroup().to_numpy()
    cases = keyed.drop_duplicates().reset_index(drop=True)
    cases = cases.astype(object).where(cases != "", None)
    return choose(found, cases, what=what).iloc[case_of_row].reset_index(drop=True)


def _may_name(texts: np.ndarray, more: frozenset[str] = frozenset()) -> np.ndarray:
    """Whether each text may name a place: words, one of them at least a name's key when there is one.

    A text of one word names a place only when that word's key is a name's (of a town, a
    quarter or a site), or one of ``more`` (a user's aliases): its other texts are set aside
    before :func:`mentions` reads them.
    """
    text = pd.Series(texts, dtype=object).astype("string").fillna("").astype(object)
    count = text.str.count(_WORD).to_numpy(dtype=np.int64)
    one = np.flatnonzero(count == 1)
    may: np.ndarray = count > 1
    if len(one):
        words = text.iloc[one].str.extract(_ONE_WORD, expand=False).to_numpy(dtype=object)
        keys = pd.Series(normalize_names(words), dtype=object)
        may[one] = (keys.isin(_candidate_keys()) | keys.isin(more)).to_numpy(dtype=bool)
    return may


#: A text of one word, and the word.
_ONE_WORD = r"\A[\W_]*([^\W_]+)[\W_]*\Z"


@cache
def _candidate_keys() -> frozenset[str]:
    """Return the keys :func:`mentions` looks words up among."""
    return frozenset(_candidates()["key"])


def write_rows(
    arrays: tuple[np.ndarray, ...], rows: np.ndarray, result: pd.DataFrame, *, status: str | None
) -> np.ndarray:
    """Write :func:`read_rows`' results into the geocoder's arrays where a place was named; return those rows.

    ``arrays`` are the geocoder's nine output arrays (``lat`` … ``note``). A result that
    named no place leaves its row as it was. ``status`` replaces the candidate's status of
    the rows placed (``"address"``); conflicts keep ``conflict``.
    """
    lat, lon, province, region, st_status, precision, match, score, note = arrays
    named = result["note"].to_numpy(dtype=object) != ""
    at = rows[named]
    res = result[named]
    new_status = res["status"].to_numpy(dtype=object)
    if status is not None:
        by_name = pd.Series(new_status, dtype=object).isin(("exact", "alias", "user_alias", "commune"))
        by_name = by_name.to_numpy(dtype=bool)
        new_status = np.where(by_name, status, new_status)
    st_status[at] = new_status
    precision[at] = res["precision"].to_numpy(dtype=object)
    match[at] = res["match"].to_numpy(dtype=object)
    placed = pd.notna(res["region_code"]).to_numpy()
    score[at] = np.where(placed, 100.0, 0.0)
    lat[at] = res["lat"].to_numpy(dtype=float)
    lon[at] = res["lon"].to_numpy(dtype=float)
    province[at] = res["province_code"].where(res["province_code"].notna(), None).to_numpy(dtype=object)
    region[at] = res["region_code"].where(res["region_code"].notna(), None).to_numpy(dtype=object)
    said = res["note"].to_numpy(dtype=object)
    if status is not None:  # after an earlier note ("…; address …"), only where there is one: no fixed-width copy
        old = note[at]
        both = np.flatnonzero(pd.Series(old, dtype=object).ne("").to_numpy(dtype=bool))
        said = said.copy()
        said[both] = pd.Series(old[both], dtype=object).map(str).to_numpy(dtype=object) + "; " + said[both]
    note[at] = said
    written: np.ndarray = at
    return written


def settle_typos(
    arrays: tuple[np.ndarray, ...],
    key_of_row: np.ndarray,
    keys: np.ndarray,
    areas: dict[str, np.ndarray],
) -> None:
    """Let the record's own region or province decide its typo (:func:`~clusteratlas.gazetteer.typo_places`).

    A typo left ambiguous, or matched to a place outside the region or province the record
    gives, goes to the place inside them whose province weighs
    :data:`~clusteratlas._typos.DOMINANCE` times any other inside; the note names the
    candidates. Records that give neither keep the typo's own resolution. Worked on
    distinct (key, region, province) triples.
    """
    _lat, _lon, province, region, status, _precision, _match, _score, note = arrays
    none = np.full(len(status), None, dtype=object)
    want_r, want_p = areas.get("region", none), areas.get("province", none)
    outside = ((want_r != None) & (region != want_r)) | ((want_p != None) & (province != want_p))  # noqa: E711
    doubt = pd.Series(note, dtype=object).str.startswith("ambiguous typo: ").to_numpy(dtype=bool)
    typo = (status == "fuzzy") | ((status == "unresolved") & doubt)
    rows = np.flatnonzero(outside & typo & (key_of_row >= 0))
    if not len(rows):
        return
    asked = pd.DataFrame({"key": key_of_row[rows], "want_r": want_r[rows], "want_p": want_p[rows]})
    cases = asked.drop_duplicates().reset_index(drop=True)
    used = np.unique(cases["key"].to_numpy(dtype=np.int64))
    cand = typo_places(keys[used]).assign(key=lambda t: used[t["row"].to_numpy(dtype=np.int64)])
    pairs = cases.reset_index(names="case").merge(cand.drop(columns="row"), on="key")
    inside = (pairs["want_r"].isna() | (pairs["region_code"] == pairs["want_r"])) & (
        pairs["want_p"].isna() | (pairs["province_code"] == pairs["want_p"])
    )
    chosen = _dominant(pairs[inside.to_numpy(dtype=bool)])
    label = pairs["name"].astype(str) + " (" + _unit_names(pairs["region_code"], "region") + ")"
    close = pairs["weight"] * TYPO_DOMINANCE >= pairs.groupby("case")["weight"].transform("max")
    close |= pairs["place_id"].to_numpy() == chosen["place_id"].reindex(pairs["case"]).to_numpy()
    listed = label[close].groupby(pairs.loc[close, "case"]).agg(lambda s: " or ".join(sorted(set(s))))
    at = asked.merge(cases.reset_index(names="case"), on=["key", "want_r", "want_p"], how="left")["case"].to_numpy()
    take = np.isin(at, chosen.index.to_numpy())
    if take.any():
        picked = chosen.loc[at[take]]
        said = "ambiguous typo: could be " + listed.reindex(at[take]).to_numpy(dtype=object)
        _move(arrays, rows[take], picked, said)


def _dominant(pairs: pd.DataFrame) -> pd.DataFrame:
    """Return, per case, the heaviest place when its province outweighs any other's enough.

    Enough: :data:`~clusteratlas._typos.DOMINANCE` times.
    """
    ranked = pairs.sort_values(["case", "weight"], ascending=[True, False], kind="stable")
    provinces = ranked.drop_duplicates(["case", "province_code"])
    rank = provinces.groupby("case").cumcount().to_numpy()
    best = provinces[rank == 0].set_index("case")
    second = provinces[rank == 1].set_index("case")["weight"].reindex(best.index).fillna(0.0)
    return best[(best["weight"] >= TYPO_DOMINANCE * second).to_numpy()]


def _move(arrays: tuple[np.ndarray, ...], rows: np.ndarray, chosen: pd.DataFrame, said: np.ndarray) -> None:
    """Place ``rows`` at the ``chosen`` places (as fuzzy matches, from :func:`typo_places`), noting why."""
    lat, lon, province, region, status, precision, match, score, note = arrays
    places = load_gazetteer().places.reindex(chosen["place_id"])
    is_city = (places["kind"] == "city").to_numpy()
    lat[rows] = np.where(is_city, pd.to_numeric(places["lat"], errors="coerce"), np.nan)
    lon[rows] = np.where(is_city, pd.to_numeric(places["lon"], errors="coerce"), np.nan)
    province[rows] = places["province_code"].to_numpy(dtype=object)
    region[rows] = places["region_code"].to_numpy(dtype=object)
    status[rows] = "fuzzy"
    precision[rows] = np.where(is_city, "city", "province")
    match[rows] = chosen["name"].to_numpy(dtype=object)
    score[rows] = chosen["score"].to_numpy(dtype=float)
    note[rows] = said + "; took the one the record's region or province column gives"


def not_recognised(texts: pd.Series) -> np.ndarray:
    """Return the note of each address that names no known place: the address, the closest names, what to do.

    Worked on distinct texts; an address of at most :data:`SUGGESTED_WORDS` words gets the
    names of up to three places (towns, quarters, sites, aliases) whose keys are near its
    own, each address alike wherever it is read (chunks give the same notes).

    Parameters
    ----------
    texts : pandas.Series
        Addresses (strings).

    Returns
    -------
    numpy.ndarray
        One note per text, in order.
    """
    codes, uniq = pd.factorize(texts.astype("string").fillna("").str.strip())
    text = pd.Series(np.asarray(uniq, dtype=object), dtype=object)
    shown = text.where(text.str.len() <= _QUOTED, text.str.slice(0, _QUOTED - 1) + "…")
    close = np.full(len(text), "", dtype=object)
    short = np.flatnonzero(text.str.count(_WORD).to_numpy(dtype=np.int64) <= SUGGESTED_WORDS)
    if len(short):
        close[short] = _closest_places(normalize_names(text.iloc[short]))
    said = np.where(close != "", "; closest: " + close, "")
    notes = NOT_RECOGNISED + "'" + shown.to_numpy(dtype=object) + "'" + said + "; " + ADDRESS_HINT
    out: np.ndarray = notes[np.asarray(codes, dtype=np.intp)]
    return out


def _closest_places(keys: list[str]) -> np.ndarray:
    """Return, per key, the names of up to three places whose keys are near it, joined (``""``: none)."""
    table = _candidates().drop_duplicates("key")
    own = table["own"].astype(str).to_numpy(dtype=object)
    match = table["match"].astype(str).to_numpy(dtype=object)
    label = np.where(
        table["match"].to_numpy(dtype=object) == table["own"].to_numpy(dtype=object), own, match + " (" + own + ")"
    )
    return closest_names(
        keys,
        table["key"].to_numpy(dtype=object),
        label,
        table["place_id"].to_numpy(dtype=object),
        least=_SUGGEST_SIMILARITY,
    )
