"""Record, or check against a record, how the gazetteer resolves many spellings.

    python benchmarks/check_resolution.py record /tmp/resolution.csv [--spellings 20000]
    python benchmarks/check_resolution.py check /tmp/resolution.csv

The sample: ``--spellings`` distinct city spellings drawn from :mod:`make_register` (typos,
non-places, junk) plus every name in the tests' data and ``data/clusters*.csv``. ``record``
writes each key's status, place, match, score and note (with suggestions); ``check``
resolves the same keys with the current code and prints every difference. Used to prove a
rewrite of the resolver changes no result.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_register import make_register

from clusteratlas.gazetteer import load_gazetteer, normalize_name, resolve_name

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ["status", "place_id", "match", "score", "note"]


def sample(spellings: int) -> list[str]:
    """Distinct keys: generated spellings, then every name the tests and data use."""
    names = pd.unique(make_register(spellings * 8, seed=7, extra=False)["city"])[:spellings].tolist()
    for path in [*ROOT.glob("data/clusters*.csv"), *ROOT.glob("tests/data/*.csv")]:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in frame.columns:
            if col.lower() in ("city", "ville", "name", "location", "province", "region"):
                names += frame[col].tolist()
    names += (ROOT / "tests" / "data" / "world_cities.txt").read_text().splitlines()
    gaz = load_gazetteer()
    names += gaz.names["name"].tolist()
    return list(dict.fromkeys(normalize_name(n) for n in names))


def resolve_all(keys: list[str]) -> pd.DataFrame:
    gaz = load_gazetteer()
    try:
        from clusteratlas.gazetteer import resolve_keys
    except ImportError:
        rows = [resolve_name(k, gaz) for k in keys]
        return pd.DataFrame({f: [getattr(m, f) for m in rows] for f in FIELDS}, index=pd.Index(keys, name="key"))
    table = resolve_keys(pd.Index(keys), gaz, suggest=True)
    return table[FIELDS].set_axis(pd.Index(keys, name="key"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["record", "check"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--spellings", type=int, default=20000)
    args = parser.parse_args()
    if args.mode == "record":
        keys = sample(args.spellings)
    else:
        keys = pd.read_csv(args.file, dtype=str, keep_default_na=False)["key"].tolist()
    start = time.perf_counter()
    got = resolve_all(keys)
    print(f"{len(keys):,} keys resolved in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    if args.mode == "record":
        got.to_csv(args.file)
        return
    want = pd.read_csv(args.file, dtype=str, keep_default_na=False).set_index("key")
    have = got.astype(object).where(got.notna(), "").astype(str)
    want = want.astype(object).where(want.notna(), "").astype(str)
    want["score"] = want["score"].astype(float)
    have["score"] = have["score"].astype(float)
    diff = (want != have).any(axis=1)
    print(f"{int(diff.sum())} of {len(keys):,} keys differ")
    for key in want.index[diff][:50]:
        print(repr(key), "\n  was", want.loc[key].to_dict(), "\n  now", have.loc[key].to_dict())
    sys.exit(1 if diff.any() else 0)


if __name__ == "__main__":
    main()
