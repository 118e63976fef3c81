"""Generate register-like tables: many spellings of gazetteer places, typos and non-places.

    python benchmarks/make_register.py ROWS OUT.csv [--seed N] [--no-extra-columns] [--truth]
        [--phonetic SHARE]

A register of firms has tens of thousands of distinct spellings of its towns. The ``city``
column here draws gazetteer names (primary, alternate and Arabic names, curated aliases and
HCP communes) weighted by the population of their place; 20% of rows get one random typo
(letter inserted, deleted, substituted or transposed, accents stripped or added, case
changed, extra spaces, a French article) and 10% are not places at all (made-up words,
cities outside Morocco, junk). Optional ``name``, ``sector_group`` and ``year`` columns.
Deterministic for a seed. Keep big files under /tmp, never in git.

``--truth`` also writes ``OUT.truth.csv``, one line per row: the place the row was drawn
from (``place_id``, ``province_code``, ``region_code``; empty for non-places), what the row
is (``kind``: ``clean``, ``typo`` or ``nonplace``), the typo's kind (``slip``), the spelling
before the typo (``spelled``) and whether places of different regions share the spelling's
key (``homonym``). :mod:`score_geocoding` scores a geocoder against it. The register is
the same with or without it. ``--phonetic SHARE`` makes that share of the typos a
transliteration slip instead (ou/u, kh/k, ch/sh, a doubled or single letter, a dropped
vowel, a hyphen or a space: "Kettama", "Chefchaouen"/"Chefchawen"); the default, 0, keeps
the register of earlier versions.
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
ACCENTED = {"e": "é", "a": "â", "i": "ï", "o": "ô", "u": "û", "c": "ç"}
ARTICLES = ("Le ", "La ", "Les ", "L'", "El ", "Al ", "Ville de ", "Commune de ")
SECTORS = ("Automotive", "Aeronautics", "Textile", "Agri-food", "Digital", "Energy", "Chemistry")
JUNK = ("", " ", "-", "?", "N/A", "n.d.", "0", "123", "#REF!", "=1+1", "<b>x</b>", "\t", "inconnu", "TBD")
SYLLABLES = ("ka", "ro", "ti", "ul", "mek", "zar", "bo", "ni", "sa", "tur", "lem", "ga", "vo", "dri", "xe")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


#: The kinds of typo :func:`typo` draws, in its order.
SLIPS = ("insert", "delete", "substitute", "transpose", "accents", "case", "spaces", "article", "hyphen")


def typo(name: str, rng: np.random.Generator) -> str:
    """Return ``name`` with one random typo (one of nine kinds)."""
    return typo_kind(name, rng)[0]


def typo_kind(name: str, rng: np.random.Generator) -> tuple[str, str]:
    """Return ``name`` with one random typo, and the typo's kind (:data:`SLIPS`)."""
    kind = int(rng.integers(0, 9))
    n = len(name)
    if n < 2:
        return name + LETTERS[int(rng.integers(0, 26))], "insert"
    return _slip(name, kind, rng), SLIPS[kind]


def _slip(name: str, kind: int, rng: np.random.Generator) -> str:
    """Return ``name`` with the typo of kind ``kind``."""
    n = len(name)
    i = int(rng.integers(1, n))  # keep the first letter most of the time, as real typos do
    letter = LETTERS[int(rng.integers(0, 26))]
    if kind == 0:  # insert
        return name[:i] + letter + name[i:]
    if kind == 1:  # delete
        return name[:i] + name[i + 1 :]
    if kind == 2:  # substitute
        return name[:i] + letter + name[i + 1 :]
    if kind == 3:  # transpose
        i = min(i, n - 2) if n > 2 else 0
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == 4:  # accents stripped, or one added
        plain = _strip_accents(name)
        if plain != name:
            return plain
        spots = [j for j, c in enumerate(name) if c in ACCENTED]
        if not spots:
            return name.upper()
        j = spots[int(rng.integers(0, len(spots)))]
        return name[:j] + ACCENTED[name[j]] + name[j + 1 :]
    if kind == 5:  # case
        return (name.upper(), name.lower(), name.title())[int(rng.integers(0, 3))]
    if kind == 6:  # extra spaces
        return (f"  {name} ", name.replace(" ", "  "), f"{name[:i]} {name[i:]}")[int(rng.integers(0, 3))]
    if kind == 7:  # a French article
        return ARTICLES[int(rng.integers(0, len(ARTICLES)))] + name
    return name.replace(" ", "-") if " " in name else name[:i] + "-" + name[i:]  # hyphen


def _non_places(count: int, rng: np.random.Generator) -> np.ndarray:
    foreign = pd.read_csv(DATA / "geo" / "foreign_places.csv", dtype=str, keep_default_na=False)["name"].to_numpy()
    kind = rng.integers(0, 3, size=count)
    out = np.empty(count, dtype=object)
    out[kind == 0] = foreign[rng.integers(0, len(foreign), size=int((kind == 0).sum()))]
    out[kind == 1] = np.asarray(JUNK, dtype=object)[rng.integers(0, len(JUNK), size=int((kind == 1).sum()))]
    words = []
    for _ in range(int((kind == 2).sum())):
        k = int(rng.integers(2, 5))
        words.append("".join(SYLLABLES[j] for j in rng.integers(0, len(SYLLABLES), size=k)).title())
    out[kind == 2] = np.asarray(words, dtype=object)
    return out


def pool_table() -> pd.DataFrame:
    """Every gazetteer spelling (primary, alternate, Arabic, alias, commune): ``name``, ``place_id``, ``weight``."""
    places = pd.read_csv(DATA / "geo" / "places.csv", dtype=str, keep_default_na=False)
    names = pd.read_csv(DATA / "geo" / "place_names.csv", dtype=str, keep_default_na=False)
    aliases = pd.read_csv(DATA / "aliases.csv", dtype=str, keep_default_na=False, comment="#")
    aliases = aliases[aliases["kind"] == "place"].rename(columns={"alias": "name", "target": "place_id"})
    pool = pd.concat([places[["place_id", "name"]], names[["place_id", "name"]], aliases[["place_id", "name"]]])
    pop = places.set_index("place_id")["population"].astype(float)
    return pool.assign(weight=pool["place_id"].map(pop).fillna(0.0).to_numpy() + 500.0).reset_index(drop=True)


def name_pool() -> tuple[np.ndarray, np.ndarray]:
    """Every gazetteer spelling (primary, alternate, Arabic, alias, commune) and its weight."""
    pool = pool_table()
    return pool["name"].to_numpy(dtype=object), pool["weight"].to_numpy()


#: Transliteration slips (French and English spellings of Arabic and Amazigh names): a
#: pattern and what it becomes. :func:`phonetic` picks one that the name holds.
PHONETIC = (
    ("ou", "u"),
    ("ou", "w"),
    ("u", "ou"),
    ("kh", "k"),
    ("k", "kh"),
    ("ch", "sh"),
    ("sh", "ch"),
    ("q", "k"),
    ("gh", "g"),
    ("dj", "j"),
    ("ai", "ay"),
    ("ei", "ai"),
    ("e", "a"),
)
_VOWELS = "aeiouy"


def phonetic(name: str, rng: np.random.Generator) -> tuple[str, str]:
    """Return ``name`` with one transliteration slip, and the slip's kind.

    A sound spelled another way (:data:`PHONETIC`), a doubled letter made single or a
    single one doubled, an inner vowel dropped, or a space made a hyphen or dropped.
    """
    low = name.lower()
    options: list[tuple[str, int, int, str]] = []  # kind, start, end, replacement
    for pattern, repl in PHONETIC:
        options += [(f"{pattern}/{repl}", i, i + len(pattern), repl) for i in _find(low, pattern) if i > 0]
    for i in range(1, len(low)):
        if low[i] == low[i - 1] and low[i].isalpha():
            options.append(("double/single", i, i + 1, ""))
        elif low[i].isalpha() and low[i] not in _VOWELS and low[i - 1] in _VOWELS:
            options.append(("single/double", i, i, low[i]))
        if low[i] in _VOWELS and 0 < i < len(low) - 1 and low[i - 1].isalpha() and low[i + 1].isalpha():
            options.append(("vowel dropped", i, i + 1, ""))
    options += [("space/hyphen", i, i + 1, "-") for i in _find(low, " ")]
    options += [("space dropped", i, i + 1, "") for i in _find(low, " ")]
    if not options:
        return typo_kind(name, rng)
    kind, a, b, repl = options[int(rng.integers(0, len(options)))]
    if name[a:b].isupper() or (a > 0 and name[a - 1].isupper() and name[a:b].isupper()):
        repl = repl.upper()
    return name[:a] + repl + name[b:], kind


def _find(text: str, pattern: str) -> list[int]:
    """Every position where ``pattern`` starts in ``text``."""
    out, i = [], text.find(pattern)
    while i >= 0:
        out.append(i)
        i = text.find(pattern, i + 1)
    return out


def make_register(
    rows: int, *, seed: int = 20261123, typo_rate: float = 0.2, nonplace_rate: float = 0.1, extra: bool = True
) -> pd.DataFrame:
    """Return a register-like table of ``rows`` records.

    Parameters
    ----------
    rows : int
        Number of records.
    seed : int
        Random seed; the same seed gives the same table.
    typo_rate, nonplace_rate : float
        Shares of rows with one typo, and of rows that are not places.
    extra : bool
        Add ``name``, ``sector_group`` and ``year`` columns.

    Returns
    -------
    pandas.DataFrame
        A ``city`` column (and the extra columns).
    """
    frame, _ = make_register_with_truth(rows, seed=seed, typo_rate=typo_rate, nonplace_rate=nonplace_rate, extra=extra)
    return frame


def make_register_with_truth(
    rows: int,
    *,
    seed: int = 20261123,
    typo_rate: float = 0.2,
    nonplace_rate: float = 0.1,
    extra: bool = True,
    phonetic_share: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the register of :func:`make_register` and its truth, row by row.

    ``phonetic_share`` of the typos are transliteration slips (:func:`phonetic`). The
    truth's columns are described in the module's docstring.
    """
    rng = np.random.default_rng(seed)
    pool = pool_table()
    weight = pool["weight"].to_numpy()
    drawn = rng.choice(len(pool), size=rows, p=weight / weight.sum())
    city = pool["name"].to_numpy(dtype=object)[drawn]
    spelled = city.copy()
    draw = rng.random(rows)
    bad = draw < nonplace_rate
    typos = (draw >= nonplace_rate) & (draw < nonplace_rate + typo_rate)
    sound = rng.random(rows) < phonetic_share if phonetic_share else np.zeros(rows, dtype=bool)
    made = [
        phonetic(str(c), rng) if s else typo_kind(str(c), rng) for c, s in zip(city[typos], sound[typos], strict=True)
    ]
    city[typos] = np.asarray([m[0] for m in made], dtype=object)
    city[bad] = _non_places(int(bad.sum()), rng)
    frame = pd.DataFrame({"city": city})
    if extra:
        frame.insert(0, "name", [f"firm {i}" for i in range(rows)])
        frame["sector_group"] = np.asarray(SECTORS, dtype=object)[rng.integers(0, len(SECTORS), size=rows)]
        frame["year"] = rng.integers(2005, 2025, size=rows)
    slip = np.full(rows, "", dtype=object)
    slip[typos] = [m[1] for m in made]
    return frame, _truth(pool["place_id"].to_numpy(dtype=object)[drawn], spelled, bad, typos, slip)


def _truth(
    place_id: np.ndarray, spelled: np.ndarray, bad: np.ndarray, typos: np.ndarray, slip: np.ndarray
) -> pd.DataFrame:
    """The truth table of a register: each row's place, province, region, kind, slip, spelling, homonym flag."""
    from clusteratlas.gazetteer import load_gazetteer, normalize_names

    places = pd.read_csv(DATA / "geo" / "places.csv", dtype=str, keep_default_na=False).set_index("place_id")
    names = load_gazetteer().names
    spread = names.groupby("key")["region_code"].nunique()
    shared = set(spread.index[spread > 1])
    keys = pd.Series(normalize_names(pd.unique(spelled)), index=pd.unique(spelled))
    place_id = np.where(bad, None, place_id)
    info = places.reindex(place_id)
    return pd.DataFrame(
        {
            "place_id": place_id,
            "province_code": info["province_code"].to_numpy(dtype=object),
            "region_code": info["region_code"].to_numpy(dtype=object),
            "kind": np.where(bad, "nonplace", np.where(typos, "typo", "clean")),
            "slip": slip,
            "spelled": np.where(bad, "", spelled),
            "homonym": ~bad & keys.reindex(spelled).isin(shared).to_numpy(),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--no-extra-columns", action="store_true")
    parser.add_argument("--truth", action="store_true", help="also write OUT.truth.csv")
    parser.add_argument("--phonetic", type=float, default=0.0, help="share of typos that are transliteration slips")
    args = parser.parse_args()
    frame, truth = make_register_with_truth(
        args.rows, seed=args.seed, extra=not args.no_extra_columns, phonetic_share=args.phonetic
    )
    if args.truth:
        truth.to_csv(args.out.with_suffix(".truth.csv"), index=False)
    if args.out.suffix == ".parquet":
        frame.to_parquet(args.out, index=False)
    else:
        frame.to_csv(args.out, index=False)
    print(f"{args.out}: {len(frame):,} rows, {frame['city'].nunique():,} distinct city spellings")


if __name__ == "__main__":
    main()
