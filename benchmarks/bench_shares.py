"""Benchmark: geocode and aggregate 1,000,000 synthetic records.

    python benchmarks/bench_shares.py [--rows 1000000] [--keep FILE]

Writes a CSV of synthetic rows (gazetteer names with accents stripped, case changed,
hyphens, Arabic names and typos; a few percent empty or foreign), then runs the whole
``clusteratlas shares FILE --by zone --format json`` in a child process and prints rows
per second and the child's peak memory (max RSS). Deterministic (seeded).
Target on the 2-core reference machine: under 5 s and under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from clusteratlas.gazetteer import load_gazetteer


def variants(names: list[str], rng: np.random.Generator) -> list[str]:
    import unicodedata

    out = []
    for name in names:
        plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
        out += [name, plain, name.upper(), name.lower(), name.replace(" ", "-")]
        if len(plain) >= 6:  # one typo: drop a letter in the middle
            i = int(rng.integers(1, len(plain) - 1))
            out.append(plain[:i] + plain[i + 1 :])
    return out


def make_csv(path: Path, rows: int, seed: int = 20261122) -> None:
    rng = np.random.default_rng(seed)
    gaz = load_gazetteer()
    cities = gaz.places[(gaz.places["kind"] == "city") & (gaz.places["population"] >= 20000)]["name"].tolist()
    arabic = gaz.names.loc[gaz.names["key"].str.contains("[\u0600-\u06ff]", regex=True), "name"].head(200).tolist()
    communes = gaz.places[gaz.places["kind"] == "commune"]["name"].sample(300, random_state=seed).tolist()
    pool = variants(cities, rng) + arabic + communes + ["", "Paris", "Lyon", "Madrid", "Atlantis"]
    weights = np.ones(len(pool))
    weights[-5:] = [200, 20, 20, 20, 20]  # some empty and foreign rows
    picks = rng.choice(len(pool), size=rows, p=weights / weights.sum())
    frame = pd.DataFrame({
        "name": [f"cluster {i}" for i in range(rows)],
        "city": np.asarray(pool, dtype=object)[picks],
        "year": rng.integers(2010, 2024, size=rows),
        "sector_group": rng.choice(["Energy", "Digital", "Textile", "Agri-food"], size=rows),
    })
    frame.to_csv(path, index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep the synthetic CSV at this path")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="clusteratlas-bench-"))
    csv_path = args.keep or folder / "synthetic.csv"
    t0 = time.perf_counter()
    make_csv(csv_path, args.rows)
    print(f"synthetic CSV: {args.rows:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB "
          f"({time.perf_counter() - t0:.1f} s to make)")
    cmd = [sys.executable, "-m", "clusteratlas", "shares", str(csv_path), "--by", "zone", "--format", "json", "-q"]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    doc = json.loads(done.stdout)
    print(f"clusteratlas shares --by zone: {wall:.2f} s wall, {args.rows / wall:,.0f} rows/s, "
          f"peak memory {peak_mb:,.0f} MB")
    for g in doc["groups"]:
        print(f"  {g['group']:<32} {g['count']:>9,}  {100 * g['share']:5.1f}%")


if __name__ == "__main__":
    main()
