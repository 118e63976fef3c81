"""Typos in place names: a candidate model that weighs the slip, the place and its rivals.

A name not found exactly is compared with every gazetteer name that resolves to a place.
Each candidate gets a *cost*, the edits that turn the name into the candidate's: one per
letter inserted, dropped, changed or swapped (``rapidfuzz`` OSA distance), less for the
slips transliteration makes (French, English and Arabic spellings of one name: ou/u/w,
kh/k, q/k, ch/sh, gh/g, dj/j, y/i, ai/ay/ei/e, doubled letters; :data:`PHONETIC`). A key
that is an article before a known name ("L'Agadir", "Ville de Tanger") makes that name a
candidate too, at :data:`ARTICLE_COST`; when it wins through the article alone, the key is
left to the town-cell reader of :mod:`clusteratlas._cells`, which finds the name in it.
Transliteration slips are looked for only against the names a writer spells by ear: primary
names, curated aliases and HCP commune names (GeoNames' alternate names are themselves
transliterations, some without vowels: "gwlmym"). A candidate's *weight* is its place's
population (at least :data:`MIN_POPULATION`) to the power :data:`POPULATION_EXPONENT`
(firms gather in big towns more than people do), divided by :data:`EDIT_FACTOR` for each
unit of cost: a place one edit further must weigh that many times as much to be as likely.

The candidates are compared province by province: the name goes to the best place of the
province that weighs :data:`DOMINANCE` times any other; when two provinces are that close
the name stays unresolved and the note names the places. Costs are capped by the name's
length (:func:`budget`), names of fewer than three letters are never matched, and a
candidate must keep the name's first letter (or its first sound: "Warzazate" and
"Ouarzazate").

Everything works on distinct keys, in bulk: candidates are found with
``rapidfuzz.process.cdist`` in blocks of one first letter and near lengths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = [
    "ARTICLES",
    "DOMINANCE",
    "EDIT_FACTOR",
    "MIN_POPULATION",
    "PHONETIC",
    "PHONETIC_COST",
    "POPULATION_EXPONENT",
    "ChoiceHashes",
    "TypoPool",
    "budget",
    "decide",
    "skeleton",
    "typo_candidates",
]

#: Spellings of one sound, unified in a name's phonetic skeleton (replaced in this order;
#: "ch" is kept apart from the hard c while c, k and q are unified).
PHONETIC = (
    ("sh", "ch"),
    ("ch", "\u00a7"),
    ("ou", "u"),
    ("w", "u"),
    ("kh", "k"),
    ("q", "k"),
    ("c", "k"),
    ("\u00a7", "ch"),
    ("gh", "g"),
    ("dj", "j"),
    ("y", "i"),
    ("ai", "e"),
    ("ei", "e"),
)
#: Doubled Latin letters, made single: three passes of nine letters (RE2 rewrites \\1 to \\9).
_DOUBLES = tuple(
    ("|".join(f"({c}){c}+" for c in part), "".join(f"\\{i + 1}" for i in range(len(part))))
    for part in ("abcdefghi", "jklmnopqr", "stuvwxyz")
)
#: Cost of a name that differs from a candidate only by spellings of one sound.
PHONETIC_COST = 0.5
#: Cost of a name whose consonants are the candidate's (vowels written otherwise: "Meknas"),
#: and the fewest letters such a name has (the consonants of a short word say little).
VOWELS_COST = 1.5
VOWELS_SHORTEST = 8
#: Keys of the words a town cell may put before a name ("L'Agadir", "Ville de Tanger"), and their cost.
ARTICLES = ("villede", "communede", "cerclede", "provincede", "les", "le", "la", "el", "al", "l")
ARTICLE_COST = 0.5
#: A candidate one unit of cost further must be this many times as populous to weigh as much.
EDIT_FACTOR = 40.0
#: The least population a candidate counts (GeoNames gives 0 for many villages).
MIN_POPULATION = 1000.0
#: A candidate weighs its population to this power.
POPULATION_EXPONENT = 1.15
#: A GeoNames alternate name ("Tingis", "El Ayun") weighs this share of its place: writers
#: use a town's usual names far more often than its historical or foreign ones.
ALTERNATE_SHARE = 0.5
#: The province of the chosen place must weigh this many times any other province's best.
DOMINANCE = 4.0
#: (fewest letters, largest cost): one edit from three letters, an edit and a transliteration
#: slip from seven, two edits from nine.
BUDGETS = ((3, 1.0), (7, 1.5), (9, 2.0))
#: The fewest letters a typo may have (three only in Latin letters, to a four-letter name spelled by ear).
SHORTEST = 3
#: Edits compared in bulk (a cost above :func:`budget` is never kept).
_MAX_EDITS = 2
_BLOCK = 4096
#: The most edits looked for through deletion neighbourhoods (more: ``cdist`` in blocks).
_DELETIONS = 1
#: Bits of a hash in the table that sets most queries' hashes aside before the search.
_TOP_BITS = 20
#: Key lengths compared in one block, and the pairs above which ``cdist`` uses every core.
_BAND = 4
_THREADED = 200_000


def skeleton(key: str) -> str:
    """Return the phonetic skeleton of a key: :data:`PHONETIC` spellings unified, doubled Latin letters made single.

    Examples
    --------
    >>> skeleton("ouarzazate"), skeleton("warzazat")
    ('uarzazate', 'uarzazat')
    >>> skeleton("kettama") == skeleton("ketama")
    True
    >>> skeleton("chefchawen"), skeleton("shefshaouen"), skeleton("kenitra") == skeleton("qnitra")
    ('chefchauen', 'chefchauen', False)
    """
    for spelled, sound in PHONETIC:
        key = key.replace(spelled, sound)
    return re.sub(r"([a-z])\1+", r"\1", key)


def budget(length: np.ndarray) -> np.ndarray:
    """Return the largest cost a typo may have in a key of each length (:data:`BUDGETS`).

    None under three letters (and three Latin letters only to a four-letter name spelled by
    ear: "Sfi" for Safi; Arabic script writes no short vowel).
    """
    out = np.full(len(length), -1.0)
    for shortest, most in BUDGETS:
        out[length >= shortest] = most
    return out


@dataclass(frozen=True, eq=False)
class ChoiceHashes:
    """The choices' side of :func:`_near_by_deletions` at one edit, hashed and sorted once with the pool.

    Built with :class:`TypoPool` (and so prebuilt with it, :mod:`clusteratlas._prebuilt`): each
    search for typos then hashes only its queries. The weights are :func:`_hash_weights`' first
    ones, the same whatever the longest query (the generator's draws do not depend on how many).

    Attributes
    ----------
    among : numpy.ndarray
        The positions of the choices hashed.
    text, length : numpy.ndarray
        Their texts and lengths.
    owner, ranked : numpy.ndarray
        Every hash of :func:`_deletion_hashes` (one edit), sorted, and the text it comes from.
    top : numpy.ndarray
        :func:`numpy.packbits` of the table of the hashes' top :data:`_TOP_BITS` bits.
    """

    among: np.ndarray
    text: np.ndarray
    length: np.ndarray
    owner: np.ndarray
    ranked: np.ndarray
    top: np.ndarray

    @classmethod
    def of(cls, choices: np.ndarray, among: np.ndarray | None = None) -> ChoiceHashes:
        """Hash the choices (those at ``among``, all by default) and every string one deletion leaves."""
        among = np.arange(len(choices)) if among is None else np.asarray(among, dtype=np.int64)
        text = np.asarray(choices, dtype=object)[among]
        length = _lengths(text)
        owner, hashes = _deletion_hashes(text, length, 1, _hash_weights(int(length.max(initial=0))))
        order = np.argsort(hashes, kind="stable")
        return cls(among, text, length, owner[order], hashes[order], np.packbits(_top_table(hashes)))


@dataclass(frozen=True)
class TypoPool:
    """The gazetteer names a typo may be matched to, with their place, as arrays.

    Attributes
    ----------
    keys : numpy.ndarray
        Keys (every gazetteer key that resolves to a place).
    forms : dict
        ``raw`` (the keys), ``skel`` (their :func:`skeleton`) and ``cons`` (the skeleton's
        consonants).
    tier : numpy.ndarray
        The key's :data:`~clusteratlas.gazetteer.TIER` (breaks ties between names of one place).
    by_ear : numpy.ndarray
        Whether each key is spelled by ear (a primary name, a curated alias, a commune):
        transliteration slips, and keys of three letters, are matched only to these.
    place_id, match, own : numpy.ndarray
        The key's place, the name matched (as written) and the place's own name.
    province, region : numpy.ndarray
        The place's codes.
    weight : numpy.ndarray
        The name's weight: its place's population, at least :data:`MIN_POPULATION`, to the
        power :data:`POPULATION_EXPONENT`; a GeoNames alternate name's times
        :data:`ALTERNATE_SHARE`.
    hashed : dict
        ``raw`` (every key) and ``skel`` (the skeletons of the keys spelled by ear), hashed
        for one-edit searches (:class:`ChoiceHashes`).
    """

    keys: np.ndarray
    forms: dict[str, np.ndarray]
    tier: np.ndarray
    by_ear: np.ndarray
    place_id: np.ndarray
    match: np.ndarray
    own: np.ndarray
    province: np.ndarray
    region: np.ndarray
    weight: np.ndarray
    hashed: dict[str, ChoiceHashes]

    @classmethod
    def build(cls, table: pd.DataFrame) -> TypoPool:
        """Return the pool of a table of names, their forms computed once.

        ``table`` has one row per key: ``key``, ``place_id``, ``match``, ``own``,
        ``province``, ``region``, ``population``, ``tier``, ``alternate`` (a GeoNames
        alternate name) and ``by_ear``.
        """
        keys = table["key"].to_numpy(dtype=object)
        weight = np.maximum(table["population"].to_numpy(dtype=float), MIN_POPULATION) ** POPULATION_EXPONENT
        forms, by_ear = _forms(keys), table["by_ear"].to_numpy(dtype=bool)
        return cls(
            keys=keys,
            forms=forms,
            tier=table["tier"].to_numpy(dtype=np.int64),
            by_ear=by_ear,
            place_id=table["place_id"].to_numpy(dtype=object),
            match=table["match"].to_numpy(dtype=object),
            own=table["own"].to_numpy(dtype=object),
            province=table["province"].to_numpy(dtype=object),
            region=table["region"].to_numpy(dtype=object),
            weight=np.where(table["alternate"].to_numpy(dtype=bool), ALTERNATE_SHARE * weight, weight),
            hashed={
                "raw": ChoiceHashes.of(forms["raw"]),
                "skel": ChoiceHashes.of(forms["skel"], np.flatnonzero(by_ear)),
            },
        )


def _forms(keys: np.ndarray) -> dict[str, np.ndarray]:
    """Return each key's raw, phonetic (:func:`skeleton`) and consonant forms, and its length.

    Worked on the whole column at once (``pandas`` string methods, in C for Arrow strings).
    """
    text = pd.Series(keys, dtype="str")
    skel = text
    for spelled, sound in PHONETIC:
        skel = skel.str.replace(spelled, sound, regex=False)
    for doubled, single in _DOUBLES:
        skel = skel.str.replace(doubled, single, regex=True)
    cons = skel.str.slice(0, 1) + skel.str.slice(1).str.replace("[aeiou]", "", regex=True)
    return {
        "raw": np.asarray(keys, dtype=object),
        "skel": skel.to_numpy(dtype=object),
        "cons": cons.to_numpy(dtype=object),
        "len": text.str.len().to_numpy(dtype=np.int64),
    }


def _near(
    queries: np.ndarray,
    choices: np.ndarray,
    cutoff: int,
    among: np.ndarray | None = None,
    hashed: ChoiceHashes | None = None,
) -> pd.DataFrame:
    """Pairs (query, choice) within ``cutoff`` OSA edits sharing the first letter.

    ``among``: the positions of the choices to look at (all by default); ``choice`` is a
    position in ``choices``. One edit apart (:func:`_near_by_deletions`): pairs that share a
    string left by deleting at most one letter from each, checked; two edits apart
    (:func:`_near_by_cdist`): ``cdist`` in blocks. Both give the same pairs, in the same order.
    ``hashed``: the choices (at ``among``) already hashed.
    """
    if cutoff <= _DELETIONS:
        return _near_by_deletions(queries, choices, cutoff, among, hashed)
    return _near_by_cdist(queries, choices, cutoff, among)


def _near_by_cdist(
    queries: np.ndarray, choices: np.ndarray, cutoff: int, among: np.ndarray | None = None
) -> pd.DataFrame:
    """Pairs (query, choice) within ``cutoff`` OSA edits sharing the first letter, by ``cdist`` in blocks.

    Blocks: one first letter and a band of :data:`_BAND` lengths, against that letter's
    choices no more than ``cutoff`` letters shorter or longer; one ``cdist`` each. ``among``:
    the positions of the choices to look at (all by default); ``choice`` is a position in
    ``choices``.
    """
    among = np.arange(len(choices)) if among is None else among
    q_len = np.fromiter((len(q) for q in queries), dtype=np.int64, count=len(queries))
    c_len = np.fromiter((len(c) for c in choices[among]), dtype=np.int64, count=len(among))
    q_group = pd.Series([q[:1] for q in queries], dtype=object) + (q_len // _BAND).astype(str)
    c_first = pd.Series([c[:1] for c in choices[among]], dtype=object).to_numpy()
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for rows in q_group.groupby(q_group.to_numpy(), sort=False).indices.values():
        band = q_len[rows[0]] // _BAND * _BAND
        near = (c_first == queries[rows[0]][:1]) & (c_len >= band - cutoff) & (c_len < band + _BAND + cutoff)
        pool = among[near]
        for start in range(0, len(pool) and len(rows), _BLOCK):
            found.append(_within(queries, choices, rows[start : start + _BLOCK], pool, cutoff))
    if not found:
        return pd.DataFrame({"row": [], "choice": [], "d": []}, dtype=np.int64)
    return pd.DataFrame({k: np.concatenate([f[i] for f in found]) for i, k in enumerate(("row", "choice", "d"))})


def _within(
    queries: np.ndarray, choices: np.ndarray, block: np.ndarray, pool: np.ndarray, cutoff: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the (query, choice, edits) of one block within ``cutoff`` OSA edits (threads for big blocks only)."""
    dist = process.cdist(
        queries[block].tolist(),
        choices[pool].tolist(),
        scorer=OSA.distance,
        score_cutoff=cutoff,
        dtype=np.int32,
        workers=-1 if len(block) * len(pool) > _THREADED else 1,
    )
    r, c = np.nonzero(dist <= cutoff)
    return block[r], pool[c], dist[r, c]


def _near_by_deletions(
    queries: np.ndarray,
    choices: np.ndarray,
    cutoff: int,
    among: np.ndarray | None = None,
    hashed: ChoiceHashes | None = None,
) -> pd.DataFrame:
    """Return the pairs of :func:`_near_by_cdist`, in its order, found through deletion neighbourhoods.

    Two strings within ``cutoff`` OSA edits (an insertion, deletion, substitution or swap of
    two neighbours each) leave a common string when at most ``cutoff`` letters are deleted from
    each (a swap: one letter from each). Every such string is hashed (:func:`_deletion_hashes`),
    the pairs sharing a hash are the candidates, and each is checked: the first letter, the
    lengths and the OSA distance, exactly as the blocks of :func:`_near_by_cdist` do. A hash
    two strings share by chance only adds a pair the check drops. ``hashed``: the choices at
    ``among`` hashed already (:class:`ChoiceHashes`, one edit), as :class:`TypoPool` keeps them.
    """
    among = np.arange(len(choices)) if among is None else np.asarray(among, dtype=np.int64)
    q_text = np.asarray(queries, dtype=object)
    if hashed is not None and cutoff == 1:
        c_text, c_len = hashed.text, hashed.length
    else:
        hashed, c_text = None, np.asarray(choices, dtype=object)[among]
        c_len = _lengths(c_text)
    q_len = _lengths(q_text)
    weights = _hash_weights(int(max(q_len.max(initial=0), c_len.max(initial=0))))
    typed = _deletion_hashes(q_text, q_len, cutoff, weights)
    if hashed is None:
        row, pos = _shared_hashes(typed, _deletion_hashes(c_text, c_len, cutoff, weights), len(among))
    else:
        row, pos = _shared_sorted(typed, hashed.owner, hashed.ranked, np.unpackbits(hashed.top).view(bool), len(among))
    q_first, c_first = _first_letters(q_text, q_len), _first_letters(c_text, c_len)
    band = q_len[row] // _BAND * _BAND
    keep = (q_first[row] == c_first[pos]) & (c_len[pos] >= band - cutoff) & (c_len[pos] < band + _BAND + cutoff)
    row, pos = row[keep], pos[keep]
    dist = process.cpdist(q_text[row].tolist(), c_text[pos].tolist(), scorer=OSA.distance, dtype=np.int32)
    keep = np.asarray(dist) <= cutoff
    row, pos, dist = row[keep], pos[keep], np.asarray(dist, dtype=np.int32)[keep]
    # The blocks' order: groups (first letter and length band) as they first appear, then row, then choice.
    group = pd.factorize(q_first * (q_len.max(initial=0) + 1) + q_len // _BAND)[0]
    order = np.lexsort((pos, row, group[row]))
    return pd.DataFrame({"row": row[order], "choice": among[pos[order]], "d": dist[order]})


def _lengths(texts: np.ndarray) -> np.ndarray:
    """Length of each text, in characters."""
    return np.asarray(pd.Series(texts, dtype="str").str.len().to_numpy(dtype=np.int64), dtype=np.int64)


def _first_letters(texts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Code point + 1 of each text's first character (0 for an empty text)."""
    first = np.asarray(texts.tolist() or [""], dtype="<U1").view(np.uint32)[: len(texts)].astype(np.int64)
    return np.where(lengths > 0, first + 1, 0)


def _hash_weights(longest: int) -> np.ndarray:
    """Odd 64-bit weights of the characters by position (fixed: the same strings hash alike in every run)."""
    rng = np.random.default_rng(20261206)
    weights: np.ndarray = rng.integers(0, 2**63, size=longest + 1, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return weights


def _deletion_hashes(texts: np.ndarray, lengths: np.ndarray, most: int, weights: np.ndarray) -> tuple[np.ndarray, ...]:
    """Hash each text and every string left by deleting up to ``most`` (1 or 2) of its characters.

    A string's hash is the sum of (code point + 1) × the weight of its position, modulo
    2**64; a deletion's comes from prefix sums (characters after a deleted one move one
    weight down), for all texts of one length at once.

    Returns
    -------
    tuple of numpy.ndarray
        The position of the text each hash comes from, and the hashes.
    """
    owners, hashes = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.uint64)]
    for length in np.unique(lengths).tolist():
        at = np.flatnonzero(lengths == length)
        if length == 0:
            owners.append(at)
            hashes.append(np.zeros(len(at), dtype=np.uint64))
            continue
        codes = np.asarray(texts[at].tolist(), dtype=np.dtype(("U", length))).view(np.uint32).reshape(len(at), length)
        value = codes.astype(np.uint64) + np.uint64(1)
        w = weights[:length]
        zero = np.zeros(2, dtype=np.uint64)
        own = np.cumsum(value * w, axis=1)
        moved = np.cumsum(value * np.concatenate([zero[:1], w])[:length], axis=1)
        before = np.hstack([np.zeros((len(at), 1), dtype=np.uint64), own[:, :-1]])  # letters before each position
        parts = [own[:, -1:], before + (moved[:, -1:] - moved)]
        if most >= 2 and length >= 2:
            twice = np.cumsum(value * np.concatenate([zero, w])[:length], axis=1)
            i, j = np.triu_indices(length, 1)
            parts.append(before[:, i] + (moved[:, j - 1] - moved[:, i]) + (twice[:, -1:] - twice[:, j]))
        found = np.hstack(parts)
        owners.append(np.repeat(at, found.shape[1]))
        hashes.append(found.ravel())
    return np.concatenate(owners), np.concatenate(hashes)


def _shared_hashes(
    queries: tuple[np.ndarray, ...], choices: tuple[np.ndarray, ...], n_choices: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct (query, choice) pairs with a hash in common, from :func:`_deletion_hashes` of each side."""
    c_owner, c_hash = choices
    order = np.argsort(c_hash, kind="stable")
    return _shared_sorted(queries, c_owner[order], c_hash[order], _top_table(c_hash), n_choices)


def _top_table(hashes: np.ndarray) -> np.ndarray:
    """Return whether some hash has each value of the top :data:`_TOP_BITS` bits."""
    seen = np.zeros(1 << _TOP_BITS, dtype=bool)
    seen[hashes >> np.uint64(64 - _TOP_BITS)] = True
    return seen


def _shared_sorted(
    queries: tuple[np.ndarray, ...], owner: np.ndarray, ranked: np.ndarray, seen: np.ndarray, n_choices: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return :func:`_shared_hashes`' pairs from the choices' hashes sorted (``ranked``, of ``owner``) and top bits."""
    q_owner, q_hash = queries
    # The table of the choices' top bits first: most queries' hashes are looked up no further.
    maybe = np.flatnonzero(seen[q_hash >> np.uint64(64 - _TOP_BITS)])
    q_owner, q_hash = q_owner[maybe], q_hash[maybe]
    low = np.searchsorted(ranked, q_hash, side="left")
    count = np.searchsorted(ranked, q_hash, side="right") - low
    hit = np.flatnonzero(count)
    many = count[hit]
    each = np.repeat(hit, many)
    offset = np.arange(len(each)) - np.repeat(np.cumsum(many) - many, many)
    pair = np.unique(q_owner[each] * max(n_choices, 1) + owner[low[each] + offset])
    return pair // max(n_choices, 1), pair % max(n_choices, 1)


def _article_pairs(queries: np.ndarray, pool: TypoPool) -> pd.DataFrame:
    """Pairs (query, choice) where the query is an article (:data:`ARTICLES`) before the choice's key ("lagadir").

    Only the queries that begin with an article are cut and looked up (one pass per
    article length), so the work grows with those, not with every query.
    """
    rest = pd.Series(queries, dtype="str")
    cut: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    index: pd.Index | None = None
    for length in sorted({len(a) for a in ARTICLES}):  # each query cut once per article length, in C
        head = rest.str.slice(0, length).to_numpy(dtype=object)
        some = np.flatnonzero(np.isin(head, [a for a in ARTICLES if len(a) == length]))
        tail = rest.iloc[some].str.slice(length)
        index = pd.Index(pool.keys) if index is None and len(some) else index
        pos = index.get_indexer(tail.to_numpy(dtype=object)) if index is not None else np.zeros(0, np.intp)
        pos[tail.str.len().to_numpy(dtype=np.int64) < 4] = -1
        cut[length] = (some, head[some], pos)
    found = [pd.DataFrame({"row": [], "choice": []}, dtype=np.int64)]
    for article in ARTICLES:  # in this order: the pairs' order is the same as one article at a time
        some, head, pos = cut[len(article)]
        has = np.flatnonzero((head == article) & (pos >= 0))
        found.append(pd.DataFrame({"row": some[has], "choice": pos[has]}))
    return pd.concat(found, ignore_index=True)


def _raw_pairs(q: dict[str, np.ndarray], keys: np.ndarray, hashed: ChoiceHashes | None = None) -> pd.DataFrame:
    """Pairs (query, choice) within the edits a key's :func:`budget` allows (two from nine letters, else one)."""
    found = []
    for cutoff, rows in ((1, np.flatnonzero(budget(q["len"]) < 2)), (2, np.flatnonzero(budget(q["len"]) >= 2))):
        near = _near(q["raw"][rows], keys, cutoff, None, hashed)
        found.append(near.assign(row=rows[near["row"].to_numpy(dtype=np.int64)]))
    raw = pd.concat(found, ignore_index=True)
    return raw.assign(cost=raw["d"].astype(float))


def _same_consonants(q: dict[str, np.ndarray], pool: TypoPool, among: np.ndarray) -> pd.DataFrame:
    """Pairs (query, choice) whose consonants agree, for queries of :data:`VOWELS_SHORTEST` letters or more."""
    long = np.flatnonzero(q["len"] >= VOWELS_SHORTEST)
    left = pd.DataFrame({"row": long, "cons": q["cons"][long]})
    right = pd.DataFrame({"choice": among, "cons": pool.forms["cons"][among]})
    return left.merge(right, on="cons")[["row", "choice"]].assign(d=0)


def typo_candidates(queries: np.ndarray, pool: TypoPool) -> pd.DataFrame:
    """Every candidate of each key within its :func:`budget`, with its cost and weight.

    Parameters
    ----------
    queries : numpy.ndarray
        Keys not found exactly.
    pool : TypoPool
        The names they may be typos of.

    Returns
    -------
    pandas.DataFrame
        One row per (``row``: position in ``queries``, ``choice``: position in the pool),
        with ``cost``, ``path`` (``typo``: edits and transliteration slips; ``vowels``: the
        consonants alone agree; ``article``: the key is an article before the choice's),
        ``score`` (100 × (1 − OSA edits / length)) and ``weight``.
    """
    queries = np.asarray(queries, dtype=object)
    q_len = pd.Series(queries, dtype="str").str.len().to_numpy(dtype=np.int64)
    keep = np.flatnonzero((q_len >= 3) & (q_len <= pool.forms["len"].max(initial=0) + _MAX_EDITS))
    q, mine, by_ear = _forms(queries[keep]), pool.forms, np.flatnonzero(pool.by_ear)
    raw = _raw_pairs(q, mine["raw"], pool.hashed["raw"])
    sounds = _near(q["skel"], mine["skel"], 1, by_ear, pool.hashed["skel"])
    sounds = sounds.assign(cost=PHONETIC_COST + sounds["d"].astype(float))
    vowels = _same_consonants(q, pool, by_ear).assign(cost=VOWELS_COST)
    article = _article_pairs(q["raw"], pool).assign(cost=ARTICLE_COST, path="article")
    paths = [raw.assign(path="typo"), sounds.assign(path="typo"), vowels.assign(path="vowels"), article]
    pairs = pd.concat(paths, ignore_index=True)[["row", "choice", "cost", "path"]]
    pairs = pairs.sort_values("cost", kind="stable").drop_duplicates(["row", "choice"])
    pairs = pairs[_fits(pairs, q, pool)]
    row, choice = pairs["row"].to_numpy(dtype=np.int64), pairs["choice"].to_numpy(dtype=np.int64)
    d = process.cpdist(q["raw"][row].tolist(), pool.keys[choice].tolist(), scorer=OSA.distance, dtype=np.int32)
    longest = np.maximum(q["len"][row], mine["len"][choice])
    return pd.DataFrame(
        {
            "row": keep[row],
            "choice": choice,
            "cost": pairs["cost"].to_numpy(),
            "path": pairs["path"].to_numpy(dtype=object),
            "score": np.round(100.0 * (1.0 - d / np.maximum(longest, 1)), 1),
            "weight": pool.weight[choice] / EDIT_FACTOR ** pairs["cost"].to_numpy(),
        }
    )


def _fits(pairs: pd.DataFrame, q: dict[str, np.ndarray], pool: TypoPool) -> np.ndarray:
    """Whether each pair's cost is within the typed key's :func:`budget`, and their lengths allow a typo.

    Four letters or more to a name of three or more; three Latin letters only to a
    four-letter name spelled by ear.
    """
    row, choice = pairs["row"].to_numpy(dtype=np.int64), pairs["choice"].to_numpy(dtype=np.int64)
    typed, named = q["len"][row], pool.forms["len"][choice]
    latin = np.array([k.isascii() for k in q["raw"]], dtype=bool)[row] if len(q["raw"]) else typed > 0
    short = (typed == 3) & (named == 4) & pool.by_ear[choice] & latin & (SHORTEST <= 3)
    fits: np.ndarray = (((typed >= 4) & (named >= 3)) | short) & (pairs["cost"].to_numpy() <= budget(typed))
    return fits


def decide(found: pd.DataFrame, pool: TypoPool) -> pd.DataFrame:
    """Resolve each key from its candidates (:func:`typo_candidates`).

    The heaviest place of the province that weighs :data:`DOMINANCE` times any other's wins,
    matched through its heaviest name reached by a typo. A place reached only through an
    article is left to the town-cell reader; one reached only through its consonants
    ("Goulmime": Guelmim) never wins: it makes the key ambiguous. An ambiguous key's note
    names the places of the provinces within :data:`DOMINANCE` of the best.

    Returns
    -------
    pandas.DataFrame
        Indexed by position among the keys, for the keys with candidates: ``status``
        (``fuzzy``, or ``unresolved`` when two provinces' places weigh about the same),
        ``place_id``, ``match``, ``score`` and ``note`` (the candidates of an ambiguous typo).
    """
    if found.empty:
        return pd.DataFrame(columns=["status", "place_id", "match", "score", "note"])
    c = found["choice"].to_numpy(dtype=np.int64)
    path = found["path"].to_numpy(dtype=object)
    # Places and provinces by number, the path as two flags: numbers sorted and compared, not strings.
    ranked = pd.DataFrame(
        {
            "row": found["row"].to_numpy(dtype=np.int64),
            "choice": c,
            "score": found["score"].to_numpy(dtype=float),
            "weight": found["weight"].to_numpy(dtype=float),
            "place": pd.factorize(pool.place_id)[0][c],
            "province": pd.factorize(pool.province)[0][c],
            "tier": pool.tier[c],
            "typo": path == "typo",
            "article": path == "article",
        }
    )
    order = ["row", "weight", "score", "tier", "choice"]
    ranked = ranked.sort_values(order, ascending=[True, False, False, True, True], kind="stable")
    provinces = ranked.drop_duplicates(["row", "province"])
    rank = provinces.groupby("row").cumcount().to_numpy()
    best = provinces[rank == 0].set_index("row")
    second = provinces[rank == 1].set_index("row")["weight"].reindex(best.index).fillna(0.0)
    clear = best[(best["weight"] >= DOMINANCE * second).to_numpy()]
    typos = ranked[ranked["typo"].to_numpy(dtype=bool)].drop_duplicates(["row", "place"])
    won = typos.merge(clear["place"].reset_index(), on=["row", "place"]).set_index("row")
    c = won["choice"].to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {"status": "fuzzy", "place_id": pool.place_id[c], "match": pool.match[c], "score": won["score"], "note": ""},
        index=won.index,
    )
    # Left to the town-cell reader: a clear winner reached through an article, not by a typo.
    articles = ranked[ranked["article"].to_numpy(dtype=bool)]
    by_article = pd.MultiIndex.from_arrays([articles["row"], articles["place"]])
    reached = pd.MultiIndex.from_arrays([clear.index, clear["place"]]).isin(by_article)
    silent = clear.index[reached & ~clear.index.isin(won.index)]
    doubtful = _doubtful(provinces, best["weight"], won.index.union(silent), typos, pool)
    return pd.concat([out, doubtful]) if not doubtful.empty else out


def _doubtful(
    provinces: pd.DataFrame, top: pd.Series, decided: pd.Index, typos: pd.DataFrame, pool: TypoPool
) -> pd.DataFrame:
    """Return the keys left ambiguous, each with the places it could be.

    Those within :data:`DOMINANCE` of the best, and the heaviest reached by a typo (when the
    best is reached otherwise).
    """
    close = provinces.join(top.rename("top"), on="row")
    close = close[~close["row"].isin(decided) & (close["weight"] * DOMINANCE > close["top"])]
    heaviest = typos[typos["row"].isin(close["row"]) & ~typos["row"].isin(decided)].drop_duplicates("row")
    named = pd.concat([close, heaviest])
    names = pd.Series(pool.own[named["choice"].to_numpy(dtype=np.int64)], index=named["row"].to_numpy())
    lists = names.groupby(level=0).agg(lambda n: sorted(set(n)))
    lists = lists[lists.str.len() > 1]
    return pd.DataFrame(
        {
            "status": "unresolved",
            "place_id": None,
            "match": "",
            "score": 0.0,
            "note": ["ambiguous typo: could be " + " or ".join(n) for n in lists],
        },
        index=lists.index,
    )
