"""The peer for registers: the script a competent analyst writes with pandas and rapidfuzz.

    python benchmarks/peer_rapidfuzz.py REGISTER.csv [--cutoff 80] [-o ROWS.csv]

Normalises the town names (casefold, accents off, only letters and digits), joins them
exactly on every name of the gazetteer clusteratlas ships (``data/geo/places.csv``,
``place_names.csv`` and the ``place`` aliases of ``data/aliases.csv``; a name several
places share goes to the most populous), and matches the rest with
``rapidfuzz.process.cdist`` (``fuzz.ratio``, the best choice at or above ``--cutoff``,
which is what ``process.extractOne(key, choices, score_cutoff=...)`` returns, on every
distinct name at once). Prints the count of records per region, as ``clusteratlas shares
--by region`` does; ``-o`` writes each row's region and place for
:mod:`score_geocoding`. Time it against clusteratlas with :mod:`paired` (runs in alternation, paired medians):

    .venv/bin/python benchmarks/paired.py -n 5 --vs '.venv/bin/python benchmarks/peer_rapidfuzz.py /tmp/reg1m.csv' \\
        -- .venv/bin/clusteratlas -q shares /tmp/reg1m.csv --by region
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

DATA = Path(__file__).resolve().parents[1] / "data"


def norm(text: object) -> str:
    """Casefold, strip accents, keep letters and digits."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum())


def gazetteer() -> pd.DataFrame:
    """Every name of every place with its key, one (the most populous) place per key."""
    places = pd.read_csv(DATA / "geo" / "places.csv", dtype={"province_code": str, "region_code": str})
    names = pd.read_csv(DATA / "geo" / "place_names.csv")
    aliases = pd.read_csv(DATA / "aliases.csv", comment="#")
    aliases = aliases[aliases["kind"] == "place"].rename(columns={"alias": "name", "target": "place_id"})
    every = pd.concat([places[["place_id", "name"]], names[["place_id", "name"]], aliases[["place_id", "name"]]])
    every["key"] = every["name"].map(norm)
    every = every[every["key"] != ""].merge(places.drop(columns="name"), on="place_id")
    every = every.sort_values("population", ascending=False).drop_duplicates("key")
    return every.set_index("key")[["place_id", "province_code", "region_code"]]


def peer_places(path: str | Path, cutoff: float = 80.0) -> pd.DataFrame:
    """Each row's ``place_id`` and ``region_code`` (NaN when not placed)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    gaz = gazetteer()
    codes, uniques = pd.factorize(table["city"])
    keys = pd.Index([norm(u) for u in uniques])
    found = gaz.reindex(keys)
    rest = np.flatnonzero(found["place_id"].isna().to_numpy() & (keys != ""))
    choices = gaz.index.tolist()
    for start in range(0, len(rest), 2000):
        block = rest[start : start + 2000]
        score = process.cdist(keys[block].tolist(), choices, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1)
        best = score.argmax(axis=1)
        ok = score[np.arange(len(block)), best] >= cutoff
        found.iloc[block[ok]] = gaz.iloc[best[ok]].to_numpy()
    return found.iloc[codes].reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("register", type=Path)
    parser.add_argument("--cutoff", type=float, default=80.0)
    parser.add_argument("-o", "--out", type=Path)
    args = parser.parse_args()
    found = peer_places(args.register, args.cutoff)
    if args.out:
        found.to_csv(args.out, index=False)
    counts = found["region_code"].value_counts(dropna=False).sort_index()
    print(counts.rename(index={np.nan: "unplaced"}).to_string())


if __name__ == "__main__":
    main()
