"""Generate register-like tables: many spellings of gazetteer places, typos and non-places.

    python benchmarks/make_register.py ROWS OUT.csv [--seed N] [--no-extra-columns]

A register of firms has tens of thousands of distinct spellings of its towns. The ``city``
column here draws gazetteer names (primary, alternate and Arabic names, curated aliases and
HCP communes) weighted by the population of their place; 20% of rows get one random typo
(letter inserted, deleted, substituted or transposed, accents stripped or added, case
changed, extra spaces, a French article) and 10% are not places at all (made-up words,
cities outside Morocco, junk). Optional ``name``, ``sector_group`` and ``year`` columns.
Deterministic for a seed. Keep big files under /tmp, never in git.
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


def typo(name: str, rng: np.random.Generator) -> str:
    """Return ``name`` with one random typo (one of nine kinds)."""
    kind = int(rng.integers(0, 9))
    n = len(name)
    if n < 2:
        return name + LETTERS[int(rng.integers(0, 26))]
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


def name_pool() -> tuple[np.ndarray, np.ndarray]:
    """Every gazetteer spelling (primary, alternate, Arabic, alias, commune) and its weight."""
    places = pd.read_csv(DATA / "geo" / "places.csv", dtype=str, keep_default_na=False)
    names = pd.read_csv(DATA / "geo" / "place_names.csv", dtype=str, keep_default_na=False)
    aliases = pd.read_csv(DATA / "aliases.csv", dtype=str, keep_default_na=False, comment="#")
    aliases = aliases[aliases["kind"] == "place"].rename(columns={"alias": "name", "target": "place_id"})
    pool = pd.concat([places[["place_id", "name"]], names[["place_id", "name"]], aliases[["place_id", "name"]]])
    pop = places.set_index("place_id")["population"].astype(float)
    weight = pool["place_id"].map(pop).fillna(0.0).to_numpy() + 500.0
    return pool["name"].to_numpy(dtype=object), weight


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
    rng = np.random.default_rng(seed)
    pool, weight = name_pool()
    city = pool[rng.choice(len(pool), size=rows, p=weight / weight.sum())]
    draw = rng.random(rows)
    bad = draw < nonplace_rate
    typos = (draw >= nonplace_rate) & (draw < nonplace_rate + typo_rate)
    city[typos] = np.asarray([typo(str(c), rng) for c in city[typos]], dtype=object)
    city[bad] = _non_places(int(bad.sum()), rng)
    frame = pd.DataFrame({"city": city})
    if extra:
        frame.insert(0, "name", [f"firm {i}" for i in range(rows)])
        frame["sector_group"] = np.asarray(SECTORS, dtype=object)[rng.integers(0, len(SECTORS), size=rows)]
        frame["year"] = rng.integers(2005, 2025, size=rows)
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--no-extra-columns", action="store_true")
    args = parser.parse_args()
    frame = make_register(args.rows, seed=args.seed, extra=not args.no_extra_columns)
    if args.out.suffix == ".parquet":
        frame.to_parquet(args.out, index=False)
    else:
        frame.to_csv(args.out, index=False)
    print(f"{args.out}: {len(frame):,} rows, {frame['city'].nunique():,} distinct city spellings")


if __name__ == "__main__":
    main()
