"""Benchmark: ``clusteratlas report NEW --compare OLD`` on two register tables of 1k to 100k rows.

    python benchmarks/bench_compare.py [--rows 1000 10000 100000] [--repeat 3]

Two register tables (``make_register.py``, seeds 1 and 2: the same ``firm i`` names, other
places) are geocoded once; then, in the second, every tenth name is changed to one that
collides with the next row's key (``firm i`` -> ``FIRM-i+1 cluster``: key ``firmi+1``) and
every seventh to a new name, so the comparison has added, gone, moved and unchanged records
and duplicate keys. Printed: rows, the best wall time of :func:`clusteratlas.reporting.compare_records`,
of building the report's comparison and rendering it as Markdown, and the Markdown's size.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from clusteratlas import geocode
from clusteratlas.reporting import build_report, compare_records, render_markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_register import make_register


def pair(rows: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two geocoded register tables of ``rows`` rows: before (seed 1) and after (seed 2, names changed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = geocode(make_register(rows, seed=1))
        after = geocode(make_register(rows, seed=2))
    names = after["name"].astype(str)
    names.iloc[::10] = [f"FIRM-{i + 1} cluster" for i in range(0, len(names), 10)]  # the key of the next row
    names.iloc[3::7] = "new " + names.iloc[3::7]
    after["name"] = names
    return before, after


def best(repeat: int, run: Callable[[], object]) -> float:
    """Return the best wall time of ``repeat`` calls of ``run``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Time the comparison on each size and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for rows in args.rows:
        before, after = pair(rows)
        diff = compare_records(before, after)
        counts = {k: len(diff[k]) for k in ("added", "gone", "renamed", "moved", "same")}
        t_compare = best(args.repeat, lambda b=before, a=after: compare_records(b, a))
        md = render_markdown(build_report(after, compare=before, figure=False))
        t_report = best(
            args.repeat, lambda b=before, a=after: render_markdown(build_report(a, compare=b, figure=False))
        )
        print(
            f"{rows:>7} rows: compare_records {t_compare:.2f} s, report+markdown {t_report:.2f} s, "
            f"markdown {len(md.encode()):,} bytes; {counts}"
        )


if __name__ == "__main__":
    main()
