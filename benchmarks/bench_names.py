"""Benchmark: names the gazetteer can't place, and a 100,000-character name.

    python benchmarks/bench_names.py [--dir /tmp/clusteratlas-names] [--commands geocode shares ...]

1. 5,000 rows of known cities against 5,000 rows carrying 700 distinct unknown town names
   (made-up words of 5 to 14 letters, so every one goes through the typo step), each through
   ``clusteratlas geocode -o .csv`` in a child process. Target: unknown within 3x known.
2. The 17 shipped clusters plus two records with 100,000-character names (one in Casablanca,
   one whose city is 100,000 characters long too),
   through every subcommand (geocode, shares, figure, map, report). Target: each under 5 s.

Prints wall time and peak memory (max RSS) of each child.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import CLI, run
from make_register import SYLLABLES, name_pool

ROOT = Path(__file__).resolve().parents[1]
HUGE = {
    "geocode": lambda src, out: [*CLI, "geocode", str(src), "-o", str(out / "g.csv")],
    "shares": lambda src, out: [*CLI, "shares", str(src), "--by", "region", "-o", str(out / "s.csv")],
    "figure": lambda src, out: [*CLI, "figure", str(src), "-o", str(out / "f.png")],
    "map": lambda src, out: [*CLI, "map", str(src), "-o", str(out / "m.html")],
    "report": lambda src, out: [*CLI, "report", str(src), "-o", str(out / "r.html")],
}


def tables(folder: Path) -> dict[str, Path]:
    """Write the three input files; return them by label."""
    rng = np.random.default_rng(8)
    pool, weight = name_pool()
    known = pool[rng.choice(len(pool), size=5000, p=weight / weight.sum())]
    words: list[str] = []
    while len(set(words)) < 700:
        words.append("".join(SYLLABLES[j] for j in rng.integers(0, len(SYLLABLES), size=rng.integers(2, 6))).title())
    unknown = np.asarray(list(dict.fromkeys(words))[:700], dtype=object)[rng.integers(0, 700, size=5000)]
    unknown[:700] = list(dict.fromkeys(words))[:700]  # every one appears
    paths = {"5,000 known cities": folder / "known.csv", "5,000 rows, 700 unknown names": folder / "unknown.csv"}
    for (_, path), city in zip(paths.items(), (known, unknown), strict=True):
        pd.DataFrame({"name": [f"firm {i}" for i in range(5000)], "city": city}).to_csv(path, index=False)
    clusters = pd.read_csv(ROOT / "data" / "clusters.csv", dtype=str, keep_default_na=False)
    huge = clusters.iloc[[0, 1]].copy()
    huge["name"] = ["N" * 100_000, "M" * 100_000]
    huge["city"] = ["Casablanca", "Casablanca" + "x" * 99_990]  # one placed, one not
    paths["huge"] = folder / "huge.csv"
    pd.concat([clusters, huge]).to_csv(paths["huge"], index=False)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/clusteratlas-names"))
    parser.add_argument("--commands", nargs="+", default=list(HUGE), choices=list(HUGE))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    paths = tables(args.dir)
    print("| input | command | time | peak RSS |")
    print("|---|---|---:|---:|")
    times = {}
    for label in ("5,000 known cities", "5,000 rows, 700 unknown names"):
        wall, rss, _ = run(HUGE["geocode"](paths[label], args.dir))
        times[label] = wall
        print(f"| {label} | `geocode -o .csv` | {wall:.2f} s | {rss:,.0f} MB |", flush=True)
    ratio = times["5,000 rows, 700 unknown names"] / times["5,000 known cities"]
    print(f"| unknown / known | | {ratio:.2f}x | |", flush=True)
    for name in args.commands:
        wall, rss, code = run(HUGE[name](paths["huge"], args.dir))
        status = "" if code == 0 else f" (exit {code})"
        label = "17 clusters + 100,000-character names"
        print(f"| {label} | `{name}` | {wall:.2f} s{status} | {rss:,.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
