"""Score clusteratlas and the rapidfuzz peer against a register's truth.

    python benchmarks/make_register.py 100000 /tmp/reg100k.csv --truth
    python benchmarks/score_geocoding.py /tmp/reg100k.csv [--truth /tmp/reg100k.truth.csv]
        [--cutoff 80 ...] [--save ROWS.csv] [--compare OLD_ROWS.csv] [--no-peer]

For each geocoder, counts the rows placed in the right region, in a wrong region (a
non-place placed anywhere counts as wrong) and not placed: over all rows, over the rows
with one typo, over the homonyms (spellings several regions' places share) and over the
non-places. ``--save`` writes clusteratlas's placement of each row (region, status, note);
``--compare`` lists how the rows changed since a saved placement (newly placed right or
wrong, unplaced, moved), with examples.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peer_rapidfuzz import peer_places

from clusteratlas import geocode, read_records


def ours(path: Path) -> pd.DataFrame:
    """clusteratlas's placement of each row: ``region_code``, ``geocode_status``, ``geocode_note``, ``city``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = geocode(read_records(path))
    cols = ["city", "region_code", "geocode_status", "geocode_match", "geocode_note"]
    return out[cols].astype(object).reset_index(drop=True)


def score(region: pd.Series, truth: pd.DataFrame) -> pd.DataFrame:
    """Right, wrong and unplaced counts, overall and per kind of row."""
    got = region.astype("string").fillna("").to_numpy(dtype=object)
    want = truth["region_code"].astype("string").fillna("").to_numpy(dtype=object)
    placed = got != ""
    outcome = pd.Series("unplaced", index=truth.index)
    outcome[placed & (got == want)] = "right"
    outcome[placed & (got != want)] = "wrong"
    groups = {
        "all rows": slice(None),
        "one-typo rows": truth["kind"] == "typo",
        "homonyms": truth["homonym"].astype(bool),
        "non-places": truth["kind"] == "nonplace",
    }
    rows = {}
    for label, mask in groups.items():
        counts = outcome[mask].value_counts()
        rows[label] = {k: int(counts.get(k, 0)) for k in ("right", "wrong", "unplaced")}
        rows[label]["rows"] = int(outcome[mask].size)
    return pd.DataFrame(rows).T


def compare(old: pd.DataFrame, new: pd.DataFrame, truth: pd.DataFrame) -> None:
    """Print how the rows' placements changed, by kind, with a few examples."""
    before = old["region_code"].astype("string").fillna("")
    after = new["region_code"].astype("string").fillna("")
    want = truth["region_code"].astype("string").fillna("")
    changed = (before != after) | (old["geocode_status"].astype(str) != new["geocode_status"].astype(str))
    kind = pd.Series("same region, other status", index=truth.index)
    kind[(before == "") & (after != "") & (after == want)] = "newly placed, right"
    kind[(before == "") & (after != "") & (after != want)] = "newly placed, wrong"
    kind[(before != "") & (after == "")] = "no longer placed"
    kind[(before != "") & (after != "") & (before != after)] = "moved"
    kind = kind[changed]
    print(f"\n{int(changed.sum())} rows changed:")
    print(kind.value_counts().to_string())
    for label in ("newly placed, wrong", "no longer placed", "moved", "same region, other status"):
        rows = kind.index[kind == label][:8]
        for r in rows:
            print(f"  {label}: {new.at[r, 'city']!r} -> {new.at[r, 'geocode_match']!r} ({after[r]}), truth "
                  f"{truth.at[r, 'spelled']!r} ({want[r]}); was {old.at[r, 'geocode_status']} {before[r]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("register", type=Path)
    parser.add_argument("--truth", type=Path)
    parser.add_argument("--cutoff", type=float, nargs="+", default=[80.0])
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    truth = pd.read_csv(args.truth or args.register.with_suffix(".truth.csv"), dtype=str, keep_default_na=False)
    truth["homonym"] = truth["homonym"] == "True"
    start = time.perf_counter()
    mine = ours(args.register)
    print(f"clusteratlas: {time.perf_counter() - start:.1f} s")
    tables = {"clusteratlas": score(mine["region_code"], truth)}
    for cutoff in [] if args.no_peer else args.cutoff:
        tables[f"peer (fuzz.ratio >= {cutoff:g})"] = score(peer_places(args.register, cutoff)["region_code"], truth)
    print(pd.concat(tables).to_string())
    if args.save:
        mine.to_csv(args.save, index=False)
    if args.compare:
        old = pd.read_csv(args.compare, dtype=str, keep_default_na=False).replace("", None)
        compare(old, mine, truth)


if __name__ == "__main__":
    main()
