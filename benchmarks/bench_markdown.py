"""Benchmark: :func:`clusteratlas.export.markdown_table` on tables of 1k to 100k rows.

    python benchmarks/bench_markdown.py [--rows 1000 10000 100000] [--repeat 3]

Each table has five columns like a report's record list: a distinct name per row (with
Markdown and HTML punctuation), a sector of 14, a year of 35, a city of 200 and a share.
Printed: rows, the best wall time, microseconds per cell and the Markdown's size. Every cell
is escaped (:func:`clusteratlas.export.markdown_text`), each distinct value of a column once,
so the time grows with the number of distinct values, not of cells.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from clusteratlas.export import markdown_table


def table(rows: int, seed: int = 0) -> pd.DataFrame:
    """A record list of ``rows`` rows with hostile names."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "Name": [f"Cluster {i} <b>|*x*_{i % 7}" for i in range(rows)],
            "Sector": rng.choice([f"Sector_{c}" for c in "ABCDEFGHIJKLMN"], rows),
            "Year": rng.integers(1990, 2025, rows).astype(str),
            "City": rng.choice([f"City {i}" for i in range(200)], rows),
            "Share": [f"{v:.1f}%" for v in rng.random(rows) * 100],
        }
    )


def main() -> None:
    """Time markdown_table on each size and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for rows in args.rows:
        frame = table(rows)
        best, size = float("inf"), 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            size = len(markdown_table(frame, numeric=("Share",)))
            best = min(best, time.perf_counter() - start)
        print(f"{rows:>8} rows  {best:7.3f} s  {1e6 * best / frame.size:6.2f} µs/cell  {size / 1e6:6.1f} MB")


if __name__ == "__main__":
    main()
